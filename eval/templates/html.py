"""The report as one self-contained HTML page (inline CSS, chart as a base64 PNG)."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from tamngu.eval.templates import (
    LANG_NAMES, METRIC_HELP, TER_OVER_100, article_label, consistency_rendered, entry_label, signature_lines, verdict,
)
from tamngu.glossary.langtags import language_tag

_SHOWN_ROWS = 20  # per table; the rest sit in a collapsed <details> below it

CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f7f8fa; --card:#fff;
        --good:#1f7a4d; --good-bg:#e3f4ea; --bad:#b42318; --bad-bg:#fde8e7; --ref-bg:#e8f0fb; --accent:#2f6690; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
       font:15px/1.5 -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 24px 60px; }
header h1 { margin:0 0 4px; font-size:26px; letter-spacing:-0.01em; }
header p { margin:0; color:var(--muted); }
h2 { font-size:19px; margin:36px 0 10px; padding-bottom:6px; border-bottom:2px solid var(--line); }
h3 { font-size:16px; margin:22px 0 8px; color:var(--accent); }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:16px 18px; margin:12px 0;
        box-shadow:0 1px 2px rgba(0,0,0,.03); }
.systems { display:flex; flex-wrap:wrap; gap:12px; margin-top:16px; }
.systems .card { flex:1 1 300px; margin:0; }
.systems b { font-size:15px; } .kv { color:var(--muted); font-size:13px; }
.banner { border-left:5px solid #d97706; background:#fff7e6; padding:10px 14px; border-radius:6px; margin:10px 0; }
.banner.partial { border-color:var(--bad); background:var(--bad-bg); font-weight:600; }
table { border-collapse:collapse; width:100%; background:var(--card); font-variant-numeric: tabular-nums; }
th, td { padding:7px 10px; border-bottom:1px solid var(--line); text-align:right; vertical-align:top; }
th { font-size:12.5px; letter-spacing:.02em; color:var(--muted); background:#fbfcfd; }
td:first-child, th:first-child { text-align:left; }
tr:last-child td { border-bottom:none; }
th.text, td.text { text-align:left; }
th.group { text-align:center; color:var(--ink); border-bottom:1px solid var(--line); }
th.first, td.first { border-left:1px solid var(--line); }
.big { font-size:18px; font-weight:650; }
.ci { color:var(--muted); font-size:12px; white-space:nowrap; }
.sig { font-size:11px; padding:1px 6px; border-radius:9px; margin-left:4px; white-space:nowrap; }
.sig.better { background:var(--good-bg); color:var(--good); } .sig.worse { background:var(--bad-bg); color:var(--bad); }
.sig.same { background:#eef0f3; color:var(--muted); } .sig small { opacity:.8; }
dl.help { display:grid; grid-template-columns: max-content 1fr; gap:4px 14px; margin:0; font-size:14px; }
dl.help dt { font-weight:650; } dl.help dd { margin:0; }
.title-cell small { display:block; color:var(--muted); font-size:11.5px; }
details summary { cursor:pointer; color:var(--accent); font-size:13px; margin:6px 0; }
.bar { display:inline-block; height:8px; border-radius:4px; background:var(--good); vertical-align:middle; margin-left:6px; }
.bar.low { background:var(--bad); }
.chart { width:100%; border:1px solid var(--line); border-radius:10px; background:#fff; }
.seg { display:grid; grid-template-columns: 110px 1fr; gap:4px 12px; }
.seg .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.05em; padding-top:2px; }
.seg .text { white-space:pre-wrap; overflow-wrap:anywhere; min-width:0; }
td { overflow-wrap:break-word; }
.title-cell { min-width:16em; }
.scroll { overflow-x:auto; }
.seg-head { display:flex; justify-content:space-between; align-items:baseline; margin-bottom:8px; }
.seg-head code { font-size:12px; color:var(--muted); }
.pill { font-size:12px; padding:2px 8px; border-radius:10px; background:#eef2f7; }
mark { border-radius:3px; padding:0 2px; }
mark.hit { background:var(--good-bg); color:var(--good); }
mark.miss { background:var(--bad-bg); color:var(--bad); text-decoration: underline wavy; text-underline-offset:3px; }
mark.found { background:var(--good-bg); color:var(--good); }
mark.pinned { background:var(--ref-bg); color:#1d4f91; }
.missed-list { font-size:13px; color:var(--bad); margin-top:6px; }
.muted { color:var(--muted); } .small { font-size:12px; }
code.sigline { font-size:11.5px; color:var(--muted); word-break:break-all; }
footer { margin-top:40px; color:var(--muted); font-size:12px; }
@media (max-width: 640px) {
  main { padding:18px 12px 40px; }
  th, td { padding:6px 6px; }
  .big { font-size:16px; }
  .chart { width:var(--chart-width, 760px); max-width:none; }
  .seg { grid-template-columns: 1fr; }
  dl.help { grid-template-columns: 1fr; } dl.help dd { margin-bottom:6px; }
}
.legend mark { margin-right:8px; }
"""


def render(report: dict[str, Any], chart_png: bytes) -> str:
    """The whole page."""
    body = "".join([
        _header(report),
        _warnings(report),
        _help(),
        *(_headline(lang, scores, report) for lang, scores in report["languages"].items()),
        _chart(chart_png, len(report["languages"])),
        *(_articles(lang, scores, report) for lang, scores in report["languages"].items()),
        *(_term_types(lang, scores) for lang, scores in report["languages"].items()),
        *(_misses(lang, scores, report) for lang, scores in report["languages"].items()),
        *(_worst(lang, scores) for lang, scores in report["languages"].items()),
        _signatures(report),
    ])
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>tamngu evaluation: {escape(', '.join(s['name'] for s in report['systems']))}</title>"
        f"<style>{CSS}</style></head><body><main>{body}</main></body></html>\n"
    )


def _header(report: dict[str, Any]) -> str:
    coverage = report["coverage"]
    langs = ", ".join(LANG_NAMES.get(lang, lang) for lang in report["languages"])
    cards = "".join(_system_card(system, index) for index, system in enumerate(report["systems"]))
    return (
        "<header><h1>tamngu evaluation</h1>"
        f"<p>{coverage['scored_segments']} reference segments from {len(coverage['scored_articles'])} articles, "
        f"scored in {escape(langs)} &middot; references <code>{escape(report['references'])}</code> &middot; "
        f"glossary {escape(str(report['glossary']['version']))} ({report['glossary']['entries']} entries) &middot; "
        f"{escape(report['created'])}</p></header><div class=\"systems\">{cards}</div>"
    )


def _system_card(system: dict[str, Any], index: int) -> str:
    decoding = system.get("decoding") or {}
    models = system.get("models") or {}
    role = "baseline" if index == 0 else f"system {index + 1}"
    details = [f"constraints: {decoding.get('constraints', '?')}"] if isinstance(decoding, dict) else []
    details += [f"model {key}: {_model_name(value)}" for key, value in (models.items() if isinstance(models, dict) else [])]
    return (
        f"<div class=\"card\"><b>{escape(system['name'])}</b> <span class=\"pill\">{role}</span>"
        f"<div class=\"kv\">{'<br>'.join(escape(str(d)) for d in details)}</div>"
        f"<div class=\"kv\"><code>{escape(system['run_dir'])}</code></div></div>"
    )


def _model_name(model: Any) -> str:
    if isinstance(model, dict) and "id" in model:
        revision = model.get("revision")
        return str(model["id"]) + (f" @ {revision}" if revision and revision != "unknown" else "")
    return str(model)


def _warnings(report: dict[str, Any]) -> str:
    rows = [f"<div class=\"banner{' partial' if w.startswith('PARTIAL') else ''}\">{escape(w)}</div>" for w in report["warnings"]]
    coverage = report["coverage"]
    if coverage["reference_articles_not_in_runs"]:
        rows.append(f"<div class=\"banner\">References of {len(coverage['reference_articles_not_in_runs'])} articles are not in the runs "
                    f"and were not scored: {escape(', '.join(coverage['reference_articles_not_in_runs']))}</div>")
    return "".join(rows)


def _help() -> str:
    rows = "".join(f"<dt>{escape(name)}</dt><dd>{escape(text)}</dd>" for name, text in METRIC_HELP)
    return (f"<h2>How to read these numbers</h2><div class=\"card\"><dl class=\"help\">{rows}</dl>"
            "<p class=\"small muted\">Every figure compares the machine output with our reference translations of the same "
            "articles. Ranges are 95% confidence intervals; a badge says whether a run is better or worse than the "
            "baseline run beyond chance (paired bootstrap, p &lt; 0.05), or shows no clear difference.</p></div>")


def _headline(lang: str, scores: dict[str, Any], report: dict[str, Any]) -> str:
    significance = scores.get("significance")
    head = ("<tr><th>system</th><th>BLEU &uarr;</th><th>chrF++ &uarr;</th><th>TER &darr;</th>"
            "<th>term success &uarr;</th><th>term consistency &uarr;</th></tr>")
    rows = "".join(_headline_row(name, system, scores, significance) for name, system in scores["systems"].items())
    notes = []
    if significance:
        notes.append(f"Badges compare each run with the baseline <b>{escape(significance['baseline'])}</b> "
                     f"({significance['samples']} paired bootstrap resamples).")
    if any(system["corpus"]["ter"]["score"] > 100 for system in scores["systems"].values()):
        notes.append(f"* {escape(TER_OVER_100)}")
    note = "".join(f"<p class=\"small muted\">{text}</p>" for text in notes)
    return (f"<h2>{LANG_NAMES.get(lang, lang)}: headline <span class=\"muted small\">{scores['segments']} segments</span></h2>"
            f"<div class=\"scroll\"><table>{head}{rows}</table></div>{note}")


def _headline_row(name: str, system: dict[str, Any], scores: dict[str, Any], significance: dict[str, Any] | None) -> str:
    cells = [f"<td><b>{escape(name)}</b></td>"]
    baseline = scores["systems"][significance["baseline"]] if significance else None
    for key in ("bleu", "chrf", "ter"):
        score = system["corpus"][key]
        badge = ""
        if significance and baseline is not None:
            p_value = significance["systems"][name][key]["p_value"]
            badge = _badge(verdict(key, score["score"], baseline["corpus"][key]["score"], p_value), p_value, significance["baseline"])
        star = "*" if key == "ter" and score["score"] > 100 else ""
        cells.append(f"<td><span class=\"big\">{score['score']:.1f}{star}</span>{_ci(score)}{badge}</td>")
    terms = system["terms"]
    consistency = _rate(terms["consistency"]) if consistency_rendered(terms) else _not_applicable("no glossary term was rendered")
    cells.append(f"<td>{_rate(terms)}</td><td>{consistency}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def _not_applicable(why: str) -> str:
    return f"<span class=\"muted\" title=\"{escape(why)}\">n/a</span><div class=\"ci\">{escape(why)}</div>"


def _ci(score: dict[str, Any]) -> str:
    if score.get("ci") is None:
        return ""
    low, high = score["mean"] - score["ci"], score["mean"] + score["ci"]
    return f"<div class=\"ci\">95% CI {_number(low)}&ndash;{_number(high)}</div>"


def _number(value: float) -> str:
    """One decimal, never "-0.0"."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _badge(kind: str | None, p_value: float | None, baseline: str) -> str:
    if kind is None:
        return "<div><span class=\"sig same\">baseline</span></div>"
    text = {"better": f"better than {baseline}", "worse": f"worse than {baseline}", "same": "no clear difference"}[kind]
    return f"<div><span class=\"sig {kind}\">{escape(text)} <small>p={p_value:.3f}</small></span></div>"


def _rate(tally: dict[str, Any]) -> str:
    if tally.get("success") is None:
        return "<span class=\"muted\">n/a</span>"
    rate = tally["success"]
    low = " low" if rate < 80 else ""
    return (f"<span class=\"big\">{rate:.1f}%</span><span class=\"bar{low}\" style=\"width:{max(rate * 0.6, 2):.0f}px\"></span>"
            f"<div class=\"ci\">{tally['hits']} / {tally['total']}</div>")


def _chart(png: bytes, panels: int) -> str:
    data = base64.b64encode(png).decode("ascii")
    return ("<h2>Per article</h2><p class=\"small muted\">Bars: corpus chrF++ of each article; diamonds: term success (%).</p>"
            f"<div class=\"scroll\"><img class=\"chart\" style=\"--chart-width:{380 * max(panels, 1)}px\" alt=\"per-article chrF++ and term success\" src=\"data:image/png;base64,{data}\"></div>")


def _articles(lang: str, scores: dict[str, Any], report: dict[str, Any]) -> str:
    systems = list(scores["systems"])
    head = ("<tr><th rowspan=\"2\" class=\"text\">article</th><th rowspan=\"2\">segments</th>"
            + "".join(f"<th colspan=\"4\" class=\"group\">{escape(s)}</th>" for s in systems) + "</tr><tr>"
            + "<th class=\"first\">BLEU &uarr;</th><th>chrF++ &uarr;</th><th>TER &darr;</th><th>terms &uarr;</th>" * len(systems) + "</tr>")
    rows = []
    for article in scores["articles"]:
        first = scores["systems"][systems[0]]["articles"][article]
        cells = [f"<td class=\"title-cell\">{_article_title(report, article, lang)}</td><td>{first['segments']}</td>"]
        for system in systems:
            row = scores["systems"][system]["articles"][article]
            cells.append(f"<td class=\"first\">{row['bleu']:.1f}</td><td>{row['chrf']:.1f}</td><td>{row['ter']:.1f}</td><td>{_short_rate(row['terms'])}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<h3>{LANG_NAMES.get(lang, lang)} by article</h3><div class=\"scroll\"><table>{head}{''.join(rows)}</table></div>"


def _article_title(report: dict[str, Any], article: str, lang: str) -> str:
    title = article_label(report, article, lang)
    shown_lang = lang if report.get("article_titles", {}).get(article, {}).get(lang) else "vi"
    return f"<span lang=\"{language_tag(shown_lang)}\">{escape(title)}</span><small>{escape(article)}</small>"


def _short_rate(tally: dict[str, Any]) -> str:
    if tally.get("success") is None:
        return "<span class=\"muted\">&ndash;</span>"
    return f"{tally['success']:.0f}% <span class=\"ci\">{tally['hits']}/{tally['total']}</span>"


def _term_types(lang: str, scores: dict[str, Any]) -> str:
    systems = list(scores["systems"])
    types = sorted({kind for s in systems for kind in scores["systems"][s]["terms"]["by_type"]})
    if not types:
        return ""
    head = "<tr><th>term type</th>" + "".join(f"<th>{escape(s)}</th>" for s in systems) + "</tr>"
    rows = "".join(
        f"<tr><td>{escape(kind)}</td>" + "".join(
            f"<td>{_short_rate(scores['systems'][s]['terms']['by_type'].get(kind, {}))}</td>" for s in systems) + "</tr>"
        for kind in types)
    return f"<h3>{LANG_NAMES.get(lang, lang)} term success by type</h3><table>{head}{rows}</table>"


def _misses(lang: str, scores: dict[str, Any], report: dict[str, Any]) -> str:
    tag = language_tag(lang)
    parts = []
    for system, result in scores["systems"].items():
        misses = result["term_misses"]
        if not misses:
            parts.append(f"<p><b>{escape(system)}</b>: every pinned term rendered.</p>")
            continue
        rows = [
            f"<tr><td class=\"text\" lang=\"vi\" title=\"{escape(m['entry_id'])}\">{escape(m['vi'])} "
            f"<span class=\"muted small\" lang=\"en\">{escape(m['type'])}</span></td>"
            f"<td class=\"text\" lang=\"{tag}\">{escape(' / '.join(m['expected']))}</td>"
            f"<td>{m['missed']} / {m['total']}</td>"
            f"<td class=\"text small\">{escape(_few(m['segments']))}</td></tr>" for m in misses]
        head = "<tr><th class=\"text\">glossary entry</th><th class=\"text\">expected</th><th>missed</th><th class=\"text\">segments</th></tr>"
        parts.append(f"<p><b>{escape(system)}</b></p>{_table_with_more(head, rows, 'entries with misses')}")
    return f"<h3>{LANG_NAMES.get(lang, lang)} term misses by glossary entry</h3>{''.join(parts)}{_inconsistent(lang, scores, report)}"


def _table_with_more(head: str, rows: list[str], what: str) -> str:
    """The first rows as a table, the rest in a collapsed table right below (nothing left out)."""
    shown = f"<div class=\"scroll\"><table>{head}{''.join(rows[:_SHOWN_ROWS])}</table></div>"
    if len(rows) <= _SHOWN_ROWS:
        return shown
    return (shown + f"<details><summary>{len(rows) - _SHOWN_ROWS} more {what}</summary>"
            f"<div class=\"scroll\"><table>{head}{''.join(rows[_SHOWN_ROWS:])}</table></div></details>")


def _inconsistent(lang: str, scores: dict[str, Any], report: dict[str, Any]) -> str:
    tag = language_tag(lang)
    parts = []
    for system, result in scores["systems"].items():
        terms = _rendered_differently(result["terms"]["consistency_by_term"])
        if not terms:
            continue
        rows = []
        for key, info in terms.items():
            vi, pinned = entry_label(report, key.split(": ", 1)[0], lang)
            forms = "; ".join(f"{escape(form)} &times;{count}" for form, count in info["renderings"].items())
            rows.append(f"<tr><td class=\"text\"><span lang=\"vi\">{escape(vi)}</span>"
                        f"<div class=\"small muted\" lang=\"{tag}\">{escape(pinned)}</div></td>"
                        f"<td class=\"text\" lang=\"{tag}\">{forms}</td><td>{info['consistent']} / {info['occurrences']}</td></tr>")
        head = "<tr><th class=\"text\">glossary entry (pinned form)</th><th class=\"text\">renderings</th><th>consistent</th></tr>"
        parts.append(f"<p><b>{escape(system)}</b></p>{_table_with_more(head, rows, 'entries rendered differently')}")
    if not parts:
        return ""
    return (f"<h3>{LANG_NAMES.get(lang, lang)} rendered differently</h3><p class=\"small muted\">Glossary entries given two or more "
            f"accepted renderings across the corpus (misses are listed above).</p>{''.join(parts)}")


def _rendered_differently(by_term: dict[str, Any]) -> dict[str, Any]:
    varied = {term: info for term, info in by_term.items() if len([f for f in info["renderings"] if f != "(missed)"]) > 1}
    ranked = sorted(varied.items(), key=lambda item: (item[1]["consistent"] - item[1]["occurrences"], item[0]))
    return dict(ranked)


def _few(ids: Sequence[str], count: int = 4) -> str:
    return ", ".join(ids[:count]) + (f" +{len(ids) - count}" if len(ids) > count else "")


def _worst(lang: str, scores: dict[str, Any]) -> str:
    legend = ("<p class=\"legend small\"><mark class=\"hit\">term rendered</mark><mark class=\"miss\">term missed</mark>"
              "<mark class=\"pinned\">pinned form in reference</mark></p>")
    parts = [f"<h2>{LANG_NAMES.get(lang, lang)}: worst segments</h2>{legend}"]
    for system, result in scores["systems"].items():
        parts.append(f"<h3>{escape(system)}</h3>")
        parts.extend(_segment_card(row, language_tag(lang)) for row in result["worst_segments"])
        if not result["worst_segments"]:
            parts.append("<p class=\"muted\">Every segment equals its reference and renders every pinned term.</p>")
    return "".join(parts)


def _segment_card(row: dict[str, Any], tag: str) -> str:
    source_marks = [(t["start"], t["end"], "hit" if t["hit"] else "miss", t["entry_id"]) for t in row["source_terms"]]
    hyp_marks = [(s["start"], s["end"], "found", s["entry_id"]) for s in row["hypothesis_spans"]]
    ref_marks = [(s["start"], s["end"], "pinned", s["entry_id"]) for s in row["reference_spans"]]
    missed = [t for t in row["source_terms"] if not t["hit"]]
    missed_html = ""
    if missed:
        missed_html = "<div class=\"missed-list\">missed: " + "; ".join(
            f"<span lang=\"vi\">{escape(row['source'][t['start']:t['end']])}</span> &rarr; "
            f"<span lang=\"{tag}\">{escape(' / '.join(t['expected']))}</span>" for t in missed) + "</div>"
    return (
        f"<div class=\"card\"><div class=\"seg-head\"><code>{escape(row['id'])}</code>"
        f"<span class=\"pill\">chrF++ {row['chrf']:.1f}</span></div><div class=\"seg\">"
        f"<div class=\"label\">source</div><div class=\"text\" lang=\"vi\">{highlight(row['source'], source_marks)}</div>"
        f"<div class=\"label\">machine</div><div class=\"text\" lang=\"{tag}\">{highlight(row['hypothesis'], hyp_marks)}</div>"
        f"<div class=\"label\">reference</div><div class=\"text\" lang=\"{tag}\">{highlight(row['reference'], ref_marks)}</div>"
        f"</div>{missed_html}</div>"
    )


def highlight(text: str, marks: Iterable[tuple[int, int, str, str]]) -> str:
    """``text`` HTML-escaped, with ``<mark class=...>`` around non-overlapping ``(start, end, class, title)`` spans."""
    pieces, cursor = [], 0
    for start, end, kind, title in sorted(marks):
        if start < cursor:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark class=\"{kind}\" title=\"{escape(title)}\">{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return "".join(pieces)


def _signatures(report: dict[str, Any]) -> str:
    lines = [f"{what}: {signature}" for what, signature in signature_lines(report)]
    body = "<br>".join(f"<code class=\"sigline\">{escape(line)}</code>" for line in lines)
    return (f"<h2>sacreBLEU signatures</h2><div class=\"card\">{body}</div>"
            f"<footer>Generated by tamngu eval with sacreBLEU {escape(report['sacrebleu_version'])}. "
            "Term success follows the WMT 2023 terminology task: pinned terms are found in the source with the glossary, "
            "and a term counts when an accepted target form appears in the hypothesis (English ignores case).</footer>")

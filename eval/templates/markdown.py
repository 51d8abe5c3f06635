"""The report as Markdown (tables, worst segments with missed terms in bold)."""

from __future__ import annotations

from typing import Any

from tamngu.eval.templates import (
    LANG_NAMES, METRIC_HELP, TER_OVER_100, article_label, consistency_rendered, entry_label, signature_lines, verdict,
)


def render(report: dict[str, Any]) -> str:
    """The whole Markdown document."""
    lines = _header(report) + _help()
    for lang, scores in report["languages"].items():
        lines += _language(lang, scores, report)
    lines += _signatures(report)
    return "\n".join(lines) + "\n"


def _header(report: dict[str, Any]) -> list[str]:
    coverage = report["coverage"]
    lines = [
        "# tamngu evaluation", "",
        f"{coverage['scored_segments']} reference segments from {len(coverage['scored_articles'])} articles; "
        f"references `{report['references']}`; glossary {report['glossary']['version']} "
        f"({report['glossary']['entries']} entries); {report['created']}.", "",
        "| system | run | constraints |", "|---|---|---|",
    ]
    for system in report["systems"]:
        decoding = system.get("decoding") or {}
        constraints = decoding.get("constraints", "?") if isinstance(decoding, dict) else "?"
        lines.append(f"| {_cell(system['name'])} | `{system['run_dir']}` | {constraints} |")
    lines.append("")
    lines += [f"> **{warning}**" if warning.startswith("PARTIAL") else f"> {warning}" for warning in report["warnings"]]
    if coverage["reference_articles_not_in_runs"]:
        lines.append(f"> References not scored (articles not in the runs): {', '.join(coverage['reference_articles_not_in_runs'])}")
    return lines + [""]


def _help() -> list[str]:
    lines = ["## How to read these numbers", ""]
    lines += [f"- **{name}**: {text}" for name, text in METRIC_HELP]
    return lines + ["", "Every figure compares the machine output with our reference translations of the same articles.", ""]


def _language(lang: str, scores: dict[str, Any], report: dict[str, Any]) -> list[str]:
    name = LANG_NAMES.get(lang, lang)
    lines = [f"## {name} ({scores['segments']} segments)", ""]
    lines += _headline(scores) + [""] + _articles(scores, report, lang) + [""] + _misses(scores, report, lang) + [""]
    for system, result in scores["systems"].items():
        lines += [f"### Worst segments: {_cell(system)}", ""]
        for row in result["worst_segments"]:
            lines += _segment(row)
        if not result["worst_segments"]:
            lines.append("Every segment equals its reference and renders every pinned term.")
        lines.append("")
    return lines


def _headline(scores: dict[str, Any]) -> list[str]:
    significance = scores.get("significance")
    lines = ["| system | BLEU ↑ | chrF++ ↑ | TER ↓ | term success ↑ | consistency ↑ |", "|---|---|---|---|---|---|"]
    baseline = scores["systems"][significance["baseline"]] if significance else None
    for name, system in scores["systems"].items():
        cells = [_score(key, system["corpus"][key], baseline, significance["systems"][name][key]["p_value"] if significance else None,
                        significance["baseline"] if significance else "") for key in ("bleu", "chrf", "ter")]
        terms = system["terms"]
        consistency = _rate(terms["consistency"]) if consistency_rendered(terms) else "n/a (no glossary term rendered)"
        lines.append(f"| {_cell(name)} | " + " | ".join(cells) + f" | {_rate(terms)} | {consistency} |")
    if significance:
        lines += ["", f"[low, high]: 95% bootstrap interval. Better/worse: paired bootstrap against `{significance['baseline']}` "
                  f"({significance['samples']} resamples), p < 0.05."]
    if any(system["corpus"]["ter"]["score"] > 100 for system in scores["systems"].values()):
        lines += ["", f"\\* {TER_OVER_100}"]
    return lines


def _score(key: str, score: dict[str, Any], baseline: dict[str, Any] | None, p_value: float | None, baseline_name: str) -> str:
    text = f"{score['score']:.1f}" + ("\\*" if key == "ter" and score["score"] > 100 else "")
    if score.get("ci") is not None:
        low, high = (f"{value:.1f}".replace("-0.0", "0.0") for value in (score["mean"] - score["ci"], score["mean"] + score["ci"]))
        text += f" [{low}, {high}]"
    if baseline is not None:
        kind = verdict(key, score["score"], baseline["corpus"][key]["score"], p_value)
        p_text = f" (p={p_value:.3f})" if p_value is not None else ""
        text += {None: " (baseline)", "same": " no clear difference", "better": f" **better than {baseline_name}**",
                 "worse": f" **worse than {baseline_name}**"}[kind] + p_text
    return text


def _rate(tally: dict[str, Any]) -> str:
    if tally.get("success") is None:
        return "n/a"
    return f"{tally['success']:.1f}% ({tally['hits']}/{tally['total']})"


def _articles(scores: dict[str, Any], report: dict[str, Any], lang: str) -> list[str]:
    lines = ["| article | system | segments | BLEU ↑ | chrF++ ↑ | TER ↓ | terms ↑ |", "|---|---|---|---|---|---|---|"]
    for article in scores["articles"]:
        for system, result in scores["systems"].items():
            row = result["articles"][article]
            lines.append(f"| {_cell(article_label(report, article, lang))} (`{article}`) | {_cell(system)} | {row['segments']} | {row['bleu']:.1f} | {row['chrf']:.1f} | "
                         f"{row['ter']:.1f} | {_rate(row['terms'])} |")
    return lines


def _misses(scores: dict[str, Any], report: dict[str, Any], lang: str) -> list[str]:
    lines = []
    for system, result in scores["systems"].items():
        lines += [f"**Term misses, {_cell(system)}**", ""]
        if not result["term_misses"]:
            lines += ["Every pinned term rendered.", ""] + _inconsistent(system, result, report, lang)
            continue
        lines += ["| glossary entry | type | expected | missed | segments |", "|---|---|---|---|---|"]
        for miss in result["term_misses"]:
            segments = ", ".join(miss["segments"][:4]) + (" ..." if len(miss["segments"]) > 4 else "")
            lines.append(f"| {_cell(miss['vi'])} | {miss['type']} | {_cell(' / '.join(miss['expected']))} | "
                         f"{miss['missed']}/{miss['total']} | {segments} |")
        lines.append("")
        lines += _inconsistent(system, result, report, lang)
    return lines


def _inconsistent(system: str, result: dict[str, Any], report: dict[str, Any], lang: str) -> list[str]:
    terms = {k: v for k, v in result["terms"]["consistency_by_term"].items()
             if len([form for form in v["renderings"] if form != "(missed)"]) > 1}
    if not terms:
        return []
    lines = [f"**Rendered differently, {_cell(system)}**", "", "| glossary entry (pinned form) | renderings | consistent |", "|---|---|---|"]
    for term, info in terms.items():
        vi, pinned = entry_label(report, term.split(": ", 1)[0], lang)
        forms = "; ".join(f"{form} ×{count}" for form, count in info["renderings"].items())
        lines.append(f"| {_cell(vi)} ({_cell(pinned)}) | {_cell(forms)} | {info['consistent']}/{info['occurrences']} |")
    return lines + [""]


def _segment(row: dict[str, Any]) -> list[str]:
    missed = [t for t in row["source_terms"] if not t["hit"]]
    lines = [
        f"- `{row['id']}` chrF++ {row['chrf']:.1f}",
        f"  - source: {_bold_spans(row['source'], [(t['start'], t['end']) for t in missed])}",
        f"  - hypothesis: {row['hypothesis']}",
        f"  - reference: {row['reference']}",
    ]
    if missed:
        lines.append("  - missed: " + "; ".join(f"{row['source'][t['start']:t['end']]} → {' / '.join(t['expected'])}" for t in missed))
    return lines


def _bold_spans(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        pieces += [text[cursor:start], f"**{text[start:end]}**"]
        cursor = end
    return "".join(pieces) + text[cursor:]


def _signatures(report: dict[str, Any]) -> list[str]:
    return ["## sacreBLEU signatures", ""] + [f"- {what}: `{signature}`" for what, signature in signature_lines(report)]


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")

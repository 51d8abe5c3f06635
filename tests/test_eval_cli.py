"""``tamngu eval`` end to end on run directories and references built in tmp_path."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tamngu.corpus.parse import article_date, load_article
from tamngu.eval.reference_files import read_references, write_reference_run
from cli_helpers import invoke

GLOSSARY_TOML = """
[[entry]]
id = "wang-ning"
type = "person"
vi = "Vương Ninh"
en = "Wang Ning"
zh = "王宁"
provenance = "derived"
source = "test"

[[entry]]
id = "lao-cai"
type = "place"
vi = "Lào Cai"
en = "Lao Cai"
zh = "老街"
provenance = "derived"
source = "test"

[[entry]]
id = "van-nam"
type = "place"
vi = "Vân Nam"
en = "Yunnan"
en_alt = ["Yunnan Province"]
zh = "云南"
provenance = "derived"
source = "test"
"""

REFERENCES = {
    "000_aaaa": [
        ("000_aaaa:title:0.0", "Lào Cai đón Vương Ninh", "Lao Cai welcomes Wang Ning", "老街迎接王宁", ["lao-cai", "wang-ning"]),
        ("000_aaaa:body:0.0", "Hai tỉnh Lào Cai và Vân Nam hợp tác.", "The two provinces of Lao Cai and Yunnan cooperate.",
         "老街和云南两省开展合作。", ["lao-cai", "van-nam"]),
        ("000_aaaa:body:0.1", "Hội nghị diễn ra tốt đẹp.", "The conference went well.", "会议圆满举行。", []),
        ("000_aaaa:body:1.0", "Vương Ninh cảm ơn tỉnh Lào Cai.", "Wang Ning thanked Lao Cai province.", "王宁感谢老街省。",
         ["wang-ning", "lao-cai"]),
    ],
    "001_bbbb": [
        ("001_bbbb:title:0.0", "Vân Nam mở rộng thương mại", "Yunnan expands trade", "云南扩大贸易", ["van-nam"]),
        ("001_bbbb:lead:0.0", "Thương mại qua biên giới tăng mạnh.", "Cross-border trade grew strongly.", "跨境贸易大幅增长。", []),
    ],
}

# A weaker system: misses "Wang Ning" twice and "Yunnan" once.
WEAK = {
    "000_aaaa:title:0.0": ("Lao Cai greets Mr Wang", "老街欢迎王先生"),
    "000_aaaa:body:0.0": ("Two provinces Lao Cai and Yunnan work together.", "老街和云南合作。"),
    "000_aaaa:body:0.1": ("Conference was good.", "会议很好。"),
    "000_aaaa:body:1.0": ("He thanked Lao Cai.", "他感谢老街。"),
    "001_bbbb:title:0.0": ("Van Nam expands trade", "云南扩大贸易"),
    "001_bbbb:lead:0.0": ("Trade across the border grew a lot.", "跨境贸易增长很多。"),
}


@pytest.fixture
def workspace(tmp_path: Path) -> dict[str, Path]:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "terms.toml").write_text(GLOSSARY_TOML, encoding="utf-8")
    refs = tmp_path / "refs"
    refs.mkdir()
    for article, rows in REFERENCES.items():
        lines = [json.dumps({"id": i, "source": s, "en": en, "zh": zh, "terms": t}, ensure_ascii=False) for i, s, en, zh, t in rows]
        (refs / f"{article}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    perfect = write_reference_run(read_references(refs), tmp_path / "perfect")
    weak = _copy_run(perfect, tmp_path / "weak", lambda segment: _weaken(segment))
    return {"glossary": glossary, "refs": refs, "perfect": perfect, "weak": weak, "out": tmp_path / "report", "root": tmp_path}


def _copy_run(source: Path, target: Path, edit: Callable[[dict[str, Any]], None] | None = None) -> Path:
    (target / "articles").mkdir(parents=True)
    (target / "manifest.json").write_text((source / "manifest.json").read_text(encoding="utf-8"), encoding="utf-8")
    for file in (source / "articles").glob("*.json"):
        document = json.loads(file.read_text(encoding="utf-8"))
        for segment in document["segments"]:
            if edit:
                edit(segment)
        (target / "articles" / file.name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return target


def _weaken(segment: dict[str, Any]) -> None:
    en, zh = WEAK[segment["id"]]
    segment["targets"]["en"]["text"], segment["targets"]["zh"]["text"] = en, zh


def _edit_article(run: Path, article: str, edit: Callable[[dict[str, Any]], None]) -> None:
    path = run / "articles" / f"{article}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def _tamngu(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return invoke(capsys, monkeypatch, *args)


def _eval_args(ws: dict[str, Path], *runs: Path, extra: tuple[str, ...] = ()) -> list[str]:
    return ["eval", *map(str, runs), "--refs", str(ws["refs"]), "--glossary", str(ws["glossary"]),
            "--out", str(ws["out"]), "--bootstrap", "50", *extra]


def _system(report: dict[str, Any], lang: str, name: str) -> dict[str, Any]:
    """One system's results in one language of a report.json."""
    language = next(language for language in report["languages"] if language["lang"] == lang)
    return next(system for system in language["systems"] if system["name"] == name)


def _score(system: dict[str, Any], key: str) -> float:
    return system["figures"][key]["score"]


def test_reference_run_scores_perfectly(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["perfect"], extra=("--json",)))
    assert code == 0, err
    report = json.loads(out)
    assert (report["tamngu_eval"], "version" in report, report["alpha"]) == (2, False, 0.05)
    assert report["coverage"]["scored_segments"] == 6
    for lang in ("en", "zh"):
        system = _system(report, lang, "perfect")
        assert (round(_score(system, "bleu"), 6), _score(system, "chrf"), _score(system, "ter")) == (100.0, 100.0, 0.0)
        terms = system["figures"]["terms"]
        assert (terms["score"], terms["hits"], terms["total"]) == (100.0, 7, 7)
        assert system["consistency"] == {"hits": 7, "total": 7, "success": 100.0}  # Lao Cai thrice, Wang Ning and Yunnan twice
        assert (system["misses"], system["degenerate"], system["length_ratio"]) == ([], None, 1.0)
    assert report["warnings"] == []
    assert report["verdict"]["headline"] == ["One run, perfect: English term success 100.0%, chrF++ 100.0; "
                                             "Chinese term success 100.0%, chrF++ 100.0. Score a second run beside it for a verdict."]


def test_report_files_are_written_and_self_contained(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["perfect"], workspace["weak"]))
    assert code == 0
    assert "English: 6 segments" in out and "Chinese: 6 segments" in out
    page = (workspace["out"] / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from outside
    assert "<style>" in page
    assert "# tamngu evaluation" in (workspace["out"] / "report.md").read_text(encoding="utf-8")
    report = json.loads((workspace["out"] / "report.json").read_text(encoding="utf-8"))
    assert not list(workspace["out"].glob(".*"))  # no temporary files left behind
    assert [run["baseline"] for run in report["runs"]] == [True, False]


def test_two_systems_side_by_side(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["perfect"], workspace["weak"], extra=("--json",)))
    assert code == 0
    report = json.loads(out)
    weak = _system(report, "en", "weak")
    assert (weak["figures"]["terms"]["hits"], weak["figures"]["terms"]["total"]) == (4, 7)
    assert {kind: (t["hits"], t["total"]) for kind, t in weak["by_type"].items()} == {"person": (0, 2), "place": (4, 5)}
    assert [(m["entry_id"], m["missed"]) for m in weak["misses"]] == [("wang-ning", 2), ("van-nam", 1)]
    assert all(weak["figures"][key]["comparison"]["p_value"] is not None for key in ("bleu", "chrf", "ter", "terms"))
    assert _system(report, "en", "perfect")["figures"]["chrf"]["comparison"] is None  # the baseline
    assert weak["worst"][0]["chrf"] <= weak["worst"][-1]["chrf"]
    assert [row["article"] for row in report["languages"][0]["articles"]] == ["000_aaaa", "001_bbbb"]


def _editor_runs(ws: dict[str, Path]) -> tuple[Path, Path]:
    """'blank' renders no glossary term at all; 'mixed' renders Yunnan two accepted ways."""
    def blank(segment: dict[str, Any]) -> None:
        segment["targets"]["en"]["text"], segment["targets"]["zh"]["text"] = "Nothing here.", "这里没有。"

    def mixed(segment: dict[str, Any]) -> None:
        if segment["id"] == "001_bbbb:title:0.0":
            segment["targets"]["en"]["text"] = "Yunnan Province expands trade"
    return _copy_run(ws["perfect"], ws["root"] / "blank", blank), _copy_run(ws["perfect"], ws["root"] / "mixed", mixed)


def test_report_reads_for_an_editor(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import os
    import stat

    blank, mixed = _editor_runs(workspace)
    old = os.umask(0o022)
    try:
        code, out, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["perfect"], blank, mixed))
    finally:
        os.umask(old)
    assert code == 0, err
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in workspace["out"].iterdir()} == dict.fromkeys(
        ("report.json", "report.md", "report.html"), 0o644)
    report = json.loads((workspace["out"] / "report.json").read_text(encoding="utf-8"))
    english = report["languages"][0]
    assert english["articles"][0]["title"] == "Lao Cai welcomes Wang Ning"
    page = (workspace["out"] / "report.html").read_text(encoding="utf-8")
    markdown = (workspace["out"] / "report.md").read_text(encoding="utf-8")
    for name in ("BLEU", "chrF++", "TER", "term success", "term consistency"):
        assert f"<dt>{name}</dt>" in page and f"- **{name}**:" in markdown
    assert "higher is better" in page and "lower is better" in page and "Over 100 means" in page
    assert '<span lang="en">Lao Cai welcomes Wang Ning</span><small>000_aaaa</small>' in page
    assert '<span lang="zh-CN">老街迎接王宁</span><small>000_aaaa</small>' in page
    assert "| Lao Cai welcomes Wang Ning (`000_aaaa`) |" in markdown
    assert '<div class="text" lang="vi">' in page and '<div class="text" lang="zh-CN">' in page
    assert '<div class="text" lang="vi"><mark class="miss" title="lao-cai">Lào Cai</mark> đón ' in page  # marks, not escaped
    assert re.search(r'<span class="sig worse">worse than perfect <small>p=0\.\d{3}</small>', page)  # blank is worse, and says so
    assert '<span class="sig baseline">baseline</span>' in page and "**worse than perfect** (p=" in markdown
    # the one verdict, the same words on the console, in Markdown and in HTML
    (blank_verdict, mixed_verdict) = report["verdict"]["headline"]
    assert blank_verdict.startswith("blank against perfect: on term success worse in English and Chinese; on quality worse in ")
    assert mixed_verdict.startswith("mixed against perfect: on term success no clear difference in English and Chinese; ")
    for sentence in (blank_verdict, mixed_verdict):
        assert f'<p class="headline">{sentence}</p>' in page and f"**{sentence}**" in markdown
        assert sentence.split(":")[0] in out
    # consistency: "Yunnan" and "Yunnan Province" are one name, so the mixed run is fully consistent
    assert _system(report, "en", "mixed")["consistency"] == {"hits": 7, "total": 7, "success": 100.0}
    assert _system(report, "en", "blank")["consistency"] == {"hits": 0, "total": 0, "success": None}
    assert 'n/a</span><div class="ci">no name rendered twice</div>' in page and "| n/a |" in markdown
    assert "Rendered as different names" not in page
    # the editor's layout: contents, sections named for a newsroom, every score labelled for a narrow screen
    assert '<nav class="toc card" aria-label="Contents">' in page and '<a href="#scores-en">English: scores</a>' in page
    assert "headline</h2>" not in page and "<h2>English: scores" in page and "## English: scores" in markdown
    assert '<td data-label="TER">' in page and '<td data-label="term consistency">' in page
    assert '<p class="scroll-hint">' in page
    assert "van-nam" not in markdown and "report.json" not in page


@pytest.mark.parametrize(
    ("key", "score", "baseline", "p_value", "expected"),
    [("bleu", 30.0, 20.0, 0.01, "better"), ("bleu", 10.0, 20.0, 0.01, "worse"), ("ter", 40.0, 60.0, 0.01, "better"),
     ("ter", 120.0, 60.0, 0.001, "worse"), ("chrf", 50.0, 49.0, 0.3, "same"), ("chrf", 50.0, 50.0, 0.001, "same"),
     ("terms", 90.0, 60.0, 0.049, "better"), ("terms", 90.0, 60.0, 0.05, "same"), ("chrf", 50.0, 50.0, None, None)],
)
def test_compare_knows_which_direction_is_better(key: str, score: float, baseline: float, p_value: float | None,
                                                 expected: str | None) -> None:
    from tamngu.eval.verdict import compare

    comparison = compare(key, score, baseline, p_value)
    assert (comparison.direction if comparison else None) == expected


def _drop_manifest(ws: dict[str, Path]) -> list[Path]:
    (ws["weak"] / "manifest.json").unlink()
    return [ws["weak"]]


def _bad_manifest(ws: dict[str, Path]) -> list[Path]:
    (ws["weak"] / "manifest.json").write_text('{"run": 2}', encoding="utf-8")
    return [ws["weak"]]


def _foreign_ids(ws: dict[str, Path]) -> list[Path]:
    def rename(document: dict[str, Any]) -> None:
        for segment in document["segments"]:
            segment["id"] = segment["id"].replace(":title:", ":heading:").replace(":body:", ":text:").replace(":lead:", ":intro:")
    _edit_article(ws["weak"], "000_aaaa", rename)
    _edit_article(ws["weak"], "001_bbbb", rename)
    return [ws["weak"]]


def _missing_segments(ws: dict[str, Path]) -> list[Path]:
    _edit_article(ws["weak"], "000_aaaa", lambda d: d.update(segments=d["segments"][:2]))
    return [ws["weak"]]


def _empty_hypothesis(ws: dict[str, Path]) -> list[Path]:
    _edit_article(ws["weak"], "001_bbbb", lambda d: d["segments"][1]["targets"]["zh"].update(text="  "))
    return [ws["weak"]]


def _changed_source(ws: dict[str, Path]) -> list[Path]:
    _edit_article(ws["weak"], "001_bbbb", lambda d: d["segments"][0].update(source="Một câu khác hẳn."))
    return [ws["weak"]]


def _no_zh_references(ws: dict[str, Path]) -> list[Path]:
    for file in ws["refs"].glob("*.jsonl"):
        rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()]
        file.write_text("\n".join(json.dumps({k: v for k, v in row.items() if k != "zh"}) for row in rows), encoding="utf-8")
    return [ws["weak"]]


def _different_coverage(ws: dict[str, Path]) -> list[Path]:
    _edit_article(ws["weak"], "000_aaaa", lambda d: d.update(segments=d["segments"][:2]))
    return [ws["perfect"], ws["weak"]]


def _incomplete_run(ws: dict[str, Path]) -> list[Path]:
    manifest = json.loads((ws["weak"] / "manifest.json").read_text(encoding="utf-8"))
    (ws["weak"] / "manifest.json").write_text(json.dumps({**manifest, "complete": False}), encoding="utf-8")
    return [ws["weak"]]


def _empty_refs(ws: dict[str, Path]) -> list[Path]:
    for file in ws["refs"].glob("*.jsonl"):
        file.unlink()
    return [ws["weak"]]


def _set_reference(ws: dict[str, Path], field: str, value: str) -> list[Path]:
    """Put ``value`` into ``field`` of the second line of 000_aaaa.jsonl."""
    file = ws["refs"] / "000_aaaa.jsonl"
    rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()]
    rows[1][field] = value
    file.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    return [ws["weak"]]


def _swapped_reference(ws: dict[str, Path]) -> list[Path]:
    file = ws["refs"] / "000_aaaa.jsonl"
    rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines()]
    rows[1]["en"], rows[1]["zh"] = rows[1]["zh"], rows[1]["en"]
    file.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    return [ws["weak"]]


def _out_is_a_file(ws: dict[str, Path]) -> list[Path]:
    ws["out"].write_text("an earlier report\n", encoding="utf-8")
    return [ws["weak"]]


def _out_under_a_file(ws: dict[str, Path]) -> list[Path]:
    ws["out"].write_text("a file\n", encoding="utf-8")
    ws["out"] = ws["out"] / "sub"
    return [ws["weak"]]


@pytest.mark.parametrize(
    ("break_input", "message"),
    [
        (_drop_manifest, "not a tamngu run (no manifest.json)"),
        (_bad_manifest, 'expected "tamngu_run": 1'),
        (_foreign_ids, "none of its 6 segment ids"),
        (_missing_segments, "2 reference segments are missing from"),
        (_empty_hypothesis, "1 of 6 'zh' hypotheses are empty or missing: 001_bbbb:lead:0.0; score them as empty with --allow-partial"),
        (_changed_source, "1 segments have a source different from the reference (001_bbbb:title:0.0)"),
        (_no_zh_references, "no 'zh' reference in 6 segments"),
        (_different_coverage, "2 reference segments are missing from"),
        (_empty_refs, "no reference files"),
        (_incomplete_run, "the run is not complete"),
        (_swapped_reference, "000_aaaa.jsonl:2: the 'en' reference is in Chinese script ('老街和云南两省开展合作。'); "
                             "put the English translation in 'en' and the Chinese one in 'zh'"),
        (lambda ws: _set_reference(ws, "zh", "Lào Cai và Vân Nam hợp tác."),
         "000_aaaa.jsonl:2: the 'zh' reference is in Latin script ('Lào Cai và Vân Nam hợp tác.'); put the Chinese translation in 'zh'"),
        (lambda ws: _set_reference(ws, "en", "The two provinces \ufffd cooperate."),
         "000_aaaa.jsonl:2: 'en' has U+FFFD (the replacement character) at character 19; remove it"),
        (lambda ws: _set_reference(ws, "source", "Hai tỉnh\x07 Lào Cai và Vân Nam hợp tác."),
         "000_aaaa.jsonl:2: 'source' has the control character U+0007 at character 9; remove it"),
        (_out_is_a_file, "report is a file; --out takes a folder for report.html, report.md and report.json (e.g. --out report/)"),
        (_out_under_a_file, "sub is inside "),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(workspace, monkeypatch, capsys, break_input, message) -> None:  # type: ignore[no-untyped-def]
    runs = break_input(workspace)
    code, _, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, *runs))
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err  # one line
    assert not (workspace["out"] / "report.json").exists()


def test_missing_segments_name_the_file(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _missing_segments(workspace)
    _, _, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["weak"]))
    assert str(workspace["weak"] / "articles" / "000_aaaa.json") in err
    assert "000_aaaa:body:0.1, 000_aaaa:body:1.0" in err


def test_allow_partial_scores_the_aligned_segments_loudly(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _missing_segments(workspace)
    code, out, _ = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["weak"], extra=("--allow-partial",)))
    assert code == 0
    assert "PARTIAL" in out
    report = json.loads((workspace["out"] / "report.json").read_text(encoding="utf-8"))
    assert report["coverage"]["scored_segments"] == 4
    assert report["warnings"][0].startswith("PARTIAL: ")
    assert "PARTIAL" in (workspace["out"] / "report.html").read_text(encoding="utf-8")


def test_allow_partial_scores_empty_hypotheses_as_empty(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _empty_hypothesis(workspace)
    code, out, _ = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["weak"], extra=("--allow-partial",)))
    assert code == 0
    report = json.loads((workspace["out"] / "report.json").read_text(encoding="utf-8"))
    assert report["coverage"]["scored_segments"] == 6
    assert report["warnings"] == ["PARTIAL: weak: 1 empty 'zh' hypotheses scored as empty: 001_bbbb:lead:0.0"]


def test_run_segments_without_reference_are_counted_not_scored(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    extra = {"id": "001_bbbb:body:0.0", "part": "body", "paragraph": 0, "sentence": 0, "source": "Câu thêm.",
             "targets": {"en": {"text": "Extra.", "path": "hard", "terms": []}, "zh": {"text": "额外。", "path": "hard", "terms": []}}}
    _edit_article(workspace["weak"], "001_bbbb", lambda d: d["segments"].append(extra))
    code, out, _ = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["weak"], extra=("--json",)))
    assert code == 0
    coverage = json.loads(out)["coverage"]
    assert (coverage["scored_segments"], coverage["run_segments_without_reference"]) == (6, {"weak": 1})


def seed_dates(seeds_dir: Path) -> dict:
    """Article dates of the raw seed articles, read with the corpus parser."""
    return {path.stem: article_date(load_article(path)) for path in sorted(Path(seeds_dir).glob("*.txt"))}


SHIPPED_REFS = Path(__file__).resolve().parents[1] / "eval" / "references"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.skipif(not list(SHIPPED_REFS.glob("*.jsonl")), reason="no shipped references in eval/references")
def test_shipped_references_as_hypotheses_score_100_on_everything(tmp_path: Path) -> None:
    from tamngu.eval.report import evaluate

    run = write_reference_run(read_references(SHIPPED_REFS), tmp_path / "references", dates=seed_dates(SEEDS))
    report = evaluate([run], SHIPPED_REFS, n_bootstrap=1, worst=0)
    for language in report.languages:
        (system,) = language.systems
        assert round(system.figures["bleu"].score or 0, 6) == 100.0
        assert system.figures["terms"].score == 100.0, system.misses
        assert system.consistency.success == 100.0, system.rendered_differently  # correct text is never inconsistent
    assert [language.lang for language in report.languages] == ["en", "zh"]


def test_articles_not_in_the_manifest_are_ignored(workspace) -> None:  # type: ignore[no-untyped-def]
    from tamngu.eval.runs import read_run

    run = workspace["perfect"]
    kept = sorted(read_run(run).article_files)
    stale = json.loads((run / "articles" / f"{kept[0]}.json").read_text(encoding="utf-8"))
    stale["article"] = "999_stale"
    (run / "articles" / "999_stale.json").write_text(json.dumps(stale, ensure_ascii=False), encoding="utf-8")
    assert sorted(read_run(run).article_files) == kept


def _loop(segment: dict[str, Any]) -> None:
    """Degenerate English: the reference said twelve times over."""
    segment["targets"]["en"]["text"] = " ".join([segment["targets"]["en"]["text"]] * 12)


def _noisy(segment: dict[str, Any]) -> None:
    """Control characters and U+FFFD in the output, as a broken decoder or a mis-decoded file leaves them."""
    if segment["id"] == "000_aaaa:title:0.0":
        segment["targets"]["en"]["text"] = "Lao Cai\x00 welcomes \x1b[31mWang Ning\ufffd"
        segment["targets"]["zh"]["text"] = "老街迎接\ufffd王宁\x07"


def test_degenerate_output_is_flagged_folded_and_not_given_a_ter_badge(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    loop = _copy_run(workspace["perfect"], workspace["root"] / "loop", _loop)
    code, out, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["perfect"], loop))
    assert code == 0, err
    report = json.loads((workspace["out"] / "report.json").read_text(encoding="utf-8"))
    loop_en, loop_zh = _system(report, "en", "loop"), _system(report, "zh", "loop")
    assert (loop_en["length_ratio"], loop_en["degenerate"]) == (12.0, "output 12.0x the reference length")
    assert loop_en["figures"]["ter"]["comparison"] is None
    assert loop_en["figures"]["ter"]["withheld"] == "loop's output 12.0x the reference length"
    assert loop_en["figures"]["bleu"]["comparison"] is not None  # only TER is withheld
    assert (loop_zh["degenerate"], loop_zh["figures"]["ter"]["withheld"]) == (None, None)
    page = (workspace["out"] / "report.html").read_text(encoding="utf-8")
    markdown = (workspace["out"] / "report.md").read_text(encoding="utf-8")
    assert '<div class="flag">degenerate: output 12.0x the reference length</div>' in page
    assert "not compared: loop&#39;s output 12.0x the reference length</div>" in page
    assert "| loop (degenerate: output 12.0x the reference length) |" in markdown
    assert "(not compared: loop's output 12.0x the reference length)" in markdown
    assert "‡ loop: degenerate, output 12.0x the reference length; TER not compared" in " ".join(out.split())  # wrapped at 80
    folded = {row["id"]: row for row in loop_en["worst"] if row["hypothesis_rest"]}
    assert sorted(folded) == ["000_aaaa:body:0.0", "000_aaaa:body:0.1", "000_aaaa:body:1.0", "000_aaaa:title:0.0",
                              "001_bbbb:lead:0.0"]  # not 001_bbbb:title:0.0: 12 x 20 characters stay under 300
    body = folded["000_aaaa:body:0.0"]
    assert (sum(len(piece["text"]) for piece in body["hypothesis"]), body["hypothesis_chars"]) == (300, 611)
    assert "<details><summary>degenerate output: show all 611 characters</summary>" in page
    assert "… (311 more characters of degenerate output)" in markdown
    assert "  - reference: The two provinces of Lao Cai and Yunnan cooperate.\n" in markdown  # nothing bold: no term missed


def test_control_characters_never_reach_the_report(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    noisy = _copy_run(workspace["perfect"], workspace["root"] / "noisy", _noisy)
    odd_folder = _copy_run(workspace["perfect"], workspace["root"] / "odd\x1b[1m\x07folder", None)
    code, out, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, noisy, odd_folder, extra=("--worst", "8")))
    assert code == 0, err
    texts = {path.name: path.read_text(encoding="utf-8") for path in workspace["out"].iterdir()}
    texts["console"] = out
    for name, text in texts.items():
        found = sorted({f"U+{ord(c):04X}" for c in text if c == "\ufffd" or (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0})
        assert found == [], name
    report = json.loads(texts["report.json"])
    assert [run["name"] for run in report["runs"]] == ["noisy", "odd[1mfolder"]
    assert report["warnings"] == ["NOTE: noisy: 5 control characters or U+FFFD removed from 1 segments before scoring "
                                  "(000_aaaa:title:0.0); the report shows and scores the cleaned text"]
    title = next(row for row in _system(report, "en", "noisy")["worst"] if row["id"] == "000_aaaa:title:0.0")
    assert "".join(piece["text"] for piece in title["hypothesis"]) == "Lao Cai welcomes [31mWang Ning"


def test_run_names_are_escaped_in_the_page(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    odd = _copy_run(workspace["perfect"], workspace["root"] / "<b>a&b", _weaken)
    code, _, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["perfect"], odd))
    assert code == 0, err
    page = (workspace["out"] / "report.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;a&amp;b" in page and "<b>a&b" not in page


def test_without_bootstrap_the_verdict_says_nothing_was_tested(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    args = _eval_args(workspace, workspace["perfect"], workspace["weak"], extra=("--json",))
    code, out, err = _tamngu(monkeypatch, capsys, *[arg if arg != "50" else "1" for arg in args])
    assert code == 0, err
    report = json.loads(out)
    assert report["verdict"]["headline"] == ["weak against perfect: not tested for significance (--bootstrap 1); see the figures below."]
    assert report["significance_test"] is None
    weak = _system(report, "en", "weak")
    assert [weak["figures"][key]["comparison"] for key in ("bleu", "chrf", "ter", "terms")] == [None] * 4
    assert report["verdict"]["lines"][0]["text"].startswith("term success 57.1% vs 100.0% (not tested); quality not tested")

"""``tamngu eval`` end to end on run directories and references built in tmp_path."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tamngu.corpus.parse import article_date, load_article
from tamngu.eval.runs import read_references, write_reference_run
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


def test_reference_run_scores_perfectly(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["perfect"], extra=("--json",)))
    assert code == 0, err
    report = json.loads(out)
    assert report["coverage"]["scored_segments"] == 6
    for lang in ("en", "zh"):
        system = report["languages"][lang]["systems"]["perfect"]
        corpus = system["corpus"]
        assert (round(corpus["bleu"]["score"], 6), corpus["chrf"]["score"], corpus["ter"]["score"]) == (100.0, 100.0, 0.0)
        assert (system["terms"]["success"], system["terms"]["hits"], system["terms"]["total"]) == (100.0, 7, 7)
        assert system["terms"]["consistency"]["success"] == 100.0
        assert system["term_misses"] == []
    assert report["warnings"] == []


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
    assert report["languages"]["en"]["significance"]["baseline"] == "perfect"


def test_two_systems_side_by_side(workspace, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["perfect"], workspace["weak"], extra=("--json",)))
    assert code == 0
    english = json.loads(out)["languages"]["en"]
    weak = english["systems"]["weak"]
    assert (weak["terms"]["hits"], weak["terms"]["total"]) == (4, 7)
    assert {kind: (t["hits"], t["total"]) for kind, t in weak["terms"]["by_type"].items()} == {"person": (0, 2), "place": (4, 5)}
    assert [(m["entry_id"], m["missed"]) for m in weak["term_misses"]] == [("wang-ning", 2), ("van-nam", 1)]
    assert english["significance"]["systems"]["weak"]["chrf"]["p_value"] is not None
    assert weak["worst_segments"][0]["chrf"] <= weak["worst_segments"][-1]["chrf"]
    assert set(weak["articles"]) == {"000_aaaa", "001_bbbb"}


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
        code, _, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, workspace["perfect"], blank, mixed))
    finally:
        os.umask(old)
    assert code == 0, err
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in workspace["out"].iterdir()} == dict.fromkeys(
        ("report.json", "report.md", "report.html"), 0o644)
    report = json.loads((workspace["out"] / "report.json").read_text(encoding="utf-8"))
    assert report["article_titles"]["000_aaaa"] == {"vi": "Lào Cai đón Vương Ninh", "en": "Lao Cai welcomes Wang Ning", "zh": "老街迎接王宁"}
    assert report["entry_names"]["van-nam"] == {"vi": "Vân Nam", "en": "Yunnan", "zh": "云南", "type": "place"}
    page = (workspace["out"] / "report.html").read_text(encoding="utf-8")
    markdown = (workspace["out"] / "report.md").read_text(encoding="utf-8")
    for name in ("BLEU", "chrF++", "TER", "term success", "term consistency"):
        assert f"<dt>{name}</dt>" in page and f"- **{name}**:" in markdown
    assert "higher is better" in page and "lower is better" in page and "Over 100 means" in page
    assert '<span lang="en">Lao Cai welcomes Wang Ning</span><small>000_aaaa</small>' in page
    assert '<span lang="zh-CN">老街迎接王宁</span><small>000_aaaa</small>' in page
    assert "Lao Cai welcomes Wang Ning (`000_aaaa`)" in markdown
    assert '<div class="text" lang="vi">' in page and '<div class="text" lang="zh-CN">' in page
    assert re.search(r'<span class="sig worse">worse than perfect <small>p=0\.\d{3}</small>', page)  # blank is worse, and says so
    assert '<span class="sig same">baseline</span>' in page and "**worse than perfect** (p=" in markdown
    assert 'title="no glossary term was rendered">n/a</span>' in page and "n/a (no glossary term rendered)" in markdown
    assert '<span lang="vi">Vân Nam</span><div class="small muted" lang="en">Yunnan</div>' in page  # by name, not van-nam
    assert "| Vân Nam (Yunnan) | Yunnan ×1; Yunnan Province ×1 | 1/2 |" in markdown
    assert "van-nam: " not in page and "report.json" not in page


@pytest.mark.parametrize(
    ("key", "score", "baseline", "p_value", "expected"),
    [("bleu", 30.0, 20.0, 0.01, "better"), ("bleu", 10.0, 20.0, 0.01, "worse"), ("ter", 40.0, 60.0, 0.01, "better"),
     ("ter", 120.0, 60.0, 0.001, "worse"), ("chrf", 50.0, 49.0, 0.3, "same"), ("chrf", 50.0, 50.0, None, None)],
)
def test_verdict_knows_which_direction_is_better(key: str, score: float, baseline: float, p_value: float | None,
                                                 expected: str | None) -> None:
    from tamngu.eval.templates import verdict

    assert verdict(key, score, baseline, p_value) == expected


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
    ],
)
def test_bad_input_exits_2_with_a_clear_message(workspace, monkeypatch, capsys, break_input, message) -> None:  # type: ignore[no-untyped-def]
    runs = break_input(workspace)
    code, _, err = _tamngu(monkeypatch, capsys, *_eval_args(workspace, *runs))
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err
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
def test_shipped_references_as_hypotheses_score_100(tmp_path: Path) -> None:
    from tamngu.eval.report import evaluate

    run = write_reference_run(read_references(SHIPPED_REFS), tmp_path / "references", dates=seed_dates(SEEDS))
    report = evaluate([run], SHIPPED_REFS, n_bootstrap=1, worst=0)
    for lang in ("en", "zh"):
        system = report["languages"][lang]["systems"]["references"]
        assert round(system["corpus"]["bleu"]["score"], 6) == 100.0
        assert system["terms"]["success"] == 100.0, system["term_misses"]


def test_articles_not_in_the_manifest_are_ignored(workspace) -> None:  # type: ignore[no-untyped-def]
    from tamngu.eval.runs import read_run

    run = workspace["perfect"]
    kept = sorted(read_run(run).article_files)
    stale = json.loads((run / "articles" / f"{kept[0]}.json").read_text(encoding="utf-8"))
    stale["article"] = "999_stale"
    (run / "articles" / "999_stale.json").write_text(json.dumps(stale, ensure_ascii=False), encoding="utf-8")
    assert sorted(read_run(run).article_files) == kept

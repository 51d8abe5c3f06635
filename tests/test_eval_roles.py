"""The eval report's "Roles to confirm" (issue 24): pins whose ``role_note`` says the role is unconfirmed or ended.

Each case writes a tiny run folder by hand (manifest plus ``articles/<id>.json``
in the shape :func:`tamngu.translate.records.read_article` reads, role notes in
the term audit of each target), scores it with ``tamngu eval`` and reads the
section back from report.json, report.md, report.html and the console.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import invoke

GLOSSARY_TOML = """
[[entry]]
id = "lao-cai"
type = "place"
vi = "Lào Cai"
en = "Lao Cai"
zh = "老街"
provenance = "derived"
source = "test"
"""

# segment id -> (source, en, zh); two articles
SEGMENTS = {
    "000_aaaa:body:0.0": ("Bí thư Dương Văn Ba phát biểu.", "Secretary Duong Van Ba spoke.", "书记杨文巴讲话。"),
    "000_aaaa:body:1.0": ("Ông Dương Văn Ba cảm ơn Lào Cai.", "Mr Duong Van Ba thanked Lao Cai.", "杨文巴先生感谢老街。"),
    "001_bbbb:body:0.0": ("Chủ tịch Trần Thị Tư đến thăm.", "Chairwoman Tran Thi Tu visited.", "主席陈氏四来访。"),
}

UNCONFIRMED = "role unconfirmed: Secretary of the Lao Cai Provincial Party Committee (2020-); newest check: none found"
ENDED = "role ended: Chairwoman of the People's Committee (2015-2020); held then: none"
ESCAPED = "role unconfirmed: Secretary <b>&</b> | chair (2021-); newest check: none found"
DUONG = ("duong-van-ba", "Dương Văn Ba", 7)
TRAN = ("tran-thi-tu", "Trần Thị Tư", 8)
NOTE_UNCONFIRMED = "pins bind a person to a role the glossary could not confirm for the article's date"


def _term(entry: tuple[str, str, int], note: str | None) -> dict[str, Any]:
    entry_id, text, start = entry
    term = {"entry_id": entry_id, "type": "person", "source_text": text, "source_start": start, "source_end": start + len(text),
            "required": "x", "alternatives": [], "satisfied": True, "target_start": 0}
    return term if note is None else {**term, "role_note": note}


# name, {segment id: [(entry, role_note)]} (every pin is audited in en and zh),
# expected flags (entry, kind, note, count, articles, segments), expected notes
CASES = [
    ("unconfirmed", {"000_aaaa:body:0.0": [(DUONG, UNCONFIRMED)], "000_aaaa:body:1.0": [((DUONG[0], DUONG[1], 4), UNCONFIRMED)]},
     [("duong-van-ba", "unconfirmed", UNCONFIRMED, 2, ["000_aaaa"], ["000_aaaa:body:0.0", "000_aaaa:body:1.0"])],
     [f"2 {NOTE_UNCONFIRMED}"]),
    ("ended", {"001_bbbb:body:0.0": [(TRAN, ENDED)]},
     [("tran-thi-tu", "ended", ENDED, 1, ["001_bbbb"], ["001_bbbb:body:0.0"])],
     ["1 pin binds a person to a role the glossary says was not held on the article's date (the note names the role held then)"]),
    ("none", {"000_aaaa:body:0.0": [(DUONG, "")], "001_bbbb:body:0.0": [(TRAN, None)]}, [], []),
    ("both kinds, unconfirmed first", {"001_bbbb:body:0.0": [(TRAN, ENDED)], "000_aaaa:body:0.0": [(DUONG, UNCONFIRMED)]},
     [("duong-van-ba", "unconfirmed", UNCONFIRMED, 1, ["000_aaaa"], ["000_aaaa:body:0.0"]),
      ("tran-thi-tu", "ended", ENDED, 1, ["001_bbbb"], ["001_bbbb:body:0.0"])],
     ["1 pin binds a person to a role the glossary could not confirm for the article's date",
      "1 pin binds a person to a role the glossary says was not held on the article's date (the note names the role held then)"]),
    ("two notes on one entry are two rows", {"000_aaaa:body:0.0": [(DUONG, UNCONFIRMED)], "000_aaaa:body:1.0": [((DUONG[0], DUONG[1], 4), ESCAPED)]},
     [("duong-van-ba", "unconfirmed", ESCAPED, 1, ["000_aaaa"], ["000_aaaa:body:1.0"]),
      ("duong-van-ba", "unconfirmed", UNCONFIRMED, 1, ["000_aaaa"], ["000_aaaa:body:0.0"])],
     [f"2 {NOTE_UNCONFIRMED}"]),
]


def _write_run(root: Path, pins: dict[str, list[tuple[tuple[str, str, int], str | None]]]) -> Path:
    run = root / "run"
    (run / "articles").mkdir(parents=True)
    articles: dict[str, list[dict[str, Any]]] = {}
    for sid, (source, en, zh) in SEGMENTS.items():
        article, part, position = sid.split(":")
        paragraph, sentence = position.split(".")
        terms = [_term(entry, note) for entry, note in pins.get(sid, [])]
        targets = {lang: {"text": text, "path": "hard", "terms": terms} for lang, text in (("en", en), ("zh", zh))}
        articles.setdefault(article, []).append({"id": sid, "part": part, "paragraph": int(paragraph), "sentence": int(sentence),
                                                 "source": source, "targets": targets})
    for article, segments in articles.items():
        document = {"article": article, "date": "2026-03-01", "metadata": {}, "segments": segments}
        (run / "articles" / f"{article}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    manifest = {"tamngu_run": 1, "complete": True, "articles": sorted(articles), "glossary_version": None,
                "decoding": {"constraints": "hard"}, "models": {}}
    (run / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return run


def _write_refs(root: Path) -> Path:
    refs = root / "refs"
    refs.mkdir()
    by_article: dict[str, list[str]] = {}
    for sid, (source, en, zh) in SEGMENTS.items():
        line = json.dumps({"id": sid, "source": source, "en": en, "zh": zh, "terms": []}, ensure_ascii=False)
        by_article.setdefault(sid.split(":")[0], []).append(line)
    for article, lines in by_article.items():
        (refs / f"{article}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return refs


@pytest.mark.parametrize(("pins", "flags", "notes"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_roles_to_confirm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                          pins: dict[str, Any], flags: list[tuple[Any, ...]], notes: list[str]) -> None:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "terms.toml").write_text(GLOSSARY_TOML, encoding="utf-8")
    run, refs, out = _write_run(tmp_path, pins), _write_refs(tmp_path), tmp_path / "report"
    code, stdout, err = invoke(capsys, monkeypatch, "eval", str(run), "--refs", str(refs), "--glossary", str(glossary),
                               "--out", str(out), "--bootstrap", "1")
    assert code == 0, err

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (info,) = report["runs"]
    got = [(f["entry_id"], f["kind"], f["role_note"], f["count"], f["articles"], f["segments"]) for f in info["roles_to_confirm"]]
    assert got == flags
    assert [f["source_text"] for f in info["roles_to_confirm"]] == [
        {"duong-van-ba": "Dương Văn Ba", "tran-thi-tu": "Trần Thị Tư"}[flag[0]] for flag in flags]
    assert info["notes"] == notes

    markdown = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert ("Roles to confirm: run" in markdown, "Roles to confirm: run" in html, "Roles to confirm: run" in stdout) == (bool(flags),) * 3
    for note in notes:
        assert f"> run: {note}" in markdown
        assert note.replace("'", "&#39;") in html
        assert note in " ".join(stdout.split())
    for flag in flags:
        short = ", ".join(sid.replace("_aaaa", "").replace("_bbbb", "") for sid in flag[5])
        count_row = f"| {flag[3]} | {', '.join(flag[4]).replace('_', chr(92) + '_')} | {short} |"
        assert count_row in markdown
        assert flag[0] in stdout
    if any(flag[2] == ESCAPED for flag in flags):  # autoescaped in HTML, escaped in Markdown cells
        assert "Secretary &lt;b&gt;&amp;&lt;/b&gt; | chair" in html and "<b>&</b>" not in html
        assert r"Secretary \<b\>&\</b\> \| chair" in markdown

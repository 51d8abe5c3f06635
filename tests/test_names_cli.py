"""``glossary gaps``, ``glossary add --from-gaps`` and ``glossary annotate --names`` (invented article)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import invoke

GLOSSARY = '''[[entry]]
id = "prov-sec"
type = "title"
vi = "Bí thư Tỉnh ủy"
en = "Secretary of the Provincial Party Committee"
zh = "省委书记"
provenance = "derived"
source = "test"

[[entry]]
id = "yunnan"
type = "place"
vi = "Vân Nam"
en = "Yunnan"
zh = "云南"
country = "CN"
provenance = "verified"
source = "test"
'''

ARTICLE = """Bí thư Tỉnh ủy tiếp đoàn Vân Nam

Chiều 3/5, đồng chí Đặng Quốc Khánh, Bí thư Tỉnh ủy, tiếp đồng chí Hồ Kiến Hoa, Phó Chủ nhiệm Nhân đại tỉnh Vân Nam.

Đồng chí Hồ Kiến Hoa cảm ơn tỉnh; đồng chí Pò Chài, Phó Bí thư Châu ủy, cùng dự.
"""


run = invoke  # tamngu ARGS in-process: (exit code, stdout, stderr)


@pytest.fixture()
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "title.toml").write_text(GLOSSARY, encoding="utf-8")
    article = tmp_path / "001_test.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return glossary, article


def test_gaps_lists_auto_and_unpinned_names(capsys, monkeypatch, workspace) -> None:  # type: ignore[no-untyped-def]
    glossary, article = workspace
    code, out, _ = run(capsys, monkeypatch, "glossary", "gaps", str(article), "--json", "--glossary", str(glossary))
    assert code == 0
    report = json.loads(out)
    items = {item["text"]: item for item in report["items"]}
    assert (items["Hồ Kiến Hoa"]["source"], items["Hồ Kiến Hoa"]["origin"], items["Hồ Kiến Hoa"]["count"]) == ("auto", "chinese", 2)
    assert (items["Đặng Quốc Khánh"]["en"], items["Đặng Quốc Khánh"]["origin"]) == ("Dang Quoc Khanh", "vietnamese")
    assert items["Pò Chài"]["source"] == "unpinned"
    assert report["items"][0]["text"] == "Hồ Kiến Hoa"  # most frequent first


def test_add_from_gaps_takes_reviewed_names_in(capsys, monkeypatch, workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    glossary, article = workspace
    _, out, _ = run(capsys, monkeypatch, "glossary", "gaps", str(article), "--json", "--glossary", str(glossary))
    report = json.loads(out)
    for item in report["items"]:
        if item["text"] == "Hồ Kiến Hoa":
            item.update(decision="add", id="hu-jianhua")
    reviewed = tmp_path / "gaps.json"
    reviewed.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, monkeypatch, "glossary", "add", "--from-gaps", str(reviewed), "--glossary", str(glossary), "--json")
    assert code == 0 and [row["id"] for row in json.loads(out)] == ["hu-jianhua"]
    text = (glossary / "person.toml").read_text(encoding="utf-8")
    assert 'vi = "Hồ Kiến Hoa"' in text and 'provenance = "derived"' in text
    code, _, err = run(capsys, monkeypatch, "glossary", "add", "--from-gaps", str(reviewed), "--glossary", str(glossary))
    assert code == 2 and "already entry 'hu-jianhua'" in err


@pytest.mark.parametrize(
    ("item", "fragment"),
    [({"text": "X Y", "type": "people", "en": "a", "zh": "b"}, "type 'people'"), ({"text": "X Y", "type": "person", "en": "a", "zh": None}, "needs both en and zh")],
)
def test_add_from_gaps_refuses_bad_items(capsys, monkeypatch, workspace, tmp_path: Path, item, fragment) -> None:  # type: ignore[no-untyped-def]
    glossary, _ = workspace
    reviewed = tmp_path / "gaps.json"
    reviewed.write_text(json.dumps({"items": [{**item, "decision": "add"}]}), encoding="utf-8")
    before = sorted(p.name for p in glossary.iterdir())
    code, _, err = run(capsys, monkeypatch, "glossary", "add", "--from-gaps", str(reviewed), "--glossary", str(glossary))
    assert code == 2 and fragment in err
    assert sorted(p.name for p in glossary.iterdir()) == before


def test_annotate_names_adds_source_and_origin(capsys, monkeypatch, workspace) -> None:  # type: ignore[no-untyped-def]
    glossary, _ = workspace
    text = "Đồng chí Hồ Kiến Hoa, Phó Chủ nhiệm Nhân đại tỉnh Vân Nam, phát biểu."
    code, out, _ = run(capsys, monkeypatch, "glossary", "annotate", "-", "--names", "--json", "--glossary", str(glossary), stdin=text.encode())
    records = {r["text"]: r for r in json.loads(out)}
    assert code == 0
    assert {k: records["Hồ Kiến Hoa"][k] for k in ("start", "end", "type", "en", "source", "origin")} == {
        "start": 9, "end": 20, "type": "person", "en": "Hu Jianhua", "source": "auto", "origin": "chinese"}
    assert (records["Vân Nam"]["source"], records["Vân Nam"]["origin"]) == ("verified", "chinese")


@pytest.mark.parametrize(("kind", "origin", "country"), [("place", "chinese", "CN"), ("place", "vietnamese", "VN"), ("place", None, ""), ("person", "chinese", "")])
def test_a_reviewed_place_takes_its_country_from_its_origin(tmp_path: Path, kind: str, origin: str | None, country: str) -> None:
    from tamngu.glossary.gaps import read_decisions

    path = tmp_path / "gaps.json"
    item = {"text": "Mông Tự", "type": kind, "origin": origin, "en": "Mengzi", "zh": "蒙自", "decision": "add"}
    path.write_text(json.dumps({"items": [item]}, ensure_ascii=False), encoding="utf-8")
    assert [d.country for d in read_decisions(path)] == [country]

"""The one writer of the term base: add, edit, reject, undo (tiny glossaries in a temporary folder)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tamngu.glossary.loader import read_glossary
from tamngu.glossary.resolve import resolve_article
from tamngu.glossary.writer import GlossaryWriteError, NewEntry, add_entry, edit_entry, reject_reading, undo

PLACES = """# Places, by hand.

[[entry]]
id = "hekou"   # the county seat
type = "place"
vi = "Hà Khẩu"
en = "Hekou"
zh = "河口"
country = "CN"
provenance = "verified"
source = "example source"
"""


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    (tmp_path / "place.toml").write_text(PLACES, encoding="utf-8")
    return tmp_path


def test_add_keeps_the_file_and_records_the_decision(root: Path) -> None:
    receipt = add_entry(root, NewEntry("place", "Mông Tự", "Mengzi", "蒙自", country="CN"), decided_by="lan")
    text = (root / "place.toml").read_text(encoding="utf-8")
    assert text.startswith(PLACES.rstrip("\n") + "\n\n[[entry]]\nid = \"mengzi\"")
    entry = read_glossary(root)[0].get("mengzi")
    assert entry is not None
    assert (entry.provenance, entry.decided_by, entry.decided_on, entry.line) == ("reviewed", "lan", dt.date.today(), receipt.line)


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (NewEntry("place", "Hà Khẩu", "Hekou", "河口", id="hekou-2", source="pinyin"), "vi"),  # the form is taken
        (NewEntry("place", "Mông Tự", "Mengzi", "蒙自", id="hekou", source="pinyin"), "id"),  # the id is taken
        (NewEntry("place", "Mông Tự", "Mengzi", "蒙自", country="China", source="pinyin"), "country"),
        (NewEntry("town", "Mông Tự", "Mengzi", "蒙自", source="pinyin"), "type"),
        (NewEntry("place", "Mông Tự", "", "蒙自", id="mengzi", source="pinyin"), "en"),
        (NewEntry("place", "Mông Tự", "Mengzi", "蒙自", source=""), "source"),  # derived needs its method
        (NewEntry("place", "Mông Tự", "Mengzi", "蒙自", en_alt=("Mengzi",), source="pinyin"), "en_alt"),  # check on the scratch copy
    ],
)
def test_add_refuses_with_the_field_and_writes_nothing(root: Path, entry: NewEntry, field: str) -> None:
    with pytest.raises(GlossaryWriteError) as caught:
        add_entry(root, entry)
    assert field in [problem.field for problem in caught.value.problems]
    assert (root / "place.toml").read_text(encoding="utf-8") == PLACES


def test_edit_keeps_comments_and_undo_restores_the_bytes(root: Path) -> None:
    receipt = edit_entry(root, "hekou", {"en": "Hekou County", "zh": "河口县"}, decided_by="minh")
    text = (root / "place.toml").read_text(encoding="utf-8")
    assert 'id = "hekou"   # the county seat' in text and 'en = "Hekou County"' in text
    assert 'provenance = "reviewed"' in text and 'decided_by = "minh"' in text
    undo(root, receipt)
    assert (root / "place.toml").read_text(encoding="utf-8") == PLACES


def test_edit_verified_needs_a_source(root: Path) -> None:
    edit_entry(root, "hekou", {"provenance": "verified", "source": "county website"}, decided_by="minh")
    entry = read_glossary(root)[0].get("hekou")
    assert entry is not None and (entry.provenance, entry.source, entry.decided_by) == ("verified", "county website", "minh")


@pytest.mark.parametrize(("changes", "field"), [({"colour": "red"}, "colour"), ({"valid_from": "2020"}, "valid_from")])
def test_edit_refuses_bad_fields(root: Path, changes: dict[str, object], field: str) -> None:
    with pytest.raises(GlossaryWriteError) as caught:
        edit_entry(root, "hekou", changes)
    assert [problem.field for problem in caught.value.problems] == [field]


def test_undo_refuses_after_a_later_change(root: Path) -> None:
    first = edit_entry(root, "hekou", {"note": "one"})
    edit_entry(root, "hekou", {"note": "two"})
    with pytest.raises(GlossaryWriteError):
        undo(root, first)


def test_a_rejected_reading_is_never_auto_pinned(root: Path) -> None:
    text = ["Đoàn do ông Lâm Chí Cường dẫn đầu đã đến Hà Khẩu."]
    before = resolve_article(text, read_glossary(root)[0], date=None, names=True)
    name = next(n for n in before.review if n.text == "Lâm Chí Cường")
    assert name.pinned
    reject_reading(root, "Lâm Chí Cường", name.en, None, decided_by="lan")
    after = resolve_article(text, read_glossary(root)[0], date=None, names=True)
    refused = next(n for n in after.review if n.text == "Lâm Chí Cường")
    assert not refused.pinned and "rejected by lan" in refused.reason
    assert all(pin.entry.type != "person" for pin in after.pins[0])


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ('provenance = "reviewed"\ndecided_on = 2026-01-02\n', "needs decided_by"),
        ('provenance = "reviewed"\ndecided_by = "lan"\n', "needs decided_on"),
        ('provenance = "derived"\ndecided_by = "lan"\n', "set provenance 'reviewed'"),
    ],
)
def test_reviewed_provenance_is_checked(tmp_path: Path, extra: str, fragment: str) -> None:
    block = '[[entry]]\nid = "x"\ntype = "place"\nvi = "Mông Tự"\nen = "Mengzi"\nzh = "蒙自"\nsource = "s"\n' + extra
    (tmp_path / "place.toml").write_text(block, encoding="utf-8")
    assert any(fragment in str(problem) for problem in read_glossary(tmp_path)[1])


@pytest.mark.parametrize(
    ("rejected", "fragment"),
    [('[[rejected]]\nvi = "Lục Xuân"\nen = "Liuchun"\n', "missing 'decided_by'"), ('[[rejected]]\nvi = "A"\nen = "B"\ndecided_by = "lan"\ncolour = 1\n', "unknown field 'colour'")],
)
def test_rejected_readings_are_checked(root: Path, rejected: str, fragment: str) -> None:
    (root / "rejected.toml").write_text(rejected, encoding="utf-8")
    glossary, problems = read_glossary(root)
    assert [p.file.endswith("rejected.toml") and fragment in p.message for p in problems] == [True]
    assert len(glossary) == 1  # rejected.toml holds no entries

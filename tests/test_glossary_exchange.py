"""Export -> import round trips: TBX keeps whole entries, CSV/TSV keep their language pair."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tamngu.glossary.exchange import export_glossary, import_glossary, read_exchange
from tamngu.glossary.loader import default_glossary_dir, load_glossary
from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.tabular import pairs_of
from tamngu.errors import BadInputError


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return load_glossary(default_glossary_dir())


def without_location(entries: object) -> list[Entry]:
    return sorted((dataclasses.replace(e, file="", line=0) for e in entries), key=lambda e: e.id)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_tbx_round_trip_of_shipped_glossary_is_lossless(shipped: Glossary, tmp_path: Path, fmt: str) -> None:
    exported = tmp_path / "glossary.tbx"
    exported.write_bytes(export_glossary(shipped, fmt).data)
    result = import_glossary(exported, tmp_path / "imported")
    assert without_location(load_glossary(tmp_path / "imported")) == without_location(shipped)
    assert {path.name for path in result.written} == {f"{entry.type}.toml" for entry in shipped}


def test_tbx_round_trip_keeps_roles_dates_and_alternatives(shipped: Glossary, tmp_path: Path) -> None:
    # the property above only means something if the shipped glossary has such fields
    assert any(entry.roles for entry in shipped) and any(entry.en_alt for entry in shipped)
    assert any(entry.variants for entry in shipped) and any(entry.valid_from for entry in shipped)
    assert any(entry.checked for entry in shipped) and any(role.checks for entry in shipped for role in entry.roles)
    assert any(entry.id[0].isdigit() for entry in shipped)  # ids that are not XML NCNames
    assert any(entry.gender for entry in shipped) and any(entry.country for entry in shipped)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("pair", ["vi-en", "vi-zh", "vi-en-zh"])
def test_table_round_trip_keeps_pairs(shipped: Glossary, tmp_path: Path, fmt: str, pair: str) -> None:
    exported = tmp_path / f"glossary.{fmt}"
    exported.write_bytes(export_glossary(shipped, fmt, pair).data)
    import_glossary(exported, tmp_path / "imported", pair=pair, base=shipped)
    assert pairs_of(load_glossary(tmp_path / "imported"), pair) == pairs_of(shipped, pair)


TINY = Glossary(
    (
        Entry("wang-ning", "person", "Vương Ninh", "Wang Ning", "王宁", "derived", "t", variants=("Vương  Ninh",)),
        Entry("red-river", "place", "sông Hồng", "Red River", "红河", "derived", "t"),
        Entry("sec-a", "title", "Bí thư", "Secretary", "书记", "derived", "t", valid_to=__import__("datetime").date(2020, 1, 1)),
        Entry("sec-b", "title", "Bí thư", "Party Secretary", "书记", "derived", "t"),
    )
)


@pytest.mark.parametrize(
    ("fmt", "pair", "header", "expected", "skipped"),
    [
        # plain TSV: two columns, no header; a form pinned twice is exported once
        ("tsv", "vi-en", False, "Vương Ninh\tWang Ning\nVương  Ninh\tWang Ning\nsông Hồng\tRed River\nBí thư\tSecretary\n", "Secretary"),
        # plain CSV starts with a BOM (Excel)
        ("csv", "vi-zh", False, "\ufeffVương Ninh,王宁\nVương  Ninh,王宁\nsông Hồng,红河\nBí thư,书记\n", None),
        ("csv", "vi-en", True, "\ufeffvi,en\nVương Ninh,Wang Ning\nVương  Ninh,Wang Ning\nsông Hồng,Red River\nBí thư,Secretary\n", "Secretary"),
        # three languages: a header by default (zh-CN, as in the TMX), one row per concept
        ("tsv", "vi-en-zh", None, "vi\ten\tzh-CN\nVương Ninh\tWang Ning\t王宁\nsông Hồng\tRed River\t红河\nBí thư\tSecretary\t书记\n", "Secretary / 书记"),
        # ... and --no-header is honoured
        ("tsv", "vi-en-zh", False, "Vương Ninh\tWang Ning\t王宁\nsông Hồng\tRed River\t红河\nBí thư\tSecretary\t书记\n", "Secretary / 书记"),
        ("csv", "vi-en", None, "\ufeffVương Ninh,Wang Ning\nVương  Ninh,Wang Ning\nsông Hồng,Red River\nBí thư,Secretary\n", "Secretary"),
    ],
)
def test_table_shapes(fmt: str, pair: str, header: bool | None, expected: str, skipped: str | None) -> None:
    result = export_glossary(TINY, fmt, pair, header)
    assert result.data.decode("utf-8") == expected
    assert result.skipped == ((f"sec-b: 'Bí thư' (already exported as {skipped})",) if skipped else ())


ALTS = Glossary(
    (
        Entry("wang-ning", "person", "Vương Ninh", "Wang Ning", "王宁", "derived", "t", variants=("Vuong Ninh",), zh_alt=("王寧",)),
        Entry("sec", "title", 'Bí thư "A"', "Secretary, A", "书记", "derived", "t", en_alt=("Party Secretary",)),
    )
)


@pytest.mark.parametrize(
    ("service", "pair", "expected"),
    [
        # DeepL: raw TSV (the SDK splits lines; no quoting), no header, no BOM
        ("deepl", "vi-en", 'Vương Ninh\tWang Ning\nVuong Ninh\tWang Ning\nBí thư "A"\tSecretary, A\n'),
        # Google unidirectional: two CSV columns, no header
        ("google", "vi-zh", 'Vương Ninh,王宁\nVuong Ninh,王宁\n"Bí thư ""A""",书记\n'),
        # Google equivalent term set: header of codes, a row per Vietnamese spelling, target alternatives in description
        ("google", "vi-en-zh", 'vi,en,zh-CN,description\nVương Ninh,Wang Ning,王宁,zh also: 王寧\nVuong Ninh,Wang Ning,王宁,zh also: 王寧\n'
                               '"Bí thư ""A""","Secretary, A",书记,en also: Party Secretary\n'),
        # Amazon Translate: header of Amazon's codes (zh), a row per Vietnamese spelling
        ("amazon", "vi-en-zh", 'vi,en,zh\nVương Ninh,Wang Ning,王宁\nVuong Ninh,Wang Ning,王宁\n"Bí thư ""A""","Secretary, A",书记\n'),
        ("amazon", "vi-en", 'vi,en\nVương Ninh,Wang Ning\nVuong Ninh,Wang Ning\n"Bí thư ""A""","Secretary, A"\n'),
        # OmegaT: source, target, comment (type and alternatives), tab-separated
        ("omegat", "vi-zh", "Vương Ninh\t王宁\tperson; zh also: 王寧\nVuong Ninh\t王宁\tperson; zh also: 王寧\nBí thư \"A\"\t书记\ttitle\n"),
    ],
)
def test_service_shapes(service: str, pair: str, expected: str) -> None:
    result = export_glossary(ALTS, "csv", pair, service=service)
    assert (result.data.decode("utf-8"), result.format) == (expected, service)


@pytest.mark.parametrize(
    ("service", "pair", "header", "outcome"),
    [
        # DeepL: never a header or a BOM, whatever is asked; --header is refused, --no-header honoured
        ("deepl", "vi-en", None, "Vương Ninh\tWang Ning\n"), ("deepl", "vi-en", False, "Vương Ninh\tWang Ning\n"),
        ("deepl", "vi-en", True, "DeepL's glossary TSV has no header row"),
        ("deepl", "vi-zh", None, "Vương Ninh\t王宁\n"), ("deepl", "vi-zh", False, "Vương Ninh\t王宁\n"),
        ("deepl", "vi-zh", True, "drop --header"),
        ("omegat", "vi-en", True, "an OmegaT glossary has no header row"), ("omegat", "vi-zh", False, "Vương Ninh\t王宁\tperson\n"),
        ("google", "vi-en", True, "Google's unidirectional glossary has no header row"), ("google", "vi-zh", False, "Vương Ninh,王宁\n"),
        ("google", "vi-en-zh", False, "Google's equivalent term set starts with its row of language codes; drop --no-header"),
        ("google", "vi-en-zh", True, "vi,en,zh-CN,description\nVương Ninh,Wang Ning,王宁,\n"),
        ("amazon", "vi-en", False, "Amazon Translate reads the language of each column from the first row; drop --no-header"),
        ("amazon", "vi-en-zh", False, "drop --no-header"), ("amazon", "vi-zh", True, "vi,zh\nVương Ninh,王宁\n"),
    ],
)
def test_header_is_honoured_or_refused_for_every_pair(service: str, pair: str, header: bool | None, outcome: str) -> None:
    glossary = Glossary((Entry("wang-ning", "person", "Vương Ninh", "Wang Ning", "王宁", "derived", "t"),))
    if "\n" in outcome:
        data = export_glossary(glossary, "csv", pair, header, service=service).data
        assert data.decode("utf-8") == outcome and not data.startswith(b"\xef\xbb\xbf")
        return
    with pytest.raises(BadInputError, match=f"^--for {service} --pair {pair} --{'' if header else 'no-'}header: .*{outcome}"):
        export_glossary(glossary, "csv", pair, header, service=service)


@pytest.mark.parametrize(("service", "pair"), [("deepl", "vi-en-zh"), ("omegat", "vi-en-zh"), ("systran", "vi-en")])
def test_service_refuses_what_it_cannot_hold(service: str, pair: str) -> None:
    with pytest.raises(BadInputError, match="use --pair vi-en|use one of: deepl, google, amazon, omegat"):
        export_glossary(ALTS, "csv", pair, service=service)


def test_deepl_raw_tsv_skips_a_field_with_a_tab() -> None:
    glossary = Glossary((Entry("x", "place", "A\tB", "A", "甲", "derived", "t"),))
    result = export_glossary(glossary, "tsv", "vi-en", service="deepl")
    assert (result.data, result.skipped) == (b"", ("x: 'A\\tB' (holds a tab or line break)",))


@pytest.mark.parametrize("pair", ["vi-en", "vi-zh"])
def test_deepl_sdk_reads_the_shipped_export(shipped: Glossary, pair: str) -> None:
    deepl = pytest.importorskip("deepl")
    result = export_glossary(shipped, "tsv", pair, service="deepl")
    entries = deepl.convert_tsv_to_dict(result.data.decode("utf-8"))
    assert len(entries) == result.rows > len(shipped)


def test_table_export_on_date_keeps_one_period() -> None:
    import datetime as dt

    result = export_glossary(TINY, "tsv", "vi-en", on_date=dt.date(2025, 1, 1))
    assert "Bí thư\tParty Secretary\n" in result.data.decode() and result.skipped == ()


def test_csv_quoting_round_trips(tmp_path: Path) -> None:
    glossary = Glossary((Entry("x", "organization", 'Ban "A", B', 'Board "A", B', "甲,乙", "derived", "t"),))
    path = tmp_path / "g.csv"
    path.write_bytes(export_glossary(glossary, "csv", "vi-en-zh").data)
    [entry] = read_exchange(path, entry_type="organization")
    assert (entry.vi, entry.en, entry.zh) == ('Ban "A", B', 'Board "A", B', "甲,乙")


def test_new_rows_are_derived_with_generated_ids(tmp_path: Path) -> None:
    path = tmp_path / "amazon.csv"
    path.write_text("vi,en,zh\nĐặng Quân,Deng Jun,邓军\nĐặng  Quân,Deng Jun,邓军\n", encoding="utf-8")
    [entry] = read_exchange(path, entry_type="person")
    assert (entry.id, entry.vi, entry.variants, entry.provenance) == ("deng-jun", "Đặng Quân", ("Đặng  Quân",), "derived")


@pytest.mark.parametrize(
    ("name", "content", "options", "message"),
    [
        ("a.csv", "vi,en,zh\nĐặng Quân,Deng Jun,邓军\n", {}, "a.csv:2: 'Đặng Quân' is not in the glossary, so its type is unknown; pass --type"),
        ("a.tsv", "Đặng Quân\tDeng Jun\n", {"entry_type": "person"}, "a.tsv:1: 'Đặng Quân' is not in the glossary and the file has no zh"),
        ("a.csv", "en,zh\nDeng Jun,邓军\n", {}, "a.csv:1: no 'vi' column"),
        ("a.csv", "vi,en,zh\nĐặng Quân,Deng Jun\n", {}, "a.csv:2: 2 columns, expected 3"),
        ("a.tbx", "<tbx><text><body><conceptEntry id='x'>", {}, "a.tbx:1: not well-formed XML"),
        ("a.tbx", "<tbx><text><body/></text></tbx>", {}, "no conceptEntry"),
        ("a.json", "{}", {}, "cannot tell the format from the suffix"),
        ("a.csv", "vi,en,zh\n", {"entry_type": "city"}, "unknown entry type 'city'"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: str, options: dict[str, str], message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_exchange(path, **options)  # type: ignore[arg-type]


def test_not_utf8_table(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("vi,en,zh\nĐặng Quân,Deng Jun,邓军\n".encode("utf-16"))
    with pytest.raises(BadInputError, match="is not UTF-8"):
        read_exchange(path, entry_type="person")


TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="wang-ning">
  <descrip type="subjectField">person</descrip>
  <langSet xml:lang="vi"><tig><term>Vương Ninh</term></tig></langSet>
  <langSet xml:lang="en-US"><tig><term>Wang Ning</term></tig></langSet>
  <langSet xml:lang="zh-CN"><tig><term>王宁</term></tig><tig><term>王寧</term></tig></langSet>
  <langSet xml:lang="fr"><tig><term>Wang Ning</term></tig></langSet>
</termEntry>
</body></text></martif>
"""


def test_reads_tbx_v2(tmp_path: Path) -> None:
    path = tmp_path / "v2.tbx"
    path.write_text(TBX_V2, encoding="utf-8")
    [entry] = read_exchange(path)
    assert (entry.id, entry.type, entry.vi, entry.en, entry.zh, entry.zh_alt, entry.provenance) == (
        "wang-ning", "person", "Vương Ninh", "Wang Ning", "王宁", ("王寧",), "derived",
    )  # fmt: skip


def test_import_refuses_to_overwrite(shipped: Glossary, tmp_path: Path) -> None:
    exported = tmp_path / "g.tbx"
    exported.write_bytes(export_glossary(shipped, "tbx").data)
    import_glossary(exported, tmp_path / "out")
    before = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    (tmp_path / "out" / "person.toml").write_text("# edited\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="person.toml, place.toml, title.toml already exist; pass --force"):
        import_glossary(exported, tmp_path / "out")
    assert (tmp_path / "out" / "person.toml").read_text(encoding="utf-8") == "# edited\n"
    import_glossary(exported, tmp_path / "out", force=True)
    assert {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()} == before

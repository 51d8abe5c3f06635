"""The resolver: one typed answer per article (pins with provenance and origin, names for review)."""

from __future__ import annotations

import pytest

from tamngu.glossary.model import Entry, Glossary
from tamngu.glossary.resolve import Resolver, resolve_article


def _entry(entry_id: str, kind: str, vi: str, en: str, zh: str, provenance: str = "verified", country: str = "") -> Entry:
    return Entry(entry_id, kind, vi, en, zh, provenance, "test", country=country)


GLOSSARY = Glossary((
    _entry("vice-chair", "title", "Phó Chủ tịch UBND tỉnh", "Vice Chairman of the Provincial People's Committee", "省人民委员会副主席"),
    _entry("secretary", "title", "Bí thư Châu ủy", "Secretary of the Prefectural Party Committee", "州委书记"),
    _entry("wenshan", "place", "Văn Sơn", "Wenshan", "文山", country="CN"),
    _entry("china", "place", "Trung Quốc", "China", "中国", "derived", country="CN"),
))


@pytest.mark.parametrize(
    ("segments", "names", "expected"),
    [
        (["Trung Quốc và Văn Sơn."], False, [[("Trung Quốc", "china", "derived", "chinese", False), ("Văn Sơn", "wenshan", "verified", "chinese", False)]]),
        (["Bí thư Châu ủy Văn Sơn phát biểu."], True,
         [[("Bí thư Châu ủy Văn Sơn", "secretary~bí-thư-châu-uỷ-văn-sơn", "derived", None, True)]]),
        (["Ông Lâm Chí Cường thăm Văn Sơn.", "Lâm Chí Cường"], True,
         [[("Lâm Chí Cường", "auto:lam-chi-cuong", "auto", "chinese", False), ("Văn Sơn", "wenshan", "verified", "chinese", False)],
          [("Lâm Chí Cường", "auto:lam-chi-cuong", "auto", "chinese", False)]]),
    ],
)
def test_pins(segments: list[str], names: bool, expected: list[list[tuple[object, ...]]]) -> None:
    resolved = resolve_article(segments, GLOSSARY, date=None, names=names)
    got = [[(p.text, p.entry.id, p.source, p.origin, p.composed) for p in pins] for pins in resolved.pins]
    assert got == expected
    assert [[m.text for m in found] for found in resolved.matches()] == [[row[0] for row in pins] for pins in expected]


def test_review_lists_each_name_once_with_its_occurrences() -> None:
    resolved = resolve_article(["Ông Lâm Chí Cường thăm Văn Sơn.", "Lâm Chí Cường"], GLOSSARY, date=None, names=True)
    assert [(n.text, n.pinned, n.occurrences) for n in resolved.review] == [("Lâm Chí Cường", True, ((0, 4, 17), (1, 0, 13)))]
    assert [e.id for e in resolved.entries] == ["auto:lam-chi-cuong"]
    assert resolved.review[0].alternatives and resolved.review[0].alternatives[0].en == resolved.review[0].en


def test_a_resolver_keeps_one_rendering_per_name_across_articles() -> None:
    resolver = Resolver(GLOSSARY)
    first = resolver.resolve(["Ông Lâm Chí Cường thăm Văn Sơn."], date=None, names=True)
    second = resolver.resolve(["Lâm Chí Cường đến."], date=None, names=True)
    assert second.pins[0][0].entry == first.pins[0][0].entry

"""Shared by the test_terms_* tables: the packaged glossary's matches composed as the resolver composes them."""

from __future__ import annotations

import functools

from tamngu.glossary.compose import compose_matches
from tamngu.glossary.loader import load_glossary
from tamngu.glossary.matcher import Matcher


@functools.cache
def matcher() -> Matcher:
    return Matcher(load_glossary(None))


def terms(text: str) -> list[tuple[str, str, str]]:
    """(span, English, Chinese) of every composed pin of ``text``."""
    return [(m.text, m.entry.en, m.entry.zh) for m in compose_matches(text, matcher().find(text))]

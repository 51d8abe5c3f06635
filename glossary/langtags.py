"""The language tags tamngu writes into exchange files: one convention, one place.

Every file tamngu writes for another tool (TBX v3 and v2, the TMX of a run, a
CSV with a header row) tags Chinese as ``zh-CN`` (BCP 47, Simplified Chinese
as used in mainland China; what OmegaT and Google Cloud Translation call it).
A service that documents another code gets its own, named in
:mod:`tamngu.glossary.tabular`'s service shapes (Amazon Translate: ``zh``).

Readers accept any tag whose primary subtag is ``vi``, ``en`` or ``zh``.
"""

from __future__ import annotations

#: Our language -> the tag written into TBX, TMX and CSV headers.
LANGUAGE_TAGS: dict[str, str] = {"vi": "vi", "en": "en", "zh": "zh-CN"}


def language_tag(lang: str) -> str:
    """The tag tamngu writes for ``lang`` ("vi", "en", "zh"); other codes pass through."""
    return LANGUAGE_TAGS.get(lang, lang)


def base_language(tag: str) -> str | None:
    """``vi``, ``en`` or ``zh`` for any tag of those languages (``zh-CN``, ``ZH_hans``, ``en-US``); else None."""
    base = tag.replace("_", "-").split("-")[0].strip().lower()
    return base if base in LANGUAGE_TAGS else None

"""Writers for a run directory: article JSON and Markdown, TMX, manifest.

Every file is written to a temporary name in the same directory and renamed
over the target (``os.replace``), so a reader never sees half a file and a
killed run leaves the previous version intact. Contents are deterministic: no
timestamps inside article files or TMX, keys sorted, so a rerun that changes
nothing rewrites the same bytes.

Layout (the run-directory contract)::

    RUN_DIR/manifest.json
    RUN_DIR/articles/<article>.json
    RUN_DIR/<article>.<lang>.md
    RUN_DIR/run.vi-<lang>.tmx
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from tamngu.corpus.parse import Article
from tamngu.corpus.segment import join_sentences, sentence_groups, sentence_spans
from tamngu.errors import BadInputError
from tamngu.fileio import atomic_write, file_mode
from tamngu.glossary.langtags import LANGUAGE_TAGS
from tamngu.translate.cleanup import clean_translation
from tamngu.translate.records import SegmentRecord

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
ARTICLES_DIR = "articles"
TMX_LANGS = LANGUAGE_TAGS  # one Chinese tag (zh-CN) for TMX, TBX and CSV headers: tamngu.glossary.langtags
# XML 1.0 forbids most C0 controls; C1 controls and U+FFFD are allowed but never wanted in a CAT tool's memory
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd\ufffe\uffff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_LINE_START = re.compile(r"^(#|[-+] |\d+\. |>)")
_CAPTION_HEADINGS = {"en": "Photo captions", "zh": "图片说明"}
_CREDIT_LABELS = {"en": "Photo", "zh": "图片"}
_BYLINE_LABELS = {"en": "By", "zh": "作者"}


def dump_json(data: object) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, UTF-8, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# ---------------------------------------------------------------- articles


def article_document(article: Article, date: str | None, segments: Sequence[SegmentRecord]) -> dict[str, Any]:
    """The per-article JSON document of the run-directory contract."""
    return {
        "article": article.id,
        "date": date,
        "metadata": {
            "bylines": list(article.metadata.bylines),
            "photo_credits": list(article.metadata.photo_credits),
            **article.metadata.page_fields(),
        },
        "segments": [_cleaned_segment(segment.to_dict()) for segment in segments],
    }


def _cleaned_segment(segment: dict[str, Any]) -> dict[str, Any]:
    """A segment whose translation still holds control characters or U+FFFD (one served from an older memory)
    with them removed and the removal noted; any other segment as it is, byte for byte."""
    for target in segment["targets"].values():
        text, notes = clean_translation(target["text"])
        if notes:
            target["text"] = text
            target["cleaned"] = list(dict.fromkeys([*target.get("cleaned", []), *notes]))
    return segment


def write_article_json(run_dir: Path, document: Mapping[str, Any]) -> Path:
    """Write ``articles/<article>.json``; returns its path."""
    path = run_dir / ARTICLES_DIR / f"{document['article']}.json"
    atomic_write(path, dump_json(document))
    return path


def article_markdown(article: Article, segments: Sequence[SegmentRecord], lang: str) -> str:
    """The article reassembled in ``lang``: title, lead, body paragraphs, captions, credits."""
    paragraphs = _paragraphs(segments, lang)
    blocks: list[str] = []
    for text in paragraphs.get("title", []):
        blocks.append(f"# {_md_escape(text)}")
    for text in paragraphs.get("lead", []):
        blocks.append(f"**{_md_escape(text)}**")
    blocks.extend(_md_escape(text) for text in paragraphs.get("body", []))
    captions = paragraphs.get("caption", [])
    if captions:
        blocks.append(f"## {_CAPTION_HEADINGS.get(lang, 'Photo captions')}")
        blocks.append("\n".join(f"- {_md_escape(text)}" for text in captions))
    blocks.extend(_credit_lines(article, lang))
    return "\n\n".join(blocks) + "\n"


def write_article_markdown(run_dir: Path, article: Article, segments: Sequence[SegmentRecord], lang: str) -> Path:
    """Write ``<article>.<lang>.md``; returns its path."""
    path = run_dir / f"{article.id}.{lang}.md"
    atomic_write(path, article_markdown(article, segments, lang))
    return path


def _paragraphs(segments: Sequence[SegmentRecord], lang: str) -> dict[str, list[str]]:
    grouped: dict[str, dict[int, list[str]]] = {}
    for segment in segments:
        grouped.setdefault(segment.part, {}).setdefault(segment.paragraph, []).append(segment.targets[lang].text)
    return {
        part: [join_sentences(sentences, lang) for _, sentences in sorted(by_paragraph.items())]
        for part, by_paragraph in grouped.items()
    }


def _credit_lines(article: Article, lang: str) -> list[str]:
    lines = [f"*{_CREDIT_LABELS.get(lang, 'Photo')}: {_md_escape(_credited_name(c))}*" for c in article.metadata.photo_credits]
    lines += [f"*{_BYLINE_LABELS.get(lang, 'By')} {_md_escape(name)}*" for name in article.metadata.bylines]
    return lines


def _credited_name(credit: str) -> str:
    return credit.split(":", 1)[1].strip() if ":" in credit else credit


def _md_escape(text: str) -> str:
    text = clean_translation(text)[0]
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\\\1", text)


# ---------------------------------------------------------------- TMX


class TmxWriter:
    """Stream a TMX 1.4 file (one ``<tu>`` per sentence) and rename it into place on close.

    The header follows TMX 1.4b as OmegaT reads it: ``srclang`` vi,
    ``segtype`` sentence, ``adminlang``, ``creationtool``, ``o-tmf``,
    ``datatype`` plaintext. No creation date, so reruns are byte-identical.
    A unit is a sentence as a CAT tool segments it: a long sentence tamngu cut
    at its semicolons for the decoder is one unit again (:meth:`add_article`),
    so the CAT tool's sentence finds its exact match. A unit whose source or
    translation is empty (after dropping what XML or a CAT tool cannot use) is
    left out: an empty ``<seg/>`` would be served as a translation.
    """

    def __init__(self, path: Path, target_lang: str, tool_version: str) -> None:
        self.path = path
        self.target_lang = target_lang
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="\n", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
        self._handle.write(_tmx_header(tool_version))
        self.units = 0

    def add_article(self, article: Article, records: Sequence[SegmentRecord]) -> None:
        """Append the units of one article: a sentence per unit, its pieces joined back."""
        for unit_id, source, target in tmx_units(article, records, self.target_lang):
            self.add(unit_id, source, target)

    def add(self, segment_id: str, source: str, target: str) -> None:
        """Append one translation unit (none when the source or the target is empty)."""
        source_lang, target_lang = TMX_LANGS["vi"], TMX_LANGS.get(self.target_lang, self.target_lang)
        if not _XML_INVALID.sub("", source).strip() or not _XML_INVALID.sub("", target).strip():
            logger.info("%s: no TMX unit (empty %s)", segment_id, "source" if not source.strip() else "translation")
            return
        self._handle.write(
            f"    <tu tuid={quoteattr(segment_id)}>\n"
            f"      <tuv xml:lang={quoteattr(source_lang)}><seg>{_xml_text(source)}</seg></tuv>\n"
            f"      <tuv xml:lang={quoteattr(target_lang)}><seg>{_xml_text(target)}</seg></tuv>\n"
            "    </tu>\n"
        )
        self.units += 1

    def close(self) -> None:
        """Finish the document and rename it into place."""
        self._handle.write("  </body>\n</tmx>\n")
        self._handle.close()
        os.chmod(self._handle.name, file_mode())
        os.replace(self._handle.name, self.path)

    def abort(self) -> None:
        """Drop the temporary file; the previous TMX (if any) stays. Never raises for a full disk."""
        try:
            self._handle.close()
        except OSError:
            pass  # the buffered tail could not be written (a full disk): the file is closed all the same
        finally:
            Path(self._handle.name).unlink(missing_ok=True)


def tmx_units(article: Article, records: Sequence[SegmentRecord], lang: str) -> list[tuple[str, str, str]]:
    """(unit id, source, target) per sentence of ``article`` as a CAT tool segments it.

    Segments that are pieces of one sentence (:func:`tamngu.corpus.segment.sentence_groups`)
    become one unit: the sentence as written, the pieces' translations joined;
    its id names the pieces (``a:body:3.0+a:body:3.1``).
    """
    parts = article.parts()
    by_paragraph: dict[tuple[str, int], dict[int, SegmentRecord]] = {}
    for record in records:
        by_paragraph.setdefault((record.part, record.paragraph), {})[record.sentence] = record
    units = []
    for (part, index), sentences in by_paragraph.items():
        text = parts[part][index].text
        spans = sentence_spans(text)
        for group in sentence_groups(text):
            pieces = [sentences[number] for number in group if number in sentences]
            if len(pieces) != len(group):  # the records do not cover this sentence: one unit per record
                units += [(piece.id, piece.source, piece.targets[lang].text) for piece in pieces]
                continue
            source = text[spans[group[0]][0] : spans[group[-1]][1]]
            target = join_sentences([piece.targets[lang].text for piece in pieces], lang)
            units.append(("+".join(piece.id for piece in pieces), source, target))
    return units


def tmx_path(run_dir: Path, target_lang: str) -> Path:
    """``RUN_DIR/run.vi-<lang>.tmx``."""
    return run_dir / f"run.vi-{target_lang}.tmx"


def _tmx_header(tool_version: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4">\n'
        f'  <header creationtool="tamngu" creationtoolversion={quoteattr(tool_version)} datatype="plaintext"'
        ' segtype="sentence" adminlang="en" srclang="vi" o-tmf="tamngu"/>\n'
        "  <body>\n"
    )


def _xml_text(text: str) -> str:
    return escape(_XML_INVALID.sub("", text))


# ---------------------------------------------------------------- manifest


def read_manifest(run_dir: Path, *, ignore_corrupt: bool = False) -> dict[str, Any] | None:
    """The run's manifest, or None when there is none (or it is not a tamngu manifest).

    Raises:
        BadInputError: ``manifest.json`` is there but cut short or not JSON
            (unless ``ignore_corrupt``: ``--force`` rebuilds it).
    """
    path = run_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        if ignore_corrupt:
            return None
        reason = " ".join(str(exc).split())
        raise BadInputError(
            f"{path}: run manifest is corrupt ({reason}); rerun with --force to rebuild it, "
            f"or move it aside (mv {path} {path}.bad) and rerun"
        ) from None
    return data if isinstance(data, dict) and data.get("tamngu_run") == 1 else None


def write_manifest(run_dir: Path, manifest: Mapping[str, Any]) -> Path:
    """Write ``manifest.json`` atomically."""
    path = run_dir / MANIFEST
    atomic_write(path, dump_json(manifest))
    return path

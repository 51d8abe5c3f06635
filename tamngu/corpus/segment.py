"""Split Vietnamese paragraphs into sentences, and articles into segments.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (possibly repeated, possibly
followed by closing quotes or brackets) when whitespace and a sentence opener
follow: an uppercase letter, a digit, or an opening quote or bracket. It does
not end:

* inside a balanced quotation or bracket (``“Hai quốc gia. Sáu điểm đến”``,
  ``(Việt Nam)``), so quoted speech stays whole;
* after an abbreviation (``TP. Hồ Chí Minh``, ``PGS. TS. ...``) or a lone
  initial (``Nguyễn V. A.``);
* where no space follows (``29/10``, ``7.461``, ``v.v.``, ``TP.HCM``) or a
  lowercase word follows (``giáo dục... ngày càng``, ``v.v. và``).

A sentence does end where the copy lost the space after the stop: a lowercase
word or a number, then ``.``, ``!``, ``?`` or ``…``, then a capitalised word
(``biên giới.Tăng cường``, ``phát triển...Nhân dịp``); an all-capitals token
before the stop (``TP.Cao Bằng``) or a capital after it (``TP.HCM``) is not
such a join.

A sentence longer than :data:`MAX_SEGMENT_CHARS` characters is cut at the
semicolon nearest its middle, again until every piece fits (official prose
chains clauses with ``;``). A long sentence without a semicolon stays whole:
cutting a list of noun phrases hurts translation more than its length does.

Segment ids follow the shared contract: ``{article}:{part}:{paragraph}.{sentence}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tamngu.corpus.parse import Article

ABBREVIATIONS: frozenset[str] = frozenset(
    "TP Tp TT TX Q P H GS PGS TS ThS TSKH BS KS CN NXB NSND NSƯT Mr Mrs Ms Dr St Co Ltd Inc No vs Tr tr".split()
)

_TERMINAL = re.compile(r"(?:\.{3}|[.!?…])+[”\"’'»)\]]*")
_OPENERS = "“\"‘'«([„"
_PAIRS = {"“": "”", "(": ")", "[": "]", "«": "»", "‘": "’"}
_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values()) + '"') + "]")
_NEXT_CHAR = re.compile(r"\s+(\S)")
_LONGEST_TOKEN = 40
_TOKEN_BEFORE = re.compile(r"([^\s(“\"‘'«\[]+)$")
_GLUED_OPENER = re.compile(r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]")
MAX_SEGMENT_CHARS = 600
_CLAUSE_BREAK = re.compile(r";\s+")


@dataclass(frozen=True)
class Segment:
    """One sentence of one paragraph of one part of an article.

    ``start``/``end`` are offsets of the sentence in its paragraph's text.
    """

    article: str
    part: str
    paragraph: int
    sentence: int
    text: str
    start: int = 0
    end: int = 0

    @property
    def id(self) -> str:
        """The shared segment id, e.g. ``000_3a4965e06602310f:body:3.0``."""
        return segment_id(self.article, self.part, self.paragraph, self.sentence)


def segment_id(article: str, part: str, paragraph: int, sentence: int) -> str:
    """Format a segment id per the shared contract."""
    return f"{article}:{part}:{paragraph}.{sentence}"


def parse_segment_id(value: str) -> tuple[str, str, int, int]:
    """Split a segment id into (article, part, paragraph, sentence).

    Raises:
        ValueError: ``value`` is not a segment id.
    """
    article, part, position = value.rsplit(":", 2)
    paragraph, sentence = position.split(".")
    return article, part, int(paragraph), int(sentence)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence of ``text``, whitespace trimmed."""
    return [piece for pieces in _sentence_pieces(text) for piece in pieces]


def sentence_groups(text: str) -> list[list[int]]:
    """Indexes into :func:`sentence_spans` grouped by whole sentence: the pieces of a sentence cut at its
    semicolons (over :data:`MAX_SEGMENT_CHARS`) form one group, as a CAT tool's segmenter sees one sentence.

        >>> sentence_groups("Một câu ngắn. Câu thứ hai.")
        [[0], [1]]
    """
    groups: list[list[int]] = []
    for pieces in _sentence_pieces(text):
        first = sum(len(group) for group in groups)
        groups.append(list(range(first, first + len(pieces))))
    return groups


def _sentence_pieces(text: str) -> list[list[tuple[int, int]]]:
    """Each sentence's pieces (one, unless :func:`_fit` cut it)."""
    protected = _protected_spans(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _TERMINAL.finditer(text):
        end = match.end()
        if _is_boundary(text, match, protected):
            spans.append((start, end))
            start = end
    spans.append((start, len(text)))
    trimmed = [span for span in (_trim(text, s, e) for s, e in spans) if span[0] < span[1]]
    return [_fit(text, span) for span in trimmed]


def _fit(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Cut a sentence over MAX_SEGMENT_CHARS at the semicolon nearest its middle, recursively."""
    start, end = span
    if end - start <= MAX_SEGMENT_CHARS:
        return [span]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end) if m.end() < end]
    if not breaks:
        return [span]
    middle = (start + end) // 2
    cut = min(breaks, key=lambda position: abs(position - middle))
    return [*_fit(text, _trim(text, start, cut)), *_fit(text, _trim(text, cut, end))]


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see the module docstring for the rules)."""
    return [text[start:end] for start, end in sentence_spans(text)]


def segments_of(article: Article) -> list[Segment]:
    """Every sentence of the article, in reading order: title, lead, body, captions."""
    segments: list[Segment] = []
    for part, paragraphs in article.parts().items():
        for paragraph_index, paragraph in enumerate(paragraphs):
            for sentence_index, (start, end) in enumerate(sentence_spans(paragraph.text)):
                text = paragraph.text[start:end]
                segments.append(Segment(article.id, part, paragraph_index, sentence_index, text, start, end))
    return segments


def join_sentences(sentences: list[str], lang: str) -> str:
    """Reassemble translated sentences into a paragraph (no spaces in Chinese)."""
    glue = "" if lang == "zh" else " "
    return glue.join(sentence.strip() for sentence in sentences if sentence.strip())


# ---------------------------------------------------------------- helpers


def _is_boundary(text: str, match: re.Match[str], protected: list[tuple[int, int]]) -> bool:
    end = match.end()
    if _GLUED_OPENER.match(text, end):
        return _is_glued_join(text, match)
    if not text[end : end + 1].isspace():
        return False  # end of paragraph (handled by the caller) or no space after
    following = _NEXT_CHAR.match(text, end)
    if following is None or not _opens_sentence(following.group(1)):
        return False
    if any(open_at < end < close_at for open_at, close_at in protected):
        return False
    return not _ends_with_abbreviation(text, match)


def _is_glued_join(text: str, match: re.Match[str]) -> bool:
    """``giới.Tăng``: two sentences whose space the copy lost (not ``TP.Cao``, ``v.v.Ngoài`` is one)."""
    token = _TOKEN_BEFORE.search(text, max(0, match.start() - _LONGEST_TOKEN), match.start())
    if not token:
        return False
    word = token.group(1)
    if word in ABBREVIATIONS or not any(char.islower() or char.isdigit() for char in word):
        return False
    return len(word) >= 2


def _opens_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _OPENERS


def _ends_with_abbreviation(text: str, match: re.Match[str]) -> bool:
    if match.group(0) != ".":
        return False
    token = _TOKEN_BEFORE.search(text, max(0, match.start() - _LONGEST_TOKEN), match.start())
    if not token:
        return False
    word = token.group(1)
    is_initial = len(word) == 1 and word.isalpha() and word.isupper()
    return is_initial or word in ABBREVIATIONS


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Balanced quotation and bracket spans (straight quotes pair up in order)."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for found in _BRACKETS.finditer(text):
        char, index = found.group(), found.start()
        if char in _PAIRS:
            stack.append((char, index))
        elif stack and char == _PAIRS[stack[-1][0]]:
            spans.append((stack.pop()[1], index))
        elif char == '"':
            if straight_open is None:
                straight_open = index
            else:
                spans.append((straight_open, index))
                straight_open = None
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def article_report(article: Article) -> dict[str, object]:
    """The parse of ``article`` plus its segments, JSON-ready (``tamngu corpus inspect``)."""
    report = article.to_dict()
    report["segments"] = [
        {"id": s.id, "part": s.part, "paragraph": s.paragraph, "sentence": s.sentence, "source": s.text}
        for s in segments_of(article)
    ]
    return report

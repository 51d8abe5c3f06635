"""Token phrases of a target form, and the pieces that would glue onto a term.

The decoder pins token-id phrases (:class:`tamngu.translate.backend.Constraint`);
this module turns a glossary form into them with the target tokenizer, and lists
the pieces that may not directly follow an English term
(``Constraint.blocked_after``). For "Wang Ning" with a Marian tokenizer::

    target_phrases(tokenizer, "Wang Ning")   # ((▁Wang, ▁Ning),): a word of its own
    target_phrases(tokenizer, "王宁")         # two phrases: after a space ("▁" first), and
                                              # glued to the Chinese text before it
    glue_pieces(tokenizer)                   # ids of pieces such as "a", "ing", "3", <unk>:
                                              # no word-start mark "▁", a word character first
"""

from __future__ import annotations

import logging
import re
from typing import Any

from tamngu.translate.backend import Phrase

logger = logging.getLogger(__name__)

__all__ = ["glue_pieces", "glues", "target_phrases"]

_WORD_CHAR = re.compile(r"\w")  # what glossary.targets counts as part of a word


def target_phrases(tokenizer: object, form: str, *, glued: bool = True) -> tuple[Phrase, ...]:
    """Token-id phrases that write ``form`` in the target language.

    Two variants: as a word of its own (sentencepiece's word-start ``▁``, as
    after a space) and, with ``glued``, joined to the preceding text (as inside
    Chinese text). Both decode to ``form``. English forms take the first only,
    so a term never starts inside a word ("YunnanLiu Yong").
    """
    spm = getattr(tokenizer, "spm_target", None)
    vocab = getattr(tokenizer, "encoder", None)
    if spm is None or vocab is None:
        ids = tokenizer(text_target=form, add_special_tokens=False)["input_ids"]  # type: ignore[operator]
        return (tuple(ids),) if ids else ()
    unk = vocab.get(getattr(tokenizer, "unk_token", "<unk>"))
    variants: list[Phrase] = []
    segmentations = [spm.encode(form, out_type=str)] + ([_glued_pieces(spm, form)] if glued else [])
    for pieces in segmentations:
        ids = tuple(vocab.get(piece, unk) for piece in pieces)
        if ids and unk not in ids and ids not in variants:
            variants.append(ids)
    return tuple(variants)


def _glued_pieces(spm: object, form: str) -> list[str]:
    """Unigram Viterbi segmentation of ``form`` without the leading word-start mark."""
    text = form.replace(" ", "\u2581")
    n = len(text)
    best = [0.0] + [float("-inf")] * n
    back: list[tuple[int, list[str]]] = [(0, [])] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - 16), end):
            if best[start] == float("-inf"):
                continue
            pieces = _piece_or_bytes(spm, text[start:end], single=end - start == 1)
            if pieces is None:
                continue
            score = best[start] + sum(spm.get_score(spm.piece_to_id(p)) for p in pieces)  # type: ignore[attr-defined]
            if score > best[end]:
                best[end], back[end] = score, (start, pieces)
    out: list[str] = []
    end = n
    while end > 0:
        start, pieces = back[end]
        out[:0] = pieces
        end = start
    return out


def _piece_or_bytes(spm: object, text: str, *, single: bool) -> list[str] | None:
    piece_id = spm.piece_to_id(text)  # type: ignore[attr-defined]
    if piece_id != spm.unk_id() and not spm.is_control(piece_id):  # type: ignore[attr-defined]
        return [text]
    if single:  # byte fallback for a character the model does not know
        return [f"<0x{byte:02X}>" for byte in text.encode("utf-8")]
    return None


def glue_pieces(tokenizer: Any) -> frozenset[int]:
    """Target pieces that would continue the word before them: no word-start mark, a letter or digit first.

    ``<unk>`` and other invisible special tokens count too: they render as
    nothing, so a word piece after them would glue onto the term.
    """
    vocab = getattr(tokenizer, "encoder", None) or tokenizer.get_vocab()
    special = set(tokenizer.all_special_ids)
    invisible = special - {tokenizer.eos_token_id}
    return frozenset(i for piece, i in vocab.items() if i in invisible or (glues(piece) and i not in special))


def glues(piece: str) -> bool:
    """A piece that would continue the word before it: a word character, or a byte of one.

    >>> [glues(p) for p in ("ing", "\u2581Wang", ",", "<0xC3>", "<0x2C>")]
    [True, False, False, True, False]
    """
    if piece.startswith("<0x") and piece.endswith(">") and len(piece) == 6:
        byte = int(piece[3:5], 16)
        return byte >= 0x80 or _WORD_CHAR.match(chr(byte)) is not None
    return _WORD_CHAR.match(piece[:1]) is not None

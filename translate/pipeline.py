"""Translate Vietnamese segments into English and Chinese with pinned glossary terms.

:class:`Translator` is the typed entry point every other stage uses::

    translator = Translator(TranslateConfig(), load_glossary())
    results = translator.translate(["Bí thư Tỉnh ủy Vân Nam Vương Ninh ..."], targets=("en", "zh"))
    results[0].targets["en"].text, results[0].targets["en"].terms

vi->en uses ``model_en``. vi->zh pivots: the English translation (with the
English forms pinned) is translated by ``model_zh`` with the Chinese forms of
the same glossary entries pinned, since an entry holds one concept in all
three languages.

Constraint modes: ``hard`` (the torch decoder guarantees every pinned form),
``soft`` (pinned target forms substituted into the source, then verified) and
``off``. With ``engine="ct2"`` and ``hard``, segments are translated soft on
CTranslate2, verified, and only those missing a term are re-decoded by the
hard-constrained torch decoder. ``TargetResult.path`` records which way each
segment went: "hard", "soft", "off", "ct2-soft" or "ct2-soft+hard-redecode".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tamngu.glossary.model import Glossary
from tamngu.glossary.resolve import Resolver
from tamngu.errors import BadInputError
from tamngu.translate.audit import PinnedTerm, TermAudit, all_satisfied, audit, occurrences, pinned_terms, substitute
from tamngu.translate.backend import Constraint, DecodeOptions
from tamngu.translate.config import TARGET_LANGS, TranslateConfig
from tamngu.translate.longlines import MANY_PIECES, MAX_SOURCE_TOKENS, Piece, join_translations, shift_terms, split_long
from tamngu.translate.loaded import MODEL_POSITIONS, LoadedModel
from tamngu.translate.cleanup import clean_translation
from tamngu.translate.models import DIRECTIONS, resolve_model

logger = logging.getLogger(__name__)

Progress = Callable[[float], None]  # segments finished (fractions while a long one is in pieces)


@dataclass
class TargetResult:
    """One translation of a segment, with the route it took and its term audit."""

    text: str
    path: str
    terms: list[TermAudit] = field(default_factory=list)
    cleaned: tuple[str, ...] = ()  # what tamngu.translate.cleanup removed from the decoder's output


@dataclass
class SegmentResult:
    """A source segment and its translations keyed by language ("en", "zh")."""

    source: str
    targets: dict[str, TargetResult] = field(default_factory=dict)


def result_dict(result: SegmentResult) -> dict[str, Any]:
    """A JSON-ready view: source, and per target its text, path and term audit."""
    return {
        "source": result.source,
        "targets": {
            lang: {"text": target.text, "path": target.path, "terms": [dataclasses.asdict(t) for t in target.terms],
                   **({"cleaned": list(target.cleaned)} if target.cleaned else {})}
            for lang, target in result.targets.items()
        },
    }


@dataclass
class _Job:
    """One segment on its way through one model."""

    original: str  # the step's input text
    source: str  # text given to the model (soft constraints write the pinned forms in)
    pins: list[PinnedTerm]
    text: str = ""
    path: str = ""
    terms: list[TermAudit] = field(default_factory=list)
    cleaned: tuple[str, ...] = ()


class Translator:
    """Translate Vietnamese segments to English and/or Chinese under glossary constraints.

    Args:
        config: models, engine, constraint mode and decoding settings.
        glossary: the term base (None: no terms are pinned).
    """

    def __init__(self, config: TranslateConfig, glossary: Glossary | None = None, names: bool = False) -> None:
        self.config = config
        self.glossary = glossary
        self.names = names  # also pin names no entry covers (tamngu.glossary.autopin), per call = per article
        self._models: dict[str, LoadedModel] = {}
        self._resolver = Resolver(glossary, role_window_days=config.role_window_days) if glossary is not None else None  # one rendering per name in the run

    # -- public ----------------------------------------------------------------------

    def prepare(self, targets: Sequence[str] = TARGET_LANGS) -> None:
        """Resolve and load every model ``targets`` need, before any work.

        Raises:
            ModelNotFoundError: a model is missing and cannot be fetched.
            BadInputError: an unknown target language.
        """
        for lang in _check_targets(targets):
            for model_lang in ("en",) if lang == "en" else ("en", "zh"):
                self._model(model_lang).backend(self.config.engine)  # damaged weights fail here, before any work

    def models(self, targets: Sequence[str] = TARGET_LANGS) -> dict[str, dict[str, str]]:
        """Model id and revision per direction ("vi-en", "en-zh") the targets use."""
        self.prepare(targets)
        needed = {"en"} | ({"zh"} if "zh" in targets else set())
        names = {"en": "vi-en", "zh": "en-zh"}
        return {
            names[lang]: {"id": self._models[lang].resolved.ref, "revision": self._models[lang].resolved.revision}
            for lang in sorted(needed)
        }

    def translate(
        self,
        segments: Sequence[str],
        targets: Sequence[str] = TARGET_LANGS,
        on_date: dt.date | None = None,
        progress: Progress | None = None,
        entries: Sequence[Any] = (),
        pins: Sequence[Sequence[Any]] | None = None,
    ) -> list[SegmentResult]:
        """Translate ``segments`` into each of ``targets``.

        Args:
            segments: Vietnamese segments (one sentence or title each).
            targets: "en", "zh" or both; "zh" pivots through English.
            on_date: the article's date; glossary entries valid that day apply.
            progress: called with the number of segments just finished, per model pass.
            entries: extra entries to pin (an article's auto names, from the batch runner).
            pins: each segment's resolved pins (:mod:`tamngu.glossary.resolve`, from the batch runner: the
                same object its memory key was made from); when given, nothing is matched here.

        Returns:
            One :class:`SegmentResult` per segment, in input order.
        """
        targets = _check_targets(targets)
        self.prepare(targets)
        pieces = [self._pieces(text) for text in segments]
        if all(len(spans) == 1 and spans[0] == Piece(0, len(text)) for text, spans in zip(segments, pieces)):
            return self._translate_segments(segments, targets, on_date, progress, entries, pins)
        flat = [text[piece.start : piece.end] for text, spans in zip(segments, pieces) for piece in spans]
        scale = len(segments) / len(flat)  # progress stays in segments
        scaled = (lambda done: progress(done * scale)) if progress is not None else None
        parts = self._translate_segments(flat, targets, on_date, scaled, entries, _piece_pins(pins, pieces))
        return _rejoin(segments, pieces, parts, targets)

    def translate_english(
        self,
        segments: Sequence[str],
        english: Sequence[str],
        on_date: dt.date | None = None,
        progress: Progress | None = None,
        entries: Sequence[Any] = (),
        pins: Sequence[Sequence[Any]] | None = None,
    ) -> list[SegmentResult]:
        """Chinese for ``segments`` from their English translations: the en->zh pass of :meth:`translate` alone.

        A batch run keeps each segment's English in its memory and pivots from
        it, so a Chinese translation depends only on that English and never on
        which English segments were decoded beside it. An English text longer
        than the en->zh model reads is split and joined as in :meth:`translate`.

        Args:
            segments: the Vietnamese segments (their glossary matches decide the pins).
            english: the English translation of each segment (what the en->zh model reads).
            on_date: the article's date; glossary entries valid that day apply.
            progress: called with the number of segments just finished.
            entries: extra entries to pin (an article's auto names, from the batch runner).
            pins: each segment's resolved pins (as for :meth:`translate`).

        Returns:
            One :class:`SegmentResult` per segment with ``targets["zh"]``, in input order.
        """
        if len(english) != len(segments):
            raise ValueError(f"{len(english)} English texts for {len(segments)} segments")
        self.prepare(("zh",))
        matches = self._segment_matches(segments, on_date, entries, pins)
        chinese = self._translate_step("zh", list(english), [pinned_terms(m, "zh") for m in matches], progress)
        return [SegmentResult(text, {"zh": TargetResult(job.text, job.path, job.terms, job.cleaned)}) for text, job in zip(segments, chinese)]

    def _pieces(self, text: str) -> list[Piece]:
        """``text`` as one piece, or split where it is longer than the model reads at once."""
        model = self._model("en")
        pieces = split_long(text, model.count_tokens, MAX_SOURCE_TOKENS)
        if len(pieces) > 1:
            slow = "; expect a long run" if len(pieces) > MANY_PIECES else ""
            logger.warning(
                "a segment of %d characters (%.40s...) is longer than the model reads at once (%d tokens): "
                "translated in %d pieces split at sentence, clause or word boundaries and joined%s",
                len(text), text.strip(), MAX_SOURCE_TOKENS, len(pieces), slow,
            )  # fmt: skip
        return pieces

    def _translate_segments(
        self, segments: Sequence[str], targets: tuple[str, ...], on_date: dt.date | None, progress: Progress | None,
        entries: Sequence[Any] = (), pins: Sequence[Sequence[Any]] | None = None,
    ) -> list[SegmentResult]:
        """Translate segments that each fit the model."""
        matches = self._segment_matches(segments, on_date, entries, pins)
        english = self._translate_step("en", list(segments), [pinned_terms(m, "en") for m in matches], progress)
        results = [SegmentResult(text) for text in segments]
        if "en" in targets:
            for result, job in zip(results, english):
                result.targets["en"] = TargetResult(job.text, job.path, job.terms, job.cleaned)
        if "zh" in targets:
            pivots = [job.text for job in english]
            chinese = self._translate_step("zh", pivots, [pinned_terms(m, "zh") for m in matches], progress)
            for result, job in zip(results, chinese):
                result.targets["zh"] = TargetResult(job.text, job.path, job.terms, job.cleaned)
        return results

    # -- one model pass ----------------------------------------------------------------

    def _translate_step(
        self, lang: str, sources: list[str], pins: list[list[PinnedTerm]], progress: Progress | None
    ) -> list[_Job]:
        """Run the ``lang`` model over ``sources``; an English pivot longer than the en->zh model reads is split."""
        if lang != "zh":
            return self._run_step(lang, sources, pins, progress)
        model = self._model(lang)
        layouts = [split_long(text, model.count_tokens, MODEL_POSITIONS - 1) for text in sources]
        if all(len(spans) == 1 for spans in layouts):
            return self._run_step(lang, sources, pins, progress)
        flat_sources = [text[span.start : span.end] for text, spans in zip(sources, layouts) for span in spans]
        flat_pins = [bucket for text, spans, own in zip(sources, layouts, pins) for bucket in self._pins_by_piece(text, spans, own)]
        scale = len(sources) / len(flat_sources)
        parts = self._run_step(lang, flat_sources, flat_pins, (lambda done: progress(done * scale)) if progress else None)
        jobs, cursor = [], 0
        for text, spans, own in zip(sources, layouts, pins):
            mine, cursor = parts[cursor : cursor + len(spans)], cursor + len(spans)
            joined, _ = join_translations([job.text for job in mine], lang)
            jobs.append(_Job(text, text, own, joined, _worst_path(job.path for job in mine), audit(own, joined, lang),
                             _merged_notes(job.cleaned for job in mine)))
        return jobs

    def _pins_by_piece(self, text: str, spans: list[Piece], pins: list[PinnedTerm]) -> list[list[PinnedTerm]]:
        """Each Chinese pin goes with the pivot piece holding its entry's English form (the n-th mention, the n-th one)."""
        buckets: list[list[PinnedTerm]] = [[] for _ in spans]
        mentions: dict[str, int] = {}
        for pin in pins:
            entry = self.glossary.get(pin.entry_id) if self.glossary is not None else None
            starts = occurrences(text, list(entry.target_forms("en")), "en") if entry is not None else []
            nth = mentions[pin.entry_id] = mentions.get(pin.entry_id, -1) + 1
            at = starts[nth] if nth < len(starts) else 0
            buckets[next((i for i, span in enumerate(spans) if span.start <= at < span.end), 0)].append(pin)
        return buckets

    def _run_step(
        self, lang: str, sources: list[str], pins: list[list[PinnedTerm]], progress: Progress | None
    ) -> list[_Job]:
        """Run the ``lang`` model (vi->en or en->zh) over ``sources`` with ``pins``."""
        model = self._model(lang)
        mode, engine = self.config.constraints, self.config.engine
        soft = mode == "soft" or (engine == "ct2" and mode == "hard")
        jobs = [_Job(text, self._soft_source(lang, text, p) if soft else text, p) for text, p in zip(sources, pins)]
        if engine == "ct2":
            self._decode(model, "ct2", jobs, hard=False, progress=progress)
            for job in jobs:
                job.path = "off" if mode == "off" else "ct2-soft"
            misses = [job for job in jobs if mode == "hard" and not all_satisfied(audit(job.pins, job.text, lang))]
            if misses:
                logger.info("%s: re-decoding %d of %d segments with hard constraints", lang, len(misses), len(jobs))
                for job in misses:
                    job.source = job.original
                self._decode(model, "torch", misses, hard=True, progress=None)
                for job in misses:
                    job.path = "ct2-soft+hard-redecode"
        else:
            self._decode(model, "torch", jobs, hard=mode == "hard", progress=progress)
            for job in jobs:
                job.path = mode
        for job in jobs:
            job.terms = audit(job.pins, job.text, lang)
        return jobs

    def _decode(self, model: LoadedModel, engine: str, jobs: list[_Job], *, hard: bool, progress: Progress | None) -> None:
        todo = [job for job in jobs if job.source.strip()]
        for job in jobs:
            if not job.source.strip():
                job.text = ""
        if not todo:
            return
        backend = model.backend(engine)
        ids = [model.encode(job.source) for job in todo]
        for batch in length_batches([len(x) for x in ids], self.config.batch_tokens):
            sources = [ids[i] for i in batch]
            constraints = [self._constraints(model, todo[i].pins) for i in batch] if hard else None
            options = self._options(sources, constraints)
            outputs = backend.generate(sources, options, constraints)
            for i, out in zip(batch, outputs):
                todo[i].text, todo[i].cleaned = clean_translation(model.restore(model.decode(out), todo[i].pins))
            if progress is not None:
                progress(len(batch))

    def _constraints(self, model: LoadedModel, pins: list[PinnedTerm]) -> list[Constraint]:
        found = [model.constraint(pin) for pin in pins]
        return [c for c in found if c is not None]

    def _options(self, sources: list[list[int]], constraints: list[list[Constraint]] | None) -> DecodeOptions:
        cap = self.config.max_length - 1
        limits = []
        for row, source in enumerate(sources):
            limit = min(cap, math.ceil(self.config.length_ratio * len(source)) + self.config.length_offset)
            if constraints:
                limit = max(limit, sum(c.min_length for c in constraints[row]) + self.config.length_offset)
            limits.append(limit)
        return DecodeOptions(self.config.beams, self.config.length_penalty, limits)

    def _soft_source(self, lang: str, text: str, pins: list[PinnedTerm]) -> str:
        """``text`` with the pinned target forms written in (soft constraints)."""
        if lang == "en":
            return substitute(text, [(p.source_start, p.source_end, p.required) for p in pins])
        return _substitute_english(text, pins, self.glossary)

    # -- models and matchers ---------------------------------------------------------------

    def _model(self, lang: str) -> LoadedModel:
        if lang not in self._models:
            ref = self.config.model_for(lang)
            resolved = resolve_model(ref, cache_dir=self.config.cache_dir, direction=DIRECTIONS[lang])
            prefix = self.config.zh_prefix if lang == "zh" else ""
            self._models[lang] = LoadedModel(resolved, self.config, prefix)
        return self._models[lang]

    def article_matches(self, segments: Sequence[str], on_date: dt.date | None = None) -> list[list[Any]]:
        """The glossary matches of every segment (:func:`tamngu.glossary.resolve.resolve_article`); with
        ``names``, auto-pinned names and composed offices too, decided over all ``segments`` together."""
        if self._resolver is None:
            return [[] for _ in segments]
        return self._resolver.resolve(segments, date=on_date, names=self.names).matches()

    def _segment_matches(
        self, segments: Sequence[str], on_date: dt.date | None, entries: Sequence[Any], pins: Sequence[Sequence[Any]] | None = None
    ) -> list[list[Any]]:
        """The matches that decide each segment's pins: the batch runner's resolved ``pins`` when given, else
        resolved here (with the runner's ``entries`` when given)."""
        if pins is not None:
            if len(pins) != len(segments):
                raise ValueError(f"{len(pins)} pin lists for {len(segments)} segments")
            return [list(found) for found in pins]
        return self._with_entries(segments, on_date, entries) if entries else self.article_matches(segments, on_date)

    def _with_entries(self, segments: Sequence[str], on_date: dt.date | None, entries: Sequence[Any]) -> list[list[Any]]:
        """Matches with an article's auto-pinned names and composed offices (``entries``, decided by the batch runner)."""
        if self._resolver is None:
            return [[] for _ in segments]
        return self._resolver.with_entries(segments, date=on_date, entries=entries).matches()


def _piece_pins(pins: Sequence[Sequence[Any]] | None, pieces: Sequence[Sequence[Piece]]) -> list[list[Any]] | None:
    """Each piece's share of its segment's pins, spans shifted onto the piece (a pin across a cut is dropped)."""
    if pins is None:
        return None
    return [[dataclasses.replace(pin, start=pin.start - piece.start, end=pin.end - piece.start)
             for pin in found if piece.start <= pin.start and pin.end <= piece.end]
            for found, spans in zip(pins, pieces) for piece in spans]


def _substitute_english(text: str, pins: list[PinnedTerm], glossary: Glossary | None) -> str:
    """Replace the English forms of pinned entries in ``text`` by their Chinese forms."""
    spans = []
    for pin in pins:
        entry = glossary.get(pin.entry_id) if glossary is not None else None
        if entry is None:
            continue
        for form in entry.target_forms("en"):
            spans.extend((start, start + len(form), pin.required) for start in occurrences(text, [form], "en"))
    return substitute(text, spans)


def length_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indices grouped longest first, each group's padded size within ``budget`` tokens."""
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        width = lengths[current[0]] if current else lengths[index]
        if current and (len(current) + 1) * width > budget:
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


# When pieces of one segment went different ways, the segment reports the one that did more work.
_PATH_RANK = ("off", "soft", "ct2-soft", "hard", "ct2-soft+hard-redecode")


def _rejoin(
    segments: Sequence[str], pieces: list[list[Piece]], parts: list[SegmentResult], targets: tuple[str, ...]
) -> list[SegmentResult]:
    """The translations of each segment's pieces joined into one result per segment."""
    results = []
    cursor = 0
    for text, spans in zip(segments, pieces):
        own = parts[cursor : cursor + len(spans)]
        cursor += len(spans)
        result = SegmentResult(text)
        for lang in targets:
            result.targets[lang] = _joined_target([part.targets[lang] for part in own], spans, lang)
        results.append(result)
    return results


def _joined_target(parts: list[TargetResult], spans: list[Piece], lang: str) -> TargetResult:
    text, offsets = join_translations([part.text for part in parts], lang)
    terms = [term for part, span, offset in zip(parts, spans, offsets) for term in shift_terms(part.terms, span.start, offset)]
    return TargetResult(text, _worst_path(part.path for part in parts), terms, _merged_notes(part.cleaned for part in parts))


def _merged_notes(notes: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """The cleanup notes of a segment's pieces, each once, in order."""
    return tuple(dict.fromkeys(note for piece in notes for note in piece))


def _worst_path(paths: Iterable[str]) -> str:
    return max(paths, key=lambda name: _PATH_RANK.index(name) if name in _PATH_RANK else -1)


def _check_targets(targets: Sequence[str]) -> tuple[str, ...]:
    if isinstance(targets, str):
        targets = tuple(t.strip() for t in targets.split(",") if t.strip())
    unknown = [t for t in targets if t not in TARGET_LANGS]
    if unknown or not targets:
        raise BadInputError(f"target language must be en, zh or en,zh, got '{','.join(targets)}'")
    return tuple(dict.fromkeys(targets))

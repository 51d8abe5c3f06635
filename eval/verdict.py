"""Deciding, once, what the figures say: each comparison's direction and the report's one verdict.

* A figure is ``better``/``worse`` than the baseline's when its paired test
  gives p < :data:`~tamngu.eval.model.ALPHA` and it moved in the metric's good
  or bad direction; otherwise ``same`` (no clear difference).
* Output whose length is far from the reference's (:func:`degenerate`: under
  half or over twice, in BLEU's tokens) is degenerate: TER then rewards
  whichever output is shorter garbage, so TER is not compared for it, and the
  report says why instead of showing a badge.
* Quality combines the compared metrics: ``better`` when one is better and
  none worse, ``worse`` the reverse, ``mixed`` when they disagree, else ``same``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tamngu.eval.model import (
    ALPHA, LANG_NAMES, Comparison, Direction, Figure, LanguageReport, Overall, SystemResult, Verdict, VerdictLine,
)

HIGHER_IS_BETTER: dict[str, bool] = {"bleu": True, "chrf": True, "ter": False, "terms": True}
QUALITY_METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")
#: Length ratios (hypothesis / reference) outside this range mark degenerate output.
SANE_LENGTH = (0.5, 2.0)
_WORDS = {"better": "better", "worse": "worse", "same": "no clear difference", "mixed": "mixed (metrics disagree)"}


def compare(key: str, score: float | None, baseline: float | None, p_value: float | None) -> Comparison | None:
    """The direction of ``score`` against ``baseline`` at :data:`ALPHA`; None without a test.

        >>> compare("ter", 40.0, 60.0, 0.01)
        Comparison(p_value=0.01, direction='better')
        >>> compare("bleu", 30.0, 20.0, 0.2).direction
        'same'
    """
    if p_value is None or score is None or baseline is None:
        return None
    if p_value >= ALPHA or score == baseline:
        return Comparison(p_value, "same")
    return Comparison(p_value, "better" if (score > baseline) == HIGHER_IS_BETTER[key] else "worse")


def degenerate(ratio: float) -> str | None:
    """Why output of this length ratio is degenerate, or None.

        >>> degenerate(3.4)
        'output 3.4x the reference length'
        >>> degenerate(1.1) is None
        True
    """
    low, high = SANE_LENGTH
    if low <= ratio <= high:
        return None
    return f"output {ratio:.1f}x the reference length"


def quality(figures: dict[str, Figure]) -> Overall:
    """The quality verdict of one system from its compared BLEU, chrF++ and TER."""
    directions = {figures[key].comparison.direction for key in QUALITY_METRICS  # type: ignore[union-attr]
                  if figures[key].comparison is not None}
    if "better" in directions and "worse" in directions:
        return "mixed"
    return "better" if "better" in directions else "worse" if "worse" in directions else "same"


def decide(languages: Sequence[LanguageReport], baseline: str, tested: bool) -> Verdict:
    """The report's verdict: every system against the baseline, on term success and on quality."""
    systems = [system.name for system in languages[0].systems] if languages else []
    if len(systems) < 2:
        return Verdict((_single(languages, systems),), ())
    lines = tuple(_line(language, language.system(name), language.system(baseline), tested)
                  for name in systems[1:] for language in languages)
    headline = tuple(_headline(name, baseline, [line for line in lines if line.system == name], tested) for name in systems[1:])
    return Verdict(headline, lines)


def _single(languages: Sequence[LanguageReport], systems: list[str]) -> str:
    if not systems:
        return "Nothing was scored."
    parts = [f"{language.name} term success {_percent(language.systems[0].figures['terms'].score)}, "
             f"chrF++ {_number(language.systems[0].figures['chrf'].score)}" for language in languages]
    return f"One run, {systems[0]}: " + "; ".join(parts) + ". Score a second run beside it for a verdict."


def _line(language: LanguageReport, system: SystemResult, baseline: SystemResult, tested: bool) -> VerdictLine:
    terms = system.figures["terms"].comparison
    overall = quality(system.figures)
    text = "; ".join([_term_clause(system, baseline), _quality_clause(system, baseline, overall, tested)])
    return VerdictLine(system.name, language.lang, terms.direction if terms else None, overall, text)


def _term_clause(system: SystemResult, baseline: SystemResult) -> str:
    mine, theirs = system.figures["terms"], baseline.figures["terms"]
    if mine.score is None:
        return "term success: no pinned terms"
    figures = f"{_percent(mine.score)} vs {_percent(theirs.score)}"
    if mine.comparison is None:
        return f"term success {figures} (not tested)"
    return f"term success {_WORDS[mine.comparison.direction]}: {figures}, p={mine.comparison.p_value:.3f}"


def _quality_clause(system: SystemResult, baseline: SystemResult, overall: Overall, tested: bool) -> str:
    parts = []
    for key in QUALITY_METRICS:
        mine, theirs = system.figures[key], baseline.figures[key]
        text = f"{mine.label} {_number(mine.score)} vs {_number(theirs.score)}"
        if mine.withheld:
            text += f" (not compared: {mine.withheld})"
        elif mine.comparison is not None:
            text += f" (p={mine.comparison.p_value:.3f})"
        parts.append(text)
    lead = f"quality {_WORDS[overall]}" if tested else "quality not tested (--bootstrap 1)"
    return f"{lead}: " + ", ".join(parts)


def _headline(name: str, baseline: str, lines: list[VerdictLine], tested: bool) -> str:
    if not tested:
        return f"{name} against {baseline}: not tested for significance (--bootstrap 1); see the figures below."
    terms = _by_direction([(line.lang, line.terms) for line in lines])
    quality_ = _by_direction([(line.lang, line.quality) for line in lines])
    return f"{name} against {baseline}: on term success {terms}; on quality {quality_}."


def _by_direction(pairs: list[tuple[str, str | None]]) -> str:
    """'better in English and Chinese', or 'better in English, no clear difference in Chinese'."""
    groups: dict[str, list[str]] = {}
    for lang, direction in pairs:
        groups.setdefault(_WORDS.get(direction or "", "not measured (no pinned terms)"), []).append(LANG_NAMES.get(lang, lang))
    if len(groups) == 1:
        (words, langs), = groups.items()
        return f"{words} in {' and '.join(langs)}"
    return ", ".join(f"{words} in {' and '.join(langs)}" for words, langs in groups.items())


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def _number(value: float | None) -> str:
    """One decimal, never "-0.0"."""
    if value is None:
        return "n/a"
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def direction_word(direction: Direction | Overall) -> str:
    """How every renderer says a direction."""
    return _WORDS[direction]

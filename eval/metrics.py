"""Corpus and sentence scores through sacreBLEU's Python API (never re-implemented).

Configuration per target language, chosen once here so every figure is
comparable and carries its sacreBLEU signature:

* BLEU: ``tokenize="13a"`` for English, ``"zh"`` for Chinese.
* chrF++: ``CHRF(word_order=2)`` (6 character n-grams, 2 word n-grams). For
  Chinese the word n-grams see whitespace-free text as one word, so chrF++ is
  driven by its character n-grams there; this is sacreBLEU's standard
  behaviour and is kept so that figures match the sacreBLEU command line.
* TER: sacreBLEU's defaults for English (``case:lc|tok:tercom|norm:no``). For
  Chinese, untokenized text would be a single "word" per sentence, so TER uses
  ``normalized=True, asian_support=True``, which splits CJK text into
  characters: a character-level TER (signature ``norm:yes|asian:yes``; the
  command line equivalent is ``--ter-normalized --ter-asian-support``).
* Confidence intervals: sacreBLEU's bootstrap resampling
  (``corpus_score(..., n_bootstrap=N)``); ``mean`` is the bootstrap mean and
  ``ci`` the half-width of the 95% interval (sacreBLEU's ``μ ± ci``). The seed
  is sacreBLEU's (``$SACREBLEU_SEED``, default 12345), so figures repeat.
* Paired significance: :class:`sacrebleu.significance.PairedTest` with
  ``test_type="bs"`` (paired bootstrap resampling, Koehn 2004), the first
  system being the baseline. One correction: a system whose outputs are
  identical to the baseline's gets p = 1 (sacreBLEU would give 1/(n+1)).
* Sentence scores: chrF++ with the same configuration, per segment.
* Term success gets the same paired test (:func:`paired_term_test`): sacreBLEU's
  procedure (same seed, same resampled segment indices, same p-value rule) on
  each segment's pinned-term hits and totals.
* Length ratio: BLEU's hypothesis length over reference length
  (:func:`length_ratio`); far from 1 marks degenerate output.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric
from sacrebleu.significance import PairedTest, _bootstrap_resample, _compute_p_value, estimate_ci

from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

METRIC_NAMES: tuple[str, ...] = ("bleu", "chrf", "ter")
HIGHER_IS_BETTER: dict[str, bool] = {"bleu": True, "chrf": True, "ter": False}
DEFAULT_BOOTSTRAP = 1000
_BLEU_TOKENIZER = {"en": "13a", "zh": "zh"}


@dataclass(frozen=True)
class MetricScore:
    """One corpus-level figure with its bootstrap estimate and signature.

    ``mean``/``ci`` are None when no bootstrap was run. ``p_value`` is set
    for a system compared with a baseline in a paired test.
    """

    metric: str
    name: str
    score: float
    signature: str
    mean: float | None = None
    ci: float | None = None
    p_value: float | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def interval(self) -> tuple[float, float] | None:
        """The 95% interval ``mean ± ci``, when bootstrapped."""
        if self.mean is None or self.ci is None:
            return None
        return (self.mean - self.ci, self.mean + self.ci)


def make_metrics(lang: str) -> dict[str, Metric]:
    """Fresh sacreBLEU metric objects for ``lang``, keyed by ``bleu``/``chrf``/``ter``.

    Raises:
        BadInputError: for a language other than en or zh.
    """
    if lang not in _BLEU_TOKENIZER:
        raise BadInputError(f"no metric configuration for language '{lang}'; expected en or zh")
    asian = lang == "zh"
    return {
        "bleu": BLEU(tokenize=_BLEU_TOKENIZER[lang]),
        "chrf": CHRF(word_order=2),
        "ter": TER(normalized=asian, asian_support=asian),
    }


class MetricSet:
    """The metrics of one language, extracting each corpus's segment statistics only once.

    sacreBLEU's TER is pure Python and slow on long outputs (minutes for 90
    degenerate segments of a random model); the corpus score, its bootstrap
    interval, per-article scores and the paired test all start from the
    same segment statistics, so they are cached per (hypotheses, references).
    The scores are sacreBLEU's own: only the repeated extraction is skipped.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.metrics = make_metrics(lang)
        self._cache: dict[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...] | None], list] = {}  # type: ignore[type-arg]
        for key, metric in self.metrics.items():
            # An instance attribute shadows the method sacreBLEU calls internally.
            metric._extract_corpus_statistics = self._cached(key, metric._extract_corpus_statistics)  # type: ignore[method-assign]

    def _cached(self, key: str, extract):  # type: ignore[no-untyped-def]
        def extract_once(hypotheses, references):  # type: ignore[no-untyped-def]
            cache_key = (key, tuple(hypotheses), None if references is None else tuple(tuple(r) for r in references))
            if cache_key not in self._cache:
                self._cache[cache_key] = extract(hypotheses, references)
            return self._cache[cache_key]

        return extract_once


def corpus_scores(
    hypotheses: Sequence[str],
    references: Sequence[str],
    lang: str,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    metric_set: MetricSet | None = None,
) -> dict[str, MetricScore]:
    """BLEU, chrF++ and TER of a corpus, with bootstrap 95% intervals.

    Args:
        hypotheses: one system's outputs.
        references: one reference per hypothesis, in the same order.
        lang: ``en`` or ``zh`` (picks tokenizers, see the module docstring).
        n_bootstrap: resamples for the intervals; 1 or less disables them.
        metric_set: share segment statistics with other calls (see :class:`MetricSet`).
    """
    _check_lengths(hypotheses, references)
    scores = {}
    for key, metric in (metric_set or MetricSet(lang)).metrics.items():
        result = metric.corpus_score(list(hypotheses), [list(references)])
        interval = _bootstrap(metric, hypotheses, references, n_bootstrap) if n_bootstrap > 1 else (None, None)
        scores[key] = MetricScore(key, result.name, float(result.score), metric.get_signature().format(), *interval)
    return scores


def _bootstrap(metric: Metric, hypotheses: Sequence[str], references: Sequence[str], n_bootstrap: int) -> tuple[float, float]:
    """sacreBLEU's bootstrap resampling, as ``corpus_score(n_bootstrap=N)`` does it.

    ``Score.estimate_ci`` (used by ``corpus_score``) fails with "don't know how
    to coerce float and float32" when some resamples score a Python 0.0 and
    others a numpy float32 (chrF of a very poor system); sacreBLEU's
    paired-test helper ``estimate_ci`` on a float array computes the same mean
    and half-width without that failure.
    """
    statistics = metric._extract_corpus_statistics(list(hypotheses), [list(references)])
    metric.seed, resampled = _bootstrap_resample(statistics, metric, n_bootstrap)  # type: ignore[attr-defined]
    metric.n_bootstrap = n_bootstrap  # type: ignore[attr-defined]  # signature: bs:N|seed:S, as corpus_score sets
    mean, ci = estimate_ci(np.array([float(score.score) for score in resampled]))
    return float(mean), float(ci)


def grouped_scores(
    hypotheses: Sequence[str],
    references: Sequence[str],
    lang: str,
    groups: dict[str, Sequence[int]],
    metric_set: MetricSet | None = None,
) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """Corpus scores of several subsets (e.g. articles) from one pass of segment statistics.

    TER in particular is slow; this extracts each segment's sufficient
    statistics once (as sacreBLEU's own bootstrap does) and aggregates them
    per group, which gives exactly the subset's ``corpus_score`` (tested).

    Args:
        groups: group name -> indices into ``hypotheses``.
        metric_set: share segment statistics with other calls.

    Returns:
        group name -> metric key -> score, and metric key -> signature.
    """
    _check_lengths(hypotheses, references)
    metrics = (metric_set or MetricSet(lang)).metrics
    statistics = {key: metric._extract_corpus_statistics(list(hypotheses), [list(references)]) for key, metric in metrics.items()}
    scores = {
        name: {key: float(metric._aggregate_and_compute([statistics[key][i] for i in index]).score) for key, metric in metrics.items()}
        for name, index in groups.items()
    }
    return scores, {key: _unbootstrapped_signature(metric) for key, metric in metrics.items()}


def _unbootstrapped_signature(metric: Metric) -> str:
    # A shared metric object keeps the bootstrap settings of an earlier corpus_score;
    # these figures were not bootstrapped, so their signature must not say so.
    signature = metric.get_signature()
    signature.info.update(bs=None, seed=None)
    return signature.format()


def sentence_chrf(hypotheses: Sequence[str], references: Sequence[str]) -> tuple[list[float], str]:
    """Sentence-level chrF++ of every segment, and the signature.

    Returns:
        the scores, in order, and the sacreBLEU signature of the metric.
    """
    _check_lengths(hypotheses, references)
    metric = CHRF(word_order=2)
    scores = [float(metric.sentence_score(hyp, [ref]).score) for hyp, ref in zip(hypotheses, references)]
    return scores, metric.get_signature().format()


def paired_significance(
    systems: Sequence[tuple[str, Sequence[str]]],
    references: Sequence[str],
    lang: str,
    n_samples: int = DEFAULT_BOOTSTRAP,
    metric_set: MetricSet | None = None,
) -> dict[str, dict[str, MetricScore]]:
    """Paired bootstrap resampling of every system against the first (the baseline).

    Args:
        systems: ``(name, hypotheses)`` pairs; at least two; same length as ``references``.
        references: one reference per segment.
        lang: ``en`` or ``zh``.
        n_samples: bootstrap resamples.
        metric_set: share segment statistics with other calls.

    Returns:
        system name -> metric key -> score with bootstrap mean, ci and (except
        for the baseline) the p-value of its difference from the baseline.
    """
    if len(systems) < 2:
        raise ValueError("a paired test needs at least two systems")
    for _, hypotheses in systems:
        _check_lengths(hypotheses, references)
    metrics = (metric_set or MetricSet(lang)).metrics
    test = PairedTest([(name, list(h)) for name, h in systems], metrics, [list(references)], test_type="bs", n_samples=n_samples)
    signatures, table = test()
    results = _paired_results(systems, metrics, signatures, table)
    return _identical_outputs_are_not_significant(systems, results)


def _identical_outputs_are_not_significant(systems, results):  # type: ignore[no-untyped-def]
    # sacreBLEU counts resampled differences strictly greater than the real one,
    # so a system identical to the baseline gets p = 1/(n+1), "significant".
    # Identical outputs cannot differ: report p = 1 for them.
    baseline = list(systems[0][1])
    for name, hypotheses in systems[1:]:
        if list(hypotheses) == baseline:
            results[name] = {key: replace(score, p_value=1.0) for key, score in results[name].items()}
    return results


@dataclass(frozen=True)
class PairedTermTest:
    """Term success of a system against the baseline on the same resampled segments."""

    p_value: float
    mean: float
    ci: float


def paired_term_test(baseline: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]],
                     n_samples: int = DEFAULT_BOOTSTRAP) -> PairedTermTest | None:
    """Paired bootstrap resampling of term success, as sacreBLEU's ``PairedTest(test_type="bs")`` does it.

    Args:
        baseline: per segment, the baseline's ``(hits, pinned terms)``.
        system: the same for the compared system, segment for segment.
        n_samples: bootstrap resamples.

    Returns:
        the p-value of the difference, and the system's bootstrap mean and 95% half-width;
        None when no segment has a pinned term. Identical hits give p = 1.

        >>> paired_term_test([(1, 1), (1, 1)], [(1, 1), (1, 1)], 10).p_value
        1.0
    """
    if len(baseline) != len(system):
        raise ValueError(f"{len(baseline)} baseline segments but {len(system)} system segments")
    base, other = np.array(baseline, dtype="float64"), np.array(system, dtype="float64")
    if not len(base) or base[:, 1].sum() == 0:
        return None
    seed = os.environ.get("SACREBLEU_SEED", "12345")
    rng = np.random.default_rng(None if seed.lower() == "none" else int(seed))
    idxs = rng.choice(len(base), size=(n_samples, len(base)), replace=True)
    scores_base, scores_system = _term_rates(base[idxs]), _term_rates(other[idxs])
    mean, ci = estimate_ci(scores_system)
    if np.array_equal(base[:, 0], other[:, 0]):
        return PairedTermTest(1.0, float(mean), float(ci))
    real = abs(_term_rates(base[None])[0] - _term_rates(other[None])[0])
    sample_diffs = np.abs(scores_system - scores_base)
    return PairedTermTest(float(_compute_p_value(sample_diffs - sample_diffs.mean(), real)), float(mean), float(ci))


def _term_rates(samples: np.ndarray) -> np.ndarray:
    """Term success (0-100) of each resample (``samples``: resample x segment x (hits, total))."""
    totals = samples[..., 1].sum(axis=-1)
    return np.where(totals > 0, 100.0 * samples[..., 0].sum(axis=-1) / np.maximum(totals, 1), 0.0)


def length_ratio(hypotheses: Sequence[str], references: Sequence[str], lang: str, metric_set: MetricSet | None = None) -> float:
    """Hypothesis length over reference length, in BLEU's tokens (sacreBLEU's ``ratio``)."""
    result = (metric_set or MetricSet(lang)).metrics["bleu"].corpus_score(list(hypotheses), [list(references)])
    return float(result.sys_len) / float(result.ref_len) if result.ref_len else 0.0


def _paired_results(systems, metrics, signatures, table) -> dict[str, dict[str, MetricScore]]:  # type: ignore[no-untyped-def]
    # PairedTest keys its table by the score name ("BLEU", "chrF2++", "TER").
    names = [name for name in table if name != "System"]
    results: dict[str, dict[str, MetricScore]] = {name: {} for name, _ in systems}
    for key, score_name in zip(metrics, names):
        signature = signatures[score_name].format()
        for (system, _), result in zip(systems, table[score_name]):
            results[system][key] = MetricScore(
                key, score_name, float(result.score), signature,
                _float(result.mean), _float(result.ci), _float(result.p_value),
            )
    return results


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _check_lengths(hypotheses: Sequence[str], references: Sequence[str]) -> None:
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    if not hypotheses:
        raise ValueError("nothing to score: no segments")

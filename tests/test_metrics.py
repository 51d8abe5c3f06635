"""eval/metrics.py: figures equal the sacreBLEU command line; intervals and paired tests behave."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sacrebleu.metrics.base import Metric

from tamngu.eval.metrics import MetricSet, corpus_scores, grouped_scores, paired_significance, sentence_chrf

EN_REFS = [
    "Lao Cai Provincial Party Secretary Trinh Viet Hung received Wang Ning.",
    "The two provinces agreed to expand cooperation in trade and tourism.",
    "The Lao Cai - Hanoi - Hai Phong railway will start at the border.",
    "Both sides praised the traditional friendship.",
]
EN_HYPS = [
    "Secretary Trinh Viet Hung of Lao Cai received Wang Ning.",
    "The two provinces agreed to widen cooperation in trade and tourism.",
    "The Lao Cai-Hanoi-Hai Phong railway starts at the border crossing.",
    "the two sides praised their traditional friendship .",
]
ZH_REFS = ["老街省委书记郑越雄会见了王宁。", "两省同意扩大贸易和旅游合作。", "老街—河内—海防铁路将从边境起步。", "双方赞扬了传统友谊。"]
ZH_HYPS = ["老街省委书记郑越雄会见王宁。", "两省同意扩大贸易、旅游合作。", "老街-河内-海防铁路从边境开始。", "双方称赞传统友好。"]

# (lang, command-line tokenizer and TER flags matching eval.metrics.make_metrics)
CLI_FLAGS = {
    "en": ["-tok", "13a"],
    "zh": ["-tok", "zh", "--ter-normalized", "--ter-asian-support"],
}


def _sacrebleu_cli(tmp_path: Path, hypotheses: list[str], references: list[str], flags: list[str]) -> list[dict]:
    ref_file, hyp_file = tmp_path / "ref.txt", tmp_path / "hyp.txt"
    ref_file.write_text("\n".join(references) + "\n", encoding="utf-8")
    hyp_file.write_text("\n".join(hypotheses) + "\n", encoding="utf-8")
    executable = shutil.which("sacrebleu")
    command = [executable] if executable else [sys.executable, "-m", "sacrebleu"]
    command += [str(ref_file), "-i", str(hyp_file), "-m", "bleu", "chrf", "ter", "--chrf-word-order", "2",
                *flags, "-f", "json", "-w", "6"]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(completed.stdout)


@pytest.mark.parametrize(("lang", "hypotheses", "references"), [("en", EN_HYPS, EN_REFS), ("zh", ZH_HYPS, ZH_REFS)])
def test_scores_equal_the_sacrebleu_command_line(tmp_path: Path, lang: str, hypotheses: list[str], references: list[str]) -> None:
    cli = {row["name"]: row for row in _sacrebleu_cli(tmp_path, hypotheses, references, CLI_FLAGS[lang])}
    shared = MetricSet(lang)
    corpus_scores(list(reversed(hypotheses)), references, lang, n_bootstrap=1, metric_set=shared)  # another corpus first
    for ours in (corpus_scores(hypotheses, references, lang, n_bootstrap=1),
                 corpus_scores(hypotheses, references, lang, n_bootstrap=1, metric_set=shared)):
        for key, name in (("bleu", "BLEU"), ("chrf", "chrF2++"), ("ter", "TER")):
            assert ours[key].name == name
            assert round(ours[key].score, 6) == pytest.approx(cli[name]["score"], abs=1e-6)
            assert ours[key].signature == cli[name]["signature"]


@pytest.mark.parametrize(("lang", "tokenizer"), [("en", "tok:13a"), ("zh", "tok:zh")])
def test_every_figure_carries_its_signature(lang: str, tokenizer: str) -> None:
    scores = corpus_scores(EN_HYPS if lang == "en" else ZH_HYPS, EN_REFS if lang == "en" else ZH_REFS, lang, n_bootstrap=50)
    assert tokenizer in scores["bleu"].signature
    assert "nw:2" in scores["chrf"].signature
    assert all("bs:50" in score.signature and "version:" in score.signature for score in scores.values())


def test_shared_metric_set_extracts_statistics_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    extract = Metric._extract_corpus_statistics

    def counting(self, hypotheses, references):  # type: ignore[no-untyped-def]
        calls.append(type(self).__name__)
        return extract(self, hypotheses, references)

    monkeypatch.setattr(Metric, "_extract_corpus_statistics", counting)
    shared = MetricSet("en")
    corpus_scores(EN_HYPS, EN_REFS, "en", n_bootstrap=20, metric_set=shared)
    grouped_scores(EN_HYPS, EN_REFS, "en", {"all": [0, 1, 2, 3]}, metric_set=shared)
    paired_significance([("a", EN_HYPS), ("b", EN_REFS)], EN_REFS, "en", n_samples=20, metric_set=shared)
    assert sorted(calls) == ["BLEU", "BLEU", "CHRF", "CHRF", "TER", "TER"]  # 2 hypothesis lists x 3 metrics


def test_bootstrap_interval_brackets_the_mean() -> None:
    scores = corpus_scores(EN_HYPS, EN_REFS, "en", n_bootstrap=200)
    for score in scores.values():
        low, high = score.interval()  # type: ignore[misc]
        assert low <= score.mean <= high  # type: ignore[operator]
        assert score.ci > 0  # type: ignore[operator]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bootstrap_equals_sacrebleu_corpus_score(lang: str) -> None:
    from tamngu.eval.metrics import make_metrics

    hypotheses, references = (EN_HYPS, EN_REFS) if lang == "en" else (ZH_HYPS, ZH_REFS)
    ours = corpus_scores(hypotheses, references, lang, n_bootstrap=100)
    for key, metric in make_metrics(lang).items():
        theirs = metric.corpus_score(hypotheses, [references], n_bootstrap=100)
        assert (ours[key].mean, ours[key].ci) == pytest.approx((theirs._mean, theirs._ci), abs=1e-4)
        assert ours[key].signature == metric.get_signature().format()


def test_bootstrap_survives_resamples_with_zero_chrf() -> None:
    # sacreBLEU's own CHRF().corpus_score(..., n_bootstrap=200) raises TypeError (float vs float32) here:
    # resamples without the one matching segment score a Python 0.0, the others a numpy float32.
    hypotheses = ["王宁讲话。"] + ["xyz"] * 7
    references = ["王宁讲话。"] + ["老街省发展。"] * 7
    chrf = corpus_scores(hypotheses, references, "zh", n_bootstrap=200)["chrf"]
    assert chrf.mean is not None and chrf.ci is not None and chrf.ci > 0


def test_identical_hypotheses_score_perfectly() -> None:
    scores = corpus_scores(ZH_REFS, ZH_REFS, "zh", n_bootstrap=1)
    assert (round(scores["bleu"].score, 6), scores["chrf"].score, scores["ter"].score) == (100.0, 100.0, 0.0)
    assert scores["bleu"].mean is None


@pytest.mark.parametrize(("lang", "hypotheses", "references"), [("en", EN_HYPS, EN_REFS), ("zh", ZH_HYPS, ZH_REFS)])
def test_grouped_scores_equal_corpus_scores_of_each_subset(lang: str, hypotheses: list[str], references: list[str]) -> None:
    groups = {"a": [0, 2], "b": [1], "c": [3, 1]}
    grouped, signatures = grouped_scores(hypotheses, references, lang, groups)
    assert signatures["bleu"] == corpus_scores(hypotheses, references, lang, n_bootstrap=1)["bleu"].signature
    for name, index in groups.items():
        subset = corpus_scores([hypotheses[i] for i in index], [references[i] for i in index], lang, n_bootstrap=1)
        assert grouped[name] == {key: score.score for key, score in subset.items()}


def test_sentence_chrf_per_segment() -> None:
    scores, signature = sentence_chrf(["Wang Ning spoke.", "nothing alike"], ["Wang Ning spoke.", "Lao Cai"])
    assert scores[0] == pytest.approx(100.0)
    assert scores[1] < 20
    assert "nw:2" in signature


@pytest.mark.parametrize(
    ("system", "significant"),
    [(EN_REFS, True), (EN_HYPS, False)],  # perfect vs baseline: significant; identical to baseline: p = 1
)
def test_paired_bootstrap(system: list[str], significant: bool) -> None:
    results = paired_significance([("base", EN_HYPS), ("other", system)], EN_REFS, "en", n_samples=200)
    assert results["base"]["bleu"].p_value is None
    p_value = results["other"]["bleu"].p_value
    assert (p_value < 0.05) is significant  # type: ignore[operator]
    if not significant:
        assert p_value == 1.0
    assert "bs:200" in results["other"]["chrf"].signature


@pytest.mark.parametrize(("hypotheses", "references"), [([], []), (["a"], ["a", "b"])])
def test_bad_lengths_are_refused(hypotheses: list[str], references: list[str]) -> None:
    with pytest.raises(ValueError):
        corpus_scores(hypotheses, references, "en")


@pytest.mark.parametrize(
    ("baseline", "system", "expected_p"),
    [
        ([(1, 1), (2, 2), (0, 0)], [(1, 1), (2, 2), (0, 0)], 1.0),  # identical hits cannot differ
        ([(0, 1), (0, 2), (0, 1)] * 4, [(1, 1), (2, 2), (1, 1)] * 4, 1 / 101),  # every resample differs by 100 points
        ([(1, 2), (0, 1)] * 5, [(1, 2), (0, 1)] * 5, 1.0),
    ],
)
def test_paired_term_test(baseline: list[tuple[int, int]], system: list[tuple[int, int]], expected_p: float) -> None:
    from tamngu.eval.metrics import paired_term_test

    result = paired_term_test(baseline, system, n_samples=100)
    assert result is not None and result.p_value == pytest.approx(expected_p)


@pytest.mark.parametrize(("baseline", "system"), [([(0, 0), (0, 0)], [(0, 0), (0, 0)]), ([], [])])
def test_paired_term_test_without_pinned_terms_is_none(baseline: list[tuple[int, int]], system: list[tuple[int, int]]) -> None:
    from tamngu.eval.metrics import paired_term_test

    assert paired_term_test(baseline, system, n_samples=10) is None


def test_paired_term_test_needs_the_same_segments() -> None:
    from tamngu.eval.metrics import paired_term_test

    with pytest.raises(ValueError, match="2 baseline segments but 1 system segments"):
        paired_term_test([(1, 1), (1, 1)], [(1, 1)], n_samples=10)


@pytest.mark.parametrize(
    ("hypotheses", "references", "lang", "ratio"),
    [
        (["a b c d"], ["a b"], "en", 2.0),
        (["a b", "c"], ["a b c", "d e f"], "en", 0.5),
        (["老街老街"], ["老街"], "zh", 2.0),  # Chinese counts characters (tok:zh)
        (["Lao Cai."], ["Lao Cai."], "en", 1.0),
    ],
)
def test_length_ratio(hypotheses: list[str], references: list[str], lang: str, ratio: float) -> None:
    from tamngu.eval.metrics import length_ratio

    assert length_ratio(hypotheses, references, lang) == pytest.approx(ratio)

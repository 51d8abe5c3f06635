"""The batch driver's parts: records, the executor protocol, progress events, decoding settings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.matcher import Matcher
from tamngu.translate.batch import run_batch
from tamngu.translate.config import NON_DECODING_SETTINGS, TranslateConfig
from tamngu.translate.executor import Executor, JobResult, LocalExecutor, TranslationJob, job_windows
from tamngu.translate.records import SegmentRecord, TargetRecord
from tamngu.translate.runner import BatchProgress

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# 002 repeats eleven of 000's sentences (served from the memory once committed)
TWO_SEEDS = [SEEDS / "000_3a4965e06602310f.txt", SEEDS / "002_455caeea9bf3c048.txt"]
TERM = {"entry_id": "lao-cai", "type": "place", "source_text": "Lào Cai", "source_start": 0, "source_end": 7,
        "required": "Lao Cai", "alternatives": ["Lao Cai"], "satisfied": True, "target_start": 0}  # fmt: skip


@dataclasses.dataclass
class EchoTarget:
    text: str
    path: str
    terms: list[dict[str, object]]


@dataclasses.dataclass
class EchoResult:
    targets: dict[str, EchoTarget]


class EchoTranslator:
    """Writes the language, the source length and the source back; no terms."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, tuple[str, ...]]] = []

    def translate(self, segments: Sequence[str], targets: Sequence[str] = ("en",), on_date: dt.date | None = None):  # type: ignore[no-untyped-def]
        self.calls.append((len(segments), tuple(targets)))
        return [EchoResult({lang: EchoTarget(f"<{lang}:{len(s)}> {s}", "off", []) for lang in targets}) for s in segments]

    def translate_english(self, segments: Sequence[str], english: Sequence[str], on_date: dt.date | None = None):  # type: ignore[no-untyped-def]
        self.calls.append((len(segments), ("zh",)))
        return [EchoResult({"zh": EchoTarget(f"<zh:{len(s)}> {e}", "off", [])}) for s, e in zip(segments, english)]


class ReversingExecutor:
    """Pulls every job it can, then answers them last to first (as a pool of workers may); drops the first ``drop``."""

    def __init__(self, drop: int = 0) -> None:
        self.local = LocalExecutor(EchoTranslator)
        self.drop = drop

    def run(self, jobs: Iterator[TranslationJob | None]) -> Iterator[JobResult]:
        for window in job_windows(jobs, 1000):
            kept, self.drop = window[self.drop :], max(0, self.drop - len(window))
            for job in reversed(kept):
                yield next(self.local.run(iter([job])))


def _batch(out: Path, executor: Executor, **kwargs):  # type: ignore[no-untyped-def]
    config = TranslateConfig(model_en="fake/vi-en", model_zh="fake/en-zh", device="cpu")
    return run_batch([SEEDS], out, ("en", "zh"), config, load_glossary(None), executor=executor, segments_per_call=3, **kwargs)


def _outputs(run_dir: Path) -> dict[str, bytes]:
    skip = ("manifest.json", "memory.sqlite", ".lock")
    return {str(p.relative_to(run_dir)): p.read_bytes() for p in sorted(run_dir.rglob("*"))
            if p.is_file() and not p.name.startswith(skip)}  # fmt: skip


# ---------------------------------------------------------------- records


@pytest.mark.parametrize(
    "record",
    [TargetRecord("", "hard"), TargetRecord("Lao Cai province", "hard", (TERM,)), TargetRecord("老街省", "ct2-soft", (TERM, TERM))],
)
def test_target_record_round_trip(record: TargetRecord) -> None:
    assert TargetRecord.from_dict(record.to_dict()) == record
    assert record.terms_satisfied == len(record.terms)


def test_segment_record_round_trip() -> None:
    record = SegmentRecord("a:body:2.1", "body", 2, 1, "Lào Cai.", {"en": TargetRecord("Lao Cai.", "hard", (TERM,))})
    data = record.to_dict()
    assert list(data) == ["id", "part", "paragraph", "sentence", "source", "targets"]
    assert SegmentRecord.from_dict(data) == record


@pytest.mark.parametrize(
    ("source", "spans"),
    [("Hôm nay Lào Cai họp.", [("Lào Cai", 8, 15)]), ("Hôm nay họp.", None)],
)
def test_rebased_points_term_spans_at_the_new_source(source: str, spans: list[tuple[str, int, int]] | None) -> None:
    glossary = load_glossary(None)
    (entry_id,) = {m.entry.id for m in Matcher(glossary).find("Lào Cai")}
    stored = TargetRecord("Lao Cai", "hard", ({**TERM, "entry_id": entry_id},))
    rebased = stored.rebased(Matcher(glossary).find(source))
    got = None if rebased is None else [(t["source_text"], t["source_start"], t["source_end"]) for t in rebased.terms]
    assert got == spans


# ---------------------------------------------------------------- executors


def test_results_in_any_order_write_the_same_outputs(tmp_path: Path) -> None:
    in_order = _batch(tmp_path / "local", LocalExecutor(EchoTranslator))
    reversed_ = _batch(tmp_path / "reversed", ReversingExecutor())
    assert _outputs(tmp_path / "reversed") == _outputs(tmp_path / "local")
    assert reversed_.segments == in_order.segments
    # pulling every job first, it misses sentences an earlier article commits: translated twice, never lost
    assert reversed_.translated >= in_order.translated


def test_local_executor_builds_no_translator_for_a_served_run(tmp_path: Path) -> None:
    _batch(tmp_path / "run", LocalExecutor(EchoTranslator))
    built: list[EchoTranslator] = []
    summary = _batch(tmp_path / "run", LocalExecutor(lambda: built.append(EchoTranslator()) or built[-1]))
    assert built == [] and summary.translated == 0 and summary.cache_hits == 2 * summary.segments


def test_executor_that_drops_a_job_fails_the_run(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no result for 1 job"):
        _batch(tmp_path / "run", ReversingExecutor(drop=1))
    assert not list((tmp_path / "run").glob("*.tmx"))


def test_progress_events_count_every_segment_and_name_articles_in_order(tmp_path: Path) -> None:
    events: list[BatchProgress] = []
    summary = _batch(tmp_path / "run", LocalExecutor(EchoTranslator), on_progress=events.append)
    assert [e.done for e in events] == sorted(e.done for e in events)
    assert events[-1] == BatchProgress(summary.segments, summary.segments, events[-1].article)
    assert [e.article for e in events if e.article] == sorted(p.stem for p in SEEDS.glob("*.txt"))


class Killed(Exception):
    """What the recording executor raises in place of a kill."""


class RecordingExecutor:
    """The local executor, recording every job whose result it gave back; ``stop`` results in, it is killed."""

    def __init__(self, stop: int | None = None, translator: Callable[[], Any] = EchoTranslator) -> None:
        self.local = LocalExecutor(translator)
        self.stop = stop
        self.jobs: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []

    def run(self, jobs: Iterator[TranslationJob | None]) -> Iterator[JobResult]:
        for result in self.local.run(jobs):
            if self.stop is not None and len(self.jobs) >= self.stop:
                raise Killed
            self.jobs.append((result.job.lang, result.job.sources, result.job.pivots))
            yield result


def _two_seeds(out: Path, memory: Path, targets: tuple[str, ...], executor: Executor, inputs: list[Path] = TWO_SEEDS,
               **kwargs: Any) -> Any:  # fmt: skip
    config = TranslateConfig(model_en="fake/vi-en", model_zh="fake/en-zh", device="cpu")
    return run_batch(inputs, out, targets, config, load_glossary(None), executor=executor, memory_path=memory,
                     segments_per_call=3, **kwargs)  # fmt: skip


@pytest.mark.parametrize(
    ("before", "targets", "stop"),
    [
        (None, ("en", "zh"), 0), (None, ("en", "zh"), 1), (None, ("en", "zh"), 2), (None, ("en", "zh"), 9),
        (None, ("zh",), 1), (None, ("zh",), 6), (None, ("en",), 4),
        # a memory that holds the second article in one language: the other language's groups differ from the first's
        (("en",), ("en", "zh"), 3), (("en",), ("zh",), 2), (("zh",), ("en", "zh"), 2), (("zh",), ("en", "zh"), 5),
    ],
)  # fmt: skip
def test_a_killed_run_resumes_with_exactly_the_groups_it_had_not_committed(
    tmp_path: Path, before: tuple[str, ...] | None, targets: tuple[str, ...], stop: int
) -> None:
    """Kill after ``stop`` results: the groups committed plus the rerun's are the uninterrupted run's, outputs equal."""
    if before is not None:
        _two_seeds(tmp_path / "before", tmp_path / "memory.sqlite", before, LocalExecutor(EchoTranslator), TWO_SEEDS[1:])
    for name in ("clean", "killed"):
        if before is not None:
            shutil.copy(tmp_path / "memory.sqlite", tmp_path / f"{name}.sqlite")
    clean = RecordingExecutor()
    _two_seeds(tmp_path / "clean", tmp_path / "clean.sqlite", targets, clean)
    killed = RecordingExecutor(stop)
    with pytest.raises(Killed):
        _two_seeds(tmp_path / "killed", tmp_path / "killed.sqlite", targets, killed)
    assert len(killed.jobs) == stop < len(clean.jobs)
    resumed = RecordingExecutor()
    _two_seeds(tmp_path / "killed", tmp_path / "killed.sqlite", targets, resumed)
    assert sorted(killed.jobs + resumed.jobs) == sorted(clean.jobs)
    assert _outputs(tmp_path / "killed") == _outputs(tmp_path / "clean")


@pytest.mark.parametrize(("targets", "groups"), [(("en",), [("en", 3)]), (("en", "zh"), [("en", 3), ("zh", 3)]), (("zh",), [("en", 3), ("zh", 3)])])
def test_a_group_is_one_language_and_chinese_reads_the_english_it_follows(targets: tuple[str, ...], groups: list[tuple[str, int]],
                                                                          tmp_path: Path) -> None:  # fmt: skip
    recorder = RecordingExecutor()
    summary = _two_seeds(tmp_path / "run", tmp_path / "memory.sqlite", targets, recorder)
    assert [(lang, len(sources)) for lang, sources, _ in recorder.jobs[: len(groups)]] == groups
    english = {source: f"<en:{len(source)}> {source}" for lang, sources, _ in recorder.jobs if lang == "en" for source in sources}
    assert all(pivots == tuple(english[s] for s in sources) for lang, sources, pivots in recorder.jobs if lang == "zh")
    # an English made only as a pivot is kept (a rerun pivots from it) but is no translation of the run
    assert summary.translated == sum(len(sources) for lang, sources, _ in recorder.jobs if lang in targets)


class HalvingTranslator(EchoTranslator):
    """Reports each segment in two halves, as the pipeline does for a segment decoded in two pieces."""

    def translate(self, segments, targets=("en",), on_date=None, progress=None):  # type: ignore[no-untyped-def, override]
        for _ in range(2 * len(segments)):
            if progress is not None:
                progress(0.5)
        return super().translate(segments, targets, on_date)


def test_progress_comes_inside_a_group_and_in_fractions(tmp_path: Path) -> None:
    events: list[BatchProgress] = []
    summary = _two_seeds(tmp_path / "run", tmp_path / "memory.sqlite", ("en",), LocalExecutor(HalvingTranslator),
                         on_progress=events.append)  # fmt: skip
    done = [event.done for event in events]
    assert done == sorted(done) and done[-1] == summary.segments
    assert any(value != int(value) for value in done)  # half a segment shows as half


# ---------------------------------------------------------------- settings that change a translation


@pytest.mark.parametrize(
    ("change", "changes_translation"),
    [({"device": "cuda"}, False), ({"threads": 3}, False), ({"batch_tokens": 64}, False), ({"cache_dir": "/x"}, False),
     ({"model_en": "other/vi-en"}, False), ({"model_zh": "other/en-zh"}, False),
     ({"beams": 2}, True), ({"constraints": "soft"}, True), ({"engine": "ct2"}, True), ({"length_offset": 3}, True)],
)  # fmt: skip
def test_decoding_settings_leave_out_exactly_the_non_decoding_ones(change: dict[str, object], changes_translation: bool) -> None:
    base = TranslateConfig()
    assert (base.replace(**change).decoding_settings() != base.decoding_settings()) is changes_translation
    assert (next(iter(change)) in NON_DECODING_SETTINGS) is not changes_translation

"""Batch runs on Ray Data (issue 14): the same jobs, the same bytes, resumable after a killed driver.

The first tests need no Ray: the driver must make the same jobs however far
ahead an executor pulls (that is what lets a pool of workers match a local run
byte for byte), the pool is sized from the cluster's resources, and
``--executor ray`` without Ray says how to install it. The tests marked
``ray`` start one small local Ray instance for the module (2 CPUs, no
dashboard, a small object store) and run two seed articles through it on the
tiny random models: every output file must equal the local run's, and a driver
killed with SIGKILL mid-run must resume to the same files with nothing lost or
translated twice.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tamngu.glossary.loader import load_glossary
from tamngu.glossary.model import Glossary
from tamngu.translate.batch import run_batch
from tamngu.translate.config import TranslateConfig
from tamngu.translate.executor import JobResult, LocalExecutor, TranslationJob, job_windows
from tamngu.translate.ray_executor import INSTALL_HINT, RayNotInstalledError, RaySettings, _pool_size, require_ray

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# 002 repeats eleven of 000's sentences: a later article waits for jobs still in flight
TWO_SEEDS = [SEEDS / "000_3a4965e06602310f.txt", SEEDS / "002_455caeea9bf3c048.txt"]
SEGMENTS_PER_JOB = 4
ACTORS = 2


class EchoTarget:
    def __init__(self, text: str) -> None:
        self.text, self.path, self.terms = text, "off", []


class EchoResult:
    def __init__(self, source: str, targets: tuple[str, ...]) -> None:
        self.targets = {lang: EchoTarget(f"<{lang}> {source}") for lang in targets}


class EchoTranslator:
    def translate(self, segments, targets=("en",), on_date=None, **_: Any):  # type: ignore[no-untyped-def]
        return [EchoResult(source, tuple(targets)) for source in segments]

    def translate_english(self, segments, english, on_date=None, **_: Any):  # type: ignore[no-untyped-def]
        return [EchoResult(pivot, ("zh",)) for pivot in english]


class RecordingExecutor:
    """Records every job; with ``ahead`` it pulls them all before answering any (as a pool of workers may)."""

    def __init__(self, ahead: bool) -> None:
        self.ahead = ahead
        self.jobs: list[tuple[tuple[str, ...], ...]] = []
        self.local = LocalExecutor(EchoTranslator)

    def run(self, jobs: Iterator[TranslationJob | None]) -> Iterator[JobResult]:
        for window in job_windows(jobs, 1000 if self.ahead else 1):
            for job in window:
                self.jobs.append((job.sources, job.targets, job.pivots))
                yield next(self.local.run(iter([job])))


def _snapshot(run_dir: Path) -> dict[str, bytes]:
    """Every output file's bytes; the manifest without its creation time and executor."""
    files = {str(p.relative_to(run_dir)): p.read_bytes() for p in sorted(run_dir.rglob("*"))
             if p.is_file() and not p.name.startswith((".", "memory.sqlite"))}  # fmt: skip
    manifest = json.loads(files.pop("manifest.json"))
    manifest.pop("created")
    manifest.pop("executor")
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


# ---------------------------------------------------------------- without Ray


def test_pulling_ahead_makes_exactly_the_jobs_of_a_local_run(tmp_path: Path) -> None:
    glossary = load_glossary(None)
    config = TranslateConfig(model_en="fake/vi-en", model_zh="fake/en-zh", device="cpu")
    runs = {}
    for name, ahead in (("local", False), ("ahead", True)):
        executor = RecordingExecutor(ahead)
        summary = run_batch(TWO_SEEDS, tmp_path / name, ("en", "zh"), config, glossary, executor=executor,
                            segments_per_call=SEGMENTS_PER_JOB)  # fmt: skip
        runs[name] = (sorted(executor.jobs), summary.translated, summary.cache_hits, _snapshot(tmp_path / name))
    assert runs["ahead"] == runs["local"]  # handed out in another order (Chinese groups wait for their English), the same jobs
    assert runs["local"][2] > 0  # 002's repeated sentences were served, not sent again


@pytest.mark.parametrize(
    ("resources", "settings", "device", "expected"),
    [
        ({"CPU": 2.0}, RaySettings(), "auto", (2, 0.0)),
        ({"CPU": 16.0}, RaySettings(cpus_per_actor=4), "auto", (4, 0.0)),
        ({"CPU": 16.0, "GPU": 2.0}, RaySettings(), "auto", (2, 1.0)),
        ({"CPU": 16.0, "GPU": 2.0}, RaySettings(), "cpu", (16, 0.0)),
        ({"CPU": 16.0, "GPU": 4.0}, RaySettings(gpus_per_actor=0.5), "cuda", (8, 0.5)),
        ({"CPU": 16.0, "GPU": 2.0}, RaySettings(actors=3), "auto", (3, 1.0)),
        ({"CPU": 0.5}, RaySettings(), "auto", (1, 0.0)),
    ],
)
def test_pool_size(resources: dict[str, float], settings: RaySettings, device: str, expected: tuple[int, float]) -> None:
    assert _pool_size(resources, settings, device) == expected


def test_without_ray_the_executor_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from tamngu.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails as if it were not installed
    with pytest.raises(RayNotInstalledError, match=INSTALL_HINT.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")):
        require_ray()
    monkeypatch.setattr("sys.argv", ["tamngu", "translate", str(TWO_SEEDS[1]), "--out", str(tmp_path / "run"), "--executor", "ray"])
    with pytest.raises(SystemExit) as caught:
        main()
    err = capsys.readouterr().err
    assert caught.value.code == 2 and err.count("\n") == 1 and INSTALL_HINT in err
    assert not (tmp_path / "run").exists()  # refused before any work


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--executor", "spark"], "--executor must be one of local, ray, got 'spark'"),
        (["--ray-address", "auto"], "--ray-address and --ray-actors need --executor ray"),
        (["--ray-actors", "2"], "--ray-address and --ray-actors need --executor ray"),
    ],
)
def test_bad_executor_options(args: list[str], message: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from tamngu.cli import main

    monkeypatch.setattr("sys.argv", ["tamngu", "translate", str(TWO_SEEDS[1]), "--out", str(tmp_path / "run"), *args])
    with pytest.raises(SystemExit) as caught:
        main()
    assert (caught.value.code, capsys.readouterr().err) == (2, f"error: {message}\n")


# ---------------------------------------------------------------- on a local Ray instance


@pytest.fixture(scope="module")
def ray_address() -> Iterator[str]:
    """A local Ray instance for this module: 2 CPUs, no dashboard, a small object store."""
    ray = pytest.importorskip("ray", reason=f"Ray is not installed ({INSTALL_HINT})")
    pytest.importorskip("ray.data", reason=f"Ray Data is not installed ({INSTALL_HINT})")
    # address="local": a new instance even where a stale /tmp/ray/ray_current_cluster names a dead one
    ray.init(address="local", num_cpus=2, include_dashboard=False, object_store_memory=100 * 1024**2, log_to_driver=False,
             configure_logging=False)  # fmt: skip
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


def _config(tiny_models: dict[str, Path]) -> TranslateConfig:
    # short greedy outputs keep the random models quick; the pins still force every term in
    return TranslateConfig(model_en=str(tiny_models["en"]), model_zh=str(tiny_models["zh"]), device="cpu",
                           beams=1, length_ratio=0.25, length_offset=2)  # fmt: skip


@pytest.fixture(scope="module")
def frozen_glossary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the curated glossary: the data may change while the suite runs."""
    import shutil

    from tamngu.glossary.loader import default_glossary_dir

    copy = tmp_path_factory.mktemp("glossary") / "data"
    shutil.copytree(default_glossary_dir(), copy)
    return copy


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory, tiny_models: dict[str, Path], frozen_glossary: Path) -> tuple[Path, Any]:
    """The two seed articles translated by the local executor: the reference."""
    out = tmp_path_factory.mktemp("local") / "run"
    summary = run_batch(TWO_SEEDS, out, ("en", "zh"), _config(tiny_models), load_glossary(frozen_glossary),
                        segments_per_call=SEGMENTS_PER_JOB)  # fmt: skip
    return out, summary


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")  # Ray's own DataContext set-up
def test_ray_run_writes_every_file_byte_for_byte_as_local(
    ray_address: str, local_run: tuple[Path, Any], tiny_models: dict[str, Path], frozen_glossary: Path, tmp_path: Path
) -> None:
    import ray

    from tamngu.translate.ray_executor import RayExecutor

    glossary: Glossary = load_glossary(frozen_glossary)
    with RayExecutor(_config(tiny_models), glossary, RaySettings(actors=ACTORS)) as executor:
        summary = run_batch(TWO_SEEDS, tmp_path / "ray", ("en", "zh"), _config(tiny_models), glossary, executor=executor,
                            segments_per_call=SEGMENTS_PER_JOB)  # fmt: skip
    reference, local = local_run
    assert _snapshot(tmp_path / "ray") == _snapshot(reference)
    assert (summary.translated, summary.cache_hits) == (local.translated, local.cache_hits)
    executor_record = json.loads((tmp_path / "ray/manifest.json").read_text())["executor"]
    assert executor_record == {"name": "ray", "actors": ACTORS, "gpus_per_actor": 0.0, "ray_version": ray.__version__,
                               "address": "local"}  # fmt: skip
    assert json.loads((reference / "manifest.json").read_text())["executor"] == {"name": "local"}


_DRIVER = """
import sys
from pathlib import Path
from tamngu.glossary.loader import load_glossary
from tamngu.translate.batch import run_batch
from tamngu.translate.config import TranslateConfig
from tamngu.translate.ray_executor import RayExecutor, RaySettings
address, model_en, model_zh, glossary_dir, out, *inputs = sys.argv[1:]
config = TranslateConfig(model_en=model_en, model_zh=model_zh, device="cpu", beams=1, length_ratio=0.25, length_offset=2)
glossary = load_glossary(Path(glossary_dir))
with RayExecutor(config, glossary, RaySettings(address=address, actors=%d)) as executor:
    summary = run_batch([Path(p) for p in inputs], Path(out), ("en", "zh"), config, glossary, executor=executor,
                        segments_per_call=%d)
print(summary.translated, summary.cache_hits, flush=True)
""" % (ACTORS, SEGMENTS_PER_JOB)


def _driver(ray_address: str, tiny_models: dict[str, Path], glossary_dir: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_VERBOSITY": "error"}
    args = [sys.executable, "-c", _DRIVER, ray_address, str(tiny_models["en"]), str(tiny_models["zh"]), str(glossary_dir),
            str(out), *map(str, TWO_SEEDS)]  # fmt: skip
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _committed(memory: Path) -> int:
    try:
        with sqlite3.connect(f"file:{memory}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created yet


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")  # Ray's own DataContext set-up
def test_killed_driver_resumes_to_the_same_files(
    ray_address: str, local_run: tuple[Path, Any], tiny_models: dict[str, Path], frozen_glossary: Path, tmp_path: Path
) -> None:
    """SIGKILL the driver after its first commit; the rerun finishes with nothing lost or translated twice."""
    reference, local = local_run
    out = tmp_path / "run"
    victim = _driver(ray_address, tiny_models, frozen_glossary, out)
    deadline = time.monotonic() + 300
    while _committed(out / "memory.sqlite") == 0 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    _, stderr = victim.communicate(timeout=60)
    assert victim.returncode == -signal.SIGKILL, f"the run ended before it could be killed: {stderr[-2000:]}"
    assert json.loads((out / "manifest.json").read_text())["complete"] is False
    committed = _committed(out / "memory.sqlite")
    assert 0 < committed < local.translated

    resumed = _driver(ray_address, tiny_models, frozen_glossary, out)
    stdout, stderr = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, stderr[-2000:]
    translated, hits = (int(value) for value in stdout.split())
    # nothing lost, nothing translated twice
    assert (translated + committed, hits) == (local.translated, local.cache_hits + committed), stderr[-3000:]
    assert _snapshot(out) == _snapshot(reference)
    assert _committed(out / "memory.sqlite") == local.translated

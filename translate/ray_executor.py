"""An executor that runs a batch's model work on Ray Data, with the same outputs as a local run.

The driver (:mod:`tamngu.translate.runner`) plans the run, serves the
translation memory and writes every output; only the
:class:`~tamngu.translate.executor.TranslationJob` objects the memory cannot
serve come here. Each job becomes one row of a Ray dataset; ``map_batches``
hands the rows one at a time to a fixed pool of actors, each holding one
:class:`~tamngu.translate.pipeline.Translator` whose models it loads once
(``num_gpus`` per actor when the cluster has GPUs), and each result streams
back to the driver as soon as its actor finishes it.

Why the outputs are byte-identical to a local run: an actor calls
``Translator.translate`` on exactly the job the local executor would (the same
segments in the same order, the same languages and date), so it forms the same
length batches (:func:`tamngu.translate.pipeline.length_batches`, longest first
within the token budget) and runs the same decoder; Ray only decides where.
Which jobs exist does not depend on timing: the driver never sends a segment
that an earlier job still in flight will translate. Results travel as JSON
text, which round-trips every string exactly. This holds for workers with the
same libraries on the same kind of processor; a GPU or another CPU family may
round floating point differently and pick another beam, as it would locally.

A killed driver or a lost worker loses nothing that was committed: the driver
writes each job's results to the memory as they arrive (one transaction per
job, a small group of segments in one language), and Ray Data retries a job
whose actor died. A rerun serves the committed
jobs from the memory and sends the rest again.

Jobs go to Ray in windows of ``jobs_per_window`` (or fewer, where the
driver's next jobs wait for this window's results): the driver holds the
articles of one window at a time, and each window's actors load the models once.

Ray is an optional extra (``pip install -e ".[ray]"``); this module imports it
only when an executor starts.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from tamngu import __version__
from tamngu.errors import TamnguError
from tamngu.translate.executor import JobResult, LocalExecutor, TranslationJob, job_windows

logger = logging.getLogger(__name__)

INSTALL_HINT = 'pip install -e ".[ray]"'
LOCAL_OBJECT_STORE_BYTES = 256 * 1024**2  # jobs are text: a small object store is plenty on one machine
JOBS_PER_WINDOW = 1024
_RAY_LOGGERS = ("ray", "ray.data")


class RayNotInstalledError(TamnguError):
    """``--executor ray`` without Ray Data installed."""


@dataclass(frozen=True)
class RaySettings:
    """Where and how wide a Ray run goes.

    Attributes:
        address: ``None`` starts a local Ray instance on this machine; ``"auto"``,
            or ``"HOST:6379"`` joins that cluster from one of its nodes (Ray Data
            does not run over Ray Client: ``ray://`` is refused).
        actors: translator actors (None: one per GPU when actors get GPUs, else
            one per ``cpus_per_actor`` CPUs of the cluster).
        cpus_per_actor: CPUs each actor reserves.
        gpus_per_actor: GPUs each actor reserves (None: 1 when the cluster has
            GPUs and the config's device is not "cpu", else 0).
        local_cpus: CPUs of a local instance (None: all of this machine's).
        object_store_bytes: object store of a local instance.
        jobs_per_window: jobs per Ray dataset (the driver holds one window's articles).
    """

    address: str | None = None
    actors: int | None = None
    cpus_per_actor: float = 1.0
    gpus_per_actor: float | None = None
    local_cpus: int | None = None
    object_store_bytes: int = LOCAL_OBJECT_STORE_BYTES
    jobs_per_window: int = JOBS_PER_WINDOW


class RayExecutor:
    """Translate jobs on an actor pool of a Ray cluster (or of a local instance).

    Use as a context manager: entering joins (or starts) Ray and sizes the
    pool, leaving shuts down what this executor started.

    Args:
        config: the run's :class:`~tamngu.translate.config.TranslateConfig`;
            its models must be reachable from every node (same local path or
            the same Hugging Face cache contents).
        glossary: the term base the actors pin terms from (shipped to them).
        settings: address, actor count and resources.
    """

    name = "ray"
    resolves_models = True  # run_batch checks every model on the driver before any work, as a local run does

    def __init__(self, config: Any, glossary: Any, settings: RaySettings | None = None) -> None:
        self.config = config
        self.glossary = glossary
        self.settings = settings or RaySettings()
        self.actors = 0
        self.gpus_per_actor = 0.0
        self._ray: ModuleType | None = None
        self._started = False

    def __enter__(self) -> RayExecutor:
        self._ray = require_ray()
        self._started = _connect(self._ray, self.settings)
        self.actors, self.gpus_per_actor = _pool_size(self._ray.cluster_resources(), self.settings, self.config.device)
        logger.info("ray %s: %d actor(s), %g GPU each", self._ray.__version__, self.actors, self.gpus_per_actor)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._started and self._ray is not None:
            self._ray.shutdown()
        self._started = False

    def describe(self) -> dict[str, Any]:
        """What the run manifest records: executor, actor count, Ray version, where it ran."""
        return {
            "name": self.name,
            "actors": self.actors,
            "gpus_per_actor": self.gpus_per_actor,
            "ray_version": getattr(self._ray, "__version__", None),
            "address": self.settings.address or "local",
        }

    def run(self, jobs: Iterator[TranslationJob | None]) -> Iterator[JobResult]:
        """Translate ``jobs`` on the actor pool; results come back as they finish, in any order.

        A window ends after ``jobs_per_window`` jobs or where the driver's next
        jobs wait for results (Chinese groups for their English): its results
        come back before the next window is pulled.
        """
        if self._ray is None:
            raise RuntimeError("RayExecutor.run() outside 'with RayExecutor(...)'")
        for window in job_windows(jobs, max(1, self.settings.jobs_per_window)):
            yield from self._run_window(window)

    def _run_window(self, window: list[TranslationJob]) -> Iterator[JobResult]:
        by_number = {job.number: job for job in window}
        for row in self._dataset(window).iter_rows():
            job = by_number.pop(int(row["number"]))
            yield JobResult(job, pickle.loads(row["result"]))
        if by_number:
            raise TamnguError(f"Ray returned no result for {len(by_number)} job(s); rerun the same command to resume")

    def _dataset(self, window: list[TranslationJob]) -> Any:
        import ray.data

        _quiet(ray.data.DataContext.get_current())
        # one block per job: an actor takes one job at a time, and each result streams back alone
        rows = [{"number": job.number, "job": pickle.dumps(job)} for job in window]
        return ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
            _JobWorker,
            fn_constructor_args=(self.config, self.glossary, __version__),
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=min(self.actors, len(rows))),
            num_cpus=self.settings.cpus_per_actor,
            num_gpus=self.gpus_per_actor,
            zero_copy_batch=False,
        )


class _JobWorker:
    """A Ray Data actor: one local executor (one Translator, models loaded once), one job per call."""

    def __init__(self, config: Any, glossary: Any, driver_version: str) -> None:
        if driver_version != __version__:
            raise TamnguError(
                f"this Ray worker has tamngu {__version__} and the driver {driver_version}: "
                "install the same tamngu on every node"
            )
        self.local = LocalExecutor(functools.partial(_translator, config, glossary))

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list[Any]]:
        jobs = [pickle.loads(job) for job in batch["job"]]
        results = [next(self.local.run(iter([job]))) for job in jobs]  # exactly the local executor's call
        return {"number": [job.number for job in jobs], "result": [pickle.dumps(result.targets) for result in results]}


def _translator(config: Any, glossary: Any) -> Any:
    from tamngu.translate.pipeline import Translator

    return Translator(config, glossary)  # loads each model on first use, then keeps it for the actor's life


# ---------------------------------------------------------------- Ray set-up


def require_ray() -> ModuleType:
    """The ``ray`` module with Ray Data, or a one-line error saying how to install it.

    Raises:
        RayNotInstalledError: ray (or its Data library) is not installed.
    """
    try:
        import ray
        import ray.data  # noqa: F401 - ray without the [data] extra lacks pyarrow and pandas
    except ImportError as exc:
        raise RayNotInstalledError(
            f"--executor ray needs Ray Data, which is not installed (no module {exc.name!r}); "
            f"install the extra: {INSTALL_HINT}"
        ) from None
    return ray


def _connect(ray: ModuleType, settings: RaySettings) -> bool:
    """Join the cluster at ``settings.address`` or start a local instance; True when this call connected."""
    if ray.is_initialized():
        return False  # the caller (a test, a notebook) is connected already: use that, leave it running
    for name in _RAY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    if (settings.address or "").startswith("ray://"):
        raise TamnguError(
            f"--ray-address {settings.address}: Ray Data does not run over Ray Client (ray://); run tamngu on a node "
            "of the cluster with --ray-address HEAD:6379 (or auto), for example through `ray job submit`"
        )
    quiet = {"log_to_driver": False, "configure_logging": False}
    try:
        if settings.address is not None:
            ray.init(address=settings.address, **quiet)
        else:
            # "local" starts a new instance; plain init() would join whatever /tmp/ray/ray_current_cluster names
            ray.init(address="local", num_cpus=settings.local_cpus or os.cpu_count() or 1, include_dashboard=False,
                     object_store_memory=settings.object_store_bytes, **quiet)  # fmt: skip
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = settings.address or "a local instance"
        raise TamnguError(
            f"cannot start Ray at {where} ({exc}); check --ray-address, or drop it to run on this machine"
        ) from None
    return True


def _pool_size(resources: Mapping[str, float], settings: RaySettings, device: str) -> tuple[int, float]:
    """(actors, GPUs per actor) for the cluster's ``resources`` and the settings.

    Example:
        >>> _pool_size({"CPU": 16.0, "GPU": 2.0}, RaySettings(), "auto")
        (2, 1.0)
        >>> _pool_size({"CPU": 16.0}, RaySettings(cpus_per_actor=4), "auto")
        (4, 0.0)
    """
    gpus = float(resources.get("GPU", 0))
    per_actor_gpus = settings.gpus_per_actor
    if per_actor_gpus is None:
        per_actor_gpus = 1.0 if gpus >= 1 and device != "cpu" else 0.0
    if settings.actors is not None:
        return max(1, settings.actors), per_actor_gpus
    if per_actor_gpus > 0:
        return max(1, int(gpus // per_actor_gpus)), per_actor_gpus
    return max(1, int(float(resources.get("CPU", 1)) // settings.cpus_per_actor)), per_actor_gpus


def _quiet(context: Any) -> None:
    """No progress bars or banners from Ray Data (the CLI shows the run's own); a failing job raises its own error."""
    context.enable_progress_bars = False
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)  # it warns that the bars are off
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    context.raise_original_map_exception = True

"""Ray across nodes (issue 25): Ray's own multi-node test cluster on this machine, one node's actor killed mid-run.

``ray.cluster_utils.Cluster`` starts three Ray nodes as separate processes
(a head and two more, one logical CPU each, small object stores), so the three
translator actors land on three nodes, as on three machines. Once the run has
committed its first group, the test kills the actor process of one non-head
node with SIGKILL; Ray restarts the actor and Ray Data retries its job. Every
output file must equal the local run's byte for byte, with the same counts.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_ray import SEGMENTS_PER_JOB, TWO_SEEDS, _committed, _config, _snapshot, frozen_glossary, local_run  # noqa: F401 - fixtures
from tamngu.glossary.loader import load_glossary
from tamngu.translate.batch import run_batch
from tamngu.translate.ray_executor import INSTALL_HINT, RaySettings

NODES = 3
NODE = {"num_cpus": 1, "object_store_memory": 80 * 1024**2}  # this machine has two cores: one logical CPU per node


@pytest.fixture()
def three_nodes() -> Iterator[tuple[Any, list[Any]]]:
    """A head and two more nodes of Ray's test cluster, this process connected as the driver."""
    ray = pytest.importorskip("ray", reason=f"Ray is not installed ({INSTALL_HINT})")
    pytest.importorskip("ray.data", reason=f"Ray Data is not installed ({INSTALL_HINT})")
    from ray.cluster_utils import Cluster

    if ray.is_initialized():
        ray.shutdown()
    cluster = Cluster(initialize_head=True, head_node_args={**NODE, "include_dashboard": False})
    try:
        workers = [cluster.add_node(**NODE) for _ in range(NODES - 1)]
        cluster.wait_for_nodes()
        ray.init(address=cluster.address, log_to_driver=False, configure_logging=False)
        yield cluster, workers
    finally:
        ray.shutdown()
        cluster.shutdown()


class ActorKiller(threading.Thread):
    """Once ``memory`` holds a committed group, SIGKILL a translator actor process of ``node`` (its raylet's child)."""

    def __init__(self, node: Any, memory: Path) -> None:
        super().__init__(daemon=True)
        self.node, self.memory = node, memory
        self.finished = threading.Event()  # set when the run has returned
        self.killed: list[int] = []
        self.mid_run = False

    def run(self) -> None:
        while not self.finished.is_set():
            actors = self._actors() if _committed(self.memory) else []
            if actors:
                actors[0].kill()
                self.killed.append(actors[0].pid)
                self.mid_run = not self.finished.is_set()
                return
            time.sleep(0.05)

    def _actors(self) -> list[Any]:
        import psutil
        from ray._private import ray_constants

        raylet = psutil.Process(self.node.all_processes[ray_constants.PROCESS_TYPE_RAYLET][0].process.pid)
        found = []
        for process in raylet.children(recursive=True):
            try:
                if "MapWorker" in " ".join([process.name(), *process.cmdline()]):
                    found.append(process)
            except psutil.Error:
                continue  # a worker that just ended
        return found


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")  # Ray's own DataContext set-up
def test_three_nodes_one_actor_killed_mid_run_write_the_local_bytes(
    three_nodes: tuple[Any, list[Any]], local_run: tuple[Path, Any], tiny_models: dict[str, Path], frozen_glossary: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    import ray

    from tamngu.translate.ray_executor import RayExecutor

    cluster, workers = three_nodes
    assert len(ray.nodes()) == NODES and ray.cluster_resources()["CPU"] == NODES
    out = tmp_path / "ray"
    glossary = load_glossary(frozen_glossary)
    killer = ActorKiller(workers[-1], out / "memory.sqlite")
    killer.start()
    try:
        with RayExecutor(_config(tiny_models), glossary, RaySettings(actors=NODES)) as executor:
            summary = run_batch(TWO_SEEDS, out, ("en", "zh"), _config(tiny_models), glossary, executor=executor,
                                segments_per_call=SEGMENTS_PER_JOB)  # fmt: skip
    finally:
        killer.finished.set()
        killer.join()
    reference, local = local_run
    assert killer.killed and killer.mid_run, "no actor of the third node was killed while the run went on"
    assert _snapshot(out) == _snapshot(reference)
    assert (summary.translated, summary.cache_hits) == (local.translated, local.cache_hits)
    assert json.loads((out / "manifest.json").read_text())["executor"]["actors"] == NODES

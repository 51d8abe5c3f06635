"""What ``bench.json`` records besides the rows: machine, load, versions, model shape and ratios."""

from __future__ import annotations

import json
import logging
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

CPU_FEATURES = ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_int8")

# name: (engine, other engine, what is compared). "time": seconds of the first over the
# second (an overhead, lower is better); "speed": segments/s of the first over the second.
RATIOS: dict[str, tuple[str, str, str]] = {
    "hard_vs_plain_torch": ("torch-hard", "torch", "time"),
    "ct2_redecode_vs_ct2": ("ct2-redecode", "ct2", "time"),
    "guaranteed_default_vs_ct2": ("torch-hard", "ct2", "speed"),
    "torch_int8_vs_fp32_hard": ("torch-hard", "torch-fp32-hard", "speed"),
    "lean_vs_hf_step_hard": ("torch-hard", "torch-hf-hard", "speed"),
}


def ratios(results: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float]]]:
    """Every ratio of :data:`RATIOS` per beam size, on wall and on CPU seconds.

    >>> rows = [{"engine": "torch", "beams": 4, "seconds": 2.0, "cpu_seconds": 2.0},
    ...         {"engine": "torch-hard", "beams": 4, "seconds": 2.2, "cpu_seconds": 2.1}]
    >>> ratios(rows)
    {'hard_vs_plain_torch': {'4': {'wall': 1.1, 'cpu': 1.05}}}
    """
    seconds = {(r["engine"], r["beams"]): (r["seconds"], r["cpu_seconds"]) for r in results}
    found: dict[str, dict[str, dict[str, float]]] = {}
    for name, (first, second, kind) in RATIOS.items():
        for (engine, beams), (wall, cpu) in seconds.items():
            other = seconds.get((second, beams))
            if engine != first or not other or not all(other) or not wall or not cpu:
                continue
            pair = (wall / other[0], cpu / other[1]) if kind == "time" else (other[0] / wall, other[1] / cpu)
            found.setdefault(name, {})[str(beams)] = {"wall": round(pair[0], 2), "cpu": round(pair[1], 2)}
    return found


def machine(load_start: tuple[float, float, float], uptime_start: str, threads: int | None, device: str) -> dict[str, Any]:
    """CPU, vector extensions, cores, memory, threads, device and the load at start and end."""
    import psutil
    import torch

    from tamngu.translate.ct2_backend import physical_cores, thread_plan

    found = {
        "cpu": cpu_model(),
        "cpu_features": cpu_features(),
        "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "physical_cores": physical_cores(),
        "logical_cores": psutil.cpu_count(logical=True),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "device": device,
        "torch_threads": threads or torch.get_num_threads(),
        "ct2_threads": dict(zip(("inter", "intra"), thread_plan(threads))),
        "loadavg_start": [round(x, 2) for x in load_start],
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        "uptime_start": uptime_start,
        "uptime_end": uptime(),
    }
    if device == "cuda":
        found["gpu"] = torch.cuda.get_device_name(0)
    return found


def uptime() -> str:
    """The ``uptime`` line (load averages over 1, 5 and 15 minutes), or the load averages alone."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_features() -> list[str]:
    """The vector extensions int8/bf16/fp32 kernels care about (Linux only)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                return [flag for flag in CPU_FEATURES if flag in flags]
    except OSError:
        pass
    return []


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for package in ("tamngu", "torch", "transformers", "ctranslate2", "sentencepiece"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


def model_shape(model_dir: Path) -> dict[str, Any]:
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    keys = ("d_model", "encoder_layers", "decoder_layers", "encoder_attention_heads", "encoder_ffn_dim", "vocab_size", "activation_function")
    return {"path": str(model_dir), **{key: config.get(key) for key in keys}}


def peak_rss() -> int:
    """Peak resident memory of this process image, in bytes.

    ``/proc/self/status`` ``VmHWM`` belongs to the current address space, so a
    worker does not inherit the parent's peak the way ``ru_maxrss`` does
    across ``fork`` + ``exec``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak if sys.platform == "darwin" else peak * 1024


def gpu_peak_mb(device: str) -> float:
    """Peak CUDA memory torch allocated in this process (0 on CPU; CTranslate2's own allocator is not seen)."""
    if device != "cuda":
        return 0.0
    import torch

    return torch.cuda.max_memory_allocated() / 2**20


def write_json(path: Path, data: Any) -> None:
    from tamngu.fileio import atomic_write

    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")

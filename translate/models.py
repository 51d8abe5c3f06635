"""Where models come from: Hugging Face ids in the normal hub cache, or local directories.

:func:`resolve_model` finds a model before any work starts and raises
:class:`ModelNotFoundError` (one line, naming the model and the fetch command)
when it is neither a local directory nor in the hub cache and cannot be
downloaded. :func:`fetch_model` downloads into the normal cache;
:func:`model_status` reports what a config names and whether it is present.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from tamngu.errors import ModelNotFoundError
from tamngu.translate.config import TranslateConfig

logger = logging.getLogger(__name__)

# Files a Marian model needs; weights in either format.
_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_FETCH_PATTERNS = ["*.json", "*.spm", "*.safetensors", "*.txt", "*.model", "README.md"]


@dataclass(frozen=True)
class ResolvedModel:
    """A model reference and the directory that holds it."""

    ref: str
    path: Path
    revision: str
    local_dir: bool


@dataclass(frozen=True)
class ModelStatus:
    """One configured model and whether it is present locally."""

    lang: str
    direction: str
    ref: str
    present: bool
    path: str | None
    revision: str | None
    source: str  # "local directory", "hub cache" or "missing"


DIRECTIONS = {"en": "vi-en", "zh": "en-zh"}


def is_offline() -> bool:
    """True when ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) forbids downloads."""
    return any(os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"} for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def looks_like_path(ref: str) -> bool:
    """A reference written as a path (``./m``, ``/m``, ``~/m``) rather than a hub id."""
    return ref.startswith((".", "/", "~")) or os.sep in ref.strip("/").replace("/", "", 1) or Path(ref).expanduser().exists()


def resolve_model(ref: str, *, cache_dir: str | None = None, download: bool | None = None) -> ResolvedModel:
    """Find ``ref`` locally (a directory, or the hub cache), downloading it when allowed.

    Args:
        ref: a local model directory or a Hugging Face model id.
        cache_dir: the hub cache (None: the library default).
        download: try to download a missing hub model; None: unless offline.

    Raises:
        ModelNotFoundError: the model is not available and cannot be fetched.
    """
    path = Path(ref).expanduser()
    if path.is_dir():
        _check_model_dir(path, ref)
        return ResolvedModel(ref, path, _local_revision(path), True)
    if looks_like_path(ref):
        raise ModelNotFoundError(f"model directory '{ref}' does not exist; pass a model directory or a Hugging Face id")
    cached = cached_snapshot(ref, cache_dir=cache_dir)
    if cached is not None:
        return cached
    if download is False or (download is None and is_offline()):
        raise ModelNotFoundError(_missing(ref, "offline"))
    try:
        return fetch_model(ref, cache_dir=cache_dir, progress=False)
    except Exception as exc:  # no network, unknown id, ...
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelNotFoundError(_missing(ref, f"download failed: {reason}")) from exc


def cached_snapshot(ref: str, *, cache_dir: str | None = None) -> ResolvedModel | None:
    """The hub-cache snapshot of ``ref``, or None when it is not cached."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        folder = Path(snapshot_download(ref, local_files_only=True, cache_dir=hub_cache_dir(cache_dir)))
    except (LocalEntryNotFoundError, FileNotFoundError, ValueError, OSError):
        return None
    if not (folder / "config.json").is_file() or not any((folder / name).is_file() for name in _WEIGHTS):
        return None
    return ResolvedModel(ref, folder, folder.name, False)


def fetch_model(ref: str, *, cache_dir: str | None = None, progress: bool = True) -> ResolvedModel:
    """Download ``ref`` into the Hugging Face cache (weights as safetensors, else PyTorch).

    Raises:
        Exception: whatever ``huggingface_hub`` raises when the download fails.
    """
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

    (enable_progress_bars if progress else disable_progress_bars)()
    cache = hub_cache_dir(cache_dir)
    folder = Path(snapshot_download(ref, cache_dir=cache, allow_patterns=_FETCH_PATTERNS))
    if not any((folder / name).is_file() for name in _WEIGHTS):
        folder = Path(snapshot_download(ref, cache_dir=cache, allow_patterns=["pytorch_model.bin"]))
    logger.info("fetched %s into %s", ref, folder)
    return ResolvedModel(ref, folder, folder.name, False)


def model_status(config: TranslateConfig, langs: tuple[str, ...] = ("en", "zh")) -> list[ModelStatus]:
    """What ``config`` names for each target language and whether it is present locally."""
    rows = []
    for lang in langs:
        ref = config.model_for(lang)
        path = Path(ref).expanduser()
        if path.is_dir():
            rows.append(ModelStatus(lang, DIRECTIONS[lang], ref, True, str(path), _local_revision(path), "local directory"))
            continue
        cached = None if looks_like_path(ref) else cached_snapshot(ref, cache_dir=config.cache_dir)
        if cached is None:
            rows.append(ModelStatus(lang, DIRECTIONS[lang], ref, False, None, None, "missing"))
        else:
            rows.append(ModelStatus(lang, DIRECTIONS[lang], ref, True, str(cached.path), cached.revision, "hub cache"))
    return rows


def hub_cache_dir(cache_dir: str | None = None) -> str | None:
    """The hub cache: ``cache_dir``, else ``$HF_HUB_CACHE``, else ``$HF_HOME/hub``, else the library default.

    Read at call time (huggingface_hub reads the environment once, at import).
    """
    if cache_dir:
        return cache_dir
    if os.environ.get("HF_HUB_CACHE"):
        return os.environ["HF_HUB_CACHE"]
    if os.environ.get("HF_HOME"):
        return str(Path(os.environ["HF_HOME"]) / "hub")
    return None


def _missing(ref: str, why: str) -> str:
    return f"model '{ref}' is not in the local Hugging Face cache ({why}); run `tamngu models fetch` on a connected machine"


def _check_model_dir(path: Path, ref: str) -> None:
    if not (path / "config.json").is_file():
        raise ModelNotFoundError(f"'{ref}' has no config.json; pass a directory saved with save_pretrained()")


def _local_revision(path: Path) -> str:
    """The snapshot commit for a hub-cache path, else a hash of config and weights' sizes and times."""
    parts = path.resolve().parts
    if "snapshots" in parts[:-1]:
        return parts[parts.index("snapshots") + 1]
    import hashlib

    digest = hashlib.sha256()
    for file in sorted(p for p in path.iterdir() if p.is_file()):
        digest.update(file.name.encode() + b"\0" + file.read_bytes() if file.stat().st_size < 1 << 20 else file.name.encode())
        digest.update(str(file.stat().st_size).encode())
    return "local:" + digest.hexdigest()[:12]

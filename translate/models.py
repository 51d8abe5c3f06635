"""Where models come from: Hugging Face ids in the normal hub cache, or local directories.

:func:`resolve_model` finds a model before any work starts and raises
:class:`ModelNotFoundError` (one line, naming the model and what to do) when it
is neither a local directory nor in the hub cache and cannot be downloaded.
A reference that looks like a path (``./m``, ``models/vi-en`` when ``models/``
exists, anything a hub id cannot be) is a path and never goes to the network.
:func:`check_weights` refuses truncated weight files with one line.
:func:`model_revision` is the one revision of a model directory (the hub
snapshot commit, else a hash of the files' contents); :func:`fetch_model`
downloads into the normal cache; :func:`model_status` reports what a config
names and whether it is present; :func:`local_model_dirs` lists the model
directories under a folder.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import logging
import os
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tamngu.errors import BadInputError, ModelNotFoundError
from tamngu.translate.config import TranslateConfig

logger = logging.getLogger(__name__)

# Files a Marian model needs; weights in either format.
_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_FETCH_PATTERNS = ["*.json", "*.spm", "*.safetensors", "*.txt", "*.model", "README.md"]
_HASHED_SUFFIXES = (".json", ".spm", ".model", ".safetensors", ".bin", ".txt")
# huggingface_hub's repo id rule: [namespace/]name of letters, digits, '-', '_', '.'
_HUB_ID = re.compile(r"^(?:[A-Za-z0-9][\w.-]{0,95}/)?[A-Za-z0-9][\w.-]{0,95}$")
# What MarianTokenizer reads; without one, transformers fails with a TypeError that names no file.
_MARIAN_TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json")
# Language codes a model's own config may use (OPUS-MT writes ISO 639-3), by tamngu's language.
_LANGUAGE_CODES = {"vi": "vi", "vie": "vi", "en": "en", "eng": "en", "zh": "zh", "zho": "zh", "chi": "zh", "cmn": "zh"}
_MODEL_OPTIONS = {"vi-en": "--model-en (config: model_en)", "en-zh": "--model-zh (config: model_zh)"}


@dataclass(frozen=True)
class ResolvedModel:
    """A model reference and the directory that holds it."""

    ref: str
    path: Path
    revision: str
    local_dir: bool

    @property
    def identity(self) -> str:
        """What decides the model's output, whatever path spelling named it.

        A hub model is its id at its snapshot commit; a local directory is its
        content revision alone, so ``./models/vi-en`` and ``models/vi-en`` (or a
        copy elsewhere) are the same model.
        """
        return f"{model_key(self.ref, self.revision)}@{self.revision}"


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


def model_key(ref: str, revision: str) -> str:
    """How the translation memory names a model: its hub id, or for a local directory nothing but its revision.

    ``./models/vi-en``, ``models/vi-en`` and a copy elsewhere have one content
    revision, so they share the memory's hits.

        >>> model_key("./models/vi-en", "local-0123abcd"), model_key("Helsinki-NLP/opus-mt-vi-en", "9a8b")
        ('local directory', 'Helsinki-NLP/opus-mt-vi-en')
    """
    return "local directory" if revision.startswith("local-") else ref


def is_offline() -> bool:
    """True when ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) forbids downloads."""
    return any(os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"} for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def looks_like_path(ref: str) -> bool:
    """True when ``ref`` is meant as a directory, not a Hugging Face id.

    A path is anything a hub id cannot be (``./m``, ``/m``, ``~/m``, ``a/b/c``,
    a trailing slash, a backslash), anything that exists on disk, and
    ``name/model`` whose first folder exists here (``models/vi-EN-typo`` when
    ``models/`` is a directory): a typo in a path must not go to the network.
    """
    if ref.startswith((".", "/", "~")) or ref.endswith("/") or "\\" in ref or not _HUB_ID.match(ref):
        return True
    first = Path(ref).expanduser()
    return first.exists() or ("/" in ref and Path(ref.split("/", 1)[0]).is_dir())


def resolve_model(
    ref: str, *, cache_dir: str | None = None, download: bool | None = None, direction: str | None = None
) -> ResolvedModel:
    """Find ``ref`` locally (a directory, or the hub cache), downloading it when allowed.

    Args:
        ref: a local model directory or a Hugging Face model id.
        cache_dir: the hub cache (None: the library default).
        download: try to download a missing hub model; None: unless offline.
        direction: the direction it must translate (``vi-en``, ``en-zh``): a
            model whose own config says another is refused (:func:`check_direction`).

    Raises:
        ModelNotFoundError: the model or one of its tokenizer files is not
            available and cannot be fetched.
        BadInputError: its weights are truncated or unreadable; it translates
            another direction.
    """
    resolved = _resolve_model(ref, cache_dir=cache_dir, download=download)
    check_tokenizer_files(resolved.path, ref)
    if direction is not None:
        check_direction(resolved, direction)
    return resolved


def _resolve_model(ref: str, *, cache_dir: str | None, download: bool | None) -> ResolvedModel:
    path = Path(ref).expanduser()
    if path.is_dir():
        check_model_dir(path, ref)
        return ResolvedModel(ref, path, model_revision(path), True)
    if looks_like_path(ref):
        raise ModelNotFoundError(_no_directory(ref))
    cached = cached_snapshot(ref, cache_dir=cache_dir)
    if cached is not None:
        check_weights(cached.path, ref)
        return cached
    if download is False or (download is None and is_offline()):
        raise ModelNotFoundError(_missing(ref, "offline"))
    try:
        fetched = fetch_model(ref, cache_dir=cache_dir, progress=False)
    except Exception as exc:  # no network, unknown id, ...
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelNotFoundError(_missing(ref, f"download failed: {reason}")) from exc
    check_weights(fetched.path, ref)
    return fetched


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
    return [_status(lang, config.model_for(lang), config.cache_dir) for lang in langs]


def _status(lang: str, ref: str, cache_dir: str | None) -> ModelStatus:
    path = Path(ref).expanduser()
    if path.is_dir():
        return ModelStatus(lang, DIRECTIONS[lang], ref, True, str(path), model_revision(path), "local directory")
    cached = None if looks_like_path(ref) else cached_snapshot(ref, cache_dir=cache_dir)
    if cached is None:
        return ModelStatus(lang, DIRECTIONS[lang], ref, False, None, None, "missing")
    return ModelStatus(lang, DIRECTIONS[lang], ref, True, str(cached.path), cached.revision, "hub cache")


def local_model_dirs(root: Path | str = "models") -> list[Path]:
    """Model directories (a ``config.json`` beside weights) directly under ``root``, sorted."""
    folder = Path(root)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / "config.json").is_file() and _weights_file(p))


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


def model_revision(model_dir: Path | str) -> str:
    """The one revision of a model directory: its hub snapshot commit, else a hash of its contents.

    A local directory's hash covers the names and bytes of its model and
    tokenizer files (not their paths or times), so the same model under two
    spellings of its path has one revision, and a model retrained in place a
    new one.
    """
    folder = Path(model_dir)
    parts = folder.resolve().parts
    if "snapshots" in parts[:-1]:
        return parts[parts.index("snapshots") + 1]
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name.endswith(_HASHED_SUFFIXES):
            digest.update(path.name.encode() + b"\0" + _file_digest(path) + b"\0")
    return "local-" + digest.hexdigest()[:16]


def _file_digest(path: Path) -> bytes:
    stat = path.stat()
    if stat.st_size < 1 << 20:  # small files change fast (tests rewrite them); always read
        return hashlib.sha256(path.read_bytes()).digest()
    return _large_file_digest(str(path.resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino)


@functools.lru_cache(maxsize=64)
def _large_file_digest(path: str, size: int, mtime_ns: int, inode: int) -> bytes:
    """sha256 of a weights file, once per process per (size, time, inode)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.digest()


def check_model_dir(path: Path, ref: str) -> None:
    """A directory ``from_pretrained`` can load: a config.json and whole weights.

    Raises:
        ModelNotFoundError: no config.json or no weights file.
        BadInputError: the weights file is truncated or not a weights file.
    """
    if not (path / "config.json").is_file():
        raise ModelNotFoundError(f"'{ref}' has no config.json; pass a directory saved with save_pretrained()")
    if _weights_file(path) is None:
        raise ModelNotFoundError(f"'{ref}' has no {' or '.join(_WEIGHTS)}; pass a directory saved with save_pretrained()")
    check_weights(path, ref)


def check_weights(path: Path, ref: str) -> None:
    """Refuse a truncated or unreadable weights file in ``path`` with one line.

    safetensors: the header's last tensor must end at the end of the file;
    PyTorch ``.bin``: the zip directory at the file's end must be readable.

    Raises:
        BadInputError: naming the file, what is wrong and what to do.
    """
    weights = _weights_file(path)
    if weights is None:
        return
    problem = _safetensors_problem(weights) if weights.suffix == ".safetensors" else _zip_problem(weights)
    if problem:
        raise BadInputError(
            f"{weights}: model weights are {problem}; copy the model again or rerun `tamngu models fetch` ('{ref}')"
        )


def check_tokenizer_files(path: Path, ref: str) -> None:
    """Refuse a Marian model directory without its tokenizer files, naming them.

    Raises:
        ModelNotFoundError: ``source.spm``, ``target.spm``, ``vocab.json`` (or
            ``target_vocab.json`` for separate vocabularies) is missing.
    """
    if _json_file(path / "config.json").get("model_type") != "marian" or (path / "tokenizer.json").is_file():
        return
    separate = bool(_json_file(path / "tokenizer_config.json").get("separate_vocabs"))
    needed = (*_MARIAN_TOKENIZER_FILES, *(("target_vocab.json",) if separate else ()))
    missing = [name for name in needed if not (path / name).is_file()]
    if missing:
        raise ModelNotFoundError(
            f"{path}:{'' if str(path) == ref else f' model {ref!r}'} no {' or '.join(missing)} (the Marian tokenizer's files); "
            "copy the whole model directory again or rerun `tamngu models fetch`"
        )


def check_direction(resolved: ResolvedModel, direction: str) -> None:
    """Refuse a model whose own config says it translates another direction than ``direction``.

    ``source_lang``/``target_lang`` of ``tokenizer_config.json`` (or of
    ``config.json``) decide; codes tamngu does not know (``mul``) and models
    that say nothing are accepted.

    Raises:
        BadInputError: naming the model, what its config says, and the option to fix.
    """
    for name in ("tokenizer_config.json", "config.json"):
        declared = _json_file(resolved.path / name)
        source, target = declared.get("source_lang"), declared.get("target_lang")
        if isinstance(source, str) and isinstance(target, str):
            break
    else:
        return
    wanted = tuple(direction.split("-"))
    said = (_LANGUAGE_CODES.get(source.lower()), _LANGUAGE_CODES.get(target.lower()))
    if all(code is None or code == want for code, want in zip(said, wanted)):
        return
    raise BadInputError(
        f"model '{resolved.ref}' translates {source}->{target} by its own {name} (source_lang '{source}', "
        f"target_lang '{target}'), but {_MODEL_OPTIONS.get(direction, 'this model')} needs a {wanted[0]}->{wanted[1]} "
        f"model such as Helsinki-NLP/opus-mt-{direction}; pass one"
    )


def _json_file(path: Path) -> dict:  # type: ignore[type-arg]
    """A JSON object file's content; {} when it is absent or not a JSON object."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return content if isinstance(content, dict) else {}


def _weights_file(path: Path) -> Path | None:
    return next((path / name for name in _WEIGHTS if (path / name).is_file()), None)


def _safetensors_problem(path: Path) -> str | None:
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(8)
        if len(head) < 8:
            return f"truncated ({size} bytes, not even a header)"
        (header_len,) = struct.unpack("<Q", head)
        if header_len > size - 8:
            return f"truncated or not safetensors (header of {header_len} bytes in a file of {size})"
        try:
            header = json.loads(handle.read(header_len))
        except (ValueError, UnicodeDecodeError):
            return "not a safetensors file (unreadable header)"
    ends = [info["data_offsets"][1] for name, info in header.items() if name != "__metadata__" and isinstance(info, dict)]
    expected = 8 + header_len + max(ends, default=0)
    return f"truncated ({size} of {expected} bytes)" if size < expected else None


def _zip_problem(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return f"truncated or not a PyTorch checkpoint ({path.stat().st_size} bytes, no readable zip directory)"
    return None


def _missing(ref: str, why: str) -> str:
    return f"model '{ref}' is not in the local Hugging Face cache ({why}); run `tamngu models fetch` on a connected machine"


def _no_directory(ref: str) -> str:
    path = Path(ref).expanduser()
    parent = path.parent if str(path.parent) else Path(".")
    names = {p.name.lower(): p.name for p in parent.iterdir() if p.is_dir()} if parent.is_dir() else {}
    near = difflib.get_close_matches(path.name.lower(), list(names), n=1, cutoff=0.6)
    hint = f" (did you mean {parent / names[near[0]]}?)" if near else ""
    return f"model directory '{ref}' does not exist{hint}; pass a model directory or a Hugging Face id"

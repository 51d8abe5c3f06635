"""Convert Marian models to CTranslate2 once, and cache the result.

The converted model lives next to the Hugging Face cache, in
``$HF_HOME/tamngu-ct2`` (``~/.cache/huggingface/tamngu-ct2`` by default;
``TAMNGU_CT2_CACHE`` overrides it), in a folder keyed by the model reference,
its revision (the hub snapshot hash, or a content hash of a local directory)
and the quantization::

    ~/.cache/huggingface/tamngu-ct2/Helsinki-NLP--opus-mt-vi-en--<revision>--int8/

Conversion writes into a temporary folder beside the final one and renames it
into place, under a file lock, so a crash never leaves half a model and two
processes converting the same model at once convert it once.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from tamngu.errors import BadInputError, ModelNotFoundError
from tamngu.translate.models import model_revision  # the one revision of a model directory

logger = logging.getLogger(__name__)

QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32")
CACHE_ENV = "TAMNGU_CT2_CACHE"
_MARKER = "tamngu-ct2.json"  # written last: a folder without it is not a finished conversion


def default_quantization(device: str) -> str:
    """int8 on CPU, float16 on CUDA (CTranslate2's fast paths on each)."""
    return "float16" if device == "cuda" else "int8"


def cache_root() -> Path:
    """Where converted models live: ``$TAMNGU_CT2_CACHE``, else ``$HF_HOME/tamngu-ct2``."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from huggingface_hub import constants

    return Path(constants.HF_HOME).expanduser() / "tamngu-ct2"


def converted_dir(model_ref: str, revision: str, quantization: str, root: Path | None = None) -> Path:
    """The cache folder of one (model, revision, quantization)."""
    return (root or cache_root()) / f"{_slug(model_ref)}--{_slug(revision)}--{quantization}"


def ensure_converted(
    model_dir: Path | str,
    *,
    model_ref: str | None = None,
    quantization: str = "int8",
    root: Path | None = None,
) -> Path:
    """Return the CTranslate2 conversion of ``model_dir``, converting it on first use.

    Args:
        model_dir: a Marian model directory (``save_pretrained`` layout or a hub snapshot).
        model_ref: the id the user named (cache key); defaults to the directory path.
        quantization: weight type stored in the converted model (see :data:`QUANTIZATIONS`).
        root: cache root (default :func:`cache_root`).

    Raises:
        ModelNotFoundError: ``model_dir`` holds no model.
        BadInputError: an unknown quantization.
    """
    source = Path(model_dir)
    if quantization not in QUANTIZATIONS:
        raise BadInputError(f"unknown CTranslate2 quantization '{quantization}'; use one of {', '.join(QUANTIZATIONS)}")
    if not (source / "config.json").is_file():
        raise ModelNotFoundError(f"'{source}' has no config.json; pass a directory saved with save_pretrained()")
    target = converted_dir(model_ref or str(source.resolve()), model_revision(source), quantization, root)
    if _is_complete(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.with_name(target.name + ".lock")):
        if not _is_complete(target):  # another process may have finished meanwhile
            _convert_atomically(source, target, quantization)
    return target


def _convert_atomically(source: Path, target: Path, quantization: str) -> None:
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        logger.info("converting %s to CTranslate2 (%s) into %s", source, quantization, target)
        bars_were_on = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # the caller shows its own progress
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # MarianTokenizer nags about sacremoses
                TransformersConverter(str(source)).convert(str(staging), quantization=quantization, force=True)
        finally:
            if bars_were_on:
                hf_logging.enable_progress_bar()
        (staging / _MARKER).write_text(f'{{"source": "{source.resolve()}", "quantization": "{quantization}"}}\n')
        if target.exists():  # an unfinished leftover (no marker): replace it
            shutil.rmtree(target)
        os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _is_complete(folder: Path) -> bool:
    return (folder / _MARKER).is_file() and (folder / "model.bin").is_file()


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "--", text.strip("/")).strip("-")[:120] or "model"

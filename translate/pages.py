"""Give resident memory pages back to the system while keeping the tensors that own them.

Two places hold pages nobody reads again: the float weights of a file-mapped
checkpoint once their int8 copies exist (:mod:`tamngu.translate.quantize`), and
the key/value cache rows of sentences that left the batch
(:mod:`tamngu.translate.lean`). :func:`release` drops such pages
(``madvise(MADV_DONTNEED)``): a file-mapped page reads from the file again, an
anonymous one as zeros, should anyone touch it. Only whole pages strictly
inside the given range are dropped, so neighbouring bytes (another tensor,
the allocator's own bookkeeping) are never affected. Linux only; elsewhere,
and if ``madvise`` is missing, nothing happens and the pages stay until
their owner is freed.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

_MADV_DONTNEED = 4
_PAGE = 4096


def release(address: int, size: int) -> None:
    """Drop the resident pages wholly inside ``[address, address + size)``, which nobody reads again."""
    first, last = -(-address // _PAGE) * _PAGE, (address + size) // _PAGE * _PAGE
    if last <= first or not sys.platform.startswith("linux"):
        return
    try:
        _libc().madvise(ctypes.c_void_p(first), ctypes.c_size_t(last - first), _MADV_DONTNEED)
    except (OSError, AttributeError) as exc:  # the pages stay until their owner is freed
        logger.debug("pages kept: %s", exc)


def file_mappings(suffixes: tuple[str, ...] = (".safetensors", ".bin")) -> list[tuple[int, int]]:
    """Address ranges of this process' memory mappings of weight files (names ending in ``suffixes``; empty off Linux)."""
    try:
        lines = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return []
    ranges = []
    for line in lines:
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5].endswith(suffixes):
            start, end = fields[0].split("-")
            ranges.append((int(start, 16), int(end, 16)))
    return ranges


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)

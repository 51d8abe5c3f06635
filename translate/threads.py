"""CPU threads of the engines: every physical core, waiting passively at torch's OpenMP barriers.

torch's intra-op threads meet at a barrier after every parallel operation.
GNU OpenMP's default is to spin there (300,000 rounds) before sleeping. On a
quiet machine that saves a wake-up; when other programs keep the cores busy,
the spinning thread burns the time slice the thread it waits for needs, and
translating took 4 to 22 times longer than with one thread (issue 26; on this
2-core machine beside two busy processes, 8 segments at beam 4: 388-552 s with
2 spinning threads, 18-21 s with 2 passive ones, 22-36 s with 1 thread).
:func:`prefer_passive_waiting` sets ``OMP_WAIT_POLICY=PASSIVE`` (idle threads
sleep at once) unless the user chose a policy; OpenMP reads it once, when
torch loads, so ``tamngu.translate`` calls it on import, before any torch import.

Outputs do not depend on the thread count: the int8 products are exact and
every float operation computes a row the same way on one thread or several
(``tests/test_engine.py`` checks it), so ``--threads`` (config ``threads``)
only moves the speed and is not part of a memory key.
"""

from __future__ import annotations

import logging
import os
import sys

logger = logging.getLogger(__name__)

WAIT_POLICY = "OMP_WAIT_POLICY"


def prefer_passive_waiting() -> bool:
    """Ask OpenMP to let idle threads sleep, if torch is not loaded yet and the user set no policy.

    Returns:
        Whether the policy in force will be the user's or passive (False: torch was
        loaded first, with whatever policy it found).
    """
    if WAIT_POLICY in os.environ:
        return True
    if "torch" in sys.modules:
        logger.debug("torch was imported before tamngu.translate: OpenMP keeps its default wait policy")
        return False
    os.environ[WAIT_POLICY] = "PASSIVE"
    return True


def physical_cores() -> int:
    """Physical CPU cores (logical ones when psutil cannot tell)."""
    import psutil

    return psutil.cpu_count(logical=False) or os.cpu_count() or 1

"""TorchScript for the decoder's hot functions, with the same function in Python as the fallback.

Scripting removes Python dispatch per call (a third of a small int8 linear's cost)
without changing the arithmetic; where TorchScript fails (an unusual build), the
plain function runs instead and one INFO line says so.
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Callable
from typing import Any

import torch

logger = logging.getLogger(__name__)


@functools.cache
def scripted(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` compiled with TorchScript once per process, else ``function`` itself."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return torch.jit.script(function)
    except Exception as exc:  # noqa: BLE001 - any TorchScript failure leaves the same arithmetic in Python
        logger.info("%s runs in Python (TorchScript failed: %s)", function.__name__, exc)
        return function

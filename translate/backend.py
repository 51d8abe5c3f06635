"""Translation engines: a small base class and a plain dict registry.

A :class:`Backend` turns batches of source token-id lists into target token-id
lists, optionally under hard lexical constraints. Tokenization stays outside
(in :mod:`tamngu.translate.pipeline`), so every engine sees the same ids. Engines
register themselves in :data:`BACKENDS`; :func:`get_backend` imports the
module of a known engine on first use::

    BACKENDS = {"torch": TorchBackend, "ct2": Ct2Backend}
"""

from __future__ import annotations

import importlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from tamngu.errors import BadInputError

logger = logging.getLogger(__name__)

# Token-id phrase alternatives: any one of them satisfies the constraint.
Phrase = tuple[int, ...]


@dataclass(frozen=True)
class Constraint:
    """One pinned term: the decoder must produce one of ``alternatives`` verbatim.

    ``blocked_after`` lists tokens that may not directly follow a finished
    phrase: for English, pieces that would glue letters onto the term
    ("Wang Ning" + "a"), so the term stays a word of its own.
    """

    alternatives: tuple[Phrase, ...]
    blocked_after: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if not self.alternatives or any(not phrase for phrase in self.alternatives):
            raise ValueError("a constraint needs at least one non-empty token phrase")

    @property
    def min_length(self) -> int:
        return min(len(phrase) for phrase in self.alternatives)


@dataclass(frozen=True)
class DecodeOptions:
    """How to decode one batch.

    Attributes:
        num_beams: beam size (1: greedy).
        length_penalty: exponent of the length normalisation of finished hypotheses.
        max_new_tokens: per segment, the most tokens generated (EOS included).
        min_new_tokens: per segment, EOS is blocked before this many tokens
            (benchmarks force equal output lengths with min == max); None: 0.
    """

    num_beams: int
    length_penalty: float
    max_new_tokens: Sequence[int]
    min_new_tokens: Sequence[int] | None = None


class Backend(ABC):
    """A loaded model that decodes token ids.

    Subclasses set :attr:`name` and :attr:`supports_hard_constraints` and
    implement :meth:`load` and :meth:`generate`.
    """

    name: ClassVar[str] = "base"
    supports_hard_constraints: ClassVar[bool] = False

    def __init__(self, model_dir: Path, *, device: str = "cpu", threads: int | None = None, model_id: str = "") -> None:
        self.model_dir = Path(model_dir)
        self.device = device
        self.threads = threads
        self.model_id = model_id or str(model_dir)
        self.load()

    @abstractmethod
    def load(self) -> None:
        """Load the model from :attr:`model_dir` onto :attr:`device`."""

    @abstractmethod
    def generate(
        self,
        sources: Sequence[Sequence[int]],
        options: DecodeOptions,
        constraints: Sequence[Sequence[Constraint]] | None = None,
    ) -> list[list[int]]:
        """Translate one batch.

        Args:
            sources: source token ids per segment, end-of-sentence included.
            options: beam size, length penalty and length limits.
            constraints: per segment, the constraints every output must meet;
                only for backends with :attr:`supports_hard_constraints`.

        Returns:
            Per segment, the target token ids without the decoder start and
            end-of-sentence tokens.
        """


BACKENDS: dict[str, type[Backend]] = {}
# Engines living in their own module, imported on first use.
_MODULES = {"torch": "tamngu.translate.torch_backend", "ct2": "tamngu.translate.ct2_backend"}


def register(cls: type[Backend]) -> type[Backend]:
    """Class decorator adding a backend to :data:`BACKENDS` under its ``name``."""
    BACKENDS[cls.name] = cls
    return cls


def get_backend(name: str) -> type[Backend]:
    """The backend class registered as ``name``.

    Raises:
        BadInputError: unknown engine or one whose module is not available.
    """
    if name not in BACKENDS and name in _MODULES:
        try:
            importlib.import_module(_MODULES[name])
        except ModuleNotFoundError as exc:
            raise BadInputError(f"engine '{name}' is not available ({exc}); use --engine torch") from exc
    if name not in BACKENDS:
        known = ", ".join(sorted(set(BACKENDS) | set(_MODULES)))
        raise BadInputError(f"unknown engine '{name}'; available engines: {known}")
    return BACKENDS[name]

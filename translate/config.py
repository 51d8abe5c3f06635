"""Translation settings: defaults in code, overridable from TOML and the command line.

Precedence, lowest first: the defaults of :class:`TranslateConfig`, the
``[tool.tamngu]`` table of ``pyproject.toml`` in the working directory (or a
file given with ``--config``; there either a ``[tool.tamngu]`` table or
top-level keys), then explicit overrides (CLI flags).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from tamngu.errors import BadInputError

DEFAULT_MODEL_EN = "Helsinki-NLP/opus-mt-vi-en"
DEFAULT_MODEL_ZH = "Helsinki-NLP/opus-mt-en-zh"
ENGINES = ("torch", "ct2")
CONSTRAINT_MODES = ("hard", "soft", "off")
DEVICES = ("auto", "cpu", "cuda")
TORCH_QUANTIZATIONS = ("auto", "float32", "int8", "float16", "bfloat16")
TARGET_LANGS = ("en", "zh")

# The one list of settings that never change what a translation says: where and how fast it
# runs, and the model references (a memory key and a manifest name each model by its reference
# and revision per direction, so the vi->en key must not depend on the en->zh model).
NON_DECODING_SETTINGS = frozenset({"model_en", "model_zh", "device", "batch_tokens", "threads", "cache_dir", "role_window_days"})


@dataclass
class TranslateConfig:
    """Everything that chooses models and decoding.

    Attributes:
        model_en: vi->en model: a Hugging Face id or a local directory.
        model_zh: en->zh model (vi->zh pivots through English).
        zh_prefix: target-language token put in front of the en->zh source.
        engine: "torch" (transformers, hard constraints) or "ct2" (CTranslate2).
        constraints: "hard" (decoder guarantees pinned terms), "soft"
            (source-side substitution, then verification) or "off".
        beams: beam size; 1 is greedy search.
        length_penalty: exponent of the length normalisation of finished
            hypotheses (transformers' default 1.0).
        max_length: hard cap on the target length in tokens, start token
            included (OPUS-MT: 512).
        length_ratio: per segment, at most ``length_ratio * source tokens +
            length_offset`` new tokens, never below what the pinned terms need.
        length_offset: see ``length_ratio``.
        batch_tokens: token budget of one batch (padded source tokens).
        device: "auto" (CUDA when available, else CPU), "cpu" or "cuda".
        threads: CPU threads for the engines (None: every physical core; idle
            threads wait passively, see ``tamngu.translate.threads``). Not a
            decoding setting: outputs are the same for any count.
        ct2_quantization: CTranslate2 compute type ("auto": int8 on CPU,
            float16 on CUDA).
        torch_quantization: weights of the torch engine, which guarantees
            the pins ("auto": int8 on CPU, float16 on CUDA; "float32" keeps
            the checkpoint's weights; see ``tamngu.translate.quantize``).
        cache_dir: Hugging Face hub cache (None: the library default).
        role_window_days: a person's open role bound to an office in an article is
            "role unconfirmed" in the audit unless a source dated within this many
            days before the article's date saw it held (``tamngu.glossary.roles``).
    """

    model_en: str = DEFAULT_MODEL_EN
    model_zh: str = DEFAULT_MODEL_ZH
    zh_prefix: str = ">>cmn_Hans<< "
    engine: str = "torch"
    constraints: str = "hard"
    beams: int = 4
    length_penalty: float = 1.0
    max_length: int = 512
    length_ratio: float = 2.0
    length_offset: int = 10
    batch_tokens: int = 4096
    device: str = "auto"
    threads: int | None = None
    ct2_quantization: str = "auto"
    torch_quantization: str = "auto"
    cache_dir: str | None = None
    role_window_days: int = 180

    def __post_init__(self) -> None:
        _check_choice("engine", self.engine, ENGINES)
        _check_choice("constraints", self.constraints, CONSTRAINT_MODES)
        _check_choice("device", self.device, DEVICES)
        _check_choice("torch_quantization", self.torch_quantization, TORCH_QUANTIZATIONS)
        if self.beams < 1:
            raise BadInputError(f"beams must be at least 1, got {self.beams}; use --beams 4 (or 1 for greedy)")
        if self.max_length < 2:
            raise BadInputError(f"max_length must be at least 2, got {self.max_length}")
        if self.threads is not None and self.threads < 1:
            raise BadInputError(f"threads must be at least 1, got {self.threads}; use --threads 1 (or leave it out for every core)")
        if self.batch_tokens < 1:
            raise BadInputError(f"batch_tokens must be positive, got {self.batch_tokens}")
        if self.role_window_days < 0:
            raise BadInputError(f"role_window_days (--role-window) must be 0 or more days, got {self.role_window_days}")

    def model_for(self, lang: str) -> str:
        """The model reference ("en": vi->en, "zh": en->zh)."""
        _check_choice("target language", lang, TARGET_LANGS)
        return self.model_en if lang == "en" else self.model_zh

    def resolved_device(self) -> str:
        """"cuda" when asked for (or "auto" and available), else "cpu"."""
        if self.device != "auto":
            return self.device
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"

    def decoding_settings(self) -> dict[str, Any]:
        """The settings that change a translation's text (memory keys, manifests), by name.

        Everything but :data:`NON_DECODING_SETTINGS`::

            >>> sorted(TranslateConfig().decoding_settings())[:3]
            ['beams', 'constraints', 'ct2_quantization']
        """
        raw = dataclasses.asdict(self)
        return {name: raw[name] for name in sorted(raw) if name not in NON_DECODING_SETTINGS}

    def replace(self, **changes: Any) -> TranslateConfig:
        """A copy with ``changes`` applied; ``None`` values are ignored."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_config(
    config_file: Path | str | None = None,
    *,
    cwd: Path | str | None = None,
    **overrides: Any,
) -> TranslateConfig:
    """Build the config from defaults, a TOML file and ``overrides``.

    Args:
        config_file: a TOML file; ``None`` reads ``pyproject.toml`` of ``cwd``
            when it has a ``[tool.tamngu]`` table.
        cwd: where to look for ``pyproject.toml`` (default: the working directory).
        **overrides: field values (CLI flags); ``None`` means "not given".

    Raises:
        BadInputError: unreadable TOML, an unknown key or a bad value, naming
            the file and the key.
    """
    values, origin = _file_values(config_file, Path(cwd) if cwd else Path.cwd())
    # sub-tables ([tool.tamngu.bench], ...) belong to other commands
    values = {k: v for k, v in values.items() if not isinstance(v, Mapping)}
    values.update({k: v for k, v in overrides.items() if v is not None})
    _check_keys(values, origin)
    _check_types(values, origin)
    try:
        return TranslateConfig(**values)
    except TypeError as exc:
        raise BadInputError(f"{origin}: {exc}") from exc


def _file_values(config_file: Path | str | None, cwd: Path) -> tuple[dict[str, Any], str]:
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise BadInputError(f"config file {path} does not exist; pass an existing TOML file to --config")
        data = _read_toml(path)
        table = data.get("tool", {}).get("tamngu", data) if "tool" in data else data
        return dict(table), str(path)
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {}).get("tamngu", {})
        return dict(table), f"{pyproject} [tool.tamngu]"
    return {}, "defaults"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInputError(f"{path}: not valid TOML ({exc}); fix the file or pass another with --config") from exc


def _check_keys(values: Mapping[str, Any], origin: str) -> None:
    known = {f.name for f in fields(TranslateConfig)}
    for key in values:
        if key not in known:
            raise BadInputError(f"{origin}: unknown setting '{key}'; known settings: {', '.join(sorted(known))}")


_TYPE_NAMES = {"str": "a string", "int": "a whole number", "float": "a number", "None": "nothing"}


def _check_types(values: Mapping[str, Any], origin: str) -> None:
    """Each value has its field's type (``beams = "four"`` names the key and the fix, not Python's error)."""
    declared = {f.name: str(f.type) for f in fields(TranslateConfig)}
    for key, value in values.items():
        allowed = [name.strip() for name in declared[key].split("|")]
        if not any(_is_type(value, name) for name in allowed):
            expected = " or ".join(_TYPE_NAMES.get(name, name) for name in allowed if name != "None")
            example = {"str": '"text"', "int": "4", "float": "1.0"}.get(allowed[0], "...")
            raise BadInputError(
                f"{origin}: setting '{key}' must be {expected}, got {value!r} ({type(value).__name__}); "
                f"write it like {key} = {example}"
            )


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool):  # TOML true/false is no number
        return False
    kinds: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (int, float), "None": (type(None),)}
    return isinstance(value, kinds.get(name, (object,)))


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        where = f" (--{name.replace('_', '-')})" if name.isidentifier() else ""  # the option that sets it
        raise BadInputError(f"{name}{where} must be one of {', '.join(choices)}, got '{value}'")

"""Session fixtures shared by the whole suite: tiny random MarianMT models.

``tiny_models`` builds two random-weight Marian models once per session with
sentencepiece vocabularies trained on the seed corpus and the glossary (see
:mod:`tamngu.tools.random_models`): ``"en"`` is vi->en, ``"zh"`` is en->zh (its
source vocabulary knows ``>>cmn_Hans<<``). Nothing is downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tamngu.tools.random_models import seed_lines, tiny_marian

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tests never reach the network
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

TINY_SEED = 1234


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """{"en": vi->en model dir, "zh": en->zh model dir}, built once per session."""
    root = tmp_path_factory.mktemp("tiny_models")
    return {
        "en": tiny_marian(root / "vi-en", "vi-en", seed=TINY_SEED),
        "zh": tiny_marian(root / "en-zh", "en-zh", seed=TINY_SEED + 1),
    }


@pytest.fixture(scope="session")
def seed_segments() -> list[str]:
    """Text lines of the seed articles (image file names dropped), in file order."""
    return seed_lines()

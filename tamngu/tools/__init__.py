"""Tools beside the stages: benchmarks, the speed script, tiny random models, stress runs.

Nothing in :mod:`tamngu.corpus`, :mod:`tamngu.glossary`, :mod:`tamngu.translate`
or :mod:`tamngu.eval` imports from here; the tools import the stages.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def seeds_dir() -> Path:
    """The seed corpus: package data ``tamngu.seeds`` in a wheel, ``seeds/`` in a source checkout.

    An editable install maps the stages but not the data-only ``tamngu.seeds``
    folder, so a checkout falls back to the ``seeds/`` beside ``tamngu/``.
    """
    spec = importlib.util.find_spec("tamngu.seeds")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[2] / "seeds"

"""One installed namespace: tamngu.translate, tamngu.glossary, tamngu.eval; nothing generic at the top."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("corpus", "glossary", "translate", "eval")


@pytest.mark.parametrize("name", ["translate", "glossary", "eval", "corpus", "tools"])
def test_no_generic_top_level_package(name: str, tmp_path: Path) -> None:
    # Run outside the checkout: python -m pytest puts the repository root on sys.path. Another
    # distribution may own the name (translate-toolkit installs 'translate'); tamngu must not.
    code = f"import importlib.util; spec = importlib.util.find_spec({name!r}); print(spec.origin if spec else '')"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    origin = done.stdout.strip()
    assert not origin or ROOT not in Path(origin).resolve().parents, f"'import {name}' finds tamngu's {origin}"


@pytest.mark.parametrize("module", ["tamngu.translate.pipeline", "tamngu.glossary.matcher", "tamngu.eval.report",
                                    "tamngu.corpus.parse", "tamngu.tools.bench"])
def test_namespace_imports(module: str, tmp_path: Path) -> None:
    completed = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=tmp_path, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


def _stage_files() -> list[Path]:
    folders = [ROOT / "glossary", ROOT / "translate", ROOT / "eval", ROOT / "tamngu" / "corpus"]
    return [path for folder in folders for path in sorted(folder.rglob("*.py"))]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("path", _stage_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_stages_import_downward_only(path: Path) -> None:
    """Stages never import the CLI or the tools; the corpus stage imports no later stage."""
    upward = {"tamngu.cli", "tamngu.commands", "tamngu.tools"}
    if path.is_relative_to(ROOT / "tamngu" / "corpus"):
        upward |= {"tamngu.glossary", "tamngu.translate", "tamngu.eval"}
    if path.is_relative_to(ROOT / "glossary"):
        upward |= {"tamngu.translate", "tamngu.eval"}
    if path.is_relative_to(ROOT / "translate"):
        upward |= {"tamngu.eval"}
    bad = {name for name in _imported_modules(path) if any(name == u or name.startswith(u + ".") for u in upward)}
    assert not bad


@pytest.mark.slow
def test_wheel_ships_the_namespace_and_its_data(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)]
    completed = subprocess.run(command, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    (wheel,) = tmp_path.glob("tamngu-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    tops = {name.split("/")[0] for name in names if not name.startswith("tamngu-")}
    assert tops == {"tamngu"}
    for expected in ("tamngu/translate/pipeline.py", "tamngu/glossary/data/person.toml", "tamngu/corpus/parse.py",
                     "tamngu/eval/references/000_3a4965e06602310f.jsonl", "tamngu/seeds/000_3a4965e06602310f.txt",
                     "tamngu/tools/bench.py", "tamngu/errors.py",
                     "tamngu/glossary/data/lexicon/surnames.toml", "tamngu/glossary/data/compose/offices.toml",
                     "tamngu/web/static/htmx.min.js", "tamngu/web/templates/article.html"):  # the desk works offline
        assert expected in names

"""The runs folder as the desk reads it: run names checked, paths kept inside, manifests and articles read.

Every path the desk opens under the runs folder is built here from names that
match :data:`NAME` and resolve to a direct child of the folder, so no request
can reach a file outside it (``..``, absolute paths, symlinks out are refused).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tamngu.errors import BadInputError, NotFoundError
from tamngu.translate.outputs import ARTICLES_DIR, read_manifest, tmx_path

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
DOWNLOAD_KINDS = ("md", "json", "tmx")
INPUTS_DIR = ".desk-inputs"  # the articles pasted or uploaded at the desk, one folder per run


@dataclass(frozen=True)
class RunInfo:
    """One run directory under the runs folder."""

    name: str
    manifest: dict[str, Any]
    articles: tuple[str, ...]
    report: dict[str, Any] | None

    @property
    def created(self) -> str:
        return str(self.manifest.get("created", ""))

    @property
    def complete(self) -> bool:
        return bool(self.manifest.get("complete"))


def check_name(name: str, what: str = "run") -> str:
    """``name`` when it is a plain file name (letters, digits, ``.``, ``_``, ``-``; no ``..``).

    Raises:
        BadInputError: anything else.
    """
    if not NAME.match(name or "") or ".." in name:
        raise BadInputError(f"'{name}' is not a {what} name: use letters, digits, '.', '_' and '-' only")
    return name


def run_path(runs_dir: Path, name: str) -> Path:
    """The run directory ``name`` under ``runs_dir``.

    Raises:
        BadInputError: not a plain name, or it leads outside ``runs_dir``.
        NotFoundError: no such run.
    """
    path = _inside(runs_dir, runs_dir / check_name(name))
    if read_manifest(path) is None if path.is_dir() else True:
        raise NotFoundError(f"no run '{name}' in {runs_dir}")
    return path


def article_path(runs_dir: Path, run: str, article: str) -> Path:
    """``RUN/articles/<article>.json``, checked like :func:`run_path`."""
    path = _inside(runs_dir, run_path(runs_dir, run) / ARTICLES_DIR / f"{check_name(article, 'article')}.json")
    if not path.is_file():
        raise NotFoundError(f"run '{run}' has no article '{article}'")
    return path


def download_path(runs_dir: Path, run: str, article: str, kind: str, lang: str) -> Path:
    """The file a batch run wrote for ``article``: its Markdown or JSON, or the run's TMX for ``lang``."""
    folder = run_path(runs_dir, run)
    if kind not in DOWNLOAD_KINDS or lang not in ("en", "zh"):
        raise BadInputError(f"no download '{kind}' in '{lang}': choose md, json or tmx and en or zh")
    check_name(article, "article")
    path = {"md": folder / f"{article}.{lang}.md", "json": folder / ARTICLES_DIR / f"{article}.json", "tmx": tmx_path(folder, lang)}[kind]
    path = _inside(runs_dir, path)
    if not path.is_file():
        raise NotFoundError(f"run '{run}' has no {kind} file for '{article}' in '{lang}'")
    return path


def list_runs(runs_dir: Path) -> list[RunInfo]:
    """Every run directory directly under ``runs_dir`` (a ``manifest.json`` of tamngu), newest first."""
    if not runs_dir.is_dir():
        return []
    runs = []
    for path in runs_dir.iterdir():
        if not path.is_dir() or not NAME.match(path.name):
            continue
        try:
            manifest = read_manifest(path)
        except BadInputError:
            continue  # a corrupt manifest: `tamngu translate --force` rebuilds it; not the desk's to show
        if manifest is not None:
            runs.append(run_info(runs_dir, path.name, manifest))
    return sorted(runs, key=lambda run: (run.created, run.name), reverse=True)


def run_info(runs_dir: Path, name: str, manifest: dict[str, Any] | None = None) -> RunInfo:
    """One run: its manifest, the articles written so far and its evaluation report, if any."""
    path = run_path(runs_dir, name)
    manifest = manifest if manifest is not None else read_manifest(path) or {}
    folder = path / ARTICLES_DIR
    articles = tuple(sorted(p.stem for p in folder.glob("*.json"))) if folder.is_dir() else ()
    return RunInfo(name, manifest, articles, _report(path))


def input_folder(runs_dir: Path, run: str) -> Path:
    """Where the desk keeps the article it translated into ``run`` (kept out of the run directory)."""
    return _inside(runs_dir, runs_dir / INPUTS_DIR / check_name(run))


def _report(path: Path) -> dict[str, Any] | None:
    """The evaluation report scoring this run: in the run directory, or in a folder beside it that names it."""
    for folder in (path, *sorted(p for p in path.parent.iterdir() if p.is_dir() and NAME.match(p.name))):
        data = read_report(folder)
        if data is None:
            continue
        scored = {Path(str(run.get("run_dir", ""))).resolve() for run in data.get("runs", []) if isinstance(run, dict)}
        if folder == path or path.resolve() in scored:
            return {**data, "folder": folder.name}
    return None


def read_report(folder: Path) -> dict[str, Any] | None:
    """The ``report.json`` of ``tamngu eval --out FOLDER``, or None."""
    candidate = folder / "report.json"
    if not candidate.is_file():
        return None
    try:
        data = json.loads(candidate.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "tamngu_eval" in data else None


def report_html(runs_dir: Path, folder: str) -> Path:
    """The ``report.html`` of an evaluation folder directly under ``runs_dir``."""
    path = _inside(runs_dir, runs_dir / check_name(folder, "report folder") / "report.html")
    if read_report(path.parent) is None or not path.is_file():
        raise NotFoundError(f"no evaluation report in '{folder}'")
    return path


def _inside(root: Path, path: Path) -> Path:
    resolved_root, resolved = root.resolve(), path.resolve()
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise BadInputError(f"'{path.name}' is outside the runs folder")
    return path

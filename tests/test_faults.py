"""Faults a newsroom hits, fed to the CLI: one ``error:`` line, exit code 2, no file changed or half-written.

Each case builds its inputs in a fresh working directory (``models/`` holds the
tiny random models), runs ``tamngu`` through :func:`tamngu.cli.main` and
compares every file under the directory before and after (bytes and
modification time; the run lock excepted). Cases that recover (``--force``)
and the SIGKILL resume test follow the table.
"""

from __future__ import annotations

import gc
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

import pytest

ARTICLE = "Bí thư Tỉnh ủy Vân Nam Vương Ninh tiếp đoàn.\n\nĐồng chí Trịnh Việt Hùng phát biểu.\n"
CONFLICT = """[[entry]]
id = "wang-ning"
type = "person"
vi = "Vương Ninh"
en = "Wang Ning"
zh = "王宁"
provenance = "derived"
source = "test"

[[entry]]
id = "wang-ning-b"
type = "person"
vi = "Vương Ninh"
en = "Wang Ningg"
zh = "王宁宁"
provenance = "derived"
source = "test"
"""
# "Bí thư Tỉnh ủy ... tiếp đoàn ..." in VNI and in TCVN3 bytes, opened as Windows-1252 and saved as UTF-8
VNI_MOJIBAKE = "Bí thö Tænh uûy Vaân Nam Vöông Ninh tieáp ñoaøn ñaïi bieåu cuûa tænh Laøo Cai vaø caùc ñoàng chí.\n"
TCVN3_MOJIBAKE = "BÝ th\xad TØnh ñy V©n Nam V\xad¬ng Ninh tiÕp ®oµn ®¹i biÓu cña tØnh Lµo Cai vµ c¸c ®ång chÝ.\n"
MODELS = ["--model-en", "models/vi-en", "--model-zh", "models/en-zh", "--device", "cpu", "--beams", "1"]


class Case(NamedTuple):
    """A fault: files to lay out, the command, and a piece of the one error line expected."""

    name: str
    files: dict[str, str | bytes]
    args: list[str]
    message: str
    stdin: bytes | None = None


def _run_dir(articles: tuple[str, ...] = ("a",), **extra: str | bytes) -> dict[str, str | bytes]:
    """A finished-looking run directory ``out/`` (manifest and article JSON) plus ``extra`` files."""
    manifest = {"tamngu_run": 1, "articles": list(articles), "targets": ["en"], "complete": True}
    files: dict[str, str | bytes] = {"out/manifest.json": json.dumps(manifest)}
    files.update({f"out/articles/{name}.json": "{}" for name in articles})
    files.update({f"out/{name}.en.md": "# old\n" for name in articles})
    files.update(extra)
    return files


CASES = [
    Case("unknown target", {"a.txt": ARTICLE}, ["translate", "a.txt", "--to", "fr"], "--to must be en, zh or en,zh, got 'fr'"),
    Case("constraint mode", {"a.txt": ARTICLE}, ["translate", "a.txt", "--constraints", "strict"], "constraints (--constraints) must be one of hard, soft, off"),
    Case("engine", {"a.txt": ARTICLE}, ["translate", "a.txt", "--engine", "onnx"], "engine (--engine) must be one of torch, ct2"),
    Case("date", {"a.txt": ARTICLE}, ["translate", "a.txt", "--date", "29/10/2025"], "--date must be YYYY-MM-DD"),
    Case("config value type", {"a.txt": ARTICLE, "c.toml": 'beams = "four"\n'}, ["translate", "a.txt", "--config", "c.toml"],
         "c.toml: setting 'beams' must be a whole number, got 'four' (str); write it like beams = 4"),
    Case("config bool for number", {"a.txt": ARTICLE, "c.toml": "length_ratio = true\n"}, ["translate", "a.txt", "--config", "c.toml"],
         "setting 'length_ratio' must be a number, got True (bool)"),
    Case("config value range", {"a.txt": ARTICLE, "c.toml": "beams = 0\n"}, ["translate", "a.txt", "--config", "c.toml"], "beams must be at least 1, got 0"),
    Case("config unknown key", {"a.txt": ARTICLE, "c.toml": "beam = 4\n"}, ["translate", "a.txt", "--config", "c.toml"], "unknown setting 'beam'"),
    Case("config not TOML", {"a.txt": ARTICLE, "c.toml": "beams = = 4\n"}, ["translate", "a.txt", "--config", "c.toml"], "c.toml: not valid TOML"),
    Case("config missing", {"a.txt": ARTICLE}, ["translate", "a.txt", "--config", "nope.toml"], "config file nope.toml does not exist"),
    Case("input missing", {}, ["translate", "nope.txt", *MODELS], "input file 'nope.txt' does not exist"),
    Case("input binary", {"a.txt": b"\x00\x01\x02PK\x03\x04"}, ["translate", "a.txt", *MODELS], "a.txt: binary file"),
    Case("input UTF-16", {"a.txt": ARTICLE.encode("utf-16")}, ["translate", "a.txt", *MODELS], "UTF-16 text, expected UTF-8"),
    Case("input not UTF-8", {"a.txt": ARTICLE.encode("cp1258", errors="replace")}, ["translate", "a.txt", *MODELS], "a.txt"),
    Case("VNI mojibake", {"a.txt": VNI_MOJIBAKE}, ["translate", "a.txt", *MODELS],
         "a.txt: VNI-Windows text that was read as Windows-1252 and saved as UTF-8 (mojibake such as 'thö')"),
    Case("TCVN3 mojibake, batch", {"in/a.txt": TCVN3_MOJIBAKE}, ["translate", "in", "--out", "out", *MODELS],
         "TCVN3 (ABC) text that was read as Windows-1252 and saved as UTF-8"),
    Case("two plain inputs", {"a.txt": ARTICLE, "b.txt": ARTICLE}, ["translate", "a.txt", "b.txt", *MODELS], "plain-text mode takes one file"),
    Case("directory without --out", {"in/a.txt": ARTICLE}, ["translate", "in", *MODELS], "is a directory; add --out DIR"),
    Case("typo in model path", {"a.txt": ARTICLE}, ["translate", "a.txt", "--to", "en", "--model-en", "models/vi-EN-typo"],
         "model directory 'models/vi-EN-typo' does not exist (did you mean models/vi-en?)"),
    Case("typo in model path, batch", {"in/a.txt": ARTICLE}, ["translate", "in", "--out", "out", "--to", "en", "--model-en", "models/vi-EN-typo"],
         "model directory 'models/vi-EN-typo' does not exist"),
    Case("hub model not cached", {"a.txt": ARTICLE}, ["translate", "a.txt", "--to", "en", "--model-en", "Helsinki-NLP/opus-mt-vi-en"],
         "is not in the local Hugging Face cache (offline); run `tamngu models fetch`"),
    Case("hub model not cached, batch", {"in/a.txt": ARTICLE}, ["translate", "in", "--out", "out", "--model-zh", "Helsinki-NLP/opus-mt-en-zh",
         "--model-en", "models/vi-en"], "model 'Helsinki-NLP/opus-mt-en-zh' is not in the local Hugging Face cache"),
    Case("truncated weights", {"a.txt": ARTICLE}, ["translate", "a.txt", "--to", "en", "--model-en", "models/cut"], "model weights are truncated"),
    Case("truncated weights, batch", {"in/a.txt": ARTICLE}, ["translate", "in", "--out", "out", "--to", "en", "--model-en", "models/cut"],
         "model weights are truncated"),
    Case("model dir without config", {"a.txt": ARTICLE, "models/empty/x.txt": "x"}, ["translate", "a.txt", "--to", "en", "--model-en", "models/empty"],
         "'models/empty' has no config.json"),
    Case("conflicting glossary", {"a.txt": ARTICLE, "g/a.toml": CONFLICT}, ["translate", "a.txt", "--glossary", "g", *MODELS], "no rule to choose"),
    Case("conflicting glossary, lookup", {"g/a.toml": CONFLICT}, ["glossary", "lookup", "vuong ninh", "--glossary", "g"], "no rule to choose"),
    Case("conflicting glossary, batch", {"in/a.txt": ARTICLE, "g/a.toml": CONFLICT}, ["translate", "in", "--out", "out", "--glossary", "g", *MODELS],
         "no rule to choose"),
    Case("glossary missing", {"a.txt": ARTICLE}, ["translate", "a.txt", "--glossary", "nope", *MODELS], "glossary directory not found"),
    Case("glossary bad TOML", {"g/a.toml": "[[entry]\n"}, ["glossary", "lookup", "vuong ninh", "--glossary", "g"], "g/a.toml"),
    Case("corrupt memory", _run_dir(**{"in/a.txt": ARTICLE, "out/memory.sqlite": b"not a database" * 100}),
         ["translate", "in", "--out", "out", *MODELS], "out/memory.sqlite: translation memory is corrupt (file is not a database); rerun with --force"),
    Case("corrupt manifest", {"in/a.txt": ARTICLE, "out/manifest.json": '{"tamngu_run": 1, "arti', "out/a.en.md": "# old\n"},
         ["translate", "in", "--out", "out", *MODELS], "out/manifest.json: run manifest is corrupt"),
    Case("fewer articles than the run holds", _run_dir(("a", "b"), **{"in/a.txt": ARTICLE}), ["translate", "in", "--out", "out", *MODELS],
         "holds 1 article(s) not in this run's input (b); pass --force to remove their files"),
    Case("foreign output directory", {"in/a.txt": ARTICLE, "out/photo.jpg": b"\xff\xd8"}, ["translate", "in", "--out", "out", *MODELS],
         "not empty and not a tamngu run directory"),
    Case("output is a file", {"in/a.txt": ARTICLE, "out": "x"}, ["translate", "in", "--out", "out", *MODELS], "cannot create the output directory"),
    Case("empty input directory", {"in/notes.md": "x"}, ["translate", "in", "--out", "out", *MODELS], "no articles"),
    Case("only empty articles", {"in/a.txt": "\n\n"}, ["translate", "in", "--out", "out", *MODELS], "no article text"),
    # plain mode refuses empty input before loading a model (models/none does not exist: it is never looked at)
    Case("empty plain file", {"a.txt": ""}, ["translate", "a.txt", "--model-en", "models/none"],
         "a.txt is empty: nothing to translate; plain mode translates each line"),
    Case("blank-only plain file", {"a.txt": " \n\n\t\n"}, ["translate", "a.txt", "--model-en", "models/none"], "a.txt holds only blank lines"),
    Case("empty stdin", {}, ["translate", "-", "--model-en", "models/none"], "<stdin> is empty: nothing to translate", stdin=b""),
    Case("blank-only stdin", {}, ["translate", "-", "--model-en", "models/none"], "<stdin> holds only blank lines", stdin=b"\n \n"),
    # a manifest of the wrong shape is named as such, not as missing
    Case("manifest not tamngu's", {"in/a.txt": ARTICLE, "out/manifest.json": "[]"}, ["translate", "in", "--out", "out", *MODELS],
         'out/manifest.json: not a tamngu run manifest (expected an object with "tamngu_run": 1); rerun with --force'),
    Case("manifest dates a list", {"in/a.txt": ARTICLE, "out/manifest.json": '{"tamngu_run": 1, "dates": ["2025-10-29"]}'},
         ["translate", "in", "--out", "out", *MODELS],
         "out/manifest.json: run manifest has the wrong shape ('dates' must be an object of article id -> YYYY-MM-DD, got a list)"),
    Case("manifest date not a date", {"in/a.txt": ARTICLE, "out/manifest.json": '{"tamngu_run": 1, "dates": {"a": "29/10/2025"}}'},
         ["translate", "in", "--out", "out", *MODELS], "('dates' of 'a' must be YYYY-MM-DD, got '29/10/2025')"),
    Case("manifest created a number", {"in/a.txt": ARTICLE, "out/manifest.json": '{"tamngu_run": 1, "created": 5}'},
         ["translate", "in", "--out", "out", *MODELS], "('created' must be a date-time text, got int)"),
    Case("eval of a missing run", {}, ["eval", "runs/none", "--out", "report"], "run directory not found"),
    Case("eval of a non-run", {"runs/x/a.txt": "x"}, ["eval", "runs/x", "--out", "report"], "not a tamngu run (no manifest.json)"),
    Case("eval of a corrupt run", {"runs/x/manifest.json": "{", "runs/x/articles/a.json": "{}"}, ["eval", "runs/x", "--out", "report"], "runs/x"),
    Case("models fetch offline", {}, ["models", "fetch", "--model-zh", "models/en-zh"], "could not download 'Helsinki-NLP/opus-mt-vi-en'"),
    Case("corpus inspect missing", {}, ["corpus", "inspect", "nope.txt"], "nope.txt"),
]


@pytest.fixture()
def workdir(tmp_path: Path, tiny_models: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with ``models/vi-en``, ``models/en-zh`` and ``models/cut`` (weights cut in half)."""
    models = tmp_path / "models"
    for name, source in (("vi-en", tiny_models["en"]), ("en-zh", tiny_models["zh"]), ("cut", tiny_models["en"])):
        shutil.copytree(source, models / name)
    weights = models / "cut" / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.delenv("TAMNGU_GLOSSARY", raising=False)
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fault_is_one_line_exit_2_and_changes_nothing(case: Case, workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    _lay_out(workdir, case.files)
    before = _snapshot(workdir)
    if case.stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(case.stdin)))
    code, out, err = _main(case.args, monkeypatch, capsys)
    lines = [line for line in err.splitlines() if not line.startswith("WARNING")]
    assert (code, out) == (2, ""), err
    assert len(lines) == 1 and lines[0].startswith("error: ") and case.message in lines[0], err
    assert "Traceback" not in err
    assert _snapshot(workdir) == before


def test_force_rebuilds_a_corrupt_memory_and_manifest_and_removes_stale_articles(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _run_dir(("a", "b"), **{"in/a.txt": ARTICLE, "out/memory.sqlite": b"not a database" * 100})
    files["out/manifest.json"] = '{"tamngu_run": 1, "arti'
    _lay_out(workdir, files)
    code, _, err = _main(["translate", "in", "--out", "out", "--to", "en", "--force", *MODELS], monkeypatch, capsys)
    assert code == 0, err
    out = workdir / "out"
    assert not (out / "articles/b.json").exists() and not (out / "b.en.md").exists()
    assert (out / "memory.sqlite.corrupt").read_bytes() == b"not a database" * 100
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"] == ["a"]
    with sqlite3.connect(out / "memory.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 2


def test_local_model_path_spellings_share_the_memory(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _lay_out(workdir, {"in/a.txt": ARTICLE})
    args = ["translate", "in", "--out", "out", "--to", "en", "--json", "--device", "cpu", "--beams", "1"]
    first = _main([*args, "--model-en", "models/vi-en"], monkeypatch, capsys)
    again = _main([*args, "--model-en", "./models/vi-en/"], monkeypatch, capsys)
    assert first[0] == again[0] == 0, again[2]
    assert (json.loads(first[1])["cache_hits"], json.loads(again[1])["cache_hits"]) == (0, 2)


@pytest.mark.parametrize(
    ("ref", "is_path"),
    [("models/vi-en", True), ("models/vi-EN-typo", True), ("./m", True), ("~/m", True), ("a/b/c", True),
     ("Helsinki-NLP/opus-mt-vi-en", False), ("opus-mt-vi-en", False), ("m/", True), ("a\\b", True)],
)
def test_what_looks_like_a_path_is_a_path(workdir: Path, ref: str, is_path: bool) -> None:
    from tamngu.translate.models import looks_like_path

    assert looks_like_path(ref) is is_path


def test_sigkill_mid_article_loses_at_most_one_batch(workdir: Path) -> None:
    """Kill a run once the memory holds its first batch; the rerun translates only what was not committed."""
    sentences = [f"Đồng chí Trịnh Việt Hùng phát biểu lần thứ {n}." for n in range(12)]
    _lay_out(workdir, {"in/a.txt": "Tiêu đề bài viết\n\n" + "\n\n".join(sentences) + "\n"})
    command = [sys.executable, "-c", _RUN_WITH_SMALL_BATCHES]
    env = dict(os.environ)
    process = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    committed = _wait_for_rows(workdir / "out/memory.sqlite", process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not (workdir / "out/articles/a.json").exists()  # killed mid-article
    kept = _rows(workdir / "out/memory.sqlite")
    assert kept >= committed >= 1
    rerun = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, check=True)
    summary = json.loads(rerun.stdout)
    assert summary["cache_hits"] == kept and summary["translated"] == summary["segments"] - kept
    assert summary["translated"] <= summary["segments"] - 1


# The CLI's run with two segments per batch (the memory commits per batch), summary as JSON on stdout.
_RUN_WITH_SMALL_BATCHES = """
import json
from pathlib import Path
from tamngu.glossary.loader import load_glossary
from tamngu.translate.batch import run_batch
from tamngu.translate.config import TranslateConfig
config = TranslateConfig(model_en="models/vi-en", device="cpu", beams=1)
summary = run_batch([Path("in")], Path("out"), ("en",), config, load_glossary(None), segments_per_call=2)
print(json.dumps(summary.to_dict()))
"""


# The CLI itself with two segments per group: Ctrl-C and SIGTERM handling live in tamngu.cli.main.
_CLI_WITH_SMALL_BATCHES = """
import sys
import tamngu.translate.batch as batch
from tamngu.cli import main
batch.run_batch.__kwdefaults__["segments_per_call"] = 2
sys.argv = ["tamngu", "translate", *sys.argv[1:], "--to", "en", "--device", "cpu", "--beams", "1", "--model-en", "models/vi-en", "--json"]
main()
"""
KEPT = "the finished segments are kept in out/memory.sqlite: rerun the same command to resume"
PLAIN = "nothing was printed (plain text prints when every line is done): rerun it, or translate articles with --out DIR"


class Stop(NamedTuple):
    """A stop: the signal, sent once the run has committed a group (batch) or shown progress (plain)."""

    name: str
    args: list[str]
    signal: int
    code: int
    last_line: str


STOPS = [
    Stop("Ctrl-C, batch", ["in", "--out", "out"], signal.SIGINT, 130, f"interrupted; {KEPT}"),
    Stop("SIGTERM, batch", ["in", "--out", "out"], signal.SIGTERM, 143, f"terminated; {KEPT}"),
    Stop("Ctrl-C, plain", ["lines.txt"], signal.SIGINT, 130, f"interrupted; {PLAIN}"),
    Stop("SIGTERM, plain", ["lines.txt"], signal.SIGTERM, 143, f"terminated; {PLAIN}"),
]


@pytest.mark.slow
@pytest.mark.parametrize("stop", STOPS, ids=[stop.name for stop in STOPS])
def test_a_stop_keeps_the_memory_leaves_no_temporary_file_and_says_what_was_kept(workdir: Path, stop: Stop) -> None:
    sentences = [f"Đồng chí Trịnh Việt Hùng phát biểu lần thứ {n}." for n in range(12)]
    # plain mode prints progress after five seconds of work: enough lines to get there on any machine
    lines = "\n".join(f"{sentence} Tỉnh ủy Lào Cai họp lần {n}." for n in range(1500) for sentence in sentences[:4]) + "\n"
    _lay_out(workdir, {"in/a.txt": "Tiêu đề bài viết\n\n" + "\n\n".join(sentences) + "\n", "lines.txt": lines})
    command = [sys.executable, "-c", _CLI_WITH_SMALL_BATCHES, *stop.args]
    with (workdir / "stdout").open("w+b") as stdout:  # a file, not a pipe: a full pipe would block the run
        process = subprocess.Popen(command, cwd=workdir, stdout=stdout, stderr=subprocess.PIPE)
        if "--out" in stop.args:
            _wait_for_rows(workdir / "out/memory.sqlite", process)
        else:
            _wait_for_line(process, b"translating: ")
        process.send_signal(stop.signal)
        _, err = process.communicate(timeout=300)
        stdout.seek(0)
        out = stdout.read()
    assert (process.returncode, out) == (stop.code, b""), err.decode()
    assert err.decode().splitlines()[-1].startswith(stop.last_line) and "Traceback" not in err.decode(), err.decode()
    assert not [path for path in workdir.rglob(".*.tmp")]
    if "--out" not in stop.args:
        return
    with sqlite3.connect(workdir / "out/memory.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = _rows(workdir / "out/memory.sqlite")
    rerun = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=True)
    summary = json.loads(rerun.stdout)
    assert summary["cache_hits"] == kept and summary["translated"] == summary["segments"] - kept


def _full_disk(only: str) -> Any:
    """A ``NamedTemporaryFile`` whose writes fail as on a full disk (for files whose name starts with ``only``)."""
    import tempfile

    real = tempfile.NamedTemporaryFile

    def temporary(*args: Any, **kwargs: Any) -> Any:
        handle = real(*args, **kwargs)  # the file exists, as on a disk that filled while it was written
        if not Path(handle.name).name.startswith(only):
            return handle
        handle.file.close()
        return tempfile._TemporaryFileWrapper(open("/dev/full", "w", encoding="utf-8"), handle.name, delete=False)  # type: ignore[attr-defined]

    return temporary


@pytest.mark.parametrize(
    ("only", "where", "rows"),
    [(".manifest.json", "the manifest, before any work", 0), (".a.json", "the article JSON", 4), (".run.vi-", "the TMX files", 4)],
)
def test_a_disk_that_fills_mid_run_gives_one_line_and_no_del_traceback(
    only: str, where: str, rows: int, workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tempfile

    _lay_out(workdir, {"in/a.txt": ARTICLE})
    unraisable: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)  # where "Exception ignored in ... __del__" goes
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", _full_disk(only))
    code, out, err = _main(["translate", "in", "--out", "out", *MODELS, "--to", "en,zh"], monkeypatch, capsys)
    gc.collect()
    lines = [line for line in err.splitlines() if not line.startswith(("WARNING", "translating"))]
    assert (code, out, len(lines)) == (2, "", 1), err
    assert lines[0].startswith("error: ") and "the disk is full" in lines[0] and "then rerun to resume" in lines[0], where
    assert [hook.exc_value for hook in unraisable] == [], where
    assert not list(workdir.rglob(".*.tmp")), where
    assert _rows(workdir / "out/memory.sqlite") == rows, where  # every finished translation kept


def _wait_for_line(process: subprocess.Popen[bytes], start: bytes) -> None:
    """Read the process's stderr until a line starts with ``start`` (the rest stays in the pipe for communicate)."""
    assert process.stderr is not None
    for line in iter(process.stderr.readline, b""):
        if line.startswith(start):
            return
    pytest.fail(f"the process ended before printing {start!r}")


def _wait_for_rows(memory: Path, process: subprocess.Popen[bytes]) -> int:
    for _ in range(12000):  # model loading on a busy machine can take minutes
        rows = _rows(memory)
        if rows:
            return rows
        if process.poll() is not None:
            pytest.fail(f"the run ended before the kill: {process.stderr.read().decode() if process.stderr else ''}")
        time.sleep(0.05)
    pytest.fail("no batch committed within ten minutes")


def _rows(memory: Path) -> int:
    if not memory.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{memory}?mode=ro", uri=True) as db:
            return int(db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
    except sqlite3.Error:
        return 0


def _lay_out(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time (the lock file excepted), and every folder."""
    snapshot: dict[str, tuple[bytes, int]] = {}
    for path in sorted(root.rglob("*")):
        if path.name == ".lock" or "models" in path.relative_to(root).parts[:1]:
            continue
        snapshot[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else (b"<dir>", 0)
    return snapshot


def _main(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from tamngu.cli import main

    monkeypatch.setattr("sys.argv", ["tamngu", *args])
    code = 0
    sigterm = signal.getsignal(signal.SIGTERM)
    try:
        main()
    except SystemExit as caught:
        code = int(caught.code or 0)
    finally:
        signal.signal(signal.SIGTERM, sigterm)  # main() makes SIGTERM stop as Ctrl-C does; not in the test process
    captured = capsys.readouterr()
    return code, captured.out, captured.err



@pytest.mark.parametrize(
    ("error", "remedy"),
    [
        (OSError(28, "No space left on device", "out/a.en.md"), "the disk is full: free space where out lives (df -h 'out')"),
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (PermissionError(13, "Permission denied", "out/a.en.md"), "permission denied: make out and its files writable"),
        (OSError(30, "Read-only file system", "out/a.en.md"), "out is on a read-only file system: choose another --out"),
    ],
)
def test_a_failed_write_says_what_to_do(error: Exception, remedy: str) -> None:
    from tamngu.errors import TamnguError
    from tamngu.translate.rundir import write_failures_explained

    with pytest.raises(TamnguError) as caught, write_failures_explained(Path("out"), Path("out/memory.sqlite")):
        raise error
    assert remedy in str(caught.value) and "then rerun to resume" in str(caught.value)

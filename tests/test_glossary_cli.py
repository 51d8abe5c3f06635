"""`tamngu glossary ...` end to end: exit codes 0/1/2, --json parses, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from cli_helpers import invoke

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_3a4965e06602310f.txt"


run = invoke  # tamngu ARGS in-process: (exit code, stdout, stderr)


@pytest.mark.parametrize(
    ("query", "first_id"),
    [("vuong ninh", "wang-ning"), ("Wang Ning", "wang-ning"), ("王宁", "wang-ning"), ("wang ning", "wang-ning"), ("wáng níng", "wang-ning")],
)
def test_lookup_json(capsys, monkeypatch, query: str, first_id: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, monkeypatch, "glossary", "lookup", query, "--json")
    hits = json.loads(out)["hits"]
    assert (code, hits[0]["id"]) == (0, first_id)
    assert {"vi", "en", "zh", "type", "provenance", "source"} <= set(hits[0]["entry"])


def test_lookup_no_match_json_lists_nearest(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, monkeypatch, "glossary", "lookup", "qqqzzzxx", "--json")
    report = json.loads(out)
    assert (code, report["hits"], len(report["nearest"])) == (1, [], 3) and err.startswith("error: no entry matches 'qqqzzzxx'")


def test_lookup_table(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, monkeypatch, "glossary", "lookup", "Vương Ninh", "--limit", "1")
    assert code == 0 and "Wang Ning" in out and "王宁" in out and "provenance" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["lookup", "qqqzzzxx"], 1, "error: no entry matches 'qqqzzzxx'; nearest: "),
        (["lookup", "  "], 2, "error: empty query"),
        (["lookup", "x", "--glossary", "/nonexistent"], 2, "error: /nonexistent: glossary directory not found"),
        (["annotate", "/nonexistent.txt"], 2, "error: /nonexistent.txt: cannot read"),
        (["annotate", str(SEED), "--date", "29/10/2025"], 2, "error: --date must be YYYY-MM-DD, got '29/10/2025'"),
        (["export", "--format", "xlsx"], 2, "error: unknown format 'xlsx'"),
        (["export", "--format", "csv", "--pair", "vi-fr"], 2, "error: unknown language pair 'vi-fr'"),
    ],
)
def test_errors_are_one_line(capsys, monkeypatch, args: list[str], code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    got, _, err = run(capsys, monkeypatch, "glossary", *args)
    assert (got, err.startswith(message), err.count("\n")) == (code, True, 1), err


def test_annotate_seed_json(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, monkeypatch, "glossary", "annotate", str(SEED), "--json")
    text = SEED.read_text(encoding="utf-8")
    matches = json.loads(out)
    assert code == 0 and {"wang-ning", "yunnan-province"} <= {m["id"] for m in matches}
    assert all(text[m["start"] : m["end"]] == m["text"] for m in matches)
    assert all({"start", "end", "text", "id", "type", "en", "zh"} <= set(m) for m in matches)


def test_annotate_stdin_nfd_offsets_point_into_input(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = unicodedata.normalize("NFD", "Đồng chí Vương Ninh, Bí thư Tỉnh uỷ Vân Nam.")
    code, out, _ = run(capsys, monkeypatch, "glossary", "annotate", "-", "--json", stdin=text.encode("utf-8"))
    matches = json.loads(out)
    assert code == 0 and [m["text"] for m in matches][0] == unicodedata.normalize("NFD", "Vương Ninh")
    assert all(text[m["start"] : m["end"]] == m["text"] for m in matches)


def test_annotate_table(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, monkeypatch, "glossary", "annotate", stdin="Vương Ninh thăm sông Hồng.".encode())
    assert code == 0 and "wang-ning" in out and "red-river" in out


def test_annotate_not_utf8(capsys, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cp1258.txt"
    path.write_bytes("Vương Ninh".encode("cp1258"))
    code, _, err = run(capsys, monkeypatch, "glossary", "annotate", str(path))
    assert code == 2 and err.startswith(f"error: {path}: byte") and "not UTF-8" in err and err.count("\n") == 1


def test_check_shipped(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, monkeypatch, "glossary", "check", "--json")
    report = json.loads(out)
    assert (code, report["ok"]) == (0, True) and sum(report["by_type"].values()) == report["entries"]


def test_check_conflict_exits_2(capsys, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = '[[entry]]\nid = "{id}"\ntype = "place"\nvi = "Hồng Hà"\nen = "{en}"\nzh = "红河"\nprovenance = "derived"\nsource = "t"\n\n'
    (tmp_path / "place.toml").write_text(entry.format(id="a", en="Honghe") + entry.format(id="b", en="Red River"), encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, "glossary", "check", "--glossary", str(tmp_path))
    assert code == 2 and f"place.toml:10: entry 'b'" in out and f"entry 'a' ({tmp_path / 'place.toml'}:1)" in out
    assert err == f"error: 1 problem in {tmp_path}; fix and run 'tamngu glossary check' again\n"


def test_glossary_env_var(capsys, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    entry = '[[entry]]\nid = "x"\ntype = "place"\nvi = "Xã Test"\nen = "Test Commune"\nzh = "测试乡"\nprovenance = "derived"\nsource = "t"\n'
    (tmp_path / "place.toml").write_text(entry, encoding="utf-8")
    monkeypatch.setenv("TAMNGU_GLOSSARY", str(tmp_path))
    code, out, _ = run(capsys, monkeypatch, "glossary", "lookup", "xa test", "--json")
    assert (code, json.loads(out)["hits"][0]["id"]) == (0, "x")


@pytest.mark.parametrize(("fmt", "pair"), [("tbx", "vi-en"), ("csv", "vi-en-zh"), ("tsv", "vi-zh")])
def test_export_import_check(capsys, monkeypatch, tmp_path: Path, fmt: str, pair: str) -> None:  # type: ignore[no-untyped-def]
    exported = tmp_path / f"g.{fmt}"
    assert run(capsys, monkeypatch, "glossary", "export", "--format", fmt, "--pair", pair, "-o", str(exported))[0] == 0
    into = tmp_path / "out"
    code, out, _ = run(capsys, monkeypatch, "glossary", "import", str(exported), "--into", str(into), "--pair", pair, "--json")
    assert code == 0 and json.loads(out)["entries"] > 0
    assert run(capsys, monkeypatch, "glossary", "check", "--glossary", str(into))[0] == 0
    code, _, err = run(capsys, monkeypatch, "glossary", "import", str(exported), "--into", str(into))
    assert code == 2 and "already exist; pass --force" in err


def test_export_to_stdout(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, monkeypatch, "glossary", "export", "--format", "tsv")
    assert code == 0 and "Vương Ninh\tWang Ning\n" in out and "\t" in out.splitlines()[0]


def test_real_console_script_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tamngu.cli", "glossary", "lookup", "  "], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert (done.returncode, done.stderr.startswith("error: empty query"), "Traceback" in done.stderr) == (2, True, False)


@pytest.mark.parametrize("command", ["lookup", "annotate", "check", "export", "import"])
def test_help_ends_with_example(capsys, monkeypatch, command: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, monkeypatch, "glossary", command, "--help")
    assert code == 0 and "Example: tamngu glossary" in out

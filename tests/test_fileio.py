"""The one atomic writer: whole files or none, readable by others under the usual umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tamngu.fileio import atomic_open, atomic_write, atomic_write_all


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("data", ["Lào Cai\n", b"\x00\x01binary"])
def test_written_whole_with_mode_0644(tmp_path: Path, umask_022: None, data: str | bytes) -> None:
    target = tmp_path / "sub" / "file"
    atomic_write(target, data)
    assert (target.read_bytes() if isinstance(data, bytes) else target.read_text(encoding="utf-8")) == data
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["file"]


def test_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as stream:
        stream.write("half")
        raise RuntimeError("disk gone")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]


def test_all_or_nothing(tmp_path: Path, umask_022: None) -> None:
    targets = {tmp_path / "a.toml": "a = 1\n", tmp_path / "b.toml": "b = 2\n"}
    atomic_write_all(targets)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {"a.toml": "a = 1\n", "b.toml": "b = 2\n"}
    assert {stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()} == {0o644}


def test_all_or_nothing_writes_none_when_one_fails(tmp_path: Path) -> None:
    blocked = tmp_path / "missing-dir-is-a-file"
    blocked.write_text("x")
    with pytest.raises(OSError):
        atomic_write_all({tmp_path / "a.toml": "a", blocked / "b.toml": "b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["missing-dir-is-a-file"]

"""The one safe read and the one atomic write: links and special files are refused, never followed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from trioboard.store.safe_io import (
    TEMP_MARK,
    NotRegular,
    atomic_file,
    read_plain,
    read_regular_file,
    write_atomically,
)


def leftovers(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if TEMP_MARK in p.name]


def test_write_atomically_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.json"
    write_atomically(target, b"one")
    assert target.read_bytes() == b"one"
    target.chmod(0o640)
    write_atomically(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640, "a replacement keeps the file's permissions"
    assert leftovers(target.parent) == []


def test_write_atomically_sets_a_requested_mode(tmp_path: Path) -> None:
    target = tmp_path / "cache.pickle"
    write_atomically(target, b"x", mode=0o600, durable=False)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"half")
        raise RuntimeError("stop")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_a_fifo_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    fifo = tmp_path / "board.json"
    os.mkfifo(fifo)
    with pytest.raises(NotRegular) as refused:
        write_atomically(fifo, b"data")
    message = str(refused.value)
    assert "\n" not in message and str(fifo) in message and "FIFO" in message
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


def test_a_symbolic_link_is_refused_and_neither_it_nor_its_target_changes(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.write_bytes(b"theirs")
    link = tmp_path / "file"
    link.symlink_to(real)
    with pytest.raises(NotRegular, match="symbolic link") as refused:
        write_atomically(link, b"ours")
    assert str(link) in str(refused.value)
    assert link.is_symlink() and real.read_bytes() == b"theirs"
    assert leftovers(tmp_path) == []


def test_a_dangling_symbolic_link_is_refused_too(tmp_path: Path) -> None:
    link = tmp_path / "file"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(NotRegular):
        write_atomically(link, b"ours")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="making a device node needs root")
def test_a_character_device_is_refused(tmp_path: Path) -> None:
    # A node of our own in tmp_path; a real device is never used as a target.
    device = tmp_path / "device"
    os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    with pytest.raises(NotRegular, match="character device"):
        write_atomically(device, b"data")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert leftovers(tmp_path) == []


def test_read_regular_file_refuses_links_fifos_and_large_files(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.write_bytes(b"12345")
    assert read_regular_file(real) == b"12345"
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(NotRegular) as refused:
        read_regular_file(link)
    assert refused.value.link
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(NotRegular, match="not a regular file"):
        read_regular_file(fifo)  # never hangs: opened non-blocking, refused before reading
    with pytest.raises(NotRegular, match="larger than"):
        read_regular_file(real, limit=4)
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "absent")


def test_read_plain_is_none_for_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    (tmp_path / "real").write_bytes(b"x" * (6 * 1024 * 1024))
    link.symlink_to(tmp_path / "real")
    assert read_plain(fifo) is None
    assert read_plain(link) is None
    assert read_plain(tmp_path / "absent") is None
    assert read_plain(tmp_path) is None
    assert len(read_plain(tmp_path / "real") or b"") == 6 * 1024 * 1024, "no size bound"

"""Nothing the user owns is replaced: a sync that would write over a FIFO or a device refuses before writing."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from trioboard.cli import main

from helpers import git
from helpers.remote import Remote, top


def who(name: str) -> list[str]:
    return ["--author", f"{name} <{name}@example.com>"]


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_device(path: Path) -> None:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is, made here


@pytest.mark.parametrize(
    ("make", "kind", "check"),
    [
        (make_fifo, "a FIFO", stat.S_ISFIFO),
        pytest.param(
            make_device,
            "a character device",
            stat.S_ISCHR,
            marks=pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root"),
        ),
    ],
)
def test_a_sync_that_would_write_over_a_special_file_refuses_first(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], None],
    kind: str,
    check: Callable[[int], bool],
) -> None:
    remote = Remote(tmp_path)
    alice, bob = remote.clone("alice"), remote.clone("bob")
    for key, value in (("user.name", "alice"), ("user.email", "alice@example.com")):
        git(top(alice), "config", key, value)
    (top(alice) / "notes.txt").write_text("Agenda\n")
    git(top(alice), "add", "notes.txt")
    git(top(alice), "commit", "-qm", "Notes")
    assert main(["edit", "--board", str(alice), *who("alice"), "set", "saved-carts", "title=Alice's"]) == 0
    assert main(["sync", "--board", str(alice), *who("alice")]) == 0
    special = top(bob) / "notes.txt"
    make(special)
    before = git(top(bob), "rev-parse", "HEAD")
    capsys.readouterr()
    assert main(["sync", "--board", str(bob), *who("bob")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(
        f"trioboard: error: {special} is {kind}, not a regular file; trioboard will not write over it"
    )
    assert check(os.lstat(special).st_mode)
    assert git(top(bob), "rev-parse", "HEAD") == before
    assert "Alice's" not in (bob / "teams" / "checkout.yaml").read_text()

"""`install-git` on a second clone: its untracked `.gitattributes` does not block the sync that brings the first's."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.cli import main

from helpers import git, run
from helpers.remote import Remote, top


def who(name: str) -> list[str]:
    return ["--author", f"{name} <{name}@example.com>"]


def alice_shares_the_attributes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Remote, Path, Path]:
    """Both clones run `install-git`; alice commits `.gitattributes` as the README says and syncs."""
    remote = Remote(tmp_path)
    alice, bob = remote.clone("alice"), remote.clone("bob")
    for board in (alice, bob):
        assert main(["install-git", "--board", str(board)]) == 0
    for key, value in (("user.name", "alice"), ("user.email", "alice@example.com")):
        git(top(alice), "config", key, value)
    git(top(alice), "add", ".gitattributes")
    git(top(alice), "commit", "-qm", "Share trioboard's drivers")
    assert main(["sync", "--board", str(alice), *who("alice")]) == 0
    capsys.readouterr()
    return remote, alice, bob


def test_an_identical_untracked_gitattributes_is_taken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remote, _, bob = alice_shares_the_attributes(tmp_path, capsys)
    assert main(["edit", "--board", str(bob), *who("bob"), "set", "saved-carts", "title=Bob's"]) == 0
    code, out, err = run(["sync", "--board", str(bob), *who("bob")], capsys)
    assert code == 0, err
    assert "pushed" in out
    assert git(top(bob), "status", "--porcelain") == ""
    assert git(top(bob), "rev-parse", "HEAD").strip() == remote.head()
    assert "merge=trioboard" in git(remote.origin, "show", "main:.gitattributes")
    assert "Bob's" in remote.board_file("teams/checkout.yaml")


def test_a_different_untracked_gitattributes_is_refused_saying_what_differs_and_how_to_settle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, bob = alice_shares_the_attributes(tmp_path, capsys)
    attributes = top(bob) / ".gitattributes"
    lines = attributes.read_text()
    attributes.write_text(lines + "*.png binary\n")
    code, _, err = run(["sync", "--board", str(bob), *who("bob")], capsys)
    assert code == 1
    assert err.count("\n") == 1
    assert ".gitattributes is not committed here and the sync brings a different one" in err
    assert "lines only here: '*.png binary'" in err
    assert "merge by hand: move it aside (mv .gitattributes .gitattributes.mine)" in err
    assert attributes.read_text() == lines + "*.png binary\n"
    # Fewer lines than the incoming one: deleting it loses nothing, and the message says so.
    attributes.write_text(lines.splitlines(keepends=True)[0])
    code, _, err = run(["sync", "--board", str(bob), *who("bob")], capsys)
    assert code == 1
    assert "delete it (rm .gitattributes): the incoming one has every line it holds" in err
    attributes.unlink()
    code, _, err = run(["sync", "--board", str(bob), *who("bob")], capsys)
    assert code == 0, err
    assert attributes.read_text() == lines

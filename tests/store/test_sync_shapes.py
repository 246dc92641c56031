"""Sync on every shape of history (issue 18): never a board worse than both sides, moves against removals, renames."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.cli import main
from trioboard.core.edits import AddItem, Move, Remove, SetFields
from trioboard.workspace import Workspace

from helpers import git
from helpers.remote import Remote, top


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    return Remote(tmp_path)


def sync_cli(board: Path, *args: str) -> int:
    return main(["sync", "--board", str(board), *args])


def ids_on_remote(remote: Remote, ident: str) -> list[str]:
    """The team files on the remote's main that hold an entry `- id: ident`."""
    listing = git(remote.origin, "ls-tree", "-r", "--name-only", "main", "boards/demo/teams/").split()
    return [
        path.rsplit("/", 1)[1] for path in listing if f"- id: {ident}\n" in git(remote.origin, "show", f"main:{path}")
    ]


def test_the_same_new_id_in_two_team_files_is_a_conflict_and_nothing_is_pushed(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(AddItem("new-x", "growth", "New X from growth", outcomes=("referral-loop",)))
    assert sync_cli(a) == 0
    Workspace(b).edit(AddItem("new-x", "checkout", "New X from checkout", outcomes=("checkout-conversion",)))
    head, published = git(top(b), "rev-parse", "HEAD"), remote.head()
    capsys.readouterr()
    assert sync_cli(b) == 1
    out, err = capsys.readouterr()
    assert "new-x" in out and "teams/checkout.yaml" in out and "teams/growth.yaml" in out
    assert "nothing was changed" in err
    assert remote.head() == published and git(top(b), "rev-parse", "HEAD") == head
    assert ids_on_remote(remote, "new-x") == ["growth.yaml"]


@pytest.mark.parametrize("prefer", ["mine", "theirs"])
def test_prefer_settles_a_duplicate_new_id_without_publishing_it_twice(remote: Remote, prefer: str) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(AddItem("new-x", "growth", "New X from growth", outcomes=("referral-loop",)))
    assert sync_cli(a) == 0
    Workspace(b).edit(AddItem("new-x", "checkout", "New X from checkout", outcomes=("checkout-conversion",)))
    assert sync_cli(b, "--prefer", prefer) == 0
    assert ids_on_remote(remote, "new-x") == ["checkout.yaml" if prefer == "mine" else "growth.yaml"]
    assert main(["check", "--board", str(b)]) in (0, 1)
    check = Workspace(b).state().findings
    assert not [f for f in check if f.rule == "duplicate-id" and "new-x" in f.ids]


def test_an_equal_addition_in_two_team_files_is_taken_once_and_says_where(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(AddItem("new-x", "growth", "New X"))
    assert sync_cli(a) == 0
    Workspace(b).edit(AddItem("new-x", "checkout", "New X"))
    capsys.readouterr()
    assert sync_cli(b) == 0
    out = capsys.readouterr().out
    assert ids_on_remote(remote, "new-x") == ["growth.yaml"]
    assert "new-x" in out and "kept in teams/growth.yaml" in out
    # Here the item moved to where the remote has it; nothing of it went out.
    assert "in:  moved new-x from checkout to growth" in out
    assert "1 in, 0 out (nothing to push)" in out


def test_an_item_moved_on_one_side_and_removed_on_the_other_is_a_conflict(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(Move("eps-payments", "trust"))
    Workspace(b).edit(Remove("eps-payments"))
    assert sync_cli(a) == 0
    published = remote.head()
    capsys.readouterr()
    assert sync_cli(b) == 1
    out = capsys.readouterr().out
    assert "eps-payments" in out and "moved to teams/trust.yaml" in out and "(removed)" in out
    assert remote.head() == published
    # Settled either way, it never lives on silently in both places, and nothing is resurrected by accident.
    assert sync_cli(b, "--prefer", "mine") == 0
    assert ids_on_remote(remote, "eps-payments") == []


def test_removed_here_and_moved_there_is_a_conflict_the_other_way_round(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(b).edit(Remove("eps-payments"))
    Workspace(a).edit(Move("eps-payments", "trust"))
    assert sync_cli(b) == 0
    capsys.readouterr()
    assert sync_cli(a) == 1
    assert "eps-payments" in capsys.readouterr().out
    assert sync_cli(a, "--prefer", "mine") == 0
    assert ids_on_remote(remote, "eps-payments") == ["trust.yaml"]


def test_a_renamed_team_file_and_an_edit_of_it_end_renamed_and_changed(remote: Remote) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    git(top(b), "mv", "boards/demo/teams/checkout.yaml", "boards/demo/teams/checkout-team.yaml")
    git(top(b), "commit", "-qm", "Rename the checkout team's file")
    assert sync_cli(b) == 0
    Workspace(a).edit(SetFields("one-click-pay", (("title", "One-click pay, everywhere"),)))
    assert sync_cli(a) == 0
    assert not (a / "teams" / "checkout.yaml").exists()
    renamed = remote.board_file("teams/checkout-team.yaml")
    assert "title: One-click pay, everywhere" in renamed
    assert ids_on_remote(remote, "one-click-pay") == ["checkout-team.yaml"]
    assert git(top(a), "status", "--porcelain") == ""


def test_undo_follows_a_team_file_renamed_after_the_edit(remote: Remote) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    edited = Workspace(a).edit(SetFields("one-click-pay", (("title", "One-click pay, everywhere"),))).sha
    assert sync_cli(a) == 0
    assert sync_cli(b) == 0
    git(top(b), "mv", "boards/demo/teams/checkout.yaml", "boards/demo/teams/checkout-team.yaml")
    git(top(b), "commit", "-qm", "Rename the checkout team's file")
    assert sync_cli(b) == 0
    assert sync_cli(a) == 0
    Workspace(a).undo(edited)
    text = (a / "teams" / "checkout-team.yaml").read_text()
    assert "One-click pay, everywhere" not in text and "id: one-click-pay" in text
    assert not (a / "teams" / "checkout.yaml").exists()
    assert git(top(a), "status", "--porcelain") == ""


def test_a_local_rename_replayed_over_a_remote_edit_keeps_both(remote: Remote) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("title", "One-click pay, everywhere"),)))
    assert sync_cli(a) == 0
    git(top(b), "mv", "boards/demo/teams/checkout.yaml", "boards/demo/teams/checkout-team.yaml")
    git(top(b), "commit", "-qm", "Rename the checkout team's file")
    assert sync_cli(b) == 0
    assert "title: One-click pay, everywhere" in remote.board_file("teams/checkout-team.yaml")
    assert ids_on_remote(remote, "one-click-pay") == ["checkout-team.yaml"]
    assert git(remote.origin, "log", "-1", "--format=%s", "main").strip() == "Rename the checkout team's file"


def test_a_replayed_commit_whose_conflict_was_settled_says_what_it_now_changes(remote: Remote) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("horizon", "later"),)))
    assert sync_cli(a) == 0
    Workspace(b).edit(SetFields("one-click-pay", (("title", "Pay in one tap"), ("horizon", "next"))))
    original = git(top(b), "log", "-1", "--format=%s").strip()
    assert "horizon" in original
    # Keep my title (nobody else changed it), take their horizon.
    assert Workspace(b).sync(prefer={("one-click-pay", "horizon"): "theirs"}).pushed
    subject, _, body = git(remote.origin, "log", "-1", "--format=%s%n%b", "main").partition("\n")
    assert subject == "Retitle item one-click-pay to Pay in one tap"
    assert f"Replayed by sync from: {original}" in body
    assert "one-click-pay.horizon: kept theirs 'later' (mine was 'next')" in body
    assert "horizon: later" in remote.board_file("teams/checkout.yaml")

"""Commits read well for a reviewer: the subject says what happened, with the new value when short."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from trioboard.core import edits as E
from trioboard.workspace import Workspace

from helpers import demo_repo, git


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return demo_repo(tmp_path)


def full_message(board: Path) -> str:
    return git(board, "log", "-1", "--format=%B").rstrip("\n") + "\n"


def message(board: Path) -> str:
    """The message a reviewer reads: without trioboard's own trailer paragraph at the end."""
    text, _, trailer = full_message(board).rstrip("\n").rpartition("\n\n")
    assert trailer.startswith("Trioboard-Edit: ")
    return text + "\n"


def trailers(board: Path) -> list[str]:
    """Every trailer git sees, but trioboard's own."""
    parsed = subprocess.run(
        ["git", "interpret-trailers", "--parse"], input=full_message(board), capture_output=True, text=True, check=True
    ).stdout
    return [line for line in parsed.splitlines() if not line.startswith("Trioboard-Edit: ")]


@pytest.mark.parametrize(
    ("op", "subject"),
    [
        (
            E.SetFields("availability-service", (("blocked", "waiting on Calendar DB migration"),)),
            "Block item availability-service: waiting on Calendar DB migration",
        ),
        (
            E.SetFields("dark-mode", (("title", "Dark mode everywhere"),)),
            "Retitle item dark-mode to Dark mode everywhere",
        ),
        (E.Link("referral-credits", "availability-service"), "Make referral-credits depend on availability-service"),
        (E.SetFields("grow-revenue", (("owner", "Ines Alvarez"),)), "Set owner of goal grow-revenue to Ines Alvarez"),
        (E.SetFields("dark-mode", (("horizon", "later"),)), "Set horizon of item dark-mode to later"),
    ],
)
def test_the_subject_says_what_happened_with_the_new_value(board: Path, op: E.Operation, subject: str) -> None:
    result = Workspace(board).edit(op)
    assert result.message == subject
    assert message(board) == subject + "\n"


def test_a_long_value_goes_in_the_body(board: Path) -> None:
    title = "Dark mode for every screen of the web app, the emails and the printable booking confirmations"
    Workspace(board).edit(E.SetFields("dark-mode", (("title", title),)))
    assert message(board) == f"Retitle item dark-mode\n\nThe new title: {title}\n"


def test_board_text_cannot_forge_a_trailer_or_a_second_line(board: Path) -> None:
    forged = "Signed-off-by: Mallory <m@example.com>"
    space = Workspace(board)
    space.edit(E.SetFields("dark-mode", (("owner", forged),)))
    assert message(board).count("\n") == 1
    assert trailers(board) == []
    long = "x " * 40 + forged
    space.edit(E.SetFields("dark-mode", (("title", long),)))
    assert message(board).splitlines()[0] == "Retitle item dark-mode"
    assert trailers(board) == []
    with pytest.raises(E.Refused):
        space.edit(E.SetFields("dark-mode", (("title", "Two\n\nSigned-off-by: Mallory <m@example.com>"),)))


def test_removing_a_team_counts_in_words(tmp_path: Path) -> None:
    board = demo_repo(tmp_path)
    result = Workspace(board).edit(E.Remove("insights"))
    assert result.message.startswith("Remove team insights with its 2 outcomes and 3 items")


@pytest.mark.parametrize(
    ("op", "wanted"),
    [
        (
            E.SetFields("logistics", (("blocked", ""),)),
            "Unblock team logistics\n\n"
            "The reason cleared: Rotterdam warehouse lease not signed; legal expects it end of July\n",
        ),
        (
            E.SetFields("checkout", (("name", "Checkout & pay"),)),
            "Rename team checkout to Checkout & pay\n\nThe old name: Checkout\n",
        ),
        (
            E.SetFields("checkout", (("trio.product", "Dana Ortiz"),)),
            "Set product lead of team checkout to Dana Ortiz\n\nThe old product lead: Ana Ruiz\n",
        ),
    ],
)
def test_unblock_trio_and_name_edits_keep_the_old_value(board: Path, op: E.Operation, wanted: str) -> None:
    Workspace(board).edit(op)
    assert message(board) == wanted


def test_undo_and_redo_subjects_never_nest(board: Path) -> None:
    space = Workspace(board)
    edit = space.edit(E.SetFields("dark-mode", (("horizon", "later"),)))
    undo = space.undo(edit.sha)
    assert undo.message == "Undo: Set horizon of item dark-mode to later"
    redo = space.undo(undo.sha, redo=True)
    assert redo.message == "Redo: Set horizon of item dark-mode to later"
    # Undoing the redo takes the change away again: the undo of the original.
    again = space.undo(redo.sha)
    assert again.message == "Undo: Set horizon of item dark-mode to later"
    # Undoing an undo applies the change again: a redo.
    assert space.undo(again.sha).message == "Redo: Set horizon of item dark-mode to later"
    subjects = git(board, "log", "--format=%s", "-5").splitlines()
    assert not [s for s in subjects if s.count(": ") > 1 and s.startswith(("Undo: Redo", "Redo: Undo", "Undo: Undo"))]
    assert "horizon: later" in (board / "teams" / "growth.yaml").read_text()

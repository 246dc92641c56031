"""The session's undo and redo stacks, without an app: what `z` and `Z` would act on after each commit."""

from __future__ import annotations

from trioboard.core import edits
from trioboard.core.results import EditResult
from trioboard.tui.session import CommitHandEdits, Revert, UndoStack, subject_of

EDIT = edits.Remove("search-v2")


def result(sha: str, message: str = "Remove item search-v2") -> EditResult:
    return EditResult(sha, message)


def test_an_edit_is_pushed_and_is_what_z_undoes() -> None:
    stack = UndoStack()
    assert stack.last_edit is None and stack.last_undo is None
    stack.remember(EDIT, result("a1"))
    stack.remember(EDIT, result("b2"))
    assert stack.last_edit == result("b2")
    assert stack.is_mine("a1") and stack.is_mine("b2") and not stack.is_mine("c3")


def test_an_undo_of_the_last_edit_pops_it_and_can_be_redone() -> None:
    stack = UndoStack()
    stack.remember(EDIT, result("a1"))
    stack.remember(EDIT, result("b2"))
    stack.remember(Revert("b2"), result("u1", "Undo: Remove item search-v2"))
    assert stack.last_edit == result("a1")
    undone = stack.last_undo
    assert undone is not None
    assert undone.undo == result("u1", "Undo: Remove item search-v2")
    assert undone.original == result("b2")
    assert undone.what == "Remove item search-v2"
    assert not stack.is_mine("u1")  # an undo is not an edit `z` undoes


def test_a_redo_pops_the_undo_and_is_an_edit_again() -> None:
    stack = UndoStack()
    stack.remember(EDIT, result("a1"))
    stack.remember(Revert("a1"), result("u1", "Undo: Remove item search-v2"))
    stack.remember(Revert("u1", redo=True), result("r1", "Redo: Remove item search-v2"))
    assert stack.last_undo is None
    assert stack.last_edit == result("r1", "Redo: Remove item search-v2")


def test_a_new_edit_clears_the_redos() -> None:
    stack = UndoStack()
    stack.remember(EDIT, result("a1"))
    stack.remember(Revert("a1"), result("u1"))
    assert stack.last_undo is not None
    stack.remember(EDIT, result("b2"))
    assert stack.last_undo is None
    assert stack.last_edit == result("b2")


def test_committing_hand_edits_counts_as_an_edit() -> None:
    stack = UndoStack()
    stack.remember(EDIT, result("a1"))
    stack.remember(Revert("a1"), result("u1"))
    stack.remember(CommitHandEdits(("teams/search.yaml",)), result("h1", "Commit hand edits"))
    assert stack.last_undo is None
    assert stack.last_edit == result("h1", "Commit hand edits")


def test_undoing_a_commit_chosen_in_history_keeps_the_edits() -> None:
    stack = UndoStack()
    stack.remember(EDIT, result("a1"))
    stack.remember(Revert("someone-elses"), result("u1", "Undo: Pull the app-store refresh into now"))
    assert stack.last_edit == result("a1")
    undone = stack.last_undo
    assert undone is not None and undone.original is None
    assert undone.what == "Pull the app-store refresh into now"


def test_the_cursor_follows_the_node_an_edit_is_about() -> None:
    assert subject_of(edits.Link("search-v2", "faster-search")) == "search-v2"
    assert subject_of(edits.Move("search-v2", "growth")) == "search-v2"
    assert subject_of(EDIT) is None
    assert subject_of(Revert("a1")) is None
    assert subject_of(CommitHandEdits(("board.yaml",))) is None

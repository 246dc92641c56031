"""What every view shares: the `BoardView` protocol the screen asks of it, and the filters' helpers."""

from __future__ import annotations

from typing import Protocol

from textual.widgets import OptionList, Select

from trioboard.core.results import BoardState


class BoardView(Protocol):
    """What the screen asks of every view: it looks views up by tab, never by type.

    The highlighted node is the one keys act on and the detail pane shows:
    `current_id` is read every time, never remembered by the screen.
    """

    def show(self, state: BoardState) -> None:
        """Show a new state of the board, keeping the cursor on the same node where it can."""

    def current_id(self) -> str | None:
        """The node under the cursor, if it is one the edits can act on."""

    def select_id(self, node_id: str) -> bool:
        """Put the cursor on a node now; False when this view does not show it."""

    def focus_view(self) -> None:
        """Take the focus (the part of the view that holds the cursor)."""


def refill_choices(select: Select[str], options: list[tuple[str, str]]) -> None:
    """Give a filter new choices, keeping what it shows when that is still a choice (no `Changed`)."""
    with select.prevent(Select.Changed):
        current = select.value
        select.set_options(options)
        if current in {value for _, value in options}:
            select.value = current


def open_choices(select: Select[str]) -> None:
    """Open a filter's choices with the row of what it shows now highlighted.

    Textual opens a blank Select with no row highlighted, so the first ↓
    only reached "All …": `f ↓ ↓ Enter` chose the first team, not the second.
    """
    select.focus()
    select.expanded = True
    choices = select.query_one(OptionList)
    if choices.highlighted is None and choices.option_count:
        choices.highlighted = 0

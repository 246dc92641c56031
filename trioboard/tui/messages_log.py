"""The messages log: every message the status line has shown, whole, newest last.

The status line is one row: a long refusal ("…set one with 'git branch")
is cut there. Here each is wrapped to the dialog's width and kept for the
session.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from trioboard.tui.dialogs import Dialog


class MessagesLog(Dialog[None]):
    """The status line's messages, oldest first, each whole."""

    BINDINGS = [Binding("escape,q,M", "close", "Close")]

    def __init__(self, said: list[tuple[str, Text]]) -> None:
        super().__init__()
        self._said = list(said)

    def compose(self) -> ComposeResult:
        text = Text(end="")
        text.append("Messages\n", style="bold")
        if not self._said:
            text.append("\nNothing has been said yet in this session.\n", style="dim")
        for when, message in self._said:
            text.append(f"\n{when}  ", style="dim")
            text.append_text(message)
        text.append("\n\nEscape closes this.", style="dim")
        with VerticalScroll(classes="dialog help", id="messages-log"):
            yield Static(text, id="messages-body")

    def on_mount(self) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.focus()
        scroll.scroll_end(animate=False)

    def action_close(self) -> None:
        self.answer(None)

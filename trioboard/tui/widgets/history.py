"""History: the board's commits with their summaries, the coverage trend, and undo."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trioboard.core.results import BoardState, LogEntry
from trioboard.tui import details
from trioboard.tui.text import label, percent

WIDE_HISTORY = 100
"""From this width on, each commit shows its date and author in columns; narrower, the summary has the room."""
_REVERTS = (("Undo: ", "undo of "), ("Redo: ", "redo of "))
"""Subjects trioboard gives an undo and a redo, and how the list says them."""


def commit_label(entry: LogEntry, *, wide: bool) -> Text:
    """One commit in the list: `abc1234  87%  undo of Add item x · removed item x` (wide: date and author too).

    An undo or a redo says so first, from the subject trioboard gave it
    (the summary alone reads "removed item" with no sign it was an undo).
    """
    out = label((entry.short, "bold"), " ")
    if wide:
        out.append_text(label((entry.date[:10], "dim"), " ", (entry.author[:16].ljust(16), "cyan"), " "))
    out.append(f" {percent(entry.coverage):>4}  ")
    subject, said = entry.subject, False
    while True:
        prefix = next((p for p in _REVERTS if subject.startswith(p[0])), None)
        if prefix is None:
            break
        out.append(prefix[1], style="bold yellow")
        subject, said = subject[len(prefix[0]) :], True
    if said:
        out.append_text(label(subject, (" · ", "dim")))
    out.append_text(label(entry.summary))
    if not wide:
        out.append_text(label(("  — ", "dim"), (entry.author, "dim cyan")))
    return out


class Trend(Static):
    """The coverage bars: as many of the newest commits as fit the width."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._values: list[float | None] = []

    @property
    def values(self) -> list[float | None]:
        """Coverage per commit, oldest first."""
        return self._values

    @values.setter
    def values(self, values: list[float | None]) -> None:
        self._values = values
        self.refresh()

    def render(self) -> Text:
        width = max(1, self.size.width)
        return details.trend(self._values[-width:])


class History(Vertical):
    """The board's commits with their summaries, the coverage trend, and undo.

    Highlighting a commit shows all of it in the detail pane; Enter asks for
    what it changed, by meaning.
    """

    BINDINGS = [
        Binding("enter", "changes", "Changes", key_display="enter", tooltip="Show what the commit changed, by meaning"),
        Binding(
            "z", "app.flow('undo')", "Undo it", key_display="z", tooltip="Undo the highlighted commit (asks first)"
        ),
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def action_changes(self) -> None:
        entry = self.current()
        if entry is not None:
            self.post_message(self.CommitChosen(entry))

    def action_cursor_down(self) -> None:
        self.query_one("#history-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#history-list", OptionList).action_cursor_up()

    @dataclass
    class CommitHighlighted(Message):
        """The cursor is on a commit."""

        entry: LogEntry

    @dataclass
    class CommitChosen(Message):
        """Enter on a commit: show what it changed."""

        entry: LogEntry

    @dataclass
    class LogWanted(Message):
        """The board changed while History is shown: its commits must be read again."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._entries: dict[str, LogEntry] = {}
        self._wide = True
        """Whether the list was drawn with a date and author column."""

    def show(self, state: BoardState) -> None:
        """Ask for the commits again (reading them is git work: the board screen does it in a worker)."""
        self.post_message(self.LogWanted())

    def current_id(self) -> str | None:
        """History's cursor is on a commit, not a node."""
        return None

    def select_id(self, node_id: str) -> bool:
        """History does not show nodes."""
        return False

    def focus_view(self) -> None:
        """Focus the list of commits."""
        self.query_one("#history-list", OptionList).focus()

    def compose(self) -> ComposeResult:
        yield Static(Text("coverage over time", style="dim"), id="trend-label")
        yield Trend(id="trend")
        yield OptionList(Option(Text("Loading history…", style="dim")), id="history-list", markup=False)

    def show_log(self, entries: list[LogEntry]) -> None:
        """Show the commits, newest first."""
        listing = self.query_one("#history-list", OptionList)
        self._entries = {e.commit: e for e in entries}
        self._wide = self._is_wide()
        if not entries:
            listing.set_options([Option(Text("No commit has touched this board yet.", style="dim"))])
            return
        listing.set_options([Option(commit_label(e, wide=self._wide), id=e.commit) for e in entries])
        listing.highlighted = 0
        oldest_first = [e.coverage for e in reversed(entries)]
        self.query_one(Trend).values = oldest_first
        self.query_one("#trend-label", Static).update(details.trend_caption(oldest_first))

    def _is_wide(self) -> bool:
        return self.size.width >= WIDE_HISTORY

    def on_resize(self) -> None:
        # Narrow, the date and author give their room to the summary; wide, they have a column each.
        if self._entries and self._is_wide() != self._wide:
            listing = self.query_one("#history-list", OptionList)
            at = listing.highlighted
            self.show_log(list(self._entries.values()))
            listing.highlighted = at

    def current(self) -> LogEntry | None:
        """The highlighted commit."""
        listing = self.query_one("#history-list", OptionList)
        if listing.highlighted is None or not self._entries:
            return None
        return self._entries.get(listing.get_option_at_index(listing.highlighted).id or "")

    @on(OptionList.OptionHighlighted, "#history-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._entries.get(event.option.id or "")
        if entry is not None:
            self.post_message(self.CommitHighlighted(entry))

    @on(OptionList.OptionSelected, "#history-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        entry = self._entries.get(event.option.id or "")
        if entry is not None:
            self.post_message(self.CommitChosen(entry))

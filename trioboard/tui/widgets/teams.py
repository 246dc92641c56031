"""The Teams table: each team's trio, load by horizon, coverage, and what blocks it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from trioboard.core.results import BoardState
from trioboard.tui import labels
from trioboard.tui.messages import NodeHighlighted

COLUMNS = (
    ("team", 16),
    ("now", 3),
    ("next", 4),
    ("later", 5),
    ("cov.", 4),
    ("issues", 11),
    ("blocked", 36),
    ("trio", 40),
)
"""The most telling first: at 80 columns the trio scrolls off, and the detail pane shows it."""
WIDE_COLUMNS = ("blocked", "trio")
"""Columns that grow into the room a wide terminal has."""
TEAM_ID_ROOM = 0.4
"""The share of the table's width a team id may take: whole ids where there is room, cut at 16 on a narrow one."""


class TeamsTable(DataTable[Text]):
    """Each team's trio, load by horizon, coverage, and what blocks it."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for title, width in COLUMNS:
            self.add_column(title, width=width, key=title)

    def show(self, state: BoardState) -> None:
        """Refill, keeping the cursor on the same team."""
        keep = self._cursor_key()
        self.clear()
        for team in state.board.teams:
            if state.analysis.index.get(team.id) is team:
                self.add_row(*labels.team_row(state, team), key=team.id)
        for unreadable in labels.unreadable_teams(state):
            self.add_row(*labels.unreadable_team_row(unreadable), key=labels.location(unreadable.file, unreadable.line))
        if keep is not None:
            self.select_id(keep)
        self._fit_columns()

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Give the room a wide terminal has to the columns whose text is long: team, blocked, trio.

        The team column first: it is as wide as the longest id, up to a
        share of the table (`TEAM_ID_ROOM`), never under 16. Then blocked and
        trio each get what their longest cell needs when there is room for
        both; else the spare room is shared in proportion to what each still needs.
        """
        team_width = self._fit_team_column()
        wide = {title: width for title, width in COLUMNS if title in WIDE_COLUMNS}
        pad = 2 * self.cell_padding
        fixed = team_width - COLUMNS[0][1] + sum(width + pad for title, width in COLUMNS if title not in wide)
        room = self.size.width - fixed - pad * len(wide) - 2  # the vertical scrollbar
        columns = {str(key.value): column for key, column in self.columns.items()}
        if not all(t in columns for t in wide):
            return
        titles = [title for title, _ in COLUMNS]
        need = dict(wide)
        for row in range(self.row_count):
            cells = self.get_row_at(row)
            for title in wide:
                need[title] = max(need[title], cells[titles.index(title)].cell_len)
        spare = room - sum(wide.values())
        wanted = sum(need[t] - wide[t] for t in wide)
        for title, base in wide.items():
            if spare <= 0 or wanted <= 0:
                width = base
            elif wanted <= spare:
                width = need[title]
            else:
                width = base + spare * (need[title] - base) // wanted
            if columns[title].width != width:
                columns[title].width = width
                self._require_update_dimensions = True
        self.refresh()

    def _fit_team_column(self) -> int:
        """Widen the team column to the longest id where there is room; its width."""
        base = COLUMNS[0][1]
        column = self.columns.get(ColumnKey("team"))
        if column is None:
            return base
        longest = max((self.get_row_at(row)[0].cell_len for row in range(self.row_count)), default=base)
        width = max(base, min(longest, int(self.size.width * TEAM_ID_ROOM)))
        if column.width != width:
            column.width = width
            self._require_update_dimensions = True
        return width

    def current_id(self) -> str | None:
        """The team under the cursor."""
        return self._cursor_key()

    def focus_view(self) -> None:
        """Take the focus."""
        self.focus()

    def _cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    def select_id(self, team_id: str) -> bool:
        """Put the cursor on a team's row."""
        try:
            self.move_cursor(row=self.get_row_index(team_id))
        except Exception:  # noqa: BLE001 - no such row
            return False
        return True

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.post_message(NodeHighlighted(str(event.row_key.value) if event.row_key else None))

"""The Roadmap: Now / Next / Later columns of active items, filterable by team."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label, OptionList, Select
from textual.widgets.option_list import Option

from trioboard.core.model import HORIZONS
from trioboard.core.results import BoardState
from trioboard.tui import labels
from trioboard.tui.messages import NodeHighlighted
from trioboard.tui.text import clean
from trioboard.tui.widgets.base import open_choices, refill_choices


class HorizonList(OptionList):
    """One horizon's active items; ←/→ go to the next column with items in it."""

    BINDINGS = [
        Binding("left", "column(-1)", "◀", key_display="←", tooltip="The column before (Now ← Next ← Later)"),
        Binding("right", "column(1)", "▶", key_display="→", tooltip="The next column (Now → Next → Later)"),
        Binding("tab", "app.focus_next", "Next", show=False, tooltip="The next column, then the team filter"),
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Step(Message):
        """Move to the column `step` away from this one."""

        def __init__(self, column: HorizonList, step: int) -> None:
            super().__init__()
            self.column = column
            self.step = step

    class Resized(Message):
        """The column's width changed: its ids are cut to fit again."""

    fitted_width = 0
    """The width its labels were made for."""

    def action_column(self, step: int) -> None:
        self.post_message(self.Step(self, step))

    def label_width(self) -> int:
        """The columns a label has: the width less the scrollbar's, whether it shows or not yet."""
        return max(0, self.content_region.width - 1)

    def on_resize(self) -> None:
        if self.label_width() != self.fitted_width:
            self.post_message(self.Resized())

    def on_focus(self) -> None:
        # The row the keys act on is always highlighted, from the moment the column has focus.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0
        self.post_message(NodeHighlighted(self.current_id()))

    def current_id(self) -> str | None:
        """The highlighted item."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.has_focus:
            self.post_message(NodeHighlighted(event.option.id))


class Roadmap(Vertical):
    """Now / Next / Later columns of active items, filterable by team.

    A column with items takes the room; an empty one shrinks to its heading.
    """

    ALL = "*"

    BINDINGS = [
        Binding("f", "filter", "Filter", tooltip="Show one team's items, or only the blocked, unlinked or erring")
    ]

    def action_filter(self) -> None:
        """Open the team filter's choices."""
        open_choices(self.query_one("#roadmap-team", Select))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._state: BoardState | None = None
        self._team: str = self.ALL
        self._last: str = HORIZONS[0]
        """The column that last had focus: where the keys come back to."""

    def compose(self) -> ComposeResult:
        yield Select[str]([], prompt="All teams", allow_blank=True, id="roadmap-team", compact=True)
        with Horizontal(id="roadmap-columns"):
            for horizon in HORIZONS:
                with Vertical(classes="horizon", id=f"column-{horizon}"):
                    yield Label(horizon.capitalize(), id=f"label-{horizon}", classes="horizon-title")
                    yield HorizonList(id=f"horizon-{horizon}", markup=False)

    def show(self, state: BoardState) -> None:
        """Refill the columns (and the team choices)."""
        self._state = state
        select = self.query_one("#roadmap-team", Select)
        options = [(clean(f"{t.id}  {t.name}"), t.id) for t in state.board.teams if state.analysis.index.get(t.id) is t]
        options += [(shown, f"mark:{mark}") for mark, (shown, _) in labels.ROADMAP_MARKS.items()]
        refill_choices(select, options)
        self._fill()

    def _column(self, horizon: str) -> HorizonList:
        return self.query_one(f"#horizon-{horizon}", HorizonList)

    def _fill(self) -> None:
        state = self._state
        if state is None:
            return
        index = state.analysis.index
        # Duplicates too (by their place in the file): a second `saved-searches` is not hidden.
        items = [i for i in state.board.items() if i.active and i.id in index]
        if self._team.startswith("mark:"):
            marked = labels.ROADMAP_MARKS[self._team.removeprefix("mark:")][1]
            items = [i for i in items if marked(state, i)]
        elif self._team != self.ALL:
            items = [i for i in items if i.team == self._team]
        for horizon in HORIZONS:
            column = self._column(horizon)
            keep = column.highlighted
            keep_id = column.get_option_at_index(keep).id if keep is not None and keep < column.option_count else None
            chosen = [i for i in items if i.horizon == horizon]
            width = column.fitted_width = column.label_width()
            column.set_options(
                [Option(labels.roadmap_label(state, i, width), id=labels.roadmap_id(state, i)) for i in chosen]
            )
            self.query_one(f"#label-{horizon}", Label).update(Text(f"{horizon.capitalize()} ({len(chosen)})"))
            self.query_one(f"#column-{horizon}").set_class(not chosen, "empty")
            if chosen:
                # The same item where it is still here; else the row where the cursor was.
                ids = [labels.roadmap_id(state, i) for i in chosen]
                column.highlighted = ids.index(keep_id) if keep_id in ids else min(keep or 0, len(chosen) - 1)

    @on(Select.Changed, "#roadmap-team")
    def _team_changed(self, event: Select.Changed) -> None:
        self._team = self.ALL if event.value is Select.NULL else str(event.value)
        self._fill()
        self.focus_view()  # back to the items: the keys act on them, not on the filter

    @on(HorizonList.Resized)
    def _refit(self, event: HorizonList.Resized) -> None:
        event.stop()
        if any(column.label_width() != column.fitted_width for column in map(self._column, HORIZONS)):
            self._fill()

    @on(HorizonList.Step)
    def _step(self, event: HorizonList.Step) -> None:
        event.stop()
        columns = [self._column(h) for h in HORIZONS]
        at = columns.index(event.column)
        row = event.column.highlighted or 0
        for other in columns[at + event.step :: event.step] if event.step > 0 else columns[at - 1 :: -1]:
            if other.option_count:
                other.highlighted = min(row, other.option_count - 1)
                other.focus()
                return

    @on(NodeHighlighted)
    def _remember(self, event: NodeHighlighted) -> None:
        for horizon in HORIZONS:
            if self._column(horizon).has_focus:
                self._last = horizon

    def current_id(self) -> str | None:
        """The item under the cursor of the column that has (or last had) focus."""
        return self._column(self._last).current_id()

    def focus_view(self) -> None:
        """Focus the column that last had focus, or the first with something in it."""
        columns = [self._column(self._last)] + [self._column(h) for h in HORIZONS]
        for column in columns:
            if column.option_count:
                self._focus_column(column)
                return

    def _focus_column(self, column: HorizonList) -> None:
        column.focus()
        # Now, not when the focus event arrives: a key pressed at once acts on this column.
        self._last = (column.id or "").removeprefix("horizon-")
        if column.highlighted is None and column.option_count:
            column.highlighted = 0

    def select_id(self, node_id: str) -> bool:
        """Put the cursor on an item in its column."""
        for horizon in HORIZONS:
            column = self._column(horizon)
            try:
                column.highlighted = column.get_option_index(node_id)
            except Exception:  # noqa: BLE001 - not in this column
                continue
            self._focus_column(column)
            return True
        return False

"""Impact: every measured goal and outcome, how far along, how sure, its check-ins; what moves it; what has no measure.

The board is shown at once; the check-ins are read from git in a thread
worker of this view's own (it has the board's root in the state it is
given), so the first paint never waits on git. Until they arrive each measure says it
is reading them, and a later read keeps the last series shown meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from trioboard.core.impact_view import ImpactView, build
from trioboard.core.results import BoardState, CheckIn
from trioboard.tui import measures
from trioboard.tui.messages import NodeHighlighted
from trioboard.tui.text import clean
from trioboard.tui.widgets.rows import RowList

WIDE_IMPACT = 70
"""From this width on, the bars and sparklines are long; narrower, they leave the room to the numbers."""


class Impact(Vertical):
    """Measured goals and outcomes with their bars, states, confidence and check-ins; movers; what has no measure."""

    BINDINGS = [
        Binding(
            "c",
            "app.flow('checkin')",
            "Check in",
            key_display="c",
            tooltip="Check in the highlighted measure: value, confidence, as of, note (one commit)",
        ),
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    @dataclass
    class SeriesLoaded(Message):
        """The check-ins of every measure were read from git (None: they could not be)."""

        series: dict[str, list[CheckIn]] | None
        error: str | None = None

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._state: BoardState | None = None
        self._series: dict[str, list[CheckIn]] | None = None
        """The check-ins last read (None until the first read comes back)."""
        self._wide = True
        self._filled: BoardState | None = None
        """The state the list was last filled from."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…", style="dim"), id="impact-summary")
        yield RowList(Option(Text("Loading…", style="dim")), id="impact-list", markup=False)

    def action_cursor_down(self) -> None:
        self._list.action_cursor_down()

    def action_cursor_up(self) -> None:
        self._list.action_cursor_up()

    @property
    def _list(self) -> OptionList:
        return self.query_one("#impact-list", OptionList)

    # -- BoardView -----------------------------------------------------------------------

    def show(self, state: BoardState) -> None:
        """Show the board now, with the check-ins last read, and ask for them again."""
        self._state = state
        self._fill()
        self._read_series(state.root)

    @work(thread=True, exclusive=True, group="series")
    def _read_series(self, root: Path) -> None:
        """Read every measure's check-ins from git, off the UI thread (a newer read cancels this one)."""
        from trioboard.core.errors import GitError
        from trioboard.workspace.measure_history import measure_series

        try:
            series = measure_series(root)
        except GitError as exc:
            self.post_message(self.SeriesLoaded(None, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.SeriesLoaded(series))

    @on(SeriesLoaded)
    def _series_loaded(self, message: SeriesLoaded) -> None:
        if message.series is None:
            # Outside git, or git failed: the measures are shown, each with no check-in.
            self.notify(f"No check-ins: {clean(message.error)}", severity="warning", markup=False)
        self.show_series(message.series or {})

    def show_series(self, series: dict[str, list[CheckIn]]) -> None:
        """The check-ins were read from git: draw their sparklines (only the measures' rows change)."""
        self._series = series
        view = self.view()
        if view is None or self._filled is not self._state:
            self._fill()
            return
        self.query_one("#impact-summary", Static).update(measures.summary(view, series=True))
        listing = self._list
        for measure_view in view.measures:
            row = measures.measure_row(measure_view, wide=self._wide, series=True)
            listing.replace_option_prompt(measure_view.node.id, row)

    def current_id(self) -> str | None:
        """The goal, outcome or item under the cursor."""
        listing = self._list
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def select_id(self, node_id: str) -> bool:
        """Put the cursor on a node's row; False when Impact does not list it."""
        listing = self._list
        try:
            index = listing.get_option_index(node_id)
        except Exception:  # noqa: BLE001 - not listed here
            return False
        listing.highlighted = index
        return True

    def focus_view(self) -> None:
        """Focus the list."""
        self._list.focus()

    # -- filling -----------------------------------------------------------------------

    def view(self) -> ImpactView | None:
        """What is shown, as `core.impact_view` builds it (the check-ins last read)."""
        if self._state is None:
            return None
        return build(self._state.board, self._series or {}, self._state.analysis.today)

    def _fill(self) -> None:
        state, view = self._state, self.view()
        if state is None or view is None:
            return
        listing = self._list
        keep, at = self.current_id(), listing.highlighted
        self._wide = self.size.width >= WIDE_IMPACT or not self.size.width
        self.query_one("#impact-summary", Static).update(measures.summary(view, series=self._series is not None))
        options: list[Option] = []
        if view.measures:
            options.append(Option(measures.heading("MEASURED", len(view.measures)), disabled=True))
        ready = self._series is not None
        for measure_view in view.measures:
            options.append(
                Option(measures.measure_row(measure_view, wide=self._wide, series=ready), id=measure_view.node.id)
            )
            options += [
                Option(measures.mover_row(item, measure_view.measure), id=item.id) for item in measure_view.movers
            ]
        outcomes = measures.unmeasured_outcomes(view)
        listed = {o.id for o in options if o.id is not None}
        items = [(i, o) for i, o in measures.items_without_impact(state.board, view) if i.id not in listed]
        if outcomes or items:
            options.append(Option(measures.heading("NO MEASURE YET", len(outcomes) + len(items)), disabled=True))
            options += [Option(measures.unmeasured_row(o), id=o.id) for o in outcomes]
            options += [Option(measures.no_impact_row(i, o), id=i.id) for i, o in items]
        if not options:
            options.append(Option(Text("Nothing to show: no outcome serves a goal yet.", style="dim"), disabled=True))
        listing.set_options(options)
        self._filled = state
        if keep is None or not self.select_id(keep):
            # Its row went (checked in elsewhere, removed): stay on the same line, or the nearest row below.
            start = at or 0
            rows = [n for n, o in enumerate(options) if not o.disabled]
            listing.highlighted = next((n for n in rows if n >= start), rows[-1] if rows else None)
        self.post_message(NodeHighlighted(self.current_id()))

    def on_resize(self) -> None:
        # Narrow, the bars and sparklines are short; wide, long: drawn again when that changes.
        if self._state is not None and (self.size.width >= WIDE_IMPACT) != self._wide:
            self._fill()

    @on(OptionList.OptionHighlighted, "#impact-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(NodeHighlighted(event.option.id))

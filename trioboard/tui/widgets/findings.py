"""Findings: every finding of the checks, filtered by severity, rule or team; Enter goes to it."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Select
from textual.widgets.option_list import Option

from trioboard.core.findings import Finding
from trioboard.core.results import BoardState
from trioboard.tui import labels
from trioboard.tui.messages import JumpTo, NodeHighlighted
from trioboard.tui.widgets.base import open_choices, refill_choices


class FindingsList(OptionList):
    """Every finding (or those the filter keeps); Enter jumps to its node, or its file and line."""

    BINDINGS = [
        Binding(
            "enter",
            "select",
            "Go to",
            key_display="enter",
            tooltip="Go to the finding's node, or show its file and line",
        ),
        Binding("j", "cursor_down", "Down", show=False, key_display="j / k", tooltip="Move down / up (↓ ↑)"),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._shown: list[Finding] = []
        self._targets: list[str] = []

    def show(self, state: BoardState, keep: Callable[[Finding], bool] | None = None) -> None:
        """Refill, keeping the cursor where it was."""
        was = self.highlighted
        # Errors first, as a linter's problem list has them; each severity in file order.
        kept = [f for f in state.findings if keep is None or keep(f)]
        self._shown = sorted(kept, key=lambda f: -f.severity.rank)
        self._targets = [labels.finding_target(state, f) for f in self._shown]
        self.set_options([Option(labels.finding_label(f), id=str(n)) for n, f in enumerate(self._shown)])
        if self._shown:
            self.highlighted = min(was or 0, len(self._shown) - 1)

    def current_finding(self) -> Finding | None:
        """The highlighted finding."""
        if self.highlighted is None or self.highlighted >= len(self._shown):
            return None
        return self._shown[self.highlighted]

    def current_id(self) -> str | None:
        """Where the highlighted finding points: a node id or a location."""
        if self.highlighted is None or self.highlighted >= len(self._targets):
            return None
        return self._targets[self.highlighted]

    def select_id(self, node_id: str) -> bool:
        """Findings are chosen by finding, not by node: the cursor stays."""
        return False

    def focus_view(self) -> None:
        """Take the focus, on the first finding when none is highlighted."""
        self.focus()
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.post_message(NodeHighlighted(self.current_id()))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        target = self._targets[int(event.option.id or 0)]
        self.post_message(JumpTo(target))


ALL = "*"


class FindingsView(Vertical):
    """The findings, filtered by severity, rule or team."""

    BINDINGS = [Binding("f", "filter", "Filter", tooltip="Show only one severity, rule or team")]

    def action_filter(self) -> None:
        """Open the filter's choices."""
        open_choices(self.query_one("#findings-filter", Select))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._state: BoardState | None = None
        self._filter = ALL

    def compose(self) -> ComposeResult:
        yield Select[str]([], prompt="All findings", allow_blank=True, id="findings-filter", compact=True)
        yield FindingsList(id="findings-list", markup=False)

    def show(self, state: BoardState) -> None:
        """Refill the list and the filter's choices."""
        self._state = state
        select = self.query_one("#findings-filter", Select)
        choices = labels.finding_filters(state)
        refill_choices(select, choices)
        self._fill()

    def _fill(self) -> None:
        if self._state is not None:
            self.query_one(FindingsList).show(self._state, labels.finding_filter(self._state, self._filter))

    @on(Select.Changed, "#findings-filter")
    def _filter_changed(self, event: Select.Changed) -> None:
        self._filter = ALL if event.value is Select.NULL else str(event.value)
        self._fill()
        self.focus_view()  # back to the findings: Enter goes to one, not to the filter

    def current_id(self) -> str | None:
        """The node the highlighted finding is about."""
        return self.query_one(FindingsList).current_id()

    def select_id(self, node_id: str) -> bool:
        """Findings are chosen by finding, not by node: the cursor stays."""
        return False

    def focus_view(self) -> None:
        """Focus the list, on the first finding when none is highlighted."""
        self.query_one(FindingsList).focus_view()

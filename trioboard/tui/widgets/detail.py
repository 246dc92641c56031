"""The detail pane: all of the selected node, commit or finding, beside the views.

It also keeps the user's choice of it: shown or hidden (`d`), and how wide
(`[` `]`), per place (see `BoardScreen.detail_place`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

DETAIL_STEP = 8
"""Columns the detail pane grows or shrinks by with ] and [."""
DETAIL_MIN, VIEW_MIN = 26, 30
"""The narrowest the detail pane, and the views beside it, may be."""


class DetailPane(VerticalScroll):
    """All of the selected node: fields, links up and down, blocked chains."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._chosen: dict[str, bool] = {}
        """The user's choice (`d`) of the pane, per place."""
        self._told_narrow = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Select a goal, team, outcome or item.", style="dim"), id="detail-body")

    def show(self, text: Text | None) -> None:
        """Show what the screen made of the selection, or the hint when there is nothing."""
        body = self.query_one("#detail-body", Static)
        body.update(text if text is not None else Text("Select a goal, team, outcome or item.", style="dim"))

    def fit(self, place: str) -> None:
        """Show or hide the pane as the user last chose for this place.

        A narrow Roadmap starts without it (ids were cut to 15 characters
        beside it at 80 columns) and says so once; `d` brings it back there.
        """
        shown = self._chosen.get(place, place == "views")
        if self.display != shown:
            self.display = shown
        if place == "narrow-roadmap" and not shown and not self._told_narrow:
            self._told_narrow = True
            self.notify("The Roadmap is narrow here: it hides the detail pane (d shows it)", markup=False)

    def toggle(self, place: str) -> None:
        """Show or hide the pane, and remember that choice for this place."""
        self.display = not self.display
        self._chosen[place] = bool(self.display)

    def resize(self, step: int, place: str, room: int) -> None:
        """Give the pane a fixed width, a step narrower or wider, leaving the views room out of `room`."""
        self.display = True
        self._chosen[place] = True
        widest = max(DETAIL_MIN, room - VIEW_MIN)
        width = min(widest, max(DETAIL_MIN, self.outer_size.width + step))
        if width == self.outer_size.width:
            # At 80 columns the pane starts next to its narrowest: a key that
            # silently does nothing looks broken, so say why.
            how = "narrow" if step < 0 else "wide"
            self.notify(f"The detail pane is as {how} as it goes here (d hides it)", markup=False)
            return
        self.styles.max_width = None
        self.styles.width = width

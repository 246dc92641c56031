"""The board screen's containers: the views beside the detail pane, and a tab's pane."""

from __future__ import annotations

from textual import events, on
from textual.containers import Horizontal
from textual.widgets import TabPane

from trioboard.tui.messages import FocusStrayed, MainResized


class Main(Horizontal):
    """The views beside the detail pane; says when its size changes (the app's own resize is Textual's)."""

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(MainResized())


class Pane(TabPane):
    """A tab's pane that never takes its tab back once hidden.

    Hiding a tab blurs its focused view, and Textual then focuses a visible
    sibling: Findings' filter, in the very pane being hidden. A focus in a pane
    makes `TabbedContent` show that pane, so under load the tab a key had just
    left came back and the key was lost. Our tabs change only by `active`.
    """

    @on(TabPane.Focused)
    def _focused(self, event: TabPane.Focused) -> None:
        if not self.display:
            event.stop()
            self.post_message(FocusStrayed())

"""The conflict dialog of a sync: each conflict with both values and who made theirs; mine, theirs or a typed value."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from trioboard.core.results import Conflict, TypedValue
from trioboard.tui.dialogs import Dialog
from trioboard.tui.text import clean

Choices = dict[tuple[str, str | None], str | TypedValue]
"""A settled conflict's choice, by (node, field): "mine", "theirs", or a value the trio typed."""


class SettleConflicts(Dialog[Choices | None]):
    """Each conflict of a sync with both values, and who made theirs; the trio keeps mine, theirs, or types one.

    Dismissed with the choices, keyed by (node, field), once every conflict
    has one; or with None (escape): nothing is changed. A typed value
    becomes the field's value (the sync checks it as `edit set` would).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("m", "choose('mine')", "Mine"),
        Binding("t", "choose('theirs')", "Theirs"),
        Binding("v", "type_value", "Type a value"),
    ]

    AUTO_FOCUS = "#mine"
    """As before the value field was added: the focus never starts in it, hidden or not."""

    def __init__(self, upstream: str, conflicts: list[Conflict]) -> None:
        super().__init__()
        self._upstream = upstream
        self._conflicts = conflicts
        self._choices: Choices = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(id="conflict-title")
            yield Static(id="conflict-body")
            value = Input(placeholder="a value of your own; Enter keeps it", id="conflict-value")
            value.display = False  # shown on v: hidden, the focus never starts in it
            yield value
            with Horizontal(classes="buttons"):
                yield Button("Mine (m)", variant="primary", id="mine")
                yield Button("Theirs (t)", id="theirs")
                yield Button("Type a value (v)", id="value")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self._show()

    def first_field(self) -> Input | None:
        field = self.query_one("#conflict-value", Input)
        return field if field.display else None

    def action_type_value(self) -> None:
        """Show the field for a value of the trio's own, holding theirs to start from."""
        field = self.query_one("#conflict-value", Input)
        if field.display:
            return
        field.value = self._conflicts[len(self._choices)].theirs.strip("'")
        field.display = True
        field.focus()

    @on(Input.Submitted, "#conflict-value")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return  # an empty value settles nothing: mine or theirs, or type one
        self._settle(TypedValue(event.value))

    def _show(self) -> None:
        n = len(self._choices)
        conflict = self._conflicts[n]
        where = f"{conflict.node}.{conflict.field}" if conflict.field else conflict.node
        title = Text(end="")
        title.append(f"Conflict {n + 1} of {len(self._conflicts)} with {self._upstream}\n", style="bold")
        title.append("Both sides changed this; nothing is changed until every conflict has a choice.", style="dim")
        self.query_one("#conflict-title", Static).update(title)
        body = Text(end="")
        body.append(f"\n{clean(where)}\n\n", style="bold")
        body.append("  mine    ", style="bold cyan")
        body.append(f"{clean(conflict.ours)}\n")
        body.append("  theirs  ", style="bold magenta")
        body.append(clean(conflict.theirs))
        if conflict.their_commit:
            # Whose change it is: the trio asks them before choosing.
            body.append(f"  ({conflict.their_commit} by {clean(conflict.their_author or 'someone')})", style="dim")
        body.append("\n")
        self.query_one("#conflict-body", Static).update(body)

    def action_choose(self, side: str) -> None:
        if self.query_one("#conflict-value", Input).has_focus:
            return  # m and t typed into the value are letters of it
        self._settle(side)

    def _settle(self, choice: str | TypedValue) -> None:
        conflict = self._conflicts[len(self._choices)]
        self._choices[(conflict.node, conflict.field)] = choice
        field = self.query_one("#conflict-value", Input)
        field.display = False
        field.value = ""
        if len(self._choices) == len(self._conflicts):
            self.answer(dict(self._choices))
        else:
            self._show()

    def action_cancel(self) -> None:
        self.answer(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.action_cancel()
        elif event.button.id == "value":
            self.action_type_value()
        elif event.button.id in ("mine", "theirs"):
            self.action_choose(event.button.id)

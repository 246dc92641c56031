"""The dialogs of evidence (SPEC 11): `E` records a touchpoint; Enter on a piece of evidence shows it.

The form is the front matter field by field, with what the board knows
offered (the team's trio to pick from, ids completed as typed) and the body
in a text area. What it makes is committed by the workspace operation
`trioboard evidence add` uses; a refusal keeps everything typed.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Select, SelectionList, Static, TextArea

from trioboard.tui.dialogs import Dialog, Field, Form, field_id
from trioboard.tui.discovery_details import evidence_body

NAMES_SEPARATOR = "\n"
"""How a form gives the names chosen in a selection (names are one line each)."""


class IdsSuggester(Suggester):
    """Completes the last of comma-separated ids from the board's (opportunities first, then items)."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._ids = ids

    async def get_suggestion(self, value: str) -> str | None:
        head, comma, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        found = next((i for i in self._ids if i.startswith(typed) and i != typed), None)
        if found is None:
            return None
        return f"{head}{comma}{last[: len(last) - len(typed)]}{found}"


class EvidenceForm(Form):
    """A touchpoint's front matter and body; the trio offered follows the team chosen."""

    def __init__(self, title: str, fields: list[Field], trios: dict[str, list[str]]) -> None:
        super().__init__(title, fields)
        self._trios = trios
        """Team id → the names in its trio, offered for `with`."""

    @on(Select.Changed)
    def _team_chosen(self, event: Select.Changed) -> None:
        if event.select.id != field_id("team"):
            return
        team = "" if event.value is Select.NULL else str(event.value)
        names: SelectionList[str] = self.query_one(f"#{field_id('with')}", SelectionList)
        chosen = set(names.selected)
        names.clear_options()
        names.add_options([(name, name, name in chosen) for name in self._trios.get(team, [])])


class EvidenceViewer(Dialog[None]):
    """A piece of evidence whole: its front matter, then its body in a read-only text area (long ones scroll).

    The file is read by `read` (the workspace's) in a thread worker: the
    dialog opens at once, saying it is reading.
    """

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, head: Text, read: Callable[[], str]) -> None:
        super().__init__()
        self._head = head
        self._read = read

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog evidence-viewer"):
            yield Static(self._head, id="evidence-head")
            yield TextArea("… reading", read_only=True, soft_wrap=True, show_line_numbers=False, id="evidence-body")
            yield Static(Text("Escape closes this.", style="dim"))

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self._read_body()

    @work(thread=True, group="evidence")
    def _read_body(self) -> None:
        try:
            body = evidence_body(self._read())
        except OSError as exc:
            body = f"It cannot be read: {exc}"
        self.app.call_from_thread(self.show_body, body)

    def show_body(self, body: str) -> None:
        """Put in the body once it has been read."""
        if self.is_attached:
            self.query_one(TextArea).load_text(body)

    def action_close(self) -> None:
        self.answer(None)

"""Dialogs: pick a node by id or title, fill a form, confirm, read the keys.

Each is a `ModalScreen[T]` that returns its answer with `dismiss(...)`; the
app decides what to do with it. Choices are shown as Text, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from trioboard.core.text import id_from_title as slug
from trioboard.core.vocabulary import MeasureState
from trioboard.tui.ranking import ranked
from trioboard.tui.text import clean, widget_id

ResultT = TypeVar("ResultT")


@dataclass(frozen=True, slots=True)
class Choice:
    """One thing a picker offers."""

    id: str
    label: Text
    search: str
    """What a query is matched against besides the id: the title and the team."""
    enabled: bool = True
    """False for what is shown but cannot be chosen (a team whose file does not parse)."""


class Dialog(ModalScreen[ResultT]):
    """A modal screen that answers once, and keeps what is typed before its field has the focus."""

    def answer(self, result: ResultT) -> None:
        """Close with `result`, once: a second Enter read with the first finds the dialog gone.

        (Dismissing again would pop the app's own screen: Textual refuses and the app died.)
        """
        if self.is_current:
            self.dismiss(result)

    @property
    def busy(self) -> bool:
        """True while the dialog cannot take keys yet (a form whose values are being committed):
        the app's key buffer holds the keys typed meanwhile (see `keys`)."""
        return False


class Picker(Dialog[str | None]):
    """Search by id or title, then Enter to choose; Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "down", show=False),
        Binding("up", "up", show=False),
    ]

    def __init__(self, title: str, choices: list[Choice]) -> None:
        super().__init__()
        self._title = title
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._title, style="bold"))
            yield Input(placeholder="type to search by id or title", id="picker-query")
            yield OptionList(markup=False, id="picker-list")

    def on_mount(self) -> None:
        self._refill("")
        self.set_focus(self.query_one(Input))  # at once: a key typed next belongs there

    @on(Input.Changed, "#picker-query")
    def _query(self, event: Input.Changed) -> None:
        self._refill(event.value)

    def _refill(self, query: str) -> None:
        shown = ranked(query, self._choices, key=lambda c: (c.id, c.search))
        listing = self.query_one(OptionList)
        listing.set_options([Option(c.label, id=c.id, disabled=not c.enabled) for c in shown])
        first = next((n for n, c in enumerate(shown) if c.enabled), None)
        if first is not None:
            listing.highlighted = first

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    @on(Input.Submitted, "#picker-query")
    def _submit(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is not None:
            option = listing.get_option_at_index(listing.highlighted)
            if not option.disabled:
                self.answer(option.id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.answer(event.option.id)

    def action_cancel(self) -> None:
        self.answer(None)


@dataclass(frozen=True, slots=True)
class Field:
    """One input of a form."""

    name: str
    label: str
    value: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    """(shown, value) pairs: a Select instead of a text input."""
    required: bool = False
    multiline: bool = False
    """Free text over several lines (notes): a TextArea, where Enter starts a new line."""
    hint: str = ""
    """Shown in the empty input: how to write the value (`comma-separated ids`)."""
    many: bool = False
    """With `choices`: pick any number of them (a selection list); the value is the picks, one a line."""
    suggester: Suggester | None = None
    """Completes what is typed in a text input (ids from the board)."""


FORM_CHROME = 7
"""Rows of a form's dialog besides its fields: border (2), title, message line, buttons (3)."""


class IdInput(Input):
    """The id of a new node: it follows the title until the user edits it, then it is theirs.

    While it holds a generated id, focusing it selects it: what is typed
    replaces the id rather than being appended to it.
    """

    def __init__(self, value: str, *, id: str, placeholder: str = "") -> None:
        super().__init__(value=value, placeholder=placeholder, id=id, select_on_focus=True)
        self.proposed = value
        """The id last generated; once the value differs, the user chose their own."""
        self.typed = False
        """True once the user has edited the id: no generated value overwrites it."""

    def propose(self, value: str) -> None:
        """Show an id generated from the title, unless the user has edited the id."""
        if not self.typed:
            self.proposed = value
            self.value = value

    def _watch_value(self, value: str) -> None:
        super()._watch_value(value)
        if value != self.proposed:
            # Decided when the value changes, not when Changed arrives: a generated
            # value never counts as typed, however late its message comes.
            self.typed = True
            self.select_on_focus = False


class Form(Dialog[dict[str, str] | None]):
    """A few fields, Enter or Save to submit, Escape to cancel.

    With `id_from`, the `id` field follows that field (a title) until the
    user types an id of their own. With `on_submit` set, Save hands the
    values over and the form stays open, with everything typed, until its
    owner dismisses it (the edit landed) or calls `refuse` (it did not).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # Enter in the notes starts a new line, so Save has a key of its own too.
        Binding("ctrl+s", "save", "Save", priority=True),
        # Priority: focus moves before the next key is handed to a field, so
        # keys typed quickly after Tab land in the field Tab went to.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self, title: str, fields: list[Field], *, id_from: str | None = None, taken: set[str] | None = None
    ) -> None:
        super().__init__()
        self._title = title
        self._fields = fields
        self._id_from = id_from
        self._taken = set(taken or ())
        self.on_submit: Callable[[dict[str, str]], None] | None = None
        """Who takes the values on Save; None: the form is dismissed with them."""
        self._saving = False
        """Values were handed to `on_submit` and neither taken nor refused yet."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._title, style="bold"))
            with VerticalScroll(classes="form-fields"), Grid(classes="form-grid"):
                for field in self._fields:
                    yield Label(Text(field.label + (" *" if field.required else "")))
                    if field.many:
                        picked = set(field.value.splitlines())
                        yield SelectionList[str](
                            *[(clean(shown), value, value in picked) for shown, value in field.choices],
                            id=field_id(field.name),
                        )
                    elif field.choices:
                        yield Select[str](
                            [(clean(shown), value) for shown, value in field.choices],
                            value=field.value if field.value else Select.NULL,
                            allow_blank=not field.required,
                            id=field_id(field.name),
                        )
                    elif field.name == "id" and self._id_from is not None:
                        yield IdInput(field.value, placeholder=field.hint, id=field_id(field.name))
                    elif field.multiline:
                        yield TextArea(field.value, id=field_id(field.name), placeholder=field.hint)
                    else:
                        # The cursor at the end, nothing selected: typing adds to a title, not replaces it.
                        yield Input(
                            value=field.value,
                            placeholder=field.hint,
                            id=field_id(field.name),
                            select_on_focus=False,
                            suggester=field.suggester,
                        )
                    yield Static(Text(""), id=widget_id("error", field.name), classes="field-error")
            yield Static(Text(""), id="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._fit_fields()
        self.set_focus(self.query_one(f"#{field_id(self._fields[0].name)}"))  # at once: see Picker

    def on_resize(self) -> None:
        self._fit_fields()

    def _fit_fields(self) -> None:
        """Give the fields every row the dialog has (at most 90% of the screen): they scroll only
        when they need more, and Save and Cancel stay whole below them."""
        dialog_rows = self.app.size.height * 9 // 10
        self.query_one(".form-fields").styles.max_height = max(3, dialog_rows - FORM_CHROME)

    @property
    def busy(self) -> bool:
        return self._saving

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if self._id_from is None or event.input.id != field_id(self._id_from):
            return
        self.query_one(f"#{field_id('id')}", IdInput).propose(slug(event.input.value, self._taken))

    def _values(self) -> dict[str, str]:
        values = {}
        for field in self._fields:
            widget = self.query_one(f"#{field_id(field.name)}")
            if isinstance(widget, Select):
                values[field.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                values[field.name] = widget.text
            elif isinstance(widget, SelectionList):
                values[field.name] = "\n".join(str(value) for value in widget.selected)
            else:
                assert isinstance(widget, Input)
                values[field.name] = widget.value.strip()  # ' v2' typed after a space is not a title
        return values

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        values = self._values()
        missing = [f for f in self._fields if f.required and not values[f.name].strip()]
        if missing:
            self.refuse(f"{missing[0].label} is required", missing[0].name)
            return
        if self.on_submit is None:
            self.answer(values)
            return
        if self._saving:
            return  # a second Enter while the first is being committed: one edit, not two
        self._saving = True
        self._clear_errors()
        self.query_one("#form-error", Static).update(Text("… saving", style="dim"))
        self.on_submit(values)

    def action_save(self) -> None:
        self._save()

    def refuse(self, reason: str, field: str | None = None) -> None:
        """Say why the values were not taken: at the field when it is known, everything typed kept."""
        self._saving = False
        self._clear_errors()
        known = {f.name for f in self._fields}
        message = Text(clean(reason), style="bold red")
        if field in known:
            assert field is not None
            error = self.query_one(f"#{widget_id('error', field)}", Static)
            error.update(message)
            error.add_class("-shown")
            widget = self.query_one(f"#{field_id(field)}")
            widget.add_class("-invalid")
            widget.focus()
            self.query_one("#form-error", Static).update(Text(""))
        else:
            self.query_one("#form-error", Static).update(message)

    def error_at(self, field: str) -> str:
        """The refusal shown at a field ("" when none): for tests and screen readers alike."""
        content = self.query_one(f"#{widget_id('error', field)}", Static).content
        return content.plain if isinstance(content, Text) else str(content)

    def _clear_errors(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update(Text(""))
            error.remove_class("-shown")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.answer(None)


def field_id(name: str) -> str:
    """The widget id of a form field: `trio.product` → `field-trio_2e_product`."""
    return widget_id("field", name)


class Confirm(Dialog[bool]):
    """Yes or no, with the consequence spelled out; the focus starts on No."""

    BINDINGS = [Binding("escape", "no", "No"), Binding("y", "yes", "Yes"), Binding("n", "no", "No")]

    def __init__(self, question: Text, yes: str = "Yes") -> None:
        super().__init__()
        self._question = question
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            with VerticalScroll(classes="confirm-text"):
                yield Static(self._question, id="question")
            with Horizontal(classes="buttons"):
                yield Button("No (n)", id="no")
                yield Button(f"{self._yes} (y)", variant="error", id="yes")

    def on_mount(self) -> None:
        # The safe choice first: Enter straight after the key changes nothing.
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.answer(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.answer(False)


class Help(Dialog[None]):
    """Every key, and what the marks mean."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(
        self, keys: list[tuple[str, str]], views: list[tuple[str, list[tuple[str, str]]]] | None = None
    ) -> None:
        super().__init__()
        self._keys = keys
        self._views = views or []

    def compose(self) -> ComposeResult:
        text = Text(end="")
        text.append("Keys\n", style="bold")
        for key, what in self._keys:
            text.append(f"  {key:<12}", style="bold cyan")
            text.append(f"{what}\n")
        for view, keys in self._views:
            text.append(f"\nIn {view}\n", style="bold")
            for key, what in keys:
                text.append(f"  {key:<12}", style="bold cyan")
                text.append(f"{what}\n")
        text.append("\nMarks\n", style="bold")
        for mark, what in (
            ("⊘ blocked", "blocked, or waits on something blocked, dropped, missing or in a cycle"),
            ("◌ no clarity", "a team none of whose outcomes or active items ties to a goal (not blocked)"),
            ("◑ trio", "a team with a trio role missing"),
            ("⚠ no link", "active work (or an outcome) with no strategy link"),
            ("✓ done", "done: satisfies whatever depends on it"),
            ("✗ dropped", "dropped: takes part in no rule"),
            ("◎ / ◆", "a goal / an outcome"),
            ("✖ error", "a finding of severity error points here (Findings, 4, says which)"),
            ("↯ schedule", "planned before something it depends on"),
            ("▲ WIP", "a team with more now items than the WIP limit"),
            ("✎", "a board file changed outside trioboard and not committed (C commits it)"),
            (" ".join(s.symbol for s in MeasureState), "a measure: " + ", ".join(s.words for s in MeasureState)),
            ("◇", "an opportunity, between an outcome and the items that answer it (Discovery, 7)"),
            ("+ / −", "touchpoints for / against an opportunity or item, and the customers behind them"),
            ("○ ◔ ✓ ✗ ~", "an assumption untested, running, supported, refuted, inconclusive"),
            ("▲ policy", "a team whose touchpoints fall below the discovery policy"),
        ):
            text.append(f"  {mark:<12}", style="bold")
            text.append(f"{what}\n")
        text.append("\nctrl+p lists every command. Escape closes this.", style="dim")
        with VerticalScroll(classes="dialog help"):
            yield Static(text)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.answer(None)

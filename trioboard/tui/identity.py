"""Who is planning: asked when the app opens in a browser (`trioboard serve`).

A browser visitor has no git identity of their own on the server, and a
guessed one would put the wrong name on the board's history. So the app
asks for a name and an email before anything else, offering the board's
trio members first, and commits as that person (the server's git user is
the committer). An answer that is missing or malformed is asked again: the
dialog cannot be dismissed without one (ctrl+q still quits).
"""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from trioboard.core.model import Board
from trioboard.core.people import MAX_EMAIL, MAX_NAME, email_problem, name_problem
from trioboard.core.results import BoardState
from trioboard.tui.app import TrioboardApp
from trioboard.tui.text import clean
from trioboard.workspace import Workspace

_DOMAIN = re.compile(r"[^@]+@[^@.]+(\.[^@.]+)+")
"""A visitor types their address: one with no dot in its domain is a typo (git itself would take it)."""


class NotAPerson(ValueError):
    """A name or email that cannot be a commit's author; `field` says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def author_of(name: str, email: str) -> str:
    """`Name <email>` for git, or `NotAPerson` naming the field that is wrong.

    The rule is `--author`'s (`core.people`): printable, one line, no bidi
    or zero-width characters, at most MAX_NAME and MAX_EMAIL characters.
    """
    name, email = name.strip(), email.strip()
    if not name:
        raise NotAPerson("name", "say who you are: your name")
    why = name_problem(name)
    if why:
        raise NotAPerson("name", why)
    if not email:
        raise NotAPerson("email", "your email, as your commits should carry it")
    why = email_problem(email)
    if why:
        raise NotAPerson("email", why)
    if not _DOMAIN.fullmatch(email):
        raise NotAPerson("email", "that does not look like an email (name@example.com)")
    return f"{name} <{email}>"


def typed_problem(field: str, value: str) -> str | None:
    """What is wrong with a field's text that typing on cannot mend (a hidden character, too long): shown at once."""
    why = (name_problem if field == "name" else email_problem)(value)
    return why if why and ("U+" in why or "limit" in why) else None


def trio_members(board: Board) -> list[tuple[str, str]]:
    """(name, who they are) for each trio member, in board order, each name once."""
    seen: dict[str, str] = {}
    for team in board.teams:
        for role, person in team.trio.items():
            name = clean(person).strip()
            if name and name not in seen:
                seen[name] = f"{role}, {clean(team.name)}"
    return list(seen.items())


class WhoIsPlanning(ModalScreen[str]):
    """Name and email of the person at this browser; returns `Name <email>`."""

    DEFAULT_CSS = """
    WhoIsPlanning { align: center middle; }
    WhoIsPlanning OptionList { height: auto; max-height: 8; }
    WhoIsPlanning .form-grid { grid-size: 2; grid-columns: 8 1fr; grid-rows: auto; height: auto; }
    WhoIsPlanning .form-grid Label { padding: 1 1 0 0; }
    """

    def __init__(self, members: list[tuple[str, str]]) -> None:
        super().__init__()
        self._members = members

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("Who is planning?", style="bold"))
            yield Static(
                Text(
                    "Your edits are committed with you as their author. Type your name, or pick yourself "
                    "from the board's trios (tab, then enter).",
                    style="dim",
                )
            )
            if self._members:
                yield OptionList(
                    *(
                        Option(Text.assemble(name, "  ", (about, "dim")), id=str(n))
                        for n, (name, about) in enumerate(self._members)
                    ),
                    markup=False,
                    id="who-members",
                )
            with Grid(classes="form-grid"):
                yield Label("Name")
                yield Input(
                    placeholder="your name",
                    suggester=SuggestFromList([m for m, _ in self._members]),
                    max_length=MAX_NAME,
                    id="who-name",
                )
                yield Label("Email")
                yield Input(placeholder="name@example.com", max_length=MAX_EMAIL, id="who-email")
            yield Static(Text(""), id="who-error")
            with Horizontal(classes="buttons"):
                yield Button("Start planning", variant="primary", id="who-start")

    def on_mount(self) -> None:
        self.query_one("#who-name", Input).focus()

    @on(OptionList.OptionSelected, "#who-members")
    def _member(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#who-name", Input).value = self._members[int(event.option.id or 0)][0]
        self.query_one("#who-email", Input).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        """Typed or pasted: a hidden character is said at its field at once, as the same rule will refuse it."""
        field = (event.input.id or "").removeprefix("who-")
        why = typed_problem(field, event.value)
        event.input.set_class(why is not None, "-invalid")
        self.query_one("#who-error", Static).update(Text(why or "", style="bold red"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#who-start")
    def _start(self) -> None:
        try:
            author = author_of(self.query_one("#who-name", Input).value, self.query_one("#who-email", Input).value)
        except NotAPerson as exc:
            self.query_one("#who-error", Static).update(Text(str(exc), style="bold red"))
            self.query_one(f"#who-{exc.field}", Input).focus()
            return
        self.dismiss(author)


class VisitorApp(TrioboardApp):
    """The app for one browser visitor: it asks who they are before they can edit."""

    def on_mount(self) -> None:
        # Textual also runs TrioboardApp.on_mount (handlers run up the MRO).
        if not self.read_only:
            members = trio_members(self._initial.board) if self._initial is not None else []
            self.push_screen(WhoIsPlanning(members), self._visitor_is)

    def _visitor_is(self, author: str | None) -> None:
        self.workspace.author = author
        if author is not None:
            self.notify(f"Planning as {author}", markup=False)


def run_visitor(root: Path, *, committer: str, read_only: bool = False) -> None:
    """Open the board for a browser visitor; their commits are recorded by `committer`."""
    workspace = Workspace(root, committer=committer)
    state: BoardState = workspace.state()
    VisitorApp(root, read_only=read_only, workspace=workspace, state=state).run()

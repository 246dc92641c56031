"""Every action of the app, in one table: its keys, its words, where it is offered.

The key bindings, the footer, the help screen and the command palette are
all generated from `ACTIONS`, so they cannot drift apart. Adding an action
is one row here (and, for an edit, one flow in `edit_flows`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a user can do."""

    action: str
    """The Textual action it runs on the app: `find`, `tab('teams')`, `flow('link')`."""
    keys: str
    """Textual key names, comma-separated: `x,delete`. Empty: no key of its own."""
    key: str
    """The key as the help screen shows it: `x`."""
    title: str
    """A few words, for the footer and the command palette: `Remove`."""
    help: str
    """One line on what it does, for the help screen and the palette."""
    edits: bool = False
    """It changes the board: not offered on a read-only board."""
    footer: bool = False
    """Shown in the footer (the rest are in `?` and ctrl+p)."""
    palette: bool = True
    """Offered in the command palette."""
    bound: bool = True
    """False for keys Textual binds itself (ctrl+p, ctrl+q): listed in help only."""

    @property
    def name(self) -> str:
        """The action without its arguments: `tab`, `flow`."""
        return self.action.partition("(")[0]


def _flow(name: str, keys: str, title: str, help: str, *, footer: bool = False, key: str = "") -> Action:
    return Action(f"flow('{name}')", keys, key or keys, title, help, edits=True, footer=footer)


def _tab(n: int, tab: str) -> Action:
    return Action(f"tab('{tab}')", str(n), str(n), tab.capitalize(), f"show the {tab} view", palette=False)


ACTIONS: tuple[Action, ...] = (
    *(_tab(n, tab) for n, tab in enumerate(("strategy", "teams", "roadmap", "findings", "history", "impact"), start=1)),
    _tab(7, "discovery"),
    Action("find", "slash", "/", "Find", "find a goal, team, outcome, opportunity or item", footer=True),
    _flow("new_item", "n", "New item", "new roadmap item (in the selected team or outcome)", footer=True),
    _flow("new_outcome", "o", "New outcome", "new outcome of a team, serving a goal"),
    _flow("new_goal", "g", "New goal", "new company goal"),
    _flow("new_team", "t", "New team", "new team (a file of its own)"),
    _flow(
        "record_touchpoint", "E", "Record touchpoint", "record a customer touchpoint (evidence) of the highlighted team"
    ),
    _flow("edit", "e", "Edit", "edit every field of the selected node", footer=True),
    _flow("link", "l", "Link", "link the selected item, opportunity or outcome", footer=True),
    _flow("unlink", "u", "Unlink", "unlink the selected item, opportunity or outcome"),
    _flow("move", "m", "Move to team", "move the selected item or opportunity to a team"),
    _flow("sooner", "less_than_sign", "Sooner", "move the selected item to an earlier horizon", key="<"),
    _flow("later", "greater_than_sign", "Later", "move the selected item to a later horizon", key=">"),
    _flow("block", "b", "Block", "block or unblock the selected item or team", footer=True),
    _flow("checkin", "c", "Check in", "check in the selected measure: its value now, confidence and a note"),
    _flow("measure", "number_sign", "Measure", "set the measure of the selected goal or outcome", key="#"),
    _flow("impact", "i", "Expected impact", "the selected item's expected impact, and its actual"),
    _flow("new_opportunity", "p", "New opportunity", "new opportunity (in or under what is selected)"),
    _flow("assumptions", "a", "Assumptions", "assumptions of the selected item: add, set a result"),
    _flow("remove", "x,delete", "Remove", "remove the selected node and every link to it", key="x"),
    _flow("undo", "z", "Undo", "undo your last edit in this session (in History: the selected commit)", footer=True),
    _flow("redo", "Z", "Redo", "redo what your last undo undid", key="Z"),
    Action(
        "sync",
        "s",
        "s",
        "Sync",
        "sync with the upstream: fetch, merge by node, push; settle conflicts one by one",
        edits=True,
    ),
    Action("toggle_detail", "d", "d", "Detail pane", "show or hide the detail pane"),
    Action("detail_narrower", "left_square_bracket", "[", "Narrower detail", "make the detail pane narrower"),
    Action("detail_wider", "right_square_bracket", "]", "Wider detail", "make the detail pane wider"),
    Action(
        "commit_hand_edits",
        "C",
        "C",
        "Commit hand edits",
        "commit the board files changed outside trioboard (✎ in the top bar)",
        edits=True,
    ),
    Action(
        "messages", "M", "M", "Messages", "every message of the status line, whole (it cuts long ones)", footer=True
    ),
    Action("help", "question_mark", "?", "Help", "every key and what the marks mean", footer=True),
    Action("command_palette", "", "ctrl+p", "Commands", "every command", palette=False, bound=False),
    Action("quit", "", "ctrl+q", "Quit", "quit", palette=False, bound=False),
)
"""Every action, in the order the help screen lists them."""

EDIT_ACTIONS = frozenset(a.action for a in ACTIONS if a.edits)
"""Actions (with their arguments) refused on a read-only board."""


def bindings() -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    """The app's key bindings."""
    return [
        Binding(a.keys, a.action, a.title, show=a.footer, tooltip=a.help.capitalize(), key_display=a.key)
        for a in ACTIONS
        if a.bound and a.keys
    ]


def view_keys(views: list[tuple[str, tuple[type, ...]]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(view, [(key, what it does)]) from each view's own bindings: those with a tooltip.

    The views' keys live with the views (the footer shows them when the view
    has the focus); the help screen reads them from there, so it cannot drift.
    """
    out = []
    for title, classes in views:
        keys = []
        for view in classes:
            for binding in getattr(view, "BINDINGS", []):
                if isinstance(binding, Binding) and binding.tooltip:
                    what = binding.tooltip[:1].lower() + binding.tooltip[1:]
                    keys.append((binding.key_display or binding.key, what))
        out.append((title, keys))
    return out


def help_keys() -> list[tuple[str, str]]:
    """(key, what it does) for the help screen."""
    return [(a.key, a.help) for a in ACTIONS if a.key]


def palette(*, read_only: bool) -> list[Action]:
    """The actions the command palette offers."""
    return [a for a in ACTIONS if a.palette and not (read_only and a.edits)]


def key_tables(views: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """The README's key tables, in Markdown: the app's keys, then each view's (a test keeps them in step)."""
    lines = ["| key | does |", "|---|---|"]
    lines += [f"| `{key}` | {what} |" for key, what in help_keys()]
    lines += ["", "| in | key | does |", "|---|---|---|"]
    for view, keys in views:
        lines += [f"| {view} | `{key}` | {what} |" for key, what in keys]
    return "\n".join(lines) + "\n"

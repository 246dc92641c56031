"""The board an edit is planned against, and the checks every plan makes of the values it is given.

`BoardIndex` finds nodes by id (saying clearly when none has it) and
judges new ids; the checks refuse a value with the field it belongs to, so
a form can say why at that field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from trioboard.core.edits.steps import NodePath
from trioboard.core.errors import Refused
from trioboard.core.evidence import is_evidence_path
from trioboard.core.model import Board, Node, Team
from trioboard.core.text import a_or_an, is_id, line_text_problem
from trioboard.core.vocabulary import ID_RULE, KINDS, Kind

_ANY_KIND = ", ".join(kind.value for kind in list(Kind)[:-1]) + f" or {list(Kind)[-1].value}"
"""`goal, team, outcome or item`: every kind, for a message about an id that names none."""


class BoardIndex:
    """The ids of a board with what they are and where they are written."""

    def __init__(self, board: Board, broken_files: Mapping[str, str | None] | None = None) -> None:
        self.board = board
        self.nodes: dict[str, Node] = {}
        for node in board.nodes():
            self.nodes.setdefault(node.id, node)
        self.teams = {t.id: t for t in board.teams}
        self.broken_files: Mapping[str, str | None] = broken_files or {}
        """Files that do not parse, with their text (None: unreadable): an edit that must write them is refused."""
        self._unknown_ids = {f: text for f, text in self.broken_files.items() if not is_evidence_path(f)}
        """The broken files that may define ids: an evidence file only names them."""

    def get(self, node_id: str) -> Node:
        node = self.nodes.get(node_id)
        if node is None:
            hint = ""
            if self._unknown_ids:
                hint = f" ({sorted(self._unknown_ids)[0]} does not parse, so its ids are unknown)"
            raise Refused(f"no {_ANY_KIND} has the id {node_id!r}{hint}")
        return node

    def team(self, team_id: str) -> Team:
        team = self.teams.get(team_id)
        if team is None:
            raise Refused(f"there is no team {team_id!r}", "team")
        return team

    def file_of(self, node: Node) -> str:
        return node.pos.file

    def free_id(self, node_id: str) -> None:
        if not is_id(node_id):
            raise Refused(f"{node_id!r} is not a valid id: {ID_RULE}", "id")
        for file, text in sorted(self._unknown_ids.items()):
            # Its ids are unknown to the model: a new id written there too would be a
            # duplicate once the file is fixed. Any mention of it in the text refuses.
            if text is None or re.search(rf"(?<![\w-]){re.escape(node_id)}(?![\w-])", text):
                raise Refused(
                    f"{file} does not parse and may already use the id {node_id}; fix it before adding {node_id}"
                )
        taken = self.nodes.get(node_id)
        if taken is not None:
            raise Refused(f"the id {node_id} is already taken by the {taken.kind.value} in {taken.pos.file}", "id")


def checked_text(label: str, value: str, *, required: bool, field: str) -> str | None:
    """One line of free text as given; "" is None (removed), refused where the field is required."""
    if value == "":
        if required:
            raise Refused(f"{label} cannot be empty", field)
        return None
    why = line_text_problem(value)
    if why:
        raise Refused(f"{label} {why}", field)
    return value


def node_path(node: Node) -> NodePath:
    """Where a node is in its file: the list that holds it and its id, or () for a file's root (a team)."""
    list_key = KINDS[node.kind].list_key
    return (list_key, node.id) if list_key else ()


def checked_choice(key: str, value: str, options: tuple[str, ...]) -> str:
    """A value of a closed set, or refused naming the values allowed."""
    if value not in options:
        raise Refused(f"{key} must be one of {', '.join(options)}, not {value!r}", key)
    return value


def expect_kind(index: BoardIndex, node_id: str, kind: Kind, field_name: str) -> Node:
    """The node `node_id` names, refused (at `field_name`) when there is none or it is of another kind."""
    try:
        node = index.get(node_id)
    except Refused as exc:
        raise Refused(str(exc), field_name) from None
    if node.kind is not kind:
        raise Refused(f"{field_name} names {kind.plural}, and {node_id} is {a_or_an(node.kind.value)}", field_name)
    return node

"""`E`: record a customer touchpoint, as the form of its front matter and body (SPEC 11).

The team starts as the one the cursor is in, the date as today; the trio
of the team chosen is offered for `with`, and the board's opportunity and
item ids are completed in `supports` and `challenges`. Saving hands the
operation `trioboard evidence add` commits to the app's editor.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from trioboard.core import edits
from trioboard.core.evidence_draft import EvidenceDraft, refusal
from trioboard.core.model import Evidence, Item, Node, Opportunity, Outcome, Team
from trioboard.core.results import BoardState
from trioboard.core.vocabulary import EvidenceKind, TrioRole
from trioboard.tui import discovery_labels as dl
from trioboard.tui.dialogs import Field
from trioboard.tui.evidence_dialogs import NAMES_SEPARATOR, EvidenceForm, IdsSuggester
from trioboard.tui.session import RecordTouchpoint

if TYPE_CHECKING:
    from trioboard.tui.edit_flows import Host


def team_at(state: BoardState, selected: str | None) -> str:
    """The team of what the cursor is on: a team, a node of one, or a piece of evidence ("" when none)."""
    if dl.is_evidence_path(selected):
        evidence = dl.EvidenceIndex.of(state).by_path.get(str(selected))
        return evidence.team or "" if evidence else ""
    node: Node | None = state.analysis.index.get(selected) if selected else None
    if isinstance(node, Team):
        return node.id
    if isinstance(node, Item | Outcome | Opportunity):
        return node.team
    return ""


def trios(state: BoardState) -> dict[str, list[str]]:
    """Team id → the names of its trio, in role order."""
    return {
        team.id: [name for role in TrioRole if (name := team.trio.get(role.value))]
        for team in state.board.teams
        if state.analysis.index.get(team.id) is team
    }


def touchpoint_form(state: BoardState, team: str, today: dt.date) -> EvidenceForm:
    """The form of a new touchpoint: the front matter, then the body."""
    teams = tuple((f"{t.id}  {t.name}", t.id) for t in state.board.teams if state.analysis.index.get(t.id) is t)
    names = trios(state)
    ids = [o.id for o in state.board.opportunities()] + [i.id for i in state.board.items() if i.active]
    fields = [
        Field("date", "Date", today.isoformat(), required=True, hint="YYYY-MM-DD"),
        Field("team", "Team", team, choices=teams, required=True),
        Field(
            "kind",
            "Kind",
            EvidenceKind.INTERVIEW.value,
            choices=tuple((k.value, k.value) for k in EvidenceKind),
            required=True,
        ),
        Field("with", "With", "", choices=tuple((n, n) for n in names.get(team, [])), many=True),
        Field("customer", "Customer", required=True, hint="a pseudonym: never a name, email or phone"),
        Field("segment", "Segment", hint="optional: smb, enterprise…"),
        Field("supports", "Supports", hint="ids, comma-separated (→ completes)", suggester=IdsSuggester(ids)),
        Field("challenges", "Challenges", hint="ids, comma-separated (→ completes)", suggester=IdsSuggester(ids)),
        Field("body", "Notes", multiline=True, hint="what we heard, quotes, what we learned"),
    ]
    return EvidenceForm("Record a customer touchpoint", fields, names)


def _ids(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace(" ", ",").split(",") if part.strip())


def touchpoint_op(state: BoardState, values: dict[str, str]) -> RecordTouchpoint:
    """What a saved form asks to commit; `Refused` at the field when the board would refuse it.

    The board's own check (`evidence_draft.refusal`, which the workspace runs
    again as it commits) is asked first, so the form can say why at the field.
    """
    try:
        date = dt.date.fromisoformat(values["date"].strip())
    except ValueError:
        raise edits.Refused(f"{values['date']!r} is not a date: write it YYYY-MM-DD", field="date") from None
    draft = EvidenceDraft(
        team=values["team"],
        kind=values["kind"],
        customer=values["customer"],
        date=date,
        with_=tuple(n for n in values["with"].split(NAMES_SEPARATOR) if n),
        segment=values["segment"] or None,
        supports=_ids(values["supports"]),
        challenges=_ids(values["challenges"]),
        body=values["body"],
    )
    why = refusal(draft, state.analysis)
    if why:
        raise edits.Refused(why.removeprefix("--"), field=refused_field(why))
    return RecordTouchpoint(draft)


REFUSED_FIELDS = (
    ("no team", "team"),
    ("kind", "kind"),
    ("--customer", "customer"),
    ("the customer", "customer"),
    ("--segment", "segment"),
    ("--with", "with"),
    ("--supports", "supports"),
    ("--challenges", "challenges"),
    ("the body", "body"),
)
"""How `evidence_draft.refusal` starts its reasons, and the field each is about."""


def refused_field(why: str) -> str | None:
    """The form's field a refusal is about (None: the form as a whole)."""
    return next((name for start, name in REFUSED_FIELDS if why.startswith(start)), None)


def record_touchpoint(host: Host) -> None:
    """`E`: ask for a touchpoint and commit it as an evidence file."""
    state = host.state
    if state is None:
        return
    if not any(state.analysis.index.get(t.id) is t for t in state.board.teams):
        host.warn("Add a team first (t): a touchpoint belongs to a team")
        return
    host.ask(touchpoint_form(state, team_at(state, host.selected), state.analysis.today), partial(touchpoint_op, state))


def evidence_at(state: BoardState, path: str) -> Evidence | None:
    """The piece of evidence read from a path, if the board has it."""
    return dl.EvidenceIndex.of(state).by_path.get(path)

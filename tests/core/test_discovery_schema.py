"""Reading opportunities and assumptions (SPEC 11): the model they make and every `schema` problem, at its line."""

from __future__ import annotations

from collections.abc import Callable

from trioboard.core.model import Assumption, Opportunity, Pos, Ref
from trioboard.core.results import BoardState

Load = Callable[..., BoardState]

BOARD = "name: Acme\ngoals:\n  - id: g1\n    title: Grow\n"

TEAM = """\
id: alpha
name: Alpha
outcomes:
  - id: o1
    title: Convert
    goals: [g1]
opportunities:
  - id: mobile-friction
    title: Mobile checkout is hard
    outcomes: [o1]
    x-source: interviews
  - id: card-reentry
    title: Buyers re-type card details
    parent: mobile-friction
    status: addressed
    owner: Ana
    tags: [mobile]
roadmap:
  - id: one-click
    title: One-click pay
    opportunities: [card-reentry]
    assumptions:
      - text: Buyers trust us to store their card
        kind: desirability
        risk: high
        test: Fake door for 5% of mobile buyers
        result: running
        x-owner: Ben
      - text: Tokens work offline
"""


def _schema(state: BoardState) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in state.findings if f.rule == "schema"]


def test_opportunities_and_assumptions_are_read_into_the_model(load_board: Load) -> None:
    state = load_board(BOARD, {"alpha": TEAM})
    team = state.board.teams[0]
    file = "teams/alpha.yaml"
    assert team.opportunities == [
        Opportunity(
            "mobile-friction", "Mobile checkout is hard", "alpha", Pos(file, 8, 5), [Ref("o1", Pos(file, 10, 16))]
        ),
        Opportunity(
            "card-reentry",
            "Buyers re-type card details",
            "alpha",
            Pos(file, 12, 5),
            parent=Ref("mobile-friction", Pos(file, 14, 13)),
            status="addressed",
            owner="Ana",
            extras=team.opportunities[1].extras,
        ),
    ]
    assert team.opportunities[1].extras.tags == ["mobile"]
    item = team.items[0]
    assert item.opportunities == [Ref("card-reentry", Pos(file, 21, 21))]
    assert item.assumptions == [
        Assumption(
            "Buyers trust us to store their card",
            Pos(file, 23, 9),
            "desirability",
            "high",
            "Fake door for 5% of mobile buyers",
            "running",
        ),
        Assumption("Tokens work offline", Pos(file, 29, 9)),
    ]
    assert item.assumptions[1].result == "untested" and item.assumptions[1].risk is None
    # Board order: a team's outcomes, then its opportunities, then its items.
    assert [n.id for n in state.board.nodes()] == ["g1", "alpha", "o1", "mobile-friction", "card-reentry", "one-click"]
    assert [o.id for o in state.board.opportunities()] == ["mobile-friction", "card-reentry"]
    assert [f.rule for f in state.findings if f.rule in ("schema", "unknown-ref", "duplicate-id")] == []


BAD = """\
id: alpha
name: Alpha
opportunities:
  - id: op1
    status: closed
    parent: [op2]
    outcome: [o1]
  - title: No id here
    status: parked
  - just text
  - id: op2
    title: Fine
    parent: Not An Id
roadmap:
  - id: i1
    title: I
    opportunities: [op1, 42]
    assumptions:
      - kind: wishful
        risk: extreme
        result: proven
        txt: typo
      - text: "two\\nlines"
      - text: T
        test: [a list]
      - plain text
    x-own: mine
  - id: i2
    title: J
    assumptions: not a list
"""


def test_every_schema_problem_of_opportunities_and_assumptions_is_at_its_line(load_board: Load) -> None:
    state = load_board(BOARD, {"alpha": BAD})
    assert _schema(state) == [
        (4, 5, "opportunity op1 has no 'title'"),
        (5, 13, "'status' of opportunity op1 is 'closed'; use one of: open, addressed, parked"),
        (6, 13, "'parent' of opportunity op1 is a list where an id belongs"),
        (7, 5, "unknown key 'outcome' in opportunity op1 (did you mean 'outcomes'?)"),
        (8, 5, "an opportunity has no 'id'"),
        (10, 5, "an opportunity must be a mapping of keys, not text"),
        (13, 13, "'parent' of opportunity op2 is 'Not An Id', which is not a valid id"),
        (17, 26, "'opportunities' of item i1 lists 42, a int where an id belongs (quote it)"),
        (19, 9, "an assumption of item i1 has no 'text'"),
        (
            19,
            15,
            "'kind' of an assumption of item i1 is 'wishful'; use one of: "
            "desirability, usability, feasibility, viability, ethical",
        ),
        (20, 15, "'risk' of an assumption of item i1 is 'extreme'; use one of: high, medium, low"),
        (
            21,
            17,
            "'result' of an assumption of item i1 is 'proven'; use one of: "
            "untested, running, supported, refuted, inconclusive",
        ),
        (22, 9, "unknown key 'txt' in an assumption of item i1 (did you mean 'text'?)"),
        (23, 15, "'text' of an assumption of item i1 contains a line break; it must be one line of text"),
        (25, 15, "'test' of an assumption of item i1 must be text, not a list"),
        (26, 9, "an assumption of item i1 must be a mapping of keys, not text"),
        (30, 18, "'assumptions' of item i2 must be a list, not text"),
    ]
    team = state.board.teams[0]
    assert [(o.id, o.status, o.parent) for o in team.opportunities] == [("op1", "open", None), ("op2", "open", None)]
    assert [a.text for a in team.items[0].assumptions] == ["T"]

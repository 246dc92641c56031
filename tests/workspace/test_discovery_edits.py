"""Discovery edits (SPEC 11): opportunities and assumptions, one commit each, only their lines changed.

Against the demo board in a real repository: the commit in `git log`, the
lines of the YAML, the refusals with nothing written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.core import edits as E
from trioboard.core.errors import Refused
from trioboard.workspace import Workspace

from helpers import commits, git, run, subjects

CHECKOUT = "teams/checkout.yaml"


def show(board: Path) -> str:
    """The last commit's subject and its diff, without the header lines that name blobs."""
    text = git(board, "show", "--format=%s", "--unified=1", "HEAD")
    return "\n".join(line for line in text.splitlines() if not line.startswith(("diff --git", "index ")))


def edit(board: Path, *ops: E.Operation) -> None:
    for op in ops:
        Workspace(board).edit(op)


MOBILE = E.AddOpportunity("mobile-friction", "checkout", "Booking on a phone is hard", ("checkout-conversion",))


def test_add_opportunity_makes_the_list_between_outcomes_and_roadmap(board: Path) -> None:
    result = Workspace(board).edit(MOBILE)
    assert result.message == "Add opportunity mobile-friction to checkout"
    assert subjects(board, 1) == ["Add opportunity mobile-friction to checkout"]
    text = (board / CHECKOUT).read_text()
    assert (
        "    goals: [grow-revenue, grow-retention]\n\n"
        "opportunities:\n"
        "  - id: mobile-friction\n"
        "    title: Booking on a phone is hard\n"
        "    outcomes: [checkout-conversion]\n\n"
        "roadmap:\n"
        "  # --- Now: the conversion push agreed on 12 June ---\n"
    ) in text
    # The next one is appended to the list, under its parent.
    Workspace(board).edit(
        E.AddOpportunity("card-reentry", "checkout", "Renters re-type card details", parent="mobile-friction")
    )
    text = (board / CHECKOUT).read_text()
    assert (
        "    outcomes: [checkout-conversion]\n"
        "  - id: card-reentry\n    title: Renters re-type card details\n    parent: mobile-friction\n\nroadmap:\n"
    ) in text
    assert "\n-\n" not in show(board)  # only added lines
    assert Workspace(board).board().opportunities()[1].parent is not None


@pytest.mark.parametrize(
    ("op", "why"),
    [
        (E.AddOpportunity("one-click-pay", "checkout", "T"), "the id one-click-pay is already taken by the item"),
        (E.AddOpportunity("Bad Id", "checkout", "T"), "'Bad Id' is not a valid id"),
        (E.AddOpportunity("x", "nobody", "T"), "there is no team 'nobody'"),
        (
            E.AddOpportunity("x", "checkout", "T", ("grow-revenue",)),
            "outcomes names outcomes, and grow-revenue is a goal",
        ),
        (
            E.AddOpportunity("x", "checkout", "T", parent="nowhere"),
            "no goal, team, outcome, opportunity or item has the id 'nowhere'",
        ),
        (
            E.AddOpportunity("x", "checkout", "T", parent="one-click-pay"),
            "parent names opportunities, and one-click-pay is an item",
        ),
        (E.AddOpportunity("x", "checkout", "T", parent="x"), "an opportunity cannot be its own parent"),
        (E.AddOpportunity("x", "checkout", ""), "the title cannot be empty"),
    ],
)
def test_add_opportunity_refusals_write_nothing(board: Path, op: E.AddOpportunity, why: str) -> None:
    before = commits(board)
    with pytest.raises(Refused, match=why.replace("(", r"\(")):
        Workspace(board).edit(op)
    assert commits(board) == before and git(board, "status", "--porcelain") == ""


def test_link_unlink_and_set_take_opportunities(board: Path) -> None:
    edit(board, MOBILE, E.AddOpportunity("card-reentry", "checkout", "Renters re-type card details"))
    space = Workspace(board)
    assert space.edit(E.Link("one-click-pay", "card-reentry")).message == "Link one-click-pay to card-reentry"
    assert (
        "    outcomes: [checkout-conversion]\n    opportunities: [card-reentry]\n    horizon: now\n"
        in (board / CHECKOUT).read_text()
    )
    assert space.edit(E.Link("card-reentry", "fewer-abandoned-bookings")).message == (
        "Link card-reentry to fewer-abandoned-bookings"
    )
    assert space.edit(E.Link("card-reentry", "mobile-friction")).message == "Link card-reentry to mobile-friction"
    assert (
        "  - id: card-reentry\n    title: Renters re-type card details\n"
        "    outcomes: [fewer-abandoned-bookings]\n    parent: mobile-friction\n"
    ) in (board / CHECKOUT).read_text()
    # A parent that would loop is refused, naming the loop.
    with pytest.raises(
        Refused,
        match=r"mobile-friction cannot go under card-reentry: the parents would loop "
        r"\(mobile-friction → card-reentry → mobile-friction\)",
    ):
        space.edit(E.SetFields("mobile-friction", (("parent", "card-reentry"),)))
    with pytest.raises(Refused, match="already under mobile-friction"):
        space.edit(E.Link("card-reentry", "mobile-friction"))
    result = space.edit(E.SetFields("card-reentry", (("status", "addressed"), ("owner", "Ben Ode"))))
    assert result.message == "Update opportunity card-reentry: set status to addressed, set owner"
    with pytest.raises(Refused, match="status must be one of open, addressed, parked, not 'done'"):
        space.edit(E.SetFields("card-reentry", (("status", "done"),)))
    assert space.edit(E.Unlink("card-reentry", "mobile-friction")).message == "Unlink card-reentry from mobile-friction"
    assert "parent:" not in (board / CHECKOUT).read_text()
    assert space.edit(E.SetFields("card-reentry", (("parent", "mobile-friction"),))).message == (
        "Set parent of opportunity card-reentry to mobile-friction"
    )
    assert space.edit(E.Unlink("one-click-pay", "card-reentry")).message == "Unlink one-click-pay from card-reentry"
    assert "opportunities: [card-reentry]" not in (board / CHECKOUT).read_text()


def test_rm_an_opportunity_removes_every_link_to_it(board: Path) -> None:
    edit(
        board,
        MOBILE,
        E.AddOpportunity("card-reentry", "checkout", "Renters re-type card details", parent="mobile-friction"),
        E.AddOpportunity("slow-quotes", "payments", "Quotes take long", parent="mobile-friction"),
        E.Link("one-click-pay", "mobile-friction"),
        E.Link("saved-carts", "mobile-friction"),
    )
    result = Workspace(board).edit(E.Remove("mobile-friction"))
    assert result.message == (
        "Remove opportunity mobile-friction and 4 links to it from card-reentry, one-click-pay, saved-carts, slow-quotes"
    )
    checkout, payments = (board / CHECKOUT).read_text(), (board / "teams/payments.yaml").read_text()
    assert "mobile-friction" not in checkout + payments
    assert "  - id: card-reentry\n    title: Renters re-type card details\n\nroadmap:" in checkout
    assert "  - id: slow-quotes\n    title: Quotes take long\n" in payments
    # The item's list is emptied, as unlinking its last outcome empties `outcomes` (the link was there).
    assert "    opportunities: []\n    horizon: now\n" in checkout
    assert [o.parent for o in Workspace(board).board().opportunities()] == [None, None]


def test_rm_a_team_names_its_opportunities(board: Path) -> None:
    edit(board, E.AddOpportunity("slow-quotes", "payments", "Quotes take long"), E.Link("one-click-pay", "slow-quotes"))
    message = Workspace(board).edit(E.Remove("payments")).message
    assert message.startswith("Remove team payments with its 2 outcomes, 1 opportunity and ")
    assert "one-click-pay" in message and "opportunities: [slow-quotes]" not in (board / CHECKOUT).read_text()


def test_move_an_opportunity_to_another_team(board: Path) -> None:
    edit(
        board,
        MOBILE,
        E.AddOpportunity("card-reentry", "checkout", "Renters re-type card details", parent="mobile-friction"),
    )
    result = Workspace(board).edit(E.Move("card-reentry", "payments"))
    assert result.message == "Move opportunity card-reentry from checkout to payments"
    payments = (board / "teams/payments.yaml").read_text()
    at = payments.index("opportunities:\n  - id: card-reentry\n")
    assert at < payments.index("\nroadmap:") and at > payments.index("outcomes:")
    assert "card-reentry" not in (board / CHECKOUT).read_text()
    moved = next(o for o in Workspace(board).board().opportunities() if o.id == "card-reentry")
    assert moved.team == "payments" and moved.parent is not None and moved.parent.id == "mobile-friction"
    with pytest.raises(
        Refused, match="only roadmap items and opportunities move between teams; checkout-conversion is an outcome"
    ):
        Workspace(board).edit(E.Move("checkout-conversion", "payments"))


# -- assumptions --------------------------------------------------------------------------------


def test_assume_appends_an_untested_assumption_and_set_changes_its_fields(board: Path) -> None:
    space = Workspace(board)
    result = space.edit(E.Assume("one-click-pay", "Renters trust us to store their card", "desirability", "high"))
    # Too long for a subject: the text is said in the body.
    assert result.message == "Add assumption 1 to item one-click-pay"
    assert git(board, "log", "-1", "--format=%b").startswith(
        "The new assumption: Renters trust us to store their card\n"
    )
    text = (board / CHECKOUT).read_text()
    assert (
        "    owner: Chen Li\n"
        "    assumptions:\n"
        "      - text: Renters trust us to store their card\n"
        "        kind: desirability\n"
        "        risk: high\n"
        "        result: untested\n"
        "  - id: saved-carts\n"
    ) in text
    space.edit(E.Assume("one-click-pay", "Tokens come back in 200 ms", "feasibility", "medium", "Load test"))
    assert "        test: Load test\n        result: untested\n  - id: saved-carts\n" in (board / CHECKOUT).read_text()
    result = space.edit(E.SetFields("one-click-pay", (("assumptions.1.result", "refuted"),)))
    assert result.message == "Set result of assumption 1 of item one-click-pay to refuted"
    shown = show(board)
    assert (
        "-        result: untested\n+        result: refuted\n" in shown
        and shown.count("\n+ ") + shown.count("\n-  ") == 2
    )
    space.edit(E.SetFields("one-click-pay", (("assumptions.2.test", ""), ("assumptions.2.risk", "low"))))
    assert "        kind: feasibility\n        risk: low\n        result: untested\n" in (board / CHECKOUT).read_text()
    held = space.board().items()[0].assumptions
    assert [(a.text, a.risk, a.test, a.result) for a in held] == [
        ("Renters trust us to store their card", "high", None, "refuted"),
        ("Tokens come back in 200 ms", "low", None, "untested"),
    ]
    assert E.current_value(space.board().items()[0], "assumptions.1.result") == "refuted"


@pytest.mark.parametrize(
    ("key", "value", "why"),
    [
        (
            "assumptions.3.result",
            "supported",
            "one-click-pay has 1 assumption: N in assumptions.N counts them from 1 to 1",
        ),
        ("assumptions.0.result", "supported", "counts them from 1 to 1"),
        (
            "assumptions.1.result",
            "maybe",
            "result must be one of untested, running, supported, refuted, inconclusive, not 'maybe'",
        ),
        ("assumptions.1.colour", "red", "an assumption has no field 'colour'; it has: text, kind, risk, test, result"),
        ("assumptions.1.text", "", "the text cannot be empty"),
        ("assumptions.1.result", "untested", "one-click-pay already has that value"),
    ],
)
def test_set_refuses_a_bad_assumption_field(board: Path, key: str, value: str, why: str) -> None:
    Workspace(board).edit(E.Assume("one-click-pay", "Renters trust us", "desirability", "high"))
    before = commits(board)
    with pytest.raises(Refused, match=why.replace("(", r"\(")):
        Workspace(board).edit(E.SetFields("one-click-pay", ((key, value),)))
    assert commits(board) == before and git(board, "status", "--porcelain") == ""


def test_assumption_refusals(board: Path) -> None:
    space = Workspace(board)
    with pytest.raises(Refused, match="only roadmap items have assumptions; checkout-conversion is an outcome"):
        space.edit(E.SetFields("checkout-conversion", (("assumptions.1.result", "supported"),)))
    with pytest.raises(Refused, match="one-click-pay has no assumptions yet"):
        space.edit(E.SetFields("one-click-pay", (("assumptions.1.result", "supported"),)))
    with pytest.raises(Refused, match="item names items, and checkout-conversion is an outcome"):
        space.edit(E.Assume("checkout-conversion", "X", "desirability", "high"))
    with pytest.raises(Refused, match="kind must be one of desirability, usability"):
        space.edit(E.Assume("one-click-pay", "X", "vibes", "high"))
    space.edit(E.Assume("one-click-pay", "X", "desirability", "high"))
    with pytest.raises(Refused, match=r"already has this assumption \(number 1\)"):
        space.edit(E.Assume("one-click-pay", "X", "usability", "low"))


def test_the_cli_adds_an_opportunity_and_an_assumption_and_sets_a_result(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = str(board)
    code, out, err = run(
        [
            "edit",
            "--board",
            b,
            "add-opportunity",
            "card-reentry",
            "--team",
            "checkout",
            "--title",
            "Re-typing cards",
            "--outcome",
            "checkout-conversion",
        ],
        capsys,
    )
    assert (code, err) == (0, "") and out.endswith(" Add opportunity card-reentry to checkout\n")
    code, out, err = run(
        [
            "edit",
            "--board",
            b,
            "assume",
            "one-click-pay",
            "--text",
            "Renters trust us",
            "--kind",
            "desirability",
            "--risk",
            "high",
            "--test",
            "Fake door for 5% of renters",
        ],
        capsys,
    )
    assert code == 0 and out.endswith(" Add assumption 1 to item one-click-pay: Renters trust us\n")
    code, out, err = run(["edit", "--board", b, "set", "one-click-pay", "assumptions.1.result=supported"], capsys)
    assert code == 0 and out.endswith(" Set result of assumption 1 of item one-click-pay to supported\n")
    assert "        test: Fake door for 5% of renters\n        result: supported\n" in (board / CHECKOUT).read_text()
    code, out, err = run(["edit", "--board", b, "set", "one-click-pay", "assumptions.2.result=supported"], capsys)
    assert (code, out) == (1, "")
    assert err == ("trioboard: refused: one-click-pay has 1 assumption: N in assumptions.N counts them from 1 to 1\n")
    code, out, err = run(
        ["edit", "--board", b, "assume", "one-click-pay", "--text", "T", "--kind", "x", "--risk", "high"], capsys
    )
    assert code == 2 and "invalid choice: 'x'" in err
    code, out, err = run(["edit", "--board", b, "link", "card-reentry", "one-click-pay"], capsys)
    assert code == 1 and "cannot link an opportunity to an item" in err


def test_an_assumption_is_removed_by_setting_it_empty(board: Path) -> None:
    space = Workspace(board)
    space.edit(E.Assume("one-click-pay", "Renters trust us", "desirability", "high"))
    space.edit(E.Assume("one-click-pay", "Tokens are fast", "feasibility", "low"))
    result = space.edit(E.SetFields("one-click-pay", (("assumptions.1", ""),)))
    assert result.message == "Remove assumption 1 of item one-click-pay"
    assert git(board, "log", "-1", "--format=%b").startswith("The removed assumption: Renters trust us\n")
    assert "    assumptions:\n      - text: Tokens are fast\n" in (board / CHECKOUT).read_text()
    with pytest.raises(Refused, match=r"set one field, as assumptions.1.result=VALUE"):
        space.edit(E.SetFields("one-click-pay", (("assumptions.1", "x"),)))
    space.edit(E.SetFields("one-click-pay", (("assumptions.1", ""),)))
    text = (board / CHECKOUT).read_text()
    assert "assumptions" not in text and "    owner: Chen Li\n  - id: saved-carts\n" in text


def test_an_assumption_changed_underneath_is_refused_not_misplaced(board: Path) -> None:
    space = Workspace(board)
    space.edit(E.Assume("one-click-pay", "Renters trust us", "desirability", "high"))
    space.edit(E.Assume("one-click-pay", "Tokens are fast", "feasibility", "low"))
    seen = E.current_value(space.board().items()[0], "assumptions.2.result")
    # Someone else removes the first assumption: the second is now number 1.
    Workspace(board).edit(E.SetFields("one-click-pay", (("assumptions.1", ""),)))
    stale = E.SetFields("one-click-pay", (("assumptions.2.result", "supported"),), (("assumptions.2.result", seen),))
    with pytest.raises(Refused, match=r"assumptions\.2\.result of one-click-pay was changed by someone else meanwhile"):
        space.edit(stale)
    assert "result: supported" not in (board / CHECKOUT).read_text()


def test_hostile_assumption_text_is_written_quoted_and_read_back_as_typed(board: Path) -> None:
    text = 'Buyers say: "yes" #1 [x] {y} & *z — <b>bold</b>'
    Workspace(board).edit(E.Assume("one-click-pay", text, "ethical", "low", test="- a list? no"))
    held = Workspace(board).board().items()[0].assumptions[0]
    assert (held.text, held.test) == (text, "- a list? no")
    Workspace(board).edit(E.SetFields("one-click-pay", (("assumptions.1.result", "running"),)))
    assert Workspace(board).board().items()[0].assumptions[0].text == text


def test_rm_an_outcome_drops_it_from_the_opportunities_that_serve_it(board: Path) -> None:
    edit(board, MOBILE)
    message = Workspace(board).edit(E.Remove("checkout-conversion")).message
    assert "mobile-friction" in message
    text = (board / CHECKOUT).read_text()
    assert "  - id: mobile-friction\n    title: Booking on a phone is hard\n    outcomes: []\n" in text


def test_undo_takes_a_discovery_edit_back_with_a_new_commit(board: Path) -> None:
    before = (board / CHECKOUT).read_bytes()
    Workspace(board).edit(MOBILE)
    Workspace(board).edit(E.Assume("one-click-pay", "Renters trust us", "desirability", "high"))
    assert Workspace(board).undo().message == "Undo: Add assumption 1 to item one-click-pay: Renters trust us"
    assert Workspace(board).undo().message == "Undo: Add opportunity mobile-friction to checkout"
    assert (board / CHECKOUT).read_bytes() == before
    assert subjects(board, 2) == [
        "Undo: Add opportunity mobile-friction to checkout",
        "Undo: Add assumption 1 to item one-click-pay: Renters trust us",
    ]


def test_two_assumptions_with_one_text_are_refused_clearly(board: Path) -> None:
    text = (board / CHECKOUT).read_text()
    twice = "    assumptions:\n" + "      - text: Same\n        risk: low\n" * 2
    (board / CHECKOUT).write_text(text.replace("    owner: Chen Li\n", "    owner: Chen Li\n" + twice, 1))
    git(board, "commit", "-qam", "Two alike, by hand")
    with pytest.raises(Refused, match="2 assumptions of one-click-pay have the same text; tell them apart by hand"):
        Workspace(board).edit(E.SetFields("one-click-pay", (("assumptions.2.risk", "high"),)))
    assert git(board, "status", "--porcelain") == ""

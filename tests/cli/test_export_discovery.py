"""`trioboard export` with opportunities (SPEC 11): the data exports carry them, `--tree ost` draws the tree.

A board without opportunities or assumptions exports exactly as before
(the demo goldens of `test_export.py` hold that).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from trioboard.core import edits as E
from trioboard.workspace import Workspace

from helpers import golden, run


@pytest.fixture
def tree(board: Path) -> Path:
    """The demo board with an opportunity tree in checkout, one in payments, and an assumption."""
    space = Workspace(board)
    op: E.Operation
    for op in (
        E.AddOpportunity("mobile-friction", "checkout", "Booking on a phone is hard", ("checkout-conversion",)),
        E.AddOpportunity("card-reentry", "checkout", "Renters re-type card details", parent="mobile-friction"),
        E.AddOpportunity("lost-carts", "checkout", "Carts vanish between devices", ("fewer-abandoned-bookings",)),
        E.AddOpportunity("vague-fees", "checkout", 'Fees feel "hidden" ]:::x'),
        E.AddOpportunity("slow-quotes", "payments", "Quotes take long", ("checkout-conversion",)),
        E.SetFields("slow-quotes", (("status", "parked"),)),
        E.Link("one-click-pay", "card-reentry"),
        E.Link("saved-carts", "lost-carts"),
        E.Link("guest-checkout", "vague-fees"),
        E.Assume("one-click-pay", "Renters trust us to store cards", "desirability", "high"),
        E.SetFields("one-click-pay", (("assumptions.1.result", "refuted"),)),
    ):
        space.edit(op)
    return board


def export(board: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(["export", "--board", str(board), *args], capsys)
    assert (code, err) == (0, ""), err
    return out


def test_ost_of_a_team_in_mermaid_and_dot(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mermaid = export(tree, capsys, "--format", "mermaid", "--tree", "ost", "--team", "checkout")
    golden("ost-checkout.mermaid", mermaid)
    assert mermaid.startswith("flowchart TD\n")
    lines = mermaid.splitlines()
    node = {
        line.split('"')[1].split(": ")[0].split(" · ")[-1]: line.split()[0].split("(")[0].split("[")[0].split("{")[0]
        for line in lines
        if '"' in line and "-->" not in line and "-.->" not in line
    }
    # outcome → opportunity → child opportunity → item, and an item with no opportunity straight under its outcome
    assert f"  {node['checkout-conversion']} --> {node['mobile-friction']}" in lines
    assert f"  {node['mobile-friction']} --> {node['card-reentry']}" in lines
    assert f"  {node['card-reentry']} --> {node['one-click-pay']}" in lines
    assert f'  {node["checkout-conversion"]} -.->|"no opportunity"| {node["date-picker-redesign"]}' in lines
    # Unlinked and blocked are styled and said apart; no title escapes its label.
    assert '{{"⚠ no strategy link · vague-fees: Fees feel #quot;hidden#quot; #93;:::x"}}:::unlinked' in mermaid
    assert '["⊘ blocked · one-click-pay: One-click pay for returning renters"]:::blocked' in mermaid
    dot = export(tree, capsys, "--format", "dot", "--tree", "ost", "--team", "checkout")
    golden("ost-checkout.dot", dot)
    assert dot.startswith("digraph ost {\n  rankdir=TB;\n")
    assert '  "mobile-friction" -> "card-reentry";' in dot and '  "card-reentry" -> "one-click-pay";' in dot
    assert '"vague-fees" [label="⚠ no strategy link · vague-fees: Fees feel \\"hidden\\" ]:::x", shape=hexagon' in dot


def test_ost_of_the_whole_board_shows_other_teams_and_a_parked_opportunity(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mermaid = export(tree, capsys, "--format", "mermaid", "--tree", "ost")
    assert '{{"◌ parked · slow-quotes: Quotes take long"}}:::done' in mermaid
    assert "search-relevance" in mermaid  # every team's outcomes


def test_the_default_map_puts_opportunities_between_outcomes_and_items(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mermaid = export(tree, capsys, "--format", "mermaid", "--team", "checkout")
    assert mermaid.startswith("flowchart LR\n")
    assert "  classDef opportunity fill:#f3e8fd,stroke:#9334e6\n" in mermaid
    assert '{{"mobile-friction: Booking on a phone is hard"}}:::opportunity' in mermaid
    assert '-.->|"part of"|' in mermaid
    dot = export(tree, capsys, "--format", "dot", "--team", "checkout")
    assert 'subgraph cluster_opportunities { label="Opportunities";' in dot
    assert (
        '  "one-click-pay" -> "card-reentry";' in dot and '  "card-reentry" -> "mobile-friction" [style=dotted' in dot
    )


def test_json_and_csv_carry_opportunities_and_assumptions(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(export(tree, capsys, "--format", "json", "--team", "checkout"))
    by_id = {o["id"]: o for o in document["opportunities"]}
    assert by_id["card-reentry"] == {
        "id": "card-reentry",
        "title": "Renters re-type card details",
        "team": "checkout",
        "status": "open",
        "outcomes": [],
        "parent": "mobile-friction",
        "owner": None,
        "linked": True,
    }
    assert by_id["vague-fees"]["linked"] is False
    item = next(i for i in document["items"] if i["id"] == "one-click-pay")
    assert item["opportunities"] == ["card-reentry"]
    assert item["assumptions"] == [
        {
            "text": "Renters trust us to store cards",
            "kind": "desirability",
            "risk": "high",
            "test": None,
            "result": "refuted",
        }
    ]
    rows = list(csv.DictReader(io.StringIO(export(tree, capsys, "--format", "csv", "--team", "checkout"))))
    header = list(rows[0])
    assert header[header.index("outcomes") + 1 : header.index("outcomes") + 3] == ["opportunities", "assumptions"]
    row = next(r for r in rows if r["id"] == "one-click-pay")
    assert (row["opportunities"], row["assumptions"]) == ("card-reentry", "refuted: Renters trust us to store cards")


def test_tree_needs_a_diagram_format(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["export", "--board", str(tree), "--format", "json", "--tree", "ost"], capsys)
    assert (code, out) == (2, "")
    assert err == "trioboard: error: --tree ost draws a diagram: use --format mermaid or dot\n"
    code, out, err = run(["export", "--board", str(tree), "--format", "dot", "--tree", "nope"], capsys)
    assert code == 2 and "invalid choice: 'nope'" in err

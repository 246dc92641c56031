"""Opportunities and assumptions through git: `git merge` with the driver, and `trioboard sync` between clones."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.cli import main
from trioboard.core import edits as E
from trioboard.core.errors import Refused
from trioboard.core.results import TypedValue
from trioboard.workspace import Workspace

from helpers import driver_repo, git, git_run
from helpers.remote import Remote, top

TRUST = "Renters trust us to store their card"


def sync_cli(board: Path, *args: str) -> int:
    return main(["sync", "--board", str(board), *args])


def discovery_repo(tmp_path: Path) -> Path:
    """The demo board with an opportunity and an assumption, in a repository whose merges use the driver."""
    repo = driver_repo(tmp_path)
    space = Workspace(repo)
    space.edit(E.AddOpportunity("mobile-friction", "checkout", "Booking on a phone is hard", ("checkout-conversion",)))
    space.edit(E.Assume("one-click-pay", TRUST, "desirability", "high"))
    return repo


def test_git_merge_keeps_both_sides_opportunities_and_assumption_changes(tmp_path: Path) -> None:
    repo = discovery_repo(tmp_path)
    git_run(repo, "checkout", "-q", "-b", "side")
    Workspace(repo).edit(E.AddOpportunity("card-reentry", "checkout", "Re-typing cards", parent="mobile-friction"))
    Workspace(repo).edit(E.SetFields("one-click-pay", (("assumptions.1.result", "running"),)))
    git_run(repo, "checkout", "-q", "main")
    Workspace(repo).edit(E.AddOpportunity("slow-quotes", "checkout", "Quotes take long"))
    Workspace(repo).edit(E.Assume("one-click-pay", "Tokens come back fast", "feasibility", "medium"))
    Workspace(repo).edit(E.Link("saved-carts", "mobile-friction"))
    done = git_run(repo, "merge", "--no-edit", "side", check=False)
    assert done.returncode == 0, done.stderr
    text = (repo / "teams" / "checkout.yaml").read_text()
    assert "  - id: slow-quotes\n    title: Quotes take long\n" in text
    assert "  - id: card-reentry\n    title: Re-typing cards\n    parent: mobile-friction\n" in text
    assert f"      - text: {TRUST}\n        kind: desirability\n        risk: high\n        result: running\n" in text
    assert "      - text: Tokens come back fast\n" in text
    assert "    opportunities: [mobile-friction]\n" in text and "<<<<<<<" not in text
    board = Workspace(repo).board()
    assert [o.id for o in board.opportunities()] == ["mobile-friction", "slow-quotes", "card-reentry"]
    assert git(repo, "status", "--porcelain") == ""


def test_git_merge_marks_an_assumption_result_set_differently_and_names_both_values(tmp_path: Path) -> None:
    repo = discovery_repo(tmp_path)
    git_run(repo, "checkout", "-q", "-b", "side")
    Workspace(repo).edit(E.SetFields("one-click-pay", (("assumptions.1.result", "supported"),)))
    git_run(repo, "checkout", "-q", "main")
    Workspace(repo).edit(E.SetFields("one-click-pay", (("assumptions.1.result", "refuted"),)))
    Workspace(repo).edit(E.SetFields("saved-carts", (("owner", "Ben Ode"),)))
    done = git_run(repo, "merge", "--no-edit", "side", check=False)
    assert done.returncode != 0
    text = (repo / "teams" / "checkout.yaml").read_text()
    # Only the field is marked, with both values; the driver names our side as a person does, "mine".
    marked = "<<<<<<< mine\n        result: refuted\n=======\n        result: supported\n>>>>>>> theirs\n"
    assert f"        risk: high\n{marked}  - id: saved-carts\n" in text
    assert "owner: Ben Ode" in text  # the rest merged
    assert "UU teams/checkout.yaml" in git(repo, "status", "--porcelain")


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    return Remote(tmp_path)


def test_sync_brings_opportunities_and_assumptions_across_clones(remote: Remote) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(E.AddOpportunity("mobile-friction", "checkout", "Booking on a phone is hard"))
    Workspace(a).edit(E.Assume("one-click-pay", TRUST, "desirability", "high"))
    assert sync_cli(a) == 0
    Workspace(b).edit(E.AddOpportunity("slow-quotes", "payments", "Quotes take long"))
    Workspace(b).edit(E.Link("one-click-pay", "slow-quotes"))
    assert sync_cli(b) == 0
    checkout = remote.board_file("teams/checkout.yaml")
    assert "opportunities:\n  - id: mobile-friction\n" in checkout
    assert "    opportunities: [slow-quotes]\n" in checkout and f"      - text: {TRUST}\n" in checkout
    assert "  - id: slow-quotes\n" in remote.board_file("teams/payments.yaml")


def test_an_opportunity_moved_on_one_side_and_changed_on_the_other_ends_moved_and_changed(remote: Remote) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(E.AddOpportunity("mobile-friction", "checkout", "Booking on a phone is hard"))
    assert sync_cli(a) == 0 and sync_cli(b) == 0
    Workspace(a).edit(E.Move("mobile-friction", "payments"))
    assert sync_cli(a) == 0
    Workspace(b).edit(E.SetFields("mobile-friction", (("title", "Phones make booking hard"), ("status", "parked"))))
    assert sync_cli(b) == 0
    payments = remote.board_file("teams/payments.yaml")
    assert "  - id: mobile-friction\n    title: Phones make booking hard\n    status: parked\n" in payments
    assert "mobile-friction" not in remote.board_file("teams/checkout.yaml")


def test_a_result_set_differently_stops_sync_naming_both_values_and_prefer_settles_it(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(E.Assume("one-click-pay", TRUST, "desirability", "high"))
    assert sync_cli(a) == 0 and sync_cli(b) == 0
    Workspace(a).edit(E.SetFields("one-click-pay", (("assumptions.1.result", "supported"),)))
    assert sync_cli(a) == 0
    Workspace(b).edit(E.SetFields("one-click-pay", (("assumptions.1.result", "refuted"),)))
    before = (git(top(b), "rev-parse", "HEAD"), remote.head())
    capsys.readouterr()
    assert sync_cli(b) == 1
    out, err = capsys.readouterr()
    assert out == "conflict: one-click-pay.assumptions.1.result: mine 'refuted', theirs 'supported'\n"
    assert "nothing was changed" in err
    assert (git(top(b), "rev-parse", "HEAD"), remote.head()) == before
    assert sync_cli(b, "--prefer", "mine") == 0
    assert "        result: refuted\n" in remote.board_file("teams/checkout.yaml")


def test_a_typed_value_settles_an_assumption_result_or_an_opportunity_status_checked_against_its_set(
    remote: Remote,
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(E.Assume("one-click-pay", TRUST, "desirability", "high"))
    Workspace(a).edit(E.AddOpportunity("mobile-friction", "checkout", "Booking on a phone is hard"))
    assert sync_cli(a) == 0 and sync_cli(b) == 0
    Workspace(a).edit(E.SetFields("one-click-pay", (("assumptions.1.result", "supported"),)))
    Workspace(a).edit(E.SetFields("mobile-friction", (("status", "addressed"),)))
    assert sync_cli(a) == 0
    Workspace(b).edit(E.SetFields("one-click-pay", (("assumptions.1.result", "refuted"),)))
    Workspace(b).edit(E.SetFields("mobile-friction", (("status", "parked"),)))
    stopped = Workspace(b).sync()
    assert {(c.node, c.field) for c in stopped.conflicts} == {
        ("one-click-pay.assumptions.1", "result"),
        ("mobile-friction", "status"),
    }
    head = remote.head()
    for bad, why in (("maybe", "'maybe' is not one of untested, running"), ("done", "'done' is not one of open")):
        field = ("one-click-pay.assumptions.1", "result") if bad == "maybe" else ("mobile-friction", "status")
        choices: dict[tuple[str, str | None], str | TypedValue] = {
            ("one-click-pay.assumptions.1", "result"): "mine",
            ("mobile-friction", "status"): "mine",
            field: TypedValue(bad),
        }
        with pytest.raises(Refused, match=why):
            Workspace(b).sync(prefer=choices)
        assert remote.head() == head
    result = Workspace(b).sync(
        prefer={
            ("one-click-pay.assumptions.1", "result"): TypedValue("inconclusive"),
            ("mobile-friction", "status"): TypedValue("open"),
        }
    )
    assert result.pushed and not result.stopped
    text = remote.board_file("teams/checkout.yaml")
    assert "        risk: high\n        result: inconclusive\n" in text
    assert "  - id: mobile-friction\n    title: Booking on a phone is hard\n    status: open\n" in text


def test_one_new_opportunity_id_in_two_teams_stops_sync_and_changes_nothing(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(E.AddOpportunity("slow-quotes", "checkout", "Quotes take long"))
    assert sync_cli(a) == 0
    Workspace(b).edit(E.AddOpportunity("slow-quotes", "payments", "Banks answer slowly"))
    before = (git(top(b), "rev-parse", "HEAD"), remote.head())
    capsys.readouterr()
    assert sync_cli(b) == 1
    out = capsys.readouterr().out
    assert out == "conflict: slow-quotes: mine added in teams/payments.yaml, theirs added in teams/checkout.yaml\n"
    assert (git(top(b), "rev-parse", "HEAD"), remote.head()) == before

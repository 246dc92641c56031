"""`edit rm` of a node that evidence names is refused: evidence is a record of what was heard, never edited by rm."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import commits, git, run
from helpers.evidence import CHECKOUT, evidence_board, write_evidence

OPPORTUNITY = """\
opportunities:
  - id: card-reentry
    title: Buyers re-type card details
    outcomes: [conversion]
"""


def front(customer: str, supports: str = "[card-reentry]", challenges: str = "[]") -> str:
    return (
        f"date: 2026-07-08\nteam: checkout\nkind: interview\nwith: [Ana Ruiz]\ncustomer: {customer}\n"
        f"supports: {supports}\nchallenges: {challenges}\n"
    )


@pytest.fixture
def board(tmp_path: Path) -> Path:
    root = evidence_board(tmp_path / "repo", teams={"checkout": CHECKOUT + OPPORTUNITY})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "board")
    return root


def commit_evidence(board: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        write_evidence(board, name, text)
    git(board, "add", "-A")
    git(board, "commit", "-qm", "evidence")


def test_rm_of_an_opportunity_that_evidence_supports_is_refused_naming_the_files(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit_evidence(board, {f"2026-07-0{n}-checkout-buyer-{n}.md": front(f"buyer-{n}") for n in range(1, 6)})
    before = commits(board)
    code, out, err = run(["edit", "--board", str(board), "rm", "card-reentry"], capsys)
    assert (code, out) == (1, "")
    assert err == (
        "trioboard: refused: 5 evidence files name card-reentry (evidence/2026-07-01-checkout-buyer-1.md, "
        "evidence/2026-07-02-checkout-buyer-2.md, evidence/2026-07-03-checkout-buyer-3.md and 2 more); "
        "evidence is a record of what was heard, so rm does not edit it: take card-reentry out of their "
        "team/supports/challenges (or delete the files) and commit, then remove card-reentry\n"
    )
    assert commits(board) == before and git(board, "status", "--porcelain") == ""
    assert "id: card-reentry" in (board / "teams" / "checkout.yaml").read_text()


def test_rm_of_an_item_that_evidence_challenges_is_refused(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit_evidence(board, {"sub/a.md": front("buyer-1", supports="[]", challenges="[one-click-pay]")})
    code, _, err = run(["edit", "--board", str(board), "rm", "one-click-pay"], capsys)
    assert code == 1
    assert err.startswith("trioboard: refused: evidence/sub/a.md names one-click-pay; evidence is a record")


def test_rm_of_a_team_whose_evidence_or_nodes_evidence_names_is_refused(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit_evidence(board, {"a.md": front("buyer-1", supports="[]")})  # names only the team
    code, _, err = run(["edit", "--board", str(board), "rm", "checkout"], capsys)
    assert code == 1
    assert err.startswith("trioboard: refused: evidence/a.md names checkout; ")
    assert "take checkout out of its team/supports/challenges (or delete the file)" in err
    assert (board / "teams" / "checkout.yaml").is_file()


def test_rm_of_a_node_no_evidence_names_goes_through_and_leaves_no_finding(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit_evidence(board, {"a.md": front("buyer-1", supports="[one-click-pay]")})
    code, out, err = run(["edit", "--board", str(board), "rm", "card-reentry"], capsys)
    assert (code, err) == (0, ""), err
    assert "Remove opportunity card-reentry" in out
    code, out, _ = run(["check", str(board), "--format", "json"], capsys)
    assert "unknown-ref" not in out

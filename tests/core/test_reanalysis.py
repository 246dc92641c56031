"""`core.reanalysis` gives what a full analysis gives, for every kind of edit to one team file."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from trioboard import workspace
from trioboard.core.analysis import Analysis, analyse
from trioboard.core.model import Board
from trioboard.core.reanalysis import reanalyse

from helpers import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from synthetic import generate


def _normal(a: Analysis) -> dict[str, object]:
    """Every field, with lists whose order does not matter sorted."""
    return {
        "index": a.index,
        "team_of": a.team_of,
        "duplicates": a.duplicates,
        "outcome_goals": a.outcome_goals,
        "goal_outcomes": {k: sorted(v) for k, v in a.goal_outcomes.items()},
        "unlinked_outcomes": a.unlinked_outcomes,
        "opportunities": a.opportunities,
        "opportunity_items": a.opportunity_items,
        "aligned": a.aligned,
        "unlinked": a.unlinked,
        "cycles": a.cycles,
        "cycle_groups": a.cycle_groups,
        "blocked": a.blocked,
        "broken": sorted(a.broken, key=lambda e: (e[0].id, e[1].pos.line, e[1].pos.column)),
        "schedule_conflicts": sorted(a.schedule_conflicts, key=lambda e: (e[0].id, e[1].pos.line, e[2].id)),
        "team_blocks": a.team_blocks,
        "coverage": a.coverage,
        "board_coverage": a.board_coverage,
    }


_EDITS = (
    ("horizon", r"horizon: (now|next|later)", lambda m, rng: f"horizon: {rng.choice(['now', 'next', 'later'])}"),
    ("outcomes", r"outcomes: \[[^\]]*\]", lambda m, rng: rng.choice(["outcomes: []", "outcomes: [t0-outcome-1]"])),
    ("title", r"title: [^\n]*", lambda m, rng: "title: Renamed"),
    ("blocked", r"status: planned", lambda m, rng: "status: planned\n    blocked: Waiting"),
    ("status", r"status: (planned|in-progress|done|dropped)", lambda m, rng: "status: done"),
    ("goals", r"goals: \[[^\]]*\]", lambda m, rng: "goals: []"),
    (
        "answers",
        r"opportunities: \[[^\]]*\]",
        lambda m, rng: rng.choice(["opportunities: []", "opportunities: [t0-opp-1]", "opportunities: [nowhere]"]),
    ),
    ("parent", r"parent: [a-z0-9-]+", lambda m, rng: rng.choice(["parent: t1-opp-0", "parent: t0-opp-2"])),
)


@pytest.fixture(scope="module")
def board_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    # Dense dependencies, blocked items and cycles: the cases that reuse the most; opportunities too.
    board: Path = generate(root / "board", teams=8, items_per_team=25, seed=5, opportunities=24)
    return board


def _with_team(board: Board, position: int, team_text: str, scratch: Path, base: Path) -> Board:
    """`board` with one team file replaced, every other file the very same object (as history builds it)."""
    copy = scratch / "copy"
    if not copy.exists():
        copy.mkdir()
        (copy / "teams").mkdir()
        (copy / "board.yaml").write_bytes((base / "board.yaml").read_bytes())
    for old in (copy / "teams").iterdir():
        old.unlink()
    name = Path(board.teams[position].pos.file).name
    (copy / "teams" / name).write_text(team_text)
    team = workspace.load(copy).board.teams[0]
    teams = [team if n == position else t for n, t in enumerate(board.teams)]
    return Board(board.name, board.goals, teams, board.policy, board.problems, board.files)


def test_reanalysis_equals_a_full_analysis(board_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(7)
    board = workspace.load(board_dir).board
    prior = analyse(board)
    assert prior.dependency_graph is not None
    reused = {name: 0 for name, _, _ in _EDITS}
    for _ in range(160):
        position = rng.randrange(len(board.teams))
        name, pattern, replace = rng.choice(_EDITS)
        path = board_dir / board.teams[position].pos.file
        text = path.read_text()
        matches = list(re.finditer(pattern, text))
        if not matches:
            continue
        match = rng.choice(matches)
        edited = text[: match.start()] + replace(match, rng) + text[match.end() :]
        if edited == text:
            continue
        after = _with_team(board, position, edited, tmp_path, board_dir)
        derived = reanalyse(board, prior, after)
        if derived is not None:
            reused[name] += 1
            assert _normal(derived) == _normal(analyse(after)), name
    # The edits no other team can see are derived; the rest are analysed in full.
    assert reused["horizon"] and reused["outcomes"] and reused["title"] and reused["answers"]
    assert not reused["blocked"] and not reused["status"] and not reused["goals"] and not reused["parent"]


def test_unchanged_goals_and_teams_are_required(board_dir: Path) -> None:
    board = workspace.load(board_dir).board
    prior = analyse(board)
    assert reanalyse(board, prior, workspace.load(board_dir).board) is None, "new goal objects: analyse in full"
    same = Board(board.name, board.goals, list(board.teams), board.policy, board.problems, board.files)
    derived = reanalyse(board, prior, same)
    assert derived is not None and _normal(derived) == _normal(prior)

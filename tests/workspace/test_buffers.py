"""`workspace.buffers`: a board with unsaved buffers checks as the same files saved would, keystroke after keystroke."""

from __future__ import annotations

import random
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from trioboard import workspace
from trioboard.core.findings import Finding
from trioboard.core.reanalysis import reanalyse
from trioboard.core.rechecking import recheck
from trioboard.workspace.buffers import BufferedBoard, locate_file

from helpers import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from synthetic import add_evidence, generate

_EDITS = (
    ("title", r"title: [^\n]*", "title: Renamed"),
    ("horizon", r"horizon: (next|later)", "horizon: now"),
    ("outcomes", r"outcomes: \[[^\]]*\]", "outcomes: [no-such-outcome]"),
    ("unknown key", r"owner: ", "ownr: "),
    ("trio", r"  design: [^\n]*\n", ""),
    ("schema", r"status: planned", "status: someday"),
    ("blocked", r"status: planned", "status: planned\n    blocked: Waiting"),
    ("status", r"status: (planned|in-progress)", "status: dropped"),
    ("parse error", r"roadmap:", "roadmap: ["),
    ("answers", r"opportunities: \[[^\]]*\]", "opportunities: [t0-opp-1, nowhere]"),
    ("assumption result", r"result: (untested|running|supported)", "result: refuted"),
    ("assumption risk", r"risk: (medium|low)", "risk: high"),
    ("parent", r"parent: [a-z0-9-]+", "parent: t3-opp-0"),
    ("opportunity status", r"status: (addressed|parked)", "status: closed"),
)


def _sorted(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted((*f.sort_key(), f.ids, f.severity) for f in findings)


@pytest.fixture
def board_dir(tmp_path: Path) -> Path:
    # Dense dependencies, blocked items and cycles, a WIP limit some teams pass, opportunities and assumptions.
    root: Path = generate(tmp_path / "board", teams=8, items_per_team=25, seed=5, opportunities=24)
    text = (root / "board.yaml").read_text(encoding="utf-8").replace("wip_limit: 12", "wip_limit: 6")
    (root / "board.yaml").write_text(text, encoding="utf-8")
    return root


def test_each_keystroke_checks_as_the_saved_file_would(board_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(3)
    buffered = BufferedBoard(board_dir)
    buffered.state()
    saved = tmp_path / "saved"
    shutil.copytree(board_dir, saved)
    for _ in range(3):
        for edit in _EDITS:
            _type_and_compare(buffered, saved, f"teams/team-{rng.randrange(8)}.yaml", edit, rng)


def _type_and_compare(
    buffered: BufferedBoard, saved: Path, path: str, edit: tuple[str, str, str], rng: random.Random
) -> None:
    """Make the edit at one of its places in the buffer and in the saved copy: both check the same."""
    name, pattern, replacement = edit
    text = (saved / path).read_text(encoding="utf-8")
    matches = list(re.finditer(pattern, text))
    if not matches:
        return
    found = rng.choice(matches)
    edited = text[: found.start()] + found.expand(replacement) + text[found.end() :]
    buffered.set_buffer(path, edited)
    (saved / path).write_text(edited, encoding="utf-8")
    got = buffered.state().findings
    assert _sorted(got) == _sorted(workspace.load(saved).findings), f"after a {name} edit of {path}"


def test_a_title_edit_is_checked_from_the_previous_findings(board_dir: Path) -> None:
    buffered = BufferedBoard(board_dir)
    before = buffered.state()
    team = "teams/team-2.yaml"
    text = (board_dir / team).read_text(encoding="utf-8")
    buffered.set_buffer(team, text.replace("title: ", "title: New ", 3))
    after = buffered.state()
    analysis = reanalyse(before.board, before.analysis, after.board)
    assert analysis is not None
    derived = recheck(before.board, before.findings, after.board, analysis)
    assert derived is not None and _sorted(derived) == _sorted(after.findings)
    assert _sorted(after.findings) == _sorted(before.findings)


def test_a_buffer_is_the_truth_until_it_is_closed(board_dir: Path) -> None:
    buffered = BufferedBoard(board_dir)
    text = (board_dir / "board.yaml").read_text(encoding="utf-8")
    buffered.set_buffer("board.yaml", text.replace("  - id: goal-1\n", "  - id: goal-1x\n"))
    unknown = [f for f in buffered.state().findings if f.rule == "unknown-ref" and "goal-1" in f.ids]
    assert unknown and all(f.file.startswith("teams/") for f in unknown)
    assert buffered.text("board.yaml") != text
    assert (board_dir / "board.yaml").read_text(encoding="utf-8") == text
    buffered.drop_buffer("board.yaml")
    assert not [f for f in buffered.state().findings if f.rule == "unknown-ref" and "goal-1" in f.ids]
    assert buffered.text("board.yaml") == text


def test_an_unsaved_new_team_file_is_part_of_the_board(board_dir: Path) -> None:
    buffered = BufferedBoard(board_dir)
    buffered.set_buffer("teams/newcomer.yaml", "id: newcomer\nname: Newcomer\n")
    state = buffered.state()
    assert "newcomer" in [t.id for t in state.board.teams]
    assert any(f.rule == "incomplete-trio" and f.file == "teams/newcomer.yaml" for f in state.findings)


def test_which_files_are_board_files(board_dir: Path, tmp_path: Path) -> None:
    assert locate_file(board_dir / "board.yaml") == (board_dir, "board.yaml")
    assert locate_file(board_dir / "teams" / "team-1.yaml") == (board_dir, "teams/team-1.yaml")
    assert locate_file(board_dir / "teams" / ".team-1.yaml.swp") is None
    assert locate_file(tmp_path / "teams" / "x.yaml") is None
    assert locate_file(board_dir / "notes.yaml") is None


# -- a board with evidence files (SPEC 11) -----------------------------------------------------------

_TEAM_EDITS = (
    ("title", r"title: [^\n]*", "title: Renamed"),
    ("trio", r"  design: [^\n]*", "  design: Dee Signer"),
    ("trio member", r"  engineering: [^\n]*", "  engineering: Ana Ruiz"),
    ("opportunity parked", r"(  - id: t\d+-opp-\d+\n    title: [^\n]*)", r"\1\n    status: parked"),
    ("opportunity open", r"status: (parked|addressed)", "status: open"),
    ("opportunity renamed", r"- id: (t\d+-opp-\d+)", r"- id: \1x"),
    ("opportunity removed", r"  - id: t\d+-opp-\d+\n    title: [^\n]*\n", ""),
    ("item renamed", r"- id: (t\d+-item-[0-2])\b", r"- id: \1x"),
    ("team id", r"(?m)^id: team-\d+", "id: team-x"),
    ("answers", r"opportunities: \[[^\]]*\]", "opportunities: [t0-opp-1]"),
)

_EVIDENCE_EDITS = (
    ("supports", r"supports: \[[^\]]*\]", "supports: [t0-opp-1, nowhere]"),
    ("orphan", r"supports: \[[^\]]*\]", "supports: []"),
    ("with", r"with: \[[^\]]*\]", "with: [Ben Ode, Chen Li]"),
    ("customer", r"customer: [^\n]*", "customer: buyer-0"),
    ("team", r"team: [^\n]*", "team: team-1"),
    ("unknown team", r"team: [^\n]*", "team: nobody"),
    ("date", r"date: [^\n]*", f"date: {date.today().isoformat()}"),
    ("kind", r"kind: [^\n]*", "kind: chat"),
    ("personal data", r"Next: ", "Next: write to ana@example.com "),
    ("front matter", r"\A---\n", ""),
)


@pytest.fixture
def evidence_board(board_dir: Path) -> Path:
    # Evidence dated in the weeks before today, so the cadence rules have touchpoints in their window.
    add_evidence(board_dir, 120)
    shift = date.today() - date(2026, 7, 20)
    for path in (board_dir / "evidence").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        written = re.search(r"date: (\S+)", text)
        assert written is not None
        moved = date.fromisoformat(written[1]) + shift
        path.write_text(text.replace(written[0], f"date: {moved.isoformat()}", 1), encoding="utf-8")
    return board_dir


def test_each_keystroke_on_a_board_with_evidence_checks_as_the_saved_files_would(
    evidence_board: Path, tmp_path: Path
) -> None:
    rng = random.Random(5)
    buffered = BufferedBoard(evidence_board)
    buffered.state()
    saved = tmp_path / "saved"
    shutil.copytree(evidence_board, saved)
    evidence = sorted(p.relative_to(saved).as_posix() for p in (saved / "evidence").rglob("*.md"))
    edits = [(f"teams/team-{rng.randrange(8)}.yaml", edit) for _ in range(3) for edit in _TEAM_EDITS]
    edits += [(rng.choice(evidence), edit) for _ in range(2) for edit in _EVIDENCE_EDITS]
    rng.shuffle(edits)
    for path, edit in edits:
        _type_and_compare(buffered, saved, path, edit, rng)


@pytest.mark.parametrize(
    ("path", "pattern", "replacement"),
    [
        ("teams/team-2.yaml", r"title: ", "title: New "),
        ("teams/team-2.yaml", r"  design: [^\n]*", "  design: Dee Signer"),
        ("teams/team-2.yaml", r"(  - id: t2-opp-1\n    title: [^\n]*)", r"\1\n    status: parked"),
        ("evidence", r"with: \[[^\]]*\]", "with: [Ben Ode]"),
        ("evidence", r"supports: \[[^\]]*\]", "supports: [t1-opp-0, nowhere]"),
    ],
)
def test_a_keystroke_on_a_board_with_evidence_is_checked_from_the_previous_findings(
    evidence_board: Path, path: str, pattern: str, replacement: str
) -> None:
    if path == "evidence":
        path = sorted(p.relative_to(evidence_board).as_posix() for p in evidence_board.glob("evidence/*/*.md"))[7]
    buffered = BufferedBoard(evidence_board)
    before = buffered.state()
    text = (evidence_board / path).read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=1)
    assert edited != text
    buffered.set_buffer(path, edited)
    after = buffered.state()
    analysis = reanalyse(before.board, before.analysis, after.board)
    assert analysis is not None
    derived = recheck(before.board, before.findings, after.board, analysis)
    assert derived is not None, "the board's evidence does not force a full check"
    assert _sorted(derived) == _sorted(after.findings)
    (evidence_board / path).write_text(edited, encoding="utf-8")
    assert _sorted(after.findings) == _sorted(workspace.load(evidence_board).findings)

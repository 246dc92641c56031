"""One open board: load it, analyse it, and (later) run edits against it.

Both the CLI and the TUI go through here; neither reads files itself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from trioboard.core.analysis import Analysis, analyse
from trioboard.core.diff import Snapshot, empty_board
from trioboard.core.findings import Finding
from trioboard.core.model import Board
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES, run_rules
from trioboard.core.schema import build_board
from trioboard.core.tree import SourceFile
from trioboard.store.files import read_board_dir


@dataclass(frozen=True, slots=True)
class BoardState:
    """A board as read at one moment, with everything computed from it."""

    root: Path
    board: Board
    analysis: Analysis
    findings: list[Finding]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading and analysing."""
    # Loading allocates hundreds of thousands of small objects and frees
    # almost none; the cyclic collector would rescan them over and over
    # (35-40% of analysis time on the L board).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def state_from_sources(root: Path, sources: list[SourceFile]) -> BoardState:
    """Build, analyse and check a board from its parsed files."""
    with gc_paused():
        board = build_board(sources, RULE_NAMES, STRUCTURAL_RULES)
        analysis = analyse(board)
        findings = run_rules(board, analysis)
    return BoardState(root, board, analysis, findings)


def load(root: Path) -> BoardState:
    """Read the board in `root` from the working tree."""
    with gc_paused():
        sources = read_board_dir(root)
    return state_from_sources(root, sources)


def load_at(root: Path, rev: str) -> BoardState:
    """Read the board in `root` as it was at git revision `rev` (empty if it was not there).

    Raises `store.repo.GitError` when `root` is not in a work tree or `rev` names no commit.
    """
    from trioboard.store import repo

    with gc_paused():
        sources = repo.board_sources_at(root, rev)
    if sources is None:
        board = empty_board()
        return BoardState(root, board, analyse(board), [])
    return state_from_sources(root, sources)


def snapshot(state: BoardState) -> Snapshot:
    """The parts of a state that `core.diff` compares."""
    return Snapshot(state.board, state.analysis)

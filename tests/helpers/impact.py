"""A board read from text in memory, as the core reads it: for tests of the Impact keys and rules."""

from __future__ import annotations

from trioboard.core import vocabulary as vocab
from trioboard.core.model import Board
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES
from trioboard.core.schema import build_board
from trioboard.store import files


def board_from(board: str, teams: dict[str, str]) -> Board:
    """The model of board.yaml `board` and the team files `teams` (team id → text), problems included."""
    sources = [files.parse_source(vocab.BOARD_FILE, board.encode())]
    sources += [files.parse_source(vocab.team_file(team), text.encode()) for team, text in teams.items()]
    return build_board(sources, RULE_NAMES, STRUCTURAL_RULES)

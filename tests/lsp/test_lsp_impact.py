"""The language server and the Impact keys (SPEC 10, 12): completion inside measure, impact and freshness; hover."""

from __future__ import annotations

from trioboard.core import vocabulary as vocab
from trioboard.core.analysis import analyse
from trioboard.core.model import Board
from trioboard.lsp.completion import completions
from trioboard.lsp.hover import hover_text
from trioboard.lsp.navigation import references, rename

from helpers.impact import board_from

BOARD = """\
name: Acme
goals:
  - id: grow
    title: Grow
    measure:
      metric: revenue
      baseline: 10
      target: 12
policy:
  freshness:
    measure_days: 14
"""
TEAM = """\
id: t
name: Team
outcomes:
  - id: conv
    title: Raise conversion
    goals: [grow]
    measure:
      metric: checkout conversion
      unit: "%"
      baseline: 62
      target: 70
      current: 64.5
      as_of: 2026-07-01
      confidence: 0.6
  - id: plain
    title: Not measured
roadmap:
  - id: pay
    title: One-click pay
    outcomes: [conv]
    impact:
      outcome: conv
      expect: 3
"""


def _board() -> Board:
    return board_from(BOARD, {"t": TEAM})


def _complete(text: str, needle: str, file: str = "teams/t.yaml") -> list[str]:
    """The labels offered with the cursor just after `needle` (its first occurrence) in `text`."""
    index = text.index(needle) + len(needle)
    row = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    return [item.label for item in completions(text.split("\n"), row, column, file, _board())]


def test_keys_inside_a_measure_are_the_measure_keys() -> None:
    text = TEAM.replace("      confidence: 0.6\n", "      confidence: 0.6\n      so\n")
    assert _complete(text, "      so") == [key.name for key in vocab.MEASURE_KEYS]
    goal = BOARD.replace("      target: 12\n", "      target: 12\n      cu\n")
    assert _complete(goal, "      cu", vocab.BOARD_FILE) == [key.name for key in vocab.MEASURE_KEYS]


def test_a_direction_offers_the_four_directions() -> None:
    text = TEAM.replace('      unit: "%"\n', '      unit: "%"\n      direction: \n')
    assert _complete(text, "direction: ") == ["increase", "decrease", "stay-above", "stay-below"]


def test_keys_inside_an_impact_and_its_outcome_are_measured_outcomes() -> None:
    text = TEAM + "      act\n"
    assert _complete(text, "      act") == [key.name for key in vocab.IMPACT_KEYS]
    text = TEAM.replace("      outcome: conv\n", "      outcome: \n")
    assert _complete(text, "outcome: ") == ["conv"]


def test_keys_inside_policy_freshness() -> None:
    text = BOARD + "    imp\n"
    assert _complete(text, "    imp", vocab.BOARD_FILE) == ["measure_days", "impact_days"]


def test_an_outcome_offers_measure_among_its_keys() -> None:
    text = TEAM.replace("    title: Not measured\n", "    title: Not measured\n    mea\n")
    assert "measure" in _complete(text, "    mea")


def test_hover_on_a_measured_outcome_shows_progress_state_and_numbers() -> None:
    board = _board()
    text = hover_text("conv", analyse(board))
    assert text is not None
    assert "- measure `checkout conversion` (increase): ◆ 31% at risk" in text
    assert "- current 64.5, baseline 62, target 70 `%` · as of 2026-07-01 · confidence 0.6" in text
    goal = hover_text("grow", analyse(board))
    assert goal is not None and "- measure `revenue` (increase): · not measured yet" in goal


def test_hover_on_an_item_shows_its_expected_impact() -> None:
    text = hover_text("pay", analyse(_board()))
    assert text is not None and "- expects 3 on conv, no actual yet" in text


def test_references_and_rename_of_an_outcome_include_the_impacts_naming_it() -> None:
    board = _board()
    texts = {vocab.BOARD_FILE: BOARD.split("\n"), "teams/t.yaml": TEAM.split("\n")}
    places = references(board, "conv", texts.__getitem__)
    impact_line = TEAM.split("\n").index("      outcome: conv")
    assert [(p.file, p.range.start.line, p.range.start.character) for p in places] == [
        ("teams/t.yaml", TEAM.split("\n").index("    outcomes: [conv]"), 15),
        ("teams/t.yaml", impact_line, 15),
    ]
    renamed = rename(board, analyse(board), "conv", "conversion", texts.__getitem__)
    assert ("teams/t.yaml", impact_line) in [(p.file, p.range.start.line) for p in renamed]

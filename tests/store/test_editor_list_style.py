"""A link keeps the list's style: `goals: []` linked becomes `goals: [grow-revenue]`, a block list stays a block."""

from __future__ import annotations

import pytest

from trioboard.core.edits.steps import AddRef
from trioboard.store import editor

FILE = "teams/insights.yaml"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("    goals: []\n", "    goals: [grow-revenue]\n"),
        ("    goals: [grow-retention]\n", "    goals: [grow-retention, grow-revenue]\n"),
        ("    goals:\n      - grow-retention\n", "    goals:\n      - grow-retention\n      - grow-revenue\n"),
    ],
)
def test_a_link_keeps_the_lists_style(before: str, after: str) -> None:
    head = "id: insights\nname: Insights\noutcomes:\n  - id: velocity\n    title: Velocity\n"
    written = editor.apply(
        (AddRef(FILE, ("outcomes", "velocity"), "goals", "grow-revenue"),), {FILE: head + before}.get
    )
    assert written[FILE] == head + after

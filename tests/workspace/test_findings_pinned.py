"""Boards without measures keep exactly the findings they had before Impact (SPEC 10), whatever the date.

The digests are of every finding (rule, severity, file, line, column, ids,
message) of the real boards in ../shared/real-boards, taken before the
Impact rules existed. A change to them is a change to what existing boards
report: make it on purpose, and say so.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from trioboard import workspace
from trioboard.core.findings import Finding

from helpers import real_board

PINNED = {
    "demo-turn3": (30, "de049f5d2ff3448e43e9e25c9287e3732c7b04c7f9dc2092c179d7dbd4c9d4e5"),
    "k8s-keps": (111, "9eead77cbd56f6efd64c971d690acccfcf8756a66b13eb8eaeac871ad9b36c7f"),
    "rust-goals-2025h1": (336, "9a58a80a37380c96f552cdead9db672122d835478e6cd362341a44fca6fc6f34"),
    "rust-goals-2025h2": (223, "6ec81e7996f01c6c65cd80c9434f02e7dd50f79bd6c253a33c7654e98aea1c42"),
}


def _digest(findings: list[Finding]) -> tuple[int, str]:
    rows = [[f.rule, f.severity.value, f.file, f.line, f.column, list(f.ids), f.message] for f in findings]
    return len(rows), hashlib.sha256(json.dumps(rows).encode()).hexdigest()


@pytest.mark.parametrize("name", list(PINNED))
def test_a_board_without_measures_keeps_its_findings_on_any_day(name: str) -> None:
    board = real_board(name)
    assert not any(o.measure for o in workspace.load(board).board.outcomes())
    for today in (date(2026, 12, 5), date(2031, 1, 1)):
        assert _digest(workspace.load(board, today=today).findings) == PINNED[name], today

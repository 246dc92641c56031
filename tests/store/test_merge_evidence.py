"""The whole-board merge keeps evidence added on both sides under one name twice, the unpublished side's renamed."""

from __future__ import annotations

import pytest

from trioboard.store.merge import merge_board

BOARD = {"board.yaml": b"name: Acme\ngoals: []\n"}
NAME = "evidence/2026-07-08-checkout-buyer-7.md"
MINE, THEIRS = b"---\nkind: interview\n---\nMine.\n", b"---\nkind: support\n---\nTheirs.\n"


@pytest.mark.parametrize("published", ["ours", "theirs"])
def test_the_published_side_keeps_the_name_and_the_other_side_takes_the_next_free_one(published: str) -> None:
    taken = {"evidence/2026-07-08-checkout-buyer-7-2.md": b"---\nkind: sales\n---\nEarlier.\n"}
    base = {**BOARD, **taken}
    ours, theirs = {**base, NAME: MINE}, {**base, NAME: THEIRS}
    merged = merge_board(base, ours, theirs, published=published)
    moved = "evidence/2026-07-08-checkout-buyer-7-3.md"
    kept, renamed = (MINE, THEIRS) if published == "ours" else (THEIRS, MINE)
    assert merged.conflicts == [] and merged.renamed == [(NAME, moved)]
    assert merged.files[NAME] == kept and merged.files[moved] == renamed
    assert (
        merged.files["evidence/2026-07-08-checkout-buyer-7-2.md"] == taken["evidence/2026-07-08-checkout-buyer-7-2.md"]
    )


def test_the_same_touchpoint_added_alike_on_both_sides_is_kept_once() -> None:
    merged = merge_board(BOARD, {**BOARD, NAME: MINE}, {**BOARD, NAME: MINE})
    assert merged.renamed == [] and merged.files[NAME] == MINE and len(merged.files) == 2


def test_a_hand_edit_on_both_sides_of_the_same_line_is_a_conflict_on_the_file_never_renamed() -> None:
    base = {**BOARD, NAME: b"---\nkind: interview\n---\nHeard.\n"}
    merged = merge_board(base, {**base, NAME: MINE}, {**base, NAME: THEIRS})
    assert merged.renamed == [] and [c.node for c in merged.conflicts] == [NAME]

"""Find and the pickers: ids first, then words (issue 10, defect 7)."""

from __future__ import annotations

from trioboard.tui.ranking import ANYWHERE, EXACT_ID, ID_PREFIX, WORD_STARTS, rank, ranked

NODES = [
    ("date-picker-redesign", "Date picker that shows availability at a glance  checkout"),
    ("availability-service", "One availability service for every listing  platform"),
    ("avail", "A node whose id is the query  search"),
    ("map-view", "Listings on a map  search"),
]


def ids(query: str) -> list[str]:
    return [node_id for node_id, _ in ranked(query, NODES, key=lambda n: n)]


def test_an_id_prefix_outranks_a_word_of_a_title() -> None:
    assert ids("avail") == ["avail", "availability-service", "date-picker-redesign"]


def test_each_rank() -> None:
    assert rank("avail", "avail", "") == EXACT_ID
    assert rank("AVAIL", "availability-service", "") == ID_PREFIX
    assert rank("glance date", "date-picker-redesign", "shows availability at a glance") == WORD_STARTS
    assert rank("lance", "date-picker-redesign", "shows availability at a glance") == ANYWHERE
    assert rank("picker", "date-picker-redesign", "") == WORD_STARTS
    assert rank("zebra", "date-picker-redesign", "shows availability") is None


def test_every_word_must_match_somewhere() -> None:
    assert ids("map search") == ["map-view"]
    assert ids("map checkout") == []


def test_the_team_in_the_text_is_searched() -> None:
    assert ids("platform") == ["availability-service"]


def test_an_empty_query_keeps_the_board_order() -> None:
    assert ids("") == [node_id for node_id, _ in NODES]
    assert ids("   ") == [node_id for node_id, _ in NODES]


def test_within_a_rank_the_board_order_is_kept_and_the_limit_holds() -> None:
    many = [(f"item-{n}", "same words") for n in range(10)]
    assert [i for i, _ in ranked("same", many, key=lambda n: n, limit=3)] == ["item-0", "item-1", "item-2"]

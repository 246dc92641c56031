"""core.importing: CSV bytes and a board in, additions and what could not be mapped out (no files, no git)."""

from __future__ import annotations

import pytest

from trioboard.core.edits import AddItem, AddTeam
from trioboard.core.importing import BadFile, Field, parse_mapping, read_csv
from trioboard.core.model import Board, Policy
from trioboard.core.text import id_from_title

EMPTY = Board("Acme", [], [], Policy(), [], [])


def test_ids_are_made_from_titles_as_the_tui_makes_them() -> None:
    assert id_from_title("Keep carts for 30 days!", set()) == "keep-carts-for-30-days"
    assert id_from_title("Keep carts", {"keep-carts", "keep-carts-2"}) == "keep-carts-3"
    assert id_from_title("¡¿!", set()) == "item"
    assert len(id_from_title("x" * 200, set())) == 56


def test_statuses_and_horizons_map_as_the_readme_says() -> None:
    data = (
        b"title,status,sprint,horizon\n"
        b"A,In Progress,,\nB,Todo,Cycle 3,\nC,Backlog,,\nD,Done,S1,\nE,Canceled,,\nF,Blocked,,\nG,Todo,,now\n"
    )
    result = read_csv(data, "s.csv", parse_mapping(None, []), EMPTY, "core")
    got = {op.title: (op.status, op.horizon) for op in result.items}
    assert got == {
        "A": ("in-progress", "now"),
        "B": (None, "next"),
        "C": (None, "later"),
        "D": ("done", None),
        "E": ("dropped", None),
        "F": (None, "later"),
        "G": (None, "now"),
    }
    assert result.unmapped == ["status 'Blocked' on 1 row(s) is not known: made planned"]
    assert isinstance(result.ops[0], AddTeam) and all(isinstance(op, AddItem) for op in result.ops[1:])


def test_an_item_comes_after_the_items_it_needs_whatever_the_file_order() -> None:
    data = b"title,key,depends_on\nLast,K-3,K-2\nMiddle,K-2,K-1\nFirst,K-1,\n"
    result = read_csv(data, "s.csv", parse_mapping(None, []), EMPTY, "core")
    assert [(op.id, op.depends_on) for op in result.items] == [
        ("first", ()),
        ("middle", ("first",)),
        ("last", ("middle",)),
    ]


@pytest.mark.parametrize(
    ("maps", "message"),
    [
        (["Summary"], "--map takes COLUMN=FIELD, not 'Summary'"),
        (["Summary=name"], "--map 'Summary=name': no field 'name'"),
    ],
)
def test_a_bad_map_is_one_line(maps: list[str], message: str) -> None:
    with pytest.raises(BadFile, match=message):
        parse_mapping("jira", maps)


def test_a_map_wins_over_the_preset() -> None:
    pairs = parse_mapping("linear", ["Title=key", "Name=title"])
    assert pairs[:2] == [("Name", Field.TITLE), ("Title", Field.KEY)]
    assert ("Title", Field.TITLE) not in pairs


def test_a_cell_over_two_lines_is_one_title_and_the_rows_after_it_keep_their_line_numbers() -> None:
    data = b'title,team\r\n"Two\r\nlines",core\r\nOK,core\r\n'
    result = read_csv(data, "s.csv", parse_mapping(None, []), EMPTY)
    assert [op.title for op in result.items] == ["Two lines", "OK"]
    with pytest.raises(BadFile, match=r"^s\.csv:5: no title$"):
        read_csv(data + b",core\r\n", "s.csv", parse_mapping(None, []), EMPTY)


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_spreadsheet_saved_with_semicolons_or_tabs(separator: str) -> None:
    data = f"title{separator}status\nSaved carts, for later{separator}Done\n".encode()
    result = read_csv(data, "s.csv", parse_mapping(None, []), EMPTY, "core")
    assert [(op.title, op.status) for op in result.items] == [("Saved carts, for later", "done")]


def test_an_escape_sequence_in_a_title_is_refused_with_its_line() -> None:
    data = b"title\nFine\tthen\n\x1b[31mRed\n"
    with pytest.raises(
        BadFile, match=r"^s\.csv:3: the title contains the control character U\+001B; it must be one line"
    ):
        read_csv(data, "s.csv", parse_mapping(None, []), EMPTY, "core")

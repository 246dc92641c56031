"""The semantic three-way merge (`store.merge`) on hand-written files: what each side changed survives."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from trioboard.store.merge import merge_text

TEAM = textwrap.dedent(
    """\
    # Checkout: the path to a booking
    id: checkout
    name: Checkout
    trio:
      product: Ana Ruiz
      design: Ben Ode

    outcomes:
      - id: conversion
        title: Raise conversion
        goals: [grow-revenue]

    roadmap:
      # --- Now ---
      - id: one-click
        title: One-click pay
        outcomes: [conversion]
        horizon: now
        depends_on: [tokens]   # payments first
      - id: saved-carts
        title: 'Keep carts'
        outcomes: [conversion]
    """
)


def merge(base: str, ours: str, theirs: str, path: str = "teams/checkout.yaml", **kw: str) -> tuple[str, list[str]]:
    result = merge_text(base.encode(), ours.encode(), theirs.encode(), path, **kw)  # type: ignore[arg-type]
    return result.text.decode(), [c.describe() for c in result.conflicts] + ["line"] * result.line_conflicts


def git_line_merge_conflicts(base: str, ours: str, theirs: str, tmp: Path) -> bool:
    for name, text in (("b", base), ("o", ours), ("t", theirs)):
        (tmp / name).write_text(text)
    return subprocess.run(["git", "merge-file", "-p", "o", "b", "t"], cwd=tmp, capture_output=True).returncode != 0


def test_two_items_appended_on_both_sides_are_both_kept(tmp_path: Path) -> None:
    ours = TEAM + "  - id: mine\n    title: Mine\n"
    theirs = TEAM + "  # theirs, with a note\n  - id: yours\n    title: Yours\n"
    assert git_line_merge_conflicts(TEAM, ours, theirs, tmp_path)  # plain git conflicts here
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == []
    assert text == TEAM + "  - id: mine\n    title: Mine\n  # theirs, with a note\n  - id: yours\n    title: Yours\n"


def test_owner_on_one_side_and_link_on_the_other(tmp_path: Path) -> None:
    ours = TEAM.replace("    horizon: now\n", "    horizon: now\n    owner: Chen\n")
    theirs = TEAM.replace("depends_on: [tokens]", "depends_on: [tokens, audit]")
    assert git_line_merge_conflicts(TEAM, ours, theirs, tmp_path)
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == []
    assert text == ours.replace("depends_on: [tokens]", "depends_on: [tokens, audit]")


def test_comments_on_both_sides_are_kept() -> None:
    ours = TEAM.replace("  - id: saved-carts\n", "  # ours: carts are next quarter\n  - id: saved-carts\n")
    ours = ours.replace("    title: Raise conversion\n", "    title: Raise conversion  # from 62%\n")
    theirs = TEAM.replace(
        "    title: One-click pay\n", "    # theirs: renamed after review\n    title: One-click payment\n"
    )
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == []
    assert "  # ours: carts are next quarter\n  - id: saved-carts\n" in text
    assert "Raise conversion  # from 62%" in text
    # The node came from THEIRS whole (we had not touched it): its comment came with it.
    assert "    # theirs: renamed after review\n    title: One-click payment\n" in text
    assert "# Checkout: the path to a booking\n" in text and "'Keep carts'" in text


def test_a_node_taken_from_theirs_keeps_its_comments_and_quoting() -> None:
    theirs = TEAM.replace("    title: 'Keep carts'\n", '    title: "Keep carts: 30 days"  # agreed\n')
    ours = TEAM.replace("    horizon: now\n", "    horizon: next\n")
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == []
    assert '    title: "Keep carts: 30 days"  # agreed\n' in text and "horizon: next" in text


def test_link_lists_merge_as_sets() -> None:
    ours = TEAM.replace("depends_on: [tokens]", "depends_on: [tokens, a]").replace("horizon: now", "horizon: next")
    theirs = TEAM.replace("depends_on: [tokens]", "depends_on: [b]").replace("title: One-click pay", "title: One-click")
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == []
    assert "    depends_on: [a, b]\n" in text and "title: One-click\n" in text and "horizon: next" in text


def test_the_same_field_set_differently_is_one_conflict_around_that_field() -> None:
    ours = TEAM.replace("horizon: now", "horizon: next")
    theirs = TEAM.replace("horizon: now", "horizon: later").replace("title: 'Keep carts'", "title: Carts")
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == ["one-click.horizon: mine 'next', theirs 'later'"]
    assert "<<<<<<< ours\n    horizon: next\n=======\n    horizon: later\n>>>>>>> theirs\n" in text
    assert "title: Carts" in text  # everything else merged
    # Settled one way or the other, the file reads again.
    mine, _ = merge(TEAM, ours, theirs, prefer="ours")
    assert "horizon: next" in mine and "<<<" not in mine and "title: Carts" in mine
    other, _ = merge(TEAM, ours, theirs, prefer="theirs")
    assert "horizon: later" in other and "<<<" not in other


def test_removed_on_one_side_and_changed_on_the_other_is_a_conflict_on_the_node() -> None:
    start = TEAM.index("  - id: saved-carts")
    ours = TEAM[:start]
    theirs = TEAM.replace("title: 'Keep carts'", "title: Carts for 30 days")
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == ["saved-carts: mine (removed), theirs changed"]
    assert "<<<<<<< ours\n=======\n  - id: saved-carts\n    title: Carts for 30 days\n" in text
    # Removed on one side and untouched on the other: removed.
    text, conflicts = merge(TEAM, ours, TEAM.replace("horizon: now", "horizon: next"))
    assert conflicts == [] and "saved-carts" not in text and "horizon: next" in text


def test_one_new_id_with_different_content_is_a_conflict_and_equal_is_taken_once() -> None:
    ours = TEAM + "  - id: new\n    title: Ours\n"
    theirs = TEAM + "  - id: new\n    title: Theirs\n"
    text, conflicts = merge(TEAM, ours, theirs)
    assert len(conflicts) == 1 and conflicts[0].startswith("new: mine")
    assert "<<<<<<< ours\n  - id: new\n    title: Ours\n=======\n  - id: new\n    title: Theirs\n>>>>>>> theirs" in text
    same = TEAM + "  - id: new\n    title: Same\n"
    text, conflicts = merge(TEAM, same + "  - id: other\n    title: O\n", same)
    assert conflicts == [] and text.count("id: new") == 1


def test_the_teams_own_fields_merge_field_by_field() -> None:
    ours = TEAM.replace("product: Ana Ruiz", "product: Pia")
    text, conflicts = merge(TEAM, ours, TEAM.replace("design: Ben Ode", "design: Dee"))
    assert conflicts == [] and "product: Pia\n  design: Dee\n" in text
    text, conflicts = merge(TEAM, ours, TEAM.replace("product: Ana Ruiz", "product: Max"))
    assert conflicts == ["checkout.trio.product: mine 'Pia', theirs 'Max'"]
    assert "trio:\n<<<<<<< ours\n  product: Pia\n=======\n  product: Max\n>>>>>>> theirs\n  design: Ben Ode\n" in text


def test_a_block_link_list_stays_a_block_list() -> None:
    start = TEAM.replace("    depends_on: [tokens]   # payments first\n", "    tags:\n      - one\n      - two\n")
    ours = start.replace("      - two\n", "      - two\n      - three\n")
    theirs = start.replace("      - one\n", "")
    text, conflicts = merge(start, ours, theirs)
    assert conflicts == [] and "    tags:\n      - two\n      - three\n" in text


def test_an_entry_removed_on_one_side_where_the_other_added_one() -> None:
    start = TEAM.index("  - id: saved-carts")
    ours = TEAM + "  - id: mine\n    title: Mine\n"
    theirs = TEAM[:start] + "  - id: theirs\n    title: Theirs\n"
    text, conflicts = merge(TEAM, ours, theirs)
    assert conflicts == [] and "saved-carts" not in text
    assert text.endswith("  - id: theirs\n    title: Theirs\n  - id: mine\n    title: Mine\n")


def test_board_yaml_goals_and_policy() -> None:
    board = "name: Acme\ngoals:\n  - id: g1\n    title: One\npolicy:\n  wip_limit: 3\n"
    ours = board.replace("title: One", "title: Uno").replace("wip_limit: 3", "wip_limit: 4")
    theirs = board.replace("goals:\n", "goals:\n  - id: g0\n    title: Zero\n") + "  severity:\n    schema: error\n"
    text, conflicts = merge(board, ours, theirs, "boards/acme/board.yaml")
    assert conflicts == []
    assert text == (
        "name: Acme\ngoals:\n  - id: g0\n    title: Zero\n  - id: g1\n    title: Uno\n"
        "policy:\n  wip_limit: 4\n  severity:\n    schema: error\n"
    )


def test_crlf_and_a_byte_order_mark_are_kept() -> None:
    def crlf(text: str) -> bytes:
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()

    ours = TEAM + "  - id: mine\n    title: Mine\n"
    theirs = TEAM.replace("horizon: now", "horizon: later")
    result = merge_text(crlf(TEAM), crlf(ours), crlf(theirs), "teams/checkout.yaml")
    assert result.clean and result.semantic
    assert result.text == crlf(ours.replace("horizon: now", "horizon: later"))


def test_a_side_that_does_not_parse_gets_gits_line_merge(tmp_path: Path) -> None:
    ours = TEAM.replace("name: Checkout", "name: [Checkout")  # broken YAML
    theirs = TEAM.replace("horizon: now", "horizon: later")
    result = merge_text(TEAM.encode(), ours.encode(), theirs.encode(), "teams/checkout.yaml")
    assert not result.semantic and result.clean
    assert result.text.decode() == ours.replace("horizon: now", "horizon: later")
    # Both sides' changes to the same lines: git's markers, neither side dropped.
    theirs = TEAM.replace("name: Checkout", "name: Checkout team")
    result = merge_text(TEAM.encode(), ours.encode(), theirs.encode(), "teams/checkout.yaml")
    assert not result.semantic and result.line_conflicts == 1
    assert "name: [Checkout" in result.text.decode() and "name: Checkout team" in result.text.decode()


def test_a_file_that_is_not_a_board_file_gets_gits_line_merge(tmp_path: Path) -> None:
    workflow = "on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: a\n"
    ours = workflow + "      - run: b\n"
    theirs = workflow + "      - run: c\n"
    for path in (".github/workflows/ci.yaml", None):
        result = merge_text(workflow.encode(), ours.encode(), theirs.encode(), path)
        assert not result.semantic and result.line_conflicts == 1
        assert "run: b" in result.text.decode() and "run: c" in result.text.decode()


@pytest.mark.parametrize(
    "ours",
    [b"\xff\xfe not utf-8", b"- a list\n- not a mapping\n", b"a: &x 1\nb: *x\n", b"id: x\nid: y\n", b"\x00" * 10],
)
def test_hostile_sides_never_crash_and_never_drop_a_side(ours: bytes) -> None:
    theirs = TEAM.replace("horizon: now", "horizon: later").encode()
    result = merge_text(TEAM.encode(), ours, theirs, "teams/checkout.yaml")
    assert not result.semantic
    if b"\0" in ours:
        # Binary: as git does, ours stays and the file is marked conflicted (theirs is in git's stage 3).
        assert result.text == ours and not result.clean
    else:
        assert result.clean or (b"<<<<<<<" in result.text and b"horizon: later" in result.text)

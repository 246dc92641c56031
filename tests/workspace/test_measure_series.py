"""The check-in series of each measure, read from real git histories: authors, dates, undo, rebase, moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trioboard.core.errors import RevisionError
from trioboard.store.history_reader import HistoryReader
from trioboard.workspace.measure_history import measure_series

from helpers import git, run, write_board

BOARD = "name: Shop\ngoals:\n  - id: grow\n    title: Grow\n"
TEAM = """\
id: {team}
name: {team}
outcomes:
  - id: conversion
    title: {title}
    goals: [grow]
    measure:
      metric: checkout conversion
      unit: "%"
      baseline: 62
      target: 70
      current: {current}
      as_of: {as_of}
      confidence: {confidence}
roadmap: []
"""
OTHER = "id: {team}\nname: {team}\noutcomes: []\nroadmap: []\n"
TRAILER = "\n\nTrioboard-Edit: edit board=.\n"
"""What a trioboard edit writes at the end of its message: `edit undo` reverts only such commits."""


def _write(board: Path, team: str = "checkout", **values: object) -> None:
    fields: dict[str, object] = {"team": team, "title": "Raise conversion", "current": 62, "as_of": "2026-06-01"}
    fields["confidence"] = 0.5
    fields.update(values)
    (board / "teams" / f"{team}.yaml").write_text(TEAM.format(**fields))


def _commit(board: Path, subject: str, author: str = "Dana Ortiz", when: str = "2026-06-01T10:00:00+00:00") -> str:
    env = {
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "someone@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": "2026-08-01T09:00:00+00:00",
    }
    git(board, "add", "-A")
    git(board, "commit", "-qm", subject, env=env)
    return git(board, "rev-parse", "HEAD").strip()


def _board(tmp_path: Path) -> Path:
    board = write_board(tmp_path / "shop", BOARD)
    (board / "teams").mkdir()
    _write(board)
    git(board, "init", "-q")
    _commit(board, "Create the board")
    return board


def _steps(board: Path, measure: str = "conversion", revisions: list[str] | None = None) -> list[tuple[object, ...]]:
    return [
        (c.value, c.confidence, c.as_of and c.as_of.isoformat(), c.author, c.subject)
        for c in measure_series(board, revisions).get(measure, [])
    ]


def test_each_commit_that_changes_current_confidence_or_as_of_is_one_check_in_oldest_first(tmp_path: Path) -> None:
    board = _board(tmp_path)
    _write(board, title="Raise checkout conversion")
    _commit(board, "Retitle", "Kofi Mensah")
    _write(board, title="Raise checkout conversion", current=64.5, as_of="2026-07-01")
    _commit(board, "Check in conversion: 64.5%", "Lena Fischer", "2026-07-02T08:00:00+00:00")
    _write(board, title="Raise checkout conversion", current=64.5, as_of="2026-07-01", confidence=0.7)
    _commit(board, "More sure", "Kofi Mensah", "2026-07-03T08:00:00+00:00")

    assert _steps(board) == [
        (62.0, 0.5, "2026-06-01", "Dana Ortiz", "Create the board"),
        (64.5, 0.5, "2026-07-01", "Lena Fischer", "Check in conversion: 64.5%"),
        (64.5, 0.7, "2026-07-01", "Kofi Mensah", "More sure"),
    ]
    last = measure_series(board)["conversion"][-1]
    assert last.date == "2026-07-03T08:00:00+00:00"
    assert last.commit == git(board, "rev-parse", "HEAD").strip()


def test_a_check_in_is_dated_when_it_was_entered_and_the_series_keeps_history_order(tmp_path: Path) -> None:
    board = _board(tmp_path)
    _write(board, current=63)
    _commit(board, "Late", when="2026-07-10T10:00:00+00:00")
    # Entered earlier (a commit cherry-picked or rebased keeps its author date), landed later.
    _write(board, current=64)
    _commit(board, "Early", when="2026-07-05T10:00:00+00:00")

    series = measure_series(board)["conversion"]

    assert [(c.value, c.date[:10]) for c in series] == [(62, "2026-06-01"), (63, "2026-07-10"), (64, "2026-07-05")]


def test_an_undone_check_in_shows_as_the_value_going_back_by_whoever_undid_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = _board(tmp_path)
    _write(board, current=66, as_of="2026-07-01")
    _commit(board, "Check in conversion: 66%" + TRAILER, "Lena Fischer", "2026-07-01T10:00:00+00:00")

    code, _, err = run(["edit", "undo", "--board", str(board)], capsys)
    assert code == 0, err

    assert _steps(board) == [
        (62.0, 0.5, "2026-06-01", "Dana Ortiz", "Create the board"),
        (66.0, 0.5, "2026-07-01", "Lena Fischer", "Check in conversion: 66%"),
        (62.0, 0.5, "2026-06-01", "Test Planner", "Undo: Check in conversion: 66%"),
    ]


def test_after_a_rebase_the_series_is_the_rebased_commits_with_their_authors_and_dates(tmp_path: Path) -> None:
    board = _board(tmp_path)
    git(board, "checkout", "-qb", "plan")
    _write(board, current=63, as_of="2026-06-20")
    _commit(board, "Check in on the branch", "Lena Fischer", "2026-06-20T10:00:00+00:00")
    git(board, "checkout", "-q", "main")
    (board / "teams" / "search.yaml").write_text(OTHER.format(team="search"))
    _commit(board, "Add search", "Kofi Mensah", "2026-06-25T10:00:00+00:00")
    git(board, "checkout", "-q", "plan")
    git(board, "rebase", "-q", "main")

    steps = _steps(board, revisions=["plan"])

    assert steps[-1] == (63.0, 0.5, "2026-06-20", "Lena Fischer", "Check in on the branch")
    assert len(steps) == 2
    rebased = measure_series(board, ["plan"])["conversion"][-1]
    assert rebased.commit == git(board, "rev-parse", "plan").strip()
    assert rebased.date == "2026-06-20T10:00:00+00:00"


def test_a_check_in_merged_from_another_branch_shows_once_at_the_merge(tmp_path: Path) -> None:
    board = _board(tmp_path)
    git(board, "checkout", "-qb", "plan")
    _write(board, current=63)
    _commit(board, "Check in on the branch", "Lena Fischer")
    _write(board, current=64)
    _commit(board, "Again on the branch", "Lena Fischer")
    git(board, "checkout", "-q", "main")
    git(board, "merge", "-q", "--no-ff", "-m", "Merge plan", "plan")

    steps = _steps(board)

    assert [(value, subject) for value, *_, subject in steps] == [(62.0, "Create the board"), (64.0, "Merge plan")]
    assert [s[0] for s in _steps(board, revisions=["plan"])] == [62.0, 63.0, 64.0]


def test_a_measure_moved_to_another_team_or_file_is_no_check_in(tmp_path: Path) -> None:
    board = _board(tmp_path)
    (board / "teams" / "payments.yaml").write_text(OTHER.format(team="payments"))
    _commit(board, "Add payments")
    # The outcome moves to the payments team's file, numbers unchanged.
    (board / "teams" / "checkout.yaml").write_text(OTHER.format(team="checkout"))
    _write(board, team="payments")
    _commit(board, "Move conversion to payments")
    # The file is renamed with its team.
    git(board, "mv", "teams/payments.yaml", "teams/pay.yaml")
    _write(board, team="pay")
    _commit(board, "Rename payments to pay")
    _write(board, team="pay", current=65)
    _commit(board, "Check in conversion: 65%", "Lena Fischer")

    assert [(value, subject) for value, *_, subject in _steps(board)] == [
        (62.0, "Create the board"),
        (65.0, "Check in conversion: 65%"),
    ]


def test_a_range_shows_the_check_ins_made_in_it_and_an_unknown_revision_is_refused(tmp_path: Path) -> None:
    board = _board(tmp_path)
    _write(board, current=63)
    first = _commit(board, "One")
    _write(board, current=64)
    _commit(board, "Two")

    assert [s[0] for s in _steps(board, revisions=[f"{first}..HEAD"])] == [64.0]
    with pytest.raises(RevisionError):
        measure_series(board, ["no-such-branch"])


def test_a_measure_with_no_number_yet_has_no_check_in_until_one_is_given(tmp_path: Path) -> None:
    board = _board(tmp_path)
    numbers = "      current: 62\n      as_of: 2026-06-01\n      confidence: 0.5\n"
    text = (board / "teams" / "checkout.yaml").read_text()
    (board / "teams" / "checkout.yaml").write_text(text.replace(numbers, ""))
    _commit(board, "Took the number out")
    assert [s[0] for s in _steps(board)] == [62.0, None]

    fresh = write_board(tmp_path / "fresh", BOARD, {"checkout": text.replace(numbers, "")})
    git(fresh, "init", "-q")
    _commit(fresh, "A measure, no number yet")
    _write(fresh, current=63)
    _commit(fresh, "First number")
    assert [s[0] for s in _steps(fresh)] == [63.0]


def test_a_second_read_takes_every_file_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    board = _board(tmp_path)
    _write(board, current=63)
    _commit(board, "One")
    first = measure_series(board)
    cache = board / ".git" / "trioboard" / "measure-cache.json"
    assert json.loads(cache.read_text())["version"] == 1

    def no_reading(*_: object) -> bytes:
        raise AssertionError("a cached file was read again")

    monkeypatch.setattr(HistoryReader, "read_blob", no_reading)
    monkeypatch.setattr(HistoryReader, "read_blobs", no_reading)
    assert measure_series(board) == first


def test_a_broken_cache_is_no_cache(tmp_path: Path) -> None:
    board = _board(tmp_path)
    first = measure_series(board)
    cache = board / ".git" / "trioboard" / "measure-cache.json"
    cache.write_text('{"version": 1, "files": {"t:x": [')
    assert measure_series(board) == first
    memo = json.loads(cache.read_text())
    for key in memo["files"]:
        memo["files"][key] = {"conversion": ["sixty", None]}
    cache.write_text(json.dumps(memo))
    assert measure_series(board) == first


def test_a_goal_measure_in_board_yaml_has_its_series_too(tmp_path: Path) -> None:
    board = _board(tmp_path)
    measured = BOARD + "    measure:\n      metric: revenue\n      baseline: 10\n      target: 20\n      current: {}\n"
    (board / "board.yaml").write_text(measured.format(12))
    _commit(board, "Measure grow")
    (board / "board.yaml").write_text(measured.format(13))
    _commit(board, "Check in grow")

    assert [s[0] for s in _steps(board, "grow")] == [12.0, 13.0]

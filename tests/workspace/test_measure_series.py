"""The check-in series of each measure, read from real git histories: authors, dates, undo, rebase, moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trioboard import workspace
from trioboard.core.errors import RevisionError
from trioboard.store.history_reader import HistoryReader
from trioboard.store.sections import list_entries
from trioboard.workspace.measure_history import board_readings, file_readings, measure_series

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
    where = ["--board", str(board)]
    checkin = ["edit", *where, "--author", "Lena Fischer <lena@example.com>", "checkin", "conversion", "66"]
    code, _, err = run([*checkin, "--confidence", "0.6", "--as-of", "2026-07-01"], capsys)
    assert code == 0, err
    code, _, err = run(["edit", *where, "undo"], capsys)
    assert code == 0, err

    steps = _steps(board)

    assert [step[:4] for step in steps] == [
        (62.0, 0.5, "2026-06-01", "Dana Ortiz"),
        (66.0, 0.6, "2026-07-01", "Lena Fischer"),
        (62.0, 0.5, "2026-06-01", "Test Planner"),
    ]
    subjects = [c.subject for c in measure_series(board)["conversion"]]
    assert subjects[1].startswith("Check in conversion: 66%")
    assert subjects[2] == f"Undo: {subjects[1]}"


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


def test_a_check_in_merged_from_another_branch_shows_once_credited_to_the_commit_that_made_it(
    tmp_path: Path,
) -> None:
    board = _board(tmp_path)
    git(board, "checkout", "-qb", "plan")
    _write(board, current=63)
    _commit(board, "Check in on the branch", "Lena Fischer", "2026-06-10T10:00:00+00:00")
    _write(board, current=64)
    made = _commit(board, "Again on the branch", "Kofi Mensah", "2026-06-12T10:00:00+00:00")
    (board / "notes.txt").write_text("unrelated\n")
    _commit(board, "Notes on the branch", "Lena Fischer", "2026-06-13T10:00:00+00:00")
    git(board, "checkout", "-q", "main")
    (board / "teams" / "other.yaml").write_text(OTHER.format(team="other"))
    _commit(board, "Meanwhile on main", "Dana Ortiz", "2026-06-11T10:00:00+00:00")
    git(board, "merge", "-q", "--no-ff", "-m", "Merge plan", "plan", env={"GIT_AUTHOR_NAME": "Merger Bot"})

    series = measure_series(board)["conversion"]

    # The merge brought 64 in; the number was entered by Kofi on the branch: the series says so.
    assert [(c.value, c.author, c.subject, c.date) for c in series] == [
        (62.0, "Dana Ortiz", "Create the board", "2026-06-01T10:00:00+00:00"),
        (64.0, "Kofi Mensah", "Again on the branch", "2026-06-12T10:00:00+00:00"),
    ]
    assert series[1].commit == made
    assert [s[0] for s in _steps(board, revisions=["plan"])] == [62.0, 63.0, 64.0]
    again = measure_series(board)["conversion"]  # the kept series says the same
    assert [(c.author, c.commit) for c in again] == [(c.author, c.commit) for c in series]


def test_a_merge_that_makes_a_number_neither_side_had_is_credited_to_the_merge(tmp_path: Path) -> None:
    board = _board(tmp_path)
    git(board, "checkout", "-qb", "plan")
    _write(board, current=63)
    _commit(board, "Check in on the branch", "Lena Fischer")
    git(board, "checkout", "-q", "main")
    _write(board, confidence=0.7)
    _commit(board, "Confidence on main", "Kofi Mensah")
    git(board, "merge", "-q", "--no-ff", "-m", "Merge plan", "plan", env={"GIT_AUTHOR_NAME": "Merger Bot"})

    steps = _steps(board)

    # 63 at confidence 0.7 was never written by one commit: the merge made that reading.
    assert [(value, confidence, author) for value, confidence, _, author, _ in steps] == [
        (62.0, 0.5, "Dana Ortiz"),
        (62.0, 0.7, "Kofi Mensah"),
        (63.0, 0.7, "Merger Bot"),
    ]


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


def test_a_second_read_walks_nothing_and_a_new_commit_reads_only_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = _board(tmp_path)
    _write(board, current=63)
    _commit(board, "One")
    first = measure_series(board)
    assert json.loads((board / ".git" / "trioboard" / "measure-series.json").read_text())["version"] == 1

    def no_walk(*_: object) -> object:
        raise AssertionError("the same commits were walked again")

    with monkeypatch.context() as patch:
        patch.setattr(HistoryReader, "changes", no_walk)
        assert measure_series(board) == first

    read: list[str] = []
    reading = HistoryReader.read_blobs

    def counted(self: HistoryReader, files: list[tuple[str, str]]) -> object:
        read.extend(path for path, _ in files)
        return reading(self, files)

    monkeypatch.setattr(HistoryReader, "read_blobs", counted)
    (board / "board.yaml").write_text(BOARD.replace("Shop", "Shop 2"))
    _commit(board, "Rename the board")
    _write(board, current=64)
    _commit(board, "Two")

    assert [c.value for c in measure_series(board)["conversion"]] == [62, 63, 64]
    assert read == ["board.yaml", "teams/checkout.yaml"]


def test_a_broken_cache_is_no_cache(tmp_path: Path) -> None:
    board = _board(tmp_path)
    first = measure_series(board)
    files = board / ".git" / "trioboard" / "measure-cache.json"
    walked = board / ".git" / "trioboard" / "measure-series.json"
    memo, kept = json.loads(files.read_text()), json.loads(walked.read_text())
    files.write_text('{"version": 1, "files": {"t:x": [')
    walked.write_text('{"version": 1, "walked": ')
    assert measure_series(board) == first

    for key in memo["files"]:
        memo["files"][key] = {"conversion": [62, None, "not a date"]}
    files.write_text(json.dumps(memo))
    for broken in (["sixty", None, None, "", "", "", ""], [62, 0.5, "2026-13-01", "", "", "", ""], [62]):
        kept["walked"]["series"] = {"conversion": [broken]}
        walked.write_text(json.dumps(kept))
        assert measure_series(board) == first


def test_a_goal_measure_in_board_yaml_has_its_series_too(tmp_path: Path) -> None:
    board = _board(tmp_path)
    measured = BOARD + "    measure:\n      metric: revenue\n      baseline: 10\n      target: 20\n      current: {}\n"
    (board / "board.yaml").write_text(measured.format(12))
    _commit(board, "Measure grow")
    (board / "board.yaml").write_text(measured.format(13))
    _commit(board, "Check in grow")

    assert [s[0] for s in _steps(board, "grow")] == [12.0, 13.0]


STYLES = {
    "entries at the margin, a flow measure": """\
id: web
name: Web
outcomes:
- id: a
  title: A
  measure: {metric: m, baseline: 1, target: 2, current: 1.5, confidence: 0.5}
- id: b
  title: B
roadmap: []
""",
    "indented four, comments between, quoted keys": """\
id: web
name: Web
outcomes:
    # the first
    - id: a
      title: "A: the first"
      'measure':
          metric: m
          baseline: 1
          target: 2
          "current": 1.25
    # the second, below
    - id: b   # trailing
      title: B
      measure:
          metric: n
          baseline: 10
          target: 0
          current: 4
          as_of: 2026-06-01
roadmap:
    - id: x
      title: X
""",
    "a flow list": "id: web\nname: Web\noutcomes: [{id: a, title: A, measure: {metric: m, baseline: 1, target: 2, "
    "current: 1.2}}]\n",
    "an escaped key, a plain title over two lines, a block scalar": """\
id: web
name: Web
outcomes:
  - id: a
    title: A title that
      runs on
    "\\u006deasure": {metric: m, baseline: 1, target: 2, current: 1.75}
    notes: |
      - id: b
        measure: {metric: fake, baseline: 0, target: 1, current: 1}
  - id: c
    title: C
""",
    "CRLF and a byte-order mark": "\ufeffid: web\r\nname: Web\r\noutcomes:\r\n  - id: a\r\n    title: A\r\n"
    "    measure:\r\n      metric: m\r\n      baseline: 1\r\n      target: 2\r\n      current: 1.1\r\n",
    "not plain at the margin (read whole)": "%YAML 1.2\n---\nid: web\nname: Web\noutcomes:\n  - id: a\n    title: A\n"
    "    measure: {metric: m, baseline: 1, target: 2, current: 1.9}\n",
}


@pytest.mark.parametrize(("style", "text"), STYLES.items(), ids=list(STYLES))
def test_the_readings_of_a_file_cut_in_parts_are_those_of_the_whole_file(tmp_path: Path, style: str, text: str) -> None:
    board = write_board(tmp_path / "b", BOARD)
    (board / "teams").mkdir()
    (board / "teams" / "web.yaml").write_bytes(text.encode())
    whole = board_readings(workspace.load(board).board)

    assert whole  # every style holds a measure
    assert (list_entries(text.encode(), "outcomes") is None) == ("read whole" in style)
    assert file_readings("teams/web.yaml", text.encode()) == whole


def test_in_a_shallow_clone_the_series_starts_at_its_oldest_commit_attributing_nothing_to_it(tmp_path: Path) -> None:
    board = _board(tmp_path)
    _write(board, current=63)
    _commit(board, "One", "Lena Fischer")
    (board / "board.yaml").write_text(BOARD.replace("Shop", "Shop 2"))
    _commit(board, "Rename the board", "Kofi Mensah")
    _write(board, current=64)
    _commit(board, "Two", "Lena Fischer")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{board}", str(clone))

    assert [(s[0], s[3]) for s in _steps(clone)] == [(64.0, "Lena Fischer")]

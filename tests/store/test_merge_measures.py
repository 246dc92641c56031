"""The semantic merge of `measure` and `impact` (SPEC 8 and 10): field by field, in real repositories too."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from trioboard.cli import main
from trioboard.core import edits as E
from trioboard.core.results import TypedValue
from trioboard.store.merge import merge_text
from trioboard.workspace import Workspace

from helpers import git, git_run
from helpers.measures import CHECKOUT, measured_board

TEAM = "teams/checkout.yaml"
CHECK_IN = CHECKOUT.replace("current: 63", "current: 64.5").replace("confidence: 0.7", "confidence: 0.6")
NEW_TARGET = CHECKOUT.replace("target: 70", "target: 72")


def merged(base: str, ours: str, theirs: str) -> tuple[str, list[str]]:
    result = merge_text(base.encode(), ours.encode(), theirs.encode(), TEAM)
    assert result.semantic
    return result.text.decode(), [c.describe() for c in result.conflicts]


def test_a_check_in_and_a_target_change_merge_cleanly() -> None:
    text, conflicts = merged(CHECKOUT, CHECK_IN, NEW_TARGET)
    assert conflicts == []
    assert text == CHECK_IN.replace("target: 70", "target: 72")  # the comment and quoting kept
    assert merged(CHECKOUT, NEW_TARGET, CHECK_IN)[0] == text


def test_the_same_field_set_differently_is_a_conflict_naming_both_values() -> None:
    theirs = CHECKOUT.replace("current: 63", "current: 63.5").replace("target: 70", "target: 72")
    text, conflicts = merged(CHECKOUT, CHECK_IN, theirs)
    assert conflicts == ["checkout-conversion.measure.current: mine 64.5, theirs 63.5"]
    assert "<<<<<<< ours\n      current: 64.5\n=======\n      current: 63.5\n>>>>>>> theirs\n" in text
    assert "      target: 72\n" in text and "      confidence: 0.6\n" in text  # the rest merged


def test_impact_fields_merge_one_by_one_and_a_measure_added_meets_a_retitle() -> None:
    base = CHECKOUT.replace(
        "    owner: Chen Li", "    impact:\n      outcome: checkout-conversion\n      expect: 3\n    owner: Chen Li"
    )
    ours = base.replace("      expect: 3\n", "      expect: 3\n      actual: 1.2\n")
    theirs = base.replace("      expect: 3\n", "      expect: 3\n      confidence: 0.5\n").replace(
        "title: Fewer abandoned bookings", "title: Fewer abandoned bookings on mobile"
    )
    text, conflicts = merged(base, ours, theirs)
    assert conflicts == []
    assert "      expect: 3\n      confidence: 0.5\n      actual: 1.2\n" in text
    measured = base.replace(
        "    goals: [grow-revenue]\n\nroadmap",
        "    goals: [grow-revenue]\n    measure:\n      metric: abandoned\n      baseline: 30\n      target: 20\n\nroadmap",
    )
    text, conflicts = merged(base, measured, theirs)
    assert conflicts == []
    assert "title: Fewer abandoned bookings on mobile\n    goals: [grow-revenue]\n    measure:\n" in text


# -- git merge through the driver -----------------------------------------------------------


def driver_board(tmp_path: Path) -> Path:
    repo = measured_board(tmp_path / "repo")
    (repo / ".gitattributes").write_text("board.yaml merge=trioboard\nteams/*.yaml merge=trioboard\n")
    git(repo, "config", "merge.trioboard.driver", f"'{sys.executable}' -m trioboard merge-file %O %A %B %P")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Driver")
    return repo


def test_git_merge_takes_a_check_in_and_a_target_change_from_two_branches(tmp_path: Path) -> None:
    repo = driver_board(tmp_path)
    git(repo, "checkout", "-q", "-b", "side")
    assert main(["edit", "--board", str(repo), "set", "checkout-conversion", "measure.target=72"]) == 0
    git(repo, "checkout", "-q", "main")
    assert main(["edit", "--board", str(repo), "checkin", "checkout-conversion", "64.5", "--as-of", "2026-07-01"]) == 0
    git(repo, "merge", "-q", "--no-edit", "side")
    text = (repo / TEAM).read_text()
    assert "      target: 72\n" in text and "      current: 64.5\n      as_of: 2026-07-01\n" in text
    assert "# from the funnel dashboard" in text
    assert git(repo, "status", "--porcelain") == ""


def test_git_merge_marks_a_check_in_made_differently_on_both_branches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = driver_board(tmp_path)
    git(repo, "checkout", "-q", "-b", "side")
    assert main(["edit", "--board", str(repo), "checkin", "checkout-conversion", "63.5", "--as-of", "2026-07-01"]) == 0
    git(repo, "checkout", "-q", "main")
    assert main(["edit", "--board", str(repo), "checkin", "checkout-conversion", "64.5", "--as-of", "2026-07-01"]) == 0
    done = git_run(repo, "merge", "--no-edit", "side", check=False)
    assert done.returncode != 0
    text = (repo / TEAM).read_text()
    assert "<<<<<<< mine\n      current: 64.5\n=======\n      current: 63.5\n>>>>>>> theirs\n" in text
    assert text.count("<<<<<<<") == 1  # as_of is the same on both sides: no conflict there
    assert "checkout-conversion.measure.current: mine 64.5, theirs 63.5" in done.stderr + done.stdout


# -- sync between two clones ----------------------------------------------------------------


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path, Path]:
    seed = measured_board(tmp_path / "seed")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(seed, "push", "-q", str(origin), "HEAD:refs/heads/main")
    a, b = tmp_path / "a", tmp_path / "b"
    for clone in (a, b):
        git(tmp_path, "clone", "-q", str(origin), str(clone))
    return origin, a, b


def test_sync_merges_a_check_in_with_a_target_change(clones: tuple[Path, Path, Path]) -> None:
    origin, a, b = clones
    Workspace(a).edit(E.CheckIn("checkout-conversion", "64.5", "0.6", "2026-07-01"))
    Workspace(a).sync()
    Workspace(b).edit(E.SetFields("checkout-conversion", (("measure.target", "72"),)))
    result = Workspace(b).sync()
    assert result.conflicts == [] and result.pushed
    text = git(origin, "show", f"main:{TEAM}")
    assert "      target: 72\n" in text and "      current: 64.5\n" in text and "      confidence: 0.6\n" in text


def test_sync_stops_on_two_check_ins_and_a_typed_value_settles_it_as_a_number(
    clones: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    origin, a, b = clones
    Workspace(a).edit(E.CheckIn("checkout-conversion", "63.5", as_of="2026-07-01"))
    Workspace(a).sync()
    Workspace(b).edit(E.CheckIn("checkout-conversion", "64.5", as_of="2026-07-01"))
    head = git(b, "rev-parse", "HEAD")
    assert main(["sync", "--board", str(b)]) == 1
    out = capsys.readouterr().out
    assert out == "conflict: checkout-conversion.measure.current: mine 64.5, theirs 63.5\n"
    assert git(b, "rev-parse", "HEAD") == head
    with pytest.raises(E.Refused, match="must be a number"):
        Workspace(b).sync(prefer={("checkout-conversion.measure", "current"): TypedValue("about 64")})
    result = Workspace(b).sync(prefer={("checkout-conversion.measure", "current"): TypedValue("64")})
    assert result.pushed
    text = git(origin, "show", f"main:{TEAM}")
    assert "      current: 64\n" in text and "<<<<<<<" not in text

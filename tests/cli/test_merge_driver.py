"""`trioboard merge-file`: the command, and git using it as its merge driver in real repositories."""

from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from trioboard.cli import main

from helpers import DEMO, git_run

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


def test_the_command_writes_ours_and_exits_1_on_conflicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {}
    for name, text in (
        ("base", TEAM),
        ("ours", TEAM.replace("horizon: now", "horizon: next")),
        ("theirs", TEAM.replace("horizon: now", "horizon: later")),
    ):
        files[name] = tmp_path / name
        files[name].write_text(text)
    args = [str(files[n]) for n in ("base", "ours", "theirs")]
    assert main(["merge-file", *args, "teams/checkout.yaml"]) == 1
    assert "<<<<<<< ours" in files["ours"].read_text()
    assert "one-click.horizon: mine 'next', theirs 'later'" in capsys.readouterr().err
    files["ours"].write_text(TEAM.replace("title: One-click pay", "title: Pay"))
    assert main(["merge-file", *args, "teams/checkout.yaml"]) == 0
    assert files["ours"].read_text() == TEAM.replace("title: One-click pay", "title: Pay").replace(
        "horizon: now", "horizon: later"
    )
    assert main(["merge-file", str(tmp_path / "missing"), *args[1:]]) == 2
    err = capsys.readouterr().err
    assert err.startswith("trioboard: error: ") and err.count("\n") == 1


def driver_repo(tmp_path: Path) -> Path:
    """The demo board in a repository with the driver configured, and a side branch."""
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo)
    git_run(repo, "init", "-q", "-b", "main")
    (repo / ".gitattributes").write_text("board.yaml merge=trioboard\nteams/*.yaml merge=trioboard\n")
    git_run(repo, "config", "merge.trioboard.driver", f"'{sys.executable}' -m trioboard merge-file %O %A %B %P")
    git_run(repo, "add", "-A")
    git_run(repo, "commit", "-qm", "Start")
    return repo


def two_sides(repo: Path) -> None:
    """On `side`: a new item appended and a retitle; on main: another item appended and an owner set."""
    checkout = repo / "teams" / "checkout.yaml"
    start = checkout.read_text()
    git_run(repo, "checkout", "-q", "-b", "side")
    checkout.write_text(
        start.replace("title: Keep carts for 30 days across devices", "title: Keep carts for 60 days")
        + "  - id: side-item\n    title: From the side branch\n"
    )
    git_run(repo, "commit", "-qam", "Side")
    git_run(repo, "checkout", "-q", "main")
    checkout.write_text(
        start.replace("    owner: Chen Li\n", "    owner: Dana Ortiz\n") + "  - id: main-item\n    title: From main\n"
    )
    git_run(repo, "commit", "-qam", "Main")


def assert_both_sides(repo: Path) -> None:
    text = (repo / "teams" / "checkout.yaml").read_text()
    for wanted in ("side-item", "main-item", "Keep carts for 60 days", "owner: Dana Ortiz"):
        assert wanted in text
    assert "<<<<<<<" not in text
    assert git_run(repo, "status", "--porcelain").stdout == ""


@pytest.mark.parametrize("how", ["merge", "rebase", "cherry-pick"])
def test_git_uses_the_driver(tmp_path: Path, how: str) -> None:
    repo = driver_repo(tmp_path)
    two_sides(repo)
    if how == "merge":
        git_run(repo, "merge", "-q", "--no-edit", "side")
    elif how == "cherry-pick":
        git_run(repo, "cherry-pick", "side")
    else:
        git_run(repo, "checkout", "-q", "side")
        git_run(repo, "rebase", "-q", "main")
    assert_both_sides(repo)


def test_plain_git_conflicts_where_the_driver_does_not(tmp_path: Path) -> None:
    repo = driver_repo(tmp_path)
    git_run(repo, "config", "--unset", "merge.trioboard.driver")
    (repo / ".gitattributes").unlink()
    git_run(repo, "commit", "-qam", "No driver")
    two_sides(repo)
    assert git_run(repo, "merge", "-q", "--no-edit", "side", check=False).returncode != 0


def test_pull_uses_the_driver_and_a_true_conflict_is_marked(tmp_path: Path) -> None:
    origin = driver_repo(tmp_path)
    clone = tmp_path / "clone"
    git_run(tmp_path, "clone", "-q", str(origin), str(clone))
    git_run(clone, "config", "merge.trioboard.driver", f"'{sys.executable}' -m trioboard merge-file %O %A %B %P")
    checkout = "teams/checkout.yaml"
    (origin / checkout).write_text((origin / checkout).read_text().replace("horizon: now", "horizon: later", 1))
    git_run(origin, "commit", "-qam", "Later")
    (clone / checkout).write_text((clone / checkout).read_text().replace("horizon: now", "horizon: next", 1))
    git_run(clone, "commit", "-qam", "Next")
    done = git_run(clone, "pull", "-q", "--no-rebase", "--no-edit", check=False)
    assert done.returncode != 0
    text = (clone / checkout).read_text()
    assert "<<<<<<< ours\n    horizon: next\n=======\n    horizon: later\n>>>>>>> theirs\n" in text
    assert "UU teams/checkout.yaml" in git_run(clone, "status", "--porcelain").stdout


def test_install_git_sets_up_the_driver_that_git_merge_uses(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo / "boards" / "demo")
    git_run(repo, "init", "-q", "-b", "main")
    assert main(["install-git", "--board", str(repo / "boards" / "demo")]) == 0
    assert "merge=trioboard" in (repo / ".gitattributes").read_text()
    git_run(repo, "add", "-A")
    git_run(repo, "commit", "-qm", "Start")
    checkout = repo / "boards" / "demo" / "teams" / "checkout.yaml"
    start = checkout.read_text()
    git_run(repo, "checkout", "-q", "-b", "side")
    checkout.write_text(start + "  - id: side-item\n    title: From the side branch\n")
    git_run(repo, "commit", "-qam", "Side")
    git_run(repo, "checkout", "-q", "main")
    checkout.write_text(start + "  - id: main-item\n    title: From main\n")
    git_run(repo, "commit", "-qam", "Main")
    git_run(repo, "merge", "-q", "--no-edit", "side")
    text = checkout.read_text()
    assert "id: side-item" in text and "id: main-item" in text and "<<<<<<<" not in text

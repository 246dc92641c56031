"""`trioboard merge-file`: the command, and git using it as its merge driver in real repositories."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from trioboard.cli import main

from helpers import DEMO, driver_repo, git_run

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
    files = three_files(tmp_path)
    args = [str(files[n]) for n in ("base", "ours", "theirs")]
    assert main(["merge-file", *args, "teams/checkout.yaml"]) == 1
    assert "<<<<<<< mine" in files["ours"].read_text()
    assert "one-click.horizon: mine 'next', theirs 'later'" in capsys.readouterr().err
    files["ours"].write_text(TEAM.replace("title: One-click pay", "title: Pay"))
    assert main(["merge-file", *args, "teams/checkout.yaml"]) == 0
    assert files["ours"].read_text() == TEAM.replace("title: One-click pay", "title: Pay").replace(
        "horizon: now", "horizon: later"
    )
    assert main(["merge-file", str(tmp_path / "missing"), *args[1:]]) == 2
    err = capsys.readouterr().err
    assert err.startswith("trioboard: error: ") and err.count("\n") == 1


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
    assert "<<<<<<< mine\n    horizon: next\n=======\n    horizon: later\n>>>>>>> theirs\n" in text
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


def three_files(tmp_path: Path) -> dict[str, Path]:
    """BASE, OURS and THEIRS of one team file, with one true conflict (the horizon)."""
    files = {}
    for name, text in (
        ("base", TEAM),
        ("ours", TEAM.replace("horizon: now", "horizon: next")),
        ("theirs", TEAM.replace("horizon: now", "horizon: later")),
    ):
        files[name] = tmp_path / name
        files[name].write_text(text)
    return files


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("trioboard: error: merge-file: ") and err.count("\n") == 1, err
    return err


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
@pytest.mark.parametrize("role", ["base", "ours", "theirs"])
def test_a_character_device_is_refused_and_stays_a_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str
) -> None:
    files = three_files(tmp_path)
    device = tmp_path / "device"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is, made here
    files[role] = device
    args = [str(files[n]) for n in ("base", "ours", "theirs")]
    assert main(["merge-file", *args, "teams/x.yaml"]) == 2
    assert "is a character device, not a regular file" in one_error_line(capsys)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("role", ["base", "ours", "theirs"])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str) -> None:
    files = three_files(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    files[role] = fifo
    args = [sys.executable, "-m", "trioboard", "merge-file", *(str(files[n]) for n in ("base", "ours", "theirs"))]
    # In a child with a timeout: opening a FIFO for reading would block this test forever.
    done = subprocess.run([*args, "teams/x.yaml"], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("trioboard: error: merge-file: ") and done.stderr.count("\n") == 1
    assert "is a FIFO, not a regular file" in done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlink_as_ours_is_refused_and_its_target_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = three_files(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(files["ours"])
    args = [str(files["base"]), str(link), str(files["theirs"])]
    assert main(["merge-file", *args, "teams/x.yaml"]) == 2
    assert "is a symbolic link" in one_error_line(capsys)
    assert link.is_symlink()
    assert files["ours"].read_text() == TEAM.replace("horizon: now", "horizon: next")


def test_labels_git_gives_are_shown_beside_the_sides_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = three_files(tmp_path)
    args = [str(files[n]) for n in ("base", "ours", "theirs")]
    assert main(["merge-file", "--ours-label", "HEAD", "--theirs-label", "origin/main", *args, "teams/x.yaml"]) == 1
    text = files["ours"].read_text()
    assert "<<<<<<< mine (HEAD)\n    horizon: next\n=======\n    horizon: later\n>>>>>>> theirs (origin/main)\n" in text
    assert "one-click.horizon: mine 'next', theirs 'later'" in capsys.readouterr().err
    # git before 2.44 passes its placeholders as they are: no label then.
    files = three_files(tmp_path)
    assert main(["merge-file", "--ours-label", "%X", "--theirs-label", "%Y", *args, "teams/x.yaml"]) == 1
    assert "<<<<<<< mine\n" in files["ours"].read_text()


def pulled(tmp_path: Path, how: str) -> tuple[str, str]:
    """Two clones of one origin set one horizon differently; the second pulls `how`: (the file, the driver's stderr)."""
    origin = driver_repo(tmp_path)
    git_run(origin, "config", "receive.denyCurrentBranch", "ignore")
    clones = {}
    for name, horizon in (("alice", "later"), ("bob", "next")):
        clone = tmp_path / name
        git_run(tmp_path, "clone", "-q", str(origin), str(clone))
        command = f"'{sys.executable}' -m trioboard merge-file --ours-label %X --theirs-label %Y %O %A %B %P"
        git_run(clone, "config", "merge.trioboard.driver", command)
        for key, value in (("user.name", name), ("user.email", f"{name}@example.com")):
            git_run(clone, "config", key, value)
        checkout = clone / "teams" / "checkout.yaml"
        checkout.write_text(checkout.read_text().replace("horizon: now", f"horizon: {horizon}", 1))
        git_run(clone, "commit", "-qam", f"{name}: {horizon}")
        clones[name] = clone
    git_run(clones["alice"], "push", "-q", "origin", "main")
    if how == "cherry-pick":
        git_run(clones["bob"], "fetch", "-q")
        done = git_run(clones["bob"], "cherry-pick", "origin/main", check=False)
    else:
        done = git_run(clones["bob"], "pull", how, "--no-edit", check=False)
    assert done.returncode != 0
    return (clones["bob"] / "teams" / "checkout.yaml").read_text(), done.stderr + done.stdout


@pytest.mark.parametrize("how", ["--no-rebase", "--rebase", "cherry-pick"])
def test_pull_names_bobs_own_value_mine_whether_it_merges_rebases_or_picks(tmp_path: Path, how: str) -> None:
    text, said = pulled(tmp_path, how)
    assert "one-click-pay.horizon: mine 'next', theirs 'later'" in said
    mine = re.search(
        r"^<<<<<<< (mine|theirs)\b.*\n    horizon: (\w+)\n=======\n    horizon: (\w+)\n>>>>>>> (mine|theirs)\b",
        text,
        re.M,
    )
    assert mine is not None, text
    sides = {mine[1]: mine[2], mine[4]: mine[3]}
    assert sides == {"mine": "next", "theirs": "later"}


def test_git_conflict_marker_size_is_used(tmp_path: Path) -> None:
    repo = driver_repo(tmp_path)
    command = (
        f"'{sys.executable}' -m trioboard merge-file --marker-size %L --ours-label %X --theirs-label %Y %O %A %B %P"
    )
    git_run(repo, "config", "merge.trioboard.driver", command)
    with (repo / ".gitattributes").open("a") as attributes:
        attributes.write("teams/*.yaml conflict-marker-size=12\n")
    git_run(repo, "commit", "-qam", "Longer markers")
    checkout = repo / "teams" / "checkout.yaml"
    start = checkout.read_text()
    git_run(repo, "checkout", "-q", "-b", "side")
    checkout.write_text(start.replace("horizon: now", "horizon: later", 1))
    git_run(repo, "commit", "-qam", "Later")
    git_run(repo, "checkout", "-q", "main")
    checkout.write_text(start.replace("horizon: now", "horizon: next", 1))
    git_run(repo, "commit", "-qam", "Next")
    assert git_run(repo, "merge", "-q", "--no-edit", "side", check=False).returncode != 0
    text = checkout.read_text()
    assert f"{'<' * 12} mine\n    horizon: next\n{'=' * 12}\n    horizon: later\n{'>' * 12} theirs\n" in text

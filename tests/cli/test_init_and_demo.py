"""`trioboard init` and `trioboard demo` against real git repositories in tmp_path."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from trioboard.cli import main

from helpers import REPO_ROOT, git


def test_init_creates_a_repository_and_commits_the_board(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "acme-h2"
    assert main(["init", str(target)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.split(" ", 1)[1] == "Create board Acme H2\n"
    assert git(target, "log", "--format=%an <%ae>|%s") == "Test Planner <planner@example.com>|Create board Acme H2\n"
    assert git(target, "show", "--name-only", "--format=", "HEAD") == (
        "board.yaml\nschema/board.schema.json\nschema/team.schema.json\nteams/.gitkeep\n"
    )
    assert git(target, "status", "--porcelain") == ""
    assert main(["check", str(target)]) == 0


def test_init_inside_a_work_tree_commits_only_the_board(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "staged.txt").write_text("someone's work\n")
    git(tmp_path, "add", "staged.txt")
    (tmp_path / "loose.txt").write_text("not staged\n")
    assert main(["init", str(tmp_path / "boards" / "acme"), "--name", "Acme [H2]"]) == 0
    assert (
        git(tmp_path, "show", "--name-only", "--format=%s", "HEAD")
        == "Create board Acme [H2]\n\nboards/acme/board.yaml\n"
        "boards/acme/schema/board.schema.json\nboards/acme/schema/team.schema.json\nboards/acme/teams/.gitkeep\n"
    )
    status = git(tmp_path, "status", "--porcelain")
    assert "A  staged.txt" in status and "?? loose.txt" in status
    assert (tmp_path / "boards" / "acme" / "board.yaml").read_text().count('name: "Acme [H2]"') == 1


def test_init_without_an_identity_says_how_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-config"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    target = tmp_path / "acme"
    assert main(["init", str(target)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("trioboard: error: git does not know who you are: run git config --global user.name")
    assert "--author" in err
    assert not target.exists()
    assert main(["init", str(target), "--author", "Dana Ortiz <dana@example.com>"]) == 0
    assert git(target, "log", "--format=%an <%ae> / %cn <%ce>") == (
        "Dana Ortiz <dana@example.com> / Dana Ortiz <dana@example.com>\n"
    )


def test_init_refuses_an_existing_board(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "a")]) == 0
    capsys.readouterr()
    assert main(["init", str(tmp_path / "a")]) == 2
    assert "already holds a board" in capsys.readouterr().err


def test_init_refuses_a_name_that_is_not_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "a"), "--name", "Acme\nSigned-off-by: Mallory"]) == 2
    assert "one line" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()


def test_demo_into_a_directory_is_a_committed_git_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo"
    assert main(["demo", "--into", str(target)]) == 0
    out, err = capsys.readouterr()
    assert f"The demo board is in {target}" in err
    assert "trust.yaml" in out
    assert git(target, "log", "--reverse", "--format=%s").splitlines()[0] == "Create the Fernway demo board"
    assert git(target, "status", "--porcelain") == ""
    files = git(target, "ls-files").split()
    assert "board.yaml" in files and "teams/checkout.yaml" in files
    assert len([f for f in files if f.endswith(".yaml")]) == 10
    assert len([f for f in files if f.startswith("evidence/") and f.endswith(".md")]) >= 30
    assert main(["demo", "--into", str(target)]) == 2
    assert "not an empty directory" in capsys.readouterr().err


def test_demo_into_a_directory_inside_a_repository_makes_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "mine.txt").write_text("the user's work\n")
    git(tmp_path, "add", "mine.txt")
    git(tmp_path, "commit", "-q", "-m", "mine")
    head = git(tmp_path, "rev-parse", "HEAD")
    target = tmp_path / "sub" / "demo"
    assert main(["demo", "--into", str(target)]) == 0
    assert "a git repository of its own" in capsys.readouterr().err
    assert git(tmp_path, "rev-parse", "HEAD") == head, "nothing was committed onto the user's branch"
    assert git(tmp_path, "log", "--format=%s") == "mine\n"
    assert Path(git(target, "rev-parse", "--show-toplevel").strip()) == target
    assert git(target, "log", "--reverse", "--format=%s").splitlines()[0] == "Create the Fernway demo board"
    assert len([f for f in git(target, "ls-files").split() if f.endswith(".yaml")]) == 10


def test_init_refuses_a_board_git_would_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("scratch/\n")
    assert main(["init", str(tmp_path / "scratch" / "plan")]) == 2
    assert "git ignores scratch/plan/board.yaml" in capsys.readouterr().err
    assert not (tmp_path / "scratch").exists()
    assert git(tmp_path, "log", "--all", "--oneline") == ""


def test_init_never_writes_through_a_fifo_or_a_dangling_link(tmp_path: Path) -> None:
    fifo_dir, link_dir = tmp_path / "fifo", tmp_path / "link"
    fifo_dir.mkdir()
    os.mkfifo(fifo_dir / "board.yaml")
    link_dir.mkdir()
    (link_dir / "board.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    for target, kind in ((fifo_dir, "a FIFO"), (link_dir, "a symbolic link")):
        # In a child with a timeout: writing into a FIFO no one reads would block forever.
        done = subprocess.run(
            [sys.executable, "-m", "trioboard", "init", str(target)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        assert done.returncode == 2
        assert done.stderr == (
            f"trioboard: error: {target / 'board.yaml'} is {kind}, not a regular file; trioboard will not write over it\n"
        )
        assert not (target / ".git").exists()
    assert stat.S_ISFIFO(os.lstat(fifo_dir / "board.yaml").st_mode)
    assert not (tmp_path / "elsewhere.yaml").exists()

"""A shallow, single-branch clone: the fetch trioboard advises is run literally, and the next command then works."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DEMO, REPO_ROOT, git


def trioboard(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trioboard", *args],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), "HOME": str(cwd)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def shallow(tmp_path: Path) -> Path:
    """A `--depth 1 --single-branch --branch plan-q3` clone (file:// URL) of a remote whose master moved on."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    work = tmp_path / "work"
    shutil.copytree(DEMO, work)
    git(work, "init", "-q", "-b", "master")
    for key, value in (("user.name", "Dana"), ("user.email", "dana@example.com")):
        git(work, "config", key, value)
    git(work, "add", "-A")
    git(work, "commit", "-qm", "Start")
    checkout = work / "teams" / "checkout.yaml"
    for n in range(3):
        checkout.write_text(checkout.read_text() + f"# master {n}\n")
        git(work, "commit", "-qam", f"Master {n}")
    git(work, "push", "-q", str(origin), "master")
    git(work, "checkout", "-q", "-b", "plan-q3")
    for n in range(3):
        checkout.write_text(checkout.read_text() + f"# plan {n}\n")
        git(work, "commit", "-qam", f"Plan {n}")
    git(work, "push", "-q", str(origin), "plan-q3")
    git(work, "checkout", "-q", "master")
    for n in range(3):
        checkout.write_text(checkout.read_text().replace("title: Keep carts", f"title: Keep carts {n}", 1))
        git(work, "commit", "-qam", f"Master later {n}")
    git(work, "push", "-q", str(origin), "master")
    clone = tmp_path / "clone"
    url = f"file://{origin}"
    git(tmp_path, "clone", "-q", "--depth", "1", "--single-branch", "--branch", "plan-q3", url, str(clone))
    return clone


def advice(stderr: str) -> list[str]:
    """The command after "with: " in a one-line error, as the user would type it."""
    assert stderr.startswith("trioboard: error: ") and stderr.count("\n") == 1, stderr
    command = stderr.split("with: ", 1)[1].split(" (", 1)[0].strip()
    assert command.startswith("git fetch ")
    return shlex.split(command)


def test_check_since_advises_a_fetch_that_works_in_a_single_branch_clone(shallow: Path) -> None:
    first = trioboard(shallow, "check", "--since", "origin/master")
    assert first.returncode == 2
    command = advice(first.stderr)
    assert "master:refs/remotes/origin/master" in command
    subprocess.run(command, cwd=shallow, check=True, capture_output=True)
    again = trioboard(shallow, "check", "--since", "origin/master")
    assert again.returncode in (0, 1), again.stderr
    assert "error" not in again.stderr


def test_diff_three_dots_where_the_merge_base_is_only_missing_says_how_to_fetch_it(shallow: Path) -> None:
    fetch = advice(trioboard(shallow, "check", "--since", "origin/master").stderr)
    subprocess.run(fetch, cwd=shallow, check=True, capture_output=True)
    first = trioboard(shallow, "diff", "origin/master...HEAD")
    assert first.returncode == 2
    assert "no common history" not in first.stderr
    assert "the common ancestor of origin/master and HEAD is not in this shallow clone" in first.stderr
    command = advice(first.stderr)
    assert "--deepen=100" in command
    subprocess.run(command, cwd=shallow, check=True, capture_output=True)
    again = trioboard(shallow, "diff", "origin/master...HEAD")
    assert again.returncode == 0, again.stderr
    assert again.stdout

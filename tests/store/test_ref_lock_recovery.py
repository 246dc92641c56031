"""A kill inside `git update-ref` (the branch's lock taken, the branch not moved): the next command recovers.

A `git` earlier on PATH stands for git: it passes every command to the real
one, except the first `update-ref` after the test arms it, where it takes
the branch's lock as git does (writing the new commit into it) and then
kills the trioboard process that ran it, and itself.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import REPO_ROOT, git
from helpers.remote import Remote, top

STOPPER = """
import os, signal, sys
args = sys.argv[1:]
git_dir = next(a.split("=", 1)[1] for a in args if a.startswith("--git-dir="))
rest = args[args.index("update-ref") + 1 :]
if rest[0] == "-m":
    rest = rest[2:]
ref, new = rest[0], rest[1]
common = os.path.join(git_dir, open(os.path.join(git_dir, "commondir")).read().strip()) if os.path.exists(
    os.path.join(git_dir, "commondir")) else git_dir
fd = os.open(os.path.join(common, ref + ".lock"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
if os.environ.get("STOP_BEFORE_WRITING") != "1":  # else killed between git's create and its write
    os.write(fd, (new + "\\n").encode())
os.close(fd)
os.unlink(os.environ["STOP_AT_UPDATE_REF"])  # only once
os.kill(os.getppid(), signal.SIGKILL)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.fixture
def stopping_path(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """(an environment whose `git` stops inside the next armed `update-ref`, the file that arms it)."""
    real = shutil.which("git")
    assert real is not None
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "stopper.py").write_text(STOPPER)
    wrapper = bin_dir / "git"
    wrapper.write_text(
        "#!/bin/sh\n"
        'if [ -e "$STOP_AT_UPDATE_REF" ]; then\n'
        '  case " $* " in *" update-ref "*) exec '
        f'"{sys.executable}" "{bin_dir / "stopper.py"}" "$@" ;; esac\n'
        "fi\n"
        f'exec "{real}" "$@"\n'
    )
    wrapper.chmod(0o755)
    arm = tmp_path / "armed"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO_ROOT),
        "STOP_AT_UPDATE_REF": str(arm),
    }
    return env, arm


def trioboard(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trioboard", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def who(name: str) -> list[str]:
    return ["--author", f"{name} <{name}@example.com>"]


def assert_consistent(board: Path, remote: Remote, *titles: str) -> None:
    """No lock left, nothing uncommitted, HEAD on the remote's tip, and every title in the board and the remote."""
    repo = top(board)
    assert not list((repo / ".git" / "refs").rglob("*.lock"))
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "rev-parse", "HEAD").strip() == remote.head()
    for title in titles:
        assert title in remote.board_file("teams/checkout.yaml")
        assert title in (board / "teams" / "checkout.yaml").read_text()


def test_a_sync_killed_inside_update_ref_is_rolled_back_and_the_next_sync_lands(
    tmp_path: Path, stopping_path: tuple[dict[str, str], Path]
) -> None:
    env, arm = stopping_path
    remote = Remote(tmp_path)
    alice, bob = remote.clone("alice"), remote.clone("bob")
    assert (
        trioboard(env, "edit", "--board", str(alice), *who("alice"), "set", "saved-carts", "title=Alice's").returncode
        == 0
    )
    assert trioboard(env, "sync", "--board", str(alice)).returncode == 0
    assert (
        trioboard(env, "edit", "--board", str(bob), *who("bob"), "set", "guest-checkout", "title=Bob's").returncode == 0
    )
    before = git(top(bob), "rev-parse", "HEAD")
    arm.touch()
    killed = trioboard(env, "sync", "--board", str(bob), *who("bob"))
    assert killed.returncode == -signal.SIGKILL
    lock = top(bob) / ".git" / "refs" / "heads" / "main.lock"
    assert lock.exists() and git(top(bob), "rev-parse", "HEAD") == before  # the state the issue found
    again = trioboard(env, "sync", "--board", str(bob), *who("bob"))
    assert again.returncode == 0, again.stderr
    assert "rolled back an edit that was interrupted: Sync with origin/main" in again.stderr
    assert f"the branch lock it left, {lock}, was removed" in again.stderr
    assert_consistent(bob, remote, "Alice's", "Bob's")


def killed_edit(
    tmp_path: Path, stopping_path: tuple[dict[str, str], Path], title: str, *, written: bool = True
) -> Path:
    """Bob's clone, where an edit setting `title` was killed inside `update-ref` (the branch's lock left).

    `written`: git had written the new commit into the lock (else it was killed just after creating it).
    """
    env, arm = stopping_path
    bob = Remote(tmp_path).clone("bob")
    arm.touch()
    args = ["edit", "--board", str(bob), *who("bob"), "set", "guest-checkout", f"title={title}"]
    killed = trioboard({**env, "STOP_BEFORE_WRITING": "0" if written else "1"}, *args)
    assert killed.returncode == -signal.SIGKILL
    assert ((top(bob) / ".git" / "refs" / "heads" / "main.lock").read_text() != "") == written
    return bob


@pytest.mark.parametrize("written", [True, False])
def test_an_edit_killed_inside_update_ref_is_rolled_back_and_the_next_edit_commits(
    tmp_path: Path, stopping_path: tuple[dict[str, str], Path], written: bool
) -> None:
    env, _ = stopping_path
    bob = killed_edit(tmp_path, stopping_path, "Lost", written=written)
    done = trioboard(env, "edit", "--board", str(bob), *who("bob"), "set", "saved-carts", "title=Kept")
    assert done.returncode == 0, done.stderr
    assert "rolled back an edit that was interrupted" in done.stderr
    assert git(top(bob), "status", "--porcelain") == ""
    text = (bob / "teams" / "checkout.yaml").read_text()
    assert "title: Kept" in text and "Lost" not in text
    assert git(top(bob), "log", "-1", "--format=%s").strip().startswith("Retitle")


def test_a_lock_that_is_not_provably_ours_is_never_touched(
    tmp_path: Path, stopping_path: tuple[dict[str, str], Path]
) -> None:
    env, _ = stopping_path
    bob = killed_edit(tmp_path, stopping_path, "Maybe")
    lock = top(bob) / ".git" / "refs" / "heads" / "main.lock"
    lock.write_text("0" * 40 + "\n")  # someone else's value now: not what trioboard's update-ref wrote
    refused = trioboard(env, "edit", "--board", str(bob), *who("bob"), "set", "saved-carts", "title=Later")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1
    assert f"the branch is locked: {lock} exists" in refused.stderr
    assert "once no git command is running in this repository, it is safe to remove that file" in refused.stderr
    assert lock.read_text() == "0" * 40 + "\n"
    lock.unlink()  # what the message says to do
    done = trioboard(env, "edit", "--board", str(bob), *who("bob"), "set", "saved-carts", "title=Later")
    assert done.returncode == 0, done.stderr
    assert git(top(bob), "status", "--porcelain") == ""
    assert "Maybe" not in (bob / "teams" / "checkout.yaml").read_text()


def test_a_lock_git_holds_without_a_journal_is_named_with_what_to_do(
    tmp_path: Path, stopping_path: tuple[dict[str, str], Path]
) -> None:
    env, _ = stopping_path
    remote = Remote(tmp_path)
    bob = remote.clone("bob")
    lock = top(bob) / ".git" / "refs" / "heads" / "main.lock"
    lock.write_text("")
    refused = trioboard(env, "edit", "--board", str(bob), *who("bob"), "set", "saved-carts", "title=Later")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert f"the branch is locked: {lock} exists" in refused.stderr
    assert lock.exists()
    assert git(top(bob), "status", "--porcelain") == ""


@pytest.mark.slow
def test_syncs_killed_at_random_moments_leave_a_state_the_next_sync_finishes(
    tmp_path: Path, stopping_path: tuple[dict[str, str], Path]
) -> None:
    env, _ = stopping_path
    env = {k: v for k, v in env.items() if k != "STOP_AT_UPDATE_REF"}
    remote = Remote(tmp_path)
    alice, bob = remote.clone("alice"), remote.clone("bob")
    rng = random.Random(18)
    titles: list[str] = []
    for n in range(15):
        for name, board, item in (("alice", alice, "saved-carts"), ("bob", bob, "guest-checkout")):
            title = f"{name} {n}"
            done = trioboard(env, "edit", "--board", str(board), *who(name), "set", item, f"title={title}")
            assert done.returncode == 0, done.stderr
            titles.append(title)
        assert trioboard(env, "sync", "--board", str(alice), *who("alice")).returncode == 0
        proc = subprocess.Popen(
            [sys.executable, "-m", "trioboard", "sync", "--board", str(bob), *who("bob")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for board, name in ((bob, "bob"), (alice, "alice")):
            done = trioboard(env, "sync", "--board", str(board), *who(name))
            assert done.returncode == 0, done.stderr
        assert_consistent(bob, remote, f"alice {n}", f"bob {n}")
        assert_consistent(alice, remote, f"alice {n}", f"bob {n}")

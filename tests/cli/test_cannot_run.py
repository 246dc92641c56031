"""Faults around the edges: each is exit 2 and one line on stderr, never a traceback.

Real repositories under tmp_path. Permission faults run the command in a
child process without root's power to override file modes (`setpriv`), so
they bite even when the tests run as root.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import DEMO, git, run


def demo_repo(top: Path, board: str = "board") -> Path:
    """A repository at `top` with the demo board at `top/board`, committed."""
    shutil.copytree(DEMO, top / board)
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "board")
    return top / board


def one_error_line(err: str) -> str:
    assert err.startswith("trioboard: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_git_missing_from_path_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_repo(tmp_path)
    env = {**os.environ, "PATH": str(tmp_path / "no-bin")}
    for args in (["edit", "set", "one-click-pay", "title=X"], ["log"], ["install-git"], ["diff", "HEAD~0"]):
        done = subprocess.run(
            [sys.executable, "-m", "trioboard", *args, "--board", str(root)], capture_output=True, text=True, env=env
        )
        assert done.returncode == 2, (args, done.stderr)
        assert "git" in one_error_line(done.stderr) and "PATH" in done.stderr
    assert (root / "teams" / "checkout.yaml").read_bytes() == (DEMO / "teams" / "checkout.yaml").read_bytes()


@pytest.mark.parametrize("name", ["Da\x1fna", "Da\x1bna", "Da\x7fna", "Dana\u2028Ortiz"])
def test_an_author_with_a_control_character_is_refused(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    head = git(tmp_path, "rev-parse", "HEAD")
    code, out, err = run(
        ["edit", "set", "one-click-pay", "title=X", "--board", "board", "--author", f"{name} <d@e.com>"], capsys
    )
    assert (code, out) == (2, "")
    assert "--author" in one_error_line(err)
    assert git(tmp_path, "rev-parse", "HEAD") == head
    assert run(["log", "--board", str(root)], capsys)[0] == 0


def test_log_reads_a_commit_whose_author_holds_a_field_separator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_repo(tmp_path)
    team = root / "teams" / "checkout.yaml"
    team.write_text(team.read_text().replace("title: One-click pay", "title: One-click payments", 1))
    git(tmp_path, "-c", "user.name=Da\x1fna", "commit", "-q", "-am", "by a hostile name")
    code, out, err = run(["log", "--board", str(root)], capsys)
    assert (code, err) == (0, "")
    assert "Da\\x1fna" in out.splitlines()[0]


def test_a_board_symlinked_outside_the_repository_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(DEMO, outside)
    top = tmp_path / "repo"
    (top / "boards").mkdir(parents=True)
    (top / "boards" / "acme").symlink_to(outside)
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "a link")
    monkeypatch.chdir(top)
    for args in (
        ["edit", "set", "one-click-pay", "title=X", "--board", "boards/acme"],
        ["log", "--board", "boards/acme"],
        ["diff", "HEAD", "--board", "boards/acme"],
        ["install-git", "--board", "boards/acme"],
        ["check", "boards/acme", "--since", "HEAD"],
    ):
        code, _, err = run(args, capsys)
        assert code == 2, args
        assert "outside" in one_error_line(err)
    assert (outside / "teams" / "checkout.yaml").read_bytes() == (DEMO / "teams" / "checkout.yaml").read_bytes()
    assert run(["check", "boards/acme"], capsys)[0] == 1, "reading it needs no repository: the demo's findings"


def test_log_of_a_board_whose_directory_name_holds_a_newline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_repo(tmp_path, "boards/a\nb")
    monkeypatch.chdir(tmp_path)
    assert run(["edit", "set", "one-click-pay", "title=X", "--board", str(root)], capsys)[0] == 0
    code, out, err = run(["log", "--board", str(root)], capsys)
    assert (code, err) == (0, "")
    assert "retitled item one-click-pay" in out.splitlines()[0]
    assert len(out.splitlines()) == 3


def unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`trioboard ARGS` in a child that file modes bind, even when the tests run as root."""
    command = [sys.executable, "-m", "trioboard", *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: file modes cannot be made to bind")
        command = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", *command]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    """Directories to make writable again after the test, so tmp_path can be cleaned."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        if path.exists():
            path.chmod(0o755)


def freeze(path: Path, frozen: list[Path]) -> None:
    path.chmod(0o555)
    frozen.append(path)


def assert_nothing_changed(top: Path, head: str) -> None:
    assert git(top, "rev-parse", "HEAD") == head
    assert git(top, "status", "--porcelain") == ""
    assert not (top / ".git" / "trioboard" / "edit.json").exists(), "no journal is left behind"


def test_a_lock_that_is_a_directory_is_one_line(tmp_path: Path) -> None:
    demo_repo(tmp_path)
    head = git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / ".git" / "trioboard" / "lock").mkdir(parents=True)
    done = unprivileged(["edit", "set", "one-click-pay", "title=X", "--board", "board"], tmp_path)
    assert done.returncode == 2
    assert "lock" in one_error_line(done.stderr)
    assert_nothing_changed(tmp_path, head)


def test_a_state_directory_that_is_not_writable_is_one_line(tmp_path: Path, read_only: list[Path]) -> None:
    demo_repo(tmp_path)
    head = git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / ".git" / "trioboard").mkdir()
    freeze(tmp_path / ".git" / "trioboard", read_only)
    done = unprivileged(["edit", "set", "one-click-pay", "title=X", "--board", "board"], tmp_path)
    assert done.returncode == 2
    assert ".git/trioboard" in one_error_line(done.stderr)
    assert_nothing_changed(tmp_path, head)


def test_a_teams_directory_that_is_not_writable_is_one_line(tmp_path: Path, read_only: list[Path]) -> None:
    demo_repo(tmp_path)
    head = git(tmp_path, "rev-parse", "HEAD")
    freeze(tmp_path / "board" / "teams", read_only)
    for args in (["set", "one-click-pay", "title=X"], ["add-team", "newteam", "--name", "New"]):
        done = unprivileged(["edit", *args, "--board", "board"], tmp_path)
        assert done.returncode == 2, done.stderr
        assert "teams" in one_error_line(done.stderr)
        assert_nothing_changed(tmp_path, head)
    assert (tmp_path / "board" / "teams" / "checkout.yaml").read_bytes() == (
        DEMO / "teams" / "checkout.yaml"
    ).read_bytes()


def test_log_without_a_writable_cache_still_reads_the_history(tmp_path: Path, read_only: list[Path]) -> None:
    demo_repo(tmp_path)
    (tmp_path / ".git" / "trioboard").mkdir()
    freeze(tmp_path / ".git" / "trioboard", read_only)
    done = unprivileged(["log", "--board", "board"], tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert "added 5 goals" in done.stdout
    freeze(tmp_path / ".git", read_only)
    (tmp_path / ".git" / "trioboard").chmod(0o755)
    (tmp_path / ".git" / "trioboard").rmdir()
    done = unprivileged(["log", "--board", "board"], tmp_path)
    assert (done.returncode, done.stderr) == (0, "")

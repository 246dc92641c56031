"""store.git: the runner's error line, the object reader, refs and revisions, on real repositories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from trioboard.core.errors import GitError
from trioboard.store.git import config, objects, refs, revisions
from trioboard.store.git.repository import BoardRepo, find_git_dir, locate
from trioboard.store.git.runner import GitAt, git_reason


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def commit(top: Path, path: str, text: str, message: str) -> str:
    (top / path).parent.mkdir(parents=True, exist_ok=True)
    (top / path).write_text(text)
    git(top, "add", "-A")
    git(top, "commit", "-qm", message)
    return git(top, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    top = tmp_path / "top"
    top.mkdir()
    git(top, "init", "-q")
    return top


def board(top: Path) -> BoardRepo:
    (top / "board").mkdir(exist_ok=True)
    return locate(top / "board")


# -- the error line ------------------------------------------------------------------


def test_git_reason_is_the_first_fatal_or_error_line() -> None:
    stderr = (
        "fatal: '/tmp/gone.git' does not appear to be a git repository\n"
        "fatal: Could not read from remote repository.\n\n"
        "Please make sure you have the correct access rights\n"
    )
    assert git_reason(stderr) == "fatal: '/tmp/gone.git' does not appear to be a git repository"
    assert git_reason("hint: one\nhint: two\nerror: the cause\nfatal: the consequence\n") == "error: the cause"
    assert git_reason("hint: advice\nthe message\n") == "the message"
    assert git_reason("") == "no reason given"


def test_a_failing_command_raises_one_line_naming_the_verb(repo: Path) -> None:
    where = board(repo)
    with pytest.raises(GitError) as failed:
        where.git.run("cat-file", "-p", "no-such-object")
    assert str(failed.value).startswith("git cat-file failed: fatal: ")
    assert "\n" not in str(failed.value)


# -- objects -------------------------------------------------------------------------


def test_read_all_reads_a_list_in_order_and_none_for_a_missing_name(repo: Path) -> None:
    commit(repo, "a.txt", "alpha\n", "a")
    commit(repo, "b.txt", "beta\n", "b")
    where = board(repo)
    found = objects.read_all(where.git, ["HEAD:b.txt", "HEAD:missing", "HEAD:a.txt", "bad\nname"])
    assert [f.data if f else None for f in found] == [b"beta\n", None, b"alpha\n", None]
    assert found[0] is not None and found[0].kind == "blob" and found[0].sha == objects.blob_id(b"beta\n")
    assert objects.read_all(GitAt(repo), ["HEAD:a.txt"])[0] is not None, "also from a directory alone"
    assert objects.read_all(where.git, []) == []


def test_objects_streams_answers_from_one_process(repo: Path) -> None:
    commit(repo, "a.txt", "alpha\n", "a")
    reader = objects.Objects(board(repo).git)
    try:
        assert reader.read("HEAD:a.txt") == (objects.blob_id(b"alpha\n"), "blob", b"alpha\n")
        assert reader.read("HEAD:none") is None
        tree = reader.read("HEAD^{tree}")
        assert tree is not None and [name for _, name, _ in objects.tree_entries(tree[2])] == ["a.txt"]
    finally:
        reader.close()


# -- refs -----------------------------------------------------------------------------


def test_ref_stats_names_head_the_branch_and_packed_refs(repo: Path) -> None:
    commit(repo, "a.txt", "a\n", "a")
    git(repo, "pack-refs", "--all")
    commit(repo, "a.txt", "b\n", "b")  # the branch is a loose ref again, packed-refs stays
    git_dir = repo / ".git"
    stats = refs.ref_stats(git_dir)
    assert [Path(path) for path, *_ in stats] == [
        git_dir / "HEAD",
        git_dir / "packed-refs",
        git_dir / "refs" / "heads" / "main",
    ]
    info = os.lstat(git_dir / "HEAD")
    assert stats[0][1:] == (info.st_size, info.st_mtime_ns, info.st_ino)
    assert refs.ref_stats(repo / "nothing") == []


def test_ref_stats_of_a_linked_worktree_follow_commondir(repo: Path, tmp_path: Path) -> None:
    commit(repo, "a.txt", "a\n", "a")
    other = tmp_path / "other"
    git(repo, "worktree", "add", "-q", "-b", "side", str(other))
    git_dir = find_git_dir(other)
    assert git_dir is not None and git_dir.parent.parent == (repo / ".git").resolve()
    paths = [Path(path) for path, *_ in refs.ref_stats(git_dir)]
    assert paths[0] == git_dir / "HEAD"
    assert (repo / ".git" / "refs" / "heads" / "side").resolve() in [p.resolve() for p in paths]


def test_branch_tip_and_has_head(repo: Path) -> None:
    where = board(repo)
    assert not refs.has_head(where)
    assert refs.branch_tip(where) == ("refs/heads/main", None)
    sha = commit(repo, "a.txt", "a\n", "a")
    assert refs.has_head(where)
    assert refs.branch_tip(where) == ("refs/heads/main", sha)
    git(repo, "checkout", "-q", "--detach")
    with pytest.raises(refs.Busy, match="detached"):
        refs.branch_tip(where)


# -- revisions and remotes -------------------------------------------------------------


def test_has_parent_and_count_commits(repo: Path) -> None:
    first = commit(repo, "a.txt", "1\n", "one")
    second = commit(repo, "a.txt", "2\n", "two")
    third = commit(repo, "a.txt", "3\n", "three")
    where = board(repo)
    assert not revisions.has_parent(where, first)
    assert revisions.has_parent(where, third)
    assert revisions.count_commits(where, third) == 3
    assert revisions.count_commits(where, third, excluding=first) == 2
    assert revisions.count_commits(where, second, excluding=third) == 0


def test_newest_touching_board(repo: Path) -> None:
    where = board(repo)
    with pytest.raises(GitError):
        revisions.newest_touching_board(where)  # no HEAD yet
    commit(repo, "elsewhere.txt", "x\n", "outside")
    assert revisions.newest_touching_board(where) is None
    sha = commit(repo, "board/board.yaml", "name: b\n", "Create the board")
    commit(repo, "elsewhere.txt", "y\n", "outside again")
    assert revisions.newest_touching_board(where) == (sha, "Test Planner", "Create the board")


def test_remotes(repo: Path, tmp_path: Path) -> None:
    where = board(repo)
    assert not config.has_remote(where.git)
    git(repo, "remote", "add", "origin", str(tmp_path / "origin.git"))
    assert config.has_remote(where.git)
    assert config.remotes(where.git) == ["origin"]


def test_config_values(repo: Path) -> None:
    where = board(repo)
    git(repo, "config", "commit.gpgsign", "yes")
    assert config.flag(where.git, "commit.gpgsign")
    assert not config.flag(where.git, "no.such")
    assert config.value(where.git, "user.name") == "Test Planner"
    assert config.value(GitAt(repo, literal=False), "user.name") == "Test Planner"
    assert config.value(where.git, "no.such") == ""
    assert not config.any_matching(where.git, r"^filter\.")

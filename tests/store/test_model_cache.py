"""The parsed models kept between runs: a large board opens without parsing its YAML again."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from trioboard.store import files, model_cache
from trioboard.store.git.repository import find_git_dir
from trioboard.workspace import Workspace

from helpers import DEMO


@pytest.fixture
def board(tmp_path: Path) -> Path:
    root = tmp_path / "repo" / "boards" / "demo"
    shutil.copytree(DEMO, root)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "repo", check=True)
    return root


def test_a_second_open_parses_only_the_file_that_changed(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = Workspace(board)
    first = opened.state()
    # Reading the board writes nothing: the views show it first, then keep the models.
    assert not list((board.parent.parent / ".git" / "trioboard").glob("models-*.pickle"))
    opened.keep_models()
    cached = list((board.parent.parent / ".git" / "trioboard").glob("models-*.pickle"))
    assert len(cached) == 1
    growth = board / "teams" / "growth.yaml"
    growth.write_text(growth.read_text().replace("Dark mode for the app", "Dark mode everywhere"))
    parsed: list[str] = []
    real = files.read_source

    def counting(root: Path, path: str) -> object:
        parsed.append(path)
        return real(root, path)

    monkeypatch.setattr("trioboard.workspace.reader.read_source", counting)
    second = Workspace(board).state()
    assert parsed == ["teams/growth.yaml"]
    assert second.analysis.index["dark-mode"].title == "Dark mode everywhere"
    assert [f.message for f in second.findings] == [f.message for f in first.findings]


def test_a_cache_that_cannot_be_read_is_ignored(board: Path) -> None:
    opened = Workspace(board)
    opened.state()
    opened.keep_models()
    (cached,) = (board.parent.parent / ".git" / "trioboard").glob("models-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert model_cache.read(board) == {}
    assert len(Workspace(board).state().board.items()) > 40


def test_no_repository_no_cache(tmp_path: Path) -> None:
    root = tmp_path / "loose"
    shutil.copytree(DEMO, root)
    assert find_git_dir(root) is None
    opened = Workspace(root)
    opened.state()
    opened.keep_models()
    assert not list(root.rglob("*.pickle"))


def test_a_linked_worktree_keeps_its_cache_in_its_own_git_directory(board: Path, tmp_path: Path) -> None:
    top = board.parent.parent
    subprocess.run(["git", "add", "-A"], cwd=top, check=True)
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "A"}
    env["GIT_COMMITTER_EMAIL"] = "a@x"
    subprocess.run(["git", "commit", "-qm", "board"], cwd=top, check=True, env=env)
    other = tmp_path / "other"
    subprocess.run(["git", "worktree", "add", "-q", str(other)], cwd=top, check=True)
    found = find_git_dir(other / "boards" / "demo")
    assert found is not None and found.parent.parent == top / ".git"
    opened = Workspace(other / "boards" / "demo")
    opened.state()
    opened.keep_models()
    assert list(found.glob("trioboard/models-*.pickle"))


def test_a_cache_behind_a_link_is_neither_read_nor_written(board: Path, tmp_path: Path) -> None:
    """A pickle is code: one reached through a link in .git/trioboard is never loaded."""
    opened = Workspace(board)
    opened.state()
    opened.keep_models()
    (cached,) = (board.parent.parent / ".git" / "trioboard").glob("models-*.pickle")
    elsewhere = tmp_path / "elsewhere.pickle"
    cached.rename(elsewhere)
    cached.symlink_to(elsewhere)
    assert model_cache.read(board) == {}
    state_dir = cached.parent
    shutil.rmtree(state_dir)
    outside = tmp_path / "outside"
    outside.mkdir()
    state_dir.symlink_to(outside)
    assert model_cache.read(board) == {}
    model_cache.write(board, {})
    assert not list(outside.iterdir())

"""Git: find the work tree, know who the author is, and commit given paths only.

trioboard's commits touch only the board files they name: anything else a
person has staged or changed stays exactly as it was. They run no hooks:
a hook belongs to people's own commits (run `trioboard check` there), and a
hook that edits or refuses files would break the one-change-one-commit rule.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import git

from trioboard.core.tree import SourceFile
from trioboard.store.files import (
    BOARD_FILE,
    MAX_FILE_BYTES,
    TEAMS_DIR,
    parse_source,
    refused_source,
    select_team_files,
)

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_AUTHOR = re.compile(r"\s*([^<>\n]+?)\s*<([^<>\s]+)>\s*")


class GitError(Exception):
    """A git operation trioboard needs could not be done; the message says why."""


class NoIdentity(GitError):
    """Neither git config nor --author says who is committing."""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a commit is by."""

    name: str
    email: str

    def env(self) -> dict[str, str]:
        """Environment for git so that author and committer are this person."""
        return {
            "GIT_AUTHOR_NAME": self.name,
            "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": self.name,
            "GIT_COMMITTER_EMAIL": self.email,
        }


def parse_author(text: str) -> Identity:
    """`Name <email>` → Identity, or NoIdentity naming the expected form."""
    match = _AUTHOR.fullmatch(text)
    if not match:
        raise NoIdentity(f"--author must look like 'Name <email>', not {text!r}")
    return Identity(match.group(1), match.group(2))


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding `path`, or None."""
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    if repo.bare or repo.working_tree_dir is None:
        return None
    return Path(repo.working_tree_dir)


def init(path: Path) -> Path:
    """`git init` at `path`; returns the work tree."""
    git.Repo.init(path)
    return path


def identity(where: Path, author: str | None) -> Identity:
    """Who commits: `--author` if given, else git's configured user; never a guess.

    `where` is the work tree (or, before `git init`, the directory) whose
    config applies. GitPython would otherwise invent `root@hostname`.
    """
    if author is not None:
        return parse_author(author)
    name = os.environ.get("GIT_AUTHOR_NAME") or _config(where, "user.name")
    email = os.environ.get("GIT_AUTHOR_EMAIL") or _config(where, "user.email")
    if not name or not email:
        raise NoIdentity(
            'git does not know who you are: run git config --global user.name "Your Name" '
            'and git config --global user.email you@example.com, or pass --author "Name <email>"'
        )
    return Identity(name, email)


def _config(where: Path, key: str) -> str:
    try:
        return str(git.Git(str(where)).config("--get", key)).strip()
    except git.GitCommandError:
        return ""


def commit_paths(top: Path, paths: list[Path], message: str, who: Identity) -> str:
    """Commit exactly `paths` (added or changed) with `message`; returns the short hash.

    `git commit --only` takes the named paths from the work tree and leaves
    the rest of the index as it was, staged changes included. `--no-verify`
    skips hooks, for the reason in the module docstring.
    """
    repo = git.Repo(top)
    message = one_line(message)
    rel = [str(p.relative_to(top)) for p in paths]
    env = {**who.env(), "GIT_TERMINAL_PROMPT": "0"}
    try:
        repo.git.add("--", *rel, env=env)
        repo.git.commit("--only", "--no-verify", "--no-edit", "-m", message, "--", *rel, env=env)
        return str(repo.git.rev_parse("--short", "HEAD"))
    except git.GitCommandError as exc:
        detail = (exc.stderr or "").strip().splitlines()
        raise GitError(f"git commit failed: {detail[-1] if detail else exc}") from None


def one_line(message: str) -> str:
    """A commit subject that no text can turn into a second line or a trailer."""
    return " ".join(_CONTROL.sub(" ", message).split())


class RevisionError(GitError):
    """A revision that does not name a commit."""


def open_repo(path: Path) -> git.Repo:
    """The repository whose work tree holds `path`, or GitError saying it is not in one."""
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{path} is not in a git work tree") from None
    if repo.bare or repo.working_tree_dir is None:
        raise GitError(f"{path} is not in a git work tree")
    return repo


def resolve_commit(repo: git.Repo, rev: str) -> git.Commit:
    """The commit `rev` names, or RevisionError."""
    if rev.startswith("-"):
        raise RevisionError(f"unknown revision {rev!r}")
    try:
        return repo.commit(rev)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError):
        raise RevisionError(f"unknown revision {rev!r}") from None


def board_sources_at(board_root: Path, rev: str) -> list[SourceFile] | None:
    """The board's files as they were at `rev`, parsed; None when it had no board there.

    Reads blobs from git's object store, never the work tree, with the same
    file selection and the same refusals (symlinks, size) as reading from disk.
    """
    repo = open_repo(board_root)
    commit = resolve_commit(repo, rev)
    top = Path(str(repo.working_tree_dir)).resolve()
    rel = board_root.resolve().relative_to(top).as_posix()
    try:
        tree = commit.tree if rel == "." else commit.tree / rel
        board = tree / BOARD_FILE
    except KeyError:
        return None
    if tree.type != "tree" or board.type != "blob":
        return None
    sources = [_blob_source(BOARD_FILE, board)]
    try:
        teams = tree / TEAMS_DIR
    except KeyError:
        return sources
    if teams.type != "tree":
        return [*sources, refused_source(TEAMS_DIR, "is not a directory")]
    names = [entry.name for entry in teams.blobs]
    paths, refused = select_team_files(names)
    for path in paths:
        sources.append(_blob_source(path, teams / path.rsplit("/", 1)[1]))
    return sources + refused


def _blob_source(path: str, blob: git.Blob) -> SourceFile:
    if blob.mode == _SYMLINK_MODE:
        return refused_source(path, "is a symbolic link; trioboard reads only regular files in the board")
    if blob.size > MAX_FILE_BYTES:
        return refused_source(path, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return parse_source(path, blob.data_stream.read())


_SYMLINK_MODE = 0o120000

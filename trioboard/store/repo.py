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

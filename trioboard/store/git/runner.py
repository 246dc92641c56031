"""The one way trioboard runs git.

Every git command goes through `Git.run` (or `Git.popen` for a long-lived
`cat-file --batch`), with:

- the repository named explicitly (`--git-dir`, `--work-tree`), resolved once
  from the board's path. `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE` and
  the other variables git sets for its hooks are removed from the
  environment: a board's files are never written in one repository and
  committed in another;
- `--literal-pathspecs`: a board directory named `boards/b*` is that
  directory, never a glob matching `boards/bx`;
- `-c core.hooksPath=/dev/null`: no hook runs for trioboard's plumbing (a
  `reference-transaction` hook that refuses would otherwise read as "the
  branch moved"). Checks belong in the user's own hooks and CI;
- one error type, `GitError`, whose message is one line a person can act on:
  `git_reason` picks that line from git's standard error, for every caller.

Configuration is read through `store.git.config`, objects through
`store.git.objects`; nothing else in trioboard starts git.
"""

from __future__ import annotations

import errno
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from trioboard.core.errors import GitError

_REDIRECTING = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_LITERAL_PATHSPECS",
    "GIT_GLOB_PATHSPECS",
    "GIT_NOGLOB_PATHSPECS",
    "GIT_ICASE_PATHSPECS",
    "GIT_QUARANTINE_PATH",
)
"""Variables that make git act on another repository, index or pathspec language than the board's."""

NO_SPACE = "there is no disk space left; nothing was changed"


class NoSpace(GitError):
    """The disk is full: reported as such, never as something else going wrong."""

    def __init__(self, message: str = NO_SPACE) -> None:
        super().__init__(message)


class GitMissing(GitError):
    """git itself cannot be run."""

    def __init__(self) -> None:
        super().__init__("git is not installed or not on PATH; trioboard needs it for this")


class Runs(Protocol):
    """A runner bound to a repository (`Git`) or to a directory (`GitAt`)."""

    def run_bytes(self, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> bytes:
        """`git ARGS`'s standard output; GitError when it fails."""
        ...


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a git child: the user's, minus what would point git elsewhere."""
    env = {k: v for k, v in os.environ.items() if k not in _REDIRECTING}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.update(extra or {})
    return env


def git_reason(stderr: str) -> str:
    """The one line of git's standard error that says why it failed.

    The first `fatal:` or `error:` line names the cause; the ones after it
    are consequences ("Could not read from remote repository", "failed to
    write commit object") and the advice that follows. Without such a line,
    the last line: hints come before the message they explain.
    """
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    if fatal:
        return fatal[0]
    return lines[-1] if lines else "no reason given"


def _is_no_space(stderr: str) -> bool:
    return "No space left on device" in stderr or "Disk quota exceeded" in stderr


def run_bare(args: list[str], cwd: Path, *, stdin: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    """Run git where no repository is known yet (`rev-parse`, `init`); the environment is cleaned.

    `cwd` may not exist yet (a board about to be created): git runs in its nearest existing parent.
    """
    while not cwd.is_dir() and cwd.parent != cwd:
        cwd = cwd.parent
    return _run(["git", "-c", "core.hooksPath=/dev/null", *args], cwd, clean_env(env), stdin)


def _run(argv: list[str], cwd: Path, env: dict[str, str], stdin: bytes | None) -> bytes:
    try:
        done = subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise GitMissing() from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise NoSpace() from None
        raise GitError(f"git could not be run: {exc.strerror}") from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        if _is_no_space(stderr):
            raise NoSpace()
        what = next((a for a in argv[1:] if not a.startswith("-") and "=" not in a), "git")
        raise GitError(f"git {what} failed: {git_reason(stderr) if stderr.strip() else f'exit {done.returncode}'}")
    return done.stdout


@dataclass(frozen=True, slots=True)
class Git:
    """git, bound to one repository and its work tree."""

    git_dir: Path
    top: Path

    def argv(self, args: tuple[str, ...]) -> list[str]:
        """The whole command line for `git ARGS` in this repository."""
        return [
            "git",
            f"--git-dir={self.git_dir}",
            f"--work-tree={self.top}",
            "--literal-pathspecs",
            "-c",
            "core.hooksPath=/dev/null",
            *args,
        ]

    def run(self, *args: str, env: dict[str, str] | None = None, stdin: bytes | str | None = None) -> str:
        """`git ARGS`'s standard output as text; GitError (one line) when it fails."""
        data = stdin.encode("utf-8", "surrogateescape") if isinstance(stdin, str) else stdin
        return self.run_bytes(*args, env=env, stdin=data).decode("utf-8", "surrogateescape")

    def run_bytes(self, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> bytes:
        """`git ARGS`'s standard output as bytes; GitError (one line) when it fails."""
        return _run(self.argv(args), self.top, clean_env(env), stdin)

    def attempt(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`git ARGS` whose failure the caller reads itself (fetch, push, merge-tree): exit code and output."""
        try:
            return subprocess.run(
                self.argv(args),
                cwd=self.top,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=clean_env(),
                check=False,
            )
        except FileNotFoundError:
            raise GitMissing() from None

    def ok(self, *args: str) -> bool:
        """Whether `git ARGS` succeeds (for questions git answers with its exit code)."""
        try:
            self.run_bytes(*args)
        except NoSpace:
            raise
        except GitError:
            return False
        return True

    def popen(self, *args: str) -> subprocess.Popen[bytes]:
        """A long-lived `git ARGS` with pipes (for `cat-file --batch`)."""
        try:
            return subprocess.Popen(
                self.argv(args),
                cwd=self.top,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=clean_env(),
            )
        except FileNotFoundError:
            raise GitMissing() from None


@dataclass(frozen=True, slots=True)
class GitAt:
    """git run in a directory, finding the repository there as git itself does.

    For a path before its repository is located (`store.tracking` reads the
    index of whatever work tree holds a board, without locating it first).
    The environment is cleaned and hooks are off, as for `Git`.
    """

    cwd: Path
    literal: bool = True
    """Pathspecs are literal (`--literal-pathspecs`); `check-ignore` takes paths and refuses the option."""

    def run_bytes(self, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> bytes:
        """`git ARGS`'s standard output as bytes; GitError (one line) when it fails."""
        literal = ["--literal-pathspecs"] if self.literal else []
        return run_bare([*literal, *args], self.cwd, stdin=stdin, env=env)

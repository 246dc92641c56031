"""Revisions: what a name means to git, and questions about commits and their history.

Anything git takes as a revision works (`HEAD@{yesterday}`, `:/message`,
`main...`): git resolves it, never a reimplementation. In a shallow clone a
revision that is not there says so and names the fetch that brings it.
"""

from __future__ import annotations

from pathlib import Path

from trioboard.core.errors import GitError, RevisionError
from trioboard.store.git import config
from trioboard.store.git.repository import BoardRepo, locate


def rev_parse(where: BoardRepo, rev: str) -> str:
    """The full id of the commit `rev` names, as `git rev-parse` reads it, or RevisionError saying why."""
    if rev.startswith("-"):
        raise RevisionError(f"unknown revision {rev!r}")
    done = where.git.attempt("rev-parse", "--verify", "--end-of-options", rev)
    if done.returncode != 0:
        raise RevisionError(_unknown(where, rev, done.stderr))
    sha = done.stdout.strip()
    kind = where.git.run("cat-file", "-t", sha).strip()
    if kind == "tag":
        return where.git.run("rev-parse", "--verify", f"{sha}^{{commit}}").strip()
    if kind != "commit":
        raise RevisionError(f"{rev!r} names no commit")
    return sha


def _unknown(where: BoardRepo, rev: str, stderr: str) -> str:
    """Why `rev` names nothing: git's own reason, or that a shallow clone does not hold it."""
    # Not `git_reason`: "Needed a single revision" is rev-parse's epilogue, never the reason.
    reasons = [
        line.removeprefix("fatal: ")
        for line in stderr.splitlines()
        if line.startswith("fatal: ") and "Needed a single revision" not in line
    ]
    if reasons:  # git knows why (`log for 'HEAD' only has 3 entries`): that is the answer
        return f"unknown revision {rev!r}: {reasons[-1]}"
    if is_shallow(where):
        return f"{rev!r} is not in this shallow clone; fetch it with: {_fetch_for(where, rev)}"
    return f"unknown revision {rev!r}"


def _fetch_for(where: BoardRepo, rev: str) -> str:
    """The fetch that brings `rev` into a shallow clone: one commit of a remote branch, else the history.

    The branch goes into its remote-tracking ref by an explicit refspec: in a
    single-branch clone `git fetch origin main` would only set FETCH_HEAD.
    """
    tracking = _remote_branch(where, rev)
    if tracking:
        return f"git fetch --depth=1 {tracking[0]} {_refspec(*tracking)}"
    return "git fetch --unshallow (or fetch-depth: 0 in actions/checkout)"


def _remote_branch(where: BoardRepo, rev: str) -> tuple[str, str] | None:
    """(remote, branch) when `rev` names a remote-tracking branch (`origin/main`) of a configured remote."""
    name = rev.removeprefix("refs/remotes/")
    remote, slash, branch = name.partition("/")
    if not (slash and branch and remote in config.remotes(where.git)):
        return None
    return (remote, branch) if where.git.ok("check-ref-format", f"refs/heads/{branch}") else None


def _refspec(remote: str, branch: str) -> str:
    return f"{branch}:refs/remotes/{remote}/{branch}"


def _deepen_for(where: BoardRepo, first: str, second: str) -> str:
    """The fetch that brings more history of both revisions into a shallow clone, so their common ancestor comes."""
    sides = [side for side in (_remote_branch(where, first), _remote_branch(where, second)) if side]
    remotes = config.remotes(where.git)
    remote = sides[0][0] if sides else (remotes[0] if remotes else "origin")
    # The remote's own refspecs deepen the branch this clone follows (HEAD's side); the named ones their side.
    configured = where.git.attempt("config", "--get-all", f"remote.{remote}.fetch").stdout.split()
    specs = " ".join(dict.fromkeys([*configured, *(_refspec(*side) for side in sides if side[0] == remote)]))
    return f"git fetch --deepen=100 {remote} {specs}".rstrip()


def is_shallow(where: BoardRepo) -> bool:
    """Whether the repository is a shallow clone: some commits' parents are not in it."""
    return bool(shallow_boundary(where))


def shallow_boundary(where: BoardRepo) -> frozenset[str]:
    """The commits of a shallow clone whose parents it does not hold (none when it is complete)."""
    common = Path(where.git.run("rev-parse", "--git-common-dir").strip())
    path = common if common.is_absolute() else where.top / common
    try:
        return frozenset((path / "shallow").read_text(encoding="ascii").split())
    except OSError:
        return frozenset()


def merge_base(path: Path, first: str, second: str) -> str:
    """The commit id of the best common ancestor of two revisions (`git merge-base`).

    RevisionError for a revision that names no commit; GitError when they share no history.
    """
    where = locate(path)
    a, b = rev_parse(where, first), rev_parse(where, second)
    try:
        return where.git.run("merge-base", a, b).split()[0]
    except (GitError, IndexError):
        if is_shallow(where):
            raise GitError(
                f"the common ancestor of {first} and {second} is not in this shallow clone (its history is cut); "
                f"fetch more of it with: {_deepen_for(where, first, second)} "
                "(again until it arrives; or --shallow-since=DATE, or --unshallow for all of it)"
            ) from None
        raise GitError(f"{first} and {second} have no common history") from None


def is_ancestor(where: BoardRepo, sha: str, tip: str) -> bool:
    """Whether `sha` is in the history of `tip`."""
    return where.git.ok("merge-base", "--is-ancestor", sha, tip)


def has_parent(where: BoardRepo, sha: str) -> bool:
    """Whether commit `sha` has a parent (false for a root commit)."""
    return bool(where.git.run("rev-list", "--parents", "-n1", sha).split()[1:])


def count_commits(where: BoardRepo, tip: str, *, excluding: str | None = None) -> int:
    """How many commits are in the history of `tip` but not in that of `excluding` (`git rev-list`)."""
    return len(where.git.run("rev-list", tip, *([f"^{excluding}"] if excluding else [])).split())


def subject(where: BoardRepo, sha: str) -> str:
    """A commit's one-line message."""
    return where.git.run("log", "-1", "--format=%s", sha).strip()


def newest_touching_board(where: BoardRepo) -> tuple[str, str, str] | None:
    """(id, author name, subject) of the newest commit on HEAD that touched the board; None when none did.

    GitError when there is no HEAD yet.
    """
    out = where.git.run("log", "-1", "--format=%H%x1f%an%x1f%s", "--", where.prefix or ".")
    parts = out.strip().split("\x1f")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def files_changed(where: BoardRepo, sha: str) -> list[str]:
    """The paths (relative to the top) that commit `sha` changed inside the board."""
    args = ["diff-tree", "--no-commit-id", "-r", "-z", "--name-only", "--root", sha]
    if where.prefix:
        args += ["--", where.prefix]
    out = where.git.run(*args)
    return [p for p in out.split("\0") if p]

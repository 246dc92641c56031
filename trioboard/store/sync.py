"""`trioboard sync`'s git side: fetch, integrate without touching the work tree, push.

The integration builds commits straight in git's object store: board files
are merged by `store.merge.merge_board` (node by node, following items that
changed team), everything else by `git merge-tree --write-tree`, and trees
are written through a temporary index. Only when the result is whole does
the caller move the branch (compare and swap) and update the work tree and
index, under the edit lock and journal, exactly as an edit does.

History: the local commits that are not on the remote are replayed one by
one on top of the remote's (one change, one commit, as before: author and
message kept), or, when that is not possible (a local merge commit, a
commit that touches files outside the board, or a step that conflicts on
its own), joined to the remote's by one merge commit. Nothing that is on
the remote is ever rewritten, and nothing is ever force-pushed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.store.files import BOARD_FILE, TEAMS_DIR
from trioboard.store.merge import Conflict, Prefer, flipped, merge_board, unsettled
from trioboard.store.repo import GitError, Identity, _run, is_ancestor, one_line

if TYPE_CHECKING:
    import git

PUSH_ATTEMPTS = 3
"""How many times a push refused because someone pushed meanwhile is integrated and tried again."""


class NoUpstream(GitError):
    """The branch has no remote branch to sync with."""


class Unreachable(GitError):
    """The remote could not be read or written; the message is git's reason."""


class PushRefused(GitError):
    """The remote refused the push for a reason of its own (a hook, a protected branch)."""


class OutsideConflict(GitError):
    """Files outside the board conflict: that is for git, not for trioboard."""


@dataclass(frozen=True, slots=True)
class Upstream:
    """Where a branch syncs: the remote, its branch and the local remote-tracking ref."""

    remote: str
    branch: str

    @property
    def tracking(self) -> str:
        """`refs/remotes/origin/main`."""
        return f"refs/remotes/{self.remote}/{self.branch}"

    @property
    def name(self) -> str:
        """`origin/main`, as git shows it."""
        return f"{self.remote}/{self.branch}"


def upstream(repo: git.Repo, ref: str, remote: str | None) -> Upstream:
    """The branch's upstream, or `remote` with the same branch name; NoUpstream says how to set one."""
    branch = ref.removeprefix("refs/heads/")
    configured_remote = _config(repo, f"branch.{branch}.remote")
    merge_ref = _config(repo, f"branch.{branch}.merge")
    if remote is None:
        if not configured_remote or not merge_ref or configured_remote == ".":
            remotes = _run(repo, "remote").split()
            hint = remotes[0] if remotes else "origin"
            raise NoUpstream(
                f"the branch {branch} has no upstream; set one with "
                f"'git branch --set-upstream-to={hint}/{branch}' (or 'git push -u {hint} {branch}'), "
                "or name a remote with --remote"
            )
        remote = configured_remote
    if remote not in _run(repo, "remote").split():
        raise NoUpstream(f"there is no remote named {remote!r} (see 'git remote -v')")
    target = merge_ref.removeprefix("refs/heads/") if merge_ref and remote == configured_remote else branch
    return Upstream(remote, target)


def _config(repo: git.Repo, key: str) -> str:
    try:
        return _run(repo, "config", "--get", key).strip()
    except GitError:
        return ""


def fetch(repo: git.Repo, up: Upstream) -> str | None:
    """Fetch the remote branch into its tracking ref; its tip, or None when it does not exist yet."""
    done = _git(repo, "fetch", "--quiet", "--no-tags", up.remote, f"+refs/heads/{up.branch}:{up.tracking}")
    if done.returncode != 0:
        reason = _reason(done.stderr)
        if "couldn't find remote ref" in reason:
            return None
        raise Unreachable(f"cannot fetch from {up.remote}: {reason}")
    return tip(repo, up.tracking)


def tip(repo: git.Repo, ref: str) -> str | None:
    """The commit `ref` points at, or None."""
    try:
        return _run(repo, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}").strip() or None
    except GitError:
        return None


def push(repo: git.Repo, up: Upstream, sha: str) -> bool:
    """Push `sha` to the remote branch without force; False when refused as not a fast-forward."""
    done = _git(repo, "push", "--porcelain", "--quiet", up.remote, f"{sha}:refs/heads/{up.branch}")
    if done.returncode == 0:
        _run(repo, "update-ref", up.tracking, sha)
        return True
    status = [line for line in done.stdout.splitlines() if line.startswith("!")]
    if status and "[rejected]" in status[0] and ("fetch first" in status[0] or "non-fast-forward" in status[0]):
        return False
    if status:
        why = status[0].split("\t")[-1]
        hook = [
            line[7:].strip() for line in done.stderr.splitlines() if line.startswith("remote:") and line[7:].strip()
        ]
        detail = f": {hook[-1]}" if hook else ""
        raise PushRefused(f"{up.remote} refused the push {why}{detail}")
    raise Unreachable(f"cannot push to {up.remote}: {_reason(done.stderr)}")


def _git(repo: git.Repo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args],
        cwd=repo.working_tree_dir,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        check=False,
    )


def _reason(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    # git's first fatal line names the cause; the ones after it are advice.
    return (fatal or lines[-1:] or ["no reason given"])[0]


def ahead_behind(repo: git.Repo, local: str | None, remote: str | None) -> tuple[int, int]:
    """(commits only here, commits only there)."""
    if local is None or remote is None:
        return (0 if local is None else int(_run(repo, "rev-list", "--count", local).strip()), 0)
    out = _run(repo, "rev-list", "--left-right", "--count", f"{local}...{remote}").split()
    return int(out[0]), int(out[1])


# -- reading and writing trees ------------------------------------------------------------


def is_board_path(rel: str) -> bool:
    """Whether a path relative to the board directory is a board file."""
    if rel == BOARD_FILE:
        return True
    head, _, name = rel.partition("/")
    return head == TEAMS_DIR and "/" not in name and name.endswith(".yaml") and not name.startswith(".")


class Trees:
    """Board files of commits, read from the object store and cached by blob id."""

    def __init__(self, repo: git.Repo, prefix: str) -> None:
        self.repo = repo
        self.prefix = prefix
        self._blobs: dict[str, bytes] = {}

    def top(self, rel: str) -> str:
        """A board path as the repository names it."""
        return f"{self.prefix}/{rel}" if self.prefix else rel

    def listing(self, commit: str) -> dict[str, tuple[str, str]]:
        """Board path → (mode, blob id) at `commit`."""
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if self.prefix:
            args += ["--", self.prefix + "/"]
        out: dict[str, tuple[str, str]] = {}
        for entry in _run(self.repo, *args).split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            mode, kind, sha = meta.split()
            rel = path[len(self.prefix) + 1 :] if self.prefix else path
            if kind == "blob" and mode in ("100644", "100755") and is_board_path(rel):
                out[rel] = (mode, sha)
        return out

    def files(self, commit: str | None) -> dict[str, bytes]:
        """The board files at `commit` (none before the first commit)."""
        if commit is None:
            return {}
        listing = self.listing(commit)
        self._load([sha for _, sha in listing.values()])
        return {rel: self._blobs[sha] for rel, (_, sha) in listing.items()}

    def blob(self, sha: str) -> bytes:
        """One blob's bytes."""
        self._load([sha])
        return self._blobs[sha]

    def _load(self, shas: list[str]) -> None:
        wanted = [sha for sha in dict.fromkeys(shas) if sha not in self._blobs]
        if not wanted:
            return
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=self.repo.working_tree_dir,
            input="".join(f"{sha}\n" for sha in wanted).encode(),
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise GitError("git cat-file failed: " + done.stderr.decode(errors="replace").strip()[-200:])
        data, at = done.stdout, 0
        for sha in wanted:
            end = data.index(b"\n", at)
            header = data[at:end].split()
            size = int(header[2])
            self._blobs[sha] = data[end + 1 : end + 1 + size]
            at = end + 1 + size + 1

    def write_tree(self, start: str, files: dict[str, bytes | None]) -> str:
        """The tree of commit (or tree) `start` with the board files set to `files` (None: removed)."""
        current = self.listing(start)
        lines = []
        for rel, data in files.items():
            if data is None:
                if rel in current:
                    lines.append(f"0 {'0' * 40}\t{self.top(rel)}")
                continue
            sha = _blob_id(data)
            if current.get(rel, ("", ""))[1] == sha:
                continue
            if sha not in self._blobs:
                written = _run_bytes(self.repo, ["hash-object", "-w", "--stdin"], data).strip()
                self._blobs[written] = data
            mode = current.get(rel, ("100644", ""))[0]
            lines.append(f"{mode} {sha}\t{self.top(rel)}")
        if not lines:
            return _run(self.repo, "rev-parse", f"{start}^{{tree}}").strip()
        index = Path(self.repo.git_dir) / "trioboard" / f"index-sync-{os.getpid()}"
        index.parent.mkdir(exist_ok=True)
        env = {"GIT_INDEX_FILE": str(index)}
        try:
            _run(self.repo, "read-tree", start, env=env)
            _run(self.repo, "update-index", "--index-info", env=env, stdin="".join(f"{line}\n" for line in lines))
            return _run(self.repo, "write-tree", env=env).strip()
        finally:
            index.unlink(missing_ok=True)
            Path(f"{index}.lock").unlink(missing_ok=True)


def _blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _run_bytes(repo: git.Repo, args: list[str], stdin: bytes) -> str:
    done = subprocess.run(["git", *args], cwd=repo.working_tree_dir, input=stdin, capture_output=True, check=False)
    if done.returncode != 0:
        raise GitError(f"git {args[0]} failed: {done.stderr.decode(errors='replace').strip()[-200:]}")
    return done.stdout.decode()


# -- integrating -------------------------------------------------------------------------------


@dataclass(slots=True)
class Integration:
    """The result of bringing local and remote commits together (nothing is moved yet)."""

    tip: str | None
    """The new commit for the branch; None when conflicts stop the sync."""
    conflicts: list[Conflict] = field(default_factory=list)
    replayed: int = 0
    """Local commits replayed on the remote's; 0 with a merge commit or nothing to replay."""
    merged: bool = False
    """Whether a merge commit joined the two histories."""


def integrate(trees: Trees, local: str, remote: str, prefer: Prefer, who: Identity, label: str) -> Integration:
    """Local commits on top of the remote's, by the semantic merge. `prefer`: "ours" is mine."""
    repo = trees.repo
    if is_ancestor(repo, remote, local):
        return Integration(local)
    if is_ancestor(repo, local, remote):
        return Integration(remote)
    base = _run(repo, "merge-base", local, remote).strip()
    whole = merge_board(trees.files(base), trees.files(local), trees.files(remote), prefer=prefer)
    if unsettled(whole.conflicts, prefer):
        return Integration(None, whole.conflicts)
    outside = _outside_tree(trees, local, remote)
    commits = _run(repo, "rev-list", "--reverse", "--parents", f"{remote}..{local}").splitlines()
    if outside is None and all(len(line.split()) == 2 for line in commits):
        replayed = _replay(trees, remote, [line.split() for line in commits], prefer, who)
        if replayed is not None:
            return Integration(replayed, whole.conflicts, replayed=len(commits))
    start = outside if outside is not None else remote
    tree = trees.write_tree(start, whole.files)
    message = f"Sync with {label}"
    sha = _run(repo, "commit-tree", tree, "-p", local, "-p", remote, "-m", message, env=who.env()).strip()
    return Integration(sha, whole.conflicts, merged=True)


def _outside_tree(trees: Trees, local: str, remote: str) -> str | None:
    """`git merge-tree` of the two tips when local commits touch files outside the board, else None.

    Raises OutsideConflict when those files conflict: that is for `git pull`.
    """
    repo = trees.repo
    changed = _run(repo, "diff", "--name-only", "-z", "--no-renames", f"{remote}...{local}").split("\0")
    prefix = trees.prefix + "/" if trees.prefix else ""
    if all(not p or (p.startswith(prefix) and is_board_path(p[len(prefix) :])) for p in changed):
        return None
    done = subprocess.run(
        ["git", "merge-tree", "--write-tree", "--name-only", "--no-messages", local, remote],
        cwd=repo.working_tree_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.split("\n")
    if done.returncode == 1:
        others = [p for p in lines[1:] if p and not (p.startswith(prefix) and is_board_path(p[len(prefix) :]))]
        if others:
            raise OutsideConflict(
                f"{others[0]} (outside the board) conflicts with the remote; merge it with 'git pull' first"
            )
    elif done.returncode != 0:
        raise GitError(f"git merge-tree failed: {_reason(done.stderr)}")
    tree = lines[0].strip()
    # A commit for the tree, so that `write_tree` can start from it.
    return _run(repo, "commit-tree", tree, "-m", "trioboard sync (scratch)").strip()


def _replay(trees: Trees, onto: str, commits: list[list[str]], prefer: Prefer, who: Identity) -> str | None:
    """Each local commit re-made on top of `onto`; None when one of them conflicts on its own."""
    repo = trees.repo
    current, files = onto, trees.files(onto)
    for sha, parent in commits:
        # A cherry-pick: our side is the new history, their side the commit (mine).
        mine = flipped(prefer)
        step = merge_board(trees.files(parent), files, trees.files(sha), prefer=mine)
        if unsettled(step.conflicts, mine):
            return None
        tree = trees.write_tree(current, step.files)
        if tree == _run(repo, "rev-parse", f"{current}^{{tree}}").strip():
            continue  # nothing left of this commit (the other side made the same change, or --prefer)
        author = _run(repo, "log", "-1", "--format=%an%x00%ae%x00%ad%x00%B", "--date=raw", sha).split("\0", 3)
        env = {
            **who.env(),
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": author[2],
        }
        message = author[3].rstrip("\n") or one_line("(no message)")
        current = _run(repo, "commit-tree", tree, "-p", current, "-F", "-", env=env, stdin=message + "\n").strip()
        files = {path: data for path, data in step.files.items() if data is not None}
    return current


def changed_between(repo: git.Repo, old: str, new: str) -> list[tuple[str, str | None, str | None]]:
    """(path, mode, blob) of every path that differs between two commits; mode None: removed."""
    out = _run(repo, "diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", old, new).split("\0")
    changes: list[tuple[str, str | None, str | None]] = []
    n = 0
    while n + 1 < len(out):
        meta, path = out[n], out[n + 1]
        n += 2
        parts = meta.lstrip(":").split()
        mode, sha, status = parts[1], parts[3], parts[4]
        changes.append((path, None if status.startswith("D") else mode, None if status.startswith("D") else sha))
    return changes

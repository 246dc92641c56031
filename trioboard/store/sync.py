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

from dataclasses import dataclass, field, replace

from trioboard.core.errors import GitError
from trioboard.core.results import Conflict
from trioboard.core.vocabulary import is_synced_file
from trioboard.store import renames, replay_message
from trioboard.store.git import config, index, objects
from trioboard.store.git.commits import signing
from trioboard.store.git.identity import Identity, one_line
from trioboard.store.git.refs import ref_tip
from trioboard.store.git.repository import BoardRepo
from trioboard.store.git.revisions import is_ancestor
from trioboard.store.git.runner import git_reason
from trioboard.store.merge import BoardMerge, Prefer, flipped, merge_board, unsettled

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


def upstream(where: BoardRepo, ref: str, remote: str | None) -> Upstream:
    """The branch's upstream, or `remote` with the same branch name; NoUpstream says how to set one."""
    branch = ref.removeprefix("refs/heads/")
    configured_remote = config.value(where.git, f"branch.{branch}.remote")
    merge_ref = config.value(where.git, f"branch.{branch}.merge")
    if remote is None:
        if not configured_remote or not merge_ref or configured_remote == ".":
            remotes = config.remotes(where.git)
            hint = remotes[0] if remotes else "origin"
            raise NoUpstream(
                f"the branch {branch} has no upstream; set one with "
                f"'git branch --set-upstream-to={hint}/{branch}' (or 'git push -u {hint} {branch}'), "
                "or name a remote with --remote"
            )
        remote = configured_remote
    if remote not in config.remotes(where.git):
        raise NoUpstream(f"there is no remote named {remote!r} (see 'git remote -v')")
    target = merge_ref.removeprefix("refs/heads/") if merge_ref and remote == configured_remote else branch
    return Upstream(remote, target)


def fetch(where: BoardRepo, up: Upstream) -> str | None:
    """Fetch the remote branch into its tracking ref; its tip, or None when it does not exist yet."""
    done = where.git.attempt("fetch", "--quiet", "--no-tags", up.remote, f"+refs/heads/{up.branch}:{up.tracking}")
    if done.returncode != 0:
        reason = git_reason(done.stderr)
        if "couldn't find remote ref" in reason:
            return None
        raise Unreachable(f"cannot fetch from {up.remote}: {reason}")
    return ref_tip(where, up.tracking)


def push(where: BoardRepo, up: Upstream, sha: str) -> bool:
    """Push `sha` to the remote branch without force; False when refused as not a fast-forward."""
    done = where.git.attempt("push", "--porcelain", "--quiet", up.remote, f"{sha}:refs/heads/{up.branch}")
    if done.returncode == 0:
        where.git.run("update-ref", up.tracking, sha)
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
    raise Unreachable(f"cannot push to {up.remote}: {git_reason(done.stderr)}")


def ahead_behind(where: BoardRepo, local: str | None, remote: str | None) -> tuple[int, int]:
    """(commits only here, commits only there)."""
    if local is None or remote is None:
        return (0 if local is None else int(where.git.run("rev-list", "--count", local).strip()), 0)
    out = where.git.run("rev-list", "--left-right", "--count", f"{local}...{remote}").split()
    return int(out[0]), int(out[1])


# -- reading and writing trees ------------------------------------------------------------


class CommitFiles:
    """The board's files of commits: read from the object store, cached by blob id, and written as new trees.

    The board's files are its YAML files and its evidence files: sync merges
    both (evidence by lines, a name added on both sides kept twice).

    Holds files, not trees: `files(commit)` is a board's files at a commit;
    `write_tree` makes the tree of a commit with some of them changed.
    """

    def __init__(self, where: BoardRepo, prefix: str) -> None:
        self.where = where
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
        for entry in self.where.git.run(*args).split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            mode, kind, sha = meta.split()
            rel = path[len(self.prefix) + 1 :] if self.prefix else path
            if kind == "blob" and mode in ("100644", "100755") and is_synced_file(rel):
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
        for sha, found in zip(wanted, objects.read_all(self.where.git, wanted), strict=True):
            if found is not None:
                self._blobs[sha] = found.data

    def write_tree(self, start: str, files: dict[str, bytes | None]) -> str:
        """The tree of commit (or tree) `start` with the board files set to `files` (None: removed)."""
        current = self.listing(start)
        entries: dict[str, tuple[str, str] | None] = {}
        for rel, data in files.items():
            if data is None:
                if rel in current:
                    entries[self.top(rel)] = None
                continue
            sha = objects.blob_id(data)
            if current.get(rel, ("", ""))[1] == sha:
                continue
            if sha not in self._blobs:
                written = self.where.git.run("hash-object", "-w", "--stdin", stdin=data).strip()
                self._blobs[written] = data
            entries[self.top(rel)] = (current.get(rel, ("100644", ""))[0], sha)
        if not entries:
            return self.where.git.run("rev-parse", f"{start}^{{tree}}").strip()
        return index.write_tree(self.where.git, self.where.state_dir, start, entries)


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
    notes: list[str] = field(default_factory=list)
    """What the merge settled on its own that a person should know (an equal addition kept once, and where)."""


def integrate(trees: CommitFiles, local: str, remote: str, prefer: Prefer, who: Identity, label: str) -> Integration:
    """Local commits on top of the remote's, by the semantic merge. `prefer`: "ours" is mine."""
    where = trees.where
    if is_ancestor(where, remote, local):
        return Integration(local)
    if is_ancestor(where, local, remote):
        return Integration(remote)
    base = where.git.run("merge-base", local, remote).strip()
    whole = _merge(trees, (base, local, remote), prefer, "theirs")
    if unsettled(whole.conflicts, prefer):
        return Integration(None, _with_their_commit(trees, base, remote, whole.conflicts))
    outside = _outside_tree(trees, local, remote)
    commits = where.git.run("rev-list", "--reverse", "--parents", f"{remote}..{local}").splitlines()
    done: Integration | None = None
    if outside is None and all(len(line.split()) == 2 for line in commits):
        # Evidence the whole merge keeps twice is renamed the same way in every replayed commit.
        replayed = _replay(trees, remote, [line.split() for line in commits], prefer, who, dict(whole.renamed))
        if replayed is not None:
            tip, renamed = replayed
            made = int(where.git.run("rev-list", "--count", f"{remote}..{tip}").strip())
            notes = whole.notes + _renamed_notes(whole.renamed + renamed, label)
            done = Integration(tip, whole.conflicts, replayed=made, notes=notes)
    if done is None:
        start = outside if outside is not None else remote
        tree = trees.write_tree(start, whole.files)
        message = f"Sync with {label}"
        sign = signing(where)
        sha = where.git.run("commit-tree", tree, "-p", local, "-p", remote, *sign, "-m", message, env=who.env()).strip()
        notes = whole.notes + _renamed_notes(whole.renamed, label)
        done = Integration(sha, whole.conflicts, merged=True, notes=notes)
    return done


def _renamed_notes(renamed: list[tuple[str, str]], label: str) -> list[str]:
    """What the user is told of each touchpoint of theirs that was kept under a new name."""
    return [f"{old} was also recorded on {label}: yours is now {new}" for old, new in renamed]


def _merge(
    trees: CommitFiles,
    commits: tuple[str, str, str],
    prefer: Prefer,
    published: str,
    carried: renames.Renames | None = None,
) -> BoardMerge:
    """The board merge of (base, ours, theirs) commits, following the board files either side renamed.

    A file one side renamed is merged under its new name with the other
    side's and the base's version of it, as git's rename detection would;
    the old name ends removed. `carried`: files a replay already renamed in
    the new history (evidence kept twice), seen under their new names in
    the base and theirs (the commit being replayed).
    """
    base, ours, theirs = commits
    files = [trees.files(commit) for commit in commits]
    if carried:
        files[0], files[2] = renames.applied(files[0], carried), renames.applied(files[2], carried)
    moved: list[renames.Renames] = [{}, {}]
    for n, side in enumerate((ours, theirs)):
        if renames.possible(files[0], files[n + 1]):
            moved[n] = renames.between(trees.where, trees.prefix, base, side)
    if not moved[0] and not moved[1]:
        return merge_board(*files, prefer=prefer, published=published)
    both = {**moved[0], **moved[1]}
    merged = merge_board(
        renames.applied(files[0], both),
        renames.applied(files[1], moved[1]),
        renames.applied(files[2], moved[0]),
        prefer=prefer,
        published=published,
    )
    for old in both:
        merged.files.setdefault(old, None)
    return merged


def _with_their_commit(trees: CommitFiles, base: str, remote: str, conflicts: list[Conflict]) -> list[Conflict]:
    """The conflicts, each naming theirs' commit and author: the remote's newest commit to the board since `base`.

    (Pathspecs are literal and git runs at the top, so the board's prefix is the path.)
    """
    newest = trees.where.git.run("log", "-1", "--format=%h%n%an", f"{base}..{remote}", "--", trees.prefix or ".")
    sha, _, author = newest.partition("\n")
    if not sha:
        return conflicts
    return [replace(c, their_commit=sha, their_author=one_line(author)) for c in conflicts]


_FILE_MODES = ("000000", "100644", "100755")
"""The modes of a board file sync merges itself (000000: absent on that side)."""


def _outside_tree(trees: CommitFiles, local: str, remote: str) -> str | None:
    """`git merge-tree` of the two tips when local commits touch files outside the board, else None.

    Raises OutsideConflict when those files conflict: that is for `git pull`.
    """
    where = trees.where
    raw = where.git.run("diff", "--raw", "-z", "--no-renames", "--no-abbrev", f"{remote}...{local}").split("\0")
    prefix = trees.prefix + "/" if trees.prefix else ""
    # A board path that is (or was) a link or anything but a plain file is not the board's to merge: git's.
    ours = [
        path.startswith(prefix)
        and is_synced_file(path[len(prefix) :])
        and all(mode in _FILE_MODES for mode in meta.lstrip(":").split()[:2])
        for meta, path in zip(raw[0::2], raw[1::2], strict=False)
    ]
    if all(ours):
        return None
    done = where.git.attempt("merge-tree", "--write-tree", "--name-only", "--no-messages", local, remote)
    lines = done.stdout.split("\n")
    if done.returncode == 1:
        others = [p for p in lines[1:] if p and not (p.startswith(prefix) and is_synced_file(p[len(prefix) :]))]
        if others:
            raise OutsideConflict(
                f"{others[0]} (outside the board) conflicts with the remote; merge it with 'git pull' first"
            )
    elif done.returncode != 0:
        raise GitError(f"git merge-tree failed: {git_reason(done.stderr)}")
    tree = lines[0].strip()
    # A commit for the tree, so that `write_tree` can start from it.
    return where.git.run("commit-tree", tree, "-m", "trioboard sync (scratch)").strip()


def _replay(
    trees: CommitFiles, onto: str, commits: list[list[str]], prefer: Prefer, who: Identity, carried: renames.Renames
) -> tuple[str, list[tuple[str, str]]] | None:
    """Each local commit re-made on top of `onto`, and the evidence files kept under new names on the way.

    `carried`: evidence files of the local commits to keep under a new name
    (those the whole merge kept twice). None when a commit conflicts on its own.
    """
    where = trees.where
    current = onto
    renamed: list[tuple[str, str]] = []
    for sha, parent in commits:
        # A cherry-pick: our side is the new history, their side the commit (mine).
        mine = flipped(prefer)
        step = _merge(trees, (parent, current, sha), mine, "ours", carried)
        if unsettled(step.conflicts, mine):
            return None
        carried.update(step.renamed)
        renamed += step.renamed
        tree = trees.write_tree(current, step.files)
        if tree == where.git.run("rev-parse", f"{current}^{{tree}}").strip():
            continue  # nothing left of this commit (the other side made the same change, or --prefer)
        author = where.git.run("log", "-1", "--format=%an%x00%ae%x00%ad%x00%B", "--date=raw", sha).split("\0", 3)
        env = {
            **who.env(),
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": author[2],
        }
        message = author[3].rstrip("\n") or one_line("(no message)")
        if step.conflicts:
            message = replay_message.rewritten(message, step.conflicts, mine, trees.files(current), step.files)
        sign = signing(where)
        current = where.git.run(
            "commit-tree", tree, "-p", current, *sign, "-F", "-", env=env, stdin=message + "\n"
        ).strip()
    return current, renamed


def changed_between(where: BoardRepo, old: str, new: str) -> list[tuple[str, str | None, str | None]]:
    """(path, mode, blob) of every path that differs between two commits; mode None: removed."""
    out = where.git.run("diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", old, new).split("\0")
    changes: list[tuple[str, str | None, str | None]] = []
    n = 0
    while n + 1 < len(out):
        meta, path = out[n], out[n + 1]
        n += 2
        parts = meta.lstrip(":").split()
        mode, sha, status = parts[1], parts[3], parts[4]
        changes.append((path, None if status.startswith("D") else mode, None if status.startswith("D") else sha))
    return changes

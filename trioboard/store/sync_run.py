"""One `trioboard sync`, step by step: check the branch, then fetch → integrate → land → push until it holds.

`store.sync` knows how to fetch, integrate and push once; this module runs
those steps in order under the edit lock the caller holds, tries again when
someone pushed meanwhile, and lands each integration in the work tree the
way an edit does (`land`). It returns what happened; the workspace turns
that into a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from trioboard.core.errors import Refused, RemoteFailed
from trioboard.core.results import Conflict, TypedValue
from trioboard.core.vocabulary import CommitKind, MergeSide, is_board_file, is_synced_file
from trioboard.store import sync, sync_check
from trioboard.store.edit import transaction
from trioboard.store.git import commits
from trioboard.store.git.identity import Identity
from trioboard.store.git.repository import BoardRepo
from trioboard.store.merge import Prefer

PREFER = {side.word: side.value for side in MergeSide}
"""`sync --prefer` → the side the merge keeps."""


def settle_with(prefer: str | Mapping[tuple[str, str | None], str | TypedValue] | None) -> Prefer:
    """The user's choice ("mine"/"theirs", for all or per (node, field), or a typed value) as the merge's sides."""
    if prefer is not None and not isinstance(prefer, str):
        return {key: value if isinstance(value, TypedValue) else PREFER[value] for key, value in prefer.items()}
    return PREFER.get(prefer or "")


@dataclass(frozen=True, slots=True)
class Start:
    """The branch a sync starts from, checked: on a branch, with a commit, an upstream and clean board files."""

    ref: str
    commit: str
    upstream: sync.Upstream
    files: sync.CommitFiles


def start(where: BoardRepo, remote: str | None) -> Start:
    """Check that the board's branch can be synced; `Refused` (nothing changed) says why not."""
    ref, commit = transaction.tip_for_edit(where)
    if commit is None:
        raise Refused("there is no commit to sync yet")
    try:
        up = sync.upstream(where, ref, remote)
    except sync.NoUpstream as exc:
        raise Refused(str(exc)) from None
    prefix = where.prefix
    dirty = commits.changed_paths(where, [prefix or "."])
    dirty = [p for p in dirty if is_board_file(p[len(prefix) + 1 :] if prefix else p)]
    if dirty:
        raise Refused(f"{dirty[0]} has changes that are not committed; commit or stash them before syncing")
    return Start(ref, commit, up, sync.CommitFiles(where, prefix))


@dataclass(slots=True)
class Run:
    """What the loop did: where the branch ended, what the remote had, whether it was pushed."""

    end: str
    remote_tip: str | None = None
    pushed: bool = False
    integration: sync.Integration = field(default_factory=lambda: sync.Integration(None))
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        """Conflicts that the choice did not settle stopped the sync: nothing was changed."""
        return self.integration.tip is None


def run(
    where: BoardRepo, begin: Start, side: Prefer, who: Identity, *, push: bool, check: sync_check.Check | None = None
) -> Run:
    """Fetch, integrate, land and push, trying again while the remote keeps moving.

    `check` sees each integration before it lands: what it returns (the
    structural errors it would publish) stops the sync like a conflict.

    Raises `Refused` when files outside the board conflict or the landing
    would replace what is not ours, and `RemoteFailed` when the remote
    cannot be reached, refuses the push, or keeps moving.
    """
    up = begin.upstream
    done = Run(begin.commit, integration=sync.Integration(begin.commit))
    for _attempt in range(sync.PUSH_ATTEMPTS):
        try:
            done.remote_tip = sync.fetch(where, up)
            done.integration = (
                sync.integrate(begin.files, done.end, done.remote_tip, side, who, up.name)
                if done.remote_tip
                else sync.Integration(done.end)
            )
        except sync.Unreachable as exc:
            raise RemoteFailed(str(exc)) from None
        except sync.OutsideConflict as exc:
            raise Refused(str(exc)) from None
        done.conflicts = done.integration.conflicts
        tip = done.integration.tip
        worse = check(done.end, tip, done.remote_tip) if check is not None and tip not in (None, done.end) else []
        if worse:
            done.integration = sync.Integration(None, done.conflicts + worse)
            done.conflicts = done.integration.conflicts
        if tip is None or worse:
            return done
        if tip != done.end:
            land(where, begin.ref, done.end, tip, f"Sync with {up.name}")
            done.end = tip
        if not push or done.end == done.remote_tip:
            done.pushed = done.end == done.remote_tip
            return done
        try:
            if sync.push(where, up, done.end):
                done.pushed = True
                return done
        except (sync.Unreachable, sync.PushRefused) as exc:
            raise RemoteFailed(str(exc) + "; your commits are kept here") from None
    raise RemoteFailed(
        f"{up.name} kept moving: {sync.PUSH_ATTEMPTS} pushes were refused; your commits are kept, sync again"
    )


def land(where: BoardRepo, ref: str, old: str, new: str, message: str) -> None:
    """Move the branch from `old` to `new` and bring the files and index along, as an edit does."""
    changes = sync.changed_between(where, old, new)
    paths = [path for path, _, _ in changes]
    for path, mode, _ in changes:
        if mode is not None and mode not in ("100644", "100755"):
            raise Refused(f"the sync would change {path}, which is not a regular file; use git pull")
    transaction.refuse_special_targets(where, paths)  # before anything else is read or written
    files = sync.CommitFiles(where, "")
    moves = [
        transaction.Move(path, mode, sha, transaction.read_in_tree(where, path), files.blob(sha) if sha else None)
        for path, mode, sha in changes
    ]
    for path in commits.changed_paths(where, paths):
        move = next((m for m in moves if m.path == path), None)
        if move is None or commits.blob_at(where, old, path) is not None:
            raise Refused(
                f"{path} has changes that are not committed and the sync changes it; commit or stash them first"
            )
        if move.before != move.after:
            raise Refused(untracked_differs(path, move.before, move.after))
        # Not committed here, and exactly what comes in (a second clone's `install-git`): taken as it is.
    transaction.land(where, ref, old, new, message, moves, kind=CommitKind.SYNC)


def untracked_differs(path: str, mine: bytes | None, incoming: bytes | None) -> str:
    """Why a file this clone never committed blocks a sync that brings another one, and how to settle it."""
    here, there = _lines(mine), _lines(incoming)
    only_here = [line for line in here if line not in there]
    only_there = [line for line in there if line not in here]
    differs = "; ".join(
        f"{what}: {', '.join(repr(line) for line in lines[:3])}{' …' if len(lines) > 3 else ''}"
        for what, lines in (("lines only here", only_here), ("lines only in the incoming one", only_there))
        if lines
    )
    if not only_here:
        how = f"delete it (rm {path}): the incoming one has every line it holds; then sync again"
    else:
        how = (
            f"merge by hand: move it aside (mv {path} {path}.mine), sync, then add the lines you need "
            "back and commit them"
        )
    return f"{path} is not committed here and the sync brings a different one ({differs or 'in its bytes'}); {how}"


def _lines(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", "replace").splitlines()


def remote_changes(begin: Start, end: str, remote_tip: str) -> dict[str, bytes | None]:
    """The board's files (evidence too, relative to the board) where the remote's tip differs from `end`: bytes."""
    files = begin.files
    changed: dict[str, bytes | None] = {}
    for path, _, sha in sync.changed_between(files.where, end, remote_tip):
        rel = path[len(files.prefix) + 1 :] if files.prefix else path
        if (not files.prefix or path.startswith(files.prefix + "/")) and is_synced_file(rel):
            changed[rel] = files.blob(sha) if sha else None
    return changed

"""One open board: load it, analyse it, and run edits against it.

Both the CLI and the TUI go through here; neither reads files nor runs git
itself. An edit runs as lock → recover → re-read → plan → write → commit,
so several processes editing one board never lose each other's changes.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.core.analysis import Analysis, analyse
from trioboard.core.diff import Snapshot, empty_board
from trioboard.core.findings import Finding
from trioboard.core.model import Board
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES, run_rules
from trioboard.core.schema import BoardFile, TeamFile, assemble, build_board, read_board_file, read_team_file
from trioboard.core.tree import SourceFile
from trioboard.store.board_history import board_sources_at
from trioboard.store.files import (
    BOARD_FILE,
    board_file_paths,
    parse_source,
    read_board_dir,
    read_source,
)
from trioboard.store.files import parse_source as parse_board_file
from trioboard.store.git.identity import NoIdentity, parse_author
from trioboard.store.git.revisions import RevisionError, merge_base
from trioboard.store.git.runner import GitError
from trioboard.store.locate import BoardNotFound, find_board
from trioboard.store.safe_io import read_regular_file
from trioboard.store.safe_io import read_regular_file as read_board_bytes
from trioboard.store.tracking import hidden_board_files

__all__ = [
    "BoardNotFound",
    "GitError",
    "NoIdentity",
    "RevisionError",
    "board_sources_at",
    "find_board",
    "merge_base",
    "parse_author",
    "parse_board_file",
    "read_board_bytes",
]
"""What the CLI and the TUI take from `store` goes through here (the one door); cheap to import."""

if TYPE_CHECKING:
    from trioboard.core.diff import BoardDiff
    from trioboard.core.edits import Operation
    from trioboard.history import LogEntry
    from trioboard.store import read_ahead, repo
    from trioboard.store import sync as sync_store
    from trioboard.store.merge import Conflict, MergeResult, Prefer

# Editing needs git, the round-trip YAML editor and the journal; `check`
# needs none of them. They are imported by the methods that edit, so a CI
# check does not pay for them.

READ_AHEAD_BYTES = 512 * 1024
"""A board this large is parsed by two processes at its first open: below it, forking costs more than it saves."""


@dataclass(frozen=True, slots=True)
class BoardState:
    """A board as read at one moment, with everything computed from it."""

    root: Path
    board: Board
    analysis: Analysis
    findings: list[Finding]


def _stat_key(path: Path) -> tuple[int, ...]:
    """What changes when a file does: size, times, inode (empty when it cannot be read)."""
    try:
        info = os.lstat(path)
    except OSError:
        return ()
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading and analysing."""
    # Loading allocates hundreds of thousands of small objects and frees
    # almost none; the cyclic collector would rescan them over and over
    # (35-40% of analysis time on the L board).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def state_from_sources(root: Path, sources: list[SourceFile]) -> BoardState:
    """Build, analyse and check a board from its parsed files."""
    with gc_paused():
        board = build_board(sources, RULE_NAMES, STRUCTURAL_RULES)
        analysis = analyse(board)
        findings = run_rules(board, analysis)
    return BoardState(root, board, analysis, findings)


def load(root: Path) -> BoardState:
    """Read the board in `root` from the working tree."""
    with gc_paused():
        sources = _with_hidden(read_board_dir(root), hidden_board_files(root))
    return state_from_sources(root, sources)


def _with_hidden(sources: list[SourceFile], hidden: dict[str, bytes]) -> list[SourceFile]:
    """The work tree's files and those a sparse checkout hides (read from the index), board.yaml first."""
    if not hidden:
        return sources
    parsed = {s.path: s for s in sources} | {path: parse_source(path, data) for path, data in hidden.items()}
    return [parsed[BOARD_FILE]] + [parsed[path] for path in sorted(parsed) if path != BOARD_FILE]


def load_at(root: Path, rev: str, history: repo.BoardHistory | None = None) -> BoardState:
    """Read the board in `root` as it was at git revision `rev` (empty if it was not there).

    Pass one `history` to read several revisions: a file that is the same
    in both is then read and parsed once.
    Raises `store.repo.GitError` when `root` is not in a work tree or `rev` names no commit.
    """
    from trioboard.store import repo

    with gc_paused():
        sources = repo.board_sources_at(root, rev, history)
    if sources is None:
        board = empty_board()
        return BoardState(root, board, analyse(board), [])
    return state_from_sources(root, sources)


def board_history(root: Path) -> repo.BoardHistory:
    """The board's versions in git, to pass to `load_at` (GitError outside a work tree)."""
    from trioboard.store import repo

    return repo.BoardHistory(root)


def git_user(root: Path) -> str:
    """The git user configured where the board is, as `Name <email>`.

    `trioboard serve` records its visitors' commits as this person. Raises
    `repo.NoIdentity` (a `GitError`) saying how to set one when there is none.
    """
    from trioboard.store import repo

    who = repo.identity(root, None)
    return f"{who.name} <{who.email}>"


def commit_changes(root: Path, commit: str) -> str:
    """What one commit changed on the board, by meaning, as the text `trioboard diff` prints.

    The TUI's History shows it on Enter. A commit with no parent is
    compared with an empty board; a commit git cannot read says so.
    """
    from trioboard.core.diff import diff
    from trioboard.report import diff_text
    from trioboard.store.git.runner import GitError

    try:
        after = load_at(root, commit)
    except GitError as exc:
        return f"cannot read commit {commit[:7]}: {exc}\n"
    try:
        before = load_at(root, f"{commit}^")
    except GitError:
        from trioboard.store.git.repository import locate
        from trioboard.store.git.revisions import shallow_boundary

        if commit in shallow_boundary(locate(root)):
            # Its parent is not in this shallow clone: comparing with nothing
            # would present the whole board as created by this commit.
            return (
                f"{commit[:7]}: the history before this commit is not in this shallow clone, so what it "
                "changed cannot be told here; git fetch --unshallow brings it\n"
            )
        before = BoardState(root, empty_board(), analyse(empty_board()), [])
    result = diff(snapshot(before), snapshot(after))
    # Finding paths read relative to the board, as everywhere in the TUI.
    return diff_text.render(result, after.board.name or root.name, f"{commit[:7]}^", commit[:7], root, root)


def board_log(
    root: Path, limit: int | None = None, revisions: list[str] | None = None, *, first_parent: bool = False
) -> list[LogEntry]:
    """The board's history for `trioboard log` and the TUI (see `history.board_log`)."""
    from trioboard import history

    return history.board_log(root, limit, revisions, first_parent=first_parent)


def install_git(root: Path) -> list[str]:
    """`trioboard install-git`: git's diff and merge drivers for the board's files; what was done."""
    from trioboard.store import gitsetup

    return gitsetup.install(root)


def snapshot(state: BoardState) -> Snapshot:
    """The parts of a state that `core.diff` compares."""
    return Snapshot(state.board, state.analysis, state.findings)


def merge_file(base: Path, ours: Path, theirs: Path, path: str | None) -> MergeResult:
    """git's merge driver: merge one board file three ways and write the result to `ours`.

    Raises OSError when a file cannot be read or written; otherwise never
    fails (a file it cannot merge node by node gets git's line merge).
    """
    from trioboard.store import merge
    from trioboard.store.edit import journal

    result = merge.merge_text(base.read_bytes(), ours.read_bytes(), theirs.read_bytes(), path)
    journal.write_atomically(ours, result.text)
    return result


# -- editing ---------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class EditResult:
    """A committed edit."""

    sha: str
    message: str
    recovered: str | None = None
    """What was done about an edit interrupted earlier, if there was one."""

    @property
    def short(self) -> str:
        """The abbreviated commit id."""
        return self.sha[:7]


PREFER = {"mine": "ours", "theirs": "theirs"}
"""`sync --prefer` → the side the merge keeps."""


class SyncFailed(Exception):
    """The remote could not be reached or refused the push; every local commit is kept."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a sync did, in board terms."""

    upstream: str
    """`origin/main`."""
    conflicts: list[Conflict]
    """True conflicts: when not settled by `prefer`, nothing was changed."""
    came_in: int = 0
    """Commits from the remote now on the branch."""
    went_out: int = 0
    """Commits pushed (or, with no push, waiting to be pushed)."""
    incoming: BoardDiff | None = None
    """The board before the sync → after it: what the remote's changes did here."""
    outgoing: BoardDiff | None = None
    """The remote's board → the board pushed: what went out."""
    new_findings: tuple[Finding, ...] = ()
    """Findings of the merged board that neither side had."""
    pushed: bool = False
    replayed: int = 0
    merged: bool = False
    recovered: str | None = None
    stopped: bool = False
    """Conflicts that `prefer` did not settle stopped the sync: nothing was changed."""


@dataclass(frozen=True, slots=True)
class Standing:
    """Where the branch stands against its upstream, without fetching."""

    upstream: str | None
    """None: no upstream."""
    ahead: int = 0
    behind: int = 0
    has_remote: bool = True
    """False when the repository has no remote at all (nothing to sync with)."""


@dataclass(frozen=True, slots=True)
class CommitInfo:
    """A commit as a notice names it."""

    sha: str
    author: str
    subject: str


class Workspace:
    """One open board: its current state, and edits that each become one commit.

    Reading is incremental: a file is parsed again only when its size,
    mtime or inode changed, and a team file's model is reused until then.
    """

    def __init__(self, root: Path, author: str | None = None, committer: str | None = None) -> None:
        self.root = root
        self.author = author
        self.committer = committer
        """`Name <email>` that records each commit for its author (`trioboard serve`); None: the author."""
        # Path → (what its stat was, the model read from it). The parsed
        # trees are not kept: on a 10,000-item board they are most of the memory.
        self._models: dict[str, tuple[tuple[int, ...], BoardFile | TeamFile]] = {}
        self._where: repo.BoardRepo | None = None
        self._from_disk = False
        """Whether the models kept from the last run were read (once, on the first read)."""
        self._parsed = 0
        """Files parsed (not taken from the cache) by the current read."""
        self._cache_due = False
        """Whether the models read differ enough from the cache's to be worth writing it again."""
        self._ahead: read_ahead.ReadAhead | None = None
        """A child parsing a share of the files for the first read (see `read_ahead`)."""
        self._outside_git = False
        """Set once `where()` found no repository around the board (see `_ref_stats`)."""

    # -- reading -------------------------------------------------------------

    def board(self) -> Board:
        """The board as it is on disk now."""
        return self._board(keep=False)

    def read_ahead(self) -> None:
        """Start parsing a large board's files in a second process, for the first `state()`.

        Worth it only when nothing is kept in the model cache; call it
        before starting any thread (see `store.read_ahead`).
        """
        from trioboard.store import model_cache
        from trioboard.store import read_ahead as ahead

        if self._ahead is not None or self._from_disk or model_cache.is_kept(self.root):
            return
        paths, _ = board_file_paths(self.root)
        try:
            size = sum(os.lstat(self.root / path).st_size for path in paths)
        except OSError:
            return
        if size >= READ_AHEAD_BYTES:
            self._ahead = ahead.start(paths[1:], lambda path: self._parse(path, head=False))

    def keep_models(self) -> None:
        """Write the models read for the views to the cache, if they changed much since it was.

        Not part of `state()`: writing 10,000 items' models took a quarter
        of a first open, and the board can be on screen before it is done.
        """
        from trioboard.store import model_cache

        if self._cache_due:
            self._cache_due = False
            model_cache.write(self.root, self._models)  # type: ignore[arg-type]

    def _board(self, *, keep: bool) -> Board:
        """The board now; with `keep`, models are read from the cache between runs.

        Only reading for a view keeps them (`keep_models` writes them): an
        edit reads its board under the lock and should not spend that time
        on a cache.
        """
        from trioboard.store import model_cache

        with gc_paused():
            paths, refused = board_file_paths(self.root)
            kept = 0
            if keep and not self._from_disk:
                self._from_disk = True
                self._models = model_cache.read(self.root)  # type: ignore[assignment]
                kept = len(self._models)
            self._parsed = 0
            if keep and self._ahead is not None:
                self._take_read_ahead(paths)
            models = [self._model(path, head=n == 0) for n, path in enumerate(paths)]
            self._models = {p: self._models[p] for p in paths if p in self._models}
            # Keep them for the next run when much was parsed: at the first
            # open, not after every edit (which re-parses one file).
            if keep and self._parsed and (not kept or self._parsed * 10 >= len(paths)):
                self._cache_due = True
            head = models[0]
            assert isinstance(head, BoardFile)
            teams = [m for m in models[1:] if isinstance(m, TeamFile)]
            hidden = hidden_board_files(self.root)
            if hidden:
                teams = sorted(
                    teams + [read_team_file(parse_source(p, d)) for p, d in hidden.items() if p != BOARD_FILE],
                    key=lambda t: t.problems.file,
                )
            return assemble(head, teams + [read_team_file(src) for src in refused])

    def signature(self) -> tuple[tuple[str, int, int, int], ...]:
        """What changes when any board file does: cheap to take twice a second."""
        paths, _ = board_file_paths(self.root)
        out = []
        for path in paths:
            try:
                info = os.lstat(self.root / path)
            except OSError:
                continue
            out.append((path, info.st_size, info.st_mtime_ns, info.st_ino))
        return tuple(out + self._ref_stats())

    def _ref_stats(self) -> list[tuple[str, int, int, int]]:
        """HEAD, the branch it names and packed-refs: a commit moves one of them, files or not."""
        from trioboard.store import repo

        if self._outside_git:
            return []
        try:
            git_dir = self.where().git_dir
        except repo.GitError:
            self._outside_git = True  # the watcher asks twice a second: ask git once
            return []
        try:
            head = (git_dir / "HEAD").read_text("utf-8", "replace").strip()
        except OSError:
            return []
        try:
            # A linked worktree keeps its HEAD but shares the branches with the main one.
            common = git_dir / (git_dir / "commondir").read_text("utf-8", "replace").strip()
        except OSError:
            common = git_dir
        files = [git_dir / "HEAD", common / "packed-refs"]
        if head.startswith("ref: refs/"):
            files.append(common / head[5:])
        out = []
        for file in files:
            try:
                info = os.lstat(file)
            except OSError:
                continue
            out.append((str(file), info.st_size, info.st_mtime_ns, info.st_ino))
        return out

    def state(self) -> BoardState:
        """The board now, analysed and checked."""
        board = self._board(keep=True)
        with gc_paused():
            analysis = analyse(board)
            findings = run_rules(board, analysis)
        return BoardState(self.root, board, analysis, findings)

    def _take_read_ahead(self, paths: list[str]) -> None:
        """Parse the files the child does not, then take what it parsed."""
        from trioboard.store import read_ahead

        ahead, self._ahead = self._ahead, None
        assert ahead is not None
        for n, path in enumerate(paths):
            if path not in ahead.paths:
                self._model(path, head=n == 0)
        got = read_ahead.collect(ahead)
        self._models.update(got)  # type: ignore[arg-type]
        self._parsed += len(got)

    def _model(self, path: str, *, head: bool) -> BoardFile | TeamFile:
        key = _stat_key(self.root / path)
        cached = self._models.get(path)
        if cached is not None and cached[0] == key and key:
            return cached[1]
        self._models[path] = parsed = self._parse(path, head=head, key=key)
        self._parsed += 1
        return parsed[1]

    def _parse(
        self, path: str, *, head: bool, key: tuple[int, ...] | None = None
    ) -> tuple[tuple[int, ...], BoardFile | TeamFile]:
        """A file's model, with its stat as it was just before it was read (`key`, if taken already)."""
        key = _stat_key(self.root / path) if key is None else key
        source = read_source(self.root, path)
        return key, read_board_file(source, RULE_NAMES, STRUCTURAL_RULES) if head else read_team_file(source)

    # -- editing ---------------------------------------------------------------

    def where(self) -> repo.BoardRepo:
        """The repository holding the board, resolved once from the board's path."""
        from trioboard.store import repo

        if self._where is None:
            self._where = repo.locate(self.root)
        return self._where

    def edit(self, op: Operation) -> EditResult:
        """Apply one operation and commit it: lock → recover → re-read → plan → write → commit.

        Raises `Refused` (nothing written) when the operation does not fit
        the board as it is now, and `GitError` when git cannot be used.
        """
        from trioboard.core.edits import BoardIndex, Refused, plan
        from trioboard.store import editor, repo, tracking
        from trioboard.store.edit import transaction

        where = self.where()
        who = repo.identity(where, self.author, self.committer)
        with transaction.locked(where) as recovered:
            why = tracking.why_not_writable(self.root, [])  # a sparse checkout: before ids are judged
            if why:
                raise Refused(why)
            board = self.board()
            broken = {
                entry.file: self._text_of(entry.file)
                for entry in board.problems
                if any(p.rule == "parse-error" for p in entry.problems)
            }
            the_plan = plan(op, BoardIndex(board, broken))
            why = tracking.why_not_writable(self.root, sorted(the_plan.touched()))
            if why:
                raise Refused(why)
            originals = {f: self._read(f) for f in the_plan.touched()}
            new_texts = editor.apply(the_plan.steps, lambda f: _text(originals[f]))
            for file, text in new_texts.items():
                if text is not None and any(
                    p.rule == "parse-error" for p in parse_source(file, text.encode()).problems
                ):
                    raise Refused(f"this edit would leave {file} unreadable; nothing was written")
            changes = [
                transaction.Change(f, originals[f], None if t is None else _with_bom(originals[f], t.encode("utf-8")))
                for f, t in new_texts.items()
            ]
            # A long new value is said in the body; the transaction keeps the body to lines
            # of their own and puts its trailer after it, where no value can reach.
            message = the_plan.message + (f"\n\n{the_plan.body}" if the_plan.body else "")
            sha = transaction.commit(where, message, changes, who, kind="edit")
        return EditResult(sha, repo.one_line(the_plan.message), recovered)

    def uncommitted(self) -> list[str]:
        """Board files (relative to the board) with changes git has not committed: edited by hand, staged or not, new.

        Empty when the board is not in a git work tree: there is nothing to commit to.
        """
        from trioboard.store import repo, sync

        try:
            where = self.where()
            changed = repo.changed_paths(where, [where.prefix or "."])
        except repo.GitError:
            return []
        files = [f for path in changed if (f := where.board_path(path)) is not None]
        return [f for f in files if sync.is_board_path(f)]

    def commit_uncommitted(self, files: list[str]) -> EditResult:
        """Commit board files as they are in the work tree: changes made by hand, kept in a commit of their own.

        Only the named board files go in, whatever else is staged. Refused
        (nothing committed) when one of them does not parse: a board's
        history should not take in a file no one can read.
        """
        from trioboard.core.edits import Refused
        from trioboard.store import repo, sync
        from trioboard.store.edit import transaction

        wrong = [f for f in files if not sync.is_board_path(f)]
        if wrong or not files:
            raise Refused(f"{wrong[0]} is not a board file" if wrong else "no board file to commit")
        where = self.where()
        who = repo.identity(where, self.author, self.committer)
        with transaction.locked(where) as recovered:
            changes = []
            for file in files:
                data = self._read(file)
                problem = (
                    next(
                        (p for p in parse_source(file, data).problems if p.rule == "parse-error"),
                        None,
                    )
                    if data is not None
                    else None
                )
                if problem is not None:
                    raise Refused(f"{file} does not parse (line {problem.line}: {problem.message}); fix it first")
                changes.append(transaction.Change(file, data, data))
            named = files[0] if len(files) == 1 else f"{len(files)} board files"
            message = f"Commit changes to {named} made outside trioboard"
            sha = transaction.commit(
                where, message, changes, who, kind=transaction.HAND, write=False, require_clean=False
            )
        return EditResult(sha, message, recovered)

    def last_commit(self) -> CommitInfo | None:
        """The newest commit that touched the board: who made it and its subject (None outside git)."""
        from trioboard.store import repo

        try:
            where = self.where()
            out = where.git.run("log", "-1", "--format=%H%x1f%an%x1f%s", "--", where.prefix or ".")
        except repo.GitError:
            return None
        parts = out.strip().split("\x1f")
        return CommitInfo(parts[0], parts[1], parts[2]) if len(parts) == 3 else None

    def undo(self, commit: str | None = None, *, redo: bool = False) -> EditResult:
        """Revert a commit with a new one: by default trioboard's last edit of this board on this branch.

        `commit` names the one to revert (the TUI's session undo, or a commit
        chosen in History); it must be on this branch. With `redo`, `commit`
        is an undo and the new commit is its redo ("Redo: …"), an edit that
        can itself be undone.
        """
        from trioboard.core.edits import Refused
        from trioboard.store import repo, tracking
        from trioboard.store.edit import transaction

        where = self.where()
        who = repo.identity(where, self.author, self.committer)
        with transaction.locked(where) as recovered:
            try:
                _, tip = repo.branch_tip(where)
            except repo.Busy as exc:
                raise Refused(str(exc)) from None
            target = transaction.last_edit(where, tip) if commit is None else self._on_branch(commit, tip)
            parent = f"{target}^" if where.git.run("rev-list", "--parents", "-n1", target).split()[1:] else None
            changed = [(p, f) for p in repo.files_changed(where, target) if (f := where.board_path(p)) is not None]
            why = tracking.why_not_writable(self.root, [file for _, file in changed])
            if why:
                raise Refused(why)
            changes = []
            for top_path, file in changed:
                ours = self._read(file)
                base = repo.blob_at(where, target, top_path)
                theirs = repo.blob_at(where, parent, top_path) if parent else None
                if ours == base:
                    result = theirs
                elif ours is None or base is None:
                    raise Refused(f"{file} changed after that edit; undo it by hand")
                else:
                    result = repo.merge_file(where, ours, base, theirs or b"")
                    if result is None:
                        raise Refused(f"later changes to {file} conflict with undoing that edit; nothing was changed")
                changes.append(transaction.Change(file, ours, result))
            subject = repo.subject(where, target)
            if redo:
                message = f"Redo: {subject.removeprefix('Undo: ')}"
                sha = transaction.commit(where, message, changes, who, kind="edit")
            else:
                message = f"Undo: {subject}\n\nThis reverts commit {target}."
                sha = transaction.commit(where, message, changes, who, kind=transaction.UNDO, reverts=target)
        return EditResult(sha, repo.one_line(message.partition("\n")[0]), recovered)

    def recover(self) -> str | None:
        """Complete or roll back an edit a killed process left half done; says which."""
        from trioboard.store.edit import transaction

        with transaction.locked(self.where(), allow_pending=True) as recovered:
            return recovered

    # -- syncing -------------------------------------------------------------

    def sync(
        self,
        remote: str | None = None,
        prefer: str | dict[tuple[str, str | None], str] | None = None,
        push: bool = True,
    ) -> SyncResult:
        """Fetch, integrate by the semantic merge, move the branch, update the files, push.

        Raises `Refused` (nothing changed) for uncommitted board changes, a
        busy repository, a detached HEAD or no upstream; `SyncFailed` when
        the remote cannot be reached or refuses the push (local commits kept).
        True conflicts come back in the result with nothing changed, unless
        `prefer` settles them: "mine" or "theirs" for all, or a choice per
        conflict keyed by (node, field), as the TUI's dialog gives them.
        """
        from trioboard.core.edits import Refused
        from trioboard.store import repo, sync, tracking
        from trioboard.store.edit import transaction

        where = self.where()
        who = repo.identity(where, self.author, self.committer)
        # As for an edit: a sync would write the files a sparse checkout hides.
        why = tracking.why_not_writable(self.root, [])
        if why:
            raise Refused(why)
        side: Prefer = (
            {key: PREFER[value] for key, value in prefer.items()}
            if isinstance(prefer, dict)
            else PREFER.get(prefer or "")
        )
        with transaction.locked(where) as recovered:
            try:
                ref, start = repo.branch_tip(where)
            except repo.Busy as exc:
                raise Refused(str(exc)) from None
            if start is None:
                raise Refused("there is no commit to sync yet")
            try:
                up = sync.upstream(where, ref, remote)
            except sync.NoUpstream as exc:
                raise Refused(str(exc)) from None
            prefix = where.prefix
            dirty = repo.changed_paths(where, [prefix or "."])
            dirty = [p for p in dirty if sync.is_board_path(p[len(prefix) + 1 :] if prefix else p)]
            if dirty:
                raise Refused(f"{dirty[0]} has changes that are not committed; commit or stash them before syncing")
            trees = sync.Trees(where, prefix)
            before = self.board()
            local, remote_tip, pushed = start, None, False
            result_conflicts: list[Conflict] = []
            integration = sync.Integration(start)
            for _attempt in range(sync.PUSH_ATTEMPTS):
                try:
                    remote_tip = sync.fetch(where, up)
                    integration = (
                        sync.integrate(trees, local, remote_tip, side, who, up.name)
                        if remote_tip
                        else sync.Integration(local)
                    )
                except sync.Unreachable as exc:
                    raise SyncFailed(str(exc)) from None
                except sync.OutsideConflict as exc:
                    raise Refused(str(exc)) from None
                result_conflicts = integration.conflicts
                if integration.tip is None:
                    return SyncResult(up.name, integration.conflicts, recovered=recovered, stopped=True)
                if integration.tip != local:
                    self._land(ref, local, integration.tip, f"Sync with {up.name}")
                    local = integration.tip
                if not push or local == remote_tip:
                    pushed = local == remote_tip
                    break
                try:
                    if sync.push(where, up, local):
                        pushed = True
                        break
                except (sync.Unreachable, sync.PushRefused) as exc:
                    raise SyncFailed(str(exc) + "; your commits are kept here") from None
            else:
                raise SyncFailed(
                    f"{up.name} kept moving: {sync.PUSH_ATTEMPTS} pushes were refused; "
                    "your commits are kept, sync again"
                )
            return self._sync_report(
                trees, up.name, start, before, local, remote_tip, result_conflicts, pushed, integration, recovered
            )

    def _sync_report(
        self,
        trees: sync_store.Trees,
        name: str,
        start: str,
        before: Board,
        end: str,
        remote_tip: str | None,
        conflicts: list[Conflict],
        pushed: bool,
        integration: sync_store.Integration,
        recovered: str | None,
    ) -> SyncResult:
        from trioboard.core.diff import diff
        from trioboard.core.findings import new_findings
        from trioboard.store import sync as sync_store

        where = self.where()
        after = self.board()  # only the files the sync changed are read again
        theirs = after
        if remote_tip and remote_tip != end:
            # The remote's board differs from ours only in the files our commits touched.
            changed = {}
            for path, _, sha in sync_store.changed_between(where, end, remote_tip):
                rel = path[len(trees.prefix) + 1 :] if trees.prefix else path
                if (not trees.prefix or path.startswith(trees.prefix + "/")) and sync_store.is_board_path(rel):
                    changed[rel] = trees.blob(sha) if sha else None
            theirs = self._board_with(changed)
        states = [self._analysed(board) for board in (before, after)]
        theirs_state = self._analysed(theirs) if theirs is not after else states[1]
        came_in = len(where.git.run("rev-list", f"{start}..{remote_tip}").split()) if remote_tip else 0
        out_from = remote_tip or ""
        went_out = len(where.git.run("rev-list", end, *([f"^{out_from}"] if out_from else [])).split())
        fresh = new_findings(new_findings(states[1].findings, states[0].findings), theirs_state.findings)
        return SyncResult(
            name,
            conflicts,
            came_in=came_in,
            went_out=went_out,
            incoming=diff(snapshot(states[0]), snapshot(states[1])) if start != end else None,
            outgoing=diff(snapshot(theirs_state), snapshot(states[1])) if went_out else None,
            new_findings=tuple(fresh),
            pushed=pushed,
            replayed=integration.replayed,
            merged=integration.merged,
            recovered=recovered,
        )

    def _analysed(self, board: Board) -> BoardState:
        with gc_paused():
            analysis = analyse(board)
            findings = run_rules(board, analysis)
        return BoardState(self.root, board, analysis, findings)

    def _board_with(self, changes: dict[str, bytes | None]) -> Board:
        """The board on disk with some files replaced (None: removed), reading only those."""
        with gc_paused():
            paths, refused = board_file_paths(self.root)
            models: dict[str, BoardFile | TeamFile] = {
                path: self._model(path, head=n == 0) for n, path in enumerate(paths) if path not in changes
            }
            for path, data in changes.items():
                if data is not None:
                    source = parse_source(path, data)
                    head = path == "board.yaml"
                    models[path] = (
                        read_board_file(source, RULE_NAMES, STRUCTURAL_RULES) if head else read_team_file(source)
                    )
            head_model = models.pop("board.yaml", None)
            if not isinstance(head_model, BoardFile):
                return empty_board()
            teams = [m for _, m in sorted(models.items()) if isinstance(m, TeamFile)]
            return assemble(head_model, teams + [read_team_file(src) for src in refused])

    def standing(self) -> Standing:
        """Ahead/behind against the upstream as last fetched (no network)."""
        from trioboard.store import repo, sync

        try:
            where = self.where()
            if not where.git.run("remote").split():
                return Standing(None, has_remote=False)
            ref, local = repo.branch_tip(where)
            up = sync.upstream(where, ref, None)
        except repo.GitError:
            return Standing(None)
        ahead, behind = sync.ahead_behind(where, local, sync.tip(where, up.tracking))
        return Standing(up.name, ahead, behind)

    def _land(self, ref: str, old: str, new: str, message: str) -> None:
        """Move the branch from `old` to `new` and bring the files and index along, as an edit does."""
        from trioboard.core.edits import Refused
        from trioboard.store import repo, sync
        from trioboard.store.edit import transaction

        where = self.where()
        changes = sync.changed_between(where, old, new)
        paths = [path for path, _, _ in changes]
        for path, mode, _ in changes:
            if mode is not None and mode not in ("100644", "100755"):
                raise Refused(f"the sync would change {path}, which is not a regular file; use git pull")
        dirty = repo.changed_paths(where, paths)
        if dirty:
            raise Refused(
                f"{dirty[0]} has changes that are not committed and the sync changes it; commit or stash them first"
            )
        trees = sync.Trees(where, "")
        moves = [
            transaction.Move(path, mode, sha, transaction.read_in_tree(where, path), trees.blob(sha) if sha else None)
            for path, mode, sha in changes
        ]
        transaction.land(where, ref, old, new, message, moves, kind="sync")

    # -- the machinery -------------------------------------------------------

    def _read(self, file: str) -> bytes | None:
        from trioboard.core.edits import Refused

        try:
            return read_regular_file(self.root / file)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise Refused(f"{file} cannot be read: {exc.strerror}") from None
        except Exception as exc:  # noqa: BLE001 - a refused (symlinked, special, huge) file
            raise Refused(f"{file} cannot be edited here: {exc}") from None

    def _text_of(self, file: str) -> str | None:
        """A board file's text however broken, to look for ids in; None when it cannot be read."""
        try:
            data = read_regular_file(self.root / file)
        except Exception:  # noqa: BLE001 - a file refused or unreadable: its ids are unknowable
            return None
        return data.decode("utf-8", errors="replace")

    def _on_branch(self, commit: str, tip: str | None) -> str:
        from trioboard.core.edits import Refused
        from trioboard.store import repo

        if not _HEX.fullmatch(commit) or not tip or not repo.is_ancestor(self.where(), commit, tip):
            raise Refused(f"commit {commit[:7]} is not on this branch; nothing to undo")
        return commit


_HEX = re.compile("[0-9a-f]{7,64}")
"""A commit id as the TUI passes it: never an option or a revision expression."""


def _text(data: bytes | None) -> str | None:
    from trioboard.core.edits import Refused

    if data is None:
        return None
    try:
        return data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("the file is not UTF-8; fix it by hand before editing it here") from None


def _with_bom(original: bytes | None, data: bytes) -> bytes:
    return _BOM + data if original is not None and original.startswith(_BOM) else data

"""One open board and the changes made to it: each edit, undo and sync is one commit, or none.

An edit runs as lock → recover → re-read → plan → write → commit, so several
processes editing one board never lose each other's changes. Git and the
files are reached through `store`; what comes back are `core.results` values.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.core.diff import diff
from trioboard.core.errors import GitError, Refused
from trioboard.core.findings import new_findings
from trioboard.core.results import BoardState, CommitInfo, Conflict, EditResult, Standing, SyncResult, TypedValue
from trioboard.core.text import conflict_marker_line, line_text_problem, notes_problem
from trioboard.core.vocabulary import (
    ASSUMPTION_KEYS,
    KINDS,
    LIST_KEYS,
    CommitKind,
    Key,
    Kind,
    is_board_file,
    schema_file,
    schema_hint,
)
from trioboard.store.files import parse_source
from trioboard.store.safe_io import read_regular_file
from trioboard.workspace.reader import BoardReader, snapshot

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from trioboard.core.edits import Addition, BoardIndex, Operation, Plan
    from trioboard.store import sync_check, sync_run
    from trioboard.workspace.reader import FileModel

# Editing needs git, the round-trip YAML editor and the journal; `check`
# needs none of them. They are imported by the methods that edit, so a CI
# check does not pay for them.

_BOM = b"\xef\xbb\xbf"


class Workspace(BoardReader):
    """One open board: its current state, and edits that each become one commit.

    Reading is incremental (see `BoardReader`); every change goes through
    the edit lock and becomes one commit, or is refused with nothing written.
    """

    def __init__(self, root: Path, author: str | None = None, committer: str | None = None) -> None:
        super().__init__(root)
        self.author = author
        self.committer = committer
        """`Name <email>` that records each commit for its author (`trioboard serve`); None: the author."""

    def edit(self, op: Operation) -> EditResult:
        """Apply one operation and commit it: lock → recover → re-read → plan → write → commit.

        Raises `Refused` (nothing written) when the operation does not fit
        the board as it is now, and `GitError` when git cannot be used.
        """
        from trioboard.core.edits import plan

        return self._commit_plan(lambda index: plan(op, index))

    def edit_many(self, ops: Sequence[Addition], message: str, *, dry_run: bool = False) -> EditResult | None:
        """Apply several additions (an import) as ONE commit with `message`, each checked as `edit` checks it.

        With `dry_run`, they are checked against the board as it is now and
        nothing is written (None). Raises `Refused` naming the first that
        does not fit, with nothing written.
        """
        from trioboard.core.edits import BoardIndex, plan_many

        if dry_run:
            plan_many(ops, BoardIndex(self.board()), message)
            return None
        return self._commit_plan(lambda index: plan_many(ops, index, message))

    def _commit_plan(self, make_plan: Callable[[BoardIndex], Plan]) -> EditResult:
        """Lock, re-read, plan with `make_plan`, write the files and commit them as one commit."""
        from trioboard.core.edits import BoardIndex
        from trioboard.store import editor, tracking
        from trioboard.store.edit import transaction
        from trioboard.store.git import identity as identities

        where = self.repository()
        who = identities.identity(where, self.author, self.committer)
        with transaction.locked(where) as recovered:
            # A merge or rebase in progress leaves conflict markers in the files: say so, not "does not parse".
            transaction.tip_for_edit(where)
            why = tracking.why_not_writable(self.root, [])  # a sparse checkout: before ids are judged
            if why:
                raise Refused(why)
            board = self.board()
            broken = {
                entry.file: self._text_of(entry.file)
                for entry in board.problems
                if any(p.rule == "parse-error" for p in entry.problems)
            }
            the_plan = make_plan(BoardIndex(board, broken))
            why = tracking.why_not_writable(self.root, sorted(the_plan.touched()))
            if why:
                raise Refused(why)
            originals = {f: self._read(f) for f in the_plan.touched()}
            new_texts = editor.apply(the_plan.steps, lambda f: _text(originals[f]), self._new_file_head())
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
            sha = transaction.commit(where, message, changes, who, kind=CommitKind.EDIT)
        return EditResult(sha, identities.one_line(the_plan.message), recovered)

    def _new_file_head(self) -> str:
        """The schema hint a new team file starts with, where the board holds its schema (`init` writes it)."""
        return f"{schema_hint('team')}\n" if (self.root / schema_file("team")).is_file() else ""

    def uncommitted(self) -> list[str]:
        """Board files (relative to the board) with changes git has not committed: edited by hand, staged or not, new.

        Empty when the board is not in a git work tree: there is nothing to commit to.
        """
        from trioboard.store.git import commits

        try:
            where = self.repository()
            changed = commits.changed_paths(where, [where.prefix or "."])
        except GitError:
            return []
        files = [f for path in changed if (f := where.board_path(path)) is not None]
        return [f for f in files if is_board_file(f)]

    def conflicted(self, files: list[str]) -> str | None:
        """Why `files` must not be committed as they are: the first that holds a conflict marker, with its line.

        None when none does. A file with `<<<<<<<` lines is half of a merge
        or a stash pop, never a board anyone meant to commit.
        """
        for file in files:
            text = self._text_of(file)
            line = None if text is None else conflict_marker_line(text)
            if text is not None and line is not None:
                marker = text.splitlines()[line - 1][:7]
                return (
                    f"{file} line {line} holds a git conflict marker ({marker}); resolve the conflict in the file first"
                )
        return None

    def commit_uncommitted(self, files: list[str]) -> EditResult:
        """Commit board files as they are in the work tree: changes made by hand, kept in a commit of their own.

        Only the named board files go in, whatever else is staged. Refused
        (nothing committed) when one of them does not parse: a board's
        history should not take in a file no one can read.
        """
        from trioboard.store.edit import transaction
        from trioboard.store.git import identity as identities

        wrong = [f for f in files if not is_board_file(f)]
        if wrong or not files:
            raise Refused(f"{wrong[0]} is not a board file" if wrong else "no board file to commit")
        where = self.repository()
        who = identities.identity(where, self.author, self.committer)
        with transaction.locked(where) as recovered:
            why = self.conflicted(files)
            if why:
                raise Refused(why)
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
                where, message, changes, who, kind=CommitKind.HAND, write=False, require_clean=False
            )
        return EditResult(sha, message, recovered)

    def last_commit(self) -> CommitInfo | None:
        """The newest commit that touched the board: who made it and its subject (None outside git)."""
        from trioboard.store.git import revisions

        try:
            newest = revisions.newest_touching_board(self.repository())
        except GitError:
            return None
        return None if newest is None else CommitInfo(*newest)

    def undo(self, commit: str | None = None, *, redo: bool = False) -> EditResult:
        """Revert a commit with a new one: by default trioboard's last edit of this board on this branch.

        `commit` names the one to revert (the TUI's session undo, or a commit
        chosen in History); it must be on this branch. With `redo`, `commit`
        is an undo and the new commit is its redo ("Redo: …"), an edit that
        can itself be undone. Subjects never nest (`revert_subject`).
        """
        from trioboard.core.edits.messages import revert_subject
        from trioboard.store import revert
        from trioboard.store.edit import transaction
        from trioboard.store.git import identity as identities
        from trioboard.store.git import revisions

        where = self.repository()
        who = identities.identity(where, self.author, self.committer)
        with transaction.locked(where) as recovered:
            target = revert.target(where, commit)
            changes = revert.changes(where, self.root, target, self._read)
            subject = revisions.subject(where, target)
            title = revert_subject(subject)
            if redo:
                message = title
                sha = transaction.commit(where, message, changes, who, kind=CommitKind.EDIT)
            else:
                message = f"{title}\n\nThis reverts commit {target}."
                sha = transaction.commit(where, message, changes, who, kind=CommitKind.UNDO, reverts=target)
        return EditResult(sha, identities.one_line(message.partition("\n")[0]), recovered)

    def recover(self) -> str | None:
        """Complete or roll back an edit a killed process left half done; says which."""
        from trioboard.store.edit import transaction

        with transaction.locked(self.repository(), allow_pending=True) as recovered:
            return recovered

    # -- syncing -------------------------------------------------------------

    def sync(
        self,
        remote: str | None = None,
        prefer: str | Mapping[tuple[str, str | None], str | TypedValue] | None = None,
        push: bool = True,
    ) -> SyncResult:
        """Fetch, integrate by the semantic merge, move the branch, update the files, push.

        Raises `Refused` (nothing changed) for uncommitted board changes, a
        busy repository, a detached HEAD or no upstream; `RemoteFailed` when
        the remote cannot be reached or refuses the push (local commits kept).
        True conflicts come back in the result with nothing changed, unless
        `prefer` settles them: "mine" or "theirs" for all, or a choice per
        conflict keyed by (node, field), as the TUI's dialog gives them: a
        side, or a `TypedValue` that becomes the field's value (checked as
        `edit set` checks a value; refused for a link list or a whole node).
        """
        from trioboard.store import sync_run, tracking
        from trioboard.store.edit import transaction
        from trioboard.store.git import identity as identities

        where = self.repository()
        who = identities.identity(where, self.author, self.committer)
        # As for an edit: a sync would write the files a sparse checkout hides.
        why = tracking.why_not_writable(self.root, [])
        if why:
            raise Refused(why)
        if prefer is not None and not isinstance(prefer, str):
            for (node, field), choice in prefer.items():
                if isinstance(choice, TypedValue):
                    _check_typed(node, field, choice.text, self._closed_set(node, field))
        side = sync_run.settle_with(prefer)
        with transaction.locked(where) as recovered:
            begin = sync_run.start(where, remote)
            states: dict[str, BoardState] = {begin.commit: self._analysed(self.board())}
            check = self._structure_check(begin, states)
            done = sync_run.run(where, begin, side, who, push=push, check=check)
            if done.stopped:
                return SyncResult(begin.upstream.name, done.conflicts, recovered=recovered, stopped=True)
            return self._sync_report(begin, states, done, recovered)

    def _structure_check(self, begin: sync_run.Start, states: dict[str, BoardState]) -> sync_check.Check:
        """Sync's check before landing: the structural errors an integration adds (kept in `states` by commit)."""
        from trioboard.store import sync_check, sync_run

        parsed: dict[tuple[str, bytes], FileModel] = {}
        """The merged board and the remote's share most of their changed files: each is parsed once."""

        def state_at(here: str, commit: str) -> BoardState:
            if commit not in states:
                # The board on disk is `here`'s; only the files that differ are read.
                changes = sync_run.remote_changes(begin, here, commit)
                states[commit] = self._analysed(self._board_with(changes, parsed))
            return states[commit]

        def check(here: str, tip: str, remote_tip: str | None) -> list[Conflict]:
            mine, merged = state_at(here, here), state_at(here, tip)
            theirs = state_at(here, remote_tip) if remote_tip else mine
            return sync_check.broken(merged.findings, mine.findings, theirs.findings)

        return check

    def _sync_report(
        self, begin: sync_run.Start, known: dict[str, BoardState], done: sync_run.Run, recovered: str | None
    ) -> SyncResult:
        from trioboard.store import sync_run
        from trioboard.store.git import revisions

        where = self.repository()
        before = known[begin.commit]
        after = known.get(done.end) or self._analysed(self.board())
        theirs_state = after
        if done.remote_tip and done.remote_tip != done.end:
            # The remote's board differs from ours only in the files our commits touched.
            theirs_state = known.get(done.remote_tip) or self._analysed(
                self._board_with(sync_run.remote_changes(begin, done.end, done.remote_tip))
            )
        states = [before, after]
        came_in = revisions.count_commits(where, done.remote_tip, excluding=begin.commit) if done.remote_tip else 0
        went_out = revisions.count_commits(where, done.end, excluding=done.remote_tip)
        fresh = new_findings(new_findings(states[1].findings, states[0].findings), theirs_state.findings)
        return SyncResult(
            begin.upstream.name,
            done.conflicts,
            came_in=came_in,
            went_out=went_out,
            incoming=diff(snapshot(states[0]), snapshot(states[1])) if begin.commit != done.end else None,
            outgoing=diff(snapshot(theirs_state), snapshot(states[1])) if went_out else None,
            new_findings=tuple(fresh),
            pushed=done.pushed,
            replayed=done.integration.replayed,
            merged=done.integration.merged,
            recovered=recovered,
            notes=tuple(done.integration.notes),
        )

    def standing(self) -> Standing:
        """Ahead/behind against the upstream as last fetched (no network), and what git is in the middle of."""
        from trioboard.store import sync
        from trioboard.store.git import config, refs

        busy = None
        try:
            where = self.repository()
            busy = refs.busy(where)
            if not config.has_remote(where.git):
                return Standing(None, has_remote=False, busy=busy)
            ref, local = refs.head_branch(where)  # mid-merge too: ↑↓ stay true while git is busy
            up = sync.upstream(where, ref, None)
        except GitError:
            return Standing(None, busy=busy)
        ahead, behind = sync.ahead_behind(where, local, refs.ref_tip(where, up.tracking))
        return Standing(up.name, ahead, behind, busy=busy)

    def _closed_set(self, node: str, field: str | None) -> tuple[str, ...] | None:
        """The values a conflicting field takes when it is a closed set (by its node's kind), else None.

        A conflict's node is an id, or `item.assumptions.N` for one of an item's assumptions.
        """
        if field is None:
            return None
        keys: tuple[Key, ...]
        if ".assumptions." in node:
            keys = ASSUMPTION_KEYS
        else:
            kind = next((n.kind for n in self.board().nodes() if n.id == node), Kind.ITEM)
            keys = KINDS[kind].keys
        return next((k.choices for k in keys if k.name == field and k.choices), None)

    # -- the machinery -------------------------------------------------------

    def _read(self, file: str) -> bytes | None:
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


def _check_typed(node: str, field: str | None, text: str, closed: tuple[str, ...] | None) -> None:
    """Refuse a typed value that `edit set` would refuse: settled by a value, a conflict must still read back.

    `closed` holds the values the field takes when it is a closed set (an item's horizon, an assumption's result).
    """
    where = f"{node}.{field}" if field else node
    if field is None or field in LIST_KEYS:
        raise Refused(f"{where}: a value can be typed only for one field; choose mine or theirs here")
    if closed is not None and text not in closed:
        raise Refused(f"{where}: {text!r} is not one of {', '.join(closed)}")
    problem = notes_problem(text) if field == "notes" else line_text_problem(text)
    if problem or not text.strip():
        raise Refused(f"{where}: {problem or 'the value is empty'}")


def _text(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("the file is not UTF-8; fix it by hand before editing it here") from None


def _with_bom(original: bytes | None, data: bytes) -> bytes:
    return _BOM + data if original is not None and original.startswith(_BOM) else data

"""A board's history: each commit that touched it, what it changed, and coverage after it.

`trioboard log` and the TUI's history view read it. Going back through
history re-reads only the files a commit changed (parsed files and their
model are cached by blob id) and analyses each board state once. The
results, the coverage of each state and the summary of each step, are kept
in `.git/trioboard/log-cache.json`, keyed by the blob ids of the board's
files, so a second run reads no board at all.
"""

from __future__ import annotations

from pathlib import Path

from trioboard.core.analysis import Coverage, analyse
from trioboard.core.diff import Snapshot, diff, empty_board, summary_line
from trioboard.core.errors import GitError
from trioboard.core.evidence import EvidenceFile, assemble_files, read_listed_file
from trioboard.core.model import Board
from trioboard.core.reanalysis import reanalyse
from trioboard.core.results import BoardState, CommitChanges, LogEntry
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES
from trioboard.core.schema import BoardFile, TeamFile, read_board_file
from trioboard.store.git.repository import locate
from trioboard.store.git.revisions import shallow_boundary
from trioboard.store.history_reader import CommitRecord, HistoryReader, Listing
from trioboard.store.log_cache import LogCache
from trioboard.workspace.reader import gc_paused, load_at, snapshot

BOUNDARY_SUMMARY = "history before this commit is not in this shallow clone"
"""What `log` says of a shallow clone's oldest commit instead of "created the board"."""


class _States:
    """Board states by the id of the board's tree, built from cached per-file models."""

    def __init__(self, history: HistoryReader) -> None:
        self.history = history
        self.heads: dict[tuple[str, str], BoardFile] = {}
        self.teams: dict[tuple[str, str], TeamFile | EvidenceFile] = {}
        """Team and evidence files' models by (path, blob)."""
        self.snapshots: dict[str, Snapshot] = {}
        self.last: Snapshot | None = None

    def snapshot(self, commit: str | None, tree: str | None) -> Snapshot:
        """The board at `commit`, whose board tree is `tree` (None: no board)."""
        key = tree or ""
        found = self.snapshots.get(key)
        if found is not None:
            return found
        listing = self.history.listing(commit) if tree else None
        board = empty_board() if listing is None else self._board(listing)
        # Neighbouring states mostly differ in one team file: derive the
        # analysis from the last one when no other team can tell the difference.
        last = self.last
        analysis = None if last is None else reanalyse(last.board, last.analysis, board)
        snap = Snapshot(board, analysis or analyse(board))
        self.last = snap
        # Only neighbouring commits share states: keep a few.
        if len(self.snapshots) > 4:
            self.snapshots.pop(next(iter(self.snapshots)))
        self.snapshots[key] = snap
        return snap

    def _board(self, listing: Listing) -> Board:
        sources = self.history.sources(listing)
        blob_of = {path: sha for path, sha, _ in listing.entries}
        head_key = (sources[0].path, blob_of.get(sources[0].path, ""))
        head = self.heads.get(head_key)
        if head is None:
            head = self.heads[head_key] = read_board_file(sources[0], RULE_NAMES, STRUCTURAL_RULES)
        team_files = []
        for src in sources[1:]:
            blob = blob_of.get(src.path)
            # A team file reads the same wherever its blob appears: reuse the
            # model, which also lets `diff` skip teams that did not change.
            team = self.teams.get((src.path, blob)) if blob else None
            if team is None:
                team = read_listed_file(src)
                if blob:
                    self.teams[(src.path, blob)] = team
            team_files.append(team)
        return assemble_files(head, team_files)


def board_log(
    board_root: Path,
    limit: int | None = None,
    revisions: list[str] | None = None,
    *,
    first_parent: bool = False,
) -> list[LogEntry]:
    """The commits that touched the board, newest first, with summary and coverage.

    `revisions` is what `git log` takes (default HEAD): `main..plan-q3` shows
    what a branch changed. Each commit is compared with its first parent.
    Raises `store.GitError` when the board is not in a git work tree,
    `store.RevisionError` for a revision git does not know.
    """
    history = HistoryReader(board_root)
    try:
        return _log(history, limit, revisions, first_parent)
    finally:
        history.close()


def _log(history: HistoryReader, limit: int | None, revisions: list[str] | None, first_parent: bool) -> list[LogEntry]:
    cache = LogCache(history.cache_dir)
    states = _States(history)
    commits = history.commits(limit, revisions, first_parent=first_parent)
    trees = history.board_trees([c.sha for c in commits] + [c.parent for c in commits if c.parent])
    boundary = shallow_boundary(history.where)
    entries = []
    with gc_paused():
        for commit in commits:
            after = trees[commit.sha]
            before = trees[commit.parent] if commit.parent else None
            step = f"{before or ''}>{after or ''}"
            if commit.sha in boundary:
                # Its parent is not in the clone: comparing with nothing would
                # present the whole board as created here.
                step = f"shallow>{after or ''}"
                cache.steps.setdefault(step, BOUNDARY_SUMMARY)
            if (after or "") not in cache.states:
                coverage = states.snapshot(commit.sha, after).analysis.board_coverage
                cache.states[after or ""] = [coverage.aligned, coverage.active]
                cache.dirty = True
            if step not in cache.steps:
                result = diff(states.snapshot(commit.parent, before), states.snapshot(commit.sha, after))
                cache.steps[step] = summary_line(result)
                cache.dirty = True
            aligned, active = cache.states[after or ""]
            entries.append(_entry(commit, cache.steps[step], Coverage(aligned, active), commit.sha in boundary))
    cache.save()
    return entries


def _entry(commit: CommitRecord, summary: str, coverage: Coverage, boundary: bool = False) -> LogEntry:
    return LogEntry(
        commit=commit.sha,
        short=commit.sha[:7],
        date=commit.date,
        author=commit.author,
        subject=commit.subject,
        summary=summary,
        coverage=coverage.ratio,
        aligned=coverage.aligned,
        active=coverage.active,
        boundary=boundary,
    )


def commit_changes(root: Path, commit: str) -> CommitChanges:
    """What one commit changed on the board, by meaning: what `trioboard diff` compares.

    A commit with no parent is compared with an empty board; a commit git
    cannot read, or one whose parent a shallow clone lacks, says why instead.
    """
    try:
        after = load_at(root, commit)
    except GitError as exc:
        return CommitChanges(commit, root.name, None, f"cannot read commit {commit[:7]}: {exc}")
    name = after.board.name or root.name
    try:
        before = load_at(root, f"{commit}^")
    except GitError:
        if commit in shallow_boundary(locate(root)):
            # Its parent is not in this shallow clone: comparing with nothing
            # would present the whole board as created by this commit.
            why = (
                f"{commit[:7]}: the history before this commit is not in this shallow clone, so what it "
                "changed cannot be told here; git fetch --unshallow brings it"
            )
            return CommitChanges(commit, name, None, why)
        before = BoardState(root, empty_board(), analyse(empty_board()), [])
    return CommitChanges(commit, name, diff(snapshot(before), snapshot(after)))

"""The check-in series of every measure, read from the board's git history.

Git is the time series: each commit that changed a measure's `current`,
`confidence` or `as_of` is one check-in. What the series is, and why:

- It follows the branch's first-parent line (`git log --first-parent`):
  the values the board had, one step after another. A check-in made on
  another branch and merged shows once, at the merge's place in the
  series, credited to the branch's commit that wrote that reading (its
  author, date and id): who entered the number, not who merged. A reading
  no single commit wrote (the merge combined both sides' changes, or
  settled a conflict its own way) is the merge's. `trioboard sync` replays
  local commits on top of the remote's, so check-ins are their own commits.
  After a rebase the series is that of the rebased commits (the ones
  reachable now), in the order history has them, even when their dates are
  out of order.
- A check-in's `date` is the commit's author date: when the number was
  entered, which a rebase or cherry-pick keeps (the committer date is when
  it was last rewritten). `as_of`, when given, is when it was measured.
- An undo (`trioboard edit undo`) is a step like any other: the value goes
  back, by whoever undid it, on the date they did (its subject says
  "Undo: …"). The series is what the board said and when; hiding the
  mistake would hide who corrected it.
- In a shallow clone the series starts at the oldest commit the clone
  holds: its numbers are where the series starts, not check-ins by whoever
  made that commit (`git fetch --unshallow` brings the rest).
- Measures are followed by id across files: a team file renamed, or an
  outcome moved to another team's file, is no check-in unless its numbers
  changed. A measure removed and added again with the same numbers is none
  either.

Only the files each commit changed are read (one `git log --raw` lists
them, a few `cat-file` calls read them), each version of a file once, and
of it only the measured goals or outcomes, each alone (`store.sections`).
What each version holds is kept in `.git/trioboard/measure-cache.json`,
keyed by blob id, and the last walk's series with the commits it walked in
`measure-series.json`: a run with no new commit reads that file alone, and
one with new commits reads only their files.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from trioboard.core.errors import GitError
from trioboard.core.model import Board, Measure
from trioboard.core.results import CheckIn
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES
from trioboard.core.schema import read_board_file, read_team_file
from trioboard.core.vocabulary import BOARD_FILE
from trioboard.store.files import parse_source
from trioboard.store.git.repository import locate, work_tree
from trioboard.store.git.revisions import is_shallow, shallow_boundary
from trioboard.store.history_reader import SYMLINK_MODE, CommitRecord, HistoryReader
from trioboard.store.log_cache import read_memo, write_memo
from trioboard.store.sections import list_entries
from trioboard.workspace.reader import gc_paused

Reading = tuple[float | None, float | None, str | None]
"""A measure's `current`, `confidence` and `as_of` (ISO date) in one version of a file."""
Series = dict[str, list[CheckIn]]
"""Measure id (goal or outcome) → its check-ins, oldest first."""

CACHE_FILE = "measure-cache.json"
"""Each file version's readings, by blob id."""
SERIES_FILE = "measure-series.json"
"""The last walk's series, with the commits it walked: all a run with no new commit reads."""
CACHE_VERSION = 1
"""Bump when what a file's readings hold changes."""


def in_git(root: Path) -> bool:
    """Whether the board is in a git work tree, where its measures have a history."""
    return work_tree(root) is not None


def measure_series(root: Path, revisions: list[str] | None = None) -> Series:
    """Every measure's check-ins on the first-parent line of HEAD, or of git's revision range, oldest first.

    Raises `GitError` when the board is not in a git work tree,
    `RevisionError` for a revision git does not know.
    """
    history = HistoryReader(root)
    try:
        with gc_paused():
            return _Walk(history).series(revisions)
    finally:
        history.close()


def in_shallow_clone(root: Path) -> bool:
    """Whether the board's repository is a shallow clone: check-ins before its oldest commit are not in it."""
    return is_shallow(locate(root))


def reading(measure: Measure) -> Reading:
    """What a check-in changes of a measure."""
    return measure.current, measure.confidence, None if measure.as_of is None else measure.as_of.isoformat()


def board_readings(board: Board) -> dict[str, Reading]:
    """The readings of every measured goal and outcome of `board`."""
    found = {goal.id: reading(goal.measure) for goal in board.goals if goal.measure is not None}
    for team in board.teams:
        found.update({o.id: reading(o.measure) for o in team.outcomes if o.measure is not None})
    return found


class _Walk:
    """One walk along history, with each file version's readings memoised here and on disk."""

    def __init__(self, history: HistoryReader) -> None:
        self.history = history
        self.path = history.cache_dir / CACHE_FILE
        self.memo: dict[str, dict[str, list[object]]] = {}
        """Read when a walk is needed (`_walk`): a run with nothing new reads only the series."""
        self.series_path = history.cache_dir / SERIES_FILE
        self.walked: object = read_memo(self.series_path, CACHE_VERSION).get("walked")
        """The last walk's series, with what it walked: `{"key": [...], "series": {...}}`."""
        self.dirty = False
        self.by_text: dict[bytes, dict[str, Reading]] = {}
        """The readings of an entry already parsed: a check-in changes one outcome of a file."""
        self.branches: dict[tuple[str, str], list[tuple[CommitRecord, dict[str, Reading]]]] = {}
        """Per (first parent, merged parent) of a merge: the merged branch's steps, oldest first (`_credit`)."""

    def series(self, revisions: list[str] | None) -> Series:
        """The series along `revisions`: the last walk's again when it walked the same commits."""
        tips = self.history.tips(revisions)
        key = None if tips is None else [self.history.rel, revisions or [], tips]
        if key is not None and isinstance(self.walked, dict) and self.walked.get("key") == key:
            kept = _series_from_memo(self.walked.get("series"))
            if kept is not None:
                return kept
        found = self._walk(revisions)
        if self.dirty:
            write_memo(self.path, CACHE_VERSION, {"files": self.memo})
        if key is not None:
            walked = {"key": key, "series": {name: [_check_in_memo(c) for c in s] for name, s in found.items()}}
            write_memo(self.series_path, CACHE_VERSION, {"walked": walked})
        return found

    def _walk(self, revisions: list[str] | None) -> Series:
        memo = read_memo(self.path, CACHE_VERSION).get("files")
        self.memo = memo if isinstance(memo, dict) else {}
        commits = self.history.changes(revisions)
        commits.reverse()
        if commits and commits[0].commit.sha in shallow_boundary(self.history.where):
            # What came before a shallow clone's oldest commit is not here: its numbers
            # are where the series starts, not check-ins by whoever made that commit.
            start = self._files_at(commits.pop(0).commit.sha)
        else:
            start = self._files_at(commits[0].commit.parent if commits else None)
        wanted = start + [(f.path, f.blob) for step in commits for f in step.files if f.blob is not None]
        self._read(
            [
                (path, blob)
                for path, blob in dict.fromkeys(wanted)
                if _from_memo(self.memo.get(self._key(path, blob))) is None
            ]
        )
        last: dict[str, Reading] = {}
        for path, blob in start:
            last.update(self.readings(path, blob))
        found: Series = {}
        for step in commits:
            for change in step.files:
                readings = {} if change.blob is None else self.readings(change.path, change.blob)
                for key, now in readings.items():
                    before = last.get(key)
                    if now == before:
                        continue
                    last[key] = now
                    if before is None and now[0] is None:
                        continue  # a measure with no number yet: nothing was checked in
                    _add(found.setdefault(key, []), _check_in(key, now, self._credit(step.commit, key, now)))
        return found

    def _credit(self, commit: CommitRecord, key: str, now: Reading) -> CommitRecord:
        """Who wrote reading `now` of measure `key`: for a merge, the merged branch's commit that set it, if one did.

        The branch is walked along its first parents from where it left
        (`first..merged`), from the readings there; the last of its commits
        that changed `key` to exactly `now` is credited. None did (the merge
        combined both sides, or settled a conflict): the merge itself.
        """
        if not commit.merged or commit.parent is None:
            return commit
        credit = commit
        for other in commit.merged:
            for record, readings in self._branch(commit.parent, other):
                if key in readings and readings[key] == now:
                    credit = record
        return credit

    def _branch(self, first: str, other: str) -> list[tuple[CommitRecord, dict[str, Reading]]]:
        """The commits of `first..other` on `other`'s first-parent line, oldest first, each with what it changed.

        What it changed: the readings that differ from those before it on
        that line. Empty when git cannot walk it (a shallow clone's edge).
        """
        kept = self.branches.get((first, other))
        if kept is not None:
            return kept
        try:
            steps = self.history.changes([f"{first}..{other}"])
        except GitError:
            steps = []
        steps.reverse()
        last: dict[str, Reading] = {}
        if steps:
            for path, blob in self._files_at(steps[0].commit.parent):
                last.update(self.readings(path, blob))
        walked: list[tuple[CommitRecord, dict[str, Reading]]] = []
        for step in steps:
            changed: dict[str, Reading] = {}
            for change in step.files:
                for name, value in ({} if change.blob is None else self.readings(change.path, change.blob)).items():
                    if last.get(name) != value:
                        last[name] = changed[name] = value
            walked.append((step.commit, changed))
        self.branches[(first, other)] = walked
        return walked

    def _files_at(self, commit: str | None) -> list[tuple[str, str]]:
        """The board files at `commit` (none: no commit, or no board there)."""
        listing = self.history.listing(commit)
        entries = listing.entries if listing else ()
        return [(path, blob) for path, blob, mode in entries if blob and mode != SYMLINK_MODE]

    @staticmethod
    def _key(path: str, blob: str) -> str:
        return f"{'b' if path == BOARD_FILE else 't'}:{blob}"

    def _read(self, files: list[tuple[str, str]]) -> None:
        """Read and parse the files not yet memoised, many blobs to a `cat-file` call."""
        if not files:
            return
        for path, blob, data in self.history.read_blobs(files):
            readings = {} if data is None else self._parse(path, data)
            self.memo[self._key(path, blob)] = {name: list(value) for name, value in readings.items()}
            self.dirty = True

    def readings(self, path: str, blob: str) -> dict[str, Reading]:
        """The measures in one version of a board file (read by `_read` first)."""
        key = self._key(path, blob)
        kept = _from_memo(self.memo.get(key))
        if kept is None:
            self.memo.pop(key, None)  # absent, or not what this version writes: read it again
            self._read([(path, blob)])
            kept = _from_memo(self.memo[key])
            assert kept is not None
        return kept

    def _parse(self, path: str, data: bytes) -> dict[str, Reading]:
        return file_readings(path, data, self.by_text)


def file_readings(path: str, data: bytes, memo: dict[bytes, dict[str, Reading]] | None = None) -> dict[str, Reading]:
    """The readings of one board file: of each measured entry alone when the file can be cut (`store.sections`).

    `memo` keeps the readings of each entry by its text: a check-in changes
    one outcome of a file, and the others are not parsed again.
    """
    key = "goals" if path == BOARD_FILE else "outcomes"
    parts = list_entries(data, key)
    if parts is None:
        return _readings(path, data)
    memo = {} if memo is None else memo
    found: dict[str, Reading] = {}
    for part in parts:
        if b"measure" not in part and b"\\" not in part:
            continue  # no measure can be written without its name (or an escape in a quoted key)
        known = memo.get(part)
        if known is None:
            known = memo[part] = _readings(path, part)
        found.update(known)
    return found


def _readings(path: str, data: bytes) -> dict[str, Reading]:
    """The measures a board file, or a part of one, holds."""
    source = parse_source(path, data)
    if path == BOARD_FILE:
        goals = read_board_file(source, RULE_NAMES, STRUCTURAL_RULES).goals
        return {goal.id: reading(goal.measure) for goal in goals if goal.measure is not None}
    team = read_team_file(source).team
    outcomes = [] if team is None else team.outcomes
    return {o.id: reading(o.measure) for o in outcomes if o.measure is not None}


def _from_memo(kept: object) -> dict[str, Reading] | None:
    """A file's readings as the cache holds them; None when they are not what this version writes."""
    if not isinstance(kept, dict):
        return None
    found: dict[str, Reading] = {}
    for name, value in kept.items():
        if not isinstance(value, list) or len(value) != 3:
            return None
        current, confidence, as_of = value
        if not all(v is None or isinstance(v, float | int) for v in (current, confidence)):
            return None
        if not (as_of is None or (isinstance(as_of, str) and _is_date(as_of))):
            return None
        found[name] = (
            None if current is None else float(current),
            None if confidence is None else float(confidence),
            as_of,
        )
    return found


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_in_memo(c: CheckIn) -> list[object]:
    return [
        c.value,
        c.confidence,
        None if c.as_of is None else c.as_of.isoformat(),
        c.date,
        c.author,
        c.commit,
        c.subject,
    ]


def _series_from_memo(kept: object) -> Series | None:
    """The series a walk kept; None when it is not what this version writes."""
    if not isinstance(kept, dict):
        return None
    found: Series = {}
    try:
        for name, steps in kept.items():
            found[name] = []
            for value, confidence, as_of, when, author, commit, subject in steps:
                readings = _from_memo({name: [value, confidence, as_of]})
                if readings is None or not all(isinstance(t, str) for t in (when, author, commit, subject)):
                    return None
                now = readings[name]
                found[name].append(_check_in(name, now, CommitRecord(commit, None, author, when, subject)))
    except (TypeError, ValueError):
        return None
    return found


def _check_in(measure: str, now: Reading, commit: CommitRecord) -> CheckIn:
    as_of = None if now[2] is None else datetime.date.fromisoformat(now[2])
    return CheckIn(measure, now[0], now[1], as_of, commit.date, commit.author, commit.sha, commit.subject)


def _add(series: list[CheckIn], check_in: CheckIn) -> None:
    """Append a check-in; the same id twice in one commit (in two files) is one step, the last read."""
    if series and series[-1].commit == check_in.commit:
        series[-1] = check_in
    else:
        series.append(check_in)

"""Reading a board: from the work tree (kept parsed between reads) or at a git revision.

A board is read file by file; a file is parsed again only when its size,
mtime or inode changed, and a team file's model is reused until then.
Git is read through `store`; nothing here writes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.core.analysis import analyse
from trioboard.core.errors import GitError
from trioboard.core.evidence import EvidenceFile, assemble_files, read_listed_file
from trioboard.core.findings import Finding
from trioboard.core.model import Board
from trioboard.core.results import BoardState
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES, run_rules
from trioboard.core.schema import BoardFile, TeamFile, build_board, read_board_file, read_team_file
from trioboard.core.tree import SourceFile
from trioboard.core.vocabulary import BOARD_FILE
from trioboard.store.evidence_files import parse_file
from trioboard.store.files import board_file_paths, file_stats, parse_source, read_board_dir, read_source, stat_key
from trioboard.store.tracking import hidden_board_files
from trioboard.workspace.dating import DATED_RULES, DatesMemo, commit_day, with_dates

if TYPE_CHECKING:
    from trioboard.core.diff import Snapshot
    from trioboard.store import read_ahead
    from trioboard.store.git.repository import BoardRepo
    from trioboard.store.history_reader import HistoryReader

FileModel = BoardFile | TeamFile | EvidenceFile
"""What one file of a board reads as."""

READ_AHEAD_BYTES = 512 * 1024
"""A board this large is parsed by two processes at its first open: below it, forking costs more than it saves."""


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


def state_from_sources(
    root: Path, sources: list[SourceFile], *, today: date | None = None, rev: str = "HEAD"
) -> BoardState:
    """Build, analyse and check a board from its parsed files, judged at `today` (default: now).

    `rev` is the revision the files are from, for the dates of nodes git knows (see `dating`).
    """
    with gc_paused():
        board = with_dates(root, build_board(sources, RULE_NAMES, STRUCTURAL_RULES), rev)
        analysis = analyse(board, today=today)
        findings = run_rules(board, analysis)
    return BoardState(root, board, analysis, findings)


def load(root: Path, *, today: date | None = None) -> BoardState:
    """Read the board in `root` from the working tree, judged at `today` (default: now)."""
    with gc_paused():
        sources = _with_hidden(read_board_dir(root), hidden_board_files(root))
    return state_from_sources(root, sources, today=today)


def _with_hidden(sources: list[SourceFile], hidden: dict[str, bytes]) -> list[SourceFile]:
    """The work tree's files and those a sparse checkout hides (read from the index), board.yaml first."""
    if not hidden:
        return sources
    parsed = {s.path: s for s in sources} | {path: parse_source(path, data) for path, data in hidden.items()}
    return [parsed[BOARD_FILE]] + [parsed[path] for path in sorted(parsed) if path != BOARD_FILE]


def load_at(root: Path, rev: str, history: HistoryReader | None = None, *, today: date | None = None) -> BoardState:
    """Read the board in `root` as it was at git revision `rev` (empty if it was not there).

    It is judged at `today`, by default the date of the commit (SPEC 10:
    history never changes after the fact). Pass one `history` to read
    several revisions: a file that is the same in both is then read and
    parsed once. Raises `store.GitError` when `root` is not in a work tree
    or `rev` names no commit.
    """
    from trioboard.store.history_reader import board_sources_at

    with gc_paused():
        sources = board_sources_at(root, rev, history)
    if sources is None:
        from trioboard.core.diff import empty_board

        board = empty_board()
        return BoardState(root, board, analyse(board), [])
    return state_from_sources(root, sources, today=today or commit_day(root, rev), rev=rev)


def read_board(root: Path) -> Board:
    """The board in the work tree, its parsed files kept between runs as the TUI keeps them.

    For reports that need the board and no findings (`impact`): a second run
    parses only the files that changed.
    """
    reader = BoardReader(root)
    reader.read_ahead()
    board = reader.kept_board()
    reader.keep_models()
    return board


def history_reader(root: Path) -> HistoryReader:
    """The board's versions in git, to pass to `load_at` (GitError outside a work tree)."""
    from trioboard.store.history_reader import HistoryReader

    return HistoryReader(root)


def snapshot(state: BoardState) -> Snapshot:
    """The parts of a state that `core.diff` compares."""
    from trioboard.core.diff import Snapshot

    return Snapshot(state.board, state.analysis, state.findings)


def findings_at(root: Path, rev: str, *, today: date | None = None) -> list[Finding]:
    """The findings of the board as it was at git revision `rev` (none if it did not exist there).

    Judged at `today` (default: the commit's date). Raises `GitError` when
    `root` is not in a work tree or `rev` names no commit.
    """
    from trioboard.store.history_reader import board_sources_at

    sources = board_sources_at(root, rev)
    if sources is None:
        return []
    return state_from_sources(root, sources, today=today or commit_day(root, rev), rev=rev).findings


class BoardReader:
    """One board in the work tree, read incrementally: the reading half of a `Workspace`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Path → (what its stat was, the model read from it). The parsed
        # trees are not kept: on a 10,000-item board they are most of the memory.
        self._models: dict[str, tuple[tuple[int, ...], FileModel]] = {}
        self._where: BoardRepo | None = None
        self._from_disk = False
        """Whether the models kept from the last run were read (once, on the first read)."""
        self._parsed = 0
        """Files parsed (not taken from the cache) by the current read."""
        self._cache_due = False
        """Whether the models read differ enough from the cache's to be worth writing it again."""
        self._ahead: read_ahead.ReadAhead | None = None
        """A child parsing a share of the files for the first read (see `read_ahead`)."""
        self._outside_git = False
        """Set once `repository()` found no repository around the board (see `_ref_stats`)."""
        self.today: date | None = None
        """The date `state()` judges the board at (SPEC 10); None: the day it is read. Tests pin it."""
        self._dates = DatesMemo()
        """The dates from git the Impact rules judge by, read again only after a commit."""

    def repository(self) -> BoardRepo:
        """The repository holding the board, resolved once from the board's path."""
        from trioboard.store.git import repository

        if self._where is None:
            self._where = repository.locate(self.root)
        return self._where

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
        stats = file_stats(self.root, paths)
        if len(stats) < len(paths):
            return  # a file went missing meanwhile: the first read will say so, not a forked child
        if sum(size for _, size, _, _ in stats) >= READ_AHEAD_BYTES:
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
            evidence = [m for m in models[1:] if isinstance(m, EvidenceFile)]
            return assemble_files(head, [*teams, *evidence, *(read_listed_file(src) for src in refused)])

    def kept_board(self) -> Board:
        """The board now, its models read from and kept for the next run (`keep_models` writes them)."""
        return self._board(keep=True)

    def evidence_text(self, path: str) -> str:
        """The whole text of one evidence file (`evidence/…`), read safely: never through a link.

        OSError (with its reason) when it is gone, a link, special, or not an evidence file.
        """
        from trioboard.core.evidence import is_evidence_path
        from trioboard.store.safe_io import NotRegular, path_inside, read_regular_file

        where = path_inside(self.root, path) if is_evidence_path(path) and ".." not in path.split("/") else None
        if where is None:
            raise OSError(f"{path} is not an evidence file of this board")
        try:
            return read_regular_file(where).decode("utf-8", errors="replace")
        except NotRegular as exc:
            raise OSError(f"{path}: {exc.reason}") from exc

    def signature(self) -> tuple[tuple[str, int, int, int], ...]:
        """What changes when any board file does: cheap to take twice a second."""
        paths, _ = board_file_paths(self.root)
        return tuple(file_stats(self.root, paths) + self._ref_stats())

    def _ref_stats(self) -> list[tuple[str, int, int, int]]:
        """HEAD, the branch it names and packed-refs: a commit moves one of them, files or not."""
        from trioboard.store.git import refs

        if self._outside_git:
            return []
        try:
            git_dir = self.repository().git_dir
        except GitError:
            self._outside_git = True  # the watcher asks twice a second: ask git once
            return []
        return refs.ref_stats(git_dir)

    def state(self) -> BoardState:
        """The board now, analysed and checked."""
        return self._state(dates=True)

    def quick_state(self) -> BoardState:
        """`state()`, without asking git for the Impact rules' dates (see `dating`) when they are not remembered.

        Their nodes are then judged as if they appeared or became done
        today, until `dated` reads the dates: the TUI shows the board first
        and those findings a moment later.
        """
        return self._state(dates=False)

    def _state(self, *, dates: bool) -> BoardState:
        board = self._board(keep=True)
        if dates:
            board = self._dated(board)
        else:
            self._dates.recall(board, tuple(self._ref_stats()))
        with gc_paused():
            analysis = analyse(board, today=self.today)
            findings = run_rules(board, analysis)
        return BoardState(self.root, board, analysis, findings)

    def dated(self, state: BoardState) -> BoardState | None:
        """`state` (read by `quick_state()`) with the dates from git and the findings they change.

        None when it had them already: the board needed none, or they were
        remembered. Only the rules that judge by them run again.
        """
        refs = tuple(self._ref_stats())
        undated = replace(state.board, appeared={}, done_on={})
        if self._dates.recall(undated, refs) and (undated.appeared, undated.done_on) == (
            state.board.appeared,
            state.board.done_on,
        ):
            return None
        board = self._dates.fill(self.root, undated, refs)
        with gc_paused():
            kept = [f for f in state.findings if f.rule not in DATED_RULES]
            findings = sorted(kept + run_rules(board, state.analysis, only=DATED_RULES), key=Finding.sort_key)
        return BoardState(self.root, board, state.analysis, findings)

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

    def _model(self, path: str, *, head: bool) -> FileModel:
        key = stat_key(self.root / path)
        cached = self._models.get(path)
        if cached is not None and cached[0] == key and key:
            return cached[1]
        self._models[path] = parsed = self._parse(path, head=head, key=key)
        self._parsed += 1
        return parsed[1]

    def _parse(self, path: str, *, head: bool, key: tuple[int, ...] | None = None) -> tuple[tuple[int, ...], FileModel]:
        """A file's model, with its stat as it was just before it was read (`key`, if taken already)."""
        key = stat_key(self.root / path) if key is None else key
        source = read_source(self.root, path)
        return key, read_board_file(source, RULE_NAMES, STRUCTURAL_RULES) if head else read_listed_file(source)

    def _dated(self, board: Board) -> Board:
        """`board` with the dates from git its Impact rules need (see `dating`)."""
        return self._dates.fill(self.root, board, tuple(self._ref_stats()))

    def _analysed(self, board: Board) -> BoardState:
        board = self._dated(board)
        with gc_paused():
            analysis = analyse(board, today=self.today)
            findings = run_rules(board, analysis)
        return BoardState(self.root, board, analysis, findings)

    def _board_with(
        self,
        changes: dict[str, bytes | None],
        memo: dict[tuple[str, bytes], FileModel] | None = None,
    ) -> Board:
        """The board on disk with some files replaced (None: removed), reading only those.

        `memo` keeps the models of replaced files by path and bytes: a sync
        builds the merged board and the remote's from mostly the same files.
        """
        memo = {} if memo is None else memo
        with gc_paused():
            paths, refused = board_file_paths(self.root)
            models: dict[str, FileModel] = {
                path: self._model(path, head=n == 0) for n, path in enumerate(paths) if path not in changes
            }
            for path, data in changes.items():
                if data is None:
                    continue
                model = memo.get((path, data))
                if model is None:
                    source = parse_file(path, data)  # an evidence file read as one, as `check` reads it
                    head = path == "board.yaml"
                    model = read_board_file(source, RULE_NAMES, STRUCTURAL_RULES) if head else read_listed_file(source)
                    memo[(path, data)] = model
                models[path] = model
            head_model = models.pop("board.yaml", None)
            if not isinstance(head_model, BoardFile):
                from trioboard.core.diff import empty_board

                return empty_board()
            listed = [m for _, m in sorted(models.items())]
            return assemble_files(head_model, [*listed, *(read_listed_file(src) for src in refused)])


def find_board(arg: str | None, cwd: Path) -> Path:
    """The board a command is about: `arg`, or the one found from `cwd` as SPEC 5 says (`BoardNotFound`)."""
    from trioboard.store import locate

    return locate.find_board(arg, cwd)


def check_author(text: str) -> None:
    """Refuse an `--author` that is not `Name <email>` in printable text (`NoIdentity` says why)."""
    from trioboard.store.git import identity as identities

    identities.parse_author(text)


def merge_base(root: Path, first: str, second: str) -> str:
    """The commit id of the best common ancestor of two revisions, as `git merge-base` gives it.

    `RevisionError` for a revision that names no commit; `GitError` when they share no history.
    """
    from trioboard.store.git import revisions

    return revisions.merge_base(root, first, second)

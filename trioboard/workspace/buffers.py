"""A board where some files' text comes from an editor's unsaved buffers: the language server's view.

An open buffer is the truth for its file; every other file is read from
disk through the reader's stat-keyed models, so a keystroke parses the one
buffer it changed. The analysis is derived from the previous one
(`core.reanalysis`) when the change cannot reach other teams, and so are
the findings (`core.rechecking`: the rules run over the changed files only);
otherwise the board is analysed and checked in full.
"""

from __future__ import annotations

from pathlib import Path

from trioboard.core.analysis import analyse
from trioboard.core.evidence import assemble_files, read_listed_file
from trioboard.core.model import Board
from trioboard.core.reanalysis import reanalyse
from trioboard.core.rechecking import recheck
from trioboard.core.results import BoardState
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES, run_rules
from trioboard.core.schema import BoardFile, read_board_file
from trioboard.core.tree import SourceFile
from trioboard.core.vocabulary import BOARD_FILE, EVIDENCE_DIR, TEAMS_DIR, is_board_file, is_evidence_file
from trioboard.store.evidence_files import parse_file
from trioboard.store.files import EVIDENCE_DEPTH, board_file_paths, refused_source
from trioboard.store.safe_io import read_regular_file
from trioboard.workspace.reader import BoardReader, FileModel, gc_paused


def locate_file(path: Path) -> tuple[Path, str] | None:
    """The board directory holding `path` and the file's board-relative name; None when it is no board file.

    board.yaml makes its directory a board; a team file is a `.yaml` directly
    in the teams/ folder of a directory that has a board.yaml.
    """
    path = path.absolute()
    if path.name == BOARD_FILE:
        return path.parent, BOARD_FILE
    root = path.parent.parent
    rel = f"{TEAMS_DIR}/{path.name}"
    if path.parent.name == TEAMS_DIR and is_board_file(rel) and (root / BOARD_FILE).is_file():
        return root, rel
    return _evidence_file(path)


def _evidence_file(path: Path) -> tuple[Path, str] | None:
    """The board and board-relative name of an evidence file (`evidence/**/*.md` beside a board.yaml)."""
    for folder in path.parents[: EVIDENCE_DEPTH + 1]:
        if folder.name == EVIDENCE_DIR:
            rel = path.relative_to(folder.parent).as_posix()
            if is_evidence_file(rel) and (folder.parent / BOARD_FILE).is_file():
                return folder.parent, rel
    return None


def _parsed(path: str, text: str) -> SourceFile:
    """A buffer's text parsed as the file would be; a failure is a problem of the file, never an exception."""
    # A lone surrogate (which JSON can carry) is kept as invalid UTF-8, so the
    # file gets the parse-error it would get on disk.
    data = text.encode("utf-8", "surrogatepass")
    try:
        return parse_file(path, data)
    except Exception as exc:  # noqa: BLE001 - the load boundary: a finding, never a traceback
        return refused_source(path, f"could not be read ({exc.__class__.__name__})")


class BufferedBoard(BoardReader):
    """One board as an editor sees it: its files on disk, overlaid by the unsaved buffers open on it."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._buffers: dict[str, tuple[str, FileModel | None]] = {}
        """Board-relative path → (the buffer's text, the model read from it, once it is)."""
        self._last: BoardState | None = None
        self._warm = False

    def set_buffer(self, path: str, text: str) -> None:
        """Take `text` as the content of the board file `path` (board-relative); it is parsed by the next `state()`.

        Parsing waits for the check, so a burst of keystrokes checked once parses once.
        """
        self._buffers[path] = (text, None)

    def _buffer_model(self, path: str) -> FileModel | None:
        """The model of a buffered file (parsed once per text); None when the file has no buffer."""
        buffered = self._buffers.get(path)
        if buffered is None:
            return None
        text, model = buffered
        if model is None:
            source = _parsed(path, text)
            head = path == BOARD_FILE
            model = read_board_file(source, RULE_NAMES, STRUCTURAL_RULES) if head else read_listed_file(source)
            self._buffers[path] = (text, model)
        return model

    def drop_buffer(self, path: str) -> None:
        """The file's content is on disk again (its buffer was closed)."""
        self._buffers.pop(path, None)

    def text(self, path: str) -> str | None:
        """The text of a board file: its buffer's, or what is on disk (None when it cannot be read)."""
        buffered = self._buffers.get(path)
        if buffered is not None:
            return buffered[0]
        try:
            return read_regular_file(self.root / path).decode("utf-8", "replace")
        except OSError:
            return None

    @property
    def last(self) -> BoardState | None:
        """The board as `state()` last read it (None before the first)."""
        return self._last

    def state(self) -> BoardState:
        """The board now, buffers included, analysed and checked (incrementally where that is exact)."""
        if not self._warm:
            # The first read takes what the model cache kept between runs.
            self._warm = True
            self._board(keep=True)
            self.keep_models()
        board = self._dated(self._overlaid())
        prior = self._last
        with gc_paused():
            analysis = reanalyse(prior.board, prior.analysis, board) if prior is not None else None
            findings = None
            if analysis is None:
                analysis = analyse(board)
            elif prior is not None:
                findings = recheck(prior.board, prior.findings, board, analysis)
            if findings is None:
                findings = run_rules(board, analysis)
        self._last = BoardState(self.root, board, analysis, findings)
        return self._last

    def _overlaid(self) -> Board:
        """The board from disk with each buffered file's model in place of the file's."""
        with gc_paused():
            paths, refused = board_file_paths(self.root)
            teams = sorted(set(paths[1:]) | {p for p in self._buffers if p != BOARD_FILE})
            models: list[FileModel] = []
            for n, path in enumerate([BOARD_FILE, *teams]):
                buffered = self._buffer_model(path)
                models.append(buffered if buffered is not None else self._model(path, head=n == 0))
            head = models[0]
            assert isinstance(head, BoardFile)
            return assemble_files(head, [*models[1:], *(read_listed_file(src) for src in refused)])

"""The language server: documents in, diagnostics out, and the requests an editor makes about ids.

Each board an opened file belongs to is one `BufferedBoard`. Every change
re-checks that board (incrementally) and publishes the diagnostics of the
file changed, and of every other file whose findings changed with it (a
goal removed from board.yaml is an unknown reference in a team file).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from functools import cache
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from trioboard.core.findings import Finding
from trioboard.core.model import Team
from trioboard.core.results import BoardState
from trioboard.core.vocabulary import team_file
from trioboard.lsp.completion import completions
from trioboard.lsp.diagnostics import diagnostic
from trioboard.lsp.fixes import quick_fixes
from trioboard.lsp.hover import hover_text
from trioboard.lsp.navigation import Place, RenameRefused, definition, references, rename, symbols
from trioboard.lsp.positions import column_of, id_at
from trioboard.workspace.buffers import BufferedBoard, locate_file

REQUEST_FAILED = -32803
"""The protocol's error code for a request that was understood and refused."""


def lines_of(text: str | None) -> list[str]:
    """A file's lines as the protocol counts them (a line break is \\n, with or without \\r)."""
    return [line.removesuffix("\r") for line in (text or "").split("\n")]


class BoardServer(LanguageServer):
    """The server: one buffered board per board directory, and what was last published for each file."""

    def __init__(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            own = version("trioboard")
        except PackageNotFoundError:
            own = "0"
        super().__init__("trioboard", own)
        self.boards: dict[Path, BufferedBoard] = {}
        self.published: dict[Path, dict[str, tuple[Finding, ...]]] = {}
        """Board directory → board-relative path → the findings last published for the file."""
        self.frozen = False
        self.pending: dict[Path, dict[str, int | None]] = {}
        """Board directory → the files changed since its last check, with their versions."""
        self.flush_due = False
        self.opened: dict[Path, str] = {}
        """A file's path → the URI the editor named it by (published back the same way)."""

    def board_for(self, uri: str) -> tuple[BufferedBoard, str] | None:
        """The board a document belongs to and the document's board-relative path; None for other files."""
        path = to_fs_path(uri)
        found = locate_file(Path(path)) if path else None
        if found is None:
            return None
        root, rel = found
        self.opened.setdefault(root / rel, uri)
        board = self.boards.get(root)
        if board is None:
            board = self.boards[root] = BufferedBoard(root)
        return board, rel

    def latest(self, board: BufferedBoard) -> BoardState:
        """The board with every change received so far checked."""
        if board.root in self.pending:
            self.flush()
        return board.last or board.state()

    def touch(self, board: BufferedBoard, path: str, version: int | None) -> None:
        """Check the board once the changes that arrived together are all in (a burst of keystrokes is one check)."""
        self.pending.setdefault(board.root, {})[path] = version
        if self.flush_due:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.flush()
            return
        self.flush_due = True
        loop.call_soon(self.flush)

    def flush(self) -> None:
        """Check every board with pending changes and publish what changed."""
        self.flush_due = False
        pending, self.pending = self.pending, {}
        for root, touched in pending.items():
            self.publish(self.boards[root], touched)

    def lines(self, board: BufferedBoard) -> Callable[[str], list[str]]:
        """A reader of the board's files' lines, each file read once per request."""
        return cache(lambda path: lines_of(board.text(path)))

    def uri(self, board: BufferedBoard, path: str) -> str:
        """The URI of a board-relative path."""
        where = board.root / path
        return self.opened.get(where) or from_fs_path(str(where)) or where.as_uri()

    def publish(self, board: BufferedBoard, touched: dict[str, int | None]) -> None:
        """Check the board and publish what changed: always the touched files, others when their findings did."""
        state = board.state()
        if not self.frozen:
            # The board read at the first open lives as long as the server: kept out of
            # the cyclic collector's scans, a keystroke does not pay for rescanning it.
            self.frozen = True
            gc.freeze()
        by_file: dict[str, list[Finding]] = {}
        for finding in state.findings:
            by_file.setdefault(finding.file, []).append(finding)
        published = self.published.setdefault(board.root, {})
        for file in sorted(set(by_file) | set(published) | set(touched)):
            now = tuple(by_file.get(file, ()))
            before = published.get(file)
            if file not in touched and (before == now or (before is None and not now)):
                continue
            published[file] = now
            text = lines_of(board.text(file))
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=self.uri(board, file),
                    diagnostics=[diagnostic(finding, text) for finding in now],
                    version=touched.get(file),
                )
            )


server = BoardServer()


def _opened(ls: BoardServer, uri: str, version: int | None) -> None:
    found = ls.board_for(uri)
    if found is None:
        return
    board, rel = found
    board.set_buffer(rel, ls.workspace.get_text_document(uri).source)
    ls.touch(board, rel, version)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: BoardServer, params: types.DidOpenTextDocumentParams) -> None:
    """A file opened: its buffer is the truth for it from now on."""
    _opened(ls, params.text_document.uri, params.text_document.version)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: BoardServer, params: types.DidChangeTextDocumentParams) -> None:
    """A keystroke: the one file is parsed again and the board re-checked."""
    _opened(ls, params.text_document.uri, params.text_document.version)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: BoardServer, params: types.DidCloseTextDocumentParams) -> None:
    """A file closed: what is on disk is the truth for it again."""
    found = ls.board_for(params.text_document.uri)
    if found is not None:
        board, rel = found
        board.drop_buffer(rel)
        ls.touch(board, rel, None)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def files_changed(ls: BoardServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Files changed on disk (a checkout, a pull): each board is read again where it changed."""
    for board in list(ls.boards.values()):
        ls.publish(board, {})


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", "[", ",", "-"]))
def completion(ls: BoardServer, params: types.CompletionParams) -> types.CompletionList | None:
    """Keys, closed-set values and ids of the right kind at the cursor."""
    found = ls.board_for(params.text_document.uri)
    if found is None:
        return None
    board, rel = found
    lines = lines_of(ls.workspace.get_text_document(params.text_document.uri).source)
    column = column_of(lines, params.position)
    items = completions(lines, params.position.line, column, rel, ls.latest(board).board)
    return types.CompletionList(is_incomplete=False, items=items)


def _id_under(
    ls: BoardServer, document: types.TextDocumentIdentifier, position: types.Position
) -> tuple[BufferedBoard, str] | None:
    """The board of the document and the id-shaped word at `position` in it."""
    found = ls.board_for(document.uri)
    if found is None:
        return None
    lines = lines_of(ls.workspace.get_text_document(document.uri).source)
    word = id_at(lines, position)
    return (found[0], word) if word is not None else None


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: BoardServer, params: types.HoverParams) -> types.Hover | None:
    """What the id under the cursor names: title, team, aligned or not and why, blocked and the chain."""
    found = _id_under(ls, params.text_document, params.position)
    if found is None:
        return None
    text = hover_text(found[1], ls.latest(found[0]).analysis)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


def _location(ls: BoardServer, board: BufferedBoard, place: Place) -> types.Location:
    return types.Location(uri=ls.uri(board, place.file), range=place.range)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def go_to_definition(ls: BoardServer, params: types.DefinitionParams) -> types.Location | None:
    """Where the id under the cursor is defined, in whichever file."""
    found = _id_under(ls, params.text_document, params.position)
    if found is None:
        return None
    board, word = found
    node = ls.latest(board).analysis.index.get(word)
    return None if node is None else _location(ls, board, definition(node, ls.lines(board)))


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def find_references(ls: BoardServer, params: types.ReferenceParams) -> list[types.Location] | None:
    """Every place the id under the cursor is written, across the board's files."""
    found = _id_under(ls, params.text_document, params.position)
    if found is None:
        return None
    board, word = found
    state = ls.latest(board)
    lines = ls.lines(board)
    places = references(state.board, word, lines)
    node = state.analysis.index.get(word)
    if params.context.include_declaration and node is not None:
        places.insert(0, definition(node, lines))
    return [_location(ls, board, place) for place in places]


@server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=False))
def rename_id(ls: BoardServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    """Rename an id everywhere it is written, as one workspace edit; refused when the new id is taken or invalid."""
    found = _id_under(ls, params.text_document, params.position)
    if found is None:
        return None
    board, word = found
    state = ls.latest(board)
    edit = ls.client_capabilities.workspace and ls.client_capabilities.workspace.workspace_edit
    can_move = bool(
        edit and edit.resource_operations and types.ResourceOperationKind.Rename in edit.resource_operations
    )
    try:
        places = rename(state.board, state.analysis, word, params.new_name, ls.lines(board), files=can_move)
    except RenameRefused as refused:
        raise JsonRpcException(str(refused), code=REQUEST_FAILED) from None
    changes: dict[str, list[types.TextEdit]] = {}
    for place in places:
        changes.setdefault(ls.uri(board, place.file), []).append(types.TextEdit(place.range, params.new_name))
    team = state.analysis.index.get(word)
    if not isinstance(team, Team):
        return types.WorkspaceEdit(changes=changes)
    # The file is edited under its old name, then the evidence that names the team, then the file is renamed:
    # one edit, in that order.
    old_uri = ls.uri(board, team.pos.file)
    texts = [
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None), edits=list(edits)
        )
        for uri, edits in [(old_uri, changes.get(old_uri, [])), *((u, e) for u, e in changes.items() if u != old_uri)]
    ]
    move = types.RenameFile(old_uri=old_uri, new_uri=ls.uri(board, team_file(params.new_name)))
    return types.WorkspaceEdit(document_changes=[*texts, move])


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def outline(ls: BoardServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
    """The file's outline: goals, or the team with its outcomes and items."""
    found = ls.board_for(params.text_document.uri)
    if found is None:
        return None
    board, rel = found
    lines = lines_of(ls.workspace.get_text_document(params.text_document.uri).source)
    return symbols(ls.latest(board).board, rel, lines)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
)
def code_actions(ls: BoardServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """The certain fixes of the diagnostics in the range."""
    return quick_fixes(params.text_document.uri, params.context)


def serve() -> None:
    """Answer an editor over stdin and stdout until it says exit."""
    server.start_io()

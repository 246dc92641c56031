"""Driving the real `trioboard lsp` process with pytest-lsp: a board to open, waits on what the client got."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from helpers import write_board

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "trioboard", "lsp", "--stdio"])
"""The server as an editor starts it."""

BOARD = """\
name: Acme
goals:
  - id: grow-revenue
    title: Grow revenue
  - id: keep-users
    title: Keep users
"""
CHECKOUT = """\
id: checkout
name: Checkout
trio: {product: Ana, design: Ben, engineering: Chen}
outcomes:
  - id: checkout-conversion
    title: Raise checkout conversion
    goals: [grow-revenue]
roadmap:
  - id: one-click-pay
    title: One-click pay
    outcomes: [checkout-conversion]
    horizon: now
    status: in-progress
    depends_on: [tokenize-cards]
"""
PAYMENTS = """\
id: payments
name: Payments
trio: {product: Dee, design: Eve, engineering: Fay}
outcomes:
  - id: payment-success
    title: Payments succeed first time
    goals: [keep-users]
roadmap:
  - id: tokenize-cards
    title: Tokenize stored cards
    outcomes: [payment-success]
    horizon: now
    blocked: PCI audit
"""


def small_board(root: Path) -> Path:
    """Two teams: checkout's now item waits on payments' item, which is blocked by an audit."""
    return write_board(root, BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS})


async def start(client: LanguageClient, root: Path) -> None:
    """Initialize the session with `root` as the workspace, as an editor that can rename files in an edit."""
    edits = types.WorkspaceEditClientCapabilities(
        document_changes=True, resource_operations=[types.ResourceOperationKind.Rename]
    )
    capabilities = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(workspace_edit=edits))
    await client.initialize_session(types.InitializeParams(capabilities=capabilities, root_uri=root.as_uri()))


def open_file(client: LanguageClient, path: Path, text: str | None = None) -> str:
    """Open a file in the server (its disk text unless `text` is given); its URI."""
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(
                uri=uri, language_id="yaml", version=1, text=path.read_text(encoding="utf-8") if text is None else text
            )
        )
    )
    return uri


def change_file(client: LanguageClient, uri: str, text: str, version: int = 2) -> None:
    """Replace a buffer's whole text, unsaved."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics_until(
    client: LanguageClient,
    uri: str,
    wanted: Callable[[Sequence[types.Diagnostic]], bool],
    timeout: float = 15.0,
) -> Sequence[types.Diagnostic]:
    """The diagnostics of `uri` once they satisfy `wanted` (fails after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        got = client.diagnostics.get(uri)
        if got is not None and wanted(got):
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"diagnostics of {uri} never matched; last: {got!r}")
        await asyncio.sleep(0.02)


def codes(diagnostics: Sequence[types.Diagnostic]) -> list[str]:
    """The rules of the diagnostics, in order."""
    return [str(d.code) for d in diagnostics]


async def rename_at(
    client: LanguageClient, uri: str, line: int, character: int, new: str
) -> types.WorkspaceEdit | None:
    """Ask the server to rename what is at (line, character) of `uri` to `new`."""
    return await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
            new_name=new,
        )
    )


def apply_edits(path: Path, edits: Sequence[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit]) -> None:
    """Apply one-line text edits to a file on disk, as an editor applying a workspace edit would."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for change in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        line = lines[change.range.start.line]
        new_text = change.new_text if isinstance(change, types.TextEdit) else ""
        lines[change.range.start.line] = (
            line[: change.range.start.character] + new_text + line[change.range.end.character :]
        )
    path.write_text("\n".join(lines), encoding="utf-8")


def at(text: str, needle: str, offset: int = 0) -> types.Position:
    """The position of the first `needle` in `text` (plus `offset` characters)."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


async def complete(client: LanguageClient, uri: str, position: types.Position) -> dict[str, str | None]:
    """The completions offered at `position` of `uri`: label → detail."""
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    assert isinstance(result, types.CompletionList)
    return {item.label: item.detail for item in result.items}

"""`trioboard lsp`: rename and references of an id reach the evidence front matter that names it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from helpers import run
from helpers.lsp import CHECKOUT, SERVER, apply_edits, at, open_file, rename_at, small_board, start

NOTE = """\
---
date: 2026-07-08
team: checkout
kind: interview
customer: buyer-7
supports: [one-click-pay]
challenges: [tokenize-cards]
---
What we heard about one-click-pay.
"""
NOTE_PATH = Path("evidence") / "2026" / "note.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    board = small_board(tmp_path / "acme")
    (board / NOTE_PATH).parent.mkdir(parents=True)
    (board / NOTE_PATH).write_text(NOTE, encoding="utf-8")
    return board


@pytest_lsp.fixture(config=SERVER)  # type: ignore[untyped-decorator]  # pytest-lsp types not its decorator
async def client(lsp_client: LanguageClient, root: Path) -> AsyncIterator[None]:
    await start(lsp_client, root)
    yield
    await lsp_client.shutdown_session()


def no_broken_refs(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(["check", str(root), "--format", "json"], capsys)
    assert '"unknown-ref"' not in out and '"schema"' not in out


async def test_renaming_an_item_rewrites_the_evidence_that_supports_it_and_nothing_in_its_body(
    client: LanguageClient, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    position = at(CHECKOUT, "id: one-click-pay", 4)
    edit = await rename_at(client, uri, position.line, position.character, "quick-pay")
    assert edit is not None and edit.changes is not None
    note_uri = (root / NOTE_PATH).as_uri()
    assert set(edit.changes) == {uri, note_uri}
    assert [(e.range.start.line, e.range.start.character) for e in edit.changes[note_uri]] == [(5, 11)]
    for changed, edits in edit.changes.items():
        apply_edits(Path(changed.removeprefix("file://")), edits)
    note = (root / NOTE_PATH).read_text(encoding="utf-8")
    assert "supports: [quick-pay]\n" in note and "What we heard about one-click-pay.\n" in note
    no_broken_refs(root, capsys)


async def test_references_of_an_item_include_the_evidence_that_challenges_it(
    client: LanguageClient, root: Path
) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=at(CHECKOUT, "[tokenize-cards]", 1),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert refs is not None
    found = sorted((Path(r.uri).name, r.range.start.line, r.range.start.character) for r in refs)
    assert ("note.md", 6, 13) in found and len(found) == 2


async def test_renaming_from_the_evidence_file_rewrites_the_definition_and_every_link(
    client: LanguageClient, root: Path
) -> None:
    note_uri = open_file(client, root / NOTE_PATH)
    position = at(NOTE, "[one-click-pay]", 1)
    edit = await rename_at(client, note_uri, position.line, position.character, "quick-pay")
    assert edit is not None and edit.changes is not None
    assert {Path(u).name for u in edit.changes} == {"checkout.yaml", "note.md"}


async def test_renaming_a_team_rewrites_the_evidence_that_names_it_in_the_same_edit(
    client: LanguageClient, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    position = at(CHECKOUT, "id: checkout", 4)
    edit = await rename_at(client, uri, position.line, position.character, "buying")
    assert edit is not None and edit.document_changes is not None
    note_uri = (root / NOTE_PATH).as_uri()
    texts = [c for c in edit.document_changes if isinstance(c, types.TextDocumentEdit)]
    assert {t.text_document.uri for t in texts} == {uri, note_uri}
    for change in texts:
        apply_edits(Path(change.text_document.uri.removeprefix("file://")), change.edits)
    renames = [c for c in edit.document_changes if isinstance(c, types.RenameFile)]
    assert len(renames) == 1 and edit.document_changes[-1] is renames[0]
    (root / "teams" / "checkout.yaml").rename(root / "teams" / "buying.yaml")
    assert "team: buying\n" in (root / NOTE_PATH).read_text(encoding="utf-8")
    no_broken_refs(root, capsys)

"""`trioboard lsp` on evidence files: their front matter's findings as you type, and completion of its keys."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import LanguageClient

from helpers.lsp import SERVER, at, change_file, codes, complete, diagnostics_until, open_file, small_board, start

NOTE = """\
---
date: 2026-07-08
team: checkout
kind: interview
customer: buyer-7
supports: [one-click-pay]
---
What we heard.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    board = small_board(tmp_path / "acme")
    (board / "evidence" / "2026").mkdir(parents=True)
    (board / "evidence" / "2026" / "note.md").write_text(NOTE, encoding="utf-8")
    return board


@pytest_lsp.fixture(config=SERVER)  # type: ignore[untyped-decorator]  # pytest-lsp types not its decorator
async def client(lsp_client: LanguageClient, root: Path) -> AsyncIterator[None]:
    await start(lsp_client, root)
    yield
    await lsp_client.shutdown_session()


async def test_an_evidence_file_gets_its_findings_as_it_is_typed(client: LanguageClient, root: Path) -> None:
    path = root / "evidence" / "2026" / "note.md"
    uri = open_file(client, path)
    await diagnostics_until(client, uri, lambda d: not d)
    typed = NOTE.replace("kind: interview", "kind: call").replace("What we heard.", "Call me on +49 30 1234567.")
    change_file(client, uri, typed)
    found = await diagnostics_until(client, uri, lambda d: "personal-data" in codes(d))
    assert sorted((d.range.start.line, str(d.code)) for d in found) == [(3, "schema"), (7, "personal-data")]
    assert all("1234567" not in d.message for d in found)
    assert path.read_text(encoding="utf-8") == NOTE  # the buffer is checked, the file is untouched
    change_file(client, uri, NOTE.replace("one-click-pay", "no-such-item"), version=3)
    found = await diagnostics_until(client, uri, lambda d: "unknown-ref" in codes(d))
    assert [d.range.start.line for d in found if d.code == "unknown-ref"] == [5]


async def test_completion_offers_the_front_matter_keys_and_values(client: LanguageClient, root: Path) -> None:
    text = "---\ndate: 2026-07-08\nteam: \nkind: \nsupports: [\ncus\n---\nNotes: cus\n"
    uri = open_file(client, root / "evidence" / "2026" / "new.md", text)
    keys = await complete(client, uri, at(text, "\ncus", 4))
    assert {"customer", "segment", "challenges", "with"} <= set(keys) and "roadmap" not in keys
    kinds = await complete(client, uri, at(text, "kind: ", 6))
    assert list(kinds)[:2] == ["interview", "usability-test"]
    teams = await complete(client, uri, at(text, "team: ", 6))
    assert set(teams) == {"checkout", "payments"}
    assert await complete(client, uri, at(text, "Notes: cus", 10)) == {}

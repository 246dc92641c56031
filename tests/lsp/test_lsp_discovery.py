"""`trioboard lsp` on opportunities and assumptions (SPEC 11 → 12): completion, outline, hover, navigation, rename."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from trioboard import workspace
from trioboard.lsp.hover import hover_text

from helpers import run, write_board
from helpers.lsp import BOARD, PAYMENTS, SERVER, apply_edits, at, complete, open_file, rename_at, start

CHECKOUT = """\
id: checkout
name: Checkout
trio: {product: Ana, design: Ben, engineering: Chen}
outcomes:
  - id: checkout-conversion
    title: Raise checkout conversion
    goals: [grow-revenue]
opportunities:
  - id: mobile-friction
    title: Mobile checkout is hard
    outcomes: [checkout-conversion]
  - id: card-reentry
    title: Returning buyers re-type card details
    parent: mobile-friction
roadmap:
  - id: one-click-pay
    title: One-click pay
    opportunities: [card-reentry]
    horizon: now
    assumptions:
      - text: Buyers trust us to store their card
        risk: high
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Checkout's item answers card-reentry, under mobile-friction, which serves checkout-conversion."""
    return write_board(tmp_path / "acme", BOARD, {"checkout": CHECKOUT, "payments": PAYMENTS})


@pytest_lsp.fixture(config=SERVER)  # type: ignore[untyped-decorator]  # pytest-lsp types not its decorator
async def client(lsp_client: LanguageClient, root: Path) -> AsyncIterator[None]:
    """A session with the real server, shut down after the test."""
    await start(lsp_client, root)
    yield
    await lsp_client.shutdown_session()


async def test_completion_offers_opportunities_outcomes_assumption_keys_and_choices(
    client: LanguageClient, root: Path
) -> None:
    text = (
        "id: payments\nname: Payments\n"
        "opportunities:\n  - id: o1\n    title: One\n    outcomes: [\n    parent: \n    status: \n    pare\n"
        "roadmap:\n  - id: i1\n    title: Item\n    opportunities: [\n    assumptions:\n"
        "      - text: A\n        risk: \n        kind: \n        result: \n        res\n      - \n"
    )
    # Typed in payments' file, half-written (it does not parse): checkout's nodes are offered.
    uri = open_file(client, root / "teams" / "payments.yaml", text)
    outcomes = await complete(client, uri, at(text, "outcomes: [", 11))
    assert outcomes == {"checkout-conversion": "Raise checkout conversion"}
    parents = await complete(client, uri, at(text, "parent: ", 8))
    assert parents == {
        "mobile-friction": "Mobile checkout is hard",
        "card-reentry": "Returning buyers re-type card details",
    }
    statuses = await complete(client, uri, at(text, "status: ", 8))
    assert list(statuses) == ["open", "addressed", "parked"]
    opportunity_keys = await complete(client, uri, at(text, "    pare", 8))
    assert {"parent", "outcomes", "status", "owner"} <= set(opportunity_keys) and "horizon" not in opportunity_keys
    answers = await complete(client, uri, at(text, "opportunities: [", 16))
    assert set(answers) == {"mobile-friction", "card-reentry"}
    assert list(await complete(client, uri, at(text, "risk: ", 6))) == ["high", "medium", "low"]
    kinds = await complete(client, uri, at(text, "kind: ", 6))
    assert list(kinds) == ["desirability", "usability", "feasibility", "viability", "ethical"]
    results = await complete(client, uri, at(text, "result: ", 8))
    assert list(results) == ["untested", "running", "supported", "refuted", "inconclusive"]
    assumption_keys = await complete(client, uri, at(text, "        res", 11))
    assert set(assumption_keys) == {"text", "kind", "risk", "test", "result"}
    new_entry = await complete(client, uri, at(text, "      - \n", 8))
    assert set(new_entry) == {"text", "kind", "risk", "test", "result"}


async def test_document_symbols_list_opportunities_between_outcomes_and_items(
    client: LanguageClient, root: Path
) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols is not None
    team = symbols[0]
    assert isinstance(team, types.DocumentSymbol)
    assert [(c.name, c.kind) for c in team.children or []] == [
        ("checkout-conversion", types.SymbolKind.Event),
        ("mobile-friction", types.SymbolKind.Interface),
        ("card-reentry", types.SymbolKind.Interface),
        ("one-click-pay", types.SymbolKind.Field),
    ]


async def _hover(client: LanguageClient, uri: str, position: types.Position) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    return hover.contents.value


async def test_hover_on_an_opportunity_and_on_an_item_that_answers_it(client: LanguageClient, root: Path) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    opportunity = await _hover(client, uri, at(CHECKOUT, "card-reentry", 2))
    assert "**opportunity `card-reentry`** · team `checkout`" in opportunity
    assert "- aligned: serves checkout-conversion" in opportunity
    assert "- under mobile-friction" in opportunity and "- answered by one-click-pay" in opportunity
    parent = await _hover(client, uri, at(CHECKOUT, "mobile-friction", 2))
    assert "- broader than card-reentry" in parent
    item = await _hover(client, uri, at(CHECKOUT, "one-click-pay", 2))
    assert "- aligned: answers card-reentry" in item and "- assumptions: 1 untested" in item


async def test_definition_and_references_of_an_opportunity_include_parent(client: LanguageClient, root: Path) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    where = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=at(CHECKOUT, "[card-reentry]", 3)
        )
    )
    assert isinstance(where, types.Location) and where.range.start == types.Position(line=11, character=8)
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=at(CHECKOUT, "id: mobile-friction", 6),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    assert [(r.range.start.line, r.range.start.character) for r in refs] == [(8, 8), (13, 12)]


async def test_renaming_an_opportunity_rewrites_parent_and_answers(
    client: LanguageClient, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    position = at(CHECKOUT, "id: mobile-friction", 6)
    edit = await rename_at(client, uri, position.line, position.character, "mobile-pain")
    assert edit is not None and edit.changes is not None
    apply_edits(root / "teams" / "checkout.yaml", edit.changes[uri])
    text = (root / "teams" / "checkout.yaml").read_text(encoding="utf-8")
    assert "  - id: mobile-pain\n" in text and "    parent: mobile-pain\n" in text and "mobile-friction" not in text
    _code, out, _ = run(["check", str(root), "--format", "json"], capsys)
    assert '"unknown-ref"' not in out and '"schema"' not in out


def test_hover_on_an_opportunity_that_serves_no_goal_says_where_its_chain_breaks(tmp_path: Path) -> None:
    team = CHECKOUT.replace("    outcomes: [checkout-conversion]\n  - id: card-reentry", "  - id: card-reentry")
    state = workspace.load(write_board(tmp_path / "b", BOARD, {"checkout": team, "payments": PAYMENTS}))
    text = hover_text("card-reentry", state.analysis)
    assert text is not None
    assert "- no strategy link: serves no outcome, nor does its parent mobile-friction" in text
    assert "- open" in text and "- answered by one-click-pay" in text
    item = hover_text("one-click-pay", state.analysis)
    assert item is not None
    assert (
        "- no strategy link: it answers card-reentry, which serves no outcome, nor does its parent mobile-friction"
        in item
    )

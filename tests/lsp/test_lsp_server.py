"""`trioboard lsp` end to end: the real server process, driven as an editor drives it (pytest-lsp)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from helpers import REPO_ROOT, run
from helpers.lsp import (
    CHECKOUT,
    SERVER,
    apply_edits,
    at,
    change_file,
    codes,
    complete,
    diagnostics_until,
    open_file,
    rename_at,
    small_board,
    start,
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The small board: checkout waits on payments, which waits on an audit."""
    return small_board(tmp_path / "acme")


@pytest_lsp.fixture(config=SERVER)  # type: ignore[untyped-decorator]  # pytest-lsp types not its decorator
async def client(lsp_client: LanguageClient, root: Path) -> AsyncIterator[None]:
    """A session with the real server, shut down after the test."""
    await start(lsp_client, root)
    yield
    await lsp_client.shutdown_session()


async def test_open_publishes_findings_at_their_line_with_the_rule_as_code(client: LanguageClient, root: Path) -> None:
    uri = open_file(client, root / "teams" / "payments.yaml")
    found = await diagnostics_until(client, uri, lambda d: "blocked-team" in codes(d))
    team = next(d for d in found if d.code == "blocked-team")
    assert team.range.start == types.Position(line=0, character=0)
    assert team.source == "trioboard"
    # The rule's explanation, where the repository holds it (docs/rules.md, one section per rule).
    rules_page = REPO_ROOT / "docs" / "rules.md"
    if rules_page.is_file():
        assert team.code_description is not None
        assert team.code_description.href == f"{rules_page.as_uri()}#blocked-team"
    else:
        assert team.code_description is None
    assert "tokenize-cards" in team.message
    item = next(d for d in found if d.code == "blocked-item")
    assert item.range.start.line == 8  # `  - id: tokenize-cards`


async def test_unsaved_change_is_checked_and_the_file_on_disk_is_untouched(client: LanguageClient, root: Path) -> None:
    path = root / "teams" / "checkout.yaml"
    uri = open_file(client, path)
    await diagnostics_until(client, uri, lambda d: "unknown-ref" not in codes(d))
    change_file(client, uri, CHECKOUT.replace("outcomes: [checkout-conversion]", "outcomes: [no-such-outcome]"))
    found = await diagnostics_until(client, uri, lambda d: "unknown-ref" in codes(d))
    ref = next(d for d in found if d.code == "unknown-ref")
    assert ref.range.start == types.Position(line=10, character=15)
    assert ref.range.end == types.Position(line=10, character=30)
    assert "no-such-outcome" in ref.message
    assert path.read_text(encoding="utf-8") == CHECKOUT


async def test_a_burst_of_keystrokes_ends_with_the_last_text_checked(client: LanguageClient, root: Path) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    typed = "outcomes: [checkout-conversion, missing-one"
    for n, end in enumerate(range(len("outcomes: [checkout-conversion"), len(typed) + 1), start=2):
        change_file(client, uri, CHECKOUT.replace("outcomes: [checkout-conversion]", typed[:end] + "]"), version=n)
    found = await diagnostics_until(
        client, uri, lambda d: any("missing-one" in x.message and x.code == "unknown-ref" for x in d)
    )
    assert [d.message for d in found if d.code == "unknown-ref"] == [
        "'outcomes' of item one-click-pay names missing-one, which does not exist"
    ]


async def test_removing_a_goal_publishes_the_unknown_ref_in_the_team_file(client: LanguageClient, root: Path) -> None:
    board_uri = open_file(client, root / "board.yaml")
    team_uri = (root / "teams" / "checkout.yaml").as_uri()
    await diagnostics_until(client, board_uri, lambda d: True)
    text = (root / "board.yaml").read_text(encoding="utf-8")
    change_file(client, board_uri, text.replace("  - id: grow-revenue\n    title: Grow revenue\n", ""))
    found = await diagnostics_until(client, team_uri, lambda d: "unknown-ref" in codes(d))
    assert any("grow-revenue" in d.message and d.range.start.line == 6 for d in found)
    change_file(client, board_uri, text, version=3)
    await diagnostics_until(client, team_uri, lambda d: "unknown-ref" not in codes(d))


async def test_a_file_that_does_not_parse_gets_a_parse_error_and_the_server_answers(
    client: LanguageClient, root: Path
) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    change_file(client, uri, "id: checkout\nname: [unclosed\n")
    found = await diagnostics_until(client, uri, lambda d: "parse-error" in codes(d))
    assert next(d for d in found if d.code == "parse-error").range.start.line >= 1
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "bomb",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
            "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
        ),
        ("deep", "id: deep\nname: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("control", "id: control\nname: \x1b[31mred\x07\x00\n"),
    ],
)
async def test_a_hostile_file_yields_a_diagnostic_and_the_server_stays_up(
    client: LanguageClient, root: Path, name: str, text: str
) -> None:
    uri = open_file(client, root / "teams" / f"{name}.yaml", text)
    found = await diagnostics_until(client, uri, lambda d: bool({"parse-error", "schema"} & set(codes(d))))
    assert found
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=5)
        )
    )
    assert hover is None or isinstance(hover, types.Hover)
    other = open_file(client, root / "teams" / "payments.yaml")
    await diagnostics_until(client, other, lambda d: "blocked-team" in codes(d))


async def test_completion_offers_ids_of_the_right_kind_with_titles(client: LanguageClient, root: Path) -> None:
    text = (
        "id: checkout\nname: Checkout\noutcomes:\n  - id: c1\n    title: One\n    goals: [\n"
        "roadmap:\n  - id: i1\n    title: Item\n    outcomes:\n      - \n    depends_on: [\n    horizon: \n    sta"
    )
    uri = open_file(client, root / "teams" / "checkout.yaml", text)
    goals = await complete(client, uri, at(text, "goals: [", 8))
    assert goals == {"grow-revenue": "Grow revenue", "keep-users": "Keep users"}
    outcomes = await complete(client, uri, at(text, "      - ", 8))
    assert outcomes["payment-success"] == "Payments succeed first time"
    assert "grow-revenue" not in outcomes and "tokenize-cards" not in outcomes
    depends = await complete(client, uri, at(text, "depends_on: [", 13))
    assert depends["tokenize-cards"] == "Tokenize stored cards"
    assert "payment-success" not in depends and "grow-revenue" not in depends
    horizons = await complete(client, uri, at(text, "horizon: ", 9))
    assert list(horizons) == ["now", "next", "later"]
    keys = await complete(client, uri, at(text, "    sta", 7))
    assert {"status", "depends_on", "owner"} <= set(keys) and "goals" not in keys and "trio" not in keys


async def test_completion_in_board_yaml_offers_goal_and_policy_keys_and_severities(
    client: LanguageClient, root: Path
) -> None:
    text = "name: Acme\ngoals:\n  - id: g1\n    tit\npolicy:\n  wip\n  severity:\n    unlinked-item: \n"
    uri = open_file(client, root / "board.yaml", text)
    goal_keys = await complete(client, uri, at(text, "    tit", 7))
    assert {"title", "metric", "target", "owner"} <= set(goal_keys) and "roadmap" not in goal_keys
    policy_keys = await complete(client, uri, at(text, "  wip", 5))
    assert set(policy_keys) == {"severity", "wip_limit", "freshness", "discovery"}
    levels = await complete(client, uri, at(text, "unlinked-item: ", 15))
    assert set(levels) == {"error", "warning", "info", "off"}


async def test_hover_on_a_blocked_item_names_the_chain_to_the_root_cause(client: LanguageClient, root: Path) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=at(CHECKOUT, "one-click-pay", 3)
        )
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert "team `checkout`" in text and "One-click pay" in text
    assert "aligned: serves checkout-conversion" in text
    assert 'blocked: one-click-pay ← tokenize-cards (payments) ← blocked: "PCI audit"' in text
    team = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at(CHECKOUT, "checkout", 2))
    )
    assert team is not None and isinstance(team.contents, types.MarkupContent)
    assert (
        "blocked: now item one-click-pay is blocked: one-click-pay ← tokenize-cards (payments)" in team.contents.value
    )


async def test_definition_and_references_cross_files(client: LanguageClient, root: Path) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    where = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=at(CHECKOUT, "[tokenize-cards]", 4)
        )
    )
    assert isinstance(where, types.Location)
    assert where.uri == (root / "teams" / "payments.yaml").as_uri()
    assert where.range == types.Range(
        start=types.Position(line=8, character=8), end=types.Position(line=8, character=22)
    )
    board_uri = open_file(client, root / "board.yaml")
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=board_uri),
            position=types.Position(line=2, character=10),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert refs is not None
    assert [(Path(r.uri.removeprefix("file://")).name, r.range.start.line) for r in refs] == [
        ("board.yaml", 2),
        ("checkout.yaml", 6),
    ]


async def test_rename_is_one_edit_over_every_file_and_check_is_clean_after(
    client: LanguageClient, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = open_file(client, root / "teams" / "payments.yaml")
    edit = await rename_at(client, uri, 8, 10, "vault-cards")
    assert edit is not None and edit.changes is not None
    assert sorted(Path(u.removeprefix("file://")).name for u in edit.changes) == ["checkout.yaml", "payments.yaml"]
    for file_uri, edits in edit.changes.items():
        apply_edits(Path(file_uri.removeprefix("file://")), edits)
    assert "depends_on: [vault-cards]" in (root / "teams" / "checkout.yaml").read_text(encoding="utf-8")
    assert "- id: vault-cards" in (root / "teams" / "payments.yaml").read_text(encoding="utf-8")
    code, out, _ = run(["check", str(root), "--format", "json"], capsys)
    assert code == 0
    assert '"unknown-ref"' not in out and '"duplicate-id"' not in out


async def test_renaming_a_team_edits_its_id_and_renames_its_file_in_one_edit(
    client: LanguageClient, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = open_file(client, root / "teams" / "payments.yaml")
    edit = await rename_at(client, uri, 0, 6, "pay")
    assert edit is not None and edit.document_changes is not None
    text_edit, move = edit.document_changes
    assert isinstance(text_edit, types.TextDocumentEdit) and isinstance(move, types.RenameFile)
    assert move.old_uri == uri and move.new_uri == (root / "teams" / "pay.yaml").as_uri()
    (change,) = text_edit.edits
    assert isinstance(change, types.TextEdit)
    assert change.range == types.Range(
        start=types.Position(line=0, character=4), end=types.Position(line=0, character=12)
    )
    path = root / "teams" / "payments.yaml"
    apply_edits(path, text_edit.edits)
    path.rename(root / "teams" / "pay.yaml")
    code, out, _ = run(["check", str(root), "--format", "json"], capsys)
    assert code == 0 and '"schema"' not in out


@pytest.mark.parametrize(
    ("new", "reason"),
    [("checkout-conversion", "is taken"), ("Not An Id", "is not a valid id")],
)
async def test_rename_is_refused_with_the_reason(client: LanguageClient, root: Path, new: str, reason: str) -> None:
    uri = open_file(client, root / "teams" / "payments.yaml")
    with pytest.raises(Exception, match=reason):
        await rename_at(client, uri, 8, 10, new)


async def test_document_symbols_outline_the_team(client: LanguageClient, root: Path) -> None:
    uri = open_file(client, root / "teams" / "checkout.yaml")
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols is not None
    team = symbols[0]
    assert isinstance(team, types.DocumentSymbol) and team.name == "checkout"
    assert [(c.name, c.detail) for c in team.children or []] == [
        ("checkout-conversion", "Raise checkout conversion"),
        ("one-click-pay", "One-click pay"),
    ]


async def quick_fix(client: LanguageClient, uri: str, rule: str) -> list[types.CodeAction]:
    found = await diagnostics_until(client, uri, lambda d: rule in codes(d))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=20, character=0)),
            context=types.CodeActionContext(diagnostics=list(found)),
        )
    )
    return [a for a in actions or [] if isinstance(a, types.CodeAction)]


async def test_quick_fixes_a_missing_team_id_and_a_key_one_edit_away(client: LanguageClient, root: Path) -> None:
    text = CHECKOUT.replace("id: checkout\n", "", 1).replace("depends_on:", "depend_on:")
    uri = open_file(client, root / "teams" / "checkout.yaml", text)
    actions = await quick_fix(client, uri, "schema")
    edits = {a.title: a.edit.changes[uri][0] for a in actions if a.edit and a.edit.changes}
    assert edits["Add 'id: checkout' (the file's name)"].new_text == "id: checkout\n"
    rename_key = edits["Change 'depend_on' to 'depends_on'"]
    assert rename_key.range == types.Range(
        start=types.Position(line=12, character=4), end=types.Position(line=12, character=13)
    )
    assert rename_key.new_text == "depends_on"

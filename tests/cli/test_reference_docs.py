"""docs/ (SPEC 12): the product's reference is the code's, and covers every rule, key and command."""

from __future__ import annotations

import re

import pytest

from trioboard.cli import COMMANDS
from trioboard.cli.reference_docs import pages
from trioboard.core.rules import RULES
from trioboard.core.vocabulary import BOARD_KEYS, KINDS, POLICY_KEYS, TRIO_KEYS

from helpers import REPO_ROOT

DOCS = REPO_ROOT / "docs"


@pytest.mark.parametrize("name", list(pages()))
def test_the_committed_page_is_what_the_code_makes(name: str) -> None:
    expected = pages()[name]
    assert (DOCS / name).read_text(encoding="utf-8") == expected, (
        f"docs/{name} is out of date: run .venv/bin/python -m trioboard.cli.reference_docs docs"
    )


def test_every_rule_has_its_heading_in_rules_md() -> None:
    headings = re.findall(r"^## (\S+)$", (DOCS / "rules.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert headings == list(RULES)


def test_every_key_of_every_kind_is_in_the_board_format() -> None:
    text = (DOCS / "board-format.md").read_text(encoding="utf-8")
    sections = re.split(r"^##+ ", text, flags=re.MULTILINE)
    for kind, spec in KINDS.items():
        section = next(s for s in sections if f"a {kind.value}" in s.splitlines()[0] or s.startswith(kind.value))
        for key in spec.keys:
            assert f"| `{key.name}` |" in section, (kind, key.name)
    for key in (*BOARD_KEYS, *POLICY_KEYS, *TRIO_KEYS):
        assert f"| `{key.name}` |" in text


def test_every_command_is_in_commands_md() -> None:
    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"\n## trioboard {command.name}\n" in text
    for op in ("add-goal", "add-team", "add-outcome", "add-item", "set", "link", "unlink", "move", "rm", "undo"):
        assert f"\n### trioboard edit {op}\n" in text


def test_the_readme_links_to_docs_and_not_to_a_spec_it_does_not_hold() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "SPEC.md" not in readme
    for name in pages():
        if name != "README.md":
            assert f"(docs/{name})" in readme
    assert "(docs/)" in readme


def test_editor_notes_cover_vs_code_neovim_and_helix() -> None:
    text = (DOCS / "editors.md").read_text(encoding="utf-8")
    for editor in ("## VS Code", "## Neovim", "## Helix"):
        assert editor in text
    assert text.count('"lsp"') >= 2 and "$schema=" in text

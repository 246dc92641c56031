"""The README's key tables are the app's: generated from the action table and the views' bindings."""

from __future__ import annotations

import re

from trioboard.tui import actions
from trioboard.tui.app import view_keys

from helpers import REPO_ROOT


def test_the_readme_key_tables_match_the_app() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- keys: [^>]*-->\n(.*?)<!-- /keys -->", readme, re.S)
    assert found, "the README lost its key tables"
    assert found.group(1) == actions.key_tables(view_keys()), (
        "README.md's key tables are stale: paste actions.key_tables(view_keys()) between the markers"
    )


def test_the_readme_shows_the_snapshot_of_the_app() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    picture = "tests/tui/__snapshots__/test_snapshots/test_strategy_tree_at_120x40.svg"
    assert f"]({picture})" in readme
    assert (REPO_ROOT / picture).is_file()

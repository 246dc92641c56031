"""The one door to a board: read it (and its history), run an edit or a sync, set git up for it.

The CLI, the TUI and `serve` reach files and git only through what is
named here; they get `core` values back (`core.results`) and catch
`core.errors`. History (`workspace.history`: `board_log`, `commit_changes`)
is imported on its own by those who show it. Importing this package is
cheap: each name's module is imported when the name is first used (PEP
562), and git, the YAML editor and the journal by the calls that need them,
so `check` in CI does not pay for editing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trioboard.workspace.drivers import git_user, install_git, merge_file, read_for_outline, write_output
    from trioboard.workspace.editing import Workspace
    from trioboard.workspace.evidence_writing import add_evidence, notes_from_editor
    from trioboard.workspace.reader import (
        check_author,
        find_board,
        findings_at,
        history_reader,
        load,
        load_at,
        merge_base,
        snapshot,
    )

_HOME = {
    "drivers": ("git_user", "install_git", "merge_file", "read_for_outline", "write_output"),
    "editing": ("Workspace",),
    "evidence_writing": ("add_evidence", "notes_from_editor"),
    "reader": (
        "check_author",
        "find_board",
        "findings_at",
        "history_reader",
        "load",
        "load_at",
        "merge_base",
        "snapshot",
    ),
}
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}

__all__ = [
    "Workspace",
    "add_evidence",
    "check_author",
    "find_board",
    "findings_at",
    "git_user",
    "history_reader",
    "install_git",
    "load",
    "load_at",
    "merge_base",
    "merge_file",
    "notes_from_editor",
    "read_for_outline",
    "snapshot",
    "write_output",
]


def __getattr__(name: str) -> object:
    """Import the module that defines `name` on first use."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value

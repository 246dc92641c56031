"""The one door to a board: read it (and its history), run an edit or a sync, set git up for it.

The CLI, the TUI and `serve` reach files and git only through what is
named here; they get `core` values back (`core.results`) and catch
`core.errors`. History (`workspace.history`: `board_log`, `commit_changes`)
is imported on its own by those who show it. Importing this package is
cheap: git, the YAML editor and the journal are imported by the calls that
need them, so `check` in CI does not pay for them.
"""

from trioboard.workspace.drivers import git_user, install_git, merge_file, read_for_outline, write_output
from trioboard.workspace.editing import Workspace
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

__all__ = [
    "Workspace",
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
    "read_for_outline",
    "snapshot",
    "write_output",
]

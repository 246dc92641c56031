"""Paths as the user would type them: relative to where they stand."""

from __future__ import annotations

import os
from pathlib import Path


def user_path(board_root: Path, relpath: str, cwd: Path) -> str:
    """A board file's path relative to `cwd` (absolute when that reads better)."""
    full = board_root / relpath
    try:
        shown = os.path.relpath(full, cwd)
    except ValueError:  # another drive on Windows
        return str(full)
    return shown.replace(os.sep, "/")


def user_dir(board_root: Path, cwd: Path) -> str:
    """The board directory relative to `cwd`; `.` when the user stands in it."""
    return user_path(board_root, ".", cwd).removesuffix("/.") or "."

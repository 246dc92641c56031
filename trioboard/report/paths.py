"""Paths as the user would type them: relative to where they stand."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def user_path(board_root: Path, relpath: str, cwd: Path) -> str:
    """A board file's path relative to `cwd` (absolute when that reads better)."""
    full = board_root / relpath
    try:
        shown = os.path.relpath(full, cwd)
    except ValueError:  # another drive on Windows
        return str(full)
    return shown.replace(os.sep, "/")


def user_paths(board_root: Path, cwd: Path) -> Callable[[str], str]:
    """`user_path` for the findings of one report: each file's path is worked out once, however many it has."""
    shown: dict[str, str] = {}

    def of(relpath: str) -> str:
        path = shown.get(relpath)
        if path is None:
            path = shown[relpath] = user_path(board_root, relpath, cwd)
        return path

    return of


def user_dir(board_root: Path, cwd: Path) -> str:
    """The board directory relative to `cwd`; `.` when the user stands in it."""
    return user_path(board_root, ".", cwd).removesuffix("/.") or "."

"""`trioboard log`'s memo: coverage per board state and the summary of each step, in the git directory.

Kept in `.git/trioboard/log-cache.json`, keyed by the blob ids of the
board's files, so a second `log` reads no board at all. A cache that cannot
be read or written is no cache, never a failure.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from trioboard.store.safe_io import NotRegular, write_atomically

CACHE_FILE = "log-cache.json"
CACHE_VERSION = 2
"""Bump when summaries or coverage are computed differently."""


def read_memo(path: Path, version: int) -> dict[str, Any]:
    """A JSON memo written by `write_memo` with `version`; empty when absent, unreadable or of another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == version else {}


def write_memo(path: Path, version: int, payload: dict[str, Any]) -> None:
    """Write a JSON memo whole; one that cannot be written is no memo, not a failure."""
    text = json.dumps({"version": version, **payload}, separators=(",", ":"))
    # A whole file or none: a concurrent reader never sees half a cache. One that
    # cannot be written (a read-only .git) is no memo, not a failure: the command still works.
    with contextlib.suppress(OSError, NotRegular):
        write_atomically(path, text.encode("utf-8"), durable=False)


class LogCache:
    """The on-disk memo of coverage per state and summary per step."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / CACHE_FILE
        data = read_memo(self.path, CACHE_VERSION)
        self.states: dict[str, list[int]] = data.get("states", {})
        self.steps: dict[str, str] = data.get("steps", {})
        self.dirty = False

    def save(self) -> None:
        """Write the cache if it changed; a cache that cannot be written is no cache, not a failure."""
        if self.dirty:
            write_memo(self.path, CACHE_VERSION, {"states": self.states, "steps": self.steps})

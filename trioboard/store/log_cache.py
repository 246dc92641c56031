"""`trioboard log`'s memo: coverage per board state and the summary of each step, in the git directory.

Kept in `.git/trioboard/log-cache.json`, keyed by the blob ids of the
board's files, so a second `log` reads no board at all. A cache that cannot
be read or written is no cache, never a failure.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from trioboard.store.safe_io import NotRegular, write_atomically

CACHE_FILE = "log-cache.json"
CACHE_VERSION = 2
"""Bump when summaries or coverage are computed differently."""


class LogCache:
    """The on-disk memo of coverage per state and summary per step."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / CACHE_FILE
        self.states: dict[str, list[int]] = {}
        self.steps: dict[str, str] = {}
        self.dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == CACHE_VERSION:
            self.states = data.get("states", {})
            self.steps = data.get("steps", {})

    def save(self) -> None:
        """Write the cache if it changed; a cache that cannot be written is no cache, not a failure."""
        if not self.dirty:
            return
        payload = json.dumps({"version": CACHE_VERSION, "states": self.states, "steps": self.steps})
        # A whole file or none: a concurrent reader never sees half a cache. One that
        # cannot be written (a read-only .git) is no memo, not a failure: `log` still works.
        with contextlib.suppress(OSError, NotRegular):
            write_atomically(self.path, payload.encode("utf-8"), durable=False)

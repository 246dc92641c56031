"""The status bar's two parts: what the last action did, and where the board stands against its upstream."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual.widgets import Static

MESSAGES_KEPT = 200
"""How many of the status line's messages the messages log keeps (the oldest go first)."""


class StatusLine(Static):
    """What the last action did: the commit, a refusal, or work in progress.

    One line, cut to the terminal's width; every message it shows is kept,
    whole, in `said` (the messages log, `M`, shows them).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.said: list[tuple[str, Text]] = []
        """(when, message) of each message shown, oldest first."""

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        """Show one message, and keep it for the messages log."""
        if isinstance(content, Text) and content.plain.strip():
            self.said.append((time.strftime("%H:%M:%S"), content.copy()))
            del self.said[:-MESSAGES_KEPT]
        super().update(content, layout=layout)


class SyncBadge(Static):
    """Where the board stands against its upstream (`↑2 ↓1`, "up to date", "no upstream") and the last sync."""

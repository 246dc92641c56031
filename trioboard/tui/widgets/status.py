"""The status bar's two parts: what the last action did, and where the board stands against its upstream."""

from __future__ import annotations

from textual.widgets import Static


class StatusLine(Static):
    """What the last action did: the commit, a refusal, or work in progress."""


class SyncBadge(Static):
    """Where the board stands against its upstream (`↑2 ↓1`, "up to date", "no upstream") and the last sync."""

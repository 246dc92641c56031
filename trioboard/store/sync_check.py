"""Sync's last check: an integration never publishes a board worse than both sides in structure.

The structural rules (`parse-error`, `schema`, `duplicate-id`,
`unknown-ref`) are those no choice of sides may break: a finding of theirs
that the integrated board has and neither side had is a conflict about its
node, and the sync stops on it whatever `--prefer` said. The workspace
reads the three boards (it reads them for the report anyway, reusing what
it has parsed); this module says which findings count and how they read.
"""

from __future__ import annotations

from collections.abc import Callable

from trioboard.core.findings import Finding, new_findings
from trioboard.core.results import Conflict
from trioboard.core.rules import STRUCTURAL_RULES

Check = Callable[[str, str, str | None], list[Conflict]]
"""Given the commit the work tree holds, the integration's tip and the remote's: what the tip breaks that
neither side had (nothing: fine)."""


def broken(merged: list[Finding], mine: list[Finding], theirs: list[Finding]) -> list[Conflict]:
    """The structural findings of `merged` that neither side's findings have, one conflict per finding."""
    fresh = [f for f in merged if f.rule in STRUCTURAL_RULES]
    if not fresh:
        return []
    fresh = new_findings(new_findings(fresh, mine), theirs)
    return [
        Conflict(
            f.ids[0] if f.ids else f.file,
            None,
            "fine on its own",
            f"fine on its own, but merged: {f.rule} at {f.file}:{f.line}: {f.message} "
            "(no --prefer settles this: change one side and sync again)",
        )
        for f in fresh
    ]

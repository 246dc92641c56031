"""Exit statuses: API for scripts and CI, declared once (SPEC section 5)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a trioboard process tells its caller."""

    OK = 0
    """Nothing at or above --fail-on; or the edit was committed."""
    FINDINGS = 1
    """`check`: findings at or above --fail-on."""
    REFUSED = 1
    """`edit`: refused, nothing written (same number as FINDINGS, by the SPEC)."""
    CANNOT_RUN = 2
    """No such board, bad arguments, not a git work tree where one is needed."""

"""The core is pure: importing it loads nothing of trioboard outside `trioboard.core`."""

from __future__ import annotations

from helpers import fresh_python


def test_core_imports_nothing_outside_the_core() -> None:
    probe = (
        "import sys, trioboard.core.analysis, trioboard.core.schema, trioboard.core.rules;"
        "print(sorted(m for m in sys.modules"
        " if m.startswith('trioboard.') and not m.startswith('trioboard.core')))"
    )
    assert fresh_python(probe).strip() == "[]"

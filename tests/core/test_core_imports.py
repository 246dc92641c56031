"""The core is pure: importing it loads nothing of trioboard outside `trioboard.core`."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import REPO_ROOT


def test_core_imports_nothing_outside_the_core() -> None:
    probe = (
        "import sys, trioboard.core.analysis, trioboard.core.schema, trioboard.core.rules;"
        "print(sorted(m for m in sys.modules"
        " if m.startswith('trioboard.') and not m.startswith('trioboard.core')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        check=True,
    )
    assert done.stdout.strip() == "[]"

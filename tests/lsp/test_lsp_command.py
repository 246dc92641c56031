"""`trioboard lsp` is a command (that the CLI and `check` load no pygls is in tests/cli/test_import_hygiene.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import REPO_ROOT


def test_lsp_is_a_command_with_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trioboard", "lsp", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        check=False,
    )
    assert done.returncode == 0
    assert "--stdio" in done.stdout

"""The language server's libraries are loaded by `trioboard lsp` only: the CLI and `check` never pay for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import DEMO, REPO_ROOT

PROBE = """
import json, sys
import trioboard.cli
after_import = sorted({m.split('.')[0] for m in sys.modules} & {'pygls', 'lsprotocol', 'cattrs'})
sys.argv = ['trioboard', 'check', sys.argv[1], '--format', 'json']
try:
    trioboard.cli.main_exit()
except SystemExit:
    pass
after_check = sorted({m.split('.')[0] for m in sys.modules} & {'pygls', 'lsprotocol', 'cattrs'})
print(json.dumps({'import': after_import, 'check': after_check}), file=sys.stderr)
"""


def test_the_cli_and_check_load_no_language_server() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(DEMO)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        check=False,
    )
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == {"import": [], "check": []}


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

"""Headless paths stay headless, and the fast loader really is the C one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import DEMO, REPO_ROOT

PROBE = """
import json, sys
import trioboard.cli
after_import = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'git', 'textual_serve', 'aiohttp', 'pygls', 'lsprotocol'))
sys.argv = ['trioboard', 'check', sys.argv[1], '--format', 'json']
try:
    trioboard.cli.main_exit()
except SystemExit:
    pass
after_check = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'git', 'textual_serve', 'aiohttp', 'pygls', 'lsprotocol'))
print(json.dumps({'import': after_import, 'check': after_check}), file=sys.stderr)
"""


def test_cli_and_check_load_no_textual_no_web_server_and_no_git() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(DEMO)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        check=False,
    )
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == {"import": [], "check": []}

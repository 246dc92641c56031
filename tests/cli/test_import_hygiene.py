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


def _probe(script: str) -> object:
    """What `script` prints as JSON on its last stderr line, run on the demo board in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(DEMO)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        check=False,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_cli_and_check_load_no_textual_no_web_server_and_no_git() -> None:
    assert _probe(PROBE) == {"import": [], "check": []}


LEAN_PROBE = """
import json, sys
import trioboard.cli
sys.argv = ['trioboard', 'check', sys.argv[1]]
try:
    trioboard.cli.main_exit()
except SystemExit:
    pass
heavy = ('subprocess', 'trioboard.core.edits', 'trioboard.core.diff', 'trioboard.store.git.runner',
         'trioboard.store.editor', 'trioboard.workspace.editing', 'trioboard.report.sarif_report',
         'trioboard.report.junit_report')
print(json.dumps(sorted(m for m in sys.modules if m.startswith(heavy))), file=sys.stderr)
"""


def test_check_in_text_loads_no_git_runner_no_editing_and_no_other_format() -> None:
    """`check` in a pre-commit hook starts fast: it imports only what reading and reporting a board needs."""
    assert _probe(LEAN_PROBE) == []

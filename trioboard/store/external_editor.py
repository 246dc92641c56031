"""Running the user's own editor (`$VISUAL`, `$EDITOR`) on a temporary file, and reading what they wrote.

Used for the notes of a touchpoint (`trioboard evidence add` with no
`--body`): the file is private to the user (mkdtemp's 0700 folder) and
removed after, whatever happened.
"""

from __future__ import annotations

import shlex
import subprocess
import tempfile
from pathlib import Path

from trioboard.store.safe_io import read_regular_head


class EditorMissing(Exception):
    """The editor could not be started (no such program, a command that does not split)."""


class EditorFailed(Exception):
    """The editor exited with a failure: nothing it wrote is taken."""


def write_in_editor(command: str, name: str, limit: int) -> bytes:
    """What the user wrote in `command` (split as a shell would) on an empty file called `name`.

    At most `limit` + 1 bytes are read (more tells the caller it is too long).
    `EditorMissing` or `EditorFailed`, with a one-line reason, when it cannot start or fails.
    """
    with tempfile.TemporaryDirectory(prefix="trioboard-") as folder:
        path = Path(folder) / name
        path.write_bytes(b"")
        try:
            status = subprocess.run([*shlex.split(command), str(path)], check=False).returncode
        except (OSError, ValueError) as exc:
            raise EditorMissing(
                f"cannot start the editor {command!r}: {getattr(exc, 'strerror', None) or exc}"
            ) from None
        if status != 0:
            raise EditorFailed(f"the editor exited with status {status}")
        return read_regular_head(path, limit + 1)[0]

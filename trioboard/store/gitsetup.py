"""`trioboard install-git`: a textconv diff driver for board files.

It adds to the repository's `.gitattributes` a line per board file pattern
(`boards/acme/teams/*.yaml diff=trioboard`) and sets, in the repository's
own config, `diff.trioboard.textconv = trioboard textconv`. Then `git diff`
and `git log -p` show board files as an outline (see `report/outline.py`).
`.gitattributes` is left for the user to commit, so the whole team gets the
attribute; each clone runs `trioboard install-git` once for the config.
"""

from __future__ import annotations

from pathlib import Path

from trioboard.store.files import BOARD_FILE, TEAMS_DIR
from trioboard.store.repo import GitError, locate

DRIVER = "trioboard"
TEXTCONV = "trioboard textconv"


def install_textconv(board_root: Path) -> list[str]:
    """Set up the driver for the board at `board_root`; returns what was done, for the user."""
    where = locate(board_root)
    top = where.top
    rel = where.prefix or "."
    prefix = where.prefix + "/" if where.prefix else ""
    if any(ch.isspace() or ch in '"\\#!' for ch in prefix):
        raise GitError(f"the board path {rel!r} cannot be written as a .gitattributes pattern")
    wanted = [f"{prefix}{BOARD_FILE} diff={DRIVER}", f"{prefix}{TEAMS_DIR}/*.yaml diff={DRIVER}"]
    attributes = top / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8").splitlines() if attributes.exists() else []
    missing = [line for line in wanted if line not in existing]
    done = []
    if missing:
        text = "\n".join(existing + missing) + "\n"
        attributes.write_text(text, encoding="utf-8")
        done.append(f"added to {attributes}: " + "; ".join(missing) + " (commit it to share it)")
    else:
        done.append(f"{attributes} already names the board files")
    where.git.run("config", f"diff.{DRIVER}.textconv", TEXTCONV)
    done.append(f"set diff.{DRIVER}.textconv = {TEXTCONV} in this repository's config")
    return done

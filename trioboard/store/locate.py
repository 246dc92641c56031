"""Finding the board a command is about (SPEC section 5)."""

from __future__ import annotations

import os
from pathlib import Path

from trioboard.core.errors import BoardNotFound
from trioboard.core.vocabulary import BOARD_FILE
from trioboard.store.files import is_board_dir

BOARDS_DIR = "boards"


def find_board(arg: str | None, cwd: Path) -> Path:
    """The board directory: `arg` if given, else the one in `cwd`, else the only one under ./boards/,
    else the same in each directory above `cwd` up to the top of its git work tree.

    `arg` may name the board directory or its board.yaml.
    """
    if arg is not None:
        path = (cwd / arg) if not Path(arg).is_absolute() else Path(arg)
        if path.name == BOARD_FILE and path.is_file():
            path = path.parent
        if is_board_dir(path):
            return path
        if path.is_dir():
            raise BoardNotFound(f"{arg} holds no {BOARD_FILE}; point at a board directory")
        raise BoardNotFound(f"no board at {arg}: no such directory")
    # Here, then each directory above up to the top of the work tree, as git
    # finds its repository: `trioboard check` in teams/ checks the board above.
    for where in (cwd, *cwd.parents):
        if is_board_dir(where):
            return where
        found = list_boards(where)
        if len(found) == 1:
            return found[0]
        if found:
            names = ", ".join(os.path.relpath(p, cwd) for p in found)
            under = f"./{BOARDS_DIR}" if where == cwd else os.path.relpath(where / BOARDS_DIR, cwd)
            raise BoardNotFound(f"several boards under {under}/; name one: {names}")
        if (where / ".git").exists():
            break
    raise BoardNotFound(
        f"no board here: no {BOARD_FILE} in this directory or under ./{BOARDS_DIR}/ "
        "(create one with 'trioboard init DIR')"
    )


def list_boards(cwd: Path) -> list[Path]:
    """The board directories directly under ./boards/, in name order."""
    boards = cwd / BOARDS_DIR
    if not boards.is_dir():
        return []
    return sorted(p for p in boards.iterdir() if is_board_dir(p))

"""Creating boards: `trioboard init` and the bundled demo."""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from trioboard.core.errors import GitError, Refused
from trioboard.core.json_schema import schema_text
from trioboard.core.text import line_text_problem
from trioboard.core.vocabulary import BOARD_FILE, EDITOR_SCHEMA_KINDS, TEAMS_DIR, schema_file, schema_hint
from trioboard.store import tracking
from trioboard.store.edit import transaction
from trioboard.store.files import is_board_dir
from trioboard.store.git import identity as identities
from trioboard.store.git import repository
from trioboard.store.safe_io import NotRegular, refuse_special, write_atomically

DEMO_AUTHOR = identities.Identity("trioboard demo", "demo@trioboard.invalid")
"""The demo's first commit is trioboard's content, not the user's work."""

_EMPTY_BOARD = """\
{hint}
# The company strategy: goals everyone's roadmap ties back to, and the
# policy `trioboard check` applies. Each team has its own file in teams/.
name: {name}
goals: []
"""


KEEP_FILE = ".gitkeep"
"""The empty file that keeps `teams/` in git until the first team file is there."""


class SetupError(Exception):
    """The board could not be created; the message says why."""


def init_board(target: Path, name: str | None, author: str | None) -> tuple[str, str]:
    """Create an empty board in `target`, `git init` if needed, and commit it.

    Returns the board's name and the commit's short hash. Nothing is written
    when it cannot be committed (no identity, a board already there).
    """
    target = target.absolute()
    if is_board_dir(target):
        raise SetupError(f"{target} already holds a board")
    if target.exists() and not target.is_dir():
        raise SetupError(f"{target} is a file, not a directory")
    try:
        refuse_special(target / BOARD_FILE)  # a dangling link, a FIFO: never written through, never blocked on
    except NotRegular as exc:
        raise SetupError(exc.reason) from None
    name = name if name is not None else target.name.replace("-", " ").replace("_", " ").strip().title()
    why = line_text_problem(name)
    if not name or why:
        raise SetupError(f"the board name {why or 'is empty'}")
    top = repository.work_tree(target) if target.exists() else None
    if top is None:
        anchor = target
        while not anchor.exists():
            anchor = anchor.parent
        top = repository.work_tree(anchor)
    try:
        who = identities.identity(top or target, author)
    except GitError as exc:
        raise SetupError(str(exc)) from None
    if top is not None:
        existing = target
        while not existing.exists():
            existing = existing.parent
        real = existing.resolve() / target.relative_to(existing) / BOARD_FILE
        if not real.is_relative_to(top.resolve()):
            raise SetupError(f"{target} leads outside the git work tree {top}")
        relpath = real.relative_to(top.resolve()).as_posix()
        if tracking.is_ignored(top, relpath):
            raise SetupError(f"git ignores {relpath}; a board there would never be committed or shared")
    teams = target / TEAMS_DIR
    if teams.is_symlink() or (teams.exists() and not teams.is_dir()):
        raise SetupError(f"{teams} is a symbolic link or a file; a board's teams/ must be a plain directory")
    target.mkdir(parents=True, exist_ok=True)
    if top is None:
        top = repository.init(target)
    board_file = target / BOARD_FILE
    # The schema lives in the board, so the editor hint resolves offline on every clone.
    schemas = [target / schema_file(kind) for kind in EDITOR_SCHEMA_KINDS]
    # git keeps no empty folder: teams/ is tracked through a dotfile the board's readers skip.
    keep = teams / KEEP_FILE
    try:
        text = _EMPTY_BOARD.format(hint=schema_hint("board"), name=_yaml_text(name))
        write_atomically(board_file, text.encode("utf-8"))
        for path, kind in zip(schemas, EDITOR_SCHEMA_KINDS, strict=True):
            write_atomically(path, schema_text(kind).encode("utf-8"))
        teams.mkdir(exist_ok=True)
        if keep.is_symlink() or keep.exists():
            refuse_special(keep)
        else:
            write_atomically(keep, b"")
    except NotRegular as exc:
        raise SetupError(exc.reason) from None
    try:
        short = transaction.commit_paths(top, [board_file, *schemas, keep], f"Create board {name}", who)
    except (GitError, Refused) as exc:
        raise SetupError(str(exc)) from None
    return name, short


def make_demo(into: Path | None) -> Path:
    """Copy the demo board into a fresh git repository and commit it; returns the board."""
    if into is None:
        target = Path(tempfile.mkdtemp(prefix="trioboard-demo-"))
    else:
        target = into.absolute()
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise SetupError(f"{target} is not an empty directory")
    source = resources.files("trioboard") / "data" / "demo"
    with resources.as_file(source) as demo:
        shutil.copytree(demo, target, dirs_exist_ok=True)
    # Always a repository of its own, even inside someone's work tree: the
    # demo's commit must never land on the user's branch.
    top = repository.init(target)
    paths = sorted(p for p in target.rglob("*.yaml"))
    try:
        transaction.commit_paths(top, paths, "Create the Fernway demo board", DEMO_AUTHOR)
    except (GitError, Refused) as exc:
        raise SetupError(str(exc)) from None
    return target


def _yaml_text(text: str) -> str:
    """`text` as a YAML double-quoted scalar: safe whatever the name holds."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'

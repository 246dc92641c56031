"""`trioboard import csv`: a CSV file read safely, turned into additions, committed as one commit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.core.importing import BadFile, Imported, parse_mapping, read_csv
from trioboard.core.text import is_id, plural, printable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from trioboard.core.results import EditResult
    from trioboard.workspace.editing import Workspace


_LIMIT = 256 * 1024 * 1024
"""A CSV export larger than this is not a roadmap."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import made (or would make, in a dry run) and its commit (None in a dry run)."""

    imported: Imported
    message: str
    commit: EditResult | None


def import_csv(
    workspace: Workspace,
    path: Path,
    *,
    preset: str | None = None,
    maps: Sequence[str] = (),
    team: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read `path`, plan its additions against the board and commit them as one commit (not in a dry run).

    Raises `BadFile` (the file cannot be imported; nothing written),
    `Taken` or `Refused` (the board refuses it; nothing written).
    """
    from trioboard.store.safe_io import NotRegular, read_regular_file

    mapping = parse_mapping(preset, maps)
    if team is not None and not is_id(team) and team not in {t.id for t in workspace.board().teams}:
        raise BadFile(f"--team {printable(team)!r} is not a team id (lowercase letters, digits and dashes)")
    try:
        data = read_regular_file(path.resolve(), limit=_LIMIT)  # the file the user named, wherever a link leads
    except NotRegular as exc:
        raise BadFile(f"{path}: {exc}") from None
    except OSError as exc:
        raise BadFile(f"{path}: {exc.strerror or exc}") from None
    imported = read_csv(data, printable(path.name), mapping, workspace.board(), team)
    if not imported.ops:
        raise BadFile(f"{path}: holds no rows to import")
    made = [
        plural(len(imported.items), "item"),
        plural(len(imported.outcomes), "outcome"),
        plural(len(imported.teams), "team"),
    ]
    said = [m for m in made if not m.startswith("0 ")]
    joined = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    message = f"Import {joined} from {printable(path.name)}"
    commit = workspace.edit_many(imported.ops, message, dry_run=dry_run)
    return ImportResult(imported, message, commit)

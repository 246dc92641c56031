"""Sync's last check: an integration never publishes a board worse than both sides in structure.

The structural rules (`parse-error`, `schema`, `duplicate-id`,
`unknown-ref`) are run on the integrated board and on both sides; a finding
the integration has and neither side had is a conflict about its node, and
the sync stops on it whatever `--prefer` said: no choice of sides may
publish a broken board. Files are read once per blob (most are the same in
all three versions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trioboard.core.analysis import analyse
from trioboard.core.findings import Finding, new_findings
from trioboard.core.results import Conflict
from trioboard.core.rules import RULE_NAMES, RULES, STRUCTURAL_RULES
from trioboard.core.schema import BoardFile, TeamFile, assemble, read_board_file, read_team_file
from trioboard.core.vocabulary import BOARD_FILE
from trioboard.store.files import parse_source

if TYPE_CHECKING:
    from trioboard.store.sync import CommitFiles


class StructureCheck:
    """The structural findings of boards given as files, each file read once per content."""

    def __init__(self) -> None:
        self._models: dict[tuple[str, bytes], BoardFile | TeamFile] = {}

    def findings(self, files: dict[str, bytes]) -> list[Finding]:
        """The structural findings of the board made of `files` (paths relative to the board)."""
        head = files.get(BOARD_FILE)
        if head is None:
            return []
        head_model = self._model(BOARD_FILE, head)
        teams = [self._model(path, files[path]) for path in sorted(files) if path != BOARD_FILE]
        assert isinstance(head_model, BoardFile)
        board = assemble(head_model, [t for t in teams if isinstance(t, TeamFile)])
        analysis = analyse(board)
        out: list[Finding] = []
        for name in sorted(STRUCTURAL_RULES):
            rule = RULES[name]
            for draft in rule.check(board, analysis):
                pos = draft.pos
                out.append(Finding(name, rule.default, draft.message, pos.file, pos.line, pos.column, draft.ids))
        return out

    def _model(self, path: str, data: bytes) -> BoardFile | TeamFile:
        key = (path, data)
        model = self._models.get(key)
        if model is None:
            source = parse_source(path, data)
            model = (
                read_board_file(source, RULE_NAMES, STRUCTURAL_RULES) if path == BOARD_FILE else read_team_file(source)
            )
            self._models[key] = model
        return model


def broken(trees: CommitFiles, merged: dict[str, bytes | None], mine: str, theirs: str) -> list[Conflict]:
    """The structural findings `merged` (the board files of the result) has that neither commit had, as conflicts."""
    check = StructureCheck()
    result = check.findings({path: data for path, data in merged.items() if data is not None})
    if not result:
        return []
    fresh = new_findings(result, check.findings(trees.files(mine)))
    fresh = new_findings(fresh, check.findings(trees.files(theirs)))
    return [
        Conflict(
            f.ids[0] if f.ids else f.file,
            None,
            "no such error here",
            f"none there either, but together: {f.rule} at {f.file}:{f.line}: {f.message}",
        )
        for f in fresh
    ]

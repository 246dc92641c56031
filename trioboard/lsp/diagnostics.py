"""Findings as the protocol's diagnostics: at their line and column, the rule as the code, a link to its text.

A diagnostic whose fix is certain carries it in `data` (see `fixes`): a team
file with no `id` (the file's name is its id) and an unknown key one edit
away from the one key it could be.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lsprotocol import types

from trioboard.core.findings import Finding, Severity
from trioboard.core.text import is_id
from trioboard.core.vocabulary import TEAM_SUFFIX, TEAMS_DIR
from trioboard.lsp.positions import token_range

SOURCE = "trioboard"
"""The name editors show beside each diagnostic."""

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_UNKNOWN_KEY = re.compile(r"^unknown key '([^']+)' in .* \(did you mean '([^']+)'\?\)$")
_NO_TEAM_ID = "the team has no 'id'"


@cache
def _rules_page() -> str | None:
    """The file URI of docs/rules.md in the repository trioboard runs from, if it is there."""
    import trioboard

    page = Path(trioboard.__file__).resolve().parent.parent / "docs" / "rules.md"
    return page.as_uri() if page.is_file() else None


def rule_link(rule: str) -> types.CodeDescription | None:
    """Where the rule's explanation is: its section of docs/rules.md, when the repository holds one."""
    page = _rules_page()
    return types.CodeDescription(href=f"{page}#{rule}") if page else None


def one_edit_apart(first: str, second: str) -> bool:
    """Whether one insertion, deletion, substitution or swap of neighbours turns `first` into `second`."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        diff = [n for n, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and first[diff[0]] == second[diff[1]]
            and first[diff[1]] == second[diff[0]]
        )
    short, long = sorted((first, second), key=len)
    return any(long[:n] + long[n + 1 :] == short for n in range(len(long)))


def _fix(finding: Finding, where: types.Range) -> dict[str, object] | None:
    """The certain fix of a finding, as a diagnostic's `data`: a title and one text edit."""
    if finding.rule != "schema":
        return None
    if finding.message == _NO_TEAM_ID and finding.file.startswith(f"{TEAMS_DIR}/"):
        stem = finding.file.rsplit("/", 1)[-1].removesuffix(TEAM_SUFFIX)
        if is_id(stem):
            return {
                "title": f"Add 'id: {stem}' (the file's name)",
                "line": 0,
                "start": 0,
                "end": 0,
                "text": f"id: {stem}\n",
            }
    found = _UNKNOWN_KEY.match(finding.message)
    if found and one_edit_apart(found[1], found[2]):
        line = where.start.line
        return {
            "title": f"Change '{found[1]}' to '{found[2]}'",
            "line": line,
            "start": where.start.character,
            "end": where.start.character + len(found[1]),
            "text": found[2],
        }
    return None


def diagnostic(finding: Finding, lines: list[str]) -> types.Diagnostic:
    """One finding as a diagnostic in the file whose lines are `lines`."""
    where = token_range(lines, finding.line, finding.column)
    return types.Diagnostic(
        range=where,
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.rule,
        code_description=rule_link(finding.rule),
        source=SOURCE,
        data=_fix(finding, where),
    )

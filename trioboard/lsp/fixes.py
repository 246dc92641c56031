"""Quick fixes: the certain fix a diagnostic carries in its `data` (see `diagnostics`), as one edit."""

from __future__ import annotations

from lsprotocol import types


def quick_fixes(uri: str, context: types.CodeActionContext) -> list[types.CodeAction]:
    """One code action per diagnostic in `context` that carries a fix."""
    actions = []
    for found in context.diagnostics:
        fix = found.data
        if not isinstance(fix, dict) or not {"title", "line", "start", "end", "text"} <= fix.keys():
            continue
        line, start, end = int(fix["line"]), int(fix["start"]), int(fix["end"])
        edit = types.TextEdit(types.Range(types.Position(line, start), types.Position(line, end)), str(fix["text"]))
        actions.append(
            types.CodeAction(
                title=str(fix["title"]),
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[found],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: [edit]}),
            )
        )
    return actions

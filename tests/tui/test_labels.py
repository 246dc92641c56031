"""A line break written inside a `label()` part is removed with the control characters: use NEWLINE."""

from __future__ import annotations

import ast

from helpers import REPO_ROOT


def test_no_label_part_holds_a_line_break() -> None:
    found = []
    for source in sorted((REPO_ROOT / "trioboard" / "tui").glob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "label":
                for arg in node.args:
                    parts = arg.elts if isinstance(arg, ast.Tuple) else [arg]
                    for part in parts:
                        if isinstance(part, ast.Constant) and isinstance(part.value, str) and "\n" in part.value:
                            found.append(f"{source.name}:{part.lineno}")
    assert not found, f"line breaks that label() drops (use NEWLINE): {found}"

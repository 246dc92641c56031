"""The workspace is the only door: the CLI, the TUI and `serve` never import `store` nor run git themselves.

A static check of the source (every import, at any depth), so the boundary
cannot erode one convenient import at a time. The package layering as a
whole (core ← store ← workspace ← front ends; report ← core) is the
import-linter contract in pyproject.toml, which `.ci/run` checks; this test
adds what import-linter does not see: a front end starting git itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO_ROOT

PACKAGE = REPO_ROOT / "trioboard"
FORBIDDEN = ("trioboard.store", "subprocess", "git", "asyncio.subprocess")


def _front_ends() -> list[Path]:
    return [path for front in ("cli", "tui", "serve") for path in sorted((PACKAGE / front).rglob("*.py"))]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, `from a import b` counted as both `a` and `a.b`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolve against the file's package
                package = path.parent.relative_to(REPO_ROOT).as_posix().replace("/", ".").split(".")
                module = ".".join(package[: len(package) - node.level + 1] + ([module] if module else []))
            found.append((node.lineno, module))
            # `from trioboard import store` names the package as an import too.
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def _forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def test_the_front_ends_reach_store_and_git_only_through_the_workspace() -> None:
    offences = [
        f"{path.relative_to(REPO_ROOT)}:{line}: imports {module}"
        for path in _front_ends()
        for line, module in _imports(path)
        if _forbidden(module)
    ]
    assert offences == []


def test_the_check_catches_an_import_of_store(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from trioboard.store.repo import locate\nimport subprocess\nfrom trioboard import store\n"
        "def f():\n    from trioboard.store import sync\n"
    )
    found = [module for _, module in _imports(sample) if _forbidden(module)]
    assert "trioboard.store.repo" in found and "subprocess" in found and "trioboard.store" in found
    assert "trioboard.store.sync" in found

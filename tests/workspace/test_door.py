"""The workspace is the only door: the TUI and the CLI never import `store` nor run git themselves.

A static check of the source (every import, at any depth), so the boundary
cannot erode one convenient import at a time. The one thing they may take
from `history` is its record type, `LogEntry` (data, no I/O).
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO_ROOT

PACKAGE = REPO_ROOT / "trioboard"
FORBIDDEN = ("trioboard.store", "trioboard.history", "subprocess", "git", "asyncio.subprocess")
ALLOWED = {("trioboard.history", "LogEntry")}


def _front_ends() -> list[Path]:
    return [PACKAGE / "cli.py", *sorted((PACKAGE / "tui").rglob("*.py"))]


def _imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, name) of every import in a file; name is "" for `import module`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolve against the file's package
                package = path.parent.relative_to(REPO_ROOT).as_posix().replace("/", ".").split(".")
                module = ".".join(package[: len(package) - node.level + 1] + ([module] if module else []))
            found += [(node.lineno, module, alias.name) for alias in node.names]
            # `from trioboard import store` names the package as an import too.
            found += [(node.lineno, f"{module}.{alias.name}", "") for alias in node.names]
    return found


def _forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def test_the_tui_and_the_cli_reach_store_and_git_only_through_the_workspace() -> None:
    offences = [
        f"{path.relative_to(REPO_ROOT)}:{line}: imports {module}" + (f".{name}" if name else "")
        for path in _front_ends()
        for line, module, name in _imports(path)
        if _forbidden(module) and (module, name) not in ALLOWED and not _allowed_package_name(module, name)
    ]
    assert offences == []


def _allowed_package_name(module: str, name: str) -> bool:
    # The synthetic `module.name` entry of an allowed `from module import name`.
    head, _, last = module.rpartition(".")
    return name == "" and (head, last) in ALLOWED


def test_the_check_catches_an_import_of_store(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from trioboard.store.repo import GitError\nimport subprocess\nfrom trioboard import store\n"
        "def f():\n    from trioboard.history import board_log\n"
    )
    found = [module for _, module, name in _imports(sample) if _forbidden(module) and (module, name) not in ALLOWED]
    assert "trioboard.store.repo" in found and "subprocess" in found and "trioboard.store" in found
    assert "trioboard.history" in found

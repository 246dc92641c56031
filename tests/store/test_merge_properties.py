"""Random pairs of concurrent edits: the semantic merge against plain git's line merge.

Each pair of operations from the edit engine is applied to the demo board on
two sides from the same start. When both orders of applying them give the
same board, the merge must be clean and give that board; otherwise it must
either settle cleanly into a readable board or say which nodes conflict.
The counts beside git's line merge on the same pairs are printed (`-s`).
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from trioboard.core import edits as E
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES
from trioboard.core.schema import build_board
from trioboard.store import yamlio
from trioboard.store.files import parse_source
from trioboard.store.merge import merge_board

from helpers import DEMO
from helpers.edits import Files, apply_op, meaning, random_op


def demo_files() -> Files:
    files = {"board.yaml": (DEMO / "board.yaml").read_bytes()}
    for path in sorted((DEMO / "teams").glob("*.yaml")):
        files[f"teams/{path.name}"] = path.read_bytes()
    return files


def git_line_conflicts(base: Files, ours: Files, theirs: Files, tmp: Path) -> bool:
    """Whether plain git's line merge conflicts on any file both sides changed."""
    for path in set(ours) & set(theirs):
        if ours[path] != base.get(path) and theirs[path] != base.get(path) and ours[path] != theirs[path]:
            for name, data in (("o", ours[path]), ("b", base.get(path, b"")), ("t", theirs[path])):
                (tmp / name).write_bytes(data)
            if subprocess.run(["git", "merge-file", "-p", "o", "b", "t"], cwd=tmp, capture_output=True).returncode:
                return True
    return False


def run_pairs(count: int, seed: int, tmp: Path) -> dict[str, int]:
    rng = random.Random(seed)
    start = demo_files()
    counts = {"pairs": 0, "commute": 0, "semantic_conflicts": 0, "git_conflicts": 0}
    n = 0
    while counts["pairs"] < count:
        n += 1
        op1, op2 = random_op(rng, n), random_op(rng, n + 1000)
        ours, theirs = apply_op(start, op1), apply_op(start, op2)
        if ours is None or theirs is None or ours == start or theirs == start:
            continue
        counts["pairs"] += 1
        merged = merge_board(start, ours, theirs)
        both = apply_op(ours, op2)
        other = apply_op(theirs, op1)
        commute = both is not None and other is not None and meaning(both) == meaning(other)
        counts["git_conflicts"] += git_line_conflicts(start, ours, theirs, tmp)
        counts["semantic_conflicts"] += bool(merged.conflicts)
        if commute:
            counts["commute"] += 1
            assert not merged.conflicts, (op1, op2, merged.conflicts)
            assert both is not None and meaning(merged.files) == meaning(both), (op1, op2)
        elif not merged.conflicts:
            # Settled: every file still reads as it did (the broken draft stays broken, nothing new breaks).
            for path, data in merged.files.items():
                if data is not None and path != "teams/partnerships.yaml":
                    assert not yamlio.parse(data)[1], (op1, op2, path)
        else:
            for conflict in merged.conflicts:
                assert conflict.node and conflict.ours and conflict.theirs
    return counts


def test_random_edit_pairs_merge_as_either_order_would(tmp_path: Path) -> None:
    counts = run_pairs(60, seed=7, tmp=tmp_path)
    print(f"\n{counts}", file=sys.stderr)
    assert counts["semantic_conflicts"] < counts["git_conflicts"]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_many_random_edit_pairs(tmp_path: Path, seed: int) -> None:
    counts = run_pairs(120, seed=seed, tmp=tmp_path)
    print(f"\n{counts}", file=sys.stderr)


@pytest.mark.parametrize("name", ["k8s-keps", "rust-goals-2025h1", "rust-goals-2025h2"])
def test_random_edit_pairs_on_the_real_boards(name: str) -> None:
    from helpers import REAL_BOARDS

    root = REAL_BOARDS / name
    if not root.is_dir():
        pytest.skip("the real boards are not here")
    start = {"board.yaml": (root / "board.yaml").read_bytes()}
    for path in sorted((root / "teams").glob("*.yaml")):
        start[f"teams/{path.name}"] = path.read_bytes()
    order = ["board.yaml", *sorted(p for p in start if p != "board.yaml")]
    board = build_board([parse_source(p, start[p]) for p in order], RULE_NAMES, STRUCTURAL_RULES)
    items, teams = [i.id for i in board.items()], [t.id for t in board.teams]
    rng = random.Random(3)
    checked = 0
    for n in range(16):
        ops = []
        for k in (n, n + 500):
            item, kind = rng.choice(items), rng.randrange(5)
            ops.append(
                [
                    E.SetFields(item, (("title", f"Title {k}"),)),
                    E.SetFields(item, (("owner", f"Owner {k}"),)),
                    E.Move(item, rng.choice(teams)),
                    E.AddItem(f"added-{k}", rng.choice(teams), "Added"),
                    E.Remove(item),
                ][kind]
            )
        ours, theirs = apply_op(start, ops[0]), apply_op(start, ops[1])
        if ours is None or theirs is None:
            continue
        both, other = apply_op(ours, ops[1]), apply_op(theirs, ops[0])
        if both is None or other is None or meaning(both) != meaning(other):
            continue
        merged = merge_board(start, ours, theirs)
        assert not merged.conflicts and meaning(merged.files) == meaning(both), ops
        checked += 1
    assert checked >= 8

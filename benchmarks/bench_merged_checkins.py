"""The check-in series when every check-in arrives by a merge: what crediting the branch's commit costs.

Builds a repository (in $TRIOBOARD_BENCH_DIR or /tmp/trioboard-bench) where
each of N check-ins is made on its own branch and merged with `--no-ff`,
then times `measure_series` cold (`.git/trioboard/` removed) and warm, and
cold again without the credit (each merged check-in credited to its merge,
as before), to show what the per-merge branch walk adds.

    python benchmarks/bench_merged_checkins.py [N]   (default 200)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from trioboard.workspace import measure_history

TEAM = """id: checkout
name: checkout
outcomes:
  - id: conversion
    title: Raise conversion
    goals: [grow]
    measure: {{metric: conversion, baseline: 0, target: 100000, current: {value}, as_of: 2026-06-01}}
roadmap: []
"""


def build(root: Path, count: int) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    shutil.rmtree(root, ignore_errors=True)
    (root / "teams").mkdir(parents=True)
    (root / "board.yaml").write_text("name: Shop\ngoals:\n  - id: grow\n    title: Grow\n")
    (root / "teams" / "checkout.yaml").write_text(TEAM.format(value=0))
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "Create the board")
    for n in range(1, count + 1):
        git("checkout", "-qb", f"check-in-{n}")
        (root / "teams" / "checkout.yaml").write_text(TEAM.format(value=n))
        git("commit", "-qam", f"Check in conversion: {n}")
        git("checkout", "-q", "main")
        git("merge", "-q", "--no-ff", "-m", f"Merge check-in-{n}", f"check-in-{n}")


def cold(root: Path) -> float:
    shutil.rmtree(root / ".git" / "trioboard", ignore_errors=True)
    start = time.perf_counter()
    measure_history.measure_series(root)
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    root = Path(os.environ.get("TRIOBOARD_BENCH_DIR", "/tmp/trioboard-bench")) / f"merged-{count}"
    build(root, count)
    credited = cold(root)
    start = time.perf_counter()
    series = measure_history.measure_series(root)["conversion"]
    warm = time.perf_counter() - start
    measure_history._Walk._credit = lambda self, commit, key, now: commit  # type: ignore[method-assign]
    uncredited = cold(root)
    print(f"{count} check-ins, each merged from its own branch (last credited to {series[-1].subject!r}):")
    print(f"  cold {credited:.2f} s, warm {warm:.3f} s; cold without crediting the branch's commit {uncredited:.2f} s")


if __name__ == "__main__":
    main()

"""`trioboard import csv` of a 5,000-row Jira export into a fresh board, as a whole process (target ≤ 3 s).

Writes a CSV in Jira's "all fields" layout (5,000 stories over 10 teams and
50 epics, a third blocked by an earlier story), then runs, each on a fresh
`init`: `--dry-run` and the real import (one commit). Best and median of N.

    python benchmarks/bench_import.py [-n 3] [--rows 5000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(os.environ.get("TRIOBOARD_BENCH_DIR", "/tmp/trioboard-bench")) / "import"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
HEADER = (
    "Issue key,Issue id,Summary,Issue Type,Status,Project key,Project name,Priority,Assignee,Sprint,Sprint,"
    "Parent summary,Labels,Inward issue link (Blocks),Custom field (Team)"
)
STATUSES = ("To Do", "In Progress", "Done", "In Review", "Won't Do")


def write_csv(path: Path, rows: int) -> None:
    lines = [HEADER]
    for n in range(rows):
        team = f"Team {n % 10}"
        blocked_by = f"PRJ-{n - 7}" if n % 3 == 0 and n >= 7 else ""
        sprint = f"Sprint {n % 6}" if n % 2 else ""
        lines.append(
            f"PRJ-{n},{10000 + n},Story number {n} for {team},Story,{STATUSES[n % len(STATUSES)]},PRJ,Project,"
            f'Medium,Person {n % 40},{sprint},,"Epic {n % 50}",label{n % 7},{blocked_by},{team}'
        )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=3)
    parser.add_argument("--rows", type=int, default=5000)
    opts = parser.parse_args()
    trioboard = str(Path(sys.executable).with_name("trioboard"))
    ROOT.mkdir(parents=True, exist_ok=True)
    export = ROOT / "jira.csv"
    write_csv(export, opts.rows)
    print(f"{opts.rows} rows, {export.stat().st_size / 1e6:.1f} MB")
    for label, extra in (("dry run", ["--dry-run"]), ("import (one commit)", [])):
        times = []
        for _ in range(opts.n):
            board = ROOT / "board"
            shutil.rmtree(board, ignore_errors=True)
            subprocess.run([trioboard, "init", str(board)], env=ENV, check=True, capture_output=True)
            args = [trioboard, "import", "csv", str(export), "--preset", "jira", "--board", str(board), *extra]
            times.append(timed(args, ROOT))
        print(f"{label:22} best {min(times):.2f} s, median {statistics.median(times):.2f} s (target ≤ 3 s)")


if __name__ == "__main__":
    main()

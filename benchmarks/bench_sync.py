"""Sync and merge-file on the L board (SPEC 8 targets: sync ≤ 1.5 s, merge-file ≤ 150 ms).

- sync: a bare origin and two clones of the L board; the other clone pushes
  10 edits (each its own commit, across teams); this clone makes one edit
  and runs `trioboard sync` as a whole process (fetch, replay, push, report).
  Best and median of N rounds.
- merge-file: `trioboard merge-file` on the largest L team file, with an
  edit on each side (one field, one new item), as git would call it.
  In process and as a whole process.

    python benchmarks/bench_sync.py [-n 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from trioboard.core.edits import SetFields
from trioboard.store.merge import merge_text
from trioboard.workspace import Workspace

from synthetic import generate_size

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True, text=True).stdout


def setup(tmp: Path) -> tuple[Path, Path, list[str]]:
    seed = tmp / "seed"
    generate_size(seed, "L")
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "L board")
    git(tmp, "init", "-q", "--bare", "-b", "main", "origin.git")
    git(seed, "push", "-q", str(tmp / "origin.git"), "main")
    git(tmp, "clone", "-q", "origin.git", "mine")
    git(tmp, "clone", "-q", "origin.git", "theirs")
    items = [i.id for i in Workspace(tmp / "mine").board().items()]
    return tmp / "mine", tmp / "theirs", items


def bench_sync(rounds: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp_name:
        mine, theirs, items = setup(Path(tmp_name))
        them, me = Workspace(theirs, "Them <them@example.com>"), Workspace(mine, "Me <me@example.com>")
        for r in range(rounds):
            for n in range(10):
                item = items[(r * 97 + n * 131) % len(items)]
                them.edit(SetFields(item, (("owner", f"Them {r}-{n}"),)))
            them.sync()
            me.edit(SetFields(items[(r * 53 + 7) % len(items)], (("title", f"Mine {r}"),)))
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "trioboard", "sync", "--board", str(mine)], env=ENV, capture_output=True
            )
            times.append(time.perf_counter() - started)
            assert done.returncode == 0, done.stderr
            them.sync()
    return times


def bench_merge_file(rounds: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        generate_size(tmp / "L", "L")
        largest = max((tmp / "L" / "teams").glob("*.yaml"), key=lambda p: p.stat().st_size)
        base = largest.read_text()
        lines = base.split("\n")
        title = next(n for n, line in enumerate(lines) if line.strip().startswith("title:") and n > len(lines) // 2)
        ours_lines = list(lines)
        ours_lines[title] = ours_lines[title] + " (ours)"
        ours = "\n".join(ours_lines)
        theirs = base.rstrip("\n") + "\n  - id: bench-new\n    title: Added on their side\n"
        inproc = []
        for _ in range(rounds):
            started = time.perf_counter()
            result = merge_text(base.encode(), ours.encode(), theirs.encode(), "teams/x.yaml")
            inproc.append(time.perf_counter() - started)
            assert result.clean and result.semantic
        process = []
        for _ in range(rounds):
            for name, text in (("b", base), ("o", ours), ("t", theirs)):
                (tmp / name).write_text(text)
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "trioboard", "merge-file", "b", "o", "t", "teams/x.yaml"], cwd=tmp, env=ENV
            )
            process.append(time.perf_counter() - started)
            assert done.returncode == 0
        print(f"largest L team file: {largest.name}, {largest.stat().st_size} bytes, {len(lines)} lines")
    return inproc, process


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    inproc, process = bench_merge_file(max(args.n, 5))
    print(f"merge-file in process: best {min(inproc) * 1000:.1f} ms, median {statistics.median(inproc) * 1000:.1f} ms")
    print(
        f"merge-file whole process: best {min(process) * 1000:.0f} ms, "
        f"median {statistics.median(process) * 1000:.0f} ms"
    )
    times = bench_sync(args.n)
    print(
        f"sync (1 local edit, 10 remote edits, L board, whole process): best {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s (target 1.5 s)"
    )
    shutil.rmtree(Path(tempfile.gettempdir()) / "unused", ignore_errors=True)


if __name__ == "__main__":
    main()

"""Edit to commit on the L board: in process (as the TUI does it) and as `trioboard edit`.

Builds (once) a git repository with the L board and 1,000 commits of
history, then measures:

- in process: one `Workspace` kept open, N edits that each `set` the
  horizon of one item (file written, commit made, branch moved); median
  and p90 per edit;
- whole process: `trioboard edit set ITEM horizon=…`, best and median of N.

    python benchmarks/bench_edit.py [-n 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from trioboard.core.edits import SetFields
from trioboard.workspace import Workspace

from synthetic import generate_size

ROOT = Path(os.environ.get("TRIOBOARD_BENCH_DIR", "/tmp/trioboard-bench")) / "L-edit"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def build() -> None:
    if (ROOT / ".git").exists():
        return
    generate_size(ROOT, "L")
    run = lambda *a: subprocess.run(["git", *a], cwd=ROOT, env=ENV, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    run("add", "-A")
    run("commit", "-qm", "L board")
    # 999 more commits so the repository has a history of 1,000.
    script = "".join(
        f"commit refs/heads/main\ncommitter Bench <b@x> {1700000000 + n} +0000\ndata 4\nstep\n\n" for n in range(999)
    )
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    script = f"reset refs/heads/main\nfrom {head}\n\n" + script
    subprocess.run(["git", "fast-import", "--quiet"], cwd=ROOT, input=script.encode(), check=True)
    run("reset", "-q", "--hard", "main")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args()
    build()
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(f"repository: {commits.stdout.strip()} commits, L board")
    os.environ.update({k: v for k, v in ENV.items() if k.startswith("GIT_")})
    space = Workspace(ROOT)
    board = space.board()  # the TUI has the board open already
    current = {i.id: i.horizon for i in board.items()}
    horizons = ["now", "next", "later"]

    def other(item: str) -> str:
        value = horizons[(horizons.index(current[item]) + 1) % 3]
        current[item] = value
        return value

    times = []
    for n in range(args.n):
        item = f"t{n % 200}-item-3"
        value = other(item)
        start = time.perf_counter()
        space.edit(SetFields(item, (("horizon", value),)))
        times.append(time.perf_counter() - start)
    times.sort()
    print(
        f"in process, edit to commit: median {statistics.median(times) * 1000:.0f} ms, "
        f"p90 {times[int(len(times) * 0.9)] * 1000:.0f} ms, best {times[0] * 1000:.0f} ms"
    )
    walls = []
    for n in range(max(5, args.n // 3)):
        item = f"t{n % 200}-item-7"
        value = other(item)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "trioboard", "edit", "set", item, f"horizon={value}"],
            cwd=ROOT,
            env=ENV,
            check=True,
            capture_output=True,
        )
        walls.append(time.perf_counter() - start)
    print(f"trioboard edit (whole process): median {statistics.median(walls):.3f} s, best {min(walls):.3f} s")


if __name__ == "__main__":
    main()

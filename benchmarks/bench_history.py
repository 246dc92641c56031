"""`trioboard diff` and `trioboard log` on the L board with a 100-commit history.

Builds (once, cached in $TRIOBOARD_BENCH_DIR or /tmp/trioboard-bench) a git
repository holding the L board, then 100 commits that each change one item
of one team (horizon, status, a link), as a planning week would. Then times,
as whole processes:

- `trioboard diff HEAD~100 HEAD --format json` (two revisions, both from git),
- `trioboard diff --format json` (HEAD against the working tree),
- `trioboard log -n 100` cold (cache removed) and warm.

    python benchmarks/bench_history.py
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate_size

ROOT = Path(os.environ.get("TRIOBOARD_BENCH_DIR", "/tmp/trioboard-bench")) / "L-history"
COMMITS = 100
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, env=GIT_ENV, check=True, capture_output=True)


def build() -> None:
    if (ROOT / ".git").exists():
        return
    shutil.rmtree(ROOT, ignore_errors=True)
    generate_size(ROOT, "L")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "L board")
    rng = random.Random(3)
    for n in range(COMMITS):
        team = ROOT / "teams" / f"team-{rng.randrange(200)}.yaml"
        text = team.read_text()
        horizons = list(re.finditer(r"horizon: (now|next|later)", text))
        match = rng.choice(horizons)
        new = rng.choice([h for h in ("now", "next", "later") if h != match.group(1)])
        text = text[: match.start()] + f"horizon: {new}" + text[match.end() :]
        team.write_text(text)
        git("commit", "-qam", f"Replan step {n}")


def timed(args: list[str], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "trioboard", *args], cwd=ROOT, capture_output=True)
        best = min(best, time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(done.stderr.decode())
    return best


def main() -> None:
    build()
    print(f"diff HEAD~100 HEAD (json):   {timed(['diff', 'HEAD~100', 'HEAD', '--format', 'json']):.3f}s")
    print(f"diff HEAD..WORKTREE (json):  {timed(['diff', '--format', 'json']):.3f}s")
    cold = []
    for _ in range(3):
        shutil.rmtree(ROOT / ".git" / "trioboard", ignore_errors=True)
        cold.append(timed(["log", "-n", "100"], runs=1))
    print(f"log -n 100 cold:             {min(cold):.3f}s")
    print(f"log -n 100 warm:             {timed(['log', '-n', '100']):.3f}s")


if __name__ == "__main__":
    main()

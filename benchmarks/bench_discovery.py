"""Evidence at scale (SPEC 11): `check` and `discovery` on L with 5,000 evidence files and 1,000 opportunities.

Whole processes, best of N, as a user runs them:

- `trioboard check --format json` on L (no evidence: today's figure) and on
  L with 1,000 opportunities (`synthetic.generate_size(..., opportunities=)`)
  and 5,000 evidence files (`synthetic.add_evidence`, with a discovery
  policy); the target is at most 1.5× L's;
- `trioboard discovery --format json` on the latter; the target is at most 2 s.

Run with bytecode writing allowed, so imports are timed as users see them
(`env -u PYTHONDONTWRITEBYTECODE`):

    env -u PYTHONDONTWRITEBYTECODE python benchmarks/bench_discovery.py -n 5
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import add_evidence, generate_size

CACHE = Path(os.environ.get("TRIOBOARD_BENCH_DIR", "/tmp/trioboard-bench"))
TODAY = "2026-07-20"


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process.

    CPU time is printed too: on a machine shared with other work, wall time
    measures the neighbours as much as trioboard.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def best(cmd: list[str], runs: int) -> tuple[float, float, int]:
    results = [timed(cmd) for _ in range(runs)]
    return min(r[0] for r in results), min(r[1] for r in results), max(r[2] for r in results)


def boards() -> tuple[Path, Path]:
    plain, discovery = CACHE / "L", CACHE / "L-discovery"
    if not (plain / "board.yaml").exists():
        generate_size(plain, "L")
    if not (discovery / "board.yaml").exists():
        add_evidence(generate_size(discovery, "L", opportunities=1000), 5000)
    return plain, discovery


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--runs", type=int, default=5)
    args = parser.parse_args()
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set; imports are timed uncached (env -u PYTHONDONTWRITEBYTECODE)")
    plain, discovery = boards()
    trioboard = [sys.executable, "-m", "trioboard"]
    runs = {
        "check L": [*trioboard, "check", "--format", "json", "--today", TODAY, str(plain)],
        "check L + 5,000 evidence + 1,000 opportunities": [
            *trioboard,
            "check",
            "--format",
            "json",
            "--today",
            TODAY,
            str(discovery),
        ],
        "discovery L + 5,000 evidence": [
            *trioboard,
            "discovery",
            "--format",
            "json",
            "--today",
            TODAY,
            "--board",
            str(discovery),
        ],
    }
    print(f"{'run (best of ' + str(args.runs) + ')':<48} {'wall s':>7} {'cpu s':>7} {'rss MB':>7}")
    figures = {}
    for name, cmd in runs.items():
        figures[name] = best(cmd, args.runs)
        wall, cpu, rss = figures[name]
        print(f"{name:<48} {wall:>7.2f} {cpu:>7.2f} {rss:>7}")
    (wall_l, cpu_l, _), (wall_d, cpu_d, _), (wall_disc, _, _) = figures.values()
    print(f"check with evidence / without (target ≤ 1.5): wall {wall_d / wall_l:.2f}, cpu {cpu_d / cpu_l:.2f}")
    print(f"discovery (target ≤ 2 s): {wall_disc:.2f} s wall")


if __name__ == "__main__":
    main()

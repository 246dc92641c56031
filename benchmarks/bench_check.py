"""`trioboard check --format json` end to end, against parsing alone.

For each synthetic size, and each real board found in ../shared, this runs as
separate processes, best of N:

- `trioboard check --format json BOARD` (wall time and peak RSS), and
- a process that only parses every board file with PyYAML's libyaml
  `CSafeLoader` (the floor the issue measures against),

and prints both and their ratio. PyYAML is needed for the comparison only:
`pip install pyyaml`.

    python benchmarks/bench_check.py            # S M L
    python benchmarks/bench_check.py L XL -n 5
    python benchmarks/bench_check.py L --opportunities 1000   # L with 1,000 opportunities (SPEC 11)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import SIZES, generate_size

CACHE = Path(os.environ.get("TRIOBOARD_BENCH_DIR", "/tmp/trioboard-bench"))
REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real-boards"

PARSE_ONLY = """
import sys, glob, yaml
root = sys.argv[1]
for path in [root + '/board.yaml'] + sorted(glob.glob(root + '/teams/*.yaml')):
    with open(path, 'rb') as f:
        yaml.load(f.read(), Loader=yaml.CSafeLoader)
"""


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss // 1024


def best(cmd: list[str], runs: int) -> tuple[float, int]:
    results = [timed(cmd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def board_for(size: str, opportunities: int = 0) -> Path:
    root = CACHE / (f"{size}-opp{opportunities}" if opportunities else size)
    if not (root / "board.yaml").exists():
        generate_size(root, size, opportunities=opportunities)
    return root


def size_of(root: Path) -> str:
    files = [root / "board.yaml", *sorted((root / "teams").glob("*.yaml"))]
    total = sum(f.stat().st_size for f in files)
    return f"{len(files)} files, {total / 1e6:.2f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", default=["S", "M", "L"], choices=[*SIZES, []])
    parser.add_argument("-n", "--runs", type=int, default=5)
    parser.add_argument("--opportunities", type=int, default=0, help="opportunities on each synthetic board")
    parser.add_argument("--no-real", action="store_true", help="leave out the real boards")
    args = parser.parse_args()
    boards = [(size, board_for(size, args.opportunities)) for size in args.sizes]
    if not args.no_real:
        boards += [(p.name, p) for p in sorted(REAL.glob("*")) if (p / "board.yaml").exists()]
    print(f"{'board':<20} {'size':<24} {'check':>8} {'rss':>7} {'parse':>8} {'ratio':>6}")
    for name, root in boards:
        check_s, check_mb = best([sys.executable, "-m", "trioboard", "check", "--format", "json", str(root)], args.runs)
        parse_s, _ = best([sys.executable, "-c", PARSE_ONLY, str(root)], args.runs)
        print(
            f"{name:<20} {size_of(root):<24} {check_s:>7.3f}s {check_mb:>5}MB {parse_s:>7.3f}s "
            f"{check_s / parse_s:>5.2f}x"
        )


if __name__ == "__main__":
    main()

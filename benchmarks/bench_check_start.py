"""How fast `trioboard check` starts and finishes on the demo board: the whole process, as pre-commit runs it.

Runs `python -m trioboard check BOARD` N times as separate processes and
prints the median and best wall time, the median CPU time (user + system:
what the machine's load does not inflate), and the same for `python -c pass`
(the interpreter alone) and for `python -c "import trioboard.cli"` (our
imports before any work). Target (issue 21): ≤ 0.2 s whole process.

As installed from a wheel, Python reads cached bytecode: the runs here may
write it (PYTHONDONTWRITEBYTECODE is dropped for them, so it lands in
__pycache__ beside the sources) and one run warms the cache first. Where
PYTHONDONTWRITEBYTECODE is set and no cache exists, every run compiles
every module again, which costs more than all the rest.

    python benchmarks/bench_check_start.py          # 20 runs
    python benchmarks/bench_check_start.py -n 50
    python benchmarks/bench_check_start.py --tree /tmp/main   # another checkout (git archive main | tar -x)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_FROM_TREE = (
    "import runpy, sys; "
    "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]; "
    "sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'trioboard'; "
    "runpy.run_module('trioboard', run_name='__main__')"
)
"""Runs trioboard from a checkout given by path, past an editable install of another one."""


def _runs(argv: list[str], n: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `n` runs of `argv` (after one run that is not counted)."""
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    walls, cpus = [], []
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def _line(label: str, walls: list[float], cpus: list[float]) -> str:
    return (
        f"{label:<28} wall median {statistics.median(walls):.3f} s  best {min(walls):.3f} s"
        f"   cpu median {statistics.median(cpus):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="runs of each (default 20)")
    parser.add_argument("--tree", type=Path, help="run trioboard from this checkout instead of the installed one")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="trioboard-start-") as tmp:
        board = Path(tmp) / "demo"
        subprocess.run(
            [sys.executable, "-m", "trioboard", "demo", "--into", str(board)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load {os.getloadavg()[0]:.1f}"
        print(f"trioboard check on the demo board ({env_note}), {args.n} runs each")
        print(_line("python -c pass", *_runs([sys.executable, "-c", "pass"], args.n, env)))
        if args.tree is None:
            print(_line("import trioboard.cli", *_runs([sys.executable, "-c", "import trioboard.cli"], args.n, env)))
        if args.tree is None:
            check = [sys.executable, "-m", "trioboard", "check", str(board)]
        else:
            check = [sys.executable, "-c", _FROM_TREE, str(args.tree.absolute()), "check", str(board)]
        print(_line("trioboard check (demo)", *_runs(check, args.n, env)))


if __name__ == "__main__":
    main()

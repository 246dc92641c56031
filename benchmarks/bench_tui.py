"""The TUI in a real pseudo-terminal: first paint, key press → repaint, peak memory.

Runs `python -m trioboard BOARD` in a pty of 120×40 (TERM=xterm-256color),
as a terminal would, and reads what it draws:

- first paint: from spawning the process until the screen shows the board
  (the top bar's "coverage", written once the board is loaded and drawn);
- key → repaint: the time from writing a Down arrow to the first bytes of
  the repaint, median and p90 over N presses on the strategy tree, waiting
  for the screen to settle between presses;
- peak RSS: the process's VmHWM at the end.

The CPU time used until the first paint is printed too: on a machine busy
with other work the wall-clock figures grow, the CPU time much less.

Pilot's `press` is not used: its own polling dominates such timings.

With --cold the board's kept models (.git/trioboard/models-*.pickle) are
removed first: the first open of a board, or the first after an upgrade,
when every file is parsed (by two processes on a large board).

    python benchmarks/bench_tui.py [L|S|DEMO] [-n 60] [--cold]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate_size

CACHE = Path(os.environ.get("TRIOBOARD_BENCH_DIR", "/tmp/trioboard-bench"))
DEMO = Path(__file__).resolve().parent.parent / "trioboard" / "data" / "demo"


def board(name: str) -> Path:
    root = CACHE / f"tui-{name}"
    if not (root / ".git").exists():
        shutil.rmtree(root, ignore_errors=True)
        if name == "DEMO":
            shutil.copytree(DEMO, root)
        else:
            generate_size(root, name)
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "B",
            "GIT_AUTHOR_EMAIL": "b@x",
            "GIT_COMMITTER_NAME": "B",
            "GIT_COMMITTER_EMAIL": "b@x",
        }
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "board"]):
            subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return root


def read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit(f"timed out waiting for {needle!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            seen += os.read(fd, 1 << 16)
    return seen


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drain(fd: int, quiet: float) -> None:
    while select.select([fd], [], [], quiet)[0]:
        os.read(fd, 1 << 16)


def key_repaints(fd: int, presses: int) -> list[float]:
    """Seconds from each Down (or Up, ten of each in turn) to the first bytes of its repaint, settled between."""
    times = []
    for n in range(presses):
        key = b"\x1b[B" if (n // 10) % 2 == 0 else b"\x1b[A"
        sent = time.perf_counter()
        os.write(fd, key)
        select.select([fd], [], [], 2.0)
        times.append(time.perf_counter() - sent)
        drain(fd, 0.08)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", nargs="?", default="L")
    parser.add_argument("-n", type=int, default=60)
    parser.add_argument("--cold", action="store_true", help="open without the models kept from the last open")
    args = parser.parse_args()
    root = board(args.size)
    if args.cold:
        for kept in (root / ".git" / "trioboard").glob("models-*.pickle"):
            kept.unlink()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(sys.executable, [sys.executable, "-m", "trioboard", str(root)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    read_until(fd, b"coverage", timeout=30)
    first_paint = time.perf_counter() - start
    first_paint_cpu = cpu_seconds(pid)
    drain(fd, 0.5)
    times = key_repaints(fd, args.n)
    with open(f"/proc/{pid}/status") as status:
        peak = next(line for line in status if line.startswith("VmHWM")).split()[1]
    os.write(fd, b"\x11")  # ctrl+q
    os.waitpid(pid, 0)
    times.sort()
    print(f"board {args.size}: {root}{' (cold: no kept models)' if args.cold else ''}")
    print(f"first paint: {first_paint:.3f} s ({first_paint_cpu:.2f} s of CPU time)")
    print(
        f"key -> repaint: median {statistics.median(times) * 1000:.1f} ms, "
        f"p90 {times[int(len(times) * 0.9)] * 1000:.1f} ms over {len(times)} presses"
    )
    print(f"peak RSS: {int(peak) / 1024:.0f} MB")


if __name__ == "__main__":
    main()

"""The TUI's Impact view on L with 400 measured outcomes and 2,000 check-in commits, in a real pseudo-terminal.

The board is `bench_impact`'s (built once, cached in $TRIOBOARD_BENCH_DIR or
/tmp/trioboard-bench). Runs `python -m trioboard BOARD` in a pty of 120×40
(or --size 80x24), as bench_tui.py does, waits for the board's first paint,
then presses `6` and reads what the terminal is sent:

- Impact's first paint: from writing `6` until the screen shows the view's
  rows (the `MEASURED` heading): every measure with its bar, state and
  confidence, drawn from the board in memory (target 0.8 s);
- check-ins shown: from writing `6` until the sparklines are drawn (a count
  of check-ins on screen), read from git in a worker meanwhile;
- key → repaint in the view: a Down arrow to the first bytes of the
  repaint, median over N presses.

With --cold the measure cache (.git/trioboard/measure-cache.json) is
removed first: every version of every file with a measure is read from git.

    env -u PYTHONDONTWRITEBYTECODE python benchmarks/bench_impact_view.py [--cold] [--size 80x24] [-n 20]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_impact import ROOT, build
from bench_tui import cpu_seconds, drain, key_repaints, read_until

_COUNT = re.compile(rb"\d check-in")
"""A count of check-ins (a row's, or the line above the list's): they were read and drawn.

Until then the rows and that line say `reading check-ins`, with no digit before it.
"""


def read_until_match(fd: int, pattern: re.Pattern[bytes], timeout: float) -> None:
    seen = b""
    deadline = time.monotonic() + timeout
    while not pattern.search(seen):
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit(f"timed out waiting for {pattern.pattern!r}")
        if select.select([fd], [], [], left)[0]:
            seen += os.read(fd, 1 << 16)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", action="store_true", help="remove the measure cache first")
    parser.add_argument("--size", default="120x40", help="COLUMNSxROWS (default 120x40)")
    parser.add_argument("-n", type=int, default=20, help="Down presses timed in the view")
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.split("x"))
    build()
    if args.cold:
        (ROOT / ".git" / "trioboard" / "measure-cache.json").unlink(missing_ok=True)
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(sys.executable, [sys.executable, "-m", "trioboard", str(ROOT)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    start = time.perf_counter()
    read_until(fd, b"cov", timeout=300)  # the top bar's coverage: "coverage" at 120 columns, "cov" at 80
    board_paint = time.perf_counter() - start
    drain(fd, 1.0)  # the hidden views mount just after the first frame
    cpu_before = cpu_seconds(pid)
    pressed = time.perf_counter()
    os.write(fd, b"6")
    read_until(fd, b"MEASURED", timeout=60)
    impact_paint = time.perf_counter() - pressed
    impact_cpu = cpu_seconds(pid) - cpu_before
    read_until_match(fd, _COUNT, timeout=120)
    series_shown = time.perf_counter() - pressed
    drain(fd, 0.5)
    times = key_repaints(fd, args.n)
    os.write(fd, b"\x11")  # ctrl+q
    os.waitpid(pid, 0)
    print(f"board: {ROOT} at {columns}×{rows}{' (cold: no measure cache)' if args.cold else ''}")
    print(f"board's first paint: {board_paint:.3f} s")
    print(f"Impact's first paint after 6: {impact_paint:.3f} s ({impact_cpu:.2f} s of CPU time)   (target 0.8 s)")
    print(f"check-ins drawn after 6: {series_shown:.3f} s")
    print(f"key -> repaint in Impact: median {statistics.median(times) * 1000:.1f} ms over {len(times)} presses")


if __name__ == "__main__":
    main()

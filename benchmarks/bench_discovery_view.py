"""The Discovery view (7) on L with 1,000 opportunities and 5,000 evidence files: its first paint.

Runs `python -m trioboard BOARD` in a pty of 120×40 (TERM=xterm-256color),
as bench_tui.py does, waits for the board (the top bar's "coverage") and for
the screen to settle, then presses `7` and times until the view is drawn:
the cadence line ("touchpoints a week") and the first team's Touchpoints
line ("Touchpoints (") have both arrived. Each of the `-n` runs is a new
process (the view's first paint happens once per process); median and
worst printed, with the CPU time the process used meanwhile.

    python benchmarks/bench_discovery_view.py [-n 3] [--opportunities 1000] [--evidence 5000]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_tui import cpu_seconds, read_until

from synthetic import add_evidence, generate_size

CACHE = Path(os.environ.get("TRIOBOARD_BENCH_DIR", "/tmp/trioboard-bench"))


def board(opportunities: int, evidence: int) -> Path:
    """The L board with opportunities and evidence, committed (made once, then reused)."""
    root = CACHE / f"tui-L-disc-{opportunities}-{evidence}"
    if not (root / ".git").exists():
        shutil.rmtree(root, ignore_errors=True)
        generate_size(root, "L", opportunities=opportunities)
        add_evidence(root, evidence)
        env = {**os.environ, "GIT_AUTHOR_NAME": "B", "GIT_AUTHOR_EMAIL": "b@x"}
        env |= {"GIT_COMMITTER_NAME": "B", "GIT_COMMITTER_EMAIL": "b@x"}
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "board"]):
            subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return root


def wait_for_all(fd: int, needles: tuple[bytes, ...], timeout: float) -> None:
    """Read until every needle has been drawn."""
    seen = b""
    deadline = time.monotonic() + timeout
    while not all(n in seen for n in needles):
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit(f"timed out waiting for {needles!r}")
        if select.select([fd], [], [], left)[0]:
            seen += os.read(fd, 1 << 16)


def settle(fd: int, quiet: float, cap: float = 20.0) -> None:
    """Read what is drawn until nothing comes for `quiet` seconds, or `cap` seconds have passed."""
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline and select.select([fd], [], [], quiet)[0]:
        os.read(fd, 1 << 16)


def one_run(root: Path) -> tuple[float, float, float]:
    """Open the board, press 7 once: (board's first paint, 7 → view drawn, CPU seconds over the latter)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(sys.executable, [sys.executable, "-m", "trioboard", str(root)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    read_until(fd, b"coverage", timeout=60)
    board_paint = time.perf_counter() - started
    settle(fd, 1.5)  # the hidden views mount, the models are kept: let it settle
    cpu_before = cpu_seconds(pid)
    sent = time.perf_counter()
    os.write(fd, b"7")
    wait_for_all(fd, (b"customer", b"Touchpoints"), timeout=30)
    view = time.perf_counter() - sent
    cpu = cpu_seconds(pid) - cpu_before
    os.write(fd, b"\x11")  # ctrl+q
    quit_or_kill(pid, fd)
    return board_paint, view, cpu


def quit_or_kill(pid: int, fd: int, grace: float = 15.0) -> None:
    """Wait for the app to quit (reading what it draws meanwhile); after `grace` seconds, kill it and say so."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        try:
            settle(fd, 0.2, cap=0.5)
        except OSError:
            time.sleep(0.05)  # the pty closed: the app is on its way out
    print(f"the app (pid {pid}) did not quit within {grace:.0f} s of ctrl+q: killed", file=sys.stderr)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=3, help="runs, each a new process")
    parser.add_argument("--opportunities", type=int, default=1000)
    parser.add_argument("--evidence", type=int, default=5000)
    args = parser.parse_args()
    root = board(args.opportunities, args.evidence)
    runs = [one_run(root) for _ in range(args.n)]
    views = [view for _, view, _ in runs]
    print(f"board L with {args.opportunities} opportunities and {args.evidence} evidence files: {root}")
    print(f"board first paint: median {statistics.median(b for b, _, _ in runs):.3f} s")
    print(
        f"7 -> Discovery view drawn: median {statistics.median(views):.3f} s, worst {max(views):.3f} s "
        f"over {len(views)} runs (CPU time: median {statistics.median(c for _, _, c in runs):.3f} s)"
    )


if __name__ == "__main__":
    main()

"""`trioboard serve` in a real browser: link → board on screen, and memory per visitor.

Runs `python -m trioboard serve BOARD --port 0` and drives Debian's chromium
(headless, through Playwright) as a visitor would:

- link → board: from `page.goto(link)` until xterm.js's buffer shows the top
  bar's "coverage" (the board drawn, with the who-is-planning dialog over
  it), over N visits, each in a fresh browser context (a new visitor: a new
  app process); median and best;
- memory per visitor: with V visitors on the board at once, each app
  process's RSS and PSS (shared pages split between the processes that map
  them), and the server's own RSS.

    python benchmarks/bench_serve.py [DEMO|L] [-n 5] [--visitors 3]
"""

from __future__ import annotations

import argparse
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
from bench_tui import board
from playwright.sync_api import Browser, sync_playwright
from test_serve_browser import CATCH_TERMINAL, CHROMIUM_ARGS, chromium

from serve_helpers import children


def kb(pid: int, field: str, source: str = "status") -> int:
    """A field of /proc/PID/status (or smaps_rollup), in kB."""
    text = Path(f"/proc/{pid}/{source}").read_text()
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def visit(browser: Browser, link: str) -> tuple[float, object]:
    """Open the link in a new context; seconds until the board is on screen, and the context."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.add_init_script(CATCH_TERMINAL)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(link)
    page.wait_for_function("window.__screen().includes('coverage')", timeout=60_000, polling=10)
    return time.perf_counter() - start, context


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", nargs="?", default="DEMO")
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--visitors", type=int, default=3)
    args = parser.parse_args()
    root = board(args.size)
    server = subprocess.Popen(
        [sys.executable, "-m", "trioboard", "serve", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    found = re.search(r"http://\S+", server.stdout.readline())
    assert found, "the server printed no link"
    link = found.group(0)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            times = []
            for _ in range(args.n):
                seconds, context = visit(browser, link)
                times.append(seconds)
                context.close()  # type: ignore[attr-defined]
                while children(server.pid):
                    time.sleep(0.05)
            contexts = [visit(browser, link)[1] for _ in range(args.visitors)]
            apps = sorted(children(server.pid))
            rss = [kb(pid, "VmRSS") / 1024 for pid in apps]
            pss = [kb(pid, "Pss", "smaps_rollup") / 1024 for pid in apps]
            server_rss = kb(server.pid, "VmRSS") / 1024
            for context in contexts:
                context.close()  # type: ignore[attr-defined]
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    print(f"board {args.size}: {root}")
    print(
        f"link -> board on screen: median {statistics.median(times):.2f} s, best {min(times):.2f} s "
        f"over {len(times)} visits ({', '.join(f'{t:.2f}' for t in times)})"
    )
    print(
        f"memory per visitor ({len(apps)} at once): RSS {statistics.mean(rss):.0f} MB "
        f"(max {max(rss):.0f}), PSS {statistics.mean(pss):.0f} MB; the server itself: RSS {server_rss:.0f} MB"
    )


if __name__ == "__main__":
    main()

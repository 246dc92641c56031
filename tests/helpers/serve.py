"""Run `trioboard serve` for real in a subprocess, and look at what it started."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType


def children(pid: int) -> set[int]:
    """The live (not zombie) child processes of `pid`, from /proc."""
    out = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[1]) == pid:
            out.add(int(entry))
    return out


def wait_for(condition: Callable[[], object], seconds: float, what: str, step: float = 0.05) -> None:
    """Poll `condition()` until true, or fail saying `what` did not happen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"{what} within {seconds} s")


class Served:
    """`trioboard serve BOARD --port 0 ARGS…` running; `link`, `base`, `token`, `log()`, `stop()`."""

    def __init__(self, board: Path, *args: str, log_dir: Path) -> None:
        self.board = board
        self._log_path = log_dir / f"serve-{time.monotonic_ns()}.log"
        with self._log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "trioboard", "serve", str(board), "--port", "0", *args],
                stdout=subprocess.PIPE,
                stderr=log,
                stdin=subprocess.DEVNULL,
                text=True,
            )
        assert self.process.stdout is not None
        self.first_line = self.process.stdout.readline()
        match = re.search(r"(http://[^/\s]+)/\?token=([A-Za-z0-9._~-]+)", self.first_line)
        assert match, f"no link in {self.first_line!r}; stderr: {self.log()}"
        self.base, self.token = match.group(1), match.group(2)
        self.link = f"{self.base}/?token={self.token}"

    def apps(self) -> set[int]:
        """The app processes the server is running now."""
        return children(self.process.pid)

    def log(self) -> str:
        """Everything the server wrote to stderr so far."""
        return self._log_path.read_text()

    def stop(self, sig: int = signal.SIGINT, timeout: float = 20.0) -> int:
        """Signal the server and wait for it to exit; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        # The apps run in sessions of their own: a server killed here would leave them behind.
        apps = self.apps()
        try:
            self.stop()
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pid in apps:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

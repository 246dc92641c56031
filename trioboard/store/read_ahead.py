"""A share of a large board's files parsed in a second process while this one starts up.

The first open of a large board (nothing kept in the model cache yet: a new
clone, a new version of trioboard) spends most of its time parsing YAML on
one core, while the TUI's imports wait their turn. A forked child parses a
share of the files meanwhile and hands their models back through a pipe,
pickled as the model cache keeps them.

Only ever a shortcut: when the child fails in any way, or the machine has
one core, or there is no `fork`, the files are parsed here as before.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Parsed = tuple[tuple[int, ...], object]
"""A file's stat when parsed, and its model (as the model cache keeps them)."""

CHILD_SHARE = 0.6
"""Of the files, the share the child parses: this process has the imports to do meanwhile."""


@dataclass(frozen=True, slots=True)
class ReadAhead:
    """A child process parsing `paths`."""

    pid: int
    pipe: int
    paths: frozenset[str]


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def start(paths: Sequence[str], parse: Callable[[str], Parsed]) -> ReadAhead | None:
    """Fork a child that parses a share of `paths`; None when that would not help or cannot be done.

    Call it before starting any thread: a forked child gets only the thread
    that forked, and a lock another thread held stays held in it.
    """
    if not hasattr(os, "fork") or cores() < 2 or len(paths) < 2:
        return None
    share = list(paths[: max(1, int(len(paths) * CHILD_SHARE))])
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # pragma: no cover - the child; its work is checked through what the parent collects
        status = 1
        try:
            os.close(read_end)
            gc.disable()
            data = memoryview(pickle.dumps({path: parse(path) for path in share}, pickle.HIGHEST_PROTOCOL))
            while data:
                data = data[os.write(write_end, data) :]
            status = 0
        finally:
            # Never back into the caller's code: no atexit, no buffers of the parent flushed twice.
            os._exit(status)
    os.close(write_end)
    return ReadAhead(pid, read_end, frozenset(share))


def collect(ahead: ReadAhead) -> dict[str, Parsed]:
    """What the child parsed, once it is done; empty if it failed."""
    try:
        with os.fdopen(ahead.pipe, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(ahead.pid, 0)
        if status != 0:
            return {}
        models = pickle.loads(data)  # our own child's output, through our own pipe
    except Exception:  # noqa: BLE001 - only a shortcut: the caller parses what is missing
        return {}
    return models if isinstance(models, dict) else {}

"""git's lock on the branch (`.git/refs/heads/<branch>.lock`): whose it is, and when it may be cleared.

`git update-ref` takes the branch's lock file, writes the new commit into it
and renames it over the ref. A process killed inside that step leaves the
lock behind, and every later `update-ref` (and so every edit and sync)
fails until it is gone. The journal records, before the branch moves, the
lock trioboard is about to take and the process taking it (`Holder`);
recovery clears a lock only when it can prove it is trioboard's own:

- the journal names that very lock (recomputed from the journal's ref, never
  taken from the journal as a path),
- it holds what trioboard's `update-ref` writes (the journal's new commit),
  or nothing yet and was made after the journal's last save,
- and the process that took it is gone (its pid no longer runs the program
  that started at the recorded time).

Any other lock is never touched: `store.git.refs.ref_lock_message` names it,
who may hold it and when it is safe to remove.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from trioboard.store.safe_io import read_plain


@dataclass(frozen=True, slots=True)
class Holder:
    """A process, told apart from a later one that got the same pid (by its start time, where the system says)."""

    pid: int
    started: str | None

    @classmethod
    def me(cls) -> Holder:
        """This process."""
        return cls(os.getpid(), _start_time(os.getpid()))

    def alive(self) -> bool:
        """Whether this very process still runs."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # someone else's process: it exists
        return self.started is None or _start_time(self.pid) == self.started


def _start_time(pid: int) -> str | None:
    """When `pid` started, in clock ticks since boot (Linux `/proc`); None where that cannot be read."""
    data = read_plain(Path(f"/proc/{pid}/stat"))
    if data is None:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    fields = data.rpartition(b")")[2].split()
    return fields[19].decode() if len(fields) > 19 else None


def provably_ours(lock: Path, new: str, holder: Holder | None, since: float) -> bool:
    """Whether `lock` is the one a killed trioboard left while moving its branch to `new`.

    `since`: when the journal was last saved (an empty lock must be newer).
    """
    if holder is None or holder.alive():
        return False
    try:
        info = os.lstat(lock)
    except FileNotFoundError:
        return False
    content = read_plain(lock)
    if content == f"{new}\n".encode():
        return True
    return content == b"" and info.st_mtime >= since

"""git's own line merge, the answer for anything that is not a readable board file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from trioboard.core.results import MergeResult
from trioboard.core.vocabulary import MergeSide
from trioboard.store.git.runner import Git
from trioboard.store.merge.conflicts import MARKER, SIDES

_LABELS = (MergeSide.OURS.value, "base", MergeSide.THEIRS.value)


def line_merge(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    labels: tuple[str, str, str] = _LABELS,
    prefer: str | None = None,
    marker: int = MARKER,
) -> MergeResult:
    """git's own line merge (`git merge-file`), the answer for anything not a readable board file."""
    with tempfile.TemporaryDirectory(prefix="trioboard-merge-") as tmp:
        names = []
        for name, data in ((MergeSide.OURS.value, ours), ("base", base), (MergeSide.THEIRS.value, theirs)):
            file = Path(tmp) / name
            file.write_bytes(data)
            names.append(str(file))
        args = ["merge-file", "-p", f"--marker-size={marker}", "-L", labels[0], "-L", labels[1], "-L", labels[2]]
        if prefer in SIDES:
            args.append(f"--{prefer}")
        # merge-file needs no repository: the runner is bound to the temporary
        # directory, which is none, so git runs without one (and without the
        # caller's GIT_* variables or hooks). Its exit code counts the
        # conflicts, so the runner's raising `run` is not the call for it.
        scratch = Path(tmp)
        with Git(git_dir=scratch, top=scratch).popen(*args, *names) as git:
            stdout, _ = git.communicate()
    if git.returncode < 0 or git.returncode > 127:
        # git itself failed (not a count of conflicts): keep ours, mark it conflicted.
        return MergeResult(ours, semantic=False, line_conflicts=1)
    return MergeResult(stdout, semantic=False, line_conflicts=git.returncode)

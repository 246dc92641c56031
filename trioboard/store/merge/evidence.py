"""Evidence files added on both sides under one name: both touchpoints are kept, never merged into one.

`evidence add` names a file by date, team and customer, so two people who
record a touchpoint with the same customer on the same day on their own
clones write the same path with different text. A line merge of the two
would be a file full of conflict markers; choosing one would lose the other.
Each is a record of what was heard, so both are kept: the published side's
(already on the remote, and on other clones) stays where it is, and the
other side's moves to the next free numbered name (`…-buyer-7-2.md`), as
`evidence add` itself numbers a name that is taken.
"""

from __future__ import annotations

from trioboard.core.evidence_draft import free_name
from trioboard.core.vocabulary import EVIDENCE_SUFFIX, MergeSide, is_evidence_file

Files = dict[str, bytes]


def keep_both(base: Files, ours: Files, theirs: Files, published: str) -> tuple[Files, Files, list[tuple[str, str]]]:
    """Both sides, the unpublished side's twin of each evidence file added on both sides under a new name.

    Returns (ours, theirs, [(path, new path)]): the renamed files, in path order.
    """
    twins = sorted(
        path
        for path in set(ours) & set(theirs)
        if is_evidence_file(path) and path not in base and ours[path] != theirs[path]
    )
    if not twins:
        return ours, theirs, []
    moving = dict(theirs if published == MergeSide.OURS.value else ours)
    renamed: list[tuple[str, str]] = []
    for path in twins:
        new = free_name(
            path.removesuffix(EVIDENCE_SUFFIX),
            lambda name: name in base or name in ours or name in theirs or name in moving,
        )
        moving[new] = moving.pop(path)
        renamed.append((path, new))
    return (ours, moving, renamed) if published == MergeSide.OURS.value else (moving, theirs, renamed)

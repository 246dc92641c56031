"""Evidence files a change added or removed (SPEC 11), as `diff` and `log` report them.

An evidence file is named by its path (it has no id); the change says the
team, the date and what it supports and challenges, and its `title` says
it in words, so every renderer of `added`/`removed` shows it as it is.
"""

from __future__ import annotations

from trioboard.core.changes import Change, ChangedKind, ChangeKind
from trioboard.core.model import Board, Evidence


def evidence_changes(before: Board, after: Board) -> list[Change]:
    """The evidence files in `after` and not in `before` (added), and the other way round (removed)."""
    if before.evidence is after.evidence or (not before.evidence and not after.evidence):
        return []
    old = {e.path: e for e in before.evidence}
    new = {e.path: e for e in after.evidence}
    added = [_change(ChangeKind.ADDED, new[path]) for path in new if path not in old]
    removed = [_change(ChangeKind.REMOVED, old[path]) for path in old if path not in new]
    return added + removed


def _change(change: ChangeKind, evidence: Evidence) -> Change:
    supports = [ref.id for ref in evidence.supports]
    challenges = [ref.id for ref in evidence.challenges]
    return Change(
        change,
        ChangedKind.EVIDENCE,
        evidence.path,
        (
            ("title", title(evidence)),
            ("team", evidence.team),
            ("date", evidence.date.isoformat() if evidence.date else None),
            ("supports", supports),
            ("challenges", challenges),
        ),
    )


def title(evidence: Evidence) -> str:
    """`interview with buyer-7 for checkout on 2026-07-08, supports card-reentry`."""
    what = (evidence.kind or "touchpoint").replace("-", " ")
    words = [what]
    if evidence.customer:
        words.append(f"with {evidence.customer}")
    if evidence.team:
        words.append(f"for {evidence.team}")
    if evidence.date:
        words.append(f"on {evidence.date.isoformat()}")
    text = " ".join(words)
    if evidence.supports:
        text += ", supports " + ", ".join(ref.id for ref in evidence.supports)
    if evidence.challenges:
        text += ", challenges " + ", ".join(ref.id for ref in evidence.challenges)
    return text


def kind_noun(kind: str) -> str:
    """A change's kind as a counted noun: `evidence file` for evidence (never "evidences"), else the kind."""
    return "evidence file" if kind == ChangedKind.EVIDENCE else kind

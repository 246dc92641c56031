"""A new evidence file (`trioboard evidence add`, the TUI's `E`): checked against the board, named, written out.

Pure: the workspace reads the board, asks `refusal` whether the draft fits,
picks a free name with `file_name`, and commits `render`'s text. The text is
read back by the same reader `check` uses before anything is written (the
workspace does that), so a draft never becomes a file with findings of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from trioboard.core.analysis import Analysis
from trioboard.core.model import Kind
from trioboard.core.personal_data import spot
from trioboard.core.text import a_or_an, id_from_title, line_text_problem
from trioboard.core.vocabulary import EVIDENCE_DIR, EVIDENCE_SUFFIX, MAX_EVIDENCE_BODY, EvidenceKind

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._-]*(?: [A-Za-z0-9._-]+)*")
"""Text written unquoted: a YAML plain scalar that can only read as this text."""
_RESERVED = frozenset(("true", "false", "null", "yes", "no", "on", "off", "y", "n"))
"""Words some YAML readers take for true, false or nothing (YAML 1.1's): quoted, whatever the case."""
SUPPORTABLE = (Kind.OPPORTUNITY, Kind.ITEM)
"""What a touchpoint may support or challenge."""


@dataclass(frozen=True, slots=True)
class EvidenceDraft:
    """What a new evidence file says: its front matter and its body."""

    team: str
    kind: str
    customer: str
    date: dt.date
    with_: tuple[str, ...] = ()
    segment: str | None = None
    supports: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    body: str = ""


def refusal(draft: EvidenceDraft, analysis: Analysis) -> str | None:
    """Why the draft does not fit the board (`analysis.index` of it), or None when it does.

    A customer is a pseudonym: an email address or a phone number is refused,
    and so is either anywhere in the body (without repeating it).
    """
    team = analysis.index.get(draft.team)
    if team is None or team.kind is not Kind.TEAM:
        return f"no team '{draft.team}' on this board"
    if draft.kind not in {k.value for k in EvidenceKind}:
        return f"kind '{draft.kind}' is not one of: {', '.join(k.value for k in EvidenceKind)}"
    for field, value in (("customer", draft.customer), ("segment", draft.segment), *(("with", w) for w in draft.with_)):
        if value is None:
            continue
        why = line_text_problem(value) if value.strip() else "is empty"
        if why:
            return f"--{field} {why}"
    if any(spot(draft.customer)) or "@" in draft.customer:
        return "the customer looks like an email address or a phone number; write a pseudonym (buyer-7)"
    for field, ids in (("supports", draft.supports), ("challenges", draft.challenges)):
        for node_id in ids:
            node = analysis.index.get(node_id)
            if node is None:
                return f"--{field} {node_id}: no such opportunity or item on this board"
            if node.kind not in SUPPORTABLE:
                return f"--{field} {node_id} is {a_or_an(node.kind.value)}; evidence speaks for opportunities or items"
    if len(draft.body) > MAX_EVIDENCE_BODY:
        return (
            f"the body is {len(draft.body):,} characters long; an evidence file's body holds at most "
            f"{MAX_EVIDENCE_BODY:,}"
        )
    found = next(spot(draft.body), None)
    if found is not None:
        return (
            f"the body holds {found.what} (its line {found.line}); customers stay pseudonymous in git: "
            "remove it or write a pseudonym"
        )
    return None


def file_name(draft: EvidenceDraft, taken: Callable[[str], bool]) -> str:
    """`evidence/<date>-<team>-<customer>.md`, with `-2`, `-3`… when `taken` says a name is (never overwriting)."""
    stem = f"{draft.date.isoformat()}-{draft.team}-{id_from_title(draft.customer)}"
    name, n = f"{EVIDENCE_DIR}/{stem}{EVIDENCE_SUFFIX}", 2
    while taken(name):
        name, n = f"{EVIDENCE_DIR}/{stem}-{n}{EVIDENCE_SUFFIX}", n + 1
    return name


def render(draft: EvidenceDraft) -> str:
    """The file's text: the front matter in SPEC order between `---` lines, then the body."""
    lines = [
        "---",
        f"date: {draft.date.isoformat()}",
        f"team: {draft.team}",
        f"kind: {draft.kind}",
    ]
    if draft.with_:
        lines.append(f"with: [{', '.join(_scalar(name) for name in draft.with_)}]")
    lines.append(f"customer: {_scalar(draft.customer)}")
    if draft.segment is not None:
        lines.append(f"segment: {_scalar(draft.segment)}")
    lines.append(f"supports: [{', '.join(draft.supports)}]")
    lines.append(f"challenges: [{', '.join(draft.challenges)}]")
    lines.append("---")
    body = draft.body if not draft.body or draft.body.endswith("\n") else draft.body + "\n"
    return "\n".join(lines) + "\n" + body


def _scalar(text: str) -> str:
    """One line of text as YAML: plain when it can only read as itself, else double-quoted (as JSON quotes it)."""
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def commit_message(draft: EvidenceDraft) -> str:
    """`Record an interview with buyer-7 (checkout, 2026-07-08)`."""
    kind = draft.kind.replace("-", " ")
    return f"Record {a_or_an(kind)} with {draft.customer} ({draft.team}, {draft.date.isoformat()})"

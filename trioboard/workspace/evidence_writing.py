"""Recording a touchpoint: a new evidence file, written and committed as one edit (SPEC 11).

The same transaction as every edit (`store.edit.transaction`): the edit
lock, recovery, the journal, git's index lock, the branch moved by
compare-and-swap, one commit with trioboard's trailer (so `edit undo`
takes it back). The file is new: a name that is taken in any way gets a
suffix, and nothing is ever overwritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trioboard.core.analysis import analyse
from trioboard.core.errors import Refused
from trioboard.core.evidence import read_evidence_file
from trioboard.core.evidence_draft import EvidenceDraft, commit_message, file_name, refusal, render
from trioboard.core.results import EditResult
from trioboard.core.vocabulary import CommitKind

if TYPE_CHECKING:
    from trioboard.workspace.editing import Workspace


def add_evidence(space: Workspace, draft: EvidenceDraft) -> EditResult:
    """Write `draft` as a new evidence file and commit it; `Refused` (nothing written) when it does not fit."""
    from trioboard.store import evidence_files, tracking
    from trioboard.store.edit import transaction
    from trioboard.store.git import identity as identities

    where = space.repository()
    who = identities.identity(where, space.author, space.committer)
    with transaction.locked(where) as recovered:
        transaction.tip_for_edit(where)
        why = refusal(draft, analyse(space.board()))
        if why:
            raise Refused(why)
        path = file_name(draft, lambda name: evidence_files.name_taken(space.root, name))
        why = tracking.why_not_writable(space.root, [path])
        if why:
            raise Refused(why)
        data = render(draft).encode("utf-8")
        _read_back(path, data, draft)
        message = commit_message(draft)
        sha = transaction.commit(where, message, [transaction.Change(path, None, data)], who, kind=CommitKind.EDIT)
    return EditResult(sha, message, recovered)


def _read_back(path: str, data: bytes, draft: EvidenceDraft) -> None:
    """Read the new file as `check` will: it must hold exactly the draft, with no finding of its own."""
    from trioboard.store.evidence_files import parse_evidence_source

    source = parse_evidence_source(path, data)
    read = read_evidence_file(source)
    problems = read.problems.problems
    evidence = read.evidence
    same = evidence is not None and (
        evidence.team,
        evidence.kind,
        evidence.customer,
        evidence.date,
        tuple(evidence.with_),
        evidence.segment,
        tuple(r.id for r in evidence.supports),
        tuple(r.id for r in evidence.challenges),
    ) == (
        draft.team,
        draft.kind,
        draft.customer,
        draft.date,
        draft.with_,
        draft.segment,
        draft.supports,
        draft.challenges,
    )
    if problems or not same:
        first = problems[0] if problems else None
        detail = f" (line {first.line}: {first.message})" if first else ""
        raise Refused(f"the new evidence file would not read back as written{detail}; nothing was written")


def notes_from_editor(command: str, limit: int) -> bytes:
    """The notes the user writes in their editor (`$VISUAL`/`$EDITOR`), at most `limit` + 1 bytes.

    `Refused` when the editor exits with a failure (nothing is written),
    `OSError` when it cannot be started at all.
    """
    from trioboard.store.external_editor import EditorFailed, EditorMissing, write_in_editor

    try:
        return write_in_editor(command, "notes.md", limit)
    except EditorFailed as exc:
        raise Refused(f"{exc}; nothing was written") from None
    except EditorMissing as exc:
        raise OSError(str(exc)) from None

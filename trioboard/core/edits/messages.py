"""Commit messages of edits: one line saying what happened, and a body when a value is too long.

Every value in a subject is one line (checked before a message is made),
and `one_line` makes the subject a single line again when it is written,
so no board text can add a line or a trailer.
"""

from __future__ import annotations

from collections.abc import Mapping

from trioboard.core.text import plural
from trioboard.core.vocabulary import TrioRole

SUBJECT_LIMIT = 72
"""A subject longer than this (git's habit) says what changed, and the body says to what."""


def _field_words(key: str) -> str:
    """`trio.product` → `product lead`; `blocked` → `reason it is blocked`."""
    if key == "blocked":
        return "reason it is blocked"
    if key == "depends_on":
        return "dependencies"
    if key.startswith("assumptions."):
        _, number, *name = key.split(".")
        return f"{name[0]} of assumption {number}" if name else f"assumption {number}"
    if key.startswith("trio."):
        return TrioRole(key.removeprefix("trio.")).words
    return key


def _body_line(key: str, value: str | None) -> str:
    """How a new value is said in the body: notes start on a line of their own.

    Every line of notes is board text, so `compose_message` drops any that
    look like trioboard's trailer, and the trailer is a paragraph of its own.
    """
    if key == "notes":
        return f"The new notes:\n{value}"
    return f"The new {_field_words(key)}: {value}"


def _free_text(key: str, value: str | None) -> bool:
    """Whether a new value is board text (said in the body when the subject has no room)."""
    return value is not None and key not in ("horizon", "status")


def _set_message(what: str, key: str, value: str | None, *, with_value: bool) -> str:
    """How one field change reads in a commit subject, with its new value or without.

    Values are one line (checked before this), and `one_line` makes the
    subject a single line again when it is written, so no value can add a
    line or a trailer.
    """
    field = _field_words(key)
    of = f" of {what}" if what else ""
    if key == "blocked":
        if value is None:
            return f"Unblock {what}"
        return f"Block {what}: {value}" if with_value else f"Block {what}"
    if value is None:
        return f"Remove {field}{of}"
    if key in ("horizon", "status"):
        return f"Set {field}{of} to {value}"
    to = f" to {value}" if with_value else ""
    if key in ("title", "name"):
        return f"Retitle {what}{to}" if key == "title" else f"Rename {what}{to}"
    return f"Set {field}{of}{to}"


def _old_line(key: str, old: str | None) -> str | None:
    """The value a change replaced, said in the body where history needs it: the reason an unblock
    cleared, the lead a trio change replaced, the name a rename replaced."""
    if old is None:
        return None
    if key == "blocked":
        return f"The reason cleared: {old}"
    if key.startswith("trio.") or key == "name":
        return f"The old {_field_words(key)}: {old}"
    if key.startswith("assumptions.") and key.count(".") == 1:
        return f"The removed assumption: {old}"
    return None


def set_message(
    what: str, changed: list[tuple[str, str | None]], old: Mapping[str, str | None] | None = None
) -> tuple[str, str]:
    """The subject and body for setting fields of `what` (`item x`) to new values (None: removed).

    `old` holds the values replaced; the body keeps those a later reader needs (see `_old_line`).
    """
    lines = [_body_line(key, value) for key, value in changed if _free_text(key, value)]
    lines += [line for key, _ in changed if (line := _old_line(key, (old or {}).get(key)))]
    body = "\n".join(lines)
    if len(changed) == 1:
        key, value = changed[0]
        short = _set_message(what, key, value, with_value=key != "notes")
        if len(short) <= SUBJECT_LIMIT:
            kept = [line for line in lines if key == "notes" or not line.startswith("The new ")]
            return short, "\n".join(kept)
        return _set_message(what, key, value, with_value=False), body
    phrases = ", ".join(_set_message("", key, value, with_value=False).lower().strip() for key, value in changed)
    return f"Update {what}: {phrases}", body


def link_message(source: str, target: str, *, dependency: bool, unlink: bool) -> str:
    """`Link a to b`, `Make a depend on b`, and their undoing."""
    if dependency:
        return f"Make {source} no longer depend on {target}" if unlink else f"Make {source} depend on {target}"
    return f"Unlink {source} from {target}" if unlink else f"Link {source} to {target}"


def remove_message(what: str, contents: tuple[int, int, int] | None, links: int, sources: list[str]) -> str:
    """`Remove item x`, with a team's outcomes, opportunities (when it has any) and items, and the links that go."""
    message = f"Remove {what}"
    if contents is not None:
        outcomes, opportunities, items = contents
        parts = [plural(outcomes, "outcome")] + ([plural(opportunities, "opportunity")] if opportunities else [])
        message += f" with its {', '.join(parts)} and {plural(items, 'item')}"
    if links:
        message += f" and {plural(links, 'link')} to it from {', '.join(sources)}"
    return message


UNDO, REDO = "Undo: ", "Redo: "


def revert_subject(subject: str) -> str:
    """The subject of a commit that reverts one with `subject`: "Undo: …" or "Redo: …", never nested.

    What a chain of undos and redos does to the original change decides:
    undoing "X" is "Undo: X"; undoing "Undo: X" applies X again, "Redo: X";
    undoing "Redo: X" takes X away again, "Undo: X" (the undo of a redo is
    the undo of the original). Older nested subjects ("Undo: Redo: X") are
    read the same way, prefix by prefix.
    """
    applied = True
    prefixes = []
    while subject.startswith((UNDO, REDO)):
        prefixes.append(subject[: len(UNDO)])
        subject = subject[len(UNDO) :]
    for prefix in reversed(prefixes):
        if prefix == UNDO:
            applied = not applied
    return (REDO if not applied else UNDO) + subject

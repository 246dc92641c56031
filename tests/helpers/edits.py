"""Random operations of the edit engine, applied to board files in memory (no repository, no commit)."""

from __future__ import annotations

import random

from trioboard.core import edits as E
from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES
from trioboard.core.schema import build_board
from trioboard.store import editor, yamlio
from trioboard.store.files import parse_source
from trioboard.store.merge.spans import _plain

Files = dict[str, bytes]
"""A board's files by path relative to the board (`board.yaml`, `teams/x.yaml`)."""


def apply_op(files: Files, op: object) -> Files | None:
    """The files after one operation, as the edit engine writes them; None when it is refused."""
    order = ["board.yaml", *sorted(p for p in files if p != "board.yaml")]
    board = build_board([parse_source(p, files[p]) for p in order], RULE_NAMES, STRUCTURAL_RULES)
    broken: dict[str, str | None] = {
        e.file: files[e.file].decode(errors="replace") if e.file in files else None
        for e in board.problems
        if any(p.rule == "parse-error" for p in e.problems)
    }
    try:
        the_plan = E.plan(op, E.BoardIndex(board, broken))  # type: ignore[arg-type]
        new = editor.apply(the_plan.steps, lambda f: files[f].decode() if f in files else None)
    except E.Refused:
        return None
    out = dict(files)
    for path, text in new.items():
        if text is None:
            out.pop(path, None)
        else:
            out[path] = text.encode()
    return out


def meaning(files: Files | dict[str, bytes | None]) -> dict[str, object]:
    """What the files say, as plain data: equal when two boards mean the same, whatever their layout."""
    return {p: _plain(yamlio.parse(d)[0]) for p, d in files.items() if d is not None}


def random_op(rng: random.Random, n: int) -> object:
    """One operation on the demo board's nodes, drawn from `rng` (`n` makes new ids unique)."""
    items = ["one-click-pay", "saved-carts", "date-picker-redesign", "guest-checkout", "tokenize-cards", "dark-mode"]
    teams = ["checkout", "payments", "growth", "platform"]
    outcomes = ["checkout-conversion", "fewer-abandoned-bookings"]
    item = rng.choice(items)
    kind = rng.randrange(9)
    if kind == 0:
        return E.SetFields(item, (("title", rng.choice(["Alpha", "Beta"])),))
    if kind == 1:
        return E.SetFields(item, (("owner", rng.choice(["Ann", "Bo"])),))
    if kind == 2:
        return E.SetFields(item, (("horizon", rng.choice(["now", "next", "later"])),))
    if kind == 3:
        return E.Link(item, rng.choice(outcomes))
    if kind == 4:
        return E.Unlink(item, rng.choice(outcomes))
    if kind == 5:
        return E.Link(item, rng.choice(items))
    if kind == 6:
        return E.AddItem(f"new-{n}", rng.choice(teams), f"New work {n}", outcomes=(outcomes[0],))
    if kind == 7:
        return E.Move(item, rng.choice(teams))
    return E.Remove(item)

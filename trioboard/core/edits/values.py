"""Typed values of a measure and an impact (SPEC 10), read from the text a person typed.

A form and the command line give text; the board holds YAML numbers and
dates. Each value is read here once, by its key's type in the vocabulary,
and refused with the reason when the schema would flag it, so `edit measure`,
`edit checkin`, `set impact.actual=…` and a typed merge value agree.
"""

from __future__ import annotations

import math
import re
from datetime import date

from trioboard.core.errors import Refused
from trioboard.core.measure_diff import value_of
from trioboard.core.schema_values import calendar_date
from trioboard.core.text import line_text_problem
from trioboard.core.vocabulary import KINDS, SUB_KEYS, Key, ValueType

DOTTED: dict[str, tuple[Key, ...]] = {
    key.name: SUB_KEYS[key.type]
    for spec in KINDS.values()
    for key in spec.keys
    if key.type in (ValueType.MEASURE, ValueType.IMPACT)
}
"""The mappings whose fields `set` reaches with a dotted key (`measure.current`, `impact.actual`)."""

_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
"""A decimal number as a person types it and YAML 1.2 reads it (no `.inf`, no `.nan`)."""

Value = str | int | float | date
"""What a typed value is written as."""


def sub_key(dotted: str) -> Key | None:
    """The vocabulary's key for `measure.current` or `impact.actual`; None for any other name."""
    sub, dot, name = dotted.partition(".")
    for key in DOTTED.get(sub, ()) if dot else ():
        if key.name == name:
            return key
    return None


def number(raw: str, label: str, field: str | None = None) -> int | float:
    """A number as typed (`64.5`, `70`, `-3`): an int when it has no fraction, so `70` stays `70`."""
    text = raw.strip()
    if not _NUMBER.fullmatch(text):
        raise Refused(f"{label} must be a number, not {raw!r}", field)
    value = float(text)
    if not math.isfinite(value):
        raise Refused(f"{label} must be a number, not {raw!r}", field)
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text)
    return value


def confidence(raw: str, label: str = "confidence", field: str | None = None) -> int | float:
    """A confidence: a number from 0 to 1 (`0.6`)."""
    value = number(raw, label, field)
    if not 0 <= value <= 1:
        raise Refused(f"{label} must be from 0 to 1, not {raw.strip()}", field)
    return value


def day(raw: str, label: str, field: str | None = None) -> date:
    """A calendar date written YYYY-MM-DD (a real day: not 2026-02-30)."""
    day = calendar_date(raw.strip())
    if day is None:
        raise Refused(f"{label} must be a date written YYYY-MM-DD, not {raw!r}", field)
    return day


def text(raw: str, label: str, field: str | None = None) -> str:
    """One line of text, not empty."""
    value = raw.strip()
    if not value:
        raise Refused(f"{label} cannot be empty", field)
    why = line_text_problem(value)
    if why:
        raise Refused(f"{label} {why}", field)
    return value


def typed(key: Key, raw: str, field: str | None = None) -> Value:
    """`raw` read as `key`'s type says (a REF is read as text: the caller checks what it names)."""
    label = field or key.name
    if key.type is ValueType.REAL:
        return number(raw, label, field)
    if key.type is ValueType.CONFIDENCE:
        return confidence(raw, label, field)
    if key.type is ValueType.DATE:
        return day(raw, label, field)
    if key.type is ValueType.CHOICE and raw.strip() not in key.choices:
        raise Refused(f"{label} must be one of {', '.join(key.choices)}, not {raw!r}", field)
    return text(raw, label, field)


def scalar_for(node: str, field: str, raw: str) -> Value:
    """A value typed to settle a merge conflict at `node`.`field`, as it is written.

    A measure's or an impact's field (`checkout-conversion.measure`, `current`)
    is read by its type, so a number stays a number; anything else is text.
    """
    _, dot, sub = node.rpartition(".")
    key = sub_key(f"{sub}.{field}") if dot else None
    return raw if key is None else typed(key, raw, f"{sub}.{field}")


def shown(value: object) -> str:
    """A number as a person reads it (`62`, not `62.0`), a date as YYYY-MM-DD, text as it is."""
    return str(value_of(value))


def with_unit(value: object, unit: str | None) -> str:
    """`64.5%`, `12 ms`: a number with its measure's unit after it (a word unit after a space)."""
    if not unit:
        return shown(value)
    space = " " if unit[:1].isalnum() else ""
    return f"{shown(value)}{space}{unit}"

"""What changed in a node's measure or impact (SPEC 10), field by field, for `diff`.

A measure given, changed or removed reads as field changes (`measure.current`
62 → 64.5, `measure.confidence` 0.7 → 0.4), each value as JSON carries it: a
number (62, not 62.0), a date as YYYY-MM-DD, text as written; None where the
field is not set. The check-in that matters to a reviewer, a confidence
that fell by `CONFIDENCE_DROP` or more, is judged here once for every renderer.
`value_of` is how every output says a measure's value (diff, export, commit messages).
"""

from __future__ import annotations

from datetime import date

from trioboard.core.model import Impact, Measure, Node
from trioboard.core.vocabulary import IMPACT_KEYS, MEASURE_KEYS

CONFIDENCE_DROP = 0.2
"""A fall in confidence at least this large is called out to reviewers (SPEC 10)."""
MAPPINGS = (("measure", tuple(k.name for k in MEASURE_KEYS)), ("impact", tuple(k.name for k in IMPACT_KEYS)))
"""The node keys that hold a measure or an impact, with their fields in SPEC order."""


def value_of(value: object) -> object:
    """A field's value as JSON carries it: 62 for 62.0, dates as YYYY-MM-DD, a link as its id, enums as text."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    ref = getattr(value, "id", None)
    if isinstance(ref, str):
        return ref
    if isinstance(value, str):
        return str(value)  # a StrEnum member as its plain text
    return value


def _fields(holder: Measure | Impact | None, names: tuple[str, ...]) -> dict[str, object]:
    if holder is None:
        return {}
    return {name: value_of(getattr(holder, name, None)) for name in names}


def field_changes(prior: Node, node: Node) -> list[tuple[str, object, object]]:
    """(`measure.current`, before, after) for every measure or impact field that differs (None: not set)."""
    out = []
    for key, names in MAPPINGS:
        before = _fields(getattr(prior, key, None), names)
        after = _fields(getattr(node, key, None), names)
        for name in names:
            a, b = before.get(name), after.get(name)
            if a != b:
                out.append((f"{key}.{name}", a, b))
    return out


def source_of(node: Node) -> str | None:
    """Where a node's measure says its number comes from (None: no measure, or no source)."""
    measure = getattr(node, "measure", None)
    return measure.source if isinstance(measure, Measure) else None


def confidence_fell(before: object, after: object) -> bool:
    """Whether a confidence fell by `CONFIDENCE_DROP` or more (a small float error never hides one)."""
    if not isinstance(before, int | float) or not isinstance(after, int | float):
        return False
    return before - after >= CONFIDENCE_DROP - 1e-9

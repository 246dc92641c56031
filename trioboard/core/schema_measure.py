"""Reading the Impact keys (SPEC 10): a goal's or outcome's `measure`, an item's `impact`, `policy.freshness`.

Each key is read by its type in the vocabulary (`MEASURE_KEYS`,
`IMPACT_KEYS`, `FRESHNESS_KEYS`), and whatever does not fit is a `schema`
problem at the value it is about: numbers are YAML numbers (never
true/false, never text), dates are YYYY-MM-DD, a confidence is from 0 to 1,
and a measure's baseline differs from its target.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from trioboard.core.impact import number_text
from trioboard.core.model import Freshness, Impact, Measure, Pos, Ref
from trioboard.core.schema_values import calendar_date, clip, describe_bad_id, real, shown, small_int
from trioboard.core.text import is_id
from trioboard.core.tree import Position, PosMap, Typed
from trioboard.core.vocabulary import FRESHNESS_KEYS, IMPACT_KEYS, MEASURE_KEYS, Direction, Key, ValueType

MEASURE_KEY_NAMES = frozenset(key.name for key in MEASURE_KEYS)
"""The keys a `measure:` may have (besides `x-` keys)."""
IMPACT_KEY_NAMES = frozenset(key.name for key in IMPACT_KEYS)
"""The keys an `impact:` may have (besides `x-` keys)."""
FRESHNESS_KEY_NAMES = frozenset(key.name for key in FRESHNESS_KEYS)
"""The keys `policy.freshness` may have."""


class Reader(Protocol):
    """What these readers need of the file reader of `core.schema`."""

    def problem(self, message: str, pos: Position, ids: tuple[str, ...] = ()) -> None: ...
    def pos(self, at: Position) -> Pos: ...
    def check_keys(self, node: PosMap, allowed: frozenset[str], what: str) -> None: ...
    def mapping(self, value: object, pos: Position, what: str) -> PosMap | None: ...
    def text(self, node: PosMap, key: str, what: str, *, required: bool = False, notes: bool = False) -> str | None: ...
    def choice(self, node: PosMap, key: str, options: tuple[str, ...], default: str, what: str) -> str: ...


Values = dict[str, object]


def _values(reader: Reader, node: PosMap, keys: tuple[Key, ...], what: str) -> Values:
    """Each key of `keys` written in `node`, read by its type; a key missing or unreadable is left out."""
    out: Values = {}
    for key in keys:
        if node.get(key.name) is None:
            if key.required:
                reader.problem(f"{what} has no '{key.name}'", node.key_pos.get(key.name, node.pos))
            continue
        value = _value(reader, node, key, what)
        if value is not None:
            out[key.name] = value
    return out


def _value(reader: Reader, node: PosMap, key: Key, what: str) -> object:
    name = key.name
    raw = node[name]
    at = node.value_pos[name]
    if key.type is ValueType.TEXT:
        return reader.text(node, name, what)
    if key.type is ValueType.CHOICE:
        return reader.choice(node, name, key.choices, key.default or "", what)
    if key.type in (ValueType.REAL, ValueType.CONFIDENCE):
        number = real(raw)
        if number is None:
            reader.problem(f"'{name}' of {what} must be a number, not {_written(raw)}", at)
            return None
        if key.type is ValueType.CONFIDENCE and not 0 <= number <= 1:
            reader.problem(f"'{name}' of {what} is {_written(raw)}; a confidence is from 0 to 1", at)
            return None
        return number
    if key.type is ValueType.DATE:
        day = calendar_date(raw)
        if day is None:
            reader.problem(f"'{name}' of {what} must be a date written YYYY-MM-DD, not {_written(raw)}", at)
        return day
    if key.type is ValueType.REF:
        if isinstance(raw, str) and is_id(raw):
            return Ref(raw, reader.pos(at))
        reader.problem(f"'{name}' of {what} is {describe_bad_id(raw)}; write one id", at)
        return None
    raise AssertionError(f"no reader for {key.type}")  # pragma: no cover - the vocabulary test enumerates them


def _written(value: object) -> str:
    """A value as written, for a message: `'12%'`, `true`, or what kind of thing it is."""
    if isinstance(value, str):
        return f"'{clip(value)}'"
    if isinstance(value, Typed):
        return clip(value.text) if value.kind != "bool" else f"{value.text} (a true/false value)"
    return shown(value)


def _positions(reader: Reader, node: PosMap) -> dict[str, Pos]:
    return {key: reader.pos(at) for key, at in node.value_pos.items()}


def _nested(reader: Reader, parent: PosMap, key: str, what: str) -> tuple[PosMap, str] | None:
    """The mapping under `key` of `parent`, with its name in messages; None when absent or not a mapping."""
    if parent.get(key) is None:
        return None
    inner = f"the {key} of {what}"
    node = reader.mapping(parent[key], parent.value_pos[key], inner)
    return None if node is None else (node, inner)


def _read(
    reader: Reader, parent: PosMap, key: str, what: str, keys: tuple[Key, ...]
) -> tuple[PosMap, str, Values] | None:
    """The mapping under `key` (see `_nested`), its unknown keys reported, and the values of `keys` it holds."""
    found = _nested(reader, parent, key, what)
    if found is None:
        return None
    node, inner = found
    reader.check_keys(node, frozenset(k.name for k in keys), inner)
    return node, inner, _values(reader, node, keys, inner)


def read_measure(reader: Reader, parent: PosMap, what: str) -> Measure | None:
    """The `measure` of a goal or outcome (`what` names it); None when absent or without its three required keys."""
    found = _read(reader, parent, "measure", what, MEASURE_KEYS)
    if found is None:
        return None
    node, inner, values = found
    metric, baseline, target = values.get("metric"), values.get("baseline"), values.get("target")
    if not isinstance(metric, str) or not isinstance(baseline, float) or not isinstance(target, float):
        return None
    if baseline == target:
        reader.problem(
            f"{inner} has its baseline equal to its target ({number_text(target)}): "
            "progress runs from the baseline to a different target",
            node.value_pos["target"],
        )
        return None
    return Measure(
        metric=metric,
        baseline=baseline,
        target=target,
        pos=reader.pos(node.pos),
        unit=_str(values.get("unit")),
        direction=Direction(_str(values.get("direction")) or Direction.INCREASE),
        by=_day(values.get("by")),
        current=_float(values.get("current")),
        as_of=_day(values.get("as_of")),
        confidence=_float(values.get("confidence")),
        source=_str(values.get("source")),
        value_pos=_positions(reader, node),
    )


def read_impact(reader: Reader, parent: PosMap, what: str) -> Impact | None:
    """The `impact` of a roadmap item (`what` names it); None when absent or not a mapping."""
    found = _read(reader, parent, "impact", what, IMPACT_KEYS)
    if found is None:
        return None
    node, _, values = found
    outcome = values.get("outcome")
    return Impact(
        outcome=outcome if isinstance(outcome, Ref) else None,
        expect=_float(values.get("expect")),
        confidence=_float(values.get("confidence")),
        actual=_float(values.get("actual")),
        pos=reader.pos(node.pos),
        value_pos=_positions(reader, node),
    )


def read_freshness(reader: Reader, policy: PosMap) -> Freshness:
    """`policy.freshness`: whole numbers of days, 0 or more; a key missing or wrong keeps its default."""
    found = _nested(reader, policy, "freshness", "the policy")
    if found is None:
        return Freshness()
    node, _ = found
    reader.check_keys(node, FRESHNESS_KEY_NAMES, "policy.freshness")
    days: dict[str, int] = {}
    for key in FRESHNESS_KEYS:
        if node.get(key.name) is None:
            continue
        number = small_int(node[key.name])
        if number is None or number < 0:
            reader.problem(
                f"policy.freshness.{key.name} must be a whole number of days, 0 or more", node.value_pos[key.name]
            )
        else:
            days[key.name] = number
    return Freshness(**days)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _float(value: object) -> float | None:
    return value if isinstance(value, float) else None


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None

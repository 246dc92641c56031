"""Planning the edits of SPEC 10: a measure, a check-in, an impact, and `set` on their dotted fields.

Values come as typed text and are read by `values` (numbers, dates, 0..1);
what the schema would flag is refused here with the reason and the field,
so a form can say it at the field. Steps write into the node's `measure:`
or `impact:` mapping, which the editor creates in SPEC order when absent.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from trioboard.core.edits import values
from trioboard.core.edits.messages import check_in_message, impact_message, measure_message, note_body
from trioboard.core.edits.operations import CheckIn, SetImpact, SetMeasure
from trioboard.core.edits.steps import DeleteKey, NodePath, Plan, SetKey, Step
from trioboard.core.errors import Refused
from trioboard.core.model import Goal, Impact, Item, Measure, Node, Outcome
from trioboard.core.text import a_or_an, notes_problem
from trioboard.core.vocabulary import KINDS, MEASURE_KEYS, Key, Kind

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

_MEASURE = "measure"
_IMPACT = "impact"


def measured(node: Node, doing: str) -> Goal | Outcome:
    """`node` as a goal or outcome, the nodes with a measure; refused for anything else."""
    if not isinstance(node, Goal | Outcome):
        raise Refused(f"only goals and outcomes have a measure to {doing}; {node.id} is {a_or_an(node.kind.value)}")
    return node


def plan_measure(op: SetMeasure, node: Node, path: NodePath) -> Plan:
    """Give a goal or outcome a measure, or change the one it has (its check-in keys stay)."""
    node = measured(node, "set")
    old = node.measure
    wanted: list[tuple[str, values.Value | None]] = [
        ("metric", values.text(op.metric, "the metric", "metric")),
        ("baseline", values.number(op.baseline, "the baseline", "baseline")),
        ("target", values.number(op.target, "the target", "target")),
    ]
    for name in ("unit", "direction", "by", "source"):
        raw = getattr(op, name)
        if raw is not None:
            wanted.append((name, values.typed(_key(name), raw, name) if raw.strip() else None))
    _check_span(dict(wanted))
    steps: list[Step] = []
    changes: list[tuple[str, str | None, str | None]] = []
    for name, value in wanted:
        before = _written(old, name)
        after = None if value is None else values.shown(value)
        if after == before and old is not None:
            continue
        if value is not None:
            steps.append(SetKey(node.pos.file, path, name, value, _MEASURE))
        elif before is not None:
            steps.append(DeleteKey(node.pos.file, path, name, _MEASURE))
        else:
            continue
        changes.append((name, before, after))
    if not steps:
        raise Refused(f"{node.id} already has that measure")
    given = dict(wanted)
    new = None
    if old is None:
        unit = given.get("unit")
        unit_text = unit if isinstance(unit, str) else None
        span = (
            f"from {values.with_unit(given['baseline'], unit_text)} to {values.with_unit(given['target'], unit_text)}"
        )
        by = f" by {values.shown(given['by'])}" if given.get("by") is not None else ""
        new = (f"{given['metric']} {span}", by)
    subject, body = measure_message(node.id, changes, new=new)
    return Plan(subject, tuple(steps), body)


def plan_check_in(op: CheckIn, node: Node, path: NodePath, today: date) -> Plan:
    """One check-in: `current`, `as_of` (`today` when not given), and the confidence and source when given."""
    node = measured(node, "check in")
    measure = node.measure
    if measure is None:
        raise Refused(
            f"{node.id} has no measure to check in (or one that does not read: trioboard check says why); "
            f"give it one first (edit measure {node.id} --metric M --baseline B --target T)"
        )
    raw = op.value.strip()
    if measure.unit and raw.endswith(measure.unit):
        raw = raw.removesuffix(measure.unit)  # `64.5%` as the subject writes it: the measure's own unit
    current = values.number(raw, "the value", "current")
    wanted: list[tuple[str, values.Value]] = [
        ("current", current),
        ("as_of", values.day(op.as_of, "as_of", "as_of") if op.as_of else today),
    ]
    confidence = None
    if op.confidence is not None and op.confidence.strip():
        confidence = values.confidence(op.confidence, "confidence", "confidence")
        wanted.append(("confidence", confidence))
    if op.source is not None and op.source.strip():
        wanted.append(("source", values.text(op.source, "the source", "source")))
    note = (op.note or "").replace("\r\n", "\n").strip()
    why = notes_problem(note) if note else None
    if why:
        raise Refused(f"the note {why}", "note")
    steps: list[Step] = [
        SetKey(node.pos.file, path, name, value, _MEASURE)
        for name, value in wanted
        if values.shown(value) != _written(measure, name)
    ]
    if not steps:
        raise Refused(
            f"{node.id} already has that check-in ({values.shown(current)} as of {_written(measure, 'as_of')})"
        )
    subject = check_in_message(
        node.id,
        values.with_unit(current, measure.unit),
        values.shown(measure.baseline),
        values.shown(measure.target),
        None if confidence is None else values.shown(confidence),
        _written(measure, "confidence"),
    )
    return Plan(subject, tuple(steps), note_body(note))


def plan_impact(op: SetImpact, item: Node, outcome: Node, path: NodePath) -> Plan:
    """Say what `item` is expected to move: `outcome` (which it serves and which has a measure), by how much."""
    if not isinstance(item, Item):
        raise Refused(f"only roadmap items have an impact; {item.id} is {a_or_an(item.kind.value)}")
    measure = _impact_outcome(item, outcome, "outcome")
    wanted: list[tuple[str, values.Value | None]] = [
        ("outcome", outcome.id),
        ("expect", values.number(op.expect, "expect", "expect")),
    ]
    if op.confidence is not None:
        raw = op.confidence
        wanted.append(("confidence", values.confidence(raw, "confidence", "confidence") if raw.strip() else None))
    steps: list[Step] = []
    for name, value in wanted:
        before = _written(item.impact, name)
        if value is not None and values.shown(value) != before:
            steps.append(SetKey(item.pos.file, path, name, value, _IMPACT))
        elif value is None and before is not None:
            steps.append(DeleteKey(item.pos.file, path, name, _IMPACT))
    if not steps:
        raise Refused(f"{item.id} already expects that")
    given = dict(wanted)
    confidence = given.get("confidence")
    if confidence is None and op.confidence is None:
        confidence_text = _written(item.impact, "confidence")
    else:
        confidence_text = None if confidence is None else values.shown(confidence)
    subject = impact_message(item.id, outcome.id, values.with_unit(given["expect"], measure.unit), confidence_text)
    return Plan(subject, tuple(steps))


def _impact_outcome(item: Item, outcome: Node, field: str) -> Measure:
    """The measure `item`'s impact is said in: of an outcome it serves (refused otherwise, as the rules would flag)."""
    if not isinstance(outcome, Outcome):
        raise Refused(f"an impact names an outcome, and {outcome.id} is {a_or_an(outcome.kind.value)}", field)
    if outcome.id not in {r.id for r in item.outcomes}:
        raise Refused(
            f"{item.id} does not serve {outcome.id}; link it first (edit link {item.id} {outcome.id})",
            field,
        )
    if outcome.measure is None:
        raise Refused(
            f"{outcome.id} has no measure, and an impact is said in its measure's unit; give it one first", field
        )
    return outcome.measure


# -- what unlinking and removing do to an impact ------------------------------------


def check_unlink(source: Node, target: str) -> None:
    """Refuse unlinking an item from the outcome its impact is said in (the rules would call that a mismatch)."""
    if isinstance(source, Item) and _names(source.impact, target):
        raise Refused(
            f"the impact of {source.id} is said in the measure of {target}; remove it first "
            f"(set {source.id} impact=) or name another outcome it serves (impact.outcome=…)"
        )


def check_measure_removal(node: Node, nodes: Iterable[Node]) -> None:
    """Refuse removing the measure of an outcome that impacts are said in (the rules would call that a mismatch)."""
    named = sorted({n.id for n in nodes if isinstance(n, Item) and _names(n.impact, node.id)})
    if named:
        raise Refused(
            f"the impact of {', '.join(named)} is said in the measure of {node.id}; remove it first "
            f"(set {named[0]} impact=)",
            _MEASURE,
        )


def _names(impact: Impact | None, outcome: str) -> bool:
    return impact is not None and impact.outcome is not None and impact.outcome.id == outcome


def impacts_naming(items: list[Item], removed: set[str]) -> list[DeleteKey]:
    """Steps removing each item's impact that names a removed outcome: its measure goes with the outcome."""
    list_key = KINDS[Kind.ITEM].list_key or ""
    return [
        DeleteKey(item.pos.file, (list_key, item.id), _IMPACT)
        for item in items
        if any(_names(item.impact, outcome) for outcome in removed)
    ]


# -- `set` on dotted fields --------------------------------------------------------


class DottedChange(NamedTuple):
    """What `set` does to one dotted field: the step, the new value as text (None: removed), the old one."""

    step: Step
    text: str | None
    old: str | None


def mappings(dotted: tuple[str, ...]) -> tuple[str, ...]:
    """The mappings the dotted fields are in (`measure`): `set ID measure=` removes one whole."""
    return tuple(dict.fromkeys(d.partition(".")[0] for d in dotted))


def key_list(dotted: tuple[str, ...]) -> str:
    """`measure.metric … measure.source` said briefly: `measure.FIELD (metric, unit, …)`."""
    return ", ".join(
        f"{sub}.FIELD ({', '.join(d.partition('.')[2] for d in dotted if d.startswith(sub + '.'))})"
        for sub in mappings(dotted)
    )


def dotted_change(
    node: Node,
    key: str,
    raw: str,
    nodes: Mapping[str, Node],
    path: NodePath,
    typed: dict[str, values.Value | None],
) -> DottedChange | None:
    """The change `set KEY=RAW` makes to a dotted field (or, for `measure=`, the whole mapping); None: no change.

    The value read is kept in `typed`, for `check_dotted` once every pair is read.
    """
    file = node.pos.file
    if "." not in key:
        if raw.strip():
            raise Refused(f"{key} is set field by field ({key}.FIELD=VALUE) or with edit {key}; {key}= removes it", key)
        if getattr(node, key, None) is None:
            raise Refused(f"{node.id} has no {key} to remove", key)
        if key == _MEASURE:
            check_measure_removal(node, nodes.values())
        return DottedChange(DeleteKey(file, path, key), None, None)
    value = typed[key] = dotted_value(node, key, raw, nodes)
    text = None if value is None else values.shown(value)
    old = written(node, key)
    if text == old:
        return None
    sub, _, name = key.partition(".")
    step: Step = DeleteKey(file, path, name, sub) if value is None else SetKey(file, path, name, value, sub)
    return DottedChange(step, text, old)


def dotted_value(node: Node, key: str, raw: str, nodes: Mapping[str, Node]) -> values.Value | None:
    """The value `set KEY=RAW` writes to `measure.NAME` or `impact.NAME` (None: remove it), checked.

    The node must have the mapping already (`edit measure` or `edit impact`
    gives it one with its required keys); a required key cannot be removed.
    """
    sub = key.partition(".")[0]
    spec = values.sub_key(key)
    if spec is None:
        raise Refused(f"{a_or_an(node.kind.value)} has no field {key!r} to set", key)
    holder = getattr(node, sub, None)
    if holder is None:
        raise Refused(f"{node.id} has no {sub} yet; give it one with edit {sub} {node.id} …", key)
    if not raw.strip():
        if spec.required:
            required = ", ".join(k.name for k in values.DOTTED[sub] if k.required)
            raise Refused(f"{key} cannot be empty: {a_or_an(sub)} needs {required}", key)
        return None
    value = values.typed(spec, raw, key)
    if key == "impact.outcome":
        assert isinstance(node, Item)
        target = nodes.get(str(value))
        if target is None:
            raise Refused(f"no outcome has the id {value!r}", key)
        _impact_outcome(node, target, key)
    return value


def check_dotted(node: Node, new: dict[str, values.Value | None]) -> None:
    """Refuse a measure whose baseline and target become the same (the values `set` writes, `new`, over the board's)."""
    measure = getattr(node, _MEASURE, None)
    if not isinstance(measure, Measure) or not ({"measure.baseline", "measure.target"} & new.keys()):
        return
    baseline = new.get("measure.baseline", measure.baseline)
    target = new.get("measure.target", measure.target)
    _check_span({"baseline": baseline, "target": target})


def written(node: Node, key: str) -> str | None:
    """A dotted field's value as the board has it, as text (`62`, `2026-09-30`); None when not written."""
    sub, _, name = key.partition(".")
    return _written(getattr(node, sub, None), name)


def _written(holder: Measure | Impact | None, name: str) -> str | None:
    if holder is None:
        return None
    value = getattr(holder, name, None)
    if value is None or (name == "direction" and name not in holder.value_pos):
        return None  # the default direction, not written
    return values.shown(getattr(value, "id", value))


def _key(name: str) -> Key:
    return next(key for key in MEASURE_KEYS if key.name == name)


def _check_span(given: Mapping[str, object]) -> None:
    baseline, target = given.get("baseline"), given.get("target")
    if isinstance(baseline, int | float) and isinstance(target, int | float) and float(baseline) == float(target):
        raise Refused(
            f"the baseline and the target are both {values.shown(target)}; a measure moves from one to the other",
            "target",
        )

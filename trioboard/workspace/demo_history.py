"""The demo's past: `trioboard/data/demo-history.yaml` replayed as dated commits by the trio members.

Each step goes through the operation the command line uses (`edit checkin`,
`edit measure`, `edit set`, `evidence add`), so the demo's history is what
real use makes; only the commit date is set, `days` before `today`, so a
demo made next year still shows the last ten weeks of a living board.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from trioboard.core import edits
from trioboard.core.impact import number_text
from trioboard.core.model import Goal, Outcome
from trioboard.core.tree import Typed
from trioboard.workspace.editing import Workspace

FIRST_HOUR = 9
"""The steps of one day are committed from 09:00 on, one every 40 minutes, in the file's order."""
EMAIL_DOMAIN = "fernway.example"


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the history: who did what, how many days before the demo was made."""

    days: int
    by: str
    fields: dict[str, object] = field(default_factory=dict)

    def text(self, key: str) -> str | None:
        """The step's `key` as text (numbers as written), or None when absent."""
        return _text(self.fields.get(key))

    def texts(self, key: str) -> tuple[str, ...]:
        """The step's list `key` as texts (empty when absent)."""
        value = self.fields.get(key)
        return tuple(t for v in value if (t := _text(v)) is not None) if isinstance(value, list) else ()


def steps() -> list[Step]:
    """The history's steps, oldest first (the file's order within a day)."""
    from trioboard.store import yamlio

    data = (resources.files("trioboard") / "data" / "demo-history.yaml").read_bytes()
    tree, problems = yamlio.parse(data)
    if problems or not isinstance(tree, Mapping) or not isinstance(tree.get("steps"), list):
        raise ValueError(f"trioboard/data/demo-history.yaml does not read: {problems[:1]}")
    read = [_step(raw) for raw in tree["steps"]]
    return sorted(read, key=lambda s: -s.days)


def oldest(history: list[Step]) -> int:
    """How many days before the demo the oldest step happened."""
    return max(s.days for s in history)


def commit_time(day: date, nth: int) -> str:
    """The date git records for the `nth` commit (from 0) of `day`: ISO 8601, local time."""
    minutes = FIRST_HOUR * 60 + 40 * nth
    return f"{day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:00"


def author(name: str) -> str:
    """`Name <first.last@fernway.example>`: the commit author for a person of the board."""
    return f"{name} <{'.'.join(name.lower().split())}@{EMAIL_DOMAIN}>"


def replay(root: Path, history: list[Step], today: date) -> int:
    """Commit every step onto the board in `root`, each dated `days` before `today`; returns how many."""
    count = 0
    space = Workspace(root)  # one workspace: it reads only what the last commit changed
    for step, when in _dated(history, today):
        space.author, space.when = author(step.by), when
        _apply(space, step, today - timedelta(days=step.days), today)
        count += 1
    return count


def _dated(history: list[Step], today: date) -> Iterator[tuple[Step, str]]:
    """Each step with its commit time: the steps of one day follow each other."""
    nth: dict[int, int] = {}
    for step in history:
        n = nth.get(step.days, 0)
        nth[step.days] = n + 1
        yield step, commit_time(today - timedelta(days=step.days), n)


def _apply(space: Workspace, step: Step, day: date, today: date) -> None:
    """Run the one operation `step` names, through the workspace as the command line does."""
    if (node := step.text("checkin")) is not None:
        value = step.text("value") or ""
        confidence, note = step.text("confidence"), step.text("note")
        space.edit(edits.CheckIn(node, value, confidence, as_of=day.isoformat(), note=note))
    elif (node := step.text("due")) is not None:
        board = space.board()
        measured: list[Goal | Outcome] = [*board.goals, *board.outcomes()]
        measure = next(n.measure for n in measured if n.id == node and n.measure)
        by = today + timedelta(days=int(step.text("in_days") or 0))
        baseline, target = number_text(measure.baseline), number_text(measure.target)
        space.edit(edits.SetMeasure(node, measure.metric, baseline, target, by=by.isoformat()))
    elif (node := step.text("set")) is not None:
        changes = step.fields.get("fields")
        if not isinstance(changes, Mapping):
            raise ValueError(f"step {step}: `set` needs `fields`")
        values = tuple((str(k), _text(v) or "") for k, v in changes.items())
        space.edit(edits.SetFields(node, values))
    elif (team := step.text("evidence")) is not None:
        from trioboard.core.evidence_draft import EvidenceDraft
        from trioboard.workspace.evidence_writing import add_evidence

        draft = EvidenceDraft(
            team=team,
            kind=step.text("kind") or "",
            customer=step.text("customer") or "",
            date=day,
            with_=step.texts("with"),
            supports=step.texts("supports"),
            challenges=step.texts("challenges"),
            body=step.text("body") or "",
        )
        add_evidence(space, draft)
    else:
        raise ValueError(f"step {step} names no operation")


def _step(raw: object) -> Step:
    """One step of the file: `days`, `by` and the operation's fields."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"a step of demo-history.yaml is not a mapping: {raw!r}")
    days, by = _text(raw.get("days")), _text(raw.get("by"))
    if days is None or not days.isdigit() or by is None:
        raise ValueError(f"a step of demo-history.yaml needs `days` and `by`: {dict(raw)!r}")
    rest = {str(k): v for k, v in raw.items() if k not in ("days", "by")}
    return Step(int(days), by, rest)


def _text(value: object) -> str | None:
    """A scalar as the file writes it (a number keeps its digits); None for anything else."""
    if isinstance(value, Typed):
        return value.text
    return value if isinstance(value, str) else None

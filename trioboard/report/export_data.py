"""`export --format json|csv`: the strategy map as data."""

from __future__ import annotations

import csv
import io
import json
import re

from trioboard.core.measure_diff import value_of
from trioboard.core.model import TRIO_ROLES, Impact, Measure
from trioboard.core.vocabulary import IMPACT_KEYS, MEASURE_KEYS
from trioboard.report.strategy_map import StrategyMap

_MEASURE_COLUMNS = ("metric", "unit", "baseline", "target", "current", "as_of", "confidence")
"""The fields of the impact's outcome's measure a spreadsheet needs to read `impact_expect` against."""
CSV_COLUMNS = (
    "team",
    "id",
    "title",
    "horizon",
    "status",
    "state",
    "outcomes",
    "goals",
    "unlinked_reason",
    "blocked_by",
    "depends_on",
    "owner",
    *(f"trio_{role}" for role in TRIO_ROLES),
    *(f"impact_{key.name}" for key in IMPACT_KEYS),
    *(f"measure_{name}" for name in _MEASURE_COLUMNS),
)
"""The columns of `export --format csv`, one row per roadmap item: the item's `impact`, and the measure
of the outcome it names (the one the impact is said in), after the columns older scripts read."""


def measure_json(measure: Measure | None) -> dict[str, object] | None:
    """A measure as JSON: every SPEC 10 key in order, numbers as numbers, dates as YYYY-MM-DD, null where unset."""
    if measure is None:
        return None
    return {key.name: value_of(getattr(measure, key.name)) for key in MEASURE_KEYS}


def impact_json(impact: Impact | None) -> dict[str, object] | None:
    """An item's impact as JSON: outcome, expect, confidence, actual (null where unset)."""
    if impact is None:
        return None
    return {key.name: value_of(getattr(impact, key.name)) for key in IMPACT_KEYS}


def _goals_of(smap: StrategyMap) -> dict[str, list[str]]:
    """Outcome id → the ids of the goals it serves."""
    goals_of: dict[str, list[str]] = {}
    for outcome_id, goal_id in smap.outcome_goals:
        goals_of.setdefault(outcome_id, []).append(goal_id)
    return goals_of


def as_json(smap: StrategyMap) -> str:
    """Goals, outcomes, items (dropped ones too) and teams, with their links and states."""
    goals_of = _goals_of(smap)
    document = {
        "board": smap.name,
        "goals": [
            {"id": g.id, "title": g.title, "supported": s, "measure": measure_json(g.measure)} for g, s in smap.goals
        ],
        "outcomes": [
            {
                "id": o.id,
                "title": o.title,
                "team": o.team,
                "goals": goals_of.get(o.id, []),
                "linked": linked,
                "measure": measure_json(o.measure),
            }
            for o, linked in smap.outcomes
        ],
        "teams": [{"id": team, "trio": trio} for team, trio in smap.trios.items()],
        "items": [
            {
                "id": e.item.id,
                "title": e.item.title,
                "team": e.item.team,
                "horizon": e.item.horizon,
                "status": e.item.status,
                "state": e.state,
                "outcomes": [r.id for r in e.item.outcomes],
                "depends_on": [r.id for r in e.item.depends_on],
                "owner": e.item.owner,
                "unlinked_reason": e.reason,
                "blocked_by": list(e.chains),
                "impact": impact_json(e.item.impact),
            }
            for e in smap.items
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?")


def _cell(text: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; board text is
    # untrusted, so such a cell is kept as text with a leading apostrophe.
    # A plain number (an expected impact of -3) runs nothing and stays a number.
    if _NUMBER.fullmatch(text):
        return text
    return "'" + text if text.startswith(_FORMULA_START) else text


def as_csv(smap: StrategyMap) -> str:
    """One row per roadmap item, dropped ones too (`state` says so), with its team's trio."""
    goals_of = _goals_of(smap)
    measures = {o.id: o.measure for o, _ in smap.outcomes}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in smap.items:
        outcomes = [r.id for r in e.item.outcomes]
        goals = sorted({g for o in outcomes for g in goals_of.get(o, [])})
        writer.writerow(
            [
                _cell(v)
                for v in (
                    e.item.team,
                    e.item.id,
                    e.item.title,
                    e.item.horizon,
                    e.item.status,
                    e.state,
                    " ".join(outcomes),
                    " ".join(goals),
                    e.reason or "",
                    " | ".join(e.chains),
                    " ".join(r.id for r in e.item.depends_on),
                    e.item.owner or "",
                    *(smap.trios.get(e.item.team, {}).get(role, "") for role in TRIO_ROLES),
                    *_impact_cells(e.item.impact, measures),
                )
            ]
        )
    return out.getvalue()


def _impact_cells(impact: Impact | None, measures: dict[str, Measure | None]) -> list[str]:
    """The impact columns of a row, then the measure columns of the outcome the impact names."""
    if impact is None:
        return [""] * (len(IMPACT_KEYS) + len(_MEASURE_COLUMNS))
    measure = measures.get(impact.outcome.id) if impact.outcome else None
    cells = [_plain(value_of(getattr(impact, key.name))) for key in IMPACT_KEYS]
    return cells + [_plain(value_of(getattr(measure, name, None))) for name in _MEASURE_COLUMNS]


def _plain(value: object) -> str:
    return "" if value is None else str(value)

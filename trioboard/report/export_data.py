"""`export --format json|csv`: the strategy map as data."""

from __future__ import annotations

import csv
import io
import json

from trioboard.report.strategy_map import StrategyMap

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
)


def as_json(smap: StrategyMap) -> str:
    """Goals, outcomes and items with their links and states."""
    goals_of: dict[str, list[str]] = {}
    for outcome_id, goal_id in smap.outcome_goals:
        goals_of.setdefault(outcome_id, []).append(goal_id)
    document = {
        "board": smap.name,
        "goals": [{"id": g.id, "title": g.title, "supported": s} for g, s in smap.goals],
        "outcomes": [
            {"id": o.id, "title": o.title, "team": o.team, "goals": goals_of.get(o.id, []), "linked": linked}
            for o, linked in smap.outcomes
        ],
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
                "unlinked_reason": e.reason,
                "blocked_by": list(e.chains),
            }
            for e in smap.items
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; board text is
    # untrusted, so such a cell is kept as text with a leading apostrophe.
    return "'" + text if text.startswith(_FORMULA_START) else text


def as_csv(smap: StrategyMap) -> str:
    """One row per roadmap item."""
    goals_of: dict[str, list[str]] = {}
    for outcome_id, goal_id in smap.outcome_goals:
        goals_of.setdefault(outcome_id, []).append(goal_id)
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
                )
            ]
        )
    return out.getvalue()

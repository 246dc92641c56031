"""`export --format json|csv`: the strategy map as data."""

from __future__ import annotations

import csv
import io
import json

from trioboard.core.model import TRIO_ROLES
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
    "depends_on",
    "owner",
    *(f"trio_{role}" for role in TRIO_ROLES),
)
"""The columns of `export --format csv`, one row per roadmap item."""


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
        "goals": [{"id": g.id, "title": g.title, "supported": s} for g, s in smap.goals],
        "outcomes": [
            {"id": o.id, "title": o.title, "team": o.team, "goals": goals_of.get(o.id, []), "linked": linked}
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
    """One row per roadmap item, dropped ones too (`state` says so), with its team's trio."""
    goals_of = _goals_of(smap)
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
                )
            ]
        )
    return out.getvalue()

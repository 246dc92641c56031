"""`export --format json|csv`: the strategy map as data.

A board with opportunities or assumptions (SPEC 11) carries them: JSON
lists `opportunities` and gives each item its `opportunities` and
`assumptions`; CSV adds those two columns after `outcomes`. A board
without any exports exactly as before.
"""

from __future__ import annotations

import csv
import io
import json

from trioboard.core.model import TRIO_ROLES
from trioboard.report.strategy_map import MapItem, StrategyMap

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
DISCOVERY_COLUMNS = ("opportunities", "assumptions")
"""The columns a board with opportunities or assumptions adds, after `outcomes`."""


def _goals_of(smap: StrategyMap) -> dict[str, list[str]]:
    """Outcome id → the ids of the goals it serves."""
    goals_of: dict[str, list[str]] = {}
    for outcome_id, goal_id in smap.outcome_goals:
        goals_of.setdefault(outcome_id, []).append(goal_id)
    return goals_of


def as_json(smap: StrategyMap) -> str:
    """Goals, outcomes, items (dropped ones too) and teams, with their links and states."""
    goals_of = _goals_of(smap)
    document: dict[str, object] = {
        "board": smap.name,
        "goals": [{"id": g.id, "title": g.title, "supported": s} for g, s in smap.goals],
        "outcomes": [
            {"id": o.id, "title": o.title, "team": o.team, "goals": goals_of.get(o.id, []), "linked": linked}
            for o, linked in smap.outcomes
        ],
    }
    if smap.discovery:
        document["opportunities"] = [
            {
                "id": o.id,
                "title": o.title,
                "team": o.team,
                "status": o.status,
                "outcomes": [r.id for r in o.outcomes],
                "parent": o.parent.id if o.parent else None,
                "owner": o.owner,
                "linked": linked,
            }
            for o, linked in smap.opportunities
        ]
    document["teams"] = [{"id": team, "trio": trio} for team, trio in smap.trios.items()]
    document["items"] = [_item(e, discovery=smap.discovery) for e in smap.items]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _item(entry: MapItem, *, discovery: bool) -> dict[str, object]:
    """One item of the JSON export; with `discovery`, the opportunities it answers and its assumptions too."""
    item = entry.item
    out: dict[str, object] = {
        "id": item.id,
        "title": item.title,
        "team": item.team,
        "horizon": item.horizon,
        "status": item.status,
        "state": entry.state,
        "outcomes": [r.id for r in item.outcomes],
    }
    if discovery:
        out["opportunities"] = [r.id for r in item.opportunities]
        out["assumptions"] = [
            {"text": a.text, "kind": a.kind, "risk": a.risk, "test": a.test, "result": a.result}
            for a in item.assumptions
        ]
    out |= {
        "depends_on": [r.id for r in item.depends_on],
        "owner": item.owner,
        "unlinked_reason": entry.reason,
        "blocked_by": list(entry.chains),
    }
    return out


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
    at = CSV_COLUMNS.index("outcomes") + 1
    extra = DISCOVERY_COLUMNS if smap.discovery else ()
    writer.writerow((*CSV_COLUMNS[:at], *extra, *CSV_COLUMNS[at:]))
    for e in smap.items:
        outcomes = [r.id for r in e.item.outcomes]
        through = [g for r in e.item.opportunities for g in smap.opportunity_goals.get(r.id, [])]
        goals = sorted({g for o in outcomes for g in goals_of.get(o, [])} | set(through))
        found = (
            (
                " ".join(r.id for r in e.item.opportunities),
                " | ".join(f"{a.result}: {a.text}" for a in e.item.assumptions),
            )
            if smap.discovery
            else ()
        )
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
                    *found,
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

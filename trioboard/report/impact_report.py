"""`trioboard impact` as text, Markdown and JSON, and `trioboard log --measure` as text and JSON.

Every measure with its state in words and symbol (never colour alone), how
far along it is, its confidence and its check-ins from git (a sparkline in
text and Markdown, every check-in in JSON); the items expected to move it;
what has no measure yet; the calibration of each team's expectations.
"""

from __future__ import annotations

import json
import math
from typing import Any

from trioboard.core.analysis import percent
from trioboard.core.calibration import Calibration
from trioboard.core.impact import Standing, number_text
from trioboard.core.impact_view import ImpactView, MeasureView
from trioboard.core.model import Goal, Item, Measure, Outcome
from trioboard.core.results import CheckIn
from trioboard.core.text import printable, sparkline
from trioboard.core.vocabulary import Status
from trioboard.report.markup import md, md_code


def number(value: float | None) -> str:
    """A board number as written: `62`, `64.5`, `0.125`, `1e-07` (no `62.0`; a tiny rate never reads `0`)."""
    if value is None:
        return "—"
    if abs(value) >= 1e15 or 0 < abs(value) < 1e-6:
        return f"{value:g}"
    if value == int(value):
        return str(int(value))
    return number_text(value)


def ratio(value: float | None) -> str:
    """actual ÷ expected to two places; `—` for none (or one beyond a float)."""
    return f"{value:.2f}" if value is not None and math.isfinite(value) else "—"


def amount(value: float | None, unit: str | None) -> str:
    """A number with its unit: `64.5%`, `1200 ms`."""
    if value is None or not unit:
        return number(value)
    unit = printable(unit)
    return f"{number(value)}{unit}" if unit == "%" else f"{number(value)} {unit}"


def progress_words(standing: Standing) -> str:
    """`31% of the way`, `held`, `not held`, or `not measured yet`."""
    return standing.text if standing.progress is None else f"{standing.text} of the way"


def trend(series: list[CheckIn], measure: Measure) -> str:
    """The check-ins as bars, on a scale from the lowest to the highest of them, the baseline and the target."""
    values = [c.value for c in series]
    known = [v for v in values if v is not None] + [measure.baseline, measure.target]
    # Halves: the span of two numbers near the largest float would overflow to infinity.
    low, high = min(known) / 2, max(known) / 2
    span = high - low or 1.0
    return sparkline([None if v is None else min(1.0, max(0.0, (v / 2 - low) / span)) for v in values])


def _range(measure: Measure) -> str:
    by = f" by {measure.by.isoformat()}" if measure.by else ""
    return f"baseline {amount(measure.baseline, measure.unit)} → target {amount(measure.target, measure.unit)}{by}"


def _as_of(view: MeasureView) -> str:
    """` as of 2026-07-01`, and ` (70 days old: stale)` when older than the policy allows."""
    as_of = view.measure.as_of
    if as_of is None:
        return ""
    days = view.days_old
    stale = f" ({days} days old: stale)" if view.stale else ""
    return f" as of {as_of.isoformat()}{stale}"


def _state(view: MeasureView) -> str:
    state = view.standing.state
    return f"{state.symbol} {state.words}"


def _named(node: Goal | Outcome) -> str:
    """`outcome conversion (team checkout): Raise conversion` (no colon when it has no title)."""
    team = f" (team {node.team})" if isinstance(node, Outcome) else ""
    title = f": {printable(node.title)}" if node.title else ""
    return f"{node.kind.value} {node.id}{team}{title}"


def _expected(item: Item, unit: str | None) -> str:
    impact = item.impact
    assert impact is not None
    did = f" ({_awaiting(item)})" if impact.actual is None else f", did {amount(impact.actual, unit)}"
    return f"{item.id} expects {amount(impact.expect, unit)}{did}"


def _awaiting(item: Item) -> str:
    """Why an item has no actual yet: only a done item's is due."""
    if item.status == Status.DONE:
        return "not reviewed yet"
    return "dropped" if item.status == Status.DROPPED else "not shipped yet"


def _calibration_line(c: Calibration) -> str:
    who = c.team or "whole board"
    share = percent(c.met_share)
    items = f"{c.items} item{'s' if c.items != 1 else ''} reviewed"
    return (
        f"{who}: {items}, {c.met} met what was expected ({share}), actual ÷ expected {ratio(c.mean_ratio)} on average"
    )


NO_HISTORY = "no history outside git: check-ins are read from git, so no series of them is shown"
"""Said once, for a board outside git, instead of a series line per measure."""


# -- text -----------------------------------------------------------------------------------


def render_text(view: ImpactView) -> str:
    """The report for a terminal: one block per measure, then what has none, then the calibration."""
    scope = f" for team {view.team}" if view.team else ""
    lines = [f"Impact on {printable(view.board) or 'the board'}{scope}, as of {view.today.isoformat()}"]
    if not view.history:
        lines.append(NO_HISTORY)
    if not view.measures:
        lines.append("no goal or outcome has a measure yet")
    for measure_view in view.measures:
        lines += ["", *_text_block(measure_view, view.history)]
    if view.unmeasured:
        lines += ["", "No measure yet:"]
        lines += [f"  {_named(node)}" for node in view.unmeasured]
    lines += ["", "Calibration (items with an expected and an actual impact):"]
    if view.calibration:
        lines += [f"  {_calibration_line(c)}" for c in view.calibration]
    else:
        lines.append("  no item has both impact.expect and impact.actual yet")
    return "\n".join(lines) + "\n"


def _text_block(view: MeasureView, history: bool) -> list[str]:
    measure = view.measure
    head = _named(view.node)
    facts = [_state(view)]
    if measure.current is not None:
        facts.append(progress_words(view.standing))
        facts.append(f"{amount(measure.current, measure.unit)}{_as_of(view)}")
    facts.append(_range(measure))
    confidence = measure.confidence
    facts.append("no confidence given" if confidence is None else f"confidence {number(confidence)}")
    lines = [head, "  " + " · ".join(facts)]
    if history:
        lines.append("  " + _series_line(view.series, measure))
    if view.movers:
        lines.append("  expected to move it: " + ", ".join(_expected(item, measure.unit) for item in view.movers))
    return lines


def _series_line(series: list[CheckIn], measure: Measure) -> str:
    if not series:
        return "no check-in in git yet"
    last = series[-1]
    count = f"{len(series)} check-in{'s' if len(series) != 1 else ''}"
    values = amount(last.value, measure.unit)
    if len(series) > 1:
        values = f"{amount(series[0].value, measure.unit)} → {values}"
    who = f"the last on {last.date[:10]} by {printable(last.author)} ({last.commit[:7]})"
    return f"check-ins {trend(series, measure)} {values}: {count}, {who}"


# -- Markdown -------------------------------------------------------------------------------


def render_markdown(view: ImpactView) -> str:
    """The report for a pull request or a wiki: a table of measures, then movers, unmeasured, calibration."""
    scope = f" for team {md_code(view.team)}" if view.team else ""
    out = [f"## Impact on {md(view.board) or 'the board'}{scope}", "", f"As of {view.today.isoformat()}.", ""]
    if not view.history:
        out += [NO_HISTORY[0].upper() + NO_HISTORY[1:] + ".", ""]
    if view.measures:
        out += [
            "| State | Measure | Progress | Current | Baseline → target | Confidence | Check-ins |",
            "|---|---|---|---|---|---|---|",
        ]
        out += [_md_row(v, view.history) for v in view.measures]
    else:
        out.append("No goal or outcome has a measure yet.")
    movers = [(v, item) for v in view.measures for item in v.movers]
    if movers:
        out += ["", "### Expected to move them", ""]
        out += ["| Item | Team | Measure | Expected | Actual |", "|---|---|---|---|---|"]
        for v, item in movers:
            impact = item.impact
            assert impact is not None
            actual = _awaiting(item) if impact.actual is None else md(amount(impact.actual, v.measure.unit))
            out.append(
                f"| {md_code(item.id)} | {md_code(item.team)} | {md_code(v.node.id)} "
                f"| {md(amount(impact.expect, v.measure.unit))} | {actual} |"
            )
    if view.unmeasured:
        out += ["", "### No measure yet", ""]
        for node in view.unmeasured:
            team = f" ({md_code(node.team)})" if isinstance(node, Outcome) else ""
            out.append(f"- {node.kind.value} {md_code(node.id)}{team}: {md(node.title)}")
    out += ["", "### Calibration", ""]
    if view.calibration:
        out += ["| Team | Items | Met | Actual ÷ expected |", "|---|---|---|---|"]
        for c in view.calibration:
            who = md_code(c.team) if c.team else "whole board"
            out.append(f"| {who} | {c.items} | {c.met} ({percent(c.met_share)}) | {ratio(c.mean_ratio)} |")
    else:
        out.append("No item has both `impact.expect` and `impact.actual` yet.")
    return "\n".join(out) + "\n"


def _md_row(view: MeasureView, history: bool) -> str:
    measure = view.measure
    team = f" ({md_code(view.team)})" if view.team else ""
    name = f"{md_code(view.node.id)}{team}: {md(view.node.title)}"
    current = progress = "—"
    if measure.current is not None:
        progress = progress_words(view.standing)
        current = md(amount(measure.current, measure.unit)) + _as_of(view)
    series = f"{trend(view.series, measure)} {len(view.series)}" if view.series else "none" if history else "—"
    return (
        f"| {_state(view)} | {name} | {progress} | {current} | {md(_range(measure))} "
        f"| {number(measure.confidence)} | {series} |"
    )


# -- JSON -----------------------------------------------------------------------------------


def render_json(view: ImpactView) -> str:
    """`{"board", "today", "team", "history", "measures": [...], "unmeasured": [...], "calibration": [...]}`.

    `history` is false for a board outside git: every `series` is empty because there is none to read.
    """
    document = {
        "board": view.board,
        "today": view.today.isoformat(),
        "team": view.team,
        "history": view.history,
        "measures": [_json_measure(v) for v in view.measures],
        "unmeasured": [{"kind": n.kind.value, "id": n.id, "team": _team(n), "title": n.title} for n in view.unmeasured],
        "calibration": [
            {
                "team": c.team,
                "items": c.items,
                "met": c.met,
                "met_share": _finite(c.met_share),
                "mean_ratio": _finite(c.mean_ratio),
            }
            for c in view.calibration
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _finite(ratio: float | None) -> float | None:
    """A ratio for JSON, to 4 places; None for none, or for one too large for a float (JSON has no Infinity)."""
    return round(ratio, 4) if ratio is not None and math.isfinite(ratio) else None


def _team(node: Goal | Outcome) -> str | None:
    return node.team if isinstance(node, Outcome) else None


def _json_measure(view: MeasureView) -> dict[str, Any]:
    m = view.measure
    s = view.standing
    return {
        "kind": view.node.kind.value,
        "id": view.node.id,
        "team": view.team,
        "title": view.node.title,
        "metric": m.metric,
        "unit": m.unit,
        "direction": m.direction.value,
        "baseline": m.baseline,
        "target": m.target,
        "by": None if m.by is None else m.by.isoformat(),
        "current": m.current,
        "as_of": None if m.as_of is None else m.as_of.isoformat(),
        "confidence": m.confidence,
        "source": m.source,
        "days_old": view.days_old,
        "stale": view.stale,
        "progress": _finite(s.progress),
        "held": s.held,
        "state": s.state.value,
        "state_words": s.state.words,
        "symbol": s.state.symbol,
        "series": [check_in_json(c) for c in view.series],
        "items": [_json_item(item) for item in view.movers],
    }


def _json_item(item: Item) -> dict[str, Any]:
    impact = item.impact
    assert impact is not None
    return {
        "id": item.id,
        "team": item.team,
        "title": item.title,
        "expect": impact.expect,
        "confidence": impact.confidence,
        "actual": impact.actual,
    }


def check_in_json(c: CheckIn) -> dict[str, Any]:
    """One check-in: `{"date", "value", "confidence", "as_of", "author", "commit", "subject"}`."""
    return {
        "date": c.date,
        "value": c.value,
        "confidence": c.confidence,
        "as_of": None if c.as_of is None else c.as_of.isoformat(),
        "author": c.author,
        "commit": c.commit,
        "subject": c.subject,
    }


# -- log --measure --------------------------------------------------------------------------


SHALLOW_NOTE = "shallow clone: check-ins before its oldest commit are not here; git fetch --unshallow brings them"
"""What `log --measure` says last in a shallow clone, as `log` says where its history begins."""


def render_series_text(node: Goal | Outcome, series: list[CheckIn], shallow: bool = False) -> str:
    """`trioboard log --measure ID`: one line per check-in, oldest first, the trend; `shallow`: what is missing."""
    measure = node.measure
    unit = measure.unit if measure else None
    if not series:
        if shallow:
            return (
                f"{node.kind.value} {node.id} has no check-in in the history this shallow clone holds\n{SHALLOW_NOTE}\n"
            )
        return f"{node.kind.value} {node.id} has no check-in in git yet\n"
    width = min(24, max(len(printable(c.author)) for c in series))
    # Value, confidence and as-of are padded to their widest, as `log` pads the author: the columns line up.
    columns = [
        (
            amount(c.value, unit),
            "" if c.confidence is None else f"  confidence {number(c.confidence)}",
            "" if c.as_of is None else f"  as of {c.as_of.isoformat()}",
        )
        for c in series
    ]
    widths = [max(len(row[i]) for row in columns) for i in range(3)]
    lines = []
    for c, row in zip(series, columns, strict=True):
        cells = "".join(f"{cell:<{w}}" for cell, w in zip(row, widths, strict=True))
        lines.append(
            f"{c.commit[:7]} {c.date[:10]} {printable(c.author)[:width]:<{width}}  {cells}  — {printable(c.subject)}"
        )
    if measure is not None:
        lines.append(f"{node.id}, oldest to newest: {trend(series, measure)}")
    if shallow:
        lines.append(SHALLOW_NOTE)
    return "\n".join(lines) + "\n"


def render_series_json(series: list[CheckIn]) -> str:
    """`trioboard log --measure ID --format json`: the check-ins, oldest first."""
    return json.dumps([check_in_json(c) for c in series], indent=2, ensure_ascii=False) + "\n"

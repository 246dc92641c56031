"""What the TUI shows of a measure and an impact (SPEC 10): the Impact view's rows and the detail pane's lines.

Where a measure stands is computed by `core.impact` and `core.impact_view`
and said in numbers by `report.impact_report`; here it is laid out as Text:
a state in its symbol and words (and a colour, never alone), a bar from the
baseline through the current value to the target, the check-ins as a
sparkline.
"""

from __future__ import annotations

from rich.text import Text

from trioboard.core.impact import Standing, is_reached, standing
from trioboard.core.impact_view import ImpactView, MeasureView
from trioboard.core.model import ACTIVE_STATUSES, Board, Goal, Item, Measure, Node, Outcome
from trioboard.core.results import CheckIn
from trioboard.core.vocabulary import MeasureState, Status
from trioboard.report.impact_report import amount, number, progress_words, trend
from trioboard.tui.text import NEWLINE, label

STATE_STYLE = {
    MeasureState.REACHED: "bold green",
    MeasureState.ON_TRACK: "green",
    MeasureState.AT_RISK: "yellow",
    MeasureState.OFF_TRACK: "bold red",
    MeasureState.NO_CONFIDENCE: "magenta",
    MeasureState.NOT_MEASURED: "dim",
}
"""A colour per state, beside its symbol and words."""

Part = tuple[object, str] | str | Text
"""A piece of a `label`: text, (text, style), or a Text of ours."""

FILLED, EMPTY, BEHIND, BEYOND = "█", "░", "◀", "▶"
"""The bar's cells: the way come, the way left, and the ends when the value is past one."""


def state_label(state: MeasureState) -> Text:
    """`◆ at risk`, in the state's colour."""
    return label((f"{state.symbol} {state.words}", STATE_STYLE[state]))


def position(measure: Measure) -> float | None:
    """Where `current` lies from the baseline (0) to the target (1), for the bar; None with no current.

    For increase and decrease this is the progress; a line held (stay-above,
    stay-below) is drawn the same way, from where it was to the line.
    """
    if measure.current is None:
        return None
    return (measure.current - measure.baseline) / (measure.target - measure.baseline)


def bar(measure: Measure, width: int, state: MeasureState) -> list[Part]:
    """`62% ████░░░░ 70%`: the baseline, the way to the target filled as far as `current`, the target.

    A value behind the baseline starts the bar with ◀, one past the target
    ends it with ▶: the bar never claims a value it cannot show. Parts of a `label`.
    """
    width = max(3, width)
    at = position(measure)
    cells = [EMPTY] * width
    if at is not None:
        filled = round(max(0.0, min(1.0, at)) * width)
        if at < 1 and not is_reached(measure):
            filled = min(filled, width - 1)  # a hair short of the target is not a full bar
        cells[:filled] = [FILLED] * filled
        if at < 0:
            cells[0] = BEHIND
        elif at > 1:
            cells[-1] = BEYOND
    return [
        (amount(measure.baseline, measure.unit), "dim"),
        " ",
        ("".join(cells), STATE_STYLE[state] if at is not None else "dim"),
        " ",
        (amount(measure.target, measure.unit), "dim"),
    ]


def sparkline(series: list[CheckIn], measure: Measure, room: int) -> list[Part]:
    """The last `room` check-ins as bars (on the scale of their values, baseline and target), and how many."""
    if not series:
        return [("no check-in in git yet", "dim")]
    count = f" {len(series)} check-in{'s' if len(series) != 1 else ''}"
    return [(trend(series[-room:], measure), "cyan"), (count, "dim")]


def measure_row(view: MeasureView, *, wide: bool, series: bool) -> Text:
    """A measured goal or outcome in two lines: its state, progress, id and title; its bar, value, confidence, series.

    Narrow, the bar and the sparkline are short. `series` is False while the check-ins are being read from git.
    """
    node, measure, stand = view.node, view.measure, view.standing
    state = stand.state
    style = STATE_STYLE[state]
    parts: list[Part] = [(f"{state.symbol} ", style)]
    if state is not MeasureState.NOT_MEASURED:
        parts.append((f"{stand.text} ", "bold"))
    parts += [(state.words, style), "  ", (node.id, "bold")]
    if isinstance(node, Outcome):
        parts += ["  ", (node.team, "cyan")]
    parts += ["  ", node.title, NEWLINE, "   ", *bar(measure, 16 if wide else 10, state)]
    if measure.current is not None:
        parts += ["  now ", (amount(measure.current, measure.unit), "bold")]
    parts += [("  conf ", "dim"), "—" if measure.confidence is None else number(measure.confidence), "  "]
    if series:
        parts += sparkline(view.series, measure, 12 if wide else 8)
    else:
        parts.append(("… reading check-ins", "dim"))
    return _row(*parts)


def mover_row(item: Item, measure: Measure) -> Text:
    """`  ↳ one-click-pay  expects 3%  did 1.2%`: an item expected to move a measure, and what it did."""
    impact = item.impact
    assert impact is not None
    parts: list[Part] = ["     ↳ ", (item.id, "bold"), ("  expects ", "dim"), amount(impact.expect, measure.unit)]
    if impact.confidence is not None:
        parts += [(" (conf ", "dim"), number(impact.confidence), (")", "dim")]
    if impact.actual is not None:
        parts += [("  did ", "dim"), (amount(impact.actual, measure.unit), "bold")]
    elif item.status == Status.DONE:
        parts.append(("  done, actual not reviewed yet", "yellow"))
    else:
        parts.append(("  actual —", "dim"))
    return _row(*parts, "  ", (item.status, "dim"))


def unmeasured_outcomes(view: ImpactView) -> list[Outcome]:
    """The outcomes that serve a goal and have no measure."""
    return [n for n in view.unmeasured if isinstance(n, Outcome) and n.goals]


def items_without_impact(board: Board, view: ImpactView) -> list[tuple[Item, str]]:
    """Active items serving a measured outcome with no `impact`, each with the first such outcome."""
    measured = {v.node.id for v in view.measures if isinstance(v.node, Outcome)}
    found = []
    for item in board.items():
        if item.impact is not None or item.status not in ACTIVE_STATUSES:
            continue
        served = next((r.id for r in item.outcomes if r.id in measured), None)
        if served is not None:
            found.append((item, served))
    return found


def unmeasured_row(outcome: Outcome) -> Text:
    """`· fewer-abandoned  checkout  Fewer abandoned bookings  serves grow-revenue`."""
    state = MeasureState.NOT_MEASURED
    goals = ", ".join(r.id for r in outcome.goals)
    return _row(
        (f"{state.symbol} ", "dim"),
        ("outcome ", "dim"),
        (outcome.id, "bold"),
        "  ",
        (outcome.team, "cyan"),
        "  ",
        outcome.title,
        ("  serves ", "dim"),
        goals,
    )


def no_impact_row(item: Item, outcome: str) -> Text:
    """`· item saved-carts  serves measured checkout-conversion, expects nothing`."""
    return _row(
        ("· ", "dim"),
        ("item ", "dim"),
        (item.id, "bold"),
        ("  serves measured ", "dim"),
        outcome,
        (", no expected impact", "yellow"),
        "  ",
        (item.status, "dim"),
    )


def heading(text: str, count: int) -> Text:
    """A section's heading: `MEASURED · 3`."""
    return label((text, "bold"), (f" · {count}", "dim"))


def summary(view: ImpactView, *, series: bool) -> Text:
    """`3 measures: 1 ✓ reached, 1 ▲ on track, 1 ◆ at risk · 12 check-ins in git`, for the line above the list.

    `series` is False while the check-ins are being read from git: it says so (a narrow row has no room to).
    """
    if not view.measures:
        return label(
            ("No goal or outcome has a measure yet. ", "bold"),
            ("Give one: trioboard edit measure ID --metric M --baseline B --target T", "dim"),
        )
    counts: dict[MeasureState, int] = {}
    for measure_view in view.measures:
        counts[measure_view.standing.state] = counts.get(measure_view.standing.state, 0) + 1
    out = label((f"{len(view.measures)} measure{'s' if len(view.measures) != 1 else ''}", "bold"), ": ")
    parts = [state for state in MeasureState if state in counts]
    for n, state in enumerate(parts):
        out.append_text(label(f"{counts[state]} ", (f"{state.symbol} {state.words}", STATE_STYLE[state])))
        if n < len(parts) - 1:
            out.append(", ")
    if series:
        count = sum(len(v.series) for v in view.measures)
        out.append(f" · {count} check-in{'s' if count != 1 else ''} in git", style="dim")
    else:
        out.append(" · reading check-ins from git…", style="dim")
    return out


def _row(*parts: Part) -> Text:
    """A row of the list: one screen line per line of text, cut with an ellipsis, so the list stays scannable."""
    out = label(*parts)
    out.no_wrap, out.overflow = True, "ellipsis"
    return out


# -- the detail pane -------------------------------------------------------------------


def measure_lines(measure: Measure) -> list[Text]:
    """A measure in full, a line each: metric, the numbers, progress, state, confidence, dates, source."""
    stand: Standing = standing(measure)
    unit = measure.unit
    lines = [
        label(("MEASURE ", "bold"), measure.metric),
        label(
            ("baseline ", "dim"),
            amount(measure.baseline, unit),
            (" → current ", "dim"),
            (amount(measure.current, unit), "bold"),
            (" → target ", "dim"),
            amount(measure.target, unit),
        ),
        label(("progress ", "dim"), progress_words(stand), ("   ", ""), state_label(stand.state)),
        label(("direction ", "dim"), measure.direction.value),
        label(("confidence ", "dim"), "none given" if measure.confidence is None else number(measure.confidence)),
    ]
    if measure.as_of is not None:
        lines.append(label(("as of ", "dim"), measure.as_of.isoformat()))
    if measure.by is not None:
        lines.append(label(("by ", "dim"), measure.by.isoformat()))
    if measure.source:
        lines.append(label(("source ", "dim"), measure.source))
    return lines


def impact_lines(item: Item, outcome: Node | None) -> list[Text]:
    """An item's impact in full: the outcome it moves, what it expects to move it by and how sure, what it did."""
    impact = item.impact
    assert impact is not None
    measure = outcome.measure if isinstance(outcome, Goal | Outcome) else None
    unit = measure.unit if measure is not None else None
    lines = [label(("IMPACT ", "bold"), ("on ", "dim"), impact.outcome.id if impact.outcome else "— (no outcome)")]
    if measure is not None:
        lines.append(label(("measured by ", "dim"), measure.metric))
    lines.append(label(("expect ", "dim"), amount(impact.expect, unit)))
    lines.append(
        label(("confidence ", "dim"), "none given" if impact.confidence is None else number(impact.confidence))
    )
    if impact.actual is not None:
        lines.append(label(("actual ", "dim"), (amount(impact.actual, unit), "bold")))
    elif item.status == Status.DONE:
        lines.append(label(("actual ", "dim"), ("not reviewed yet", "yellow")))
    else:
        lines.append(label(("actual ", "dim"), "— (not shipped yet)"))
    return lines

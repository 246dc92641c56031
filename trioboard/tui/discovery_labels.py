"""What the TUI shows of discovery in a line (SPEC 11): opportunities, assumptions, evidence.

Kept apart from the widgets, as `labels` is, and from `labels` itself so
each module keeps one job. Every mark is a symbol and a word, so it reads
without colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from trioboard.core.discovery import Backing, backing
from trioboard.core.model import Assumption, Board, Evidence, Opportunity
from trioboard.core.results import BoardState
from trioboard.core.text import plural
from trioboard.core.vocabulary import EVIDENCE_DIR, AssumptionResult, OpportunityStatus
from trioboard.tui.labels import node_marks, node_target
from trioboard.tui.text import label

OPPORTUNITY_MARK = "◇"
"""An opportunity, between the outcome (◆) and the items."""

RESULT_MARK = {
    AssumptionResult.UNTESTED.value: ("○ untested", "yellow"),
    AssumptionResult.RUNNING.value: ("◔ running", "cyan"),
    AssumptionResult.SUPPORTED.value: ("✓ supported", "green"),
    AssumptionResult.REFUTED.value: ("✗ refuted", "bold red"),
    AssumptionResult.INCONCLUSIVE.value: ("~ inconclusive", "magenta"),
}
"""An assumption's result in a symbol and its word."""

SUPPORTS, CHALLENGES = "+ supports", "− challenges"
"""Where a piece of evidence stands on what it is listed under."""

POLICY_NOT_MET = "▲ below the discovery policy"
"""A team whose touchpoints fall short of `policy.discovery`."""


def does_discovery(board: Board) -> bool:
    """Whether a board has opportunities, evidence or a discovery policy: its Discovery view has something to show."""
    return bool(board.evidence) or board.policy.discovery is not None or any(t.opportunities for t in board.teams)


def is_evidence_path(selection: str | None) -> bool:
    """Whether a selection is an evidence file (`evidence/…`): node ids never hold `/`."""
    return bool(selection) and str(selection).startswith(EVIDENCE_DIR + "/")


@dataclass(slots=True)
class EvidenceIndex:
    """The board's evidence by what it speaks for and by team: read once per state."""

    state: BoardState
    by_path: dict[str, Evidence] = field(default_factory=dict)
    supporting: dict[str, list[Evidence]] = field(default_factory=dict)
    challenging: dict[str, list[Evidence]] = field(default_factory=dict)
    by_team: dict[str, list[Evidence]] = field(default_factory=dict)
    """Each team's touchpoints, newest first."""
    backed: dict[str, Backing] = field(default_factory=dict)
    """What the evidence (dated up to the analysis's today) says of each node: `core.discovery.backing`."""

    @classmethod
    def of(cls, state: BoardState) -> EvidenceIndex:
        """The index of a state (kept for the last state asked about: labels ask once per line)."""
        if _cache and _cache[0].state is state:
            return _cache[0]
        index = cls(state, backed=backing(state.board.evidence, state.analysis.today))
        for evidence in state.board.evidence:
            index.by_path[evidence.path] = evidence
            for ref in evidence.supports:
                index.supporting.setdefault(ref.id, []).append(evidence)
            for ref in evidence.challenges:
                index.challenging.setdefault(ref.id, []).append(evidence)
            if evidence.team:
                index.by_team.setdefault(evidence.team, []).append(evidence)
        for listed in index.by_team.values():
            listed.sort(key=lambda e: (e.date is not None, e.date, e.path), reverse=True)
        _cache[:] = [index]
        return index

    def about(self, node_id: str) -> list[tuple[str, Evidence]]:
        """The evidence for then against a node, newest first: (`SUPPORTS` or `CHALLENGES`, evidence)."""
        out = [(SUPPORTS, e) for e in self.supporting.get(node_id, [])]
        out += [(CHALLENGES, e) for e in self.challenging.get(node_id, [])]
        return sorted(out, key=lambda pair: (pair[0] != SUPPORTS, -_ordinal(pair[1])))


_cache: list[EvidenceIndex] = []


def _ordinal(evidence: Evidence) -> int:
    return evidence.date.toordinal() if evidence.date else 0


def evidence_counts(index: EvidenceIndex, node_id: str) -> Text:
    """`+2 −1 · 2 customers`: evidence for and against a node, and how many customers stand behind it."""
    backed = index.backed.get(node_id)
    if backed is None or not (backed.supporting or backed.challenging):
        return label(("no evidence", "dim yellow"))
    return label(
        (f"+{backed.supporting}", "green"),
        " ",
        (f"−{backed.challenging}", "red" if backed.challenging else "dim"),
        (f" · {plural(len(backed.customers), 'customer')}", "dim"),
    )


def opportunity_label(state: BoardState, opportunity: Opportunity) -> Text:
    """`◇ card-reentry  Returning buyers re-type card…  +2 −0 · 2 customers  (parked)`."""
    parts: list[tuple[object, str] | str] = []
    parts += [(text + " ", style) for text, style in node_marks(state, node_target(state, opportunity))]
    parts += [(OPPORTUNITY_MARK + " ", "magenta"), (opportunity.id, "bold"), "  ", opportunity.title, "  "]
    out = label(*parts)
    out.append_text(evidence_counts(EvidenceIndex.of(state), opportunity.id))
    if opportunity.status != OpportunityStatus.OPEN.value:
        out.append_text(label((f"  ({opportunity.status})", "dim")))
    return out


def assumption_label(assumption: Assumption) -> Text:
    """`✗ refuted  high desirability  Buyers trust us to store their card`."""
    mark, style = RESULT_MARK.get(assumption.result, (f"? {assumption.result}", "yellow"))
    about = " ".join(word for word in (assumption.risk, assumption.kind) if word)
    return label((mark, style), "  ", (about + "  " if about else "", "dim"), assumption.text)


def assumptions_summary(assumptions: list[Assumption]) -> str:
    """`3 assumptions: 1 refuted, 2 untested` (empty when there are none)."""
    if not assumptions:
        return ""
    counts: dict[str, int] = {}
    for assumption in assumptions:
        counts[assumption.result] = counts.get(assumption.result, 0) + 1
    shown = ", ".join(f"{n} {result}" for result, n in sorted(counts.items()))
    return f"{plural(len(assumptions), 'assumption')}: {shown}"


def evidence_label(evidence: Evidence, stance: str = "") -> Text:
    """`+ supports  2026-07-08 interview  buyer-7 (smb)  with Ana Ruiz`: a touchpoint in a line."""
    parts: list[tuple[object, str] | str] = []
    if stance:
        parts.append((stance + "  ", "green" if stance == SUPPORTS else "red"))
    when = evidence.date.isoformat() if evidence.date else "no date"
    parts += [(when, "cyan"), " ", (evidence.kind or "?", "dim"), "  ", (evidence.customer or "?", "bold")]
    if evidence.segment:
        parts.append((f" ({evidence.segment})", "dim"))
    if evidence.with_:
        parts.append((f"  with {', '.join(evidence.with_)}", "dim"))
    return label(*parts)

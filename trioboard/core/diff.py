"""Two versions of a board → what changed in alignment terms (SPEC `trioboard diff`).

Nodes are matched by id, so a retitle is a retitle and an item that changed
team is a move, not a removal and an addition. Besides the edits themselves
it reports their consequences, which a line diff cannot show: items that
gained or lost their strategy link, work and teams that became blocked or
unblocked, and coverage before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trioboard.core.analysis import NO_CLARITY, Analysis, Coverage, clarity_only
from trioboard.core.changes import BOARD_ID as BOARD_ID
from trioboard.core.changes import CHANGE_KINDS as CHANGE_KINDS
from trioboard.core.changes import CHANGE_ORDER, KIND_ORDER, field_change, link_changes
from trioboard.core.changes import Change as Change
from trioboard.core.changes import ChangedKind as ChangedKind
from trioboard.core.changes import ChangeKind as ChangeKind
from trioboard.core.diff_discovery import assumption_words, discovery_changes, unlinked_reason
from trioboard.core.diff_evidence import evidence_changes, kind_noun
from trioboard.core.findings import Finding, new_findings
from trioboard.core.model import TRIO_ROLES, Board, Item, Kind, Node, Opportunity, Outcome, Policy, Team
from trioboard.core.text import noun, plural


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of a board, its analysis and (when the caller needs the delta) its findings."""

    board: Board
    analysis: Analysis
    findings: list[Finding] | None = None
    """None: not computed; the diff then reports no findings delta (`trioboard log` does not need one)."""


@dataclass(frozen=True, slots=True)
class CoverageShift:
    """Coverage before and after, for the board and each team (None: the team was not there)."""

    before: Coverage
    after: Coverage
    teams: dict[str, tuple[Coverage | None, Coverage | None]] = field(default_factory=dict)

    def changed_teams(self) -> dict[str, tuple[Coverage | None, Coverage | None]]:
        """Only the teams whose coverage moved, or which came or went."""
        return {t: (a, b) for t, (a, b) in self.teams.items() if _ratio(a) != _ratio(b) or (a is None) != (b is None)}


def _ratio(coverage: Coverage | None) -> float | None:
    return coverage.ratio if coverage else None


@dataclass(frozen=True, slots=True)
class BoardDiff:
    """Everything that changed between two versions."""

    changes: list[Change]
    coverage: CoverageShift
    new_findings: list[Finding] = field(default_factory=list)
    """Findings of the later version that the earlier one did not have (as `check --since` matches them)."""
    resolved_findings: list[Finding] = field(default_factory=list)
    """Findings of the earlier version that are gone."""

    def count(self, change: ChangeKind, kind: ChangedKind | None = None) -> int:
        """How many changes of one kind."""
        return sum(1 for c in self.changes if c.change is change and (kind is None or c.kind is kind))

    def of(self, *changes: ChangeKind) -> list[Change]:
        """The changes of these kinds, in report order."""
        return [c for c in self.changes if c.change in changes]


def empty_board() -> Board:
    """A board with nothing in it: what a revision without the board compares as."""
    return Board(name="", goals=[], teams=[], policy=Policy(), problems=[], files=[])


def diff(before: Snapshot, after: Snapshot) -> BoardDiff:
    """What changed from `before` to `after`."""
    old, new = before.analysis.index, after.analysis.index
    changes: list[Change] = _board_changes(before.board, after.board)
    compared = _ids_to_compare(before.board, after.board)
    for node_id in compared:
        prior, node = old.get(node_id), new.get(node_id)
        if node is not None and (prior is None or prior.kind is not node.kind):
            changes.append(_added(node, after.analysis, after.board.policy.wip_limit))
        if prior is not None and (node is None or node.kind is not prior.kind):
            changes.append(Change(ChangeKind.REMOVED, _kind(prior), node_id, (("title", prior.title),)))
        if prior is not None and node is not None and prior.kind is node.kind:
            changes.extend(_node_changes(prior, node))
    changes.extend(_alignment_changes(before.analysis, after.analysis))
    changes.extend(_blocking_changes(before.analysis, after.analysis, compared))
    changes.extend(evidence_changes(before.board, after.board))
    changes.sort(key=_change_order)
    fresh: list[Finding] = []
    resolved: list[Finding] = []
    if before.findings is not None and after.findings is not None:
        fresh = new_findings(after.findings, before.findings)
        resolved = new_findings(before.findings, after.findings)
    return BoardDiff(changes, _coverage(before.analysis, after.analysis), fresh, resolved)


def _kind(node: Node) -> ChangedKind:
    return ChangedKind(node.kind.value)


def _added(node: Node, analysis: Analysis, wip_limit: int | None) -> Change:
    """A new node, saying whether it is tied to strategy (items that count, outcomes and opportunities).

    An item also says where it is planned (team, horizon, status) and, when
    it takes its team over the WIP limit, the limit and the team's `now` count.
    """
    details: list[tuple[str, object]] = [("title", node.title)]
    if isinstance(node, Item) and analysis.index.get(node.id) is node:
        details += [("team", node.team), ("horizon", node.horizon), ("status", node.status)]
    if isinstance(node, Item) and analysis.index.get(node.id) is node and node.active:
        reason = analysis.unlinked.get(node.id)
        details.append(("aligned", reason is None))
        if reason is not None:
            details.append(("reason", reason))
        now = _now_items(analysis, node.team)
        if wip_limit is not None and node.horizon == "now" and now > wip_limit:
            details += [("wip_limit", wip_limit), ("now_items", now)]
    elif isinstance(node, Outcome | Opportunity) and analysis.index.get(node.id) is node:
        why = unlinked_reason(node, analysis)
        details.append(("aligned", why is None))
        if why is not None:
            details.append(("reason", why))
    return Change(ChangeKind.ADDED, _kind(node), node.id, tuple(details))


def _now_items(analysis: Analysis, team_id: str) -> int:
    """How many active `now` items a team has (as the wip-limit rule counts them)."""
    team = analysis.index.get(team_id)
    if not isinstance(team, Team):
        return 0
    return sum(1 for i in team.items if i.active and i.horizon == "now" and analysis.index.get(i.id) is i)


def _board_changes(before: Board, after: Board) -> list[Change]:
    """The board's own fields: its policy (and its name, once the board existed)."""
    out = []
    if before.files and after.files and before.name != after.name:
        out.append(field_change(ChangedKind.BOARD, BOARD_ID, "name", before.name, after.name))
    if before.policy != after.policy:
        if before.policy.wip_limit != after.policy.wip_limit:
            out.append(
                field_change(
                    ChangedKind.BOARD, BOARD_ID, "policy.wip_limit", before.policy.wip_limit, after.policy.wip_limit
                )
            )
        old, new = before.policy.severity, after.policy.severity
        for rule in dict.fromkeys((*old, *new)):
            if old.get(rule) != new.get(rule):
                out.append(
                    field_change(ChangedKind.BOARD, BOARD_ID, f"policy.severity.{rule}", old.get(rule), new.get(rule))
                )
    return out


def _ids_to_compare(before: Board, after: Board) -> list[str]:
    """The ids whose definitions may differ.

    A team (or the goals) that is the very same object in both versions did
    not change: `history` reuses the model of a file whose blob is the same,
    so walking a long history compares only the files each commit touched.
    """
    ids: dict[str, None] = {}
    if before.goals is not after.goals:
        ids.update((g.id, None) for g in (*before.goals, *after.goals))
    old_teams = {t.id: t for t in before.teams}
    new_teams = {t.id: t for t in after.teams}
    for team_id in (*old_teams, *new_teams):
        old_team, new_team = old_teams.get(team_id), new_teams.get(team_id)
        if old_team is new_team:
            continue
        for team in (old_team, new_team):
            if team is not None:
                ids[team.id] = None
                ids.update((outcome.id, None) for outcome in team.outcomes)
                ids.update((opportunity.id, None) for opportunity in team.opportunities)
                ids.update((item.id, None) for item in team.items)
    return list(ids)


def _change_order(change: Change) -> tuple[int, int, str, str]:
    detail = change.get("target") or change.get("field") or ""
    return (CHANGE_ORDER[change.change], KIND_ORDER[change.kind], change.id, str(detail))


_OWNED_FIELDS = {Kind.GOAL: ("metric", "target", "owner")} | dict.fromkeys(
    (Kind.OUTCOME, Kind.OPPORTUNITY, Kind.ITEM), ("owner",)
)
"""The plain fields a leader reviews, by node kind."""


def _node_changes(prior: Node, node: Node) -> list[Change]:
    out = discovery_changes(prior, node)
    kind = _kind(node)
    if isinstance(prior, Team) and isinstance(node, Team):
        out.extend(_team_changes(prior, node))
    elif prior.title != node.title:
        out.append(Change(ChangeKind.RETITLED, kind, node.id, (("from", prior.title), ("to", node.title))))
    for name in _OWNED_FIELDS.get(node.kind, ()):
        a, b = getattr(prior, name), getattr(node, name)
        if a != b:
            out.append(field_change(kind, node.id, name, a, b))
    if isinstance(prior, Item) and isinstance(node, Item):
        if prior.team != node.team:
            out.append(Change(ChangeKind.MOVED, kind, node.id, (("from", prior.team), ("to", node.team))))
        for attr, change in (("horizon", ChangeKind.HORIZON), ("status", ChangeKind.STATUS)):
            a, b = getattr(prior, attr), getattr(node, attr)
            if a != b:
                out.append(Change(change, kind, node.id, (("from", a), ("to", b))))
        out.extend(link_changes(node, "serves", [r.id for r in prior.outcomes], [r.id for r in node.outcomes]))
        out.extend(link_changes(node, "depends_on", [r.id for r in prior.depends_on], [r.id for r in node.depends_on]))
    elif isinstance(prior, Outcome) and isinstance(node, Outcome):
        out.extend(link_changes(node, "serves", [r.id for r in prior.goals], [r.id for r in node.goals]))
    return out


def _team_changes(prior: Team, team: Team) -> list[Change]:
    """A team's name and trio (its `blocked:` shows in its reasons)."""
    out = []
    if prior.name != team.name:
        out.append(field_change(ChangedKind.TEAM, team.id, "name", prior.name, team.name))
    for role in TRIO_ROLES:
        a, b = prior.trio.get(role), team.trio.get(role)
        if a != b:
            out.append(field_change(ChangedKind.TEAM, team.id, f"trio.{role}", a, b))
    return out


def _alignment_changes(old: Analysis, new: Analysis) -> list[Change]:
    """Items that had a strategy link and lost it, or had none and gained one.

    Only items judged in both versions: a new item says whether it is
    aligned where it is added, and an item that became active (or stopped
    being active) never had, or no longer has, a link to lose or gain.
    """
    # Set operations, not a loop over every item: a long history diffs a big board per commit.
    lost = new.unlinked.keys() & old.aligned
    gained = new.aligned & old.unlinked.keys()
    out = [Change(ChangeKind.BECAME_UNLINKED, ChangedKind.ITEM, i, (("reason", new.unlinked[i]),)) for i in lost]
    out += [Change(ChangeKind.BECAME_ALIGNED, ChangedKind.ITEM, i) for i in gained]
    return out


def _blocking_changes(old: Analysis, new: Analysis, compared: list[str]) -> list[Change]:
    out = []
    for item_id in new.blocked.keys() - old.blocked.keys():
        chain_texts = [c.describe(new.team_of) for c in new.blocked[item_id]]
        out.append(Change(ChangeKind.BLOCKED, ChangedKind.ITEM, item_id, (("reasons", chain_texts),)))
    # An item's own `blocked:` text can differ only where its file did: look at those.
    for item_id in compared:
        prior, item = old.index.get(item_id), new.index.get(item_id)
        if not (isinstance(prior, Item) and isinstance(item, Item) and prior.blocked != item.blocked):
            continue
        if item_id in old.blocked and item_id in new.blocked:
            out.append(
                Change(ChangeKind.REASON, ChangedKind.ITEM, item_id, (("from", prior.blocked), ("to", item.blocked)))
            )
    for item_id in old.blocked.keys() - new.blocked.keys():
        if isinstance(new.index.get(item_id), Item):
            out.append(Change(ChangeKind.UNBLOCKED, ChangedKind.ITEM, item_id))
    for team_id, reasons in new.team_blocks.items():
        before_reasons = old.team_blocks.get(team_id)
        if before_reasons is reasons:
            continue
        texts = [r.text for r in reasons]
        if before_reasons is None:
            out.append(Change(ChangeKind.TEAM_BLOCKED, ChangedKind.TEAM, team_id, (("reasons", texts),)))
            continue
        before = [r.text for r in before_reasons]
        if before != texts:
            out.append(Change(ChangeKind.TEAM_REASONS, ChangedKind.TEAM, team_id, (("from", before), ("to", texts))))
    for team_id in old.team_blocks.keys() - new.team_blocks.keys():
        if isinstance(new.index.get(team_id), Team):
            out.append(Change(ChangeKind.TEAM_UNBLOCKED, ChangedKind.TEAM, team_id))
    return out


def _coverage(before: Analysis, after: Analysis) -> CoverageShift:
    teams = {
        team_id: (before.coverage.get(team_id), after.coverage.get(team_id))
        for team_id in sorted(set(before.coverage) | set(after.coverage))
    }
    return CoverageShift(before.board_coverage, after.board_coverage, teams)


def shown(value: object) -> str:
    """A field value in a sentence: `(none)` where it is not set."""
    return "(none)" if value is None else str(value)


def link_words(change: Change) -> str:
    """`serves`, `depends on`, `answers` (an opportunity), and `no longer …` each."""
    verb = {"depends_on": "depends on", "answers": "answers"}.get(str(change.get("link")), "serves")
    return verb if change.change is ChangeKind.LINK_ADDED else f"no longer {verb}"


def describe(change: Change) -> str:
    """One change as a short phrase: `one-click-pay serves checkout-conversion`."""
    c, kind, node_id = change.change, change.kind.value, change.id
    if c is ChangeKind.ADDED:
        aligned = change.get("aligned")
        return f"added {kind} {node_id}" + (" (no strategy link)" if aligned is False else "")
    if c is ChangeKind.REMOVED:
        return f"removed {kind} {node_id}"
    if c is ChangeKind.RETITLED:
        return f"retitled {kind} {node_id}"
    if c is ChangeKind.MOVED:
        return f"moved {node_id} from {change.get('from')} to {change.get('to')}"
    if c in (ChangeKind.HORIZON, ChangeKind.STATUS):
        return f"{node_id} {c.value} {change.get('from')} → {change.get('to')}"
    if c is ChangeKind.FIELD:
        subject = "" if change.kind is ChangedKind.BOARD else f"{node_id} "
        return f"{subject}{change.get('field')} {shown(change.get('from'))} → {shown(change.get('to'))}"
    if c is ChangeKind.REASON:
        what = "set" if change.get("from") is None else ("cleared" if change.get("to") is None else "changed")
        return f"{node_id} blocked reason {what}"
    if c is ChangeKind.ASSUMPTION:
        return assumption_words(change)
    if c in (ChangeKind.LINK_ADDED, ChangeKind.LINK_REMOVED):
        return f"{node_id} {link_words(change)} {change.get('target')}"
    if c is ChangeKind.BECAME_UNLINKED:
        return f"{node_id} lost its strategy link"
    if c is ChangeKind.BECAME_ALIGNED:
        return f"{node_id} gained a strategy link"
    if no_clarity(change):
        return f"{node_id} has {NO_CLARITY}" + (" now" if c is ChangeKind.TEAM_REASONS else "")
    if c in (ChangeKind.BLOCKED, ChangeKind.TEAM_BLOCKED):
        return f"{node_id} became blocked"
    if c is ChangeKind.TEAM_REASONS:
        return f"{node_id} blocked for changed reasons"
    return f"{node_id} unblocked"


def summary_line(result: BoardDiff, limit: int = 3) -> str:
    """The changes in one line, the edits first: what `trioboard log` shows.

    A few changes are named one by one; more are counted by what they are.
    """
    if not result.changes:
        return "no alignment change"
    edits = [c for c in result.changes if c.change not in _CONSEQUENCES]
    consequences = [c for c in result.changes if c.change in _CONSEQUENCES]
    if len(edits) + len(consequences) <= limit:
        return "; ".join(describe(c) for c in edits + consequences)
    parts = _counted(edits) if len(edits) > limit else [describe(c) for c in edits]
    for change, phrase in _CONSEQUENCE_PHRASES:
        n = sum(1 for c in consequences if c.change is change)
        if n:
            parts.append(phrase.format(n=n, s="" if n == 1 else "s"))
    unclear = [c.id for c in consequences if c.change is ChangeKind.TEAM_BLOCKED and no_clarity(c)]
    for change, phrase in _TEAM_PHRASES:
        teams = [c.id for c in consequences if c.change is change and c.id not in unclear]
        if teams:
            parts.append(f"{phrase.format(s='s' if len(teams) > 1 else '')}: {_few(teams)}")
    if unclear:
        parts.append(f"{NO_CLARITY}: {noun(len(unclear), 'team')} {_few(unclear)}")
    return "; ".join(parts)


def no_clarity(change: Change) -> bool:
    """A team that is "blocked" (newly, or now) only because it has no clarity: said in those words, not blocked."""
    if change.change not in (ChangeKind.TEAM_BLOCKED, ChangeKind.TEAM_REASONS):
        return False
    reasons = change.get("to" if change.change is ChangeKind.TEAM_REASONS else "reasons")
    return isinstance(reasons, list) and clarity_only(str(r) for r in reasons)


def _counted(edits: list[Change]) -> list[str]:
    parts = []
    for change in (ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.RETITLED, ChangeKind.MOVED):
        by_kind: dict[ChangedKind, int] = {}
        for c in edits:
            if c.change is change:
                by_kind[c.kind] = by_kind.get(c.kind, 0) + 1
        if by_kind:
            ordered = sorted(by_kind.items(), key=lambda entry: KIND_ORDER[entry[0]])
            counted = ", ".join(plural(n, kind_noun(k.value)) for k, n in ordered)
            unaligned = sum(1 for c in edits if c.change is change and c.get("aligned") is False)
            if change is ChangeKind.ADDED and unaligned:
                counted += f" ({unaligned} without a strategy link)"
            parts.append(f"{change.value} {counted}")
    for change, phrase in _EDIT_PHRASES:
        n = sum(1 for c in edits if c.change is change)
        if n:
            parts.append(phrase.format(n=n, s="" if n == 1 else "s"))
    return parts


def _few(ids: list[str], limit: int = 3) -> str:
    return ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


_CONSEQUENCES = frozenset(
    (
        ChangeKind.BECAME_UNLINKED,
        ChangeKind.BECAME_ALIGNED,
        ChangeKind.BLOCKED,
        ChangeKind.UNBLOCKED,
        ChangeKind.TEAM_BLOCKED,
        ChangeKind.TEAM_UNBLOCKED,
        ChangeKind.TEAM_REASONS,
    )
)
_EDIT_PHRASES = (
    (ChangeKind.HORIZON, "{n} horizon move{s}"),
    (ChangeKind.STATUS, "{n} status change{s}"),
    (ChangeKind.FIELD, "{n} field change{s}"),
    (ChangeKind.REASON, "{n} blocked reason{s} changed"),
    (ChangeKind.ASSUMPTION, "{n} assumption{s} changed"),
    (ChangeKind.LINK_ADDED, "{n} link{s} made"),
    (ChangeKind.LINK_REMOVED, "{n} link{s} broken"),
)
_CONSEQUENCE_PHRASES = (
    (ChangeKind.BECAME_UNLINKED, "{n} item{s} lost the strategy link"),
    (ChangeKind.BECAME_ALIGNED, "{n} item{s} gained a strategy link"),
    (ChangeKind.BLOCKED, "{n} item{s} became blocked"),
    (ChangeKind.UNBLOCKED, "{n} item{s} unblocked"),
)
_TEAM_PHRASES = (
    (ChangeKind.TEAM_BLOCKED, "blocked team{s}"),
    (ChangeKind.TEAM_UNBLOCKED, "unblocked team{s}"),
    (ChangeKind.TEAM_REASONS, "blocked for changed reasons: team{s}"),
)

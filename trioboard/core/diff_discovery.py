"""What changed in discovery between two versions of a node (SPEC 11), for `core.diff`.

An opportunity is reported like other nodes: moved to another team, its
status, its parent (a `field` change) and the outcomes it serves (links);
its title and owner `core.diff` reports for every node. An item reports
the opportunities it answers (links, `answers`) and its assumptions:
matched by their text, as the merge matches them, an assumption is added
(`from` null), removed (`to` null) or has its result changed
(`change: assumption`, with `text`, `from`, `to`); a change of its kind,
risk or test is a `field` change named as `set` names it
(`assumptions.2.risk`, counted from 1 in the later version).
"""

from __future__ import annotations

from trioboard.core.analysis import Analysis
from trioboard.core.changes import Change, ChangedKind, ChangeKind, field_change, link_changes
from trioboard.core.model import Assumption, Item, Node, Opportunity, Outcome
from trioboard.core.opportunities import opportunity_clause

SHORT_TEXT = 40
"""An assumption's text is cut to this many characters where a change is said in a phrase (`log`)."""


def discovery_changes(prior: Node, node: Node) -> list[Change]:
    """The discovery changes between two versions of one node (empty for goals, teams and outcomes)."""
    if isinstance(prior, Opportunity) and isinstance(node, Opportunity):
        return _opportunity_changes(prior, node)
    if isinstance(prior, Item) and isinstance(node, Item):
        links = link_changes(node, "answers", [r.id for r in prior.opportunities], [r.id for r in node.opportunities])
        return links + _assumption_changes(prior, node)
    return []


def unlinked_reason(node: Outcome | Opportunity, analysis: Analysis) -> str | None:
    """Why a new outcome or opportunity serves no goal (where its chain breaks), or None when it serves one."""
    if isinstance(node, Outcome):
        return analysis.unlinked_outcomes.get(node.id)
    if analysis.opportunities.goals.get(node.id):
        return None
    return "it " + opportunity_clause(node.id, analysis.opportunities, analysis.index).removeprefix("which ")


def _opportunity_changes(prior: Opportunity, node: Opportunity) -> list[Change]:
    kind = ChangedKind.OPPORTUNITY
    out = []
    if prior.team != node.team:
        out.append(Change(ChangeKind.MOVED, kind, node.id, (("from", prior.team), ("to", node.team))))
    if prior.status != node.status:
        out.append(Change(ChangeKind.STATUS, kind, node.id, (("from", prior.status), ("to", node.status))))
    before, after = (o.parent.id if o.parent else None for o in (prior, node))
    if before != after:
        out.append(field_change(kind, node.id, "parent", before, after))
    return out + link_changes(node, "serves", [r.id for r in prior.outcomes], [r.id for r in node.outcomes])


def _assumption_changes(prior: Item, item: Item) -> list[Change]:
    """Assumptions added, removed, or whose result changed, in the order the item lists them now."""
    before = {a.text: a for a in prior.assumptions}
    after = {a.text: a for a in item.assumptions}
    out = []
    for number, (text, now) in enumerate(after.items(), 1):
        was = before.get(text)
        if was is None or was.result != now.result:
            out.append(_change(item.id, now, was.result if was else None, now.result))
        for name in ("kind", "risk", "test") if was else ():
            old, new = getattr(was, name), getattr(now, name)
            if old != new:
                out.append(field_change(ChangedKind.ITEM, item.id, f"assumptions.{number}.{name}", old, new))
    out += [_change(item.id, was, was.result, None) for text, was in before.items() if text not in after]
    return out


def _change(item_id: str, assumption: Assumption, before: str | None, after: str | None) -> Change:
    details = (("text", assumption.text), ("from", before), ("to", after))
    return Change(ChangeKind.ASSUMPTION, ChangedKind.ITEM, item_id, details)


def short(text: str, limit: int = SHORT_TEXT) -> str:
    """An assumption's text in a phrase: cut after a whole word to at most `limit` characters, with `…`."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"


def assumption_words(change: Change) -> str:
    """`one-click-pay: assumption 'Buyers trust us…' untested → refuted` (or `added (untested)`, `removed`)."""
    before, after = change.get("from"), change.get("to")
    what = f"{change.id}: assumption '{short(str(change.get('text')))}'"
    if before is None:
        return f"{what} added ({after})"
    if after is None:
        return f"{what} removed"
    return f"{what} {before} → {after}"

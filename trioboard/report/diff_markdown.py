"""`diff --format markdown`: made to paste into a pull request.

A one-paragraph summary first, then a table of the changes and one of
coverage by team, then, when links changed, a Mermaid diagram of the part
of the strategy map that moved. All board text is escaped.
"""

from __future__ import annotations

from trioboard.core.diff import BoardDiff, Change
from trioboard.report.diff_text import SECTIONS, counts, percent
from trioboard.report.markup import md, md_code, mermaid_label

MAX_DIAGRAM_EDGES = 60


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _kinds(changes: list[Change]) -> str:
    by_kind: dict[str, int] = {}
    for c in changes:
        by_kind[c.kind.value] = by_kind.get(c.kind.value, 0) + 1
    return " and ".join(_plural(n, kind) for kind, n in by_kind.items())


def summary(result: BoardDiff) -> str:
    """One paragraph: what was edited, what it did to alignment, and coverage."""
    parts = []
    for change, verb in (("added", "adds"), ("removed", "removes"), ("retitled", "retitles"), ("moved", "moves")):
        picked = [c for c in result.changes if c.change == change]
        if picked:
            parts.append(f"{verb} {_kinds(picked)}")
    moves = sum(result.count(k) for k in ("horizon", "status"))
    if moves:
        parts.append(f"changes the horizon or status of {_plural(moves, 'item')}")
    links = result.count("link-added") + result.count("link-removed")
    if links:
        parts.append(f"changes {_plural(links, 'link')}")
    sentences = [f"This change {_join(parts)}." if parts else "This change edits no goal, outcome or item."]
    lost = [c.id for c in result.changes if c.change == "became-unlinked"]
    gained = [c.id for c in result.changes if c.change == "became-aligned"]
    newly_blocked = [c.id for c in result.changes if c.change == "team-blocked"]
    freed = [c.id for c in result.changes if c.change == "team-unblocked"]
    effects = []
    if lost:
        verb = "loses its" if len(lost) == 1 else "lose their"
        effects.append(f"{_plural(len(lost), 'item')} {verb} strategy link ({_ids(lost)})")
    if gained:
        verb = "gains a" if len(gained) == 1 else "gain a"
        effects.append(f"{_plural(len(gained), 'item')} {verb} strategy link ({_ids(gained)})")
    if newly_blocked:
        verb = "becomes" if len(newly_blocked) == 1 else "become"
        effects.append(f"{_plural(len(newly_blocked), 'team')} {verb} blocked ({_ids(newly_blocked)})")
    if freed:
        verb = "is" if len(freed) == 1 else "are"
        effects.append(f"{_plural(len(freed), 'team')} {verb} unblocked ({_ids(freed)})")
    if effects:
        text = _join(effects)
        sentences.append(text[0].upper() + text[1:] + ".")
    cov = result.coverage
    sentences.append(
        f"Board coverage: {percent(cov.before)} → **{percent(cov.after)}** "
        f"({counts(cov.before)} → {counts(cov.after)} active items aligned)."
    )
    return " ".join(sentences)


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _ids(ids: list[str], limit: int = 5) -> str:
    shown = ", ".join(md_code(i) for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _detail(change: Change) -> str:
    c = change.change
    if c in ("added", "removed"):
        return md(str(change.get("title")))
    if c == "retitled":
        return f"{md(str(change.get('from')))} → {md(str(change.get('to')))}"
    if c in ("moved", "horizon", "status"):
        return f"{md(str(change.get('from')))} → {md(str(change.get('to')))}"
    if c in ("link-added", "link-removed"):
        return md_code(str(change.get("target")))
    if c == "became-unlinked":
        return md(str(change.get("reason")))
    reasons = change.get("reasons")
    if isinstance(reasons, list):
        return "<br>".join(md(str(r)) for r in reasons)
    return ""


def render(result: BoardDiff, board: str, rev_from: str, rev_to: str) -> str:
    """The Markdown document; `board` is the board's display name."""
    out = [f"## Alignment of {md(board)}: {md(rev_from)} → {md(rev_to)}", "", summary(result)]
    if result.changes:
        out += ["", "| change | kind | id | detail |", "|---|---|---|---|"]
        for _, kinds in SECTIONS:
            for c in result.changes:
                if c.change in kinds:
                    out.append(f"| {c.change} | {c.kind.value} | {md_code(c.id)} | {_detail(c)} |")
    teams = result.coverage.changed_teams()
    if teams:
        out += ["", "### Coverage by team", "", "| team | before | after |", "|---|---|---|"]
        out += [f"| {md_code(t)} | {percent(a)} | {percent(b)} |" for t, (a, b) in teams.items()]
    diagram = mermaid(result)
    if diagram:
        out += ["", "### Links that changed", "", "```mermaid", *diagram, "```"]
    return "\n".join(out) + "\n"


def mermaid(result: BoardDiff) -> list[str]:
    """A flowchart of the links made (solid) and broken (dashed); empty when none changed."""
    links = [c for c in result.changes if c.change in ("link-added", "link-removed")][:MAX_DIAGRAM_EDGES]
    if not links:
        return []
    names: dict[str, str] = {}

    def node(node_id: str) -> str:
        if node_id not in names:
            names[node_id] = f"n{len(names)}"
        return names[node_id]

    lines = ["flowchart LR"]
    edges = []
    for c in links:
        source, target = node(c.id), node(str(c.get("target")))
        if c.change == "link-added":
            edges.append(f"  {source} -->|{mermaid_label('added')}| {target}")
        else:
            edges.append(f"  {source} -.->|{mermaid_label('removed')}| {target}")
    lines += [f"  {name}[{mermaid_label(node_id)}]" for node_id, name in names.items()]
    return lines + edges

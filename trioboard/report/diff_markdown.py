"""`diff --format markdown`: made to paste into a pull request.

A one-paragraph summary first, then a section per kind of change, the
findings the change introduced and resolved, coverage by team, and, when
links changed, a Mermaid diagram of the part of the strategy map that moved.
All board text is escaped.

The whole document fits one GitHub comment (65,536 characters; we keep to
60,000): a long section folds into `<details>`, and a section that still
does not fit its share of the room ends with "…and N more".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from trioboard.core.analysis import NO_CLARITY
from trioboard.core.diff import BoardDiff, Change, ChangedKind, ChangeKind, link_words, no_clarity, shown
from trioboard.core.diff_evidence import kind_noun
from trioboard.core.findings import Finding, Severity
from trioboard.core.text import noun
from trioboard.report.diff_text import SECTIONS, counts, percent, planned, still_blocked
from trioboard.report.markup import md, md_code, mermaid_label
from trioboard.report.paths import user_path

MAX_CHARS = 60_000
"""A GitHub comment holds 65,536; the rest is room for whatever a CI step adds around it."""
MAX_DIAGRAM_EDGES = 60
FOLD_ROWS = 10
"""A section with more rows than this is folded into `<details>`."""
MAX_TEXT = 300
"""Board text longer than this is cut inside a table cell."""
MAX_REASONS = 5
K = ChangeKind
_PLAIN_PATH = re.compile(r"[\w./:-]+")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {noun(n, word)}"


def _kinds(changes: list[Change]) -> str:
    by_kind: dict[str, int] = {}
    for c in changes:
        by_kind[c.kind.value] = by_kind.get(c.kind.value, 0) + 1
    return " and ".join(_plural(n, kind_noun(kind)) for kind, n in by_kind.items())


def summary(result: BoardDiff) -> str:
    """One paragraph: what was edited, what it did to alignment and findings, and coverage."""
    parts = []
    for change, verb in ((K.ADDED, "adds"), (K.REMOVED, "removes"), (K.RETITLED, "retitles"), (K.MOVED, "moves")):
        picked = result.of(change)
        if picked:
            unaligned = sum(1 for c in picked if c.get("aligned") is False)
            parts.append(
                f"{verb} {_kinds(picked)}" + (f" ({unaligned:,} without a strategy link)" if unaligned else "")
            )
    moves = result.of(K.HORIZON, K.STATUS)
    if moves:
        parts.append(f"changes the horizon or status of {_kinds(moves)}")
    for change, what in ((K.FIELD, "field"), (K.REASON, "blocked reason")):
        n = result.count(change)
        if n:
            parts.append(f"changes {_plural(n, what)}")
    links = result.count(K.LINK_ADDED) + result.count(K.LINK_REMOVED)
    if links:
        parts.append(f"changes {_plural(links, 'link')}")
    if result.count(K.ASSUMPTION):
        parts.append(f"changes {_plural(result.count(K.ASSUMPTION), 'assumption')}")
    sentences = [f"This change {_join(parts)}." if parts else "This change edits no goal, outcome or item."]
    effects = []
    for change, word, one, many in (
        (K.BECAME_UNLINKED, "item", "loses its strategy link", "lose their strategy link"),
        (K.BECAME_ALIGNED, "item", "gains a strategy link", "gain a strategy link"),
        (K.TEAM_BLOCKED, "team", "becomes blocked", "become blocked"),
        (K.TEAM_BLOCKED, "team", f"has {NO_CLARITY}", f"have {NO_CLARITY}"),
        (K.TEAM_UNBLOCKED, "team", "is unblocked", "are unblocked"),
        (K.TEAM_REASONS, "team", "is blocked for other reasons", "are blocked for other reasons"),
    ):
        # A team "blocked" only for want of clarity is said to have none: it waits on no one.
        unclear = f"has {NO_CLARITY}" == one
        ids = [c.id for c in result.of(change) if change is not K.TEAM_BLOCKED or unclear == no_clarity(c)]
        if ids:
            effects.append(f"{_plural(len(ids), word)} {one if len(ids) == 1 else many} ({_ids(ids)})")
    if effects:
        text = _join(effects)
        sentences.append(text[0].upper() + text[1:] + ".")
    if result.new_findings or result.resolved_findings:
        sentences.append(_findings_sentence(result.new_findings, result.resolved_findings))
    cov = result.coverage
    sentences.append(
        f"Board coverage: {percent(cov.before)} → **{percent(cov.after)}** "
        f"({counts(cov.before)} → {counts(cov.after)} active items aligned)."
    )
    return " ".join(sentences)


def _findings_sentence(new: list[Finding], resolved: list[Finding]) -> str:
    errors = sum(1 for f in new if f.severity is Severity.ERROR)
    introduced = _plural(len(new), "new finding") + (f" ({_plural(errors, 'error')})" if errors else "")
    return f"It introduces {introduced} and resolves {_plural(len(resolved), 'finding')}."


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _ids(ids: list[str], limit: int = 5) -> str:
    shown_ids = ", ".join(md_code(i) for i in ids[:limit])
    return shown_ids + (f" and {len(ids) - limit:,} more" if len(ids) > limit else "")


def _text(value: object) -> str:
    """Board text for a cell, cut to MAX_TEXT characters before escaping (so no escape is cut in two)."""
    raw = shown(value)
    return md(raw[:MAX_TEXT]) + ("…" if len(raw) > MAX_TEXT else "")


def _reasons(value: object) -> str:
    reasons = value if isinstance(value, list) else []
    cells = [_text(r) for r in reasons[:MAX_REASONS]]
    if len(reasons) > MAX_REASONS:
        cells.append(f"…and {len(reasons) - MAX_REASONS:,} more")
    return "<br>".join(cells)


def _planned_md(change: Change) -> str:
    """` — in `payments`: now · planned; over its WIP limit (2 now items, limit 1)` for an added item."""
    if (parts := planned(change)) is None:
        return ""
    team, horizon, status, over = parts
    return f" — in {md_code(team)}: {md(horizon)} · {md(status)}" + (f"; over its WIP limit ({over})" if over else "")


def _detail(change: Change) -> str:
    c = change.change
    if c is K.ADDED:
        aligned = change.get("aligned")
        note = (
            ""
            if aligned is None
            else (" (aligned)" if aligned else f" (no strategy link: {_text(change.get('reason'))})")
        )
        return _text(change.get("title")) + note + _planned_md(change)
    if c is K.REMOVED:
        return _text(change.get("title"))
    if c in (K.RETITLED, K.MOVED, K.HORIZON, K.STATUS, K.REASON):
        return f"{_text(change.get('from'))} → {_text(change.get('to'))}"
    if c is K.FIELD:
        return f"{md_code(str(change.get('field')))}: {_text(change.get('from'))} → {_text(change.get('to'))}"
    if c in (K.LINK_ADDED, K.LINK_REMOVED):
        return f"{link_words(change)} {md_code(str(change.get('target')))}"
    if c is K.ASSUMPTION:
        before, after = change.get("from"), change.get("to")
        what = "added" if before is None else "removed" if after is None else f"{md(str(before))} → {md(str(after))}"
        return f"{_text(change.get('text'))}: {what}" + (f" ({md(str(after))})" if before is None else "")
    if c is K.BECAME_UNLINKED:
        return _text(change.get("reason"))
    if c is K.TEAM_REASONS:
        return f"{still_blocked(change)} {_reasons(change.get('to'))}"
    return _reasons(change.get("reasons"))


@dataclass(slots=True)
class _Section:
    """A heading with a table (or a diagram) whose rows can be cut to fit."""

    title: str
    head: list[str]
    rows: list[str]
    tail: list[str]
    """Lines after the rows (the diagram's closing fence)."""
    noun: str
    """What a row is, for "…and N more …"."""
    fold: bool = True
    """False: a diagram, shown whole or, when it does not fit, replaced by `instead`."""
    instead: str = ""

    def render(self, room: int | None = None) -> str:
        """The section in at most `room` characters (None: whole), saying how many rows it left out."""
        folded = self.fold and len(self.rows) > FOLD_ROWS
        if folded:
            opening = [f"<details><summary><b>{self.title}</b> ({len(self.rows):,})</summary>", ""]
            closing = ["", "</details>"]
        else:
            opening, closing = [f"### {self.title}", ""], []
        fixed = opening + self.head
        whole = "\n".join(fixed + self.rows + self.tail + closing)
        if room is None or len(whole) <= room:
            return whole
        if not self.fold:
            return "\n".join([f"### {self.title}", "", self.instead]) if len(self.instead) < room else ""
        left = room - _size(fixed + self.tail + closing) - len(f"\n\n…and {len(self.rows):,} more {self.noun}")
        kept: list[str] = []
        for row in self.rows:
            if left < len(row) + 1:
                break
            kept.append(row)
            left -= len(row) + 1
        more = f"…and {len(self.rows) - len(kept):,} more {self.noun}"
        return "\n".join([*fixed, *kept, *self.tail, "", more, *closing])


def _size(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


_TABLE_HEAD = ["| change | kind | id | detail |", "|---|---|---|---|"]


def _sections(result: BoardDiff, board_root: Path, cwd: Path) -> list[_Section]:
    sections = []
    for heading, kinds in SECTIONS:
        rows = [f"| {c.change.value} | {c.kind.value} | {_id(c)} | {_detail(c)} |" for c in result.of(*kinds)]
        if rows:
            sections.append(_Section(heading, _TABLE_HEAD, rows, [], "changes"))
    for heading, findings in (("New findings", result.new_findings), ("Resolved findings", result.resolved_findings)):
        if findings:
            rows = [_finding_row(f, board_root, cwd) for f in findings]
            head = ["| severity | rule | where | message |", "|---|---|---|---|"]
            sections.append(_Section(heading, head, rows, [], "findings"))
    teams = result.coverage.changed_teams()
    if teams:
        rows = [f"| {md_code(t)} | {percent(a)} | {percent(b)} |" for t, (a, b) in teams.items()]
        head = ["| team | before | after |", "|---|---|---|"]
        sections.append(_Section("Coverage by team", head, rows, [], "teams"))
    diagram = mermaid(result)
    if diagram:
        edges = [line for line in diagram if "->" in line]
        nodes = [line for line in diagram[1:] if "->" not in line]
        links = result.count(K.LINK_ADDED) + result.count(K.LINK_REMOVED)
        tail = ["```"]
        if links > len(edges):
            tail += ["", f"…and {links - len(edges):,} more links not drawn (all of them are listed under Links)"]
        head = ["```mermaid", diagram[0], *nodes]
        instead = f"The diagram of the {links:,} links that changed is left out to fit one comment."
        sections.append(_Section("Links that changed", head, edges, tail, "links", fold=False, instead=instead))
    return sections


def _id(change: Change) -> str:
    return "" if change.kind is ChangedKind.BOARD else md_code(change.id)


def _finding_row(finding: Finding, board_root: Path, cwd: Path) -> str:
    place = f"{user_path(board_root, finding.file, cwd)}:{finding.line}"
    where = f"`{place}`" if _PLAIN_PATH.fullmatch(place) else md(place)
    return f"| {finding.severity.value} | {finding.rule} | {where} | {_text(finding.message)} |"


def render(result: BoardDiff, board: str, rev_from: str, rev_to: str, board_root: Path, cwd: Path) -> str:
    """The Markdown document, at most MAX_CHARS characters; `board` is the board's display name."""
    opening = "\n".join([f"## Alignment of {_text(board)}: {_text(rev_from)} → {_text(rev_to)}", "", summary(result)])
    sections = _sections(result, board_root, cwd)
    whole = [s.render() for s in sections]
    room = MAX_CHARS - len(opening) - 2 * len(sections) - 1
    if sum(len(text) for text in whole) > room:
        whole = [s.render(share) for s, share in zip(sections, _shares([len(t) for t in whole], room), strict=True)]
    return "\n\n".join([opening, *(text for text in whole if text)]) + "\n"


def _shares(wanted: list[int], room: int) -> list[int]:
    """Split `room` between sections: each gets what it needs up to an equal share of what is left."""
    shares = [0] * len(wanted)
    left = room
    pending = sorted(range(len(wanted)), key=lambda n: wanted[n])
    while pending:
        fair = left // len(pending)
        n = pending.pop(0)
        shares[n] = min(wanted[n], max(fair, 0))
        left -= shares[n]
    return shares


def mermaid(result: BoardDiff) -> list[str]:
    """A flowchart of the links made (solid) and broken (dashed), each labelled with its kind.

    Empty when no link changed; at most MAX_DIAGRAM_EDGES edges (the caller says how many were left out).
    """
    links = result.of(K.LINK_ADDED, K.LINK_REMOVED)[:MAX_DIAGRAM_EDGES]
    if not links:
        return []
    names: dict[str, str] = {}

    def node(node_id: str) -> str:
        if node_id not in names:
            names[node_id] = f"n{len(names)}"
        return names[node_id]

    edges = []
    for c in links:
        source, target = node(c.id), node(str(c.get("target")))
        arrow = "-->" if c.change is K.LINK_ADDED else "-.->"
        edges.append(f"  {source} {arrow}|{mermaid_label(link_words(c))}| {target}")
    return ["flowchart LR", *(f"  {name}[{mermaid_label(node_id)}]" for node_id, name in names.items()), *edges]

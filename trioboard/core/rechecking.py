"""The findings of a board derived from those of a neighbouring version, when only a few teams changed.

The companion of `core.reanalysis`: when the analysis of the new board was
derived from the old one (the interface of every changed team file is the
same), every finding about another file is the same too, except schedule
conflicts, whose horizons are not part of the interface. So the rules run
over the changed files and the changed teams' share of the analysis only,
and the other files keep their findings. A keystroke in a team file of a
10,000-item board then checks one team, not the board.

Evidence files speak for teams and opportunities of other files: what the
cadence rules (`_OF_EVIDENCE`) find in a team file depends on every evidence
file, and a changed team (its trio, an opportunity's status) or a changed
evidence file changes it. Those rules are linear and cheap, so they run over
the whole board every time. Every other finding in an evidence file is the
file's own, or an `unknown-ref` that only the board's ids and their kinds
decide, which a derived analysis keeps (they are part of the interface).

The result equals `run_rules(board, analysis)` (tests compare the two).
"""

from __future__ import annotations

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Finding
from trioboard.core.model import Board, Evidence
from trioboard.core.rules import RULE_NAMES, run_rules

_EVERYWHERE = frozenset({"schedule-conflict"})
"""Rules whose findings about unchanged files may change with a changed team (a horizon is not in the interface)."""

_OF_EVIDENCE = frozenset({"no-touchpoint", "trio-not-in-discovery", "unevidenced-opportunity"})
"""Rules whose findings in team files count the evidence files: they run over the whole board."""

_OTHERS = RULE_NAMES - _OF_EVIDENCE
"""Rules whose findings are found again only in the changed files (and `_EVERYWHERE`'s from the analysis)."""


def recheck(before: Board, findings: list[Finding], board: Board, analysis: Analysis) -> list[Finding] | None:
    """The findings of `board` from `findings`, those of `before`; None when every rule must run.

    Only valid when `analysis` was derived from the analysis of `before` by
    `reanalysis.reanalyse` (which relies on unchanged files being the same
    objects in both boards).
    """
    if before.goals is not board.goals or len(before.problems) != len(board.problems):
        return None
    if len(before.teams) != len(board.teams) or analysis.duplicates:
        return None
    changed = [(old, new) for old, new in zip(before.problems, board.problems, strict=True) if old is not new]
    if any(old.file != new.file for old, new in changed):
        return None  # a file went and another came: the old one's findings must go too
    changed_files = {new.file for _, new in changed}
    teams = [new for old, new in zip(before.teams, board.teams, strict=True) if old is not new]
    if any(team.pos.file not in changed_files for team in teams):
        return None
    evidence = _changed_evidence(before, board, changed_files)
    if evidence is None:
        return None
    team_ids = {team.id for team in teams}
    items = [item.id for team in teams for item in team.items]
    outcomes = [outcome.id for team in teams for outcome in team.outcomes]
    part = Board(
        name=board.name,
        goals=[],
        teams=teams,
        policy=board.policy,
        problems=[problems for problems in board.problems if problems.file in changed_files],
        files=sorted(changed_files),
        appeared=board.appeared,
        done_on=board.done_on,
        evidence=evidence,
    )
    share = Analysis(
        index=analysis.index,
        team_of=analysis.team_of,
        unlinked_outcomes={o: analysis.unlinked_outcomes[o] for o in outcomes if o in analysis.unlinked_outcomes},
        aligned=analysis.aligned,
        unlinked={i: analysis.unlinked[i] for i in items if i in analysis.unlinked},
        blocked={i: analysis.blocked[i] for i in items if i in analysis.blocked},
        broken=[(item, ref) for item, ref in analysis.broken if item.team in team_ids],
        schedule_conflicts=analysis.schedule_conflicts,
        team_blocks={t: analysis.team_blocks[t] for t in team_ids if t in analysis.team_blocks},
        coverage=analysis.coverage,
        today=analysis.today,
    )
    again = _EVERYWHERE | _OF_EVIDENCE
    kept = [f for f in findings if f.file not in changed_files and f.rule not in again]
    found = run_rules(part, share, only=_OTHERS) + run_rules(board, analysis, only=_OF_EVIDENCE)
    return sorted(kept + found, key=Finding.sort_key)


def _changed_evidence(before: Board, board: Board, changed_files: set[str]) -> list[Evidence] | None:
    """The evidence files of `board` that changed; None when evidence files came or went (every rule must run)."""
    if len(before.evidence) != len(board.evidence):
        return None
    changed = []
    for old, new in zip(before.evidence, board.evidence, strict=True):
        if old is new:
            continue
        if old.path != new.path or new.path not in changed_files:
            return None
        changed.append(new)
    return changed

"""incomplete-trio: a team with a trio role missing.

Every team has a product manager, a designer and an engineering lead
(`trio: {product, design, engineering}`). The missing role is named.

Why it matters: the gap becomes visible before it slows the team down.

How to fix: name the person in the team's `trio:` (`trioboard edit set TEAM
trio.design="Name"`).

How to silence: Set it to `off` (or `info`, `warning`, `error`) in
board.yaml: `policy: {severity: {incomplete-trio: off}}`.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import TRIO_ROLES, Board
from trioboard.core.rules.base import Draft, Rule
from trioboard.core.vocabulary import TrioRole


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """One finding per team whose trio is not complete."""
    for team in board.teams:
        if analysis.index.get(team.id) is not team:
            continue
        missing = [role for role in TRIO_ROLES if role not in team.trio]
        if missing:
            roles = ", no ".join(TrioRole(role).words for role in missing)
            yield Draft(f"team {team.id} has no {roles} in its trio", team.pos, (team.id,))


RULE = Rule("incomplete-trio", Severity.WARNING, "a team with a trio role missing", check, doc=__doc__ or "")

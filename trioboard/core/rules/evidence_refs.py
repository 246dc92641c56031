"""The links an evidence file's front matter makes: `team`, `supports` and `challenges` (part of `unknown-ref`)."""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.model import Board, Kind
from trioboard.core.rules.base import Draft
from trioboard.core.text import a_or_an

SUPPORTABLE = frozenset((Kind.OPPORTUNITY, Kind.ITEM))
"""What evidence may speak for or against: opportunities and roadmap items."""
_SUPPORTABLE_WORDS = "an opportunity or an item"


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """Every evidence link to an id that does not exist or is of the wrong kind."""
    for evidence in board.evidence:
        if evidence.team is not None and evidence.team_pos is not None:
            team = analysis.index.get(evidence.team)
            if team is None or team.kind is not Kind.TEAM:
                yield Draft(
                    f"'team' of {evidence.path} names {evidence.team}, which is not a team of the board",
                    evidence.team_pos,
                    (evidence.team,),
                )
        for field, refs in (("supports", evidence.supports), ("challenges", evidence.challenges)):
            for ref in refs:
                target = analysis.index.get(ref.id)
                if target is None:
                    why = "which does not exist"
                elif target.kind not in SUPPORTABLE:
                    why = f"which is {a_or_an(target.kind.value)}, not {_SUPPORTABLE_WORDS}"
                else:
                    continue
                yield Draft(f"'{field}' of {evidence.path} names {ref.id}, {why}", ref.pos, (ref.id,))

"""What a rule is: a name, a default severity, its documentation and a check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board, Pos


@dataclass(frozen=True, slots=True)
class Draft:
    """A finding before the policy has given it a severity."""

    message: str
    pos: Pos
    ids: tuple[str, ...] = ()


Check = Callable[[Board, Analysis], Iterable[Draft]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of SPEC section 4."""

    name: str
    default: Severity
    """Its severity unless a policy says otherwise (for a rule off by default: the level it is meant at)."""
    summary: str
    """One line: what it finds."""
    check: Check
    structural: bool = False
    """Structural rules cannot be set below `error` by a policy."""
    doc: str = ""
    """The user documentation: the rule module's docstring (see `RuleDoc` for its parts)."""
    off_by_default: bool = False
    """Runs only when `policy.severity` names it (SPEC 10: so existing boards keep their findings)."""

    @property
    def default_level(self) -> str:
        """What runs with no policy: its severity, or `off`."""
        return "off" if self.off_by_default else self.default.value

    @property
    def parts(self) -> RuleDoc:
        """The documentation split into its parts."""
        return RuleDoc.parse(self.doc)


DOC_PARTS = ("Why it matters", "How to fix", "How to silence")
"""The labelled paragraphs every rule docstring has after what it finds, in this order."""


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """A rule's documentation: the one source of `explain`, docs/rules.md and SARIF's help.

    A rule module's docstring reads `name: summary.`, a blank line, what the
    rule finds (one or more paragraphs), then one paragraph per `DOC_PARTS`
    label, each starting `Label: `.
    """

    summary: str
    finds: str
    why: str
    fix: str
    silence: str

    @classmethod
    def parse(cls, doc: str) -> RuleDoc:
        """Split a docstring into its parts; a missing part is empty (a test requires every one)."""
        paragraphs = [" ".join(p.split()) for p in doc.strip().split("\n\n") if p.strip()]
        head = paragraphs[0].partition(": ")[2] if paragraphs else ""
        labelled = {label: "" for label in DOC_PARTS}
        finds = []
        for paragraph in paragraphs[1:]:
            label, sep, rest = paragraph.partition(": ")
            if sep and label in labelled:
                labelled[label] = rest
            else:
                finds.append(paragraph)
        why, fix, silence = (labelled[label] for label in DOC_PARTS)
        return cls(head, "\n\n".join(finds), why, fix, silence)


def load_problems(board: Board, rule: str) -> Iterable[Draft]:
    """The problems of one rule found while reading the files."""
    for entry in board.problems:
        for problem in entry.problems:
            if problem.rule == rule:
                yield Draft(problem.message, Pos(entry.file, problem.line, problem.column), problem.ids)

"""parse-error: a file that is not valid YAML, or not UTF-8.

A board file must be one UTF-8 YAML document. trioboard also refuses, as a
parse error, what a board has no use for and what could hurt the machine
reading it: anchors and aliases, nesting deeper than 64 levels, files over
5 MB, and symbolic links or special files in place of a board file.

Why it matters: the file's content is left out of every other rule, so
nothing it says is checked until it reads again.

How to fix: go to the line named and correct the YAML there (an unclosed
quote, a tab used for indentation, a stray `:`); write anchors out in full;
save the file as UTF-8; replace a link or special file with a plain file.

How to silence: It cannot be silenced: `policy.severity` cannot set it below
`error`, because a board that cannot be read cannot be trusted.
"""

from __future__ import annotations

from collections.abc import Iterable

from trioboard.core.analysis import Analysis
from trioboard.core.findings import Severity
from trioboard.core.model import Board
from trioboard.core.rules.base import Draft, Rule, load_problems


def check(board: Board, analysis: Analysis) -> Iterable[Draft]:
    """The files that could not be read."""
    return load_problems(board, "parse-error")


RULE = Rule("parse-error", Severity.ERROR, "a file that is not valid YAML, or not UTF-8", check, True, __doc__ or "")

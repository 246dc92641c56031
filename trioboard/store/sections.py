"""Some top-level keys of a board file, cut out as a YAML document of their own, to parse less.

A history of thousands of check-ins reads each version of a team file
for its measures only: the outcomes are a tenth of a team file, and
parsing the whole file again for every check-in was most of the time.
The cut is made only where the file's top level is plain block YAML, so
that the keys cut out read exactly as they read in the whole file: every
line at the left margin is a comment, a `key:` or a `- ` entry of the key
above. Anything else at the margin (a document marker, a directive, a
multi-line quoted value, a tab) and the caller parses the whole file.
"""

from __future__ import annotations

import re

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t\r]+|$)")
_CLOSED = {
    '"': re.compile(r'"(?:[^"\\]|\\.)*"[ \t]*(?:#.*)?'),
    "'": re.compile(r"'(?:[^']|'')*'[ \t]*(?:#.*)?"),
    "{": re.compile(r"\{[^{}]*\}[ \t]*(?:#.*)?"),
    "[": re.compile(r"\[[^\[\]]*\][ \t]*(?:#.*)?"),
}
"""A value opened with a quote or a bracket must close on its line, or it might run on at the margin."""


def top_level(data: bytes, keys: frozenset[str]) -> bytes | None:
    """`data` with only its top-level `keys` left, on their own lines; None when the cut cannot be trusted."""
    text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        lines = text.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    kept: list[str] = []
    keep = False
    for line in lines:
        first = line[:1]
        if first in ("", " ", "\r", "#"):
            pass  # indented, blank or a comment: the key above goes on
        elif first == "-" and line[1:2] in ("", " ", "\r"):
            pass  # an entry of a list written at the margin
        else:
            match = _KEY.match(line)
            if match is None or _runs_on(line[match.end() :].rstrip("\r ")):
                return None
            keep = match.group(1) in keys
        # A line left out is left blank, so that what is kept is where it was in the file.
        kept.append(line if keep else "")
    return "\n".join(kept).encode("utf-8")


def _runs_on(value: str) -> bool:
    """Whether a value may continue on the following lines (a quote or bracket left open)."""
    closed = _CLOSED.get(value[:1])
    return closed is not None and closed.fullmatch(value) is None

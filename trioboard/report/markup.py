"""Quoting board text safely inside Markdown and Mermaid.

Board text is untrusted: a title must not be able to close a table cell,
open a link, end a Mermaid label or start a Mermaid comment.
"""

from __future__ import annotations

import re

from trioboard.core.text import printable

# CommonMark lets a backslash escape any ASCII punctuation, and GFM tables
# honour `\|`: escaping all of it leaves no way to form markup or HTML.
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: str) -> str:
    """Text for a Markdown paragraph or table cell, shown literally."""
    return _MD_SPECIAL.sub(r"\\\1", printable(text))


def md_code(text: str) -> str:
    """An id in a code span; ids hold no backticks, anything else is escaped."""
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", text):
        return f"`{text}`"
    return md(text)


_MERMAID_ENTITY = {
    '"': "#quot;",
    "#": "#35;",
    "%": "#37;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "&": "#amp;",
    "\\": "#92;",
    "|": "#124;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "(": "#40;",
    ")": "#41;",
    ";": "#59;",
    "\n": " ",
    "\r": " ",
}
_MERMAID_SPECIAL = re.compile("|".join(re.escape(k) for k in _MERMAID_ENTITY))


def mermaid_label(text: str) -> str:
    """A Mermaid node or edge label, quoted: no character in it is syntax."""
    body = _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ENTITY[m.group()], printable(text))
    return f'"{body}"'


def dot_string(text: str) -> str:
    """A Graphviz DOT quoted string."""
    body = printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'

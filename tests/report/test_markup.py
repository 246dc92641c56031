"""Board text in the formats that have markup (Mermaid, DOT, Markdown, GitHub workflow commands) stays text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from trioboard.core.text import printable
from trioboard.report.github_report import escape_data, escape_property
from trioboard.report.markup import dot_string, md, mermaid_label

_ENTITY = re.compile(r"#(?:\d+|quot|lt|gt|amp);")


@given(st.text())
def test_no_title_can_break_a_mermaid_label(text: str) -> None:
    label = mermaid_label(text)
    assert label.startswith('"') and label.endswith('"')
    body = _ENTITY.sub("", label[1:-1])
    assert not set(body) & set('"#%<>`[]{}()|;&\\\n\r')
    assert "%%" not in label and "-->" not in label


def _read_dot_string(token: str) -> str:
    """Parse one DOT quoted string, failing if a quote closes it early."""
    assert token[0] == '"'
    out, i = [], 1
    while i < len(token):
        ch = token[i]
        if ch == "\\":
            out.append(token[i + 1])
            i += 2
            continue
        if ch == '"':
            assert i == len(token) - 1, "the string ended early"
            return "".join(out)
        out.append(ch)
        i += 1
    raise AssertionError("unterminated")


@given(st.text())
def test_no_title_can_break_a_dot_string(text: str) -> None:
    assert _read_dot_string(dot_string(text)) == printable(text)


@given(st.text())
def test_markdown_text_is_literal(text: str) -> None:
    escaped = md(text)
    assert "\n" not in escaped
    assert re.fullmatch(r"(?:\\[!-/:-@\[-`{-~]|[^!-/:-@\[-`{-~])*", escaped, re.S)


def test_github_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("100% done\r\n::error::x") == "100%25 done%0D%0A::error::x"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"

"""`trioboard export`: the strategy map as Mermaid, DOT, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trioboard.core.text import printable
from trioboard.report.markup import dot_string, md, mermaid_label

from conftest import DEMO, write_board
from test_cli_check import golden, run


@pytest.fixture
def demo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "demo"


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "json", "csv"])
def test_demo_export_goldens(demo_copy: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(["export", "--format", fmt, "--board", "demo"], capsys)
    assert (code, err) == (0, "")
    golden(f"demo-export.{fmt}", out)


def test_mermaid_marks_unlinked_and_blocked_in_words(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["export", "--format", "mermaid", "--board", "demo"], capsys)[1]
    assert out.startswith("flowchart LR\n")
    assert re.search(r'\["⚠ no strategy link · dark-mode: Dark mode for the app"\]:::unlinked', out)
    assert re.search(r'\["⊘ blocked · one-click-pay: One-click pay for returning renters"\]:::blocked', out)
    assert "api-v1-sunset" not in out, "dropped items are not on the map"


def test_team_filter_keeps_what_the_team_links_to(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(run(["export", "--format", "json", "--team", "platform", "--board", "demo"], capsys)[1])
    assert {i["team"] for i in out["items"]} == {"platform"}
    assert {o["id"] for o in out["outcomes"]} == {
        "search-relevance",
        "checkout-conversion",
        "discovery-new-markets",
        "local-payment-methods",
        "payment-reliability",
    }
    assert {g["id"] for g in out["goals"]} == {"grow-retention", "grow-revenue", "expand-eu"}
    code, _, err = run(["export", "--format", "json", "--team", "nobody", "--board", "demo"], capsys)
    assert code == 2 and err == "trioboard: error: the board has no team 'nobody'\n"


def test_csv_cannot_smuggle_a_formula(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = write_board(
        tmp_path / "b",
        "name: A\ngoals: []\n",
        {"alpha": 'id: alpha\nname: A\nroadmap:\n  - id: a\n    title: \'=HYPERLINK("http://x","y")\'\n'},
    )
    out = run(["export", "--format", "csv", "--board", str(board)], capsys)[1]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["title"] == '\'=HYPERLINK("http://x","y")'


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

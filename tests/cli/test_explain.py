"""`trioboard explain [RULE]` (SPEC 12), and SARIF's rule help from the same text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from trioboard.core.rules import RULES

from helpers import DEMO, run


def test_without_a_rule_it_lists_every_rule_with_its_severity(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["explain"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    assert [line.split()[1] for line in lines] == [rule.default_level for rule in RULES.values()]


@pytest.mark.parametrize("name", list(RULES))
def test_each_rule_says_what_why_severity_fix_and_silence(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["explain", name], capsys)
    assert (code, err) == (0, "")
    rule = RULES[name]
    assert out.startswith(f"{name}: {rule.parts.summary}\n")
    assert f"Default severity: {rule.default_level}." in out
    for label in ("Why it matters: ", "How to fix: ", "How to silence: "):
        assert f"\n{label}" in out
    assert rule.parts.finds in out


def test_an_unknown_rule_suggests_the_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["explain", "unlinked-items"], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "trioboard: error: no rule 'unlinked-items' (did you mean 'unlinked-item'?); 'trioboard explain' lists them\n"
    )


def test_sarif_help_is_the_explanation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    _code, out, _err = run(["check", str(tmp_path / "demo"), "--format", "sarif"], capsys)
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for described in rules:
        explained = run(["explain", described["id"]], capsys)[1]
        assert described["help"]["text"] + "\n" == explained
        assert described["help"]["markdown"].startswith(f"# {described['id']}\n")

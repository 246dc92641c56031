"""The CI gate: github, junit and sarif output, and `--since` (SPEC section 5)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from trioboard.core.rules import RULES

from helpers import DEMO, REPO_ROOT, git, golden, run, write_board

SARIF_SCHEMA = REPO_ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def demo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "demo"


# -- github ------------------------------------------------------------------


def test_github_golden(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "demo", "--format", "github"], capsys)
    assert (code, err) == (1, "")
    golden("demo-check.github", out)
    first = out.splitlines()[0]
    assert first == (
        "::warning file=demo/board.yaml,line=64,col=5,title=trioboard unsupported-goal::"
        "no outcome serves goal cut-cost-to-serve"
    )
    levels = {line.split(" ", 1)[0] for line in out.splitlines()[:-1]}
    assert levels == {"::error", "::warning", "::notice"}


def test_no_board_text_can_start_a_workflow_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    teams = tmp_path / "b" / "teams"
    write_board(tmp_path / "b", "name: A\ngoals: []\n")
    teams.mkdir()
    (teams / "x,y:z.yaml").write_text("id: x\nname: X\n")
    (teams / "alpha.yaml").write_text(
        'id: alpha\nname: A\nblocked: "50% %0A::error file=x::pwned, really: yes"\n'
        "roadmap:\n  - id: a\n    title: '::warning::hi'\n    outcomes: ['::error::x']\n"
    )
    code, out, _ = run(["check", str(tmp_path / "b"), "--format", "github"], capsys)
    assert code == 1
    for line in out.splitlines()[:-1]:
        assert re.fullmatch(r"::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,title=[^,:]*::.*", line), line
    assert any("file=" in line and "x%2Cy%3Az.yaml" in line for line in out.splitlines())
    assert "50%25 %250A::error file=x::pwned, really: yes" in out
    assert not any(line.startswith("::") and "pwned" in line.split("::", 2)[1] for line in out.splitlines())
    assert out.splitlines()[-1].startswith("::notice title=trioboard check::")
    assert out.splitlines()[-1].endswith(
        "/b: 3 errors, 5 warnings; coverage 0%25 (0 of 1 active items aligned); blocked teams: alpha; no clarity: x — 8 annotations"
    )


# -- junit -------------------------------------------------------------------


def _normalise_times(xml: str) -> str:
    return re.sub(r'time="[0-9.]+"', 'time="T"', xml)


def test_junit_golden_and_parse_back(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "demo", "--format", "junit"], capsys)
    assert (code, err) == (1, "")
    golden("demo-check.junit.xml", _normalise_times(out))
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    failures = [f for c in cases for f in c.findall("failure")]
    assert suite.get("failures") == str(len(failures)) == "6"
    assert suite.get("tests") == str(len(cases)) == str(len(RULES))  # six rules fail once each
    assert [c.get("name") for c in cases if c.find("failure") is not None] == [
        "parse-error: demo/teams/partnerships.yaml",
        "schema: demo/teams/search.yaml",
        "duplicate-id: saved-searches",
        "unknown-ref: seasonal-ranking search-ranking",
        "dependency-cycle: insurance-partner-api claims-workflow",
        "broken-dependency: partner-reporting api-v1-sunset",
    ]
    assert all(re.fullmatch(r"\d+\.\d{3}", t) for t in [root.get("time"), suite.get("time")] if t)
    unlinked = next(c for c in cases if c.get("name") == "unlinked-item")
    assert unlinked.find("failure") is None
    assert "demo/teams/growth.yaml:44:5: warning: dark-mode has no strategy link" in unlinked.findtext("system-out", "")


def test_junit_fail_on_warning_makes_warnings_failures(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["check", "demo", "--format", "junit", "--fail-on", "warning"], capsys)
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None and suite.get("failures") == "39"


def test_junit_policy_off_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = write_board(tmp_path / "b", "name: A\ngoals: []\npolicy:\n  severity:\n    incomplete-trio: 'off'\n")
    _, out, _ = run(["check", str(board), "--format", "junit"], capsys)
    case = next(c for c in ET.fromstring(out).iter("testcase") if c.get("name") == "incomplete-trio")
    assert case.find("skipped") is not None


def test_junit_strips_what_xml_cannot_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = write_board(tmp_path / "b", "name: A\ngoals: []\n")
    (board / "teams").mkdir()
    (board / "teams" / "bad\x1b[31m\x07name.yaml").write_text("id: x\nname: X\n")
    code, out, _ = run(["check", str(board), "--format", "junit"], capsys)
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    root = ET.fromstring(out)
    assert any("bad[31mname.yaml" in (f.text or "") for f in root.iter("failure"))


# -- sarif -------------------------------------------------------------------


def test_sarif_golden_and_schema(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "demo", "--format", "sarif"], capsys)
    assert (code, err) == (1, "")
    golden("demo-check.sarif", out)
    log = json.loads(out)
    run0 = log["runs"][0]
    assert [r["id"] for r in run0["tool"]["driver"]["rules"]] == list(RULES)
    assert all(r["help"]["text"] for r in run0["tool"]["driver"]["rules"])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run0["results"]}
    assert "demo/teams/trust.yaml" in uris and not any(u.startswith("/") for u in uris)
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"{SARIF_SCHEMA} is absent: the schema lives in ../shared beside the repository")
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_fingerprints_ignore_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team = "id: alpha\nname: A\nroadmap:\n  - id: loose\n    title: Loose\n"
    board = write_board(tmp_path / "b", "name: A\ngoals: []\n", {"alpha": team})
    _, before, _ = run(["check", str(board), "--format", "sarif"], capsys)
    (board / "teams" / "alpha.yaml").write_text("# a comment\n\n" + team)
    _, after, _ = run(["check", str(board), "--format", "sarif"], capsys)

    def prints(text: str) -> dict[str, tuple[int, str]]:
        results = json.loads(text)["runs"][0]["results"]
        return {
            r["ruleId"]: (r["locations"][0]["physicalLocation"]["region"]["startLine"], r["partialFingerprints"])
            for r in results
        }

    assert prints(before)["unlinked-item"][0] + 2 == prints(after)["unlinked-item"][0]
    assert prints(before)["unlinked-item"][1] == prints(after)["unlinked-item"][1]


# -- --since -------------------------------------------------------------------

TEAM = """\
id: alpha
name: Alpha
trio: {product: A, design: B, engineering: C}
roadmap:
  - id: old-loose
    title: Was already unlinked
"""


def test_since_reports_only_new_findings_matched_by_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = write_board(tmp_path / "b", "name: A\ngoals: []\n", {"alpha": TEAM})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Start")
    grown = TEAM.replace(
        "roadmap:\n", "# the board grew above the old finding\nroadmap:\n  - id: new-loose\n    title: New\n"
    )
    (board / "teams" / "alpha.yaml").write_text(grown)
    code, out, err = run(["check", str(board), "--since", "HEAD", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert [(f["rule"], f["ids"]) for f in document["findings"]] == [("unlinked-item", ["new-loose"])]
    assert document["summary"]["warnings"] == 1
    assert run(["check", str(board), "--since", "HEAD", "--fail-on", "warning"], capsys)[0] == 1
    git(tmp_path, "commit", "-qam", "Grow")
    assert run(["check", str(board), "--since", "HEAD", "--fail-on", "warning"], capsys)[0] == 0
    _, out, _ = run(["check", str(board), "--since", "HEAD~1", "--format", "json"], capsys)
    assert [f["ids"] for f in json.loads(out)["findings"]] == [["new-loose"]]


def test_since_a_revision_without_the_board_reports_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "README").write_text("x\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "Before the board")
    board = write_board(tmp_path / "b", "name: A\ngoals: []\n", {"alpha": TEAM})
    _, since, _ = run(["check", str(board), "--since", "HEAD", "--format", "json"], capsys)
    _, everything, _ = run(["check", str(board), "--format", "json"], capsys)
    assert json.loads(since)["findings"] == json.loads(everything)["findings"]
    assert {f["rule"] for f in json.loads(since)["findings"]} == {"unlinked-item", "blocked-team"}


@pytest.mark.parametrize(
    ("setup", "rev", "message"),
    [
        (True, "no-such-branch", "trioboard: error: --since needs git: unknown revision 'no-such-branch'\n"),
        (True, "--output=/tmp/x", "trioboard: error: --since needs git: unknown revision '--output=/tmp/x'\n"),
        (False, "HEAD", "is not in a git work tree\n"),
    ],
)
def test_since_cannot_run_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: bool, rev: str, message: str
) -> None:
    board = write_board(tmp_path / "b", "name: A\ngoals: []\n")
    if setup:
        git(tmp_path, "init", "-q")
        git(tmp_path, "add", ".")
        git(tmp_path, "commit", "-qm", "Start")
    code, out, err = run(["check", str(board), f"--since={rev}"], capsys)
    assert (code, out) == (2, "")
    assert err.endswith(message) and err.count("\n") == 1

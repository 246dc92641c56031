"""check, diff and log in real CI (issue 11): shallow clones, any revision git
takes, finding identity under --since, the github and junit formats, finding
the board from a subdirectory. Every test runs over a real git history."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import commit_all, git, run, write_board

BOARD = "name: Acme\ngoals:\n  - id: grow\n    title: Grow\n"

ALPHA = """\
id: alpha
name: Alpha
trio: {product: A, design: B, engineering: C}
outcomes:
  - id: o1
    title: O1
    goals: [grow]
roadmap:
  - id: a1
    title: A1
    outcomes: [o1]
    horizon: now
    blocked: waiting for the vendor
  - id: a2
    title: A2
    outcomes: [o1]
    horizon: now
    depends_on: [b1]
"""

BETA = """\
id: beta
name: Beta
trio: {product: A, design: B, engineering: C}
outcomes:
  - id: o2
    title: O2
    goals: [grow]
roadmap:
  - id: b1
    title: B1
    outcomes: [o2]
    horizon: now
    blocked: legal review
"""


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose board has three commits; the cwd is its top."""
    repo = tmp_path / "repo"
    board = write_board(repo, BOARD, {"alpha": ALPHA, "beta": BETA})
    git(repo, "init", "-q")
    commit_all(repo, "Start the board")
    (board / "teams" / "alpha.yaml").write_text(ALPHA.replace("title: A2", "title: A2, retitled"))
    commit_all(repo, "Retitle a2")
    (board / "teams" / "beta.yaml").write_text(BETA.replace("title: B1", "title: B1, retitled"))
    commit_all(repo, "Retitle b1")
    monkeypatch.chdir(repo)
    return repo


# -- 11: --since identity ------------------------------------------------------


def test_since_unblocking_an_item_is_not_a_new_blocked_team_finding(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # alpha is blocked by a1 (its own reason) and by a2 ← b1 (beta's); unblocking a1
    # leaves alpha blocked by the chain only: the same finding, with other root causes.
    alpha = history / "teams" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("    blocked: waiting for the vendor\n", ""))
    commit_all(history, "Unblock a1")
    code, out, err = run(["check", "--since", "HEAD~1", "--fail-on", "warning", "--format", "json"], capsys)
    assert err == ""
    assert json.loads(out)["findings"] == []
    assert code == 0


def test_since_a_cycle_is_the_same_finding_whichever_node_it_starts_at(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alpha = history / "teams" / "alpha.yaml"
    cx = "  - id: cx\n    title: X\n    outcomes: [o1]\n    depends_on: [cy]\n"
    cy = "  - id: cy\n    title: Y\n    outcomes: [o1]\n    depends_on: [cx]\n"
    alpha.write_text(alpha.read_text() + cx + cy)
    commit_all(history, "A cycle cx → cy → cx")
    _, before, _ = run(["check", "--since", "HEAD~1", "--format", "json"], capsys)
    assert "dependency cycle: cx → cy → cx" in [f["message"] for f in json.loads(before)["findings"]]
    # The same two items in the other order: the cycle is now named from cy.
    alpha.write_text(alpha.read_text().replace(cx + cy, cy + cx))
    code, out, err = run(["check", "--since", "HEAD", "--format", "json"], capsys)
    assert json.loads(out)["findings"] == []
    assert (code, err) == (0, "")
    _, now, _ = run(["check", "--format", "json"], capsys)
    assert "dependency cycle: cy → cx → cy" in [f["message"] for f in json.loads(now)["findings"]]


def test_since_the_summary_line_says_it_is_filtered(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    alpha = history / "teams" / "alpha.yaml"
    alpha.write_text(alpha.read_text() + "  - id: loose\n    title: Loose\n")
    code, out, _ = run(["check", "--since", "HEAD"], capsys)
    last = out.splitlines()[-1]
    assert last.startswith(".: 1 warning new since HEAD (5 findings HEAD already had are not shown); coverage ")
    assert code == 0
    _, out, _ = run(["check", "--since", "HEAD", "--format", "json"], capsys)
    assert json.loads(out)["summary"]["since"] == {"revision": "HEAD", "not_shown": 5}


# -- 15: check finds the board as diff and log do -----------------------------


def test_check_finds_the_board_from_a_subdirectory_and_takes_board(
    history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(history / "teams")
    code, out, err = run(["check"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith("..: 2 warnings, 3 infos;")
    assert out.splitlines()[0].startswith("alpha.yaml:1:1: warning[blocked-team]")
    code, out, err = run(["check", "--board", "..", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["board"] == ".."
    code, _, err = run(["check", "..", "--board", ".."], capsys)
    assert code == 2 and err.count("\n") == 1


# -- 12: github ----------------------------------------------------------------


def test_github_every_line_is_a_workflow_command_and_a_step_summary_is_written(
    history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary_file = history.parent / "step-summary.md"
    summary_file.write_text("# earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    alpha = history / "teams" / "alpha.yaml"
    alpha.write_text(alpha.read_text() + "".join(f"  - id: loose{n}\n    title: L{n}\n" for n in range(12)))
    code, out, err = run(["check", "--format", "github"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert all(re.match(r"::(error|warning|notice)( [^:]*)?::", line) for line in lines), lines
    assert lines[-1].startswith("::notice title=trioboard check::.: 14 warnings, 3 infos; coverage 20%25 (3 of 15 ")
    assert lines[-1].endswith(
        " — 17 annotations in all (GitHub shows at most 10 per level on a step; "
        "the job summary and trioboard check list every one)"
    )
    written = summary_file.read_text()
    assert written.startswith("# earlier step\n### trioboard check: \\.\n")
    assert "| warning | 14 |" in written
    assert "| `teams/alpha.yaml:19` | `unlinked-item` | loose0 has no strategy link" in written


def test_github_writes_no_step_summary_when_github_does_not_ask(
    history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    run(["check", "--format", "github"], capsys)
    assert sorted(p.name for p in history.parent.iterdir()) == ["repo"]


# -- 13: junit -----------------------------------------------------------------


@pytest.mark.parametrize("fail_on", ["error", "warning", "info"])
def test_junit_counts_add_up(history: Path, capsys: pytest.CaptureFixture[str], fail_on: str) -> None:
    alpha = history / "teams" / "alpha.yaml"
    alpha.write_text(alpha.read_text() + "  - id: loose\n    title: Loose\n  - id: loose2\n    title: L\n")
    _, out, _ = run(["check", "--format", "junit", "--fail-on", fail_on], capsys)
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert int(suite.get("tests", "")) == len(cases)
    assert int(suite.get("failures", "")) == len(failures)
    assert int(suite.get("skipped", "")) == len(skipped)
    assert all(len(c.findall("failure")) <= 1 for c in cases)
    expected = {"error": 0, "warning": 4, "info": 7}[fail_on]  # 2 blocked-team, 2 unlinked-item, 3 blocked-item
    assert len(failures) == expected
    passed = len(cases) - len(failures) - len(skipped)
    assert passed >= 0
    names = [c.get("name") for c in cases]
    if fail_on != "error":
        assert "unlinked-item: loose" in names and "unlinked-item" not in names
    assert "duplicate-id" in names  # a passing rule is one passing test case


# -- 9: shallow clones, as actions/checkout makes them ------------------------


def shallow_clone(origin: Path, where: Path, *args: str) -> Path:
    git(origin.parent, "clone", "-q", "--depth", "1", *args, f"file://{origin}", str(where))
    return where


def actions_checkout(origin: Path, where: Path, branch: str) -> Path:
    """What actions/checkout does on a pull request: one commit of one ref, no origin/main."""
    where.mkdir()
    git(where, "init", "-q")
    git(where, "remote", "add", "origin", f"file://{origin}")
    git(where, "fetch", "-q", "--depth=1", "origin", f"+refs/heads/{branch}:refs/remotes/origin/{branch}")
    git(where, "checkout", "-q", "--detach", f"origin/{branch}")
    return where


def test_shallow_clone_since_and_diff_say_how_to_fetch(
    history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = shallow_clone(history, history.parent / "clone")
    monkeypatch.chdir(clone)
    for args in (["check", "--since", "HEAD~1"], ["diff", "HEAD~1"], ["diff", "HEAD~1", "HEAD"]):
        code, out, err = run(args, capsys)
        assert (code, out) == (2, ""), args
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "'HEAD~1' is not in this shallow clone" in err
        assert "git fetch --unshallow" in err


def test_shallow_pull_request_checkout_since_the_base_branch(
    history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    git(history, "checkout", "-qb", "pr-1")
    beta = history / "teams" / "beta.yaml"
    beta.write_text(beta.read_text().replace("title: O2", "title: O2, sharper"))
    commit_all(history, "Sharpen o2")
    clone = actions_checkout(history, history.parent / "clone", "pr-1")
    monkeypatch.chdir(clone)
    code, out, err = run(["check", "--since", "origin/main"], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "trioboard: error: --since needs git: 'origin/main' is not in this shallow clone; "
        "fetch it with: git fetch --depth=1 origin main:refs/remotes/origin/main\n"
    )
    git(clone, "fetch", "-q", "--depth=1", "origin", "main:refs/remotes/origin/main")  # the fix it names is enough
    code, out, err = run(["check", "--since", "origin/main", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["summary"]["since"]["revision"] == "origin/main"
    code, out, err = run(["diff", "origin/main", "HEAD", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert [c["id"] for c in json.loads(out)["changes"]] == ["o2"]


def test_shallow_clone_log_says_where_the_visible_history_begins(
    history: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = shallow_clone(history, history.parent / "clone", "--depth", "2")
    monkeypatch.chdir(clone)
    code, out, err = run(["log"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 4
    assert "retitled item b1" in lines[0]
    assert "history before this commit is not in this shallow clone" in lines[1]
    assert "created" not in lines[1] and "added" not in lines[1]
    assert lines[2].startswith("shallow clone: the history visible here begins at ")
    assert "git fetch --unshallow" in lines[2]
    _, out, _ = run(["log", "--format", "json"], capsys)
    entries = json.loads(out)
    assert entries[-1]["summary"] == "history before this commit is not in this shallow clone"


# -- 10: any revision git takes, objects read through git ----------------------


@pytest.mark.parametrize("rev", ["HEAD@{1.week.ago}", "HEAD@{yesterday}", "HEAD@{1}", ":/Retitle a2", "HEAD^{tree}"])
def test_since_takes_any_revision_git_takes(history: Path, capsys: pytest.CaptureFixture[str], rev: str) -> None:
    code, out, err = run(["check", "--since", rev, "--format", "json"], capsys)
    if rev == "HEAD^{tree}":
        assert (code, out) == (2, "")
        assert err == f"trioboard: error: --since needs git: {rev!r} names no commit\n"
        return
    assert (code, err) == (0, "")
    assert json.loads(out)["findings"] == []
    code, out, err = run(["diff", rev, "--format", "json"], capsys)
    assert (code, err) == (0, "")


def test_a_reflog_entry_that_is_not_there_is_exit_2(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "--since", "HEAD@{99}"], capsys)
    assert (code, out) == (2, "")
    assert (
        err == "trioboard: error: --since needs git: unknown revision 'HEAD@{99}': log for 'HEAD' only has 3 entries\n"
    )
    code, out, err = run(["diff", "HEAD@{99}"], capsys)
    assert (code, out, err) == (
        2,
        "",
        "trioboard: error: unknown revision 'HEAD@{99}': log for 'HEAD' only has 3 entries\n",
    )


def test_clean_and_smudge_filters_are_honoured(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The board is stored base64-encoded; the work tree holds the YAML.
    git(history, "config", "filter.b64.clean", "base64")
    git(history, "config", "filter.b64.smudge", "base64 -d")
    (history / ".gitattributes").write_text("*.yaml filter=b64\n")
    for path in (history / "board.yaml", *sorted((history / "teams").iterdir())):
        path.write_text(path.read_text())
        git(history, "add", "--renormalize", str(path))
    commit_all(history, "Store the board base64-encoded")
    assert git(history, "cat-file", "-p", "HEAD:board.yaml").startswith("bmFtZTog")
    code, out, err = run(["check", "--since", "HEAD", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["findings"] == []
    code, out, err = run(["diff", "HEAD~1", "HEAD", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["changes"] == []


# -- 16: a directory named like a board file ------------------------------------


def test_a_directory_named_like_a_team_file_is_said_to_be_one(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (history / "teams" / "dir.yaml").mkdir()
    (history / "teams" / "dir.yaml" / "notes.txt").write_text("not a team\n")
    commit_all(history, "A directory in teams/")
    _, out, _ = run(["check", "--format", "json"], capsys)
    found = [f for f in json.loads(out)["findings"] if f["file"] == "teams/dir.yaml"]
    assert [(f["rule"], f["message"]) for f in found] == [
        ("parse-error", "teams/dir.yaml is a directory, not a team file; a team file is a regular file")
    ]
    code, out, err = run(["check", "--since", "HEAD", "--format", "json", "--fail-on", "info"], capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["findings"] == []


# -- 20: export ------------------------------------------------------------------


def test_export_keeps_dropped_items_and_gives_owner_dependencies_and_trio(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alpha = history / "teams" / "alpha.yaml"
    alpha.write_text(
        alpha.read_text() + "  - id: gone\n    title: Gone\n    outcomes: [o1]\n    status: dropped\n    owner: Dana\n"
    )
    commit_all(history, "Drop an item")
    code, out, err = run(["export", "--format", "csv"], capsys)
    assert (code, err) == (0, "")
    import csv
    import io

    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["gone"]["state"] == "dropped" and rows["gone"]["owner"] == "Dana"
    assert rows["a2"]["depends_on"] == "b1"
    assert (rows["a2"]["trio_product"], rows["a2"]["trio_design"], rows["a2"]["trio_engineering"]) == ("A", "B", "C")
    _, out, _ = run(["export", "--format", "json"], capsys)
    items = {i["id"]: i for i in json.loads(out)["items"]}
    assert items["gone"]["state"] == "dropped" and items["gone"]["owner"] == "Dana"
    _, out, _ = run(["export", "--format", "mermaid"], capsys)
    assert "gone" not in out  # the diagram shows the work that is on


def test_a_whole_board_mermaid_too_big_to_render_says_so(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    alpha = history / "teams" / "alpha.yaml"
    items = "".join(f"  - id: item-{n}\n    title: {'A long title ' * 4}{n}\n    outcomes: [o1]\n" for n in range(600))
    alpha.write_text(alpha.read_text() + items)
    code, out, err = run(["export", "--format", "mermaid"], capsys)
    assert code == 0 and len(out) > 50_000
    assert err == (
        f"trioboard: warning: this Mermaid diagram is {len(out):,} characters; Mermaid renders at most 50,000 "
        "by default (maxTextSize): export one team at a time with --team T\n"
    )
    code, out, err = run(["export", "--format", "mermaid", "--team", "beta"], capsys)
    assert (code, err) == (0, "")


def test_shallow_clone_tui_history_does_not_present_the_boundary_as_creating_the_board(history: Path) -> None:
    from trioboard.report.diff_text import render_commit
    from trioboard.workspace.history import commit_changes

    clone = shallow_clone(history, history.parent / "clone", "--depth", "2")
    boundary = git(clone, "rev-parse", "HEAD~1").strip()
    text = render_commit(commit_changes(clone, boundary), clone)
    assert text.startswith(f"{boundary[:7]}: the history before this commit is not in this shallow clone")
    assert "added" not in text
    head = git(clone, "rev-parse", "HEAD").strip()
    assert "item b1 retitled" in render_commit(commit_changes(clone, head), clone)


def test_also_write_puts_a_report_in_a_file_and_writes_into_a_pipe_without_replacing_it(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import threading

    code, out, err = run(["check", "--format", "github", "--also-write", "json=report.json"], capsys)
    assert (code, err) == (0, "")
    assert json.loads((history / "report.json").read_text())["summary"]["warnings"] == 2
    assert out.splitlines()[-1].startswith("::notice ")
    fifo = history.parent / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()), daemon=True)
    reader.start()
    code, _, err = run(["check", "--also-write", f"sarif={fifo}"], capsys)
    reader.join(10)
    assert (code, err) == (0, "")
    assert json.loads(received[0])["version"] == "2.1.0"
    assert fifo.is_fifo()
    code, _, err = run(["check", "--also-write", "yaml=x"], capsys)
    assert code == 2 and "FORMAT=FILE" in err

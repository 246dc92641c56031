"""The edit engine: every operation's exact diff, git hygiene, refusals, undo.

Edits run against a heavily commented, hand-written board (tests/data/handwritten)
in real repositories in tmp_path: one LF file in the 2/4/2 style, one CRLF
file with indentless sequences and 4-space mappings, and a board.yaml with
4-space goals and quoted values.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from trioboard.core import edits as E
from trioboard.workspace import Workspace

from helpers import GOLDEN, HANDWRITTEN, UPDATE, git, run

GOLDEN_EDITS = GOLDEN / "edits"


@pytest.fixture
def board(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(HANDWRITTEN, root / "plan")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Start")
    return root / "plan"


OPS = {
    "set-title": E.SetFields("passkeys", (("title", "Passkeys for sign-in and recovery"),)),
    "set-title-single-quoted": E.SetFields("magic-links", (("title", "Magic links: it's back"),)),
    "set-horizon-crlf": E.SetFields("runbooks", (("horizon", "now"),)),
    "set-blocked": E.SetFields("magic-links", (("blocked", "Waiting on the passkeys rollout"),)),
    "set-status": E.SetFields("passkeys", (("status", "done"),)),
    "set-trio": E.SetFields("web", (("trio.engineering", "Dana"),)),
    "remove-trio-role": E.SetFields("web", (("trio.engineering", ""),)),
    "set-goal-metric": E.SetFields("grow", (("metric", "weekly active teams (7-day)"),)),
    "set-notes-multiline": E.SetFields(
        "passkeys", (("notes", "Security review done.\nRollout at 10%.\nTrioboard-Edit: forged"),)
    ),
    "set-goal-notes": E.SetFields("keep", (("notes", "Churn is measured monthly.\n\nSee the finance deck."),)),
    "remove-notes": E.SetFields("passkeys", (("notes", ""),)),
    "set-tags": E.SetFields("magic-links", (("tags", "auth, web"),)),
    "set-team-tags": E.SetFields("web", (("tags", "growth"),)),
    "set-links-crlf": E.SetFields(
        "pager-rotation", (("links", "https://wiki.example.com/pager, https://x.example/a"),)
    ),
    "set-depends-on": E.SetFields("sso", (("depends_on", "passkeys, magic-links"),)),
    "add-to-depends-on": E.SetFields("magic-links", (("depends_on", "passkeys, sso"),)),
    "clear-depends-on": E.SetFields("magic-links", (("depends_on", ""),)),
    "link": E.Link("sso", "faster-signup"),
    "link-crlf-block-list": E.Link("pager-rotation", "faster-signup"),
    "unlink": E.Unlink("magic-links", "passkeys"),
    "add-goal": E.AddGoal("cut-cost", "Cut cost per seat by 10%", metric="cost per seat"),
    "add-team": E.AddTeam("data", 'Data: pipelines & "quality"', product="Gus"),
    "add-outcome": E.AddOutcome("fewer-drops", "web", "Fewer drop-offs at step two", goals=("grow",)),
    "add-item-crlf": E.AddItem("status-page", "ops", "Public status page", outcomes=("uptime",), horizon="next"),
    "move": E.Move("magic-links", "ops"),
    "move-crlf": E.Move("pager-rotation", "web"),
    "rm-item": E.Remove("passkeys"),
    "rm-outcome-crlf": E.Remove("uptime"),
    "rm-goal": E.Remove("grow"),
    "rm-team": E.Remove("ops"),
    "add-opportunity-crlf": E.AddOpportunity("alert-fatigue", "ops", "On-call drowns in alerts", ("uptime",)),
    "assume-crlf": E.Assume("pager-rotation", 'People swap shifts: "fairly"', "desirability", "medium", "Survey"),
    "assume": E.Assume("sso", "Admins want SAML, not OIDC", "feasibility", "high"),
}


@pytest.mark.parametrize("name", list(OPS))
def test_every_operation_changes_only_its_lines(board: Path, name: str) -> None:
    result = Workspace(board).edit(OPS[name])  # type: ignore[arg-type]
    repo = board.parent
    shown = subprocess.run(["git", "show", "--format=%s", "HEAD"], cwd=repo, capture_output=True, check=True).stdout
    golden = GOLDEN_EDITS / f"{name}.diff"
    if UPDATE:
        golden.write_bytes(shown)
    assert shown == golden.read_bytes(), f"differs from {golden}; UPDATE_GOLDEN=1 rewrites it"
    assert shown.decode().splitlines()[0] == result.message
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "log", "--format=%an <%ae>", "-1") == "Test Planner <planner@example.com>\n"


def test_crlf_files_stay_crlf(board: Path) -> None:
    Workspace(board).edit(E.Move("magic-links", "ops"))
    data = (board / "teams" / "ops.yaml").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")


def test_the_message_says_what_rm_touched(board: Path) -> None:
    result = Workspace(board).edit(E.Remove("uptime"))
    assert result.message == "Remove outcome uptime and 2 links to it from pager-rotation, runbooks"


def test_unrelated_changes_staged_or_not_are_left_alone(board: Path) -> None:
    repo = board.parent
    (repo / "notes.md").write_text("draft\n")
    git(repo, "add", "notes.md")
    (repo / "scratch.txt").write_text("unstaged\n")
    (board / "README").write_text("inside the board dir, but not a board file\n")
    before = git(repo, "status", "--porcelain")
    Workspace(board).edit(E.SetFields("sso", (("horizon", "now"),)))
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == "plan/teams/web.yaml\n"
    assert git(repo, "status", "--porcelain") == before
    assert git(repo, "diff", "--cached", "--name-only") == "notes.md\n"


def test_hooks_do_not_run_for_trioboard_commits(board: Path) -> None:
    hook = board.parent / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho hook ran > hook-ran\nexit 1\n")
    hook.chmod(0o755)
    Workspace(board).edit(E.SetFields("sso", (("horizon", "now"),)))
    assert not (board.parent / "hook-ran").exists()


def _head_and_files(board: Path) -> tuple[str, dict[str, bytes]]:
    files = {p.relative_to(board).as_posix(): p.read_bytes() for p in board.rglob("*.yaml")}
    return git(board.parent, "rev-parse", "HEAD"), files


REFUSALS = [
    (["set", "nobody", "title=x"], "no goal, team, outcome, opportunity or item has the id 'nobody'"),
    (["set", "sso", "horizon=soon"], "horizon must be one of now, next, later, not 'soon'"),
    (["set", "sso", "title="], "title cannot be empty"),
    (["set", "sso", "title=a\nb"], "title contains a line break; it must be one line of text"),
    (["set", "sso", "title=\x1b]0;pwned\x07"], "title contains the control character U+001B"),
    (["set", "sso", "colour=red"], "an item has no field 'colour' to set"),
    (["set", "sso", "horizon=later"], "sso already has that value"),
    (["link", "sso", "grow"], "cannot link an item to a goal"),
    (["link", "magic-links", "passkeys"], "magic-links is already linked to passkeys"),
    (["link", "sso", "sso"], "an item cannot depend on itself"),
    (["unlink", "sso", "faster-signup"], "sso is not linked to faster-signup"),
    (["add-goal", "keep", "--title", "Again"], "the id keep is already taken by the goal in board.yaml"),
    (["add-item", "../../etc", "--team", "web", "--title", "x"], "'../../etc' is not a valid id"),
    (["add-item", "x", "--team", "nope", "--title", "x"], "there is no team 'nope'"),
    (["add-outcome", "x", "--team", "web", "--title", "x", "--goal", "sso"], "goals names goals, and sso is an item"),
    (["move", "sso", "--team", "web"], "sso is already in team web"),
    (["move", "faster-signup", "--team", "ops"], "only roadmap items and opportunities move between teams"),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS, ids=[" ".join(a[:2]) for a, _ in REFUSALS])
def test_refusals_exit_1_and_write_nothing(
    board: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = _head_and_files(board)
    code, out, err = run(["edit", *args[:1], "--board", str(board), *args[1:]], capsys)
    assert (code, out) == (1, "")
    assert err.startswith(f"trioboard: refused: {message}"), err
    assert err.count("\n") == 1
    assert _head_and_files(board) == before
    assert git(board.parent, "status", "--porcelain") == ""


def test_a_file_with_uncommitted_changes_is_not_overwritten(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    web = board / "teams" / "web.yaml"
    web.write_text(web.read_text() + "# my unsaved thought\n")
    code, _, err = run(["edit", "set", "sso", "horizon=now", "--board", str(board)], capsys)
    assert code == 1
    assert err == (
        "trioboard: refused: plan/teams/web.yaml has changes that are not committed; "
        "commit or stash them first (trioboard will not overwrite them)\n"
    )
    assert web.read_text().endswith("# my unsaved thought\n")
    # Another file is fine to edit meanwhile.
    assert run(["edit", "set", "runbooks", "horizon=now", "--board", str(board)], capsys)[0] == 0


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            "MERGE_HEAD",
            "a merge is in progress in this repository; finish or abort it first "
            "(resolve the conflicts and `git commit`, or `git merge --abort`)",
        ),
        (
            "rebase-merge",
            "a rebase is in progress in this repository; finish or abort it first "
            "(`git rebase --continue` or `git rebase --abort`)",
        ),
        (
            "CHERRY_PICK_HEAD",
            "a cherry-pick is in progress in this repository; finish or abort it first "
            "(`git cherry-pick --continue` or `git cherry-pick --abort`)",
        ),
        ("BISECT_LOG", "a bisect is in progress in this repository; finish or abort it first (`git bisect reset`)"),
        ("detached", "HEAD is detached; check out a branch before editing the board"),
    ],
)
def test_refused_mid_operation_or_detached(
    board: Path, capsys: pytest.CaptureFixture[str], setup: str, message: str
) -> None:
    repo = board.parent
    if setup == "detached":
        git(repo, "checkout", "-q", "--detach")
    elif setup == "rebase-merge":
        (repo / ".git" / setup).mkdir()
    else:
        (repo / ".git" / setup).write_text(git(repo, "rev-parse", "HEAD"))
    before = _head_and_files(board)
    code, _, err = run(["edit", "set", "sso", "horizon=now", "--board", str(board)], capsys)
    assert (code, err) == (1, f"trioboard: refused: {message}\n")
    assert _head_and_files(board) == before


def test_no_identity_says_how_and_writes_nothing(
    board: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    before = _head_and_files(board)
    code, out, err = run(["edit", "set", "sso", "horizon=now", "--board", str(board)], capsys)
    assert (code, out) == (2, "")
    assert "git does not know who you are" in err and "--author" in err
    assert _head_and_files(board) == before
    code, out, _ = run(
        ["edit", "set", "sso", "horizon=now", "--board", str(board), "--author", "Ro Bot <ro@example.com>"], capsys
    )
    assert code == 0
    assert git(board.parent, "log", "-1", "--format=%an <%ae>|%cn") == "Ro Bot <ro@example.com>|Ro Bot\n"


def test_cli_prints_the_short_hash_and_message(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["edit", "link", "sso", "faster-signup", "--board", str(board)], capsys)
    assert (code, err) == (0, "")
    sha = git(board.parent, "rev-parse", "--short=7", "HEAD").strip()
    assert out == f"{sha} Link sso to faster-signup\n"


def test_undo_walks_back_with_new_commits(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = _head_and_files(board)[1]
    space = Workspace(board)
    space.edit(E.SetFields("sso", (("horizon", "now"),)))
    space.edit(E.Remove("passkeys"))
    first = space.undo()
    assert first.message == "Undo: Remove item passkeys and 1 link to it from magic-links"
    second = space.undo()
    assert second.message == "Undo: Set horizon of item sso to now"
    assert _head_and_files(board)[1] == original
    assert git(board.parent, "rev-list", "--count", "HEAD") == "5\n", "history is never rewritten"
    code, _, err = run(["edit", "undo", "--board", str(board)], capsys)
    assert code == 1 and "nothing to undo" in err


def test_undo_keeps_later_changes_to_other_lines(board: Path) -> None:
    space = Workspace(board)
    space.edit(E.SetFields("sso", (("horizon", "now"),)))
    repo = board.parent
    web = board / "teams" / "web.yaml"
    web.write_text(web.read_text().replace("# Web team.", "# The web team."))
    git(repo, "commit", "-qam", "A person's own change")
    space.undo()
    text = web.read_text()
    assert "# The web team." in text and "    horizon: later\n" in text


def test_a_stale_expectation_is_refused(board: Path) -> None:
    space = Workspace(board)
    Workspace(board).edit(E.SetFields("sso", (("title", "SSO for every team"),)))
    with pytest.raises(E.Refused, match="changed by someone else meanwhile"):
        space.edit(E.SetFields("sso", (("title", "Mine"),), expect=(("title", "SSO for teams"),)))


def test_new_keys_are_ordered_by_every_key_the_format_has() -> None:
    from trioboard.core.schema import GOAL_KEYS, ITEM_KEYS, OUTCOME_KEYS, TEAM_KEYS
    from trioboard.store.editor import KEY_ORDER

    assert set(KEY_ORDER["roadmap"]) == ITEM_KEYS
    assert set(KEY_ORDER["outcomes"]) == OUTCOME_KEYS
    assert set(KEY_ORDER["goals"]) == GOAL_KEYS
    assert set(KEY_ORDER[""]) >= TEAM_KEYS


def test_no_text_can_add_a_line_or_a_trailer_to_a_commit_message() -> None:
    from trioboard.store.git.identity import one_line

    assert one_line("Retitle item a\n\nSigned-off-by: Mallory <m@x>") == "Retitle item a Signed-off-by: Mallory <m@x>"
    # The ESC goes; what followed it is harmless text.
    assert one_line("a\r\x1b[31mb\u2028c\x85d") == "a [31mb c d"

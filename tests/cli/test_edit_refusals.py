"""Edits refused at the edges, before the transaction: real repositories under tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import DEMO, git, run


@pytest.fixture
def top(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose top holds the demo board, committed; the cwd."""
    shutil.copytree(DEMO, tmp_path, dirs_exist_ok=True)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "board")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["add-item", "wallet-v2", "--team", "payments", "--title", "W"],
        ["add-outcome", "wallet-v2", "--team", "payments", "--title", "W"],
        ["add-goal", "wallet-v2", "--title", "W"],
        ["add-team", "wallet-v2", "--name", "W"],
    ],
)
def test_a_new_id_is_refused_while_a_team_file_does_not_parse(
    top: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    broken = top / "teams" / "checkout.yaml"
    broken.write_text(broken.read_text() + "  - id: wallet-v2\n    title: [unclosed\n")
    git(top, "commit", "-q", "-am", "a hand edit that broke the file")
    head = git(top, "rev-parse", "HEAD")
    code, out, err = run(["edit", *args], capsys)
    assert (code, out) == (1, "")
    assert err.startswith("trioboard: refused: ") and "teams/checkout.yaml does not parse" in err
    assert git(top, "rev-parse", "HEAD") == head
    assert git(top, "status", "--porcelain") == ""


def test_an_id_the_broken_file_does_not_mention_can_still_be_added(
    top: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The demo's teams/partnerships.yaml does not parse on purpose.
    assert "partnerships.yaml:10:1: error[parse-error]" in run(["check"], capsys)[1]
    code, _, err = run(["edit", "add-item", "brand-new-thing", "--team", "payments", "--title", "New"], capsys)
    assert (code, err) == (0, "")
    partnerships = (top / "teams" / "partnerships.yaml").read_text()
    assert "brand-partners" in partnerships  # an id written in the broken file
    code, _, err = run(["edit", "add-item", "brand-partners", "--team", "payments", "--title", "T"], capsys)
    assert code == 1
    assert "teams/partnerships.yaml does not parse and may already use the id brand-partners" in err


# -- files git ignores, does not track, or is told not to look at (issue 9, data loss 7) ----


def head_and_status(top: Path) -> tuple[str, str]:
    return git(top, "rev-parse", "HEAD"), git(top, "status", "--porcelain", "--ignored")


SANDBOX = "# api_token: s3cret\nid: local-sandbox\nname: Sandbox\nroadmap: []\n"


@pytest.mark.parametrize("ignored", [True, False])
def test_a_team_file_git_does_not_track_is_never_written_or_committed(
    top: Path, ignored: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    if ignored:
        (top / ".git" / "info" / "exclude").write_text("teams/local-*.yaml\n")
    (top / "teams" / "local-sandbox.yaml").write_text(SANDBOX)
    before = head_and_status(top)
    code, out, err = run(["edit", "add-item", "try-it", "--team", "local-sandbox", "--title", "Try"], capsys)
    assert (code, out) == (1, "")
    assert "teams/local-sandbox.yaml" in err and ("git ignores" if ignored else "not tracked") in err
    assert head_and_status(top) == before
    assert (top / "teams" / "local-sandbox.yaml").read_text() == SANDBOX
    assert "s3cret" not in git(top, "log", "-p", "--all")


def test_a_new_team_file_git_would_ignore_is_refused(top: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (top / ".gitignore").write_text("teams/secret*.yaml\n")
    git(top, "add", ".gitignore")
    git(top, "commit", "-q", "-m", "ignore")
    before = head_and_status(top)
    code, _, err = run(["edit", "add-team", "secret-ops", "--name", "Secret"], capsys)
    assert code == 1
    assert "git ignores teams/secret-ops.yaml" in err
    assert head_and_status(top) == before
    assert not (top / "teams" / "secret-ops.yaml").exists()


@pytest.mark.parametrize("mark", ["--skip-worktree", "--assume-unchanged"])
def test_local_lines_of_a_file_git_is_told_not_to_look_at_are_never_committed(
    top: Path, mark: str, capsys: pytest.CaptureFixture[str]
) -> None:
    git(top, "update-index", mark, "board.yaml")
    board = top / "board.yaml"
    board.write_text(board.read_text() + "# local: my api token s3cret\n")
    before = head_and_status(top)
    code, _, err = run(["edit", "add-goal", "new-goal", "--title", "New"], capsys)
    assert code == 1
    assert "board.yaml" in err and mark.strip("-") in err
    assert head_and_status(top) == before
    assert "s3cret" not in git(top, "log", "-p")
    assert board.read_text().endswith("# local: my api token s3cret\n")


# -- sparse checkout (issue 9, data loss 4) ------------------------------------------------


@pytest.fixture
def sparse(top: Path) -> Path:
    """The demo board with only board.yaml and teams/growth.yaml checked out."""
    git(top, "sparse-checkout", "set", "--no-cone", "/board.yaml", "/teams/growth.yaml")
    assert sorted(p.name for p in (top / "teams").iterdir()) == ["growth.yaml"]
    return top


@pytest.mark.parametrize(
    "args",
    [
        ["add-team", "checkout", "--name", "Checkout again"],
        ["rm", "grow-revenue"],
        ["set", "referral-credits", "title=Referrals"],
    ],
)
def test_no_edit_replaces_or_half_updates_what_the_sparse_checkout_hides(
    sparse: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = head_and_status(sparse)
    hidden = git(sparse, "show", "HEAD:teams/checkout.yaml")
    code, out, err = run(["edit", *args], capsys)
    assert (code, out) == (1, "")
    assert "sparse" in err and "teams/checkout.yaml" in err
    assert head_and_status(sparse) == before
    assert git(sparse, "show", "HEAD:teams/checkout.yaml") == hidden


def test_diff_and_check_read_hidden_files_from_the_index(sparse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["diff"], capsys)
    assert code == 0
    assert "removed" not in out and out.strip().endswith("no alignment change")
    partial = run(["check", "--format", "json"], capsys)
    git(sparse, "sparse-checkout", "disable")
    assert run(["check", "--format", "json"], capsys) == partial, "the same board, checked out or not"


def test_a_board_below_the_top_refuses_an_ignored_team_file_and_reads_a_sparse_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    board = tmp_path / "boards" / "acme"
    shutil.copytree(DEMO, board)
    (tmp_path / ".gitignore").write_text("local-*.yaml\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "board")
    monkeypatch.chdir(tmp_path)
    (board / "teams" / "local-sandbox.yaml").write_text(SANDBOX)
    code, _, err = run(
        ["edit", "add-item", "try-it", "--team", "local-sandbox", "--title", "T", "--board", str(board)], capsys
    )
    assert code == 1 and "git ignores teams/local-sandbox.yaml" in err
    (board / "teams" / "local-sandbox.yaml").unlink()
    before = run(["check", str(board), "--format", "json"], capsys)
    git(tmp_path, "sparse-checkout", "set", "--no-cone", "/boards/acme/board.yaml")
    assert not (board / "teams").exists()
    assert run(["check", str(board), "--format", "json"], capsys) == before
    code, _, err = run(["edit", "add-goal", "g2", "--title", "G", "--board", str(board)], capsys)
    assert code == 1 and "sparse checkout" in err

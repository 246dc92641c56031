"""`trioboard sync` against real remotes: bare repositories on disk and `git daemon` on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from trioboard.cli import main
from trioboard.core import edits as E
from trioboard.core.edits import AddItem, Link, Move, Remove, SetFields
from trioboard.store import sync
from trioboard.workspace import Workspace

from helpers import REPO_ROOT, git
from helpers.remote import BOARD, Remote, top


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    return Remote(tmp_path)


def sync_cli(board: Path, *args: str) -> int:
    return main(["sync", "--board", str(board), *args])


def test_two_clones_edit_the_same_file_and_both_edits_arrive_everywhere(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("owner", "Dana Ortiz"),)))
    Workspace(a).edit(AddItem("from-a", "checkout", "From A", outcomes=("checkout-conversion",)))
    Workspace(b).edit(SetFields("one-click-pay", (("title", "One-click pay, everywhere"),)))
    Workspace(b).edit(AddItem("from-b", "checkout", "From B", outcomes=("checkout-conversion",)))
    assert sync_cli(a) == 0
    assert "origin/main: 0 in, 2 out (pushed)" in capsys.readouterr().out
    assert sync_cli(b) == 0
    out = capsys.readouterr().out
    assert "origin/main: 2 in, 2 out (pushed, 2 local commits replayed)" in out
    assert "in:  added item from-a" in out
    assert sync_cli(a) == 0
    for clone in (a, b):
        text = (clone / "teams" / "checkout.yaml").read_text()
        assert "owner: Dana Ortiz" in text and "One-click pay, everywhere" in text
        assert "id: from-a" in text and "id: from-b" in text
        assert git(top(clone), "status", "--porcelain") == ""
    # History stays readable: one change, one commit, no merge commit, and the remote has all of it.
    subjects = git(top(b), "log", "--format=%s %p", "origin/main").splitlines()
    assert [s.rsplit(" ", 1)[0] for s in subjects[:4]] == [
        "Add item from-b to checkout",
        "Retitle item one-click-pay to One-click pay, everywhere",
        "Add item from-a to checkout",
        "Set owner of item one-click-pay to Dana Ortiz",
    ]
    assert git(top(b), "rev-list", "--merges", "origin/main") == ""
    assert remote.head() == git(top(a), "rev-parse", "HEAD").strip() == git(top(b), "rev-parse", "HEAD").strip()


def test_an_item_moved_on_one_side_and_changed_on_the_other_ends_moved_and_changed(remote: Remote) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(Move("saved-carts", "payments"))
    assert sync_cli(a) == 0
    Workspace(b).edit(SetFields("saved-carts", (("title", "Keep carts for 60 days"),)))
    assert sync_cli(b) == 0
    payments = remote.board_file("teams/payments.yaml")
    assert "id: saved-carts\n    title: Keep carts for 60 days" in payments
    assert "saved-carts" not in remote.board_file("teams/checkout.yaml")
    assert (b / "teams" / "payments.yaml").read_text() == payments


def test_a_true_conflict_changes_nothing(remote: Remote, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("horizon", "later"),)))
    assert sync_cli(a) == 0
    Workspace(b).edit(SetFields("one-click-pay", (("horizon", "next"),)))
    before = (git(top(b), "rev-parse", "HEAD"), (b / "teams" / "checkout.yaml").read_bytes(), remote.head())
    capsys.readouterr()
    assert sync_cli(b) == 1
    out, err = capsys.readouterr()
    assert out == "conflict: one-click-pay.horizon: mine 'next', theirs 'later'\n"
    assert "nothing was changed" in err and "--prefer mine" in err and err.count("\n") == 1
    after = (git(top(b), "rev-parse", "HEAD"), (b / "teams" / "checkout.yaml").read_bytes(), remote.head())
    assert after == before
    assert git(top(b), "status", "--porcelain") == ""


@pytest.mark.parametrize(("prefer", "wanted"), [("mine", "next"), ("theirs", "later")])
def test_prefer_settles_every_conflict_one_way(remote: Remote, prefer: str, wanted: str) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("horizon", "later"), ("owner", "A"))))
    assert sync_cli(a) == 0
    Workspace(b).edit(SetFields("one-click-pay", (("horizon", "next"), ("owner", "B"))))
    Workspace(b).edit(SetFields("saved-carts", (("owner", "Bea"),)))
    assert sync_cli(b, "--prefer", prefer) == 0
    text = remote.board_file("teams/checkout.yaml")
    assert f"horizon: {wanted}" in text and ("owner: B\n" if prefer == "mine" else "owner: A\n") in text
    assert "owner: Bea" in text and "<<<<<<<" not in text


def test_findings_the_integration_added_are_reported(remote: Remote, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(Link("saved-carts", "one-click-pay"))
    assert sync_cli(a) == 0
    Workspace(b).edit(Link("one-click-pay", "saved-carts"))
    capsys.readouterr()
    assert sync_cli(b) == 0
    out = capsys.readouterr().out
    assert "new findings that neither side had:" in out
    assert "dependency-cycle" in out.split("new findings that neither side had:")[1]


def test_a_link_to_a_node_removed_remotely_is_a_conflict_not_a_broken_board(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(Remove("guest-checkout"))
    assert sync_cli(a) == 0
    published = remote.head()
    Workspace(b).edit(Link("saved-carts", "guest-checkout"))
    capsys.readouterr()
    assert sync_cli(b) == 1
    out = capsys.readouterr().out
    assert out.startswith("conflict: saved-carts: ") and "unknown-ref" in out and "guest-checkout" in out
    # --prefer cannot publish the broken board either.
    assert sync_cli(b, "--prefer", "mine") == 1
    assert remote.head() == published


def test_local_commits_outside_the_board_are_joined_by_a_merge_commit(remote: Remote) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("owner", "Dana"),)))
    assert sync_cli(a) == 0
    (top(b) / "README.md").write_text("Our planning repository, with notes\n")
    git(top(b), "commit", "-qam", "Notes")
    Workspace(b).edit(SetFields("saved-carts", (("owner", "Bea"),)))
    assert sync_cli(b) == 0
    parents = git(top(b), "log", "-1", "--format=%p").split()
    assert len(parents) == 2
    assert "owner: Dana" in (b / "teams" / "checkout.yaml").read_text()
    assert git(remote.origin, "show", "main:README.md") == "Our planning repository, with notes\n"


def test_a_push_refused_because_someone_pushed_meanwhile_is_integrated_again(
    remote: Remote, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(b).edit(SetFields("saved-carts", (("owner", "Bea"),)))
    real_push = sync.push
    raced: list[object] = []

    def push_after_someone_else(*args: object) -> bool:
        if not raced:
            raced.append(True)
            Workspace(a).edit(SetFields("one-click-pay", (("owner", "Ann"),)))
            assert sync_cli(a) == 0
        return real_push(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sync, "push", push_after_someone_else)
    assert sync_cli(b) == 0
    text = remote.board_file("teams/checkout.yaml")
    assert "owner: Bea" in text and "owner: Ann" in text


# -- refusals and faults ------------------------------------------------------------------


def _unchanged(board: Path, remote: Remote) -> tuple[str, str, str]:
    return git(top(board), "rev-parse", "HEAD"), git(top(board), "status", "--porcelain"), remote.head()


def test_refusals_change_nothing(remote: Remote, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("owner", "Dana"),)))
    assert sync_cli(a) == 0
    Workspace(b).edit(SetFields("saved-carts", (("owner", "Bea"),)))
    capsys.readouterr()

    checkout = b / "teams" / "checkout.yaml"
    checkout.write_text(checkout.read_text() + "# a note\n")
    state = _unchanged(b, remote)
    assert sync_cli(b) == 1
    assert "teams/checkout.yaml has changes that are not committed" in capsys.readouterr().err
    assert _unchanged(b, remote) == state
    git(top(b), "checkout", "-q", "--", ".")

    git(top(b), "checkout", "-q", "--detach")
    state = _unchanged(b, remote)
    assert sync_cli(b) == 1
    assert "HEAD is detached" in capsys.readouterr().err
    assert _unchanged(b, remote) == state
    git(top(b), "checkout", "-q", "main")

    (Path(git(top(b), "rev-parse", "--absolute-git-dir").strip()) / "MERGE_HEAD").write_text(
        git(top(b), "rev-parse", "HEAD")
    )
    assert sync_cli(b) == 1
    assert "a merge is in progress" in capsys.readouterr().err
    (Path(git(top(b), "rev-parse", "--absolute-git-dir").strip()) / "MERGE_HEAD").unlink()

    git(top(b), "branch", "--unset-upstream")
    state = _unchanged(b, remote)
    assert sync_cli(b) == 1
    err = capsys.readouterr().err
    assert "no upstream" in err and "git branch --set-upstream-to=origin/main" in err and err.count("\n") == 1
    assert _unchanged(b, remote) == state
    # --remote names one.
    assert sync_cli(b, "--remote", "origin") == 0
    assert "owner: Bea" in remote.board_file("teams/checkout.yaml")


def test_a_sparse_checkout_is_refused_and_nothing_hidden_appears(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("owner", "Dana"),)))
    assert sync_cli(a) == 0
    git(top(b), "sparse-checkout", "set", "--no-cone", f"/{BOARD}/board.yaml", f"/{BOARD}/teams/growth.yaml")
    capsys.readouterr()
    state = _unchanged(b, remote)
    assert sync_cli(b) == 1
    assert "sparse checkout" in capsys.readouterr().err
    assert _unchanged(b, remote) == state
    assert sorted(p.name for p in (b / "teams").iterdir()) == ["growth.yaml"]


def test_an_unreachable_remote_exits_2_and_keeps_local_commits(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    b = remote.clone("b")
    Workspace(b).edit(SetFields("saved-carts", (("owner", "Bea"),)))
    head = git(top(b), "rev-parse", "HEAD")
    git(top(b), "remote", "set-url", "origin", str(remote.tmp / "gone.git"))
    capsys.readouterr()
    assert sync_cli(b) == 2
    err = capsys.readouterr().err
    assert err.startswith("trioboard: error: cannot fetch from origin: fatal: ") and err.count("\n") == 1
    assert "gone.git" in err
    assert git(top(b), "rev-parse", "HEAD") == head


def test_a_pre_receive_hook_that_refuses_exits_2_with_its_reason(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    hook = remote.origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'main is protected: open a pull request' >&2\nexit 1\n")
    hook.chmod(0o755)
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(b).edit(SetFields("saved-carts", (("owner", "Bea"),)))
    head, origin = git(top(b), "rev-parse", "HEAD"), remote.head()
    capsys.readouterr()
    assert sync_cli(b) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "origin refused the push" in err and "main is protected: open a pull request" in err
    assert git(top(b), "rev-parse", "HEAD") == head and remote.head() == origin
    del a


def test_a_sync_killed_after_writing_files_rolls_back(remote: Remote, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("owner", "Dana"),)))
    assert sync_cli(a) == 0
    Workspace(b).edit(SetFields("saved-carts", (("owner", "Bea"),)))
    head = git(top(b), "rev-parse", "HEAD")
    before = (b / "teams" / "checkout.yaml").read_bytes()
    from trioboard.store.git import commits

    def killed(*args: object, **kwargs: object) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(commits, "move_branch", killed)
    with pytest.raises(SystemExit):
        Workspace(b).sync()
    monkeypatch.undo()
    assert Workspace(b).recover() == "rolled back an edit that was interrupted: Sync with origin/main"
    assert git(top(b), "rev-parse", "HEAD") == head
    assert (b / "teams" / "checkout.yaml").read_bytes() == before
    assert git(top(b), "status", "--porcelain") == ""


# -- a network remote -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[Remote]:
    port = _free_port()
    served = Remote(tmp_path, url=f"git://127.0.0.1:{port}/origin.git")
    process = subprocess.Popen(
        [
            "git",
            "daemon",
            "--export-all",
            "--enable=receive-pack",
            "--reuseaddr",
            f"--base-path={tmp_path}",
            "--listen=127.0.0.1",
            f"--port={port}",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield served
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_sync_over_git_daemon(daemon: Remote) -> None:
    a, b = daemon.clone("a"), daemon.clone("b")
    Workspace(a).edit(AddItem("from-a", "checkout", "From A", outcomes=("checkout-conversion",)))
    Workspace(b).edit(AddItem("from-b", "checkout", "From B", outcomes=("checkout-conversion",)))
    assert sync_cli(a) == 0
    assert sync_cli(b) == 0
    assert sync_cli(a) == 0
    for clone in (a, b):
        text = (clone / "teams" / "checkout.yaml").read_text()
        assert "id: from-a" in text and "id: from-b" in text
    assert daemon.head() == git(top(a), "rev-parse", "HEAD").strip()


# -- many clones ---------------------------------------------------------------------------------

WORKER = """
import sys, time
from pathlib import Path
from trioboard.core.edits import AddItem, SetFields
from trioboard.core.errors import RemoteFailed
from trioboard.workspace import Workspace
board, tag, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
space = Workspace(board)
for n in range(rounds):
    space.edit(AddItem(f"{tag}-{n}", "checkout", f"Work {tag} {n}", outcomes=("checkout-conversion",)))
    space.edit(SetFields(f"{tag}-{n}", (("owner", f"Owner {tag}"),)))
    for _ in range(10):
        try:
            space.sync()
            break
        except RemoteFailed:
            time.sleep(0.1)
    else:
        raise SystemExit("never synced")
"""


@pytest.mark.slow
def test_three_clones_editing_and_syncing_at_once_converge(remote: Remote) -> None:
    import os
    import sys

    clones = [remote.clone(name) for name in ("a", "b", "c")]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(board), tag, "3"], env=env)
        for board, tag in zip(clones, ("a", "b", "c"), strict=True)
    ]
    assert [w.wait(timeout=300) for w in workers] == [0, 0, 0]
    for board in clones:
        assert Workspace(board).sync().conflicts == []
    heads = {git(top(board), "rev-parse", "HEAD").strip() for board in clones}
    assert heads == {remote.head()}
    text = remote.board_file("teams/checkout.yaml")
    for tag in "abc":
        for n in range(3):
            assert f"id: {tag}-{n}\n" in text
    assert text.count("owner: Owner ") == 9
    assert git(remote.origin, "rev-list", "--count", "main") == f"{1 + 18}\n"  # nothing lost, no merge commit
    for board in clones:
        assert git(top(board), "status", "--porcelain") == ""


@pytest.mark.slow
def test_random_edit_pairs_through_two_clones(remote: Remote) -> None:
    """Each pair: one clone publishes its edit, the other syncs its own on top.

    When both orders give the same board, the sync is clean and gives it;
    otherwise it stops on conflicts (remote untouched) or settles; the remote
    is never rewritten.
    """
    import random

    from helpers.edits import apply_op, meaning, random_op

    def board_files(board: Path) -> dict[str, bytes]:
        files = {"board.yaml": (board / "board.yaml").read_bytes()}
        for path in sorted((board / "teams").glob("*.yaml")):
            files[f"teams/{path.name}"] = path.read_bytes()
        return files

    rng = random.Random(5)
    a, b = remote.clone("a"), remote.clone("b")
    done = conflicted = commuting = 0
    n = 0
    while done < 8:
        n += 1
        op1, op2 = random_op(rng, n), random_op(rng, n + 1000)
        start = board_files(a)
        try:
            Workspace(a).edit(op1)  # type: ignore[arg-type]
        except E.Refused:
            continue
        try:
            Workspace(b).edit(op2)  # type: ignore[arg-type]
        except E.Refused:
            Workspace(a).sync()
            Workspace(b).sync()
            continue
        done += 1
        both = apply_op(board_files(a), op2)
        other_first = apply_op(apply_op(start, op2) or start, op1)
        commute = both is not None and other_first is not None and meaning(both) == meaning(other_first)
        published = Workspace(a).sync()
        assert published.pushed and not published.conflicts
        pushed_head = remote.head()
        result = Workspace(b).sync()
        if commute:
            commuting += 1
            assert not result.stopped, (op1, op2, result.conflicts)
            assert both is not None and meaning(board_files(b)) == meaning(both), (op1, op2)
        if result.stopped:
            conflicted += 1
            assert remote.head() == pushed_head  # the remote is untouched
            result = Workspace(b).sync(prefer="theirs")
        ancestor = ["git", "merge-base", "--is-ancestor", pushed_head, "main"]
        assert subprocess.run(ancestor, cwd=remote.origin).returncode == 0  # nothing on the remote was rewritten
        Workspace(a).sync()
        assert git(top(a), "rev-parse", "HEAD") == git(top(b), "rev-parse", "HEAD")
        assert subprocess.run(["git", "fsck", "--no-dangling"], cwd=remote.origin, capture_output=True).returncode == 0
    print(f"\n{done} pairs through clones: {commuting} commuting, {conflicted} stopped on a conflict")


def test_conflicts_can_be_settled_one_by_one(remote: Remote) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("horizon", "later"), ("owner", "A"))))
    assert sync_cli(a) == 0
    Workspace(b).edit(SetFields("one-click-pay", (("horizon", "next"), ("owner", "B"))))
    stopped = Workspace(b).sync()
    assert stopped.stopped
    assert {(c.node, c.field) for c in stopped.conflicts} == {("one-click-pay", "horizon"), ("one-click-pay", "owner")}
    choices: dict[tuple[str, str | None], str] = {
        ("one-click-pay", "horizon"): "mine",
        ("one-click-pay", "owner"): "theirs",
    }
    result = Workspace(b).sync(prefer=choices)
    assert result.pushed and not result.stopped
    text = remote.board_file("teams/checkout.yaml")
    assert "horizon: next" in text and "owner: A\n" in text


def test_no_push_integrates_only_and_a_new_remote_branch_is_created(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(SetFields("one-click-pay", (("owner", "Ann"),)))
    assert sync_cli(a) == 0
    Workspace(b).edit(SetFields("saved-carts", (("owner", "Bea"),)))
    origin = remote.head()
    capsys.readouterr()
    assert sync_cli(b, "--no-push") == 0
    assert "1 in, 1 out (not pushed" in capsys.readouterr().out
    assert remote.head() == origin and "owner: Ann" in (b / "teams" / "checkout.yaml").read_text()
    # A branch the remote does not have yet: the sync publishes it.
    git(top(b), "checkout", "-q", "-b", "plan-q3")
    git(top(b), "config", "branch.plan-q3.remote", "origin")
    git(top(b), "config", "branch.plan-q3.merge", "refs/heads/plan-q3")
    Workspace(b).edit(SetFields("saved-carts", (("horizon", "later"),)))
    assert sync_cli(b) == 0
    assert git(remote.origin, "rev-parse", "plan-q3") == git(top(b), "rev-parse", "HEAD")

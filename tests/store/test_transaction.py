"""The edit transaction under races, odd git states and faults (issue 9).

Each test here reproduced a way the edit path lost a line or gave a wrong
result; the racing ones run real processes or git commands in the middle of
an edit, at the moment the journal is written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from trioboard.core.edits import Refused, SetFields
from trioboard.core.errors import GitError
from trioboard.store.edit import journal
from trioboard.store.safe_io import TEMP_MARK
from trioboard.workspace import Workspace

from helpers import DEMO, commit_all, git, write_board

HAND_LINE = b"# a line typed by hand while the edit ran\n"
EDIT = SetFields("saved-carts", (("horizon", "later"),))
_GIT_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    board = tmp_path / "demo"
    shutil.copytree(DEMO, board)
    git(board, "init", "-q")
    commit_all(board, "Start")
    return board


@pytest.fixture
def at_journal(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[], None]], None]:
    """Run an action once, at the moment the edit first writes its journal."""

    def install(action: Callable[[], None]) -> None:
        real = journal.Journal._save
        fired: list[bool] = []

        def save(self: journal.Journal, *args: object, **kwargs: object) -> None:
            real(self, *args, **kwargs)  # type: ignore[arg-type]
            if not fired:
                fired.append(True)
                action()

        monkeypatch.setattr(journal.Journal, "_save", save)

    return install


def head_file(repo: Path, path: str) -> str:
    return git(repo, "show", f"HEAD:{path}")


# -- 1. a hand edit saved while an edit runs --------------------------------------------


def test_a_hand_edit_saved_as_the_journal_appears_is_kept(demo_repo: Path, at_journal: Callable[..., None]) -> None:
    team = demo_repo / "teams" / "checkout.yaml"
    at_journal(lambda: team.open("ab").write(HAND_LINE))
    try:
        Workspace(demo_repo).edit(EDIT)
    except Refused as exc:
        assert "checkout.yaml" in str(exc)
    assert HAND_LINE in team.read_bytes()


POLLER = """
import os, sys, time
journal, team, line = sys.argv[1], sys.argv[2], sys.argv[3].encode() + b"\\n"
print("ready", flush=True)
deadline = time.monotonic() + 3
while not os.path.exists(journal):
    if time.monotonic() > deadline:
        sys.exit(3)
with open(team, "ab") as f:
    f.write(line)
"""


@pytest.mark.slow
def test_a_hand_edit_from_another_process_during_the_edit_is_never_lost(demo_repo: Path) -> None:
    team = demo_repo / "teams" / "checkout.yaml"
    edit_json = demo_repo / ".git" / "trioboard" / "journal" / "edit.json"
    space = Workspace(demo_repo)
    fired = 0
    for n in range(12):
        if fired == 4:
            break
        line = f"# hand edit {n}"
        poller = subprocess.Popen(
            [sys.executable, "-c", POLLER, str(edit_json), str(team), line], stdout=subprocess.PIPE, text=True
        )
        assert poller.stdout is not None and poller.stdout.readline() == "ready\n"
        with contextlib.suppress(Refused):
            space.edit(SetFields("saved-carts", (("horizon", ["later", "next", "now"][n % 3]),)))
        if poller.wait(timeout=30) != 0:
            continue  # the edit was over before the poller saw its journal
        fired += 1
        assert line in team.read_text() or line in head_file(demo_repo, "teams/checkout.yaml")
        # Commit the hand edit so that the next round starts clean.
        commit_all(demo_repo, f"Hand edit {n}")
    assert fired >= 2, "the poller never saw the journal: the machine is too busy for this race"


# -- 2. a git pull during an edit -----------------------------------------------------


@pytest.fixture
def cloned(tmp_path: Path, demo_repo: Path) -> tuple[Path, Path]:
    """(a clone to edit in, another clone that has pushed a change to checkout.yaml)."""
    upstream = tmp_path / "upstream.git"
    git(tmp_path, "clone", "-q", "--bare", str(demo_repo), str(upstream))
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    git(tmp_path, "clone", "-q", str(upstream), str(mine))
    git(tmp_path, "clone", "-q", str(upstream), str(theirs))
    team = theirs / "teams" / "checkout.yaml"
    team.write_text(team.read_text().replace("Keep carts for 30 days", "Keep carts for 60 days"))
    commit_all(theirs, "Upstream: longer carts")
    git(theirs, "push", "-q")
    return mine, theirs


def test_a_pull_during_an_edit_is_not_undone(cloned: tuple[Path, Path], at_journal: Callable[..., None]) -> None:
    mine, _ = cloned
    pulled = []
    at_journal(lambda: pulled.append(git(mine, "pull", "-q", "--ff-only", check=False)))
    with contextlib.suppress(Refused):
        Workspace(mine).edit(EDIT)
    assert pulled
    assert "60 days" in head_file(mine, "teams/checkout.yaml")
    assert git(mine, "status", "--porcelain") == ""
    assert "60 days" in (mine / "teams" / "checkout.yaml").read_text()


def test_rollback_restores_what_head_holds_now(cloned: tuple[Path, Path], at_journal: Callable[..., None]) -> None:
    """The pull changes another file: the branch moved, the edit is refused, and the tree matches the new HEAD."""
    mine, theirs = cloned
    git(theirs, "reset", "-q", "--hard", "HEAD~1")
    other = theirs / "teams" / "growth.yaml"
    other.write_text(other.read_text() + "# upstream note\n")
    commit_all(theirs, "Upstream: a note")
    git(theirs, "push", "-qf")
    at_journal(lambda: git(mine, "pull", "-q", "--ff-only"))
    with pytest.raises(Refused, match="branch moved"):
        Workspace(mine).edit(EDIT)
    assert git(mine, "log", "-1", "--format=%s") == "Upstream: a note\n"
    assert git(mine, "status", "--porcelain") == ""


# -- 3. git's own index.lock -------------------------------------------------------------


def test_an_index_lock_held_by_git_is_waited_for_then_refused_and_never_deleted(
    demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trioboard.store.edit import index_lock

    monkeypatch.setattr(index_lock, "INDEX_LOCK_WAIT", 0.3)
    before = git(demo_repo, "rev-parse", "HEAD")
    team = demo_repo / "teams" / "checkout.yaml"
    original = team.read_bytes()
    lock = demo_repo / ".git" / "index.lock"
    lock.write_bytes(b"another git process")
    with pytest.raises(Refused, match=r"index\.lock"):
        Workspace(demo_repo).edit(EDIT)
    assert lock.read_bytes() == b"another git process"
    assert git(demo_repo, "rev-parse", "HEAD") == before
    assert team.read_bytes() == original
    lock.unlink()
    assert git(demo_repo, "status", "--porcelain") == ""
    Workspace(demo_repo).edit(EDIT)
    assert git(demo_repo, "status", "--porcelain") == ""


def test_an_index_lock_released_within_the_wait_lets_the_edit_through(demo_repo: Path) -> None:
    lock = demo_repo / ".git" / "index.lock"
    lock.write_bytes(b"")
    threading.Timer(0.3, lock.unlink).start()
    result = Workspace(demo_repo).edit(EDIT)
    assert git(demo_repo, "rev-parse", "HEAD").strip() == result.sha
    assert git(demo_repo, "status", "--porcelain") == ""


STATUS_LOOP = """
import subprocess, sys, time
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    subprocess.run(["git", "status", "--porcelain"], cwd=sys.argv[1], capture_output=True)
"""


@pytest.mark.slow
def test_edits_while_git_status_runs_in_a_loop_leave_the_index_in_step(demo_repo: Path) -> None:
    looper = subprocess.Popen([sys.executable, "-c", STATUS_LOOP, str(demo_repo), "6"])
    space = Workspace(demo_repo)
    made = 0
    try:
        for n in range(20):
            try:
                space.edit(SetFields("saved-carts", (("horizon", ["later", "next", "now"][n % 3]),)))
                made += 1
            except Refused as exc:
                assert "index.lock" in str(exc)
            # No edit leaves a difference between HEAD and the index behind.
            assert git(demo_repo, "diff", "--cached", "--name-only") == ""
    finally:
        looper.wait(timeout=60)
    assert made >= 15
    assert git(demo_repo, "status", "--porcelain") == ""


def test_recovery_never_deletes_an_index_lock_it_did_not_create(
    demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the branch moved, with another git holding the index: the lock stays; the index catches up later."""
    from trioboard.store.edit import index_lock

    monkeypatch.setattr(index_lock, "INDEX_LOCK_WAIT", 0.2)

    def die(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(index_lock.IndexLock, "install", die)
    with pytest.raises(KeyboardInterrupt):
        Workspace(demo_repo).edit(EDIT)
    monkeypatch.undo()
    monkeypatch.setattr(index_lock, "INDEX_LOCK_WAIT", 0.2)
    lock = demo_repo / ".git" / "index.lock"
    # The killed edit's own lock is ours to finish; another process's is not.
    lock.unlink()
    lock.write_bytes(b"someone else")
    note = Workspace(demo_repo).recover()
    assert note is not None and "index.lock" in note
    assert lock.read_bytes() == b"someone else"
    with pytest.raises(Refused, match=r"index\.lock"):
        Workspace(demo_repo).edit(SetFields("saved-carts", (("horizon", "now"),)))
    lock.unlink()
    assert "completed" in (Workspace(demo_repo).recover() or "")
    assert git(demo_repo, "status", "--porcelain") == ""
    assert "horizon: later" in head_file(demo_repo, "teams/checkout.yaml")


def test_a_killed_edit_s_own_index_lock_is_finished_by_recovery(
    demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trioboard.store.edit.index_lock import IndexLock

    def die(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(IndexLock, "install", die)
    with pytest.raises(KeyboardInterrupt):
        Workspace(demo_repo).edit(EDIT)
    monkeypatch.undo()
    assert (demo_repo / ".git" / "index.lock").exists()
    assert "completed" in (Workspace(demo_repo).recover() or "")
    assert not (demo_repo / ".git" / "index.lock").exists()
    assert git(demo_repo, "status", "--porcelain") == ""


FAKE_GIT = """#!/bin/sh
for a in "$@"; do
  if [ "$a" = "{verb}" ]; then
    echo "error: unable to write file: No space left on device" >&2
    echo "fatal: {verb} failed" >&2
    exit 128
  fi
done
exec {git} "$@"
"""


@pytest.mark.parametrize("verb", ["hash-object", "commit-tree", "read-tree", "update-index", "update-ref"])
def test_a_full_disk_anywhere_leaves_nothing_half_done_and_says_so(
    demo_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, verb: str
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "git"
    fake.write_text(FAKE_GIT.format(verb=verb, git=shutil.which("git")))
    fake.chmod(0o755)
    before = git(demo_repo, "rev-parse", "HEAD")
    team = demo_repo / "teams" / "checkout.yaml"
    original = team.read_bytes()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(Exception, match="disk space") as caught:
        Workspace(demo_repo).edit(EDIT)
    assert "\n" not in str(caught.value)
    monkeypatch.undo()
    assert git(demo_repo, "rev-parse", "HEAD") == before
    assert team.read_bytes() == original
    assert git(demo_repo, "status", "--porcelain") == ""
    assert not (demo_repo / ".git" / "index.lock").exists()
    assert not (demo_repo / ".git" / "trioboard" / "journal").exists()


def test_a_full_disk_while_writing_the_file_leaves_nothing_half_done(
    demo_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    real = os.write

    def full(fd: int, data: bytes) -> int:
        if len(data) > 1000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    before = git(demo_repo, "rev-parse", "HEAD")
    monkeypatch.setattr(os, "write", full)
    with pytest.raises(Exception, match="disk space"):
        Workspace(demo_repo).edit(EDIT)
    monkeypatch.undo()
    assert git(demo_repo, "rev-parse", "HEAD") == before
    assert git(demo_repo, "status", "--porcelain") == ""
    assert not list(demo_repo.rglob(f".*{TEMP_MARK}*"))


# -- 6. the journal is not trusted -----------------------------------------------------


def _hand_made_journal(repo: Path, path: str) -> None:
    book = repo / ".git" / "trioboard" / "journal"
    (book / "files").mkdir(parents=True)
    (book / "files" / "0").write_text("overwritten by a hand-made journal\n")
    head = git(repo, "rev-parse", "HEAD").strip()
    (book / "edit.json").write_text(
        f'{{"ref": "refs/heads/main", "old": "{head}", "new": null, "message": "x", "kind": "edit", "target": null, '
        f'"board": "", "files": [{{"path": "{path}", "backup": "0", "wrote": null}}], "written": {{"{path}": null}}, '
        '"phase": "writing"}'
    )


@pytest.mark.parametrize("where", ["../victim.txt", "ABSOLUTE", "teams/../../victim.txt", ".git/config"])
def test_a_hand_made_journal_cannot_write_outside_the_board(demo_repo: Path, where: str) -> None:
    victim = demo_repo.parent / "victim.txt"
    victim.write_text("mine\n")
    config = (demo_repo / ".git" / "config").read_text()
    _hand_made_journal(demo_repo, str(victim) if where == "ABSOLUTE" else where)
    result = Workspace(demo_repo).edit(EDIT)
    assert result.recovered is not None and result.recovered.startswith("nothing to recover")
    assert victim.read_text() == "mine\n"
    assert (demo_repo / ".git" / "config").read_text() == config


@pytest.mark.parametrize("content", ["", "{", '{"files": 3}', "[]", '{"ref": "x"'])
def test_a_damaged_journal_means_nothing_to_recover(demo_repo: Path, content: str) -> None:
    book = demo_repo / ".git" / "trioboard" / "journal"
    book.mkdir(parents=True)
    (book / "edit.json").write_text(content)
    result = Workspace(demo_repo).edit(EDIT)
    assert result.recovered is not None
    assert result.recovered.startswith("nothing to recover")
    assert "\n" not in result.recovered
    assert git(demo_repo, "status", "--porcelain") == ""


@pytest.mark.parametrize("name", ["lock", "journal", "."])
def test_symlinks_in_the_state_directory_are_not_followed(demo_repo: Path, tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    state = demo_repo / ".git" / "trioboard"
    if name == ".":
        state.symlink_to(outside, target_is_directory=True)
    else:
        state.mkdir(exist_ok=True)
        (state / name).symlink_to(outside / name)
    with pytest.raises(GitError, match="symbolic link"):
        Workspace(demo_repo).edit(EDIT)
    assert list(outside.iterdir()) == []


# -- wrong results ---------------------------------------------------------------------

TEAM = """\
id: core
name: Core
trio: {product: Ana, design: Bo, engineering: Cy}
roadmap:
  - id: first
    title: The first thing
    horizon: now
"""


@pytest.fixture
def two_boards(tmp_path: Path) -> Iterator[tuple[Path, Path, Path]]:
    repo = tmp_path / "repo"
    alpha = write_board(repo / "boards" / "alpha", "name: Alpha\ngoals: []\n", {"core": TEAM})
    beta = write_board(repo / "boards" / "beta", "name: Beta\ngoals: []\n", {"core": TEAM})
    git(repo, "init", "-q")
    commit_all(repo, "Two boards")
    yield repo, alpha, beta


def _title(board: Path) -> str:
    return next(i.title for i in Workspace(board).board().items() if i.id == "first")


def test_undo_is_per_board(two_boards: tuple[Path, Path, Path]) -> None:
    _, alpha, beta = two_boards
    Workspace(alpha).edit(SetFields("first", (("title", "Alpha's edit"),)))
    Workspace(beta).edit(SetFields("first", (("title", "Beta's edit"),)))
    undone = Workspace(alpha).undo()
    assert "title" in undone.message
    assert (_title(alpha), _title(beta)) == ("The first thing", "Beta's edit")
    Workspace(beta).undo()
    assert _title(beta) == "The first thing"
    with pytest.raises(Refused, match="nothing to undo"):
        Workspace(alpha).undo()


def test_undo_after_a_rebase_reverts_the_rebased_edit(cloned: tuple[Path, Path]) -> None:
    mine, theirs = cloned
    git(theirs, "reset", "-q", "--hard", "HEAD~1")
    other = theirs / "teams" / "growth.yaml"
    other.write_text(other.read_text() + "# upstream note\n")
    commit_all(theirs, "Upstream: a note")
    git(theirs, "push", "-qf")
    space = Workspace(mine)
    space.edit(SetFields("saved-carts", (("title", "Carts that last"),)))
    space.edit(SetFields("saved-carts", (("title", "Carts that last longer"),)))
    git(mine, "pull", "-q", "--rebase")
    space.undo()
    titles = {i.id: i.title for i in space.board().items()}
    assert titles["saved-carts"] == "Carts that last"
    space.undo()
    assert {i.id: i.title for i in space.board().items()}["saved-carts"] == "Keep carts for 30 days across devices"
    assert "upstream note" in (mine / "teams" / "growth.yaml").read_text()


def test_board_paths_reach_git_literally(tmp_path: Path) -> None:
    from trioboard.workspace.history import board_log

    repo = tmp_path / "repo"
    star = write_board(repo / "boards" / "b*", "name: Star\ngoals: []\n", {"core": TEAM})
    bx = write_board(repo / "boards" / "bx", "name: Bx\ngoals: []\n", {"core": TEAM})
    git(repo, "init", "-q")
    git(repo, "add", "boards/bx")
    git(repo, "commit", "-qm", "bx")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Star")
    bx_edit = Workspace(bx).edit(SetFields("first", (("title", "Bx's edit"),)))
    assert bx_edit.sha not in {entry.commit for entry in board_log(star)}
    with pytest.raises(Refused, match="nothing to undo"):
        Workspace(star).undo()
    assert _title(star) == "The first thing"
    assert _title(bx) == "Bx's edit"


def test_git_variables_in_the_environment_do_not_redirect_the_edit(
    demo_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    (other / "x.txt").write_text("x\n")
    commit_all(other, "Other")
    other_head = git(other, "rev-parse", "HEAD")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    result = Workspace(demo_repo).edit(EDIT)
    monkeypatch.undo()
    assert git(other, "rev-parse", "HEAD") == other_head
    assert git(demo_repo, "rev-parse", "HEAD").strip() == result.sha
    assert git(demo_repo, "status", "--porcelain") == ""


FAKE_GPG = """#!/bin/sh
cat > /dev/null
echo "[GNUPG:] SIG_CREATED D 1 8 00 1700000000 0123456789ABCDEF" >&2
printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nfake\\n-----END PGP SIGNATURE-----\\n'
"""


def test_commit_gpgsign_signs_the_edit(demo_repo: Path, tmp_path: Path) -> None:
    gpg = tmp_path / "fake-gpg"
    gpg.write_text(FAKE_GPG)
    gpg.chmod(gpg.stat().st_mode | stat.S_IXUSR)
    git(demo_repo, "config", "commit.gpgsign", "true")
    git(demo_repo, "config", "gpg.program", str(gpg))
    Workspace(demo_repo).edit(EDIT)
    assert "gpgsig -----BEGIN PGP SIGNATURE-----" in git(demo_repo, "cat-file", "commit", "HEAD")


def test_a_signature_that_cannot_be_made_refuses_the_edit(demo_repo: Path) -> None:
    before = git(demo_repo, "rev-parse", "HEAD")
    team = demo_repo / "teams" / "checkout.yaml"
    original = team.read_bytes()
    git(demo_repo, "config", "commit.gpgsign", "true")
    git(demo_repo, "config", "gpg.program", "false")
    with pytest.raises(Exception, match="sign"):
        Workspace(demo_repo).edit(EDIT)
    assert git(demo_repo, "rev-parse", "HEAD") == before
    assert team.read_bytes() == original


def test_no_hook_runs_and_a_refusing_hook_does_not_stop_the_edit(demo_repo: Path, tmp_path: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    marker = tmp_path / "ran"
    for name in ("reference-transaction", "post-index-change", "pre-commit", "post-commit"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\necho {name} >> {marker}\nexit 1\n")
        hook.chmod(0o755)
    git(demo_repo, "config", "core.hooksPath", str(hooks))
    result = Workspace(demo_repo).edit(EDIT)
    assert git(demo_repo, "rev-parse", "HEAD").strip() == result.sha
    assert not marker.exists()


def test_board_text_cannot_forge_a_trailer_or_add_a_line() -> None:
    from trioboard.store.edit.transaction import compose_message, trailer_board

    message = compose_message(
        "Retitle item x\nTrioboard-Edit: undo board=.\n\ntrioboard-edit: edit board=boards/a\nA body line",
        "edit",
        "boards/a\nb",
    )
    lines = message.splitlines()
    assert lines[0] == "Retitle item x"
    assert [line for line in lines if line.lower().startswith("trioboard-")] == [
        f"Trioboard-Edit: edit board={trailer_board('boards/a' + chr(10) + 'b')}"
    ]
    assert lines[-1].endswith("board=boards/a%0Ab")

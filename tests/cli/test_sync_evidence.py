"""`trioboard sync` with evidence: touchpoints recorded on two clones all arrive, none lost, no markers in a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.core import edits as E
from trioboard.workspace import Workspace

from helpers import git, run
from helpers.remote import BOARD, Remote, top

SAME = "evidence/2026-07-08-checkout-buyer-7.md"
"""The file `evidence add` names for checkout's touchpoint with buyer-7 on 2026-07-08, on any clone."""


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    return Remote(tmp_path)


def record(board: Path, customer: str, body: str, *, kind: str = "interview", day: str = "2026-07-08") -> None:
    """`trioboard evidence add` on `board`, its notes read from a file."""
    notes = top(board).parent / f"notes-{customer}-{kind}.txt"  # outside the clone
    notes.write_text(body, encoding="utf-8")
    args = ["evidence", "add", "--board", str(board), "--team", "checkout", "--kind", kind, "--customer", customer]
    args += ["--date", day, "--with", "Ana Ruiz", "--supports", "one-click-pay", "--body", str(notes)]
    assert main_ok(args)


def main_ok(args: list[str]) -> bool:
    from trioboard.cli import main

    return main(args) == 0


def evidence_on_remote(remote: Remote) -> dict[str, str]:
    """Evidence path (in the board) → its text, on the remote's main."""
    names = git(remote.origin, "ls-tree", "-r", "--name-only", "main", "--", f"{BOARD}/evidence/").split()
    return {name.removeprefix(f"{BOARD}/"): remote.board_file(name.removeprefix(f"{BOARD}/")) for name in names}


def clean_and_published(clone: Path, remote: Remote) -> None:
    assert git(top(clone), "status", "--porcelain") == ""
    assert git(top(clone), "rev-parse", "HEAD").strip() == remote.head()


def anas_interview_pushed(remote: Remote, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """Clones a and b; a recorded an interview with buyer-7 on 2026-07-08 (named SAME) and pushed it."""
    a, b = remote.clone("a"), remote.clone("b")
    record(a, "buyer-7", "Ana's interview.\n")
    assert run(["sync", "--board", str(a)], capsys)[0] == 0
    return a, b


def test_touchpoints_and_opportunities_added_on_both_sides_all_arrive_one_commit_each(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = remote.clone("a"), remote.clone("b")
    Workspace(a).edit(E.AddOpportunity("slow-quotes", "checkout", "Quotes take long"))
    record(a, "buyer-1", "A heard this.\n")
    assert run(["sync", "--board", str(a)], capsys)[0] == 0
    Workspace(b).edit(E.AddOpportunity("card-retype", "checkout", "Re-typing cards"))
    record(b, "buyer-2", "B heard that.\n")
    code, out, err = run(["sync", "--board", str(b)], capsys)
    assert (code, err) == (0, "")
    # Evidence-only commits replay like any edit: one change, one commit, no merge commit.
    assert "2 in, 2 out (pushed, 2 local commits replayed)" in out
    # What came in and went out names the touchpoints, in board terms.
    assert "in:  added opportunity slow-quotes (no strategy link); added evidence " in out
    assert "evidence/2026-07-08-checkout-buyer-1.md\n" in out and "evidence/2026-07-08-checkout-buyer-2.md\n" in out
    found = evidence_on_remote(remote)
    assert set(found) == {"evidence/2026-07-08-checkout-buyer-1.md", "evidence/2026-07-08-checkout-buyer-2.md"}
    assert "A heard this." in found["evidence/2026-07-08-checkout-buyer-1.md"]
    assert git(top(b), "rev-list", "--merges", "HEAD") == ""
    clean_and_published(b, remote)
    board = Workspace(b).board()
    assert {e.customer for e in board.evidence} == {"buyer-1", "buyer-2"}
    assert {"slow-quotes", "card-retype"} <= {o.id for o in board.opportunities()}


def test_the_same_file_name_recorded_on_both_sides_keeps_both_and_says_where_mine_went(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = anas_interview_pushed(remote, capsys)
    record(b, "buyer-7", "Ben's support call.\n", kind="support")
    assert (b / SAME).is_file()
    code, out, err = run(["sync", "--board", str(b)], capsys)
    assert (code, err) == (0, "")
    renamed = "evidence/2026-07-08-checkout-buyer-7-2.md"
    assert f"note: {SAME} was also recorded on origin/main: yours is now {renamed}\n" in out
    found = evidence_on_remote(remote)
    assert set(found) == {SAME, renamed}
    assert "Ana's interview." in found[SAME] and "kind: interview" in found[SAME]
    assert "Ben's support call." in found[renamed] and "kind: support" in found[renamed]
    assert not any("<<<<<<<" in text or ">>>>>>>" in text for text in found.values())
    clean_and_published(b, remote)
    assert (b / renamed).read_text() == found[renamed]
    assert sorted(str(e.kind) for e in Workspace(b).board().evidence) == ["interview", "support"]
    # The replayed commit adds the renamed file, and the other clone gets both.
    assert git(top(b), "show", "--name-only", "--format=%s", "HEAD").split("\n")[-2] == f"{BOARD}/{renamed}"
    assert run(["sync", "--board", str(a)], capsys)[0] == 0
    assert (a / renamed).read_text() == found[renamed]


def test_the_same_name_twice_on_one_side_and_once_on_the_other_keeps_all_three(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    _, b = anas_interview_pushed(remote, capsys)
    record(b, "buyer-7", "Ben's support call.\n", kind="support")
    record(b, "buyer-7", "Ben's sales call.\n", kind="sales")  # evidence add names it ...-2.md here
    code, out, _ = run(["sync", "--board", str(b)], capsys)
    assert code == 0
    found = evidence_on_remote(remote)
    assert len(found) == 3
    assert sorted(text.split("kind: ")[1].split("\n")[0] for text in found.values()) == [
        "interview",
        "sales",
        "support",
    ]
    assert out.count("note: ") == 1 and "yours is now evidence/2026-07-08-checkout-buyer-7-3.md" in out
    clean_and_published(b, remote)


def hand_edit(board: Path, path: str, old: str, new: str) -> None:
    file = board / path
    file.write_text(file.read_text().replace(old, new), encoding="utf-8")
    git(top(board), "commit", "-qam", f"Edit {path} by hand")


def edited_on_both_sides(
    remote: Remote, capsys: pytest.CaptureFixture[str], body: str, ana: tuple[str, str], ben: tuple[str, str]
) -> Path:
    """A touchpoint both clones have; clone a's hand edit `ana` pushed, clone b's `ben` committed: clone b."""
    a = remote.clone("a")
    record(a, "buyer-7", body)
    assert run(["sync", "--board", str(a)], capsys)[0] == 0
    b = remote.clone("b")
    hand_edit(a, SAME, *ana)
    assert run(["sync", "--board", str(a)], capsys)[0] == 0
    hand_edit(b, SAME, *ben)
    return b


def test_hand_edits_of_one_evidence_file_on_both_sides_on_different_lines_merge(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "First line.\n\nMiddle.\n\nLast line.\n"
    ana, ben = ("First line.", "First line, corrected by Ana."), ("Last line.", "Last line, corrected by Ben.")
    b = edited_on_both_sides(remote, capsys, body, ana, ben)
    code, out, err = run(["sync", "--board", str(b)], capsys)
    assert (code, err) == (0, ""), out
    text = remote.board_file(SAME)
    assert "First line, corrected by Ana.\n\nMiddle.\n\nLast line, corrected by Ben.\n" in text
    assert "<<<<<<<" not in text
    clean_and_published(b, remote)


def test_hand_edits_of_the_same_line_stop_sync_naming_the_file_and_prefer_settles_it_without_markers(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    ana, ben = ("What we heard.", "What Ana heard."), ("What we heard.", "What Ben heard.")
    b = edited_on_both_sides(remote, capsys, "What we heard.\n", ana, ben)
    before = (git(top(b), "rev-parse", "HEAD"), remote.head(), (b / SAME).read_text())
    code, out, err = run(["sync", "--board", str(b)], capsys)
    assert code == 1
    assert out == f"conflict: {SAME}: mine changed, theirs changed (lines)\n"
    assert "nothing was changed" in err
    assert (git(top(b), "rev-parse", "HEAD"), remote.head(), (b / SAME).read_text()) == before
    assert run(["sync", "--board", str(b), "--prefer", "mine"], capsys)[0] == 0
    text = remote.board_file(SAME)
    assert "What Ben heard." in text and "What Ana heard." not in text and "<<<<<<<" not in text
    clean_and_published(b, remote)


def test_the_same_name_on_both_sides_with_a_file_outside_the_board_is_kept_twice_by_a_merge_commit(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    _, b = anas_interview_pushed(remote, capsys)
    record(b, "buyer-7", "Ben's support call.\n", kind="support")
    (top(b) / "README.md").write_text("Our planning repository, and how we plan\n")
    git(top(b), "commit", "-qam", "Say how we plan")
    code, out, err = run(["sync", "--board", str(b)], capsys)
    assert (code, err) == (0, "")
    assert "joined by a merge commit" in out and "yours is now evidence/2026-07-08-checkout-buyer-7-2.md" in out
    found = evidence_on_remote(remote)
    assert set(found) == {SAME, "evidence/2026-07-08-checkout-buyer-7-2.md"}
    assert "Ana's interview." in found[SAME] and "<<<<<<<" not in found[SAME]
    clean_and_published(b, remote)


def test_evidence_for_an_opportunity_removed_on_the_remote_stops_sync_naming_the_file(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    a = remote.clone("a")
    Workspace(a).edit(E.AddOpportunity("slow-quotes", "checkout", "Quotes take long"))
    assert run(["sync", "--board", str(a)], capsys)[0] == 0
    b = remote.clone("b")
    Workspace(a).edit(E.Remove("slow-quotes"))
    assert run(["sync", "--board", str(a)], capsys)[0] == 0
    notes = top(b).parent / "notes.txt"
    notes.write_text("Quotes are slow.\n")
    args = ["evidence", "add", "--board", str(b), "--team", "checkout", "--kind", "interview"]
    more = ["--customer", "buyer-3", "--date", "2026-07-08", "--supports", "slow-quotes", "--body", str(notes)]
    assert main_ok([*args, *more])
    before = (git(top(b), "rev-parse", "HEAD"), remote.head())
    capsys.readouterr()
    code, out, err = run(["sync", "--board", str(b)], capsys)
    assert code == 1 and "nothing was changed" in err
    assert out.startswith(
        "conflict: slow-quotes: mine fine on its own, theirs fine on its own, but merged: unknown-ref"
    )
    assert "evidence/2026-07-08-checkout-buyer-3.md:" in out
    assert (git(top(b), "rev-parse", "HEAD"), remote.head()) == before


def test_a_link_committed_under_evidence_is_not_the_board_s_to_merge_and_is_kept(
    remote: Remote, capsys: pytest.CaptureFixture[str]
) -> None:
    _, b = anas_interview_pushed(remote, capsys)
    (b / "evidence").mkdir()
    (b / "evidence" / "link.md").symlink_to("../board.yaml")
    git(top(b), "add", "-A")
    git(top(b), "commit", "-qm", "A link, by hand")
    code, out, err = run(["sync", "--board", str(b)], capsys)
    assert (code, err) == (0, ""), err
    assert "joined by a merge commit" in out  # git merges what is not the board's, as before evidence was
    assert git(remote.origin, "ls-tree", "main", f"{BOARD}/evidence/link.md").startswith("120000 ")
    assert SAME in evidence_on_remote(remote)
    clean_and_published(b, remote)

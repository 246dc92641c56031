"""`trioboard evidence add`: a new evidence file, one commit, never over another file; refusals write nothing."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from helpers import commits, git, run
from helpers.evidence import CHECKOUT, DISCOVERY_BOARD, evidence_board

OPPORTUNITY = """\
opportunities:
  - id: card-reentry
    title: Buyers re-type card details
    outcomes: [conversion]
"""

ADD = ["evidence", "add", "--team", "checkout", "--kind", "interview", "--customer", "buyer-7", "--date", "2026-07-08"]


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = evidence_board(tmp_path / "repo" / "b", DISCOVERY_BOARD, {"checkout": CHECKOUT + OPPORTUNITY})
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-qm", "board")
    monkeypatch.chdir(root)
    monkeypatch.setattr(sys, "stdin", _stdin(""))
    return root


def _stdin(text: str, *, tty: bool = False) -> io.TextIOWrapper:
    stream = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    return stream


def test_a_touchpoint_is_written_and_committed(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [*ADD, "--with", "Ana Ruiz", "--with", "Ben Ode", "--supports", "card-reentry", "--segment", "smb"]
    sys.stdin = _stdin("What we heard.\n\n> I re-type my card every time.\n")
    code, out, err = run([*args, "--body", "-"], capsys)
    assert (code, err) == (0, "")
    assert out.endswith(" Record an interview with buyer-7 (checkout, 2026-07-08)\n")
    path = board / "evidence" / "2026-07-08-checkout-buyer-7.md"
    assert path.read_text() == (
        "---\n"
        "date: 2026-07-08\n"
        "team: checkout\n"
        "kind: interview\n"
        "with: [Ana Ruiz, Ben Ode]\n"
        "customer: buyer-7\n"
        "segment: smb\n"
        "supports: [card-reentry]\n"
        "challenges: []\n"
        "---\n"
        "What we heard.\n\n> I re-type my card every time.\n"
    )
    assert git(board, "log", "-1", "--format=%s%n%b").strip().splitlines() == [
        "Record an interview with buyer-7 (checkout, 2026-07-08)",
        "Trioboard-Edit: edit board=b",
    ]
    assert git(board, "show", "--name-only", "--format=", "HEAD").split() == [
        "b/evidence/2026-07-08-checkout-buyer-7.md"
    ]
    assert git(board, "status", "--porcelain") == ""
    code, out, _ = run(["check", "--today", "2026-07-10", "--format", "json"], capsys)
    assert '"evidence/' not in out  # the new file has no finding of its own


def test_a_second_touchpoint_the_same_day_gets_a_suffix(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sys.stdin = _stdin("first\n")
    assert run(ADD, capsys)[0] == 0
    sys.stdin = _stdin("second\n")
    assert run(ADD, capsys)[0] == 0
    (board / "evidence" / "2026-07-08-checkout-buyer-7-3.md").write_text("someone's draft, not committed\n")
    sys.stdin = _stdin("third\n")
    assert run(ADD, capsys)[0] == 0
    folder = board / "evidence"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-07-08-checkout-buyer-7-2.md",
        "2026-07-08-checkout-buyer-7-3.md",
        "2026-07-08-checkout-buyer-7-4.md",
        "2026-07-08-checkout-buyer-7.md",
    ]
    assert (folder / "2026-07-08-checkout-buyer-7.md").read_text().endswith("---\nfirst\n")
    assert (folder / "2026-07-08-checkout-buyer-7-2.md").read_text().endswith("---\nsecond\n")
    assert (folder / "2026-07-08-checkout-buyer-7-3.md").read_text() == "someone's draft, not committed\n"
    assert (folder / "2026-07-08-checkout-buyer-7-4.md").read_text().endswith("---\nthird\n")
    assert commits(board) == 4


def test_the_body_from_a_file_and_from_the_editor(
    board: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("From a file.\n")
    assert run([*ADD, "--body", str(notes)], capsys)[0] == 0
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Typed in the editor.\\n" > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    sys.stdin = _stdin("", tty=True)
    assert run(ADD, capsys)[0] == 0
    folder = board / "evidence"
    assert (folder / "2026-07-08-checkout-buyer-7.md").read_text().endswith("---\nFrom a file.\n")
    assert (folder / "2026-07-08-checkout-buyer-7-2.md").read_text().endswith("---\nTyped in the editor.\n")


def test_an_editor_that_fails_writes_nothing(
    board: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "false")
    monkeypatch.delenv("VISUAL", raising=False)
    sys.stdin = _stdin("", tty=True)
    code, out, err = run(ADD, capsys)
    assert (code, out) == (1, "")
    assert err == "trioboard: refused: the editor exited with status 1; nothing was written\n"
    assert not (board / "evidence").exists() and commits(board) == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--team", "payments"], "no team 'payments' on this board"),
        (["--supports", "nothing-here"], "--supports nothing-here: no such opportunity or item on this board"),
        (["--challenges", "grow"], "--challenges grow is a goal; evidence speaks for opportunities or items"),
        (
            ["--customer", "jane@example.com"],
            "the customer looks like an email address or a phone number; write a pseudonym (buyer-7)",
        ),
        (
            ["--customer", "+49 30 1234567"],
            "the customer looks like an email address or a phone number; write a pseudonym (buyer-7)",
        ),
        (["--with", "Ana\x1bRuiz"], "--with contains the control character U+001B; it must be one line of text"),
    ],
)
def test_a_draft_that_does_not_fit_is_refused_with_nothing_written(
    board: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    code, out, err = run([*ADD, *extra], capsys)
    assert (code, out, err) == (1, "", f"trioboard: refused: {message}\n")
    assert not (board / "evidence").exists() and commits(board) == 1
    assert "jane@" not in err and "1234567" not in err


def test_personal_data_in_the_body_is_refused_without_repeating_it(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sys.stdin = _stdin("Notes.\nShe gave us her number: 0171 2345678\n")
    code, out, err = run(ADD, capsys)
    assert (code, out) == (1, "")
    assert err == (
        "trioboard: refused: the body holds a phone number (its line 2); customers stay pseudonymous in git: "
        "remove it or write a pseudonym\n"
    )
    assert "2345678" not in err and not (board / "evidence").exists()


def test_bad_arguments_cannot_run(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([*ADD[:-1], "2026-13-40"], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("trioboard: error: argument --date: expected a date written YYYY-MM-DD")
    code, _, err = run([*ADD, "--kind", "call"], capsys)
    assert code == 2 and "invalid choice: 'call'" in err
    code, _, err = run([*ADD, "--body", str(board / "missing.md")], capsys)
    assert code == 2 and err.startswith("trioboard: error: ") and "missing.md" in err
    assert commits(board) == 1


def test_an_evidence_folder_that_is_a_link_is_never_written_through(
    board: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, board / "evidence")
    code, _, err = run(ADD, capsys)
    assert code == 2 and err.startswith("trioboard: error: ") and "symbolic link" in err
    assert list(outside.iterdir()) == [] and commits(board) == 1


def test_undo_takes_the_touchpoint_back(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(ADD, capsys)[0] == 0
    code, out, _ = run(["edit", "undo"], capsys)
    assert code == 0 and "Undo: Record an interview with buyer-7" in out
    assert not (board / "evidence" / "2026-07-08-checkout-buyer-7.md").exists()
    assert git(board, "status", "--porcelain") == ""

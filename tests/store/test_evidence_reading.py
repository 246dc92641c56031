"""Evidence files (SPEC 11): read into the model, and hostile ones are findings at file and line, never a crash."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from pathlib import Path

import pytest

from trioboard import workspace
from trioboard.core.model import Pos, Ref
from trioboard.store import files
from trioboard.store.evidence_files import READ_BYTES, read_evidence_source
from trioboard.workspace import Workspace

from helpers import run
from helpers.evidence import FRONT, about, evidence_board, write_evidence


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return evidence_board(tmp_path / "b")


def test_an_evidence_file_is_read_into_the_model(board: Path) -> None:
    write_evidence(board, "2026-07-08-checkout-buyer-7.md", FRONT + "segment: smb\nchallenges: [one-click-pay]\n")
    state = workspace.load(board)
    (evidence,) = state.board.evidence
    path = "evidence/2026-07-08-checkout-buyer-7.md"
    assert evidence.path == path
    assert evidence.date == dt.date(2026, 7, 8)
    assert (evidence.team, evidence.kind, evidence.customer, evidence.segment) == (
        "checkout",
        "interview",
        "buyer-7",
        "smb",
    )
    assert evidence.with_ == ["Ana Ruiz", "Ben Ode"]
    assert evidence.supports == [Ref("one-click-pay", Pos(path, 7, 12))]
    assert [r.id for r in evidence.challenges] == ["one-click-pay"]
    assert evidence.body_chars == len("What we heard.\n")
    assert evidence.team_pos == Pos(path, 3, 7)
    assert about(state, path) == []


def test_sub_folders_are_read_and_dotfiles_and_other_files_are_not(board: Path) -> None:
    write_evidence(board, "2026/07/a.md")
    write_evidence(board, "b.md")
    write_evidence(board, ".c.md")
    write_evidence(board, ".drafts/d.md")
    write_evidence(board, "notes.txt")
    (board / "evidence" / "photo.png").write_bytes(b"\x89PNG\r\n")
    state = workspace.load(board)
    assert [e.path for e in state.board.evidence] == ["evidence/2026/07/a.md", "evidence/b.md"]
    assert [f for f in state.findings if f.file.startswith("evidence")] == []


def test_a_board_without_evidence_reads_as_before(board: Path) -> None:
    before = workspace.load(board)
    (board / "evidence").mkdir()
    after = workspace.load(board)
    assert after.board.evidence == [] and after.findings == before.findings
    assert after.board.files == before.board.files == ["board.yaml", "teams/checkout.yaml"]


def test_a_symbolic_link_is_never_followed_out_of_the_board(board: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret"
    outside.mkdir()
    write_evidence(outside, "leak.md", FRONT.replace("buyer-7", "TOP-SECRET"))
    (board / "evidence").mkdir()
    os.symlink(outside / "evidence" / "leak.md", board / "evidence" / "file.md")
    os.symlink(outside / "evidence", board / "evidence" / "folder")
    state = workspace.load(board)
    assert state.board.evidence == []
    assert about(state, "evidence/file.md") == [
        ("parse-error", 1, "this file is a symbolic link; trioboard follows nothing out of evidence/")
    ]
    assert about(state, "evidence/folder") == [
        ("parse-error", 1, "this entry is a symbolic link; trioboard follows nothing out of evidence/")
    ]
    assert not any("SECRET" in f.message or "secret" in f.message for f in state.findings)


def test_evidence_itself_must_be_a_plain_folder(board: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", board / "evidence")
    state = workspace.load(board)
    assert about(state, "evidence") == [
        ("parse-error", 1, "this folder is a symbolic link; evidence/ must be a plain directory")
    ]


def test_a_fifo_is_refused_unread(board: Path) -> None:
    (board / "evidence").mkdir()
    os.mkfifo(board / "evidence" / "pipe.md")
    state = workspace.load(board)  # would hang if it were opened for a blocking read
    assert about(state, "evidence/pipe.md") == [("parse-error", 1, "this file is not a regular file")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Just notes, no front matter.\n",
            [
                (
                    "schema",
                    1,
                    "an evidence file starts with its front matter: a line '---', the keys (date, team, kind, "
                    "customer, …), and another '---'; this one does not",
                )
            ],
            id="no-front-matter",
        ),
        pytest.param(
            "---\ndate: 2026-07-08\nteam: checkout\n\nWhat we heard.\n",
            [("parse-error", 1, "the front matter that starts at line 1 never ends: add a line '---' after it")],
            id="unterminated",
        ),
        pytest.param(
            "---\na: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n---\n",
            [("parse-error", 2, "YAML anchors and aliases (&name, *name) are not allowed in a board file")],
            id="alias-bomb",
        ),
        pytest.param(
            "---\ndate: " + "[" * 200 + "]" * 200 + "\n---\n",
            [("parse-error", 2, "nesting is deeper than 64 levels")],
            id="deep-nesting",
        ),
        pytest.param(
            "---\ndate: [unclosed\n---\n",
            [("parse-error", 3, None)],
            id="not-yaml",
        ),
        pytest.param(
            "---\n- a list\n---\n",
            [("schema", 1, "the front matter must be a mapping of keys, not a list")],
            id="not-a-mapping",
        ),
        pytest.param(
            "---\n!!python/object:os.system {}\n---\n",
            [("schema", 2, None)],
            id="a-tag",
        ),
    ],
)
def test_hostile_front_matter_is_a_finding_at_its_line(
    board: Path, capsys: pytest.CaptureFixture[str], text: str, expected: list[tuple[str, int, str | None]]
) -> None:
    (board / "evidence").mkdir()
    (board / "evidence" / "x.md").write_text(text, encoding="utf-8")
    state = workspace.load(board)
    found = [f for f in about(state, "evidence/x.md") if f[0] != "orphan-evidence"]
    assert [(rule, line) for rule, line, _ in found][: len(expected)] == [(r, n) for r, n, _ in expected]
    for (_, _, message), (_, _, wanted) in zip(found, expected, strict=False):
        if wanted is not None:
            assert message == wanted
    code, out, err = run(["check", str(board)], capsys)
    assert (code, err) == (1, "") and "evidence/x.md:" in out


def test_a_file_that_is_not_utf8_is_a_parse_error_at_its_byte(board: Path) -> None:
    (board / "evidence").mkdir()
    (board / "evidence" / "x.md").write_bytes(b"---\ndate: 2026-07-08\n---\nsome caf\xe9 notes\n")
    state = workspace.load(board)
    assert [(f.rule, f.line, f.column, f.message) for f in state.findings if f.file == "evidence/x.md"] == [
        ("parse-error", 4, 9, "not UTF-8: byte 0xe9 cannot be decoded")
    ]


def test_a_10_mb_body_is_a_finding_and_only_its_head_is_read(board: Path) -> None:
    path = write_evidence(board, "huge.md", body="x" * (10 * 1024 * 1024))
    started = time.perf_counter()
    source = read_evidence_source(board, "evidence/huge.md")
    assert time.perf_counter() - started < 5  # generous: the point is that it returns
    assert source.body_chars < READ_BYTES
    state = workspace.load(board)
    assert about(state, "evidence/huge.md") == [
        (
            "schema",
            9,
            "this file is larger than 512 KB; an evidence file's body holds at most 100,000 characters "
            "(keep the notes, link to the rest)",
        )
    ]
    assert [e.path for e in state.board.evidence] == ["evidence/huge.md"]  # its front matter still counts
    assert path.stat().st_size > 10 * 1024 * 1024


def test_a_body_over_100000_characters_is_a_finding_at_its_first_line(board: Path) -> None:
    write_evidence(board, "long.md", body="é" * 100_001)
    write_evidence(board, "fits.md", body="é" * 100_000)
    state = workspace.load(board)
    assert about(state, "evidence/long.md") == [
        (
            "schema",
            9,
            "the body is 100,001 characters long; an evidence file's body holds at most 100,000 "
            "(keep the notes, link to the rest)",
        )
    ]
    assert about(state, "evidence/fits.md") == []


def test_front_matter_follows_the_evidence_format(board: Path) -> None:
    front = """\
        date: 2026-02-30
        team: Checkout Team
        kind: call
        with: Ana Ruiz
        segment: [a, b]
        supports: [Not An Id]
        colour: blue
        x-mine: kept
        """
    write_evidence(board, "bad.md", front)
    state = workspace.load(board)
    assert about(state, "evidence/bad.md")[1:] == [
        ("schema", 2, "the front matter has no 'customer'"),
        ("schema", 2, "'date' of the front matter must be a date written YYYY-MM-DD, not '2026-02-30'"),
        ("schema", 3, "'team' of the front matter must be a team's id, not 'Checkout Team'"),
        (
            "schema",
            4,
            "'kind' of the front matter is 'call'; use one of: interview, usability-test, support, sales, "
            "analytics, survey, other",
        ),
        ("schema", 5, "'with' of the front matter must be a list, not text"),
        ("schema", 6, "'segment' of the front matter must be text, not a list"),
        ("schema", 7, "'supports' of the front matter lists 'Not An Id', which is not a valid id"),
        ("schema", 8, "unknown key 'colour' in the front matter"),
    ]
    (evidence,) = state.board.evidence
    assert (evidence.date, evidence.team, evidence.kind, evidence.customer) == (None, None, None, None)


def test_every_required_key_is_named_when_missing(board: Path) -> None:
    write_evidence(board, "empty.md", "segment: smb\n")
    state = workspace.load(board)
    assert sorted(m for rule, _, m in about(state, "evidence/empty.md") if rule == "schema") == [
        "the front matter has no 'customer'",
        "the front matter has no 'date'",
        "the front matter has no 'kind'",
        "the front matter has no 'team'",
    ]


def test_an_unknown_team_or_id_is_an_unknown_ref(board: Path) -> None:
    write_evidence(board, "x.md", FRONT.replace("team: checkout", "team: payments") + "challenges: [nothing]\n")
    state = workspace.load(board)
    assert about(state, "evidence/x.md") == [
        ("unknown-ref", 3, "'team' of evidence/x.md names payments, which is not a team of the board"),
        ("unknown-ref", 8, "'challenges' of evidence/x.md names nothing, which does not exist"),
    ]


def test_only_the_evidence_file_that_changed_is_parsed_again(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subprocess.run(["git", "init", "-q"], cwd=board, check=True)
    for n in range(5):
        write_evidence(board, f"e{n}.md")
    opened = Workspace(board)
    opened.state()
    opened.keep_models()
    changed = board / "evidence" / "e3.md"
    changed.write_text(changed.read_text().replace("buyer-7", "buyer-8"))
    parsed: list[str] = []
    real = files.read_source

    def counting(root: Path, path: str) -> object:
        parsed.append(path)
        return real(root, path)

    monkeypatch.setattr("trioboard.workspace.reader.read_source", counting)
    again = Workspace(board).state()
    assert parsed == ["evidence/e3.md"]
    assert sorted(e.customer or "" for e in again.board.evidence) == ["buyer-7"] * 4 + ["buyer-8"]


def test_a_revision_in_git_reads_as_the_work_tree_does(board: Path, tmp_path: Path) -> None:
    write_evidence(board, "2026/a.md")
    write_evidence(board, "b.md", FRONT.replace("interview", "call"))
    write_evidence(board, "huge.md", body="x" * (READ_BYTES + 10))
    (board / "evidence" / "none.md").write_text("no front matter\n")
    write_evidence(board, ".hidden.md")
    os.symlink(tmp_path, board / "evidence" / "out")
    subprocess.run(["git", "init", "-q"], cwd=board, check=True)
    subprocess.run(["git", "add", "-A"], cwd=board, check=True)
    subprocess.run(["git", "commit", "-qm", "evidence"], cwd=board, check=True)
    here, there = workspace.load(board), workspace.load_at(board, "HEAD")
    assert there.findings == here.findings
    assert there.board.evidence == here.board.evidence
    assert [e.path for e in there.board.evidence] == ["evidence/2026/a.md", "evidence/b.md", "evidence/huge.md"]


def test_crlf_line_endings_read_as_lf_and_a_bom_is_a_schema_finding(board: Path) -> None:
    text = f"---\n{FRONT}---\nNotes.\n"
    (board / "evidence").mkdir()
    (board / "evidence" / "crlf.md").write_bytes(text.replace("\n", "\r\n").encode())
    (board / "evidence" / "bom.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    state = workspace.load(board)
    crlf, bom = sorted(state.board.evidence, key=lambda e: e.path, reverse=True)
    assert (crlf.path, crlf.customer, [r.id for r in crlf.supports]) == (
        "evidence/crlf.md",
        "buyer-7",
        ["one-click-pay"],
    )
    assert crlf.supports[0].pos == Pos("evidence/crlf.md", 7, 12)
    assert about(state, "evidence/crlf.md") == []
    assert about(state, "evidence/bom.md") == [
        ("schema", 1, "the file starts with a byte-order mark; save it as UTF-8 without one")
    ]
    assert bom.customer == "buyer-7"

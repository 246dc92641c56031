"""Hostile and broken input: always a finding with file and line, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from trioboard import workspace
from trioboard.cli import main
from trioboard.core.findings import Finding
from trioboard.core.results import BoardState

BOARD = "name: Acme\ngoals:\n  - id: g1\n    title: Grow\n"
TEAM_HEAD = "id: alpha\nname: Alpha\ntrio: {product: A, design: B, engineering: C}\n"


def load_team_bytes(tmp_path: Path, data: bytes, name: str = "alpha") -> BoardState:
    (tmp_path / "teams").mkdir(exist_ok=True)
    (tmp_path / "board.yaml").write_text(BOARD)
    (tmp_path / "teams" / f"{name}.yaml").write_bytes(data)
    return workspace.load(tmp_path)


def findings_of(state: BoardState, rule: str, file: str = "teams/alpha.yaml") -> list[Finding]:
    return [f for f in state.findings if f.rule == rule and f.file == file]


def only(state: BoardState, rule: str, file: str = "teams/alpha.yaml") -> Finding:
    found = findings_of(state, rule, file)
    assert len(found) == 1, [f"{f.line}: {f.message}" for f in state.findings]
    return found[0]


def check_runs_cleanly(board: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """`trioboard check` exits 1 with findings on stdout and nothing on stderr."""
    code = main(["check", str(board)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err == ""
    return out


ALIAS_BOMB = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (ALIAS_BOMB, 1),
        (b"id: alpha\nname: &n Alpha\n", 2),
        (b"id: alpha\nname: Alpha\nx-loop: &a [*a]\n", 3),
        (TEAM_HEAD.encode() + b"roadmap: &r []\nx-copy: *r\n", 4),
    ],
    ids=["alias-bomb", "anchor", "recursive-alias", "alias"],
)
def test_anchors_and_aliases_are_refused(tmp_path: Path, data: bytes, line: int) -> None:
    finding = only(load_team_bytes(tmp_path, data), "parse-error")
    assert finding.line == line
    assert "anchors and aliases" in finding.message


def test_deep_nesting_is_refused_without_recursion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep_flow = b"x-deep: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    finding = only(load_team_bytes(tmp_path, deep_flow), "parse-error")
    assert finding.line == 1
    assert finding.message == "nesting is deeper than 64 levels"
    block = "".join(f"{' ' * (2 * i)}k{i}:\n" for i in range(300)).encode()
    finding = only(load_team_bytes(tmp_path, block), "parse-error")
    assert finding.line == 65
    check_runs_cleanly(tmp_path, capsys)


def test_64_levels_are_still_fine(tmp_path: Path) -> None:
    nested = TEAM_HEAD.encode() + b"x-deep: " + b"[" * 63 + b"]" * 63 + b"\n"
    state = load_team_bytes(tmp_path, nested)
    assert not findings_of(state, "parse-error")


def test_a_file_over_5_mb_is_refused_unparsed(tmp_path: Path) -> None:
    data = TEAM_HEAD.encode() + b"notes: " + b"x" * (5 * 1024 * 1024) + b"\n"
    finding = only(load_team_bytes(tmp_path, data), "parse-error")
    assert finding.message == "this file is larger than 5 MB"


@pytest.mark.parametrize(
    "value",
    ['!!python/object/apply:os.system ["touch /tmp/pwned"]', "!custom text", "!!str 12"],
)
def test_explicit_tags_are_findings_and_never_constructed(tmp_path: Path, value: str) -> None:
    data = f"{TEAM_HEAD}x-tagged: {value}\n".encode()
    finding = only(load_team_bytes(tmp_path, data), "schema")
    assert finding.line == 4
    assert "explicit YAML tag" in finding.message
    assert not Path("/tmp/pwned").exists()


@pytest.mark.parametrize(
    ("data", "rule", "line", "words"),
    [
        (b"id: alpha\nname: Caf\xe9\n", "parse-error", 2, "not UTF-8"),
        ("\ufeff".encode() + TEAM_HEAD.encode(), "schema", 1, "byte-order mark"),
        (b"id: alpha\nname: A\ntrio:\n\tproduct: A\n", "parse-error", 4, "not valid YAML"),
        (TEAM_HEAD.encode() + b"---\nid: beta\n", "parse-error", 4, "second one"),
        (b"", "schema", 1, "must be a mapping of keys, not empty"),
        (b"- id: alpha\n", "schema", 1, "must be a mapping of keys, not a list"),
        (b"just text\n", "schema", 1, "must be a mapping of keys, not text"),
        (TEAM_HEAD.encode() + b"name: Again\n", "schema", 4, "duplicate key 'name' (first at line 2)"),
        (TEAM_HEAD.encode() + b"1: one\ntrue: yes\n", "schema", 4, "key 1 is not text"),
        (
            TEAM_HEAD.encode() + b"roadmap:\n  - id: 123\n    title: T\n",
            "schema",
            5,
            "must be text, not a number",
        ),
        (
            TEAM_HEAD.encode() + b"roadmap:\n  - id: ../../etc/passwd\n    title: T\n",
            "schema",
            5,
            "not a valid id",
        ),
        (TEAM_HEAD.encode() + b"roadmap: {a: 1}\n", "schema", 4, "must be a list, not a mapping"),
        (b"id: alpha\nname: A\x1b[31m\n", "parse-error", 2, "U+001B"),
        (b"id: alpha\nname: A\xc2\x85B\n", "parse-error", 2, "U+0085 is a hidden line break"),
        (b'id: alpha\nname: "A\\eB"\n', "schema", 2, "control character U+001B"),
        (b'id: alpha\nname: "A\\NB"\n', "schema", 2, "control character U+0085"),
        (b'id: alpha\nname: "A\\x07B"\n', "schema", 2, "control character U+0007"),
        (b'id: alpha\nname: "A\\u2028B"\n', "schema", 2, "U+2028"),
        (b'id: alpha\nname: "A\\ud800B"\n', "parse-error", 2, "invalid Unicode"),
        (b'id: alpha\nname: "one\\ntwo"\n', "schema", 2, "a line break"),
    ],
    ids=[
        "latin-1",
        "bom",
        "tab-indent",
        "two-documents",
        "empty-file",
        "list-not-mapping",
        "scalar-not-mapping",
        "duplicate-key",
        "bool-and-int-keys",
        "int-id",
        "path-id",
        "mapping-not-list",
        "raw-escape",
        "raw-nel",
        "escaped-esc",
        "escaped-nel",
        "escaped-bell",
        "line-separator",
        "lone-surrogate",
        "newline-in-title",
    ],
)
def test_broken_files_give_a_finding_at_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, rule: str, line: int, words: str
) -> None:
    state = load_team_bytes(tmp_path, data)
    found = findings_of(state, rule)
    assert found, [f"{f.rule} {f.line}: {f.message}" for f in state.findings]
    assert found[0].line == line
    assert words in found[0].message
    out = check_runs_cleanly(tmp_path, capsys)
    assert "\x1b" not in out and "\x85" not in out


def test_integers_of_thousands_of_digits(tmp_path: Path) -> None:
    huge = "9" * 5000
    (tmp_path / "board.yaml").write_text(f"name: Acme\ngoals: []\npolicy:\n  wip_limit: {huge}\n")
    state = workspace.load(tmp_path)
    finding = only(state, "schema", "board.yaml")
    assert finding.line == 4 and "wip_limit must be a whole number" in finding.message


def test_a_symlinked_team_file_is_refused_unread_and_never_quoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "outside" / "secret-target-name.yaml"
    secret.parent.mkdir()
    secret.write_text("id: alpha\nname: TOP SECRET\n")
    board = tmp_path / "board"
    (board / "teams").mkdir(parents=True)
    (board / "board.yaml").write_text(BOARD)
    (board / "teams" / "alpha.yaml").symlink_to(secret)
    (board / "teams" / "beta.yaml").symlink_to("/etc/passwd")
    state = workspace.load(board)
    refused = [f for f in state.findings if f.rule == "parse-error"]
    assert [f.file for f in refused] == ["teams/alpha.yaml", "teams/beta.yaml"]
    assert all("symbolic link" in f.message for f in refused)
    assert state.board.teams == []
    out = check_runs_cleanly(board, capsys)
    assert "secret-target-name" not in out and "TOP SECRET" not in out and "passwd" not in out


def test_a_symlinked_teams_directory_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "alpha.yaml").write_text(TEAM_HEAD)
    board = tmp_path / "board"
    board.mkdir()
    (board / "board.yaml").write_text(BOARD)
    (board / "teams").symlink_to(elsewhere)
    state = workspace.load(board)
    assert [(f.rule, f.file) for f in state.findings if f.rule == "parse-error"] == [("parse-error", "teams")]
    assert state.board.teams == []


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    (tmp_path / "teams").mkdir()
    (tmp_path / "board.yaml").write_text(BOARD)
    os.mkfifo(tmp_path / "teams" / "alpha.yaml")
    finding = only(workspace.load(tmp_path), "parse-error")
    assert finding.message == "this file is not a regular file"


def test_team_file_names_that_are_not_ids(tmp_path: Path) -> None:
    (tmp_path / "teams").mkdir()
    (tmp_path / "board.yaml").write_text(BOARD)
    (tmp_path / "teams" / "Big Team.yaml").write_text("id: big-team\nname: Big\n")
    (tmp_path / "teams" / "old.yml").write_text("id: old\nname: Old\n")
    (tmp_path / "teams" / ".#alpha.yaml").write_text("editor lock files are not team files")
    state = workspace.load(tmp_path)
    schema = [(f.file, f.message) for f in state.findings if f.rule == "schema"]
    assert (
        "teams/Big Team.yaml",
        "the file name is not a valid team id: use 1-63 lowercase letters, digits and '-'",
    ) in schema
    assert any(file == "teams/old.yml" and "end in .yaml" in message for file, message in schema)
    assert all(".#alpha" not in f.file for f in state.findings)


def test_markup_and_escapes_in_titles_are_kept_literally(load_board: Callable[..., BoardState]) -> None:
    title = "[@click=app.quit]Ship[/] [WIP] \\e[31m"
    state = load_board(BOARD, {"alpha": f"{TEAM_HEAD}roadmap:\n  - id: a\n    title: '{title}'\n"})
    assert state.board.teams[0].items[0].title == title


def test_five_thousand_team_files(tmp_path: Path) -> None:
    (tmp_path / "teams").mkdir()
    (tmp_path / "board.yaml").write_text(BOARD)
    for n in range(5000):
        (tmp_path / "teams" / f"t{n}.yaml").write_text(
            f"id: t{n}\nname: Team {n}\nroadmap:\n  - id: t{n}-a\n    title: Work\n    horizon: now\n"
        )
    state = workspace.load(tmp_path)
    assert len(state.board.teams) == 5000
    assert state.analysis.board_coverage.active == 5000
    assert len(state.analysis.team_blocks) == 5000

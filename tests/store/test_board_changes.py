"""The history reader's commits with the board files each changed, and the cut of a file's top-level keys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trioboard.core.rules import RULE_NAMES, STRUCTURAL_RULES
from trioboard.core.schema import read_board_file, read_team_file
from trioboard.store.files import parse_source
from trioboard.store.history_reader import FileChange, HistoryReader
from trioboard.store.sections import top_level

from helpers import DEMO, HANDWRITTEN, REAL_BOARDS, commit_all, git, write_board

TEAM = """\
id: web
name: Web
outcomes:
  - id: faster-pages
    title: Faster pages
roadmap: []
"""


def _changes(board: Path, revisions: list[str] | None = None) -> list[tuple[str, list[FileChange]]]:
    history = HistoryReader(board)
    try:
        return [(c.commit.subject, list(c.files)) for c in history.changes(revisions)]
    finally:
        history.close()


def test_each_commit_lists_the_board_files_it_changed_newest_first(tmp_path: Path) -> None:
    board = write_board(tmp_path / "repo" / "plans", "name: Plans\ngoals: []\n", {"web": TEAM})
    git(board.parent, "init", "-q")
    commit_all(board, "Create")
    (board / "teams" / "web.yaml").write_text(TEAM.replace("Faster pages", "Fast pages"))
    (board.parent / "README").write_text("not the board\n")
    commit_all(board, "Retitle")
    git(board, "mv", "teams/web.yaml", "teams/site.yaml")
    git(board, "commit", "-qm", "Rename")
    (board.parent / "README").write_text("still not the board\n")
    commit_all(board, "Readme only")

    found = _changes(board)

    assert [subject for subject, _ in found] == ["Rename", "Retitle", "Create"]
    rename = found[0][1]
    assert [(f.path, f.blob is None) for f in rename] == [("teams/site.yaml", False), ("teams/web.yaml", True)]
    assert [f.path for f in found[1][1]] == ["teams/web.yaml"]
    assert sorted(f.path for f in found[2][1]) == ["board.yaml", "teams/web.yaml"]
    blob = found[1][1][0].blob
    assert blob is not None
    history = HistoryReader(board)
    assert history.read_blob("teams/web.yaml", blob) == TEAM.replace("Faster pages", "Fast pages").encode()
    history.close()


def test_a_merge_is_what_it_brought_into_the_branch_and_side_commits_are_not_walked(tmp_path: Path) -> None:
    board = write_board(tmp_path / "b", "name: B\ngoals: []\n", {"web": TEAM})
    git(board, "init", "-q")
    commit_all(board, "Create")
    git(board, "checkout", "-qb", "side")
    (board / "teams" / "web.yaml").write_text(TEAM.replace("Faster", "Quicker"))
    commit_all(board, "On the side")
    git(board, "checkout", "-q", "main")
    (board / "board.yaml").write_text("name: B2\ngoals: []\n")
    commit_all(board, "On main")
    git(board, "merge", "-q", "--no-edit", "side")

    found = _changes(board)

    assert [subject for subject, _ in found] == ["Merge branch 'side'", "On main", "Create"]
    assert [f.path for f in found[0][1]] == ["teams/web.yaml"]


def test_a_link_or_an_unknown_revision_in_the_history(tmp_path: Path) -> None:
    board = write_board(tmp_path / "b", "name: B\ngoals: []\n", {"web": TEAM})
    git(board, "init", "-q")
    commit_all(board, "Create")
    (board / "teams" / "web.yaml").unlink()
    os.symlink("/etc/passwd", board / "teams" / "web.yaml")
    commit_all(board, "Link")

    assert _changes(board)[0][1] == [FileChange("teams/web.yaml", None)]
    from trioboard.core.errors import RevisionError

    with pytest.raises(RevisionError, match="nope"):
        _changes(board, ["nope"])
    with pytest.raises(RevisionError):
        _changes(board, ["--all"])


def _boards() -> list[Path]:
    found = [DEMO, HANDWRITTEN]
    if REAL_BOARDS.is_dir():
        found += sorted(p for p in REAL_BOARDS.iterdir() if (p / "board.yaml").is_file())
    return found


@pytest.mark.parametrize("root", _boards(), ids=lambda p: p.name)
def test_the_cut_reads_goals_and_outcomes_as_the_whole_file_does(root: Path) -> None:
    head = (root / "board.yaml").read_bytes()
    cut = top_level(head, frozenset({"goals"}))
    whole = read_board_file(parse_source("board.yaml", head), RULE_NAMES, STRUCTURAL_RULES).goals
    if cut is not None:
        assert read_board_file(parse_source("board.yaml", cut), RULE_NAMES, STRUCTURAL_RULES).goals == whole
    for path in sorted((root / "teams").glob("*.yaml")):
        data = path.read_bytes()
        cut = top_level(data, frozenset({"id", "outcomes"}))
        team = read_team_file(parse_source(f"teams/{path.name}", data)).team
        if root == DEMO:
            assert cut is not None  # the demo is plain block YAML: the cut is made
        if cut is None or team is None:
            continue
        part = read_team_file(parse_source(f"teams/{path.name}", cut)).team
        assert part is not None
        assert [o.id for o in part.outcomes] == [o.id for o in team.outcomes]
        assert part.outcomes == team.outcomes


@pytest.mark.parametrize(
    "text",
    [
        "---\nid: web\noutcomes: []\n",
        'id: web\ntitle: "runs on\nroadmap: at the margin"\noutcomes: []\n',
        "id: web\n\toutcomes: []\n",
        "id: web\nnotes: [a,\nb]\noutcomes: []\n",
        "? id\n: web\n",
        "id: web\nplain text that runs on\n",
    ],
)
def test_the_cut_is_refused_where_the_top_level_is_not_plain_block_yaml(text: str) -> None:
    assert top_level(text.encode(), frozenset({"id", "outcomes"})) is None


def test_the_cut_keeps_the_named_keys_and_their_lists_written_at_the_margin() -> None:
    text = "# c\nid: web\nname: Web\noutcomes:\n- id: a\n  title: A\nroadmap:\n- id: b\n  title: B\n"
    assert top_level(b"\xef\xbb\xbf" + text.encode(), frozenset({"id", "outcomes"})) == (
        b"\nid: web\n\noutcomes:\n- id: a\n  title: A\n\n\n\n"
    )


def test_a_board_in_a_folder_with_spaces_and_accents_beside_another(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    board = write_board(top / "plans für 2026", "name: Plans\ngoals: []\n", {"web": TEAM})
    write_board(top / "plans", "name: Other\ngoals: []\n", {"web": TEAM})
    git(top, "init", "-q")
    commit_all(top, "Create both")
    (top / "plans" / "teams" / "web.yaml").write_text(TEAM.replace("Faster", "Other"))
    commit_all(top, "Change the other board")
    (board / "teams" / "web.yaml").write_text(TEAM.replace("Faster", "Quicker"))
    commit_all(top, "Change this board")

    found = _changes(board)

    assert [(subject, [f.path for f in files]) for subject, files in found] == [
        ("Change this board", ["teams/web.yaml"]),
        ("Create both", ["board.yaml", "teams/web.yaml"]),
    ]

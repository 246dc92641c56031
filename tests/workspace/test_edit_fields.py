"""Notes, links, tags and dependencies set as fields: checked, committed well, written as a person would.

The exact diffs are in test_edits (goldens); here: what is refused and why,
what the commit says, and that the board reads back what was set.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trioboard.core import edits as E
from trioboard.core.model import Item, Node
from trioboard.workspace import Workspace

from helpers import HANDWRITTEN, git, run


@pytest.fixture
def board(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(HANDWRITTEN, root / "plan")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Start")
    return root / "plan"


def _node(board: Path, node_id: str) -> Node:
    state = Workspace(board).state()
    return state.analysis.index[node_id]


@pytest.mark.parametrize(
    ("node", "key", "value", "field", "why"),
    [
        ("sso", "depends_on", "sso", "depends_on", "cannot depend on itself"),
        ("sso", "depends_on", "no-such-item", "depends_on", "no-such-item"),
        ("sso", "depends_on", "faster-signup", "depends_on", "is an outcome"),
        ("sso", "tags", "Auth", "tags", "a tag is an id"),
        ("grow", "links", "see the doc", "links", "no spaces"),
        ("web", "notes", "bad \x1b[31m escape", "notes", r"U\+001B"),
        ("keep", "notes", "x" * 5001, "notes", "the limit is 5000"),
        ("faster-signup", "depends_on", "passkeys", "depends_on", "has no field"),
    ],
)
def test_bad_values_are_refused_at_their_field(
    board: Path, node: str, key: str, value: str, field: str, why: str
) -> None:
    before = git(board.parent, "rev-parse", "HEAD")
    with pytest.raises(E.Refused, match=why) as refused:
        Workspace(board).edit(E.SetFields(node, ((key, value),)))
    assert refused.value.field == field
    assert git(board.parent, "rev-parse", "HEAD") == before


def test_notes_are_in_the_body_and_cannot_forge_a_trailer(board: Path) -> None:
    notes = "First line.\n\nSigned-off-by: Mallory <m@x>\nTrioboard-Edit: set board=elsewhere"
    result = Workspace(board).edit(E.SetFields("keep", (("notes", notes),)))
    assert result.message == "Set notes of goal keep"
    message = git(board.parent, "log", "-1", "--format=%B")
    assert message.startswith("Set notes of goal keep\n\nThe new notes:\nFirst line.\n")
    assert "board=elsewhere" not in message
    trailers = git(board.parent, "log", "-1", "--format=%(trailers:only,unfold)").strip()
    assert trailers == "Trioboard-Edit: edit board=plan" and "Signed-off-by" not in trailers
    assert _node(board, "keep").extras.notes == (
        "First line.\n\nSigned-off-by: Mallory <m@x>\nTrioboard-Edit: set board=elsewhere\n"
    )


def test_lists_read_back_and_a_new_order_rewrites_only_that_list(board: Path) -> None:
    space = Workspace(board)
    assert space.edit(E.SetFields("sso", (("tags", "auth, web, auth"),))).message == "Set tags of item sso to auth, web"
    assert space.edit(E.SetFields("sso", (("tags", "web, auth"),))).message == "Set tags of item sso to web, auth"
    assert _node(board, "sso").extras.tags == ["web", "auth"]
    diff = git(board.parent, "diff", "HEAD~1", "--unified=0", "--", "plan/teams/web.yaml")
    assert [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        "-    tags: [auth, web]",
        "+    tags: [web, auth]",
    ]
    with pytest.raises(E.Refused, match="already has that value"):
        space.edit(E.SetFields("sso", (("tags", "web,auth"),)))


def test_dependencies_set_from_a_list_are_checked_like_links(board: Path) -> None:
    space = Workspace(board)
    space.edit(E.SetFields("sso", (("depends_on", "magic-links"),)))
    item = _node(board, "sso")
    assert isinstance(item, Item) and [r.id for r in item.depends_on] == ["magic-links"]
    with pytest.raises(E.Refused, match="changed by someone else"):
        space.edit(E.SetFields("sso", (("depends_on", "passkeys"),), expect=(("depends_on", None),)))


def test_cli_set_takes_notes_tags_and_links(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["edit", "--board", str(board), "set", "sso", "tags=auth,web", "links=https://x.example/sso"], capsys
    )
    assert (code, err) == (0, "")
    assert out.split(" ", 1)[1] == "Update item sso: set tags, set links\n"
    text = (board / "teams" / "web.yaml").read_text()
    assert "    links: ['https://x.example/sso']\n    tags: [auth, web]\n" in text
    code, out, err = run(["edit", "--board", str(board), "set", "sso", "tags="], capsys)
    assert code == 0 and "tags:" not in (board / "teams" / "web.yaml").read_text()
    code, _, err = run(["edit", "--board", str(board), "set", "sso", "tags=Not An Id"], capsys)
    assert code == 1 and "a tag is an id" in err


def test_a_link_added_to_a_list_written_one_a_line_stays_one_a_line(tmp_path: Path) -> None:
    from helpers import demo_repo

    board = demo_repo(tmp_path)
    space = Workspace(board)
    old = "https://figma.example.com/file/date-picker-v3"
    result = space.edit(E.SetFields("date-picker-redesign", (("links", f"{old}, https://x.example/spec"),)))
    assert result.message == "Set links of item date-picker-redesign"
    assert ("    links:\n      - https://figma.example.com/file/date-picker-v3\n      - https://x.example/spec\n") in (
        board / "teams" / "checkout.yaml"
    ).read_text()


def test_a_teams_tags_are_removed_with_their_line(board: Path) -> None:
    space = Workspace(board)
    before = (board / "teams" / "web.yaml").read_text()
    space.edit(E.SetFields("web", (("tags", "growth"),)))
    assert space.edit(E.SetFields("web", (("tags", ""),))).message == "Remove tags of team web"
    assert (board / "teams" / "web.yaml").read_text() == before

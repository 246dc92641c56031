"""`trioboard import csv`: Jira's and Linear's CSV exports and a spreadsheet, as one commit; bad files refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from trioboard.cli import main

from helpers import git

# Jira Cloud "Export → CSV (all fields)": a multi-valued field is repeated under one name,
# one column per value (Sprint, Labels, issue links); epics are rows of their own.
JIRA_HEADER = (
    "Issue key,Issue id,Summary,Issue Type,Status,Project key,Project name,Priority,Resolution,Assignee,"
    "Reporter,Created,Updated,Last Viewed,Resolved,Due Date,Sprint,Sprint,Parent,Parent summary,Labels,Labels,"
    "Inward issue link (Blocks),Outward issue link (Blocks),Custom field (Team)"
)
JIRA_ROWS = [
    "PAY-10,10010,Safer stored cards,Epic,In Progress,PAY,Payments,High,,Ana Ruiz,Ana Ruiz,"
    "01/Jul/26 9:00 AM,02/Jul/26 9:00 AM,,,,,,,,,,,,Payments",
    "PAY-11,10011,Tokenize cards,Story,In Progress,PAY,Payments,High,,Chen Li,Ana Ruiz,"
    "01/Jul/26 9:00 AM,02/Jul/26 9:00 AM,,,,PAY Sprint 4,,10010,Safer stored cards,pci,,,PAY-12,Payments",
    "PAY-12,10012,Vault card numbers,Story,To Do,PAY,Payments,Medium,,,Ana Ruiz,"
    '01/Jul/26 9:00 AM,02/Jul/26 9:00 AM,,,,"PAY Sprint 4",PAY Sprint 5,10010,Safer stored cards,,,PAY-11,,Payments',
    "CHK-3,10020,One-click pay,Story,Selected for Development,CHK,Checkout,High,,Ben Ode,Ben Ode,"
    "01/Jul/26 9:00 AM,02/Jul/26 9:00 AM,,,,,,,,,,PAY-11,,Checkout",
    "CHK-4,10021,Old coupon flow,Task,Won't Do,CHK,Checkout,Low,Won't Do,,Ben Ode,"
    "01/Jul/26 9:00 AM,02/Jul/26 9:00 AM,,02/Jul/26 9:00 AM,,,,,,,,,,Checkout",
    "CHK-5,10022,Guest checkout,Story,Done,CHK,Checkout,Low,Done,,Ben Ode,"
    "01/Jul/26 9:00 AM,02/Jul/26 9:00 AM,,02/Jul/26 9:00 AM,,,,,,,,,,Checkout",
    "CHK-6,10023,Address autocomplete,Story,Blocked,CHK,Checkout,Low,,,Ben Ode,"
    "01/Jul/26 9:00 AM,02/Jul/26 9:00 AM,,,,,,,,,,PAY-99,,Checkout",
]

# Linear "Export CSV" of issues (the 34-column shape, with its relation columns).
LINEAR_HEADER = (
    "ID,Team,Title,Description,Status,Estimate,Priority,Project ID,Project,Creator,Assignee,Labels,"
    "Cycle Number,Cycle Name,Cycle Start,Cycle End,Created,Updated,Started,Triaged,Completed,Canceled,"
    "Archived,Due Date,Parent issue,Initiatives,Project Milestone ID,Project Milestone,SLA Status,UUID,"
    "Time in status (minutes),Related to,Blocked by,Duplicate of"
)
LINEAR_ROWS = [
    'ENG-1,Search,Fuzzy search,"Match typos,\nas users type",In Progress,3,High,p1,Search that forgives,'
    "dana,dana,search,7,Cycle 7,2026-07-01,2026-07-14,2026-06-20,2026-06-21,2026-07-01,,,,,,,,,,,u1,10,,,",
    "ENG-2,Search,Search index rebuild,,Todo,5,Medium,p1,Search that forgives,dana,,,7,Cycle 7,"
    "2026-07-01,2026-07-14,2026-06-20,2026-06-21,,,,,,,,,,,,u2,10,,ENG-1,",
    'ENG-3,Search,Saved searches,,Backlog,2,Low,,,dana,,,,,,,2026-06-20,2026-06-21,,,,,,,,,,,,u3,10,,"ENG-1, ENG-2",',
    "ENG-4,Search,Search by voice,,Canceled,,Low,,,dana,,,,,,,2026-06-20,2026-06-21,,,,2026-06-30,,,,,,,,u4,10,,,",
    "MOB-1,Mobile,Offline mode,,Done,8,High,,,dana,,,,,,,2026-06-20,2026-06-21,,,2026-06-30,,,,,,,,,u5,10,,,",
]


def _board(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    board = tmp_path / "acme"
    assert main(["init", str(board)]) == 0
    capsys.readouterr()
    return board


def _csv(tmp_path: Path, name: str, header: str, rows: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode(encoding))
    return path


def test_a_jira_export_becomes_teams_outcomes_and_items_in_one_commit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = _board(tmp_path, capsys)
    export = _csv(tmp_path, "Jira.csv", JIRA_HEADER, JIRA_ROWS)
    assert main(["import", "csv", str(export), "--preset", "jira", "--board", str(board)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert git(board, "log", "--format=%s") == (
        "Import 6 items, 1 outcome and 2 teams from Jira.csv\nCreate board Acme\n"
    )
    assert git(board, "show", "--name-only", "--format=", "HEAD") == "teams/checkout.yaml\nteams/payments.yaml\n"
    payments = (board / "teams" / "payments.yaml").read_text(encoding="utf-8")
    assert payments == (
        "# yaml-language-server: $schema=../schema/team.schema.json\n"
        "id: payments\nname: Payments\noutcomes:\n"
        "  - id: safer-stored-cards\n    title: Safer stored cards\n"
        "roadmap:\n"
        "  - id: tokenize-cards\n    title: Tokenize cards\n    outcomes: [safer-stored-cards]\n"
        "    horizon: now\n    status: in-progress\n    owner: Chen Li\n    tags: [pci]\n"
        # PAY-11 blocks PAY-12 (outward link) and PAY-12 is blocked by PAY-11 (inward): one dependency.
        "  - id: vault-card-numbers\n    title: Vault card numbers\n    outcomes: [safer-stored-cards]\n"
        "    horizon: next\n    depends_on: [tokenize-cards]\n"
    )
    checkout = (board / "teams" / "checkout.yaml").read_text(encoding="utf-8")
    assert (
        "  - id: one-click-pay\n    title: One-click pay\n    horizon: later\n    depends_on: [tokenize-cards]\n"
        in (checkout)
    )
    assert "  - id: old-coupon-flow\n    title: Old coupon flow\n    status: dropped\n" in checkout
    assert "  - id: guest-checkout\n    title: Guest checkout\n    status: done\n" in checkout
    assert "+ item vault-card-numbers (payments; next; planned; serves safer-stored-cards; needs tokenize-cards)" in out
    unmapped = [line for line in out.splitlines() if line.startswith("? ")]
    assert unmapped[0].startswith("? columns not imported: Issue id, Project key, Priority, Resolution, Reporter")
    assert "? 1 dependency link(s) name issues not in the file or on the board: PAY-99" in unmapped
    assert "? status 'Blocked' on 1 row(s) is not known: made planned" in unmapped
    assert out.splitlines()[-1].endswith(" Import 6 items, 1 outcome and 2 teams from Jira.csv")
    assert git(board, "status", "--porcelain") == ""


def test_a_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = _board(tmp_path, capsys)
    export = _csv(tmp_path, "jira.csv", JIRA_HEADER, JIRA_ROWS)
    assert main(["import", "csv", str(export), "--preset", "jira", "--board", str(board), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert "+ team payments: Payments\n" in out and "+ item tokenize-cards (payments; now; in-progress" in out
    assert err == "trioboard: dry run: nothing written (Import 6 items, 1 outcome and 2 teams from jira.csv)\n"
    assert git(board, "log", "--format=%s") == "Create board Acme\n"
    assert sorted(p.name for p in (board / "teams").iterdir()) == [".gitkeep"]


def test_a_linear_export_with_projects_cycles_and_blocked_by(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = _board(tmp_path, capsys)
    export = _csv(tmp_path, "linear.csv", LINEAR_HEADER, LINEAR_ROWS)
    assert main(["import", "csv", str(export), "--preset", "linear", "--board", str(board)]) == 0
    out, _ = capsys.readouterr()
    search = (board / "teams" / "search.yaml").read_text(encoding="utf-8")
    assert search.startswith(
        "# yaml-language-server: $schema=../schema/team.schema.json\n"
        "id: search\nname: Search\noutcomes:\n  - id: search-that-forgives\n"
    )
    assert (
        "  - id: fuzzy-search\n    title: Fuzzy search\n    outcomes: [search-that-forgives]\n    horizon: now\n"
        in (search)
    )
    assert "  - id: search-index-rebuild\n    title: Search index rebuild\n    outcomes: [search-that-forgives]\n" in (
        search
    )
    assert "    horizon: next\n    depends_on: [fuzzy-search]\n" in search
    assert "  - id: saved-searches\n    title: Saved searches\n    horizon: later\n" in search
    assert "    depends_on: [fuzzy-search, search-index-rebuild]\n" in search
    assert "  - id: search-by-voice\n    title: Search by voice\n    status: dropped\n" in search
    assert "status: done" in (board / "teams" / "mobile.yaml").read_text(encoding="utf-8")
    assert "? columns not imported: Description, Estimate, Priority, Project ID, Creator, Cycle Start" in out
    assert "    horizon: now\n    status: in-progress\n    owner: dana\n    tags: [search]\n" in search
    assert git(board, "log", "-1", "--format=%s") == "Import 5 items, 1 outcome and 2 teams from linear.csv\n"


def test_a_spreadsheet_through_map_into_one_team(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = _board(tmp_path, capsys)
    assert main(["edit", "add-team", "checkout", "--name", "Checkout", "--board", str(board)]) == 0
    assert main(["edit", "add-item", "one-click-pay", "--team", "checkout", "--title", "x", "--board", str(board)]) == 0
    capsys.readouterr()
    sheet = tmp_path / "roadmap.csv"
    sheet.write_text(
        "Feature,When,State,Needs\nOne-click pay,now,doing,\nSaved carts,Q3,,one-click-pay\nSaved carts,later,,\n",
        encoding="utf-8",
    )
    args = ["import", "csv", str(sheet), "--team", "checkout", "--board", str(board)]
    maps = ["--map", "Feature=title", "--map", "When=horizon", "--map", "State=status", "--map", "Needs=depends_on"]
    assert main(args + maps) == 0
    out, _ = capsys.readouterr()
    team = (board / "teams" / "checkout.yaml").read_text(encoding="utf-8")
    # Ids from titles as the TUI makes them, unique against the board and the file.
    assert "  - id: one-click-pay-2\n    title: One-click pay\n    horizon: now\n    status: in-progress\n" in team
    assert "  - id: saved-carts\n    title: Saved carts\n    horizon: later\n    depends_on: [one-click-pay]\n" in team
    assert "  - id: saved-carts-2\n    title: Saved carts\n    horizon: later\n" in team
    assert "? roadmap.csv:3: horizon 'q3' is not now, next or later" in out
    assert git(board, "log", "-1", "--format=%s") == "Import 3 items from roadmap.csv\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "Summary,Issue key,Status\nCaf\xe9 au lait,PAY-1,To Do\n".encode("latin-1"),
            "bad.csv:2: not UTF-8 (byte 0xe9); export it again as UTF-8 CSV",
        ),
        (
            b"Name,Issue key,Status\nTokenize,PAY-1,To Do\n",
            "bad.csv:1: no title column ('Summary'); name it with --map COLUMN=title "
            "or pick the tool with --preset jira|linear",
        ),
        (
            b"Summary,Issue key,Custom field (Team)\nTokenize,PAY-1,Payments\nVault,PAY-2,Payments\n"
            b"Again,PAY-1,Payments\n",
            "bad.csv:4: the key 'PAY-1' is also on line 2; ids in a file must be unique",
        ),
        (b"Summary,Issue key\nTokenize,PAY-1\n", "bad.csv:2: no team; name one with --team T or map a team column"),
    ],
    ids=["latin-1", "no-title-column", "duplicate-keys", "no-team"],
)
def test_a_bad_file_is_refused_with_one_line_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    board = _board(tmp_path, capsys)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    assert main(["import", "csv", str(bad), "--preset", "jira", "--board", str(board)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"trioboard: error: {message}\n"
    assert git(board, "log", "--format=%s") == "Create board Acme\n"
    assert git(board, "status", "--porcelain", "--ignored") == ""


def test_an_id_already_on_the_board_is_refused_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = _board(tmp_path, capsys)
    assert main(["edit", "add-goal", "grow", "--title", "Grow", "--board", str(board)]) == 0
    sheet = tmp_path / "s.csv"
    sheet.write_text("title,id\nGrow more,grow\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "csv", str(sheet), "--team", "checkout", "--board", str(board)]) == 1
    assert capsys.readouterr().err == "trioboard: refused: s.csv:2: the id grow is already on the board\n"
    assert git(board, "log", "-1", "--format=%s") == "Add goal grow\n"
    assert not (board / "teams" / "checkout.yaml").exists()


def test_a_dependency_cycle_keeps_every_item_and_says_which_link_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = _board(tmp_path, capsys)
    sheet = tmp_path / "c.csv"
    sheet.write_text("title,key,depends_on\nA,K-1,K-2\nB,K-2,K-1\n", encoding="utf-8")
    assert main(["import", "csv", str(sheet), "--team", "core", "--board", str(board)]) == 0
    out, _ = capsys.readouterr()
    assert "? b depends on a in a cycle: that link is left out" in out
    team = (board / "teams" / "core.yaml").read_text(encoding="utf-8")
    assert "  - id: a\n    title: A\n    horizon: later\n    depends_on: [b]\n" in team


def test_import_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert "--preset {jira,linear}" in out and "--map COLUMN=FIELD" in out and "--dry-run" in out


def test_importing_the_same_export_again_adds_only_what_is_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = _board(tmp_path, capsys)
    export = _csv(tmp_path, "jira.csv", JIRA_HEADER, JIRA_ROWS[:3])
    assert main(["import", "csv", str(export), "--preset", "jira", "--board", str(board)]) == 0
    export = _csv(tmp_path, "jira.csv", JIRA_HEADER, JIRA_ROWS)
    capsys.readouterr()
    assert main(["import", "csv", str(export), "--preset", "jira", "--board", str(board)]) == 0
    out, _ = capsys.readouterr()
    assert "? 2 row(s) already on the board (an item of the same team has the title): left as they are" in out
    assert git(board, "log", "-1", "--format=%s") == "Import 4 items and 1 team from jira.csv\n"
    checkout = (board / "teams" / "checkout.yaml").read_text(encoding="utf-8")
    assert "    depends_on: [tokenize-cards]\n" in checkout  # PAY-11, imported the first time
    assert "tokenize-cards-2" not in (board / "teams" / "payments.yaml").read_text(encoding="utf-8")

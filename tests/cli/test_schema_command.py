"""`trioboard schema` (SPEC 12): the JSON Schema agrees with `check` on every file.

Each file is loaded as `check` loads it (the same YAML 1.2 reader) and as a
YAML language server would hand it to a validator: numbers and booleans as
such. A file `check` reads without a `schema` finding validates; each file of
the corpus below has one, and does not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from trioboard.core.tree import PosMap, PosSeq, Typed
from trioboard.store import yamlio

from helpers import DEMO, REAL_BOARDS, run, write_board


def _plain(value: object) -> Any:
    """A positioned tree as the JSON a validator sees."""
    if isinstance(value, PosMap):
        return {key: _plain(v) for key, v in value.items()}
    if isinstance(value, PosSeq):
        return [_plain(v) for v in value]
    if isinstance(value, Typed):
        if value.kind == "bool":
            return value.text.lower() == "true"
        if value.kind == "int":
            try:
                return int(value.text.replace("_", ""), 0)
            except ValueError:
                return 0
        try:
            return float(value.text)
        except ValueError:
            return 0.5
    return value


def _schema(kind: str, capsys: pytest.CaptureFixture[str]) -> jsonschema.Draft202012Validator:
    code, out, err = run(["schema", kind], capsys)
    assert (code, err) == (0, "")
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: jsonschema.Draft202012Validator, path: Path) -> list[str] | None:
    """The schema's complaints about the file; None when it is not YAML at all (a `parse-error`)."""
    tree, problems = yamlio.parse(path.read_bytes())
    if any(problem.rule == "parse-error" for problem in problems):
        return None
    return [error.message for error in validator.iter_errors(_plain(tree))]


def _schema_findings(board: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, list[str]]:
    """`check`'s schema findings by board-relative file."""
    _code, out, _err = run(["check", str(board), "--format", "json", "--fail-on", "info"], capsys)
    found: dict[str, list[str]] = {}
    for finding in json.loads(out)["findings"]:
        if finding["rule"] == "schema":
            rel = Path(finding["file"]).resolve().relative_to(board.resolve()).as_posix()
            found.setdefault(rel, []).append(finding["message"])
    return found


_BOARDS = [pytest.param(DEMO, id="demo")] + [
    pytest.param(path, id=path.name) for path in sorted(REAL_BOARDS.glob("*")) if (path / "board.yaml").is_file()
]


@pytest.mark.parametrize("board", _BOARDS)
def test_boards_validate_where_check_finds_no_schema_problem(board: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board_schema, team_schema = _schema("board", capsys), _schema("team", capsys)
    findings = _schema_findings(board, capsys)
    files = [(board / "board.yaml", board_schema)] + [(p, team_schema) for p in sorted(board.glob("teams/*.yaml"))]
    checked = 0
    for path, validator in files:
        rel = path.relative_to(board).as_posix()
        errors = _errors(validator, path)
        if errors is None:
            continue
        if rel in findings:
            assert errors, f"{rel}: check finds {findings[rel]}, the schema nothing"
        else:
            assert errors == [], f"{rel}: {errors}"
            checked += 1
    assert checked > 0


def test_real_boards_are_there_or_skipped() -> None:
    if not REAL_BOARDS.is_dir():
        pytest.skip(f"{REAL_BOARDS} is absent")
    assert len(_BOARDS) > 1


_BOARD_OK = """\
name: Acme
goals:
  - id: grow
    title: Grow
    metric: retention
    target: 45
    links: ["https://example.com/a"]
    tags: [q3]
    x-mine: {anything: [1, 2]}
    measure:
      metric: 90-day retention
      baseline: 38
      target: 45
policy:
  wip_limit: 3
  freshness:
    measure_days: 14
  severity:
    unlinked-item: error
    schema: error
"""
_TEAM_OK = """\
id: t
name: Team
trio: {product: Ana, design: Ben, engineering: 2027}
blocked:
outcomes:
  - id: o
    title: Outcome
    goals: [grow]
    notes: |
      two
      lines
    measure:
      metric: checkout conversion
      unit: "%"
      direction: increase
      baseline: 62
      target: 70.5
      by: 2026-09-30
      current: 64.5
      as_of: 2026-07-01
      confidence: 0.6
      source: https://metabase.example/q/812
      x-note: ours
opportunities:
  - id: op
    title: Opportunity
    outcomes:
      - o
    parent: op2
    status: open
    owner: Dee
  - id: op2
    title: Broader
    parent:
roadmap:
  - id: i
    title: 2027
    outcomes: [o]
    opportunities: [op]
    horizon: now
    status: in-progress
    depends_on: []
    impact:
      outcome: o
      expect: 3
      confidence: 1
      actual: -1.5
    owner: Chen
    assumptions:
      - text: People want it
        kind: desirability
        risk: high
        test: Fake door
        result: running
        x-note: {mine: true}
      - text: 2027
"""

# (file, a line replaced or added, the key or value it breaks): one per case a schema can say.
_CORPUS = {
    # wrong type
    "board-name-list": ("board", "name: Acme", "name: [a, b]"),
    "goals-mapping": ("board", "goals:", "goals: {a: 1}\nx-old:"),
    "refs-not-list": ("team", "    outcomes: [o]", "    outcomes: o"),
    "trio-list": ("team", "trio: {product: Ana, design: Ben, engineering: 2027}", "trio: [Ana]"),
    "item-not-mapping": ("team", "roadmap:", "roadmap:\n  - just text"),
    "wip-limit-negative": ("board", "  wip_limit: 3", "  wip_limit: -1"),
    "wip-limit-text": ("board", "  wip_limit: 3", "  wip_limit: three"),
    "id-number": ("team", "  - id: o", "  - id: 12"),
    "title-two-lines": ("team", "    title: Outcome", '    title: "one\\ntwo"'),
    "title-escape": ("team", "    title: Outcome", '    title: "red \\e[31m"'),
    "title-too-long": ("team", "    title: Outcome", "    title: " + "x" * 501),
    "link-with-space": ("board", '    links: ["https://example.com/a"]', "    links: [not a url]"),
    # unknown key where unknown keys are findings
    "unknown-root-key": ("board", "name: Acme", "name: Acme\ncolour: red"),
    "unknown-item-key": ("team", "    depends_on: []", "    depend_on: []"),
    "unknown-trio-role": ("team", "trio: {product: Ana, design: Ben, engineering: 2027}", "trio: {designer: Ben}"),
    "unknown-policy-key": ("board", "  wip_limit: 3", "  wip: 3"),
    "unknown-rule": ("board", "    unlinked-item: error", "    unlinked-itme: error"),
    # bad enum value
    "horizon": ("team", "    horizon: now", "    horizon: soon"),
    "status": ("team", "    status: in-progress", "    status: doing"),
    "severity-level": ("board", "    unlinked-item: error", "    unlinked-item: loud"),
    "structural-below-error": ("board", "    schema: error", "    schema: warning"),
    # bad id pattern
    "bad-goal-id": ("board", "  - id: grow", "  - id: Grow_Revenue"),
    "bad-ref": ("team", "    outcomes: [o]", "    outcomes: [o, Not OK]"),
    "bad-tag": ("board", "    tags: [q3]", "    tags: [Q3]"),
    # missing required
    "board-name": ("board", "name: Acme", "x-name: Acme"),
    "goal-title": ("board", "    title: Grow", "    x-title: Grow"),
    "team-name": ("team", "name: Team", "x-name: Team"),
    "item-id": ("team", "  - id: i", "  - x-id: i"),
    "required-empty": ("team", "    title: Outcome", "    title:"),
    # measure and impact (SPEC 10)
    "measure-no-metric": ("team", "      metric: checkout conversion", "      x-metric: checkout conversion"),
    "measure-no-baseline": ("team", "      baseline: 62", "      x-baseline: 62"),
    "measure-no-target": ("board", "      target: 45", "      x-target: 45"),
    "measure-number-text": ("team", "      baseline: 62", '      baseline: "62"'),
    "measure-number-bool": ("team", "      current: 64.5", "      current: true"),
    "measure-number-percent": ("board", "      target: 45", "      target: 45%"),
    "measure-date-not-date": ("team", "      as_of: 2026-07-01", "      as_of: July 1st"),
    "measure-date-month-13": ("team", "      by: 2026-09-30", "      by: 2026-13-01"),
    "measure-date-number": ("team", "      by: 2026-09-30", "      by: 20260930"),
    "measure-confidence-over-1": ("team", "      confidence: 0.6", "      confidence: 1.5"),
    "measure-confidence-negative": ("team", "      confidence: 0.6", "      confidence: -0.1"),
    "measure-direction": ("team", "      direction: increase", "      direction: up"),
    "measure-unknown-key": ("team", '      unit: "%"', '      units: "%"'),
    "measure-not-mapping": ("board", "    measure:", "    measure: 45\n    x-old:"),
    "impact-no-outcome": ("team", "      outcome: o", "      x-outcome: o"),
    "impact-outcome-list": ("team", "      outcome: o", "      outcome: [o]"),
    "impact-outcome-bad-id": ("team", "      outcome: o", "      outcome: Not OK"),
    "impact-expect-text": ("team", "      expect: 3", "      expect: three"),
    "impact-confidence-over-1": ("team", "      confidence: 1", "      confidence: 2"),
    "impact-unknown-key": ("team", "      actual: -1.5", "      acutal: -1.5"),
    "freshness-negative": ("board", "    measure_days: 14", "    measure_days: -1"),
    "freshness-fraction": ("board", "    measure_days: 14", "    measure_days: 1.5"),
    "freshness-unknown-key": ("board", "    measure_days: 14", "    measure_day: 14"),
    # opportunities and assumptions (SPEC 11)
    "opportunity-status": ("team", "    status: open", "    status: closed"),
    "opportunity-title": ("team", "    title: Broader", "    x-title: Broader"),
    "unknown-opportunity-key": ("team", "    owner: Dee", "    owners: Dee"),
    "opportunity-not-mapping": ("team", "opportunities:", "opportunities:\n  - just text"),
    "parent-list": ("team", "    parent: op2", "    parent: [op2]"),
    "parent-bad-id": ("team", "    parent: op2", "    parent: Op Two"),
    "parent-number": ("team", "    parent: op2", "    parent: 12"),
    "answers-not-list": ("team", "    opportunities: [op]", "    opportunities: op"),
    "answers-bad-id": ("team", "    opportunities: [op]", "    opportunities: [op, Not OK]"),
    "assumptions-mapping": ("team", "    assumptions:", "    assumptions: {a: 1}\n    x-old:"),
    "assumption-not-mapping": ("team", "      - text: 2027", "      - just text"),
    "assumption-text-missing": ("team", "      - text: People want it", "      - x-text: People want it"),
    "assumption-unknown-key": ("team", "        test: Fake door", "        tests: Fake door"),
    "assumption-kind": ("team", "        kind: desirability", "        kind: wishful"),
    "assumption-risk": ("team", "        risk: high", "        risk: extreme"),
    "assumption-result": ("team", "        result: running", "        result: proven"),
    "assumption-test-list": ("team", "        test: Fake door", "        test: [a]"),
    "assumption-text-two-lines": ("team", "      - text: 2027", '      - text: "one\\ntwo"'),
}


def _write(root: Path, board: str, team: str) -> Path:
    return write_board(root, board, {"t": team})


def test_the_valid_files_are_valid_for_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = _write(tmp_path / "b", _BOARD_OK, _TEAM_OK)
    assert _schema_findings(board, capsys) == {}
    assert _errors(_schema("board", capsys), board / "board.yaml") == []
    assert _errors(_schema("team", capsys), board / "teams" / "t.yaml") == []


@pytest.mark.parametrize("case", list(_CORPUS))
def test_schema_and_check_agree_on_a_broken_file(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kind, old, new = _CORPUS[case]
    source = _BOARD_OK if kind == "board" else _TEAM_OK
    assert source.count(old + "\n") == 1, old
    broken = source.replace(old + "\n", new + "\n")
    board = _write(tmp_path / "b", broken if kind == "board" else _BOARD_OK, broken if kind == "team" else _TEAM_OK)
    rel = "board.yaml" if kind == "board" else "teams/t.yaml"
    assert _schema_findings(board, capsys).get(rel), f"check finds no schema problem in {rel}"
    assert _errors(_schema(kind, capsys), board / rel), "the schema accepts it"


def test_the_evidence_schema_describes_the_front_matter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["schema", "evidence"], capsys)
    assert (code, err) == (0, "")
    schema = json.loads(out)
    assert schema["required"] == ["date", "team", "kind", "customer"]
    assert schema["properties"]["kind"]["enum"][:2] == ["interview", "usability-test"]
    assert schema["additionalProperties"] is False


def test_the_schema_completes_closed_sets(capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads(run(["schema", "team"], capsys)[1])
    item = schema["$defs"]["item"]
    assert item["properties"]["horizon"]["enum"] == ["now", "next", "later", None]
    assert item["properties"]["horizon"]["default"] == "later"
    assert item["required"] == ["id", "title"]
    opportunity = schema["$defs"]["opportunity"]
    assert opportunity["properties"]["status"]["enum"] == ["open", "addressed", "parked", None]
    assert opportunity["properties"]["status"]["default"] == "open"
    assumption = item["properties"]["assumptions"]["items"]
    assert assumption["required"] == ["text"]
    assert assumption["properties"]["risk"]["enum"] == ["high", "medium", "low", None]
    assert assumption["properties"]["result"]["default"] == "untested"


def test_without_a_kind_it_prints_the_board_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["schema"], capsys)
    assert (code, err) == (0, "")
    assert out == run(["schema", "board"], capsys)[1]
    assert json.loads(out)["required"] == ["name"]

"""Properties over random boards and randomly damaged files: no exception, sound invariants."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trioboard import workspace
from trioboard.core.findings import Severity
from trioboard.core.results import BoardState
from trioboard.report.formats import FORMATS
from trioboard.report.summary import CheckReport, summarise

from helpers import DEMO

IDS = [f"n{i}" for i in range(12)] + ["missing-1", "missing-2"]
ids = st.sampled_from(IDS)
text = st.text(max_size=30)

goal = st.fixed_dictionaries({"id": ids, "title": text})
outcome = st.fixed_dictionaries({"id": ids, "title": text}, optional={"goals": st.lists(ids, max_size=3)})
item = st.fixed_dictionaries(
    {"id": ids, "title": text},
    optional={
        "outcomes": st.lists(ids, max_size=3),
        "depends_on": st.lists(ids, max_size=3),
        "horizon": st.sampled_from(["now", "next", "later", "soon"]),
        "status": st.sampled_from(["planned", "in-progress", "done", "dropped"]),
        "blocked": text,
    },
)
team = st.fixed_dictionaries(
    {"name": text},
    optional={
        "outcomes": st.lists(outcome, max_size=4),
        "roadmap": st.lists(item, max_size=8),
        "blocked": text,
        "trio": st.fixed_dictionaries({}, optional={"product": text, "design": text, "engineering": text}),
    },
)
board = st.fixed_dictionaries(
    {"name": text, "goals": st.lists(goal, max_size=4)},
    optional={"policy": st.fixed_dictionaries({}, optional={"wip_limit": st.integers(-2, 5)})},
)


def check_invariants(state: BoardState) -> None:
    analysis = state.analysis
    active = {i.id for i in state.board.items() if i.active and analysis.index.get(i.id) is i}
    assert analysis.aligned | set(analysis.unlinked) == active
    assert not analysis.aligned & set(analysis.unlinked)
    for cycle in analysis.cycles:
        assert cycle[0] == cycle[-1]
        assert all(member in analysis.blocked for member in cycle)
    for cov in [*analysis.coverage.values(), analysis.board_coverage]:
        assert cov.ratio is None or 0.0 <= cov.ratio <= 1.0
    files = set(state.board.files) | {"teams"}
    for finding in state.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert finding.file in files or finding.file.startswith("teams/")


def render_all(state: BoardState) -> None:
    summary = summarise(state, state.findings)
    report = CheckReport(state.root, state.board, state.findings, summary, state.root, Severity.INFO, 0.0, colour=True)
    for name, chosen in FORMATS.items():
        out = chosen.render(report)
        if name in ("json", "sarif"):
            json.loads(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(board=board, teams=st.lists(team, max_size=4))
def test_random_boards_keep_the_invariants(board: dict[str, object], teams: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # JSON is YAML 1.2: the strategies' text survives quoting exactly.
        (root / "board.yaml").write_text(json.dumps(board))
        (root / "teams").mkdir()
        for n, body in enumerate(teams):
            (root / "teams" / f"t{n}.yaml").write_text(json.dumps({"id": f"t{n}", **body}))
        state = workspace.load(root)
        check_invariants(state)
        render_all(state)


DEMO_FILES = sorted(p.relative_to(DEMO).as_posix() for p in DEMO.rglob("*.yaml"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    file=st.sampled_from(DEMO_FILES),
    edits=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 8), st.binary(max_size=8)), min_size=1, max_size=6),
)
def test_damaged_files_never_raise(file: str, edits: list[tuple[int, int, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        shutil.copytree(DEMO, root)
        path = root / file
        data = bytearray(path.read_bytes())
        for at, cut, insert in edits:
            at %= len(data) + 1
            data[at : at + cut] = insert
        path.write_bytes(bytes(data))
        state = workspace.load(root)
        check_invariants(state)
        render_all(state)

"""Synthetic boards for benchmarks: S, M, L and XL.

The boards look like hand-written ones (comments, flow lists, cross-team
links and dependencies, a few blocked items) so that parsing and analysis
costs are realistic. Run as a script to write one:

    python benchmarks/synthetic.py L /tmp/board-L
    python benchmarks/synthetic.py L /tmp/board-L-discovery --discovery   # + 1,000 opportunities, 5,000 evidence files
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SIZES: dict[str, tuple[int, int]] = {
    "S": (10, 20),
    "M": (100, 20),
    "L": (200, 50),
    "XL": (1000, 50),
}
"""Size name → (teams, items per team)."""

GOALS = 10
OUTCOMES_PER_TEAM = 5
HORIZONS = ("now", "next", "later")
STATUSES = ("planned", "planned", "in-progress", "done", "dropped")
WORDS = (
    "checkout",
    "payment",
    "search",
    "ranking",
    "onboarding",
    "invoice",
    "export",
    "import",
    "sync",
    "mobile",
    "web",
    "api",
    "latency",
    "cache",
    "retention",
    "trial",
    "pricing",
    "billing",
    "report",
    "dashboard",
    "alert",
    "audit",
    "consent",
    "privacy",
    "tokenise",
    "refund",
    "catalogue",
)


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, 5)
    return f"{words[0].capitalize()} {' '.join(words[1:])} for returning customers"


def generate(root: Path, teams: int, items_per_team: int, seed: int = 7) -> Path:
    """Write a board with `teams` team files of `items_per_team` items each."""
    rng = random.Random(seed)
    (root / "teams").mkdir(parents=True, exist_ok=True)
    goal_ids = [f"goal-{g}" for g in range(GOALS)]
    lines = [
        "# Synthetic board written by benchmarks/synthetic.py",
        f"name: Synthetic {teams}x{items_per_team}",
        "goals:",
    ]
    for g in goal_ids:
        lines += [
            f"  - id: {g}",
            f"    title: {_title(rng)}",
            "    metric: weekly active teams",
            '    target: "45%"',
            "    owner: Dana Ortiz",
        ]
    lines += ["policy:", "  wip_limit: 12", ""]
    (root / "board.yaml").write_text("\n".join(lines), encoding="utf-8")

    all_items = [f"t{t}-item-{i}" for t in range(teams) for i in range(items_per_team)]
    for t in range(teams):
        tid = f"team-{t}"
        out = [
            f"# Team {t}: owned by the trio below. Keep outcomes short.",
            f"id: {tid}",
            f"name: Team {t}",
            "trio:",
            "  product: Ana Ruiz",
            "  design: Ben Ode",
            "  engineering: Chen Li",
        ]
        if t % 50 == 7:
            out.append("blocked: Waiting on the legal review of stored cards")
        out.append("outcomes:")
        outcome_ids = [f"t{t}-outcome-{o}" for o in range(OUTCOMES_PER_TEAM)]
        for o in outcome_ids:
            served = rng.sample(goal_ids, rng.randint(0, 2))
            out += [
                f"  - id: {o}",
                f"    title: {_title(rng)}",
                f"    goals: [{', '.join(served)}]",
            ]
        out.append("roadmap:")
        for i in range(items_per_team):
            iid = f"t{t}-item-{i}"
            if i % 10 == 0:
                out.append(f"  # --- batch {i // 10}: agreed at the planning offsite")
            outs = rng.sample(outcome_ids, rng.randint(0, 2))
            if rng.random() < 0.1:
                other = rng.randrange(teams)
                outs.append(f"t{other}-outcome-{rng.randrange(OUTCOMES_PER_TEAM)}")
            out += [
                f"  - id: {iid}  # ticket PLAN-{t * 1000 + i}",
                f"    title: {_title(rng)}",
                f"    outcomes: [{', '.join(outs)}]",
                f"    horizon: {rng.choice(HORIZONS)}",
                f"    status: {rng.choice(STATUSES)}",
            ]
            if rng.random() < 0.02:
                out.append("    blocked: Card tokenisation not ready")
            if rng.random() < 0.3:
                deps = rng.sample(all_items, rng.randint(1, 2))
                deps = [d for d in deps if d != iid]
                out.append(f"    depends_on: [{', '.join(deps)}]")
            if rng.random() < 0.2:
                out.append("    owner: Ana Ruiz")
        out.append("")
        (root / "teams" / f"{tid}.yaml").write_text("\n".join(out), encoding="utf-8")
    return root


DISCOVERY_EVIDENCE = 5000
"""Evidence files `add_discovery` writes by default (SPEC 11): 25 per team on L."""
DISCOVERY_OPPORTUNITIES = 1000
"""Opportunities `add_discovery` adds by default: 5 per team on L."""
KINDS = ("interview", "interview", "usability-test", "support", "sales", "survey")


def add_discovery(
    root: Path, evidence: int = DISCOVERY_EVIDENCE, opportunities: int = DISCOVERY_OPPORTUNITIES, seed: int = 11
) -> Path:
    """Give a board written by `generate` a discovery policy, opportunities and evidence files.

    Opportunities are spread over the teams (before their roadmap, as SPEC 11
    orders a team file); evidence files spread over the teams and the last 16
    weeks before 2026-07-20, in month folders, each supporting one or two of
    its team's opportunities or items, with notes of a few hundred characters.
    """
    rng = random.Random(seed)
    board = root / "board.yaml"
    board.write_text(
        board.read_text(encoding="utf-8").replace(
            "policy:\n", "policy:\n  discovery:\n    touchpoints: 1\n    window_weeks: 3\n    min_customers: 3\n"
        ),
        encoding="utf-8",
    )
    team_files = sorted((root / "teams").glob("*.yaml"), key=lambda p: int(p.stem.split("-")[1]))
    per_team = max(1, opportunities // len(team_files))
    owned: dict[str, list[str]] = {}
    for path in team_files:
        t = int(path.stem.split("-")[1])
        ids = [f"t{t}-opp-{o}" for o in range(per_team)]
        owned[path.stem] = ids + [f"t{t}-item-{i}" for i in range(3)]
        block = ["opportunities:"]
        for o, opp in enumerate(ids):
            block += [
                f"  - id: {opp}",
                f"    title: {_title(rng)}",
                f"    outcomes: [t{t}-outcome-{o % OUTCOMES_PER_TEAM}]",
            ]
        text = path.read_text(encoding="utf-8").replace("\nroadmap:\n", "\n" + "\n".join(block) + "\nroadmap:\n", 1)
        path.write_text(text, encoding="utf-8")
    teams = [p.stem for p in team_files]
    people = ("Ana Ruiz", "Ben Ode", "Chen Li")
    for n in range(evidence):
        team = teams[n % len(teams)]
        day = 20 - rng.randrange(16 * 7)
        date = _day(day)
        folder = root / "evidence" / date[:7]
        folder.mkdir(parents=True, exist_ok=True)
        supports = rng.sample(owned[team], rng.randint(1, 2))
        notes = " ".join(rng.sample(WORDS, 12))
        (folder / f"{date}-{team}-buyer-{n}.md").write_text(
            "---\n"
            f"date: {date}\n"
            f"team: {team}\n"
            f"kind: {rng.choice(KINDS)}\n"
            f"with: [{', '.join(rng.sample(people, rng.randint(1, 3)))}]\n"
            f"customer: buyer-{rng.randrange(evidence // 3)}\n"
            f"supports: [{', '.join(supports)}]\n"
            "challenges: []\n"
            "---\n"
            f"What we heard: {notes}.\n\n> The {notes.split()[0]} step takes too long.\n\nNext: {notes}.\n",
            encoding="utf-8",
        )
    return root


def _day(offset: int) -> str:
    """2026-07-20 moved by `offset` days (negative: earlier), as YYYY-MM-DD."""
    import datetime

    return (datetime.date(2026, 7, 20) + datetime.timedelta(days=offset - 20)).isoformat()


def generate_size(root: Path, size: str, seed: int = 7) -> Path:
    """Write the board of the named size (S, M, L or XL)."""
    teams, items = SIZES[size]
    return generate(root, teams, items, seed)


if __name__ == "__main__":
    discovery = "--discovery" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--discovery"]
    if len(args) != 2 or args[0] not in SIZES:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(SIZES)}}} DIR [--discovery]")
    generate_size(Path(args[1]), args[0])
    if discovery:
        add_discovery(Path(args[1]))

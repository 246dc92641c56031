"""Synthetic boards for benchmarks: S, M, L and XL.

The boards look like hand-written ones (comments, flow lists, cross-team
links and dependencies, a few blocked items) so that parsing and analysis
costs are realistic. Run as a script to write one:

    python benchmarks/synthetic.py L /tmp/board-L
    python benchmarks/synthetic.py L /tmp/board-L-opp 1000   # with 1,000 opportunities
    python benchmarks/synthetic.py L /tmp/board-L-ev 1000 --evidence 5000   # and 5,000 evidence files

With opportunities (SPEC 11), each team lists its share of them between its
outcomes and its roadmap (serving its outcomes, some under a parent of the
same or another team), and about a third of the items answer one or two
and carry assumptions. They come from a random generator of their own, so a
board without them is the very board it always was.
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


def generate(root: Path, teams: int, items_per_team: int, seed: int = 7, opportunities: int = 0) -> Path:
    """Write a board with `teams` team files of `items_per_team` items each, and `opportunities` in all."""
    rng = random.Random(seed)
    discovery = _Discovery(teams, opportunities, seed)
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
        out += discovery.opportunities(t, outcome_ids)
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
            out += discovery.answers(t)
        out.append("")
        (root / "teams" / f"{tid}.yaml").write_text("\n".join(out), encoding="utf-8")
    return root


class _Discovery:
    """The opportunities of each team and the items' links to them, drawn from a generator of their own."""

    def __init__(self, teams: int, total: int, seed: int) -> None:
        self.rng = random.Random(seed + 1)
        self.total = total
        self.per_team = [total // teams + (1 if t < total % teams else 0) for t in range(teams)] if teams else []
        self.ids = [[f"t{t}-opp-{o}" for o in range(n)] for t, n in enumerate(self.per_team)]

    def opportunities(self, team: int, outcome_ids: list[str]) -> list[str]:
        """The team's `opportunities:` block (nothing when it has none)."""
        if not self.total or not self.per_team[team]:
            return []
        rng = self.rng
        out = ["opportunities:"]
        for n, oid in enumerate(self.ids[team]):
            out += [f"  - id: {oid}", f"    title: {_title(rng)}"]
            if n == 0 or rng.random() < 0.6:
                out.append(f"    outcomes: [{', '.join(rng.sample(outcome_ids, rng.randint(1, 2)))}]")
            if n > 0 and rng.random() < 0.5:
                out.append(f"    parent: {self.ids[team][rng.randrange(n)]}")
            elif rng.random() < 0.05:
                other = [ids for ids in self.ids if ids]
                out.append(f"    parent: {rng.choice(other)[0]}")
            if rng.random() < 0.2:
                out.append(f"    status: {rng.choice(('addressed', 'parked'))}")
        return out

    def answers(self, team: int) -> list[str]:
        """An item's `opportunities:` and `assumptions:` lines (about a third of the items have them)."""
        if not self.total or self.rng.random() >= 0.35:
            return []
        rng = self.rng
        pool = self.ids[team] if self.ids[team] and rng.random() < 0.9 else rng.choice([i for i in self.ids if i])
        out = [f"    opportunities: [{', '.join(rng.sample(pool, min(len(pool), rng.randint(1, 2))))}]"]
        out.append("    assumptions:")
        for _ in range(rng.randint(1, 2)):
            out += [
                f"      - text: {_title(rng)} will be used",
                f"        kind: {rng.choice(('desirability', 'usability', 'feasibility', 'viability'))}",
                f"        risk: {rng.choice(('high', 'medium', 'low'))}",
                f"        result: {rng.choice(('untested', 'running', 'supported', 'refuted'))}",
            ]
        return out


EVIDENCE_KINDS = ("interview", "interview", "usability-test", "support", "sales", "survey")


def add_evidence(root: Path, evidence: int, seed: int = 11) -> Path:
    """Give a board written by `generate` a discovery policy and `evidence` evidence files (SPEC 11).

    They are spread over the teams and the 16 weeks before 2026-07-20, in
    month folders, each supporting one or two of its team's opportunities
    or first items, with notes of a few hundred characters.
    """
    import datetime
    import re

    rng = random.Random(seed)
    board = root / "board.yaml"
    policy = "policy:\n  discovery:\n    touchpoints: 1\n    window_weeks: 3\n    min_customers: 3\n"
    board.write_text(board.read_text(encoding="utf-8").replace("policy:\n", policy), encoding="utf-8")
    owned: dict[str, list[str]] = {}
    for path in sorted((root / "teams").glob("*.yaml")):
        t = path.stem.split("-")[1]
        opportunities = re.findall(rf"^  - id: (t{t}-opp-\d+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        owned[path.stem] = opportunities + [f"t{t}-item-{i}" for i in range(3)]
    teams = sorted(owned)
    people = ("Ana Ruiz", "Ben Ode", "Chen Li")
    for n in range(evidence):
        team = teams[n % len(teams)]
        date = (datetime.date(2026, 7, 20) - datetime.timedelta(days=rng.randrange(16 * 7))).isoformat()
        folder = root / "evidence" / date[:7]
        folder.mkdir(parents=True, exist_ok=True)
        notes = " ".join(rng.sample(WORDS, 12))
        (folder / f"{date}-{team}-buyer-{n}.md").write_text(
            "---\n"
            f"date: {date}\n"
            f"team: {team}\n"
            f"kind: {rng.choice(EVIDENCE_KINDS)}\n"
            f"with: [{', '.join(rng.sample(people, rng.randint(1, 3)))}]\n"
            f"customer: buyer-{rng.randrange(max(1, evidence // 3))}\n"
            f"supports: [{', '.join(rng.sample(owned[team], rng.randint(1, 2)))}]\n"
            "challenges: []\n"
            "---\n"
            f"What we heard: {notes}.\n\n> The {notes.split()[0]} step takes too long.\n\nNext: {notes}.\n",
            encoding="utf-8",
        )
    return root


def generate_size(root: Path, size: str, seed: int = 7, opportunities: int = 0) -> Path:
    """Write the board of the named size (S, M, L or XL), with `opportunities` in all."""
    teams, items = SIZES[size]
    return generate(root, teams, items, seed, opportunities)


if __name__ == "__main__":
    args = sys.argv[1:]
    evidence = 0
    if "--evidence" in args[:-1]:
        at = args.index("--evidence")
        evidence = int(args[at + 1])
        del args[at : at + 2]
    if len(args) not in (2, 3) or args[0] not in SIZES:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(SIZES)}}} DIR [OPPORTUNITIES] [--evidence N]")
    generate_size(Path(args[1]), args[0], opportunities=int(args[2]) if len(args) == 3 else 0)
    if evidence:
        add_evidence(Path(args[1]), evidence)

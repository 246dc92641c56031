"""`trioboard impact` on the L board with 400 measured outcomes and 2,000 check-in commits.

Builds (once, cached in $TRIOBOARD_BENCH_DIR or /tmp/trioboard-bench) a git
repository holding the L board (benchmarks/synthetic.py), two outcomes of
each of its 200 teams given a measure and the items that serve them an
`impact`, then 2,000 commits that each check one measure in (a new
`current` and `as_of`, now and then a new `confidence`), by three authors.
The commits are written by one `git fast-import`: minutes of `git commit`
become a second or two.

Then times, as whole processes, best of three:

- `trioboard impact --today 2026-12-01` cold: `.git/trioboard/` removed
  first (no model cache, no measure cache), and
- the same warm.

Run it with bytecode writing allowed, as an installed trioboard runs (this
machine sets PYTHONDONTWRITEBYTECODE=1):

    env -u PYTHONDONTWRITEBYTECODE python benchmarks/bench_impact.py
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import SIZES, generate_size

ROOT = Path(os.environ.get("TRIOBOARD_BENCH_DIR", "/tmp/trioboard-bench")) / "L-impact"
CHECK_INS = 2000
MEASURED_PER_TEAM = 2
AUTHORS = (
    ("Dana Ortiz", "dana@example.com"),
    ("Lena Fischer", "lena@example.com"),
    ("Kofi Mensah", "kofi@example.com"),
)
START = 1767600000
"""2026-01-05, the first check-in's time (seconds since the epoch)."""
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def git(*args: str, stdin: bytes | None = None) -> None:
    subprocess.run(["git", *args], cwd=ROOT, env=GIT_ENV, check=True, capture_output=True, input=stdin)


def measured(lines: list[str], team: int) -> dict[str, int]:
    """Give the team's first outcomes a measure and the items serving them an impact.

    Returns, for each measured outcome, the index of its `current:` line
    (`as_of` and `confidence` follow it).
    """
    ids = [f"t{team}-outcome-{o}" for o in range(MEASURED_PER_TEAM)]
    out: list[str] = []
    currents: dict[str, int] = {}
    outcome = None
    for line in lines:
        out.append(line)
        if line.startswith("  - id: "):
            outcome = line.split()[2]
        if line.startswith("    goals: ") and outcome in ids:
            out += ["    measure:", "      metric: weekly active teams", '      unit: "%"']
            out += ["      baseline: 40", "      target: 60", "      by: 2027-06-30"]
            currents[outcome] = len(out)
            out += ["      current: 40", "      as_of: 2026-01-01", "      confidence: 0.5"]
        listed = line.removeprefix("    outcomes: [").removesuffix("]").split(", ")
        served = [o for o in ids if o in listed] if line.startswith("    outcomes: [") else []
        if served:
            out += ["    impact:", f"      outcome: {served[0]}", "      expect: 2"]
            if len(out) % 3 == 0:
                out.append(f"      actual: {len(out) % 5}")
    lines[:] = out
    return currents


def build() -> None:
    if (ROOT / ".git").exists():
        return
    shutil.rmtree(ROOT, ignore_errors=True)
    generate_size(ROOT, "L")
    teams, _ = SIZES["L"]
    texts: dict[int, list[str]] = {}
    currents: dict[tuple[int, str], int] = {}
    for t in range(teams):
        path = ROOT / "teams" / f"team-{t}.yaml"
        lines = path.read_text(encoding="utf-8").split("\n")
        for outcome, index in measured(lines, t).items():
            currents[(t, outcome)] = index
        texts[t] = lines
        path.write_text("\n".join(lines), encoding="utf-8")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "L board with measures")
    rng = random.Random(5)
    values = dict.fromkeys(currents, 40.0)
    stream = []
    for n in range(CHECK_INS):
        team, outcome = key = rng.choice(sorted(currents))
        values[key] = round(values[key] + rng.uniform(-0.5, 1.0), 1)
        lines = texts[team]
        at = currents[key]
        when = START + n * 4 * 3600
        day = time.strftime("%Y-%m-%d", time.gmtime(when))
        lines[at] = f"      current: {values[key]}"
        lines[at + 1] = f"      as_of: {day}"
        if n % 4 == 0:
            lines[at + 2] = f"      confidence: {rng.choice((0.3, 0.5, 0.6, 0.8))}"
        name, email = AUTHORS[n % len(AUTHORS)]
        message = f"Check in {outcome}: {values[key]}%".encode()
        content = "\n".join(lines).encode()
        stream.append(
            b"commit refs/heads/main\n"
            + f"author {name} <{email}> {when} +0000\ncommitter {name} <{email}> {when} +0000\n".encode()
            + f"data {len(message)}\n".encode()
            + message
            + b"\n"
            + (b"from refs/heads/main^0\n" if n == 0 else b"")
            + f"M 100644 inline teams/team-{team}.yaml\ndata {len(content)}\n".encode()
            + content
            + b"\n"
        )
    git("fast-import", "--quiet", "--force", stdin=b"".join(stream))
    git("reset", "--hard", "-q")


def timed(args: list[str], runs: int = 3, *, cold: bool = False) -> tuple[float, float]:
    """The best wall time of `runs` whole processes, and the CPU time (user + system, git's too) of that run."""
    best = (float("inf"), 0.0)
    for _ in range(runs):
        if cold:
            shutil.rmtree(ROOT / ".git" / "trioboard", ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "trioboard", *args], cwd=ROOT, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best = min(best, (wall, cpu))
        if done.returncode != 0:
            raise SystemExit(done.stderr.decode())
    return best


def _show(name: str, figures: tuple[float, float], target: str = "") -> None:
    wall, cpu = figures
    print(f"{name:<40} {wall:.3f}s wall, {cpu:.3f}s CPU{target}")


def main() -> None:
    build()
    args = ["impact", "--today", "2026-12-01"]
    _show(f"impact, {CHECK_INS} check-ins, cold:", timed(args, cold=True), "   (target 2 s)")
    _show(f"impact, {CHECK_INS} check-ins, warm:", timed(args), "   (target 0.5 s)")
    _show("log --measure t0-outcome-0, warm:", timed(["log", "--measure", "t0-outcome-0"]))
    print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

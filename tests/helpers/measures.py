"""A small board with measures and impacts (SPEC 10), in a real repository: for edits, merge, diff and export."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import HANDWRITTEN, git, write_board

BOARD = """\
name: Fernway
goals:
  - id: grow-revenue
    title: Grow revenue
    metric: monthly revenue
    target: €50k
"""

CHECKOUT = """\
# Checkout: the path to a booking
id: checkout
name: Checkout
outcomes:
  - id: checkout-conversion
    title: Raise checkout conversion from 62% to 70%
    goals: [grow-revenue]
    measure:
      metric: checkout conversion   # from the funnel dashboard
      unit: "%"
      baseline: 62
      target: 70
      by: 2026-09-30
      current: 63
      as_of: 2026-06-01
      confidence: 0.7
      source: https://metabase.example/q/812
  - id: fewer-abandoned
    title: Fewer abandoned bookings
    goals: [grow-revenue]

roadmap:
  # --- Now ---
  - id: one-click-pay
    title: One-click pay
    outcomes: [checkout-conversion]
    horizon: now
    status: in-progress
    owner: Chen Li   # ships with payments
  - id: saved-carts
    title: Keep carts
    outcomes: [fewer-abandoned]
    horizon: now
"""


def measured_board(root: Path) -> Path:
    """The board above at `root`, in a fresh repository with one commit."""
    write_board(root, BOARD, {"checkout": CHECKOUT})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Start")
    return root


def last_commit(repo: Path) -> tuple[str, str]:
    """The subject and body (trailer and all) of the newest commit."""
    return git(repo, "log", "-1", "--format=%s").strip(), git(repo, "log", "-1", "--format=%b")


def handwritten_board(where: Path) -> Path:
    """The hand-written board (a CRLF team file among them) at `where/repo/plan`, in a fresh repository."""
    root = where / "repo"
    shutil.copytree(HANDWRITTEN, root / "plan")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Start")
    return root / "plan"

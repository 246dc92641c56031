"""A board with measures whose check-ins are real commits (authors and dates pinned): for the TUI's Impact view.

Every state a measure can be in is here: reached (a line held), on track,
off track (behind its baseline), no confidence given, not measured yet; an
item expected to move a measure that did, one that has not shipped, an item
serving a measured outcome with no impact, an outcome serving a goal with
no measure, and a title with markup in it.
"""

from __future__ import annotations

from pathlib import Path

from helpers import git, write_board

TODAY = "2026-06-20"
"""The day the tests pin the app to: check-ins default to it."""

BOARD = """\
name: Fernway
goals:
  - id: grow-revenue
    title: Grow revenue
    measure:
      metric: monthly revenue
      unit: k€
      baseline: 40
      target: 50
      current: {revenue}
      as_of: {as_of}
  - id: keep-customers
    title: Keep customers
"""

CHECKOUT = """\
id: checkout
name: Checkout
outcomes:
  - id: checkout-conversion
    title: Raise checkout conversion from 62% to 70%
    goals: [grow-revenue]
    measure:
      metric: checkout conversion
      unit: "%"
      baseline: 62
      target: 70
      by: 2026-09-30
      current: {conversion}
      as_of: {as_of}
      confidence: {confidence}
      source: https://metabase.example/q/812
  - id: fewer-abandoned
    title: Fewer abandoned bookings
    goals: [grow-revenue]
  - id: page-speed
    title: "[bold]Faster[/] pages"
    goals: [keep-customers]
    measure:
      metric: p75 page load
      unit: ms
      direction: decrease
      baseline: 1200
      target: 800
      current: 1300
      as_of: 2026-06-01
      confidence: 0.3
roadmap:
  - id: one-click-pay
    title: One-click pay
    outcomes: [checkout-conversion]
    horizon: now
    status: done
    impact:
      outcome: checkout-conversion
      expect: 3
      confidence: 0.5
      actual: 1.2
  - id: saved-carts
    title: Keep carts
    outcomes: [checkout-conversion]
    horizon: now
  - id: lazy-images
    title: Lazy images
    outcomes: [page-speed]
    horizon: next
    impact:
      outcome: page-speed
      expect: 200
"""

GROWTH = """\
id: growth
name: Growth
outcomes:
  - id: referral-share
    title: Keep referrals above 5% of sign-ups
    goals: [grow-revenue]
    measure:
      metric: referral share
      unit: "%"
      direction: stay-above
      baseline: 4
      target: 5
      current: 5.2
      as_of: 2026-06-01
      confidence: 0.9
  - id: activation
    title: More teams active in week one
    goals: [grow-revenue]
    measure:
      metric: week-one activation
      unit: "%"
      baseline: 30
      target: 45
"""

CHECK_INS = (
    # (author, date, conversion, confidence, revenue)
    ("Dana Ortiz", "2026-05-01T09:00:00+00:00", 62, 0.5, 40),
    ("Lena Fischer", "2026-05-15T09:00:00+00:00", 63, 0.6, 42),
    ("Kofi Mensah", "2026-06-01T09:00:00+00:00", 64.5, 0.7, 44),
)
"""The checkout conversion and revenue check-ins, one commit each, oldest first."""


def impact_repo(root: Path) -> Path:
    """The board above at `root`, its check-ins as commits by three people on three dates."""
    git(root.parent, "init", "-q", "-b", "main", str(root))
    for n, (author, date, conversion, confidence, revenue) in enumerate(CHECK_INS):
        as_of = date[:10]
        write_board(
            root,
            BOARD.format(revenue=revenue, as_of=as_of),
            {
                "checkout": CHECKOUT.format(conversion=conversion, confidence=confidence, as_of=as_of),
                "growth": GROWTH,
            },
        )
        email = author.split()[0].lower() + "@example.com"
        env = {
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        git(root, "add", "-A")
        subject = "Start the board" if n == 0 else f"Check in checkout-conversion: {conversion}%"
        git(root, "commit", "-qm", subject, env=env)
    return root

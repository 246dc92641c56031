"""yamlio.parse_flat reads flat front matter exactly as the event parser does, or leaves it to it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trioboard.core.tree import PosMap, PosSeq
from trioboard.store import yamlio

PLAIN = st.sampled_from(
    [
        *("buyer-7", "2026-07-08", "2026-13-45", "Ana Ruiz", "true", "False", "null", "12", "0x1F", "1.5"),
        *("1e3", "a - b", "v1.2.3", "a/b", "yes", "on", "x", "0", "Ben O.Ode", "t28-opp-1", "0o17", "+1", "-1"),
    ]
)
"""Values the fast reading takes: plain scalars of every resolved type."""
TRICKY = st.one_of(
    st.sampled_from(
        [
            *("a #b", "a: b", "x,y", "'q'", '"q"', "&a", "*a", "!!str s", "-dash", "José", "", " ", "[a]"),
            *("{a: 1}", "a  b", "tab\there", "~", ".inf", "a ", " a", "a]", "[", "a:b", "%x", "@x", "|", ">"),
        ]
    ),
    st.text(alphabet="ab0-. :#,[]'\"", max_size=8),
)
"""Values it must leave to the event parser (or read exactly as it does)."""
GOOD_KEYS = ["date", "team", "kind", "with", "customer", "segment", "supports", "challenges", "x_y"]
BAD_KEYS = st.sampled_from(["true", "null", "x-mine", "a b", "1", "date"])


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Mostly front matter the fast reading takes (so it is compared often), sometimes a line it must not."""
    lines = ["---"]
    keys = draw(st.lists(st.sampled_from(GOOD_KEYS), unique=True, max_size=7))
    tricky = draw(st.integers(0, 3)) == 0
    for key in keys:
        values = TRICKY if tricky and draw(st.booleans()) else PLAIN
        if tricky and draw(st.integers(0, 4)) == 0:
            key = draw(BAD_KEYS)
        if draw(st.booleans()):
            sep = draw(st.sampled_from([",", " , ", ",  "])) if tricky and draw(st.booleans()) else ", "
            value = "[" + sep.join(draw(st.lists(values, max_size=4))) + "]"
        else:
            value = draw(values)
        colon = draw(st.sampled_from([":", ":  "])) if tricky and draw(st.booleans()) else ": "
        lines.append(f"{key}{colon}{value}" if value or draw(st.booleans()) else f"{key}:")
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


def _same(fast: object, slow: object) -> None:
    assert type(fast) is type(slow), (fast, slow)
    if isinstance(fast, PosMap) and isinstance(slow, PosMap):
        assert (fast.pos, fast.key_pos, fast.value_pos) == (slow.pos, slow.key_pos, slow.value_pos)
        assert list(fast) == list(slow)
        for key in fast:
            _same(fast[key], slow[key])
    elif isinstance(fast, PosSeq) and isinstance(slow, PosSeq):
        assert (fast.pos, fast.item_pos, len(fast)) == (slow.pos, slow.item_pos, len(slow))
        for a, b in zip(fast, slow, strict=True):
            _same(a, b)
    else:
        assert fast == slow


@settings(max_examples=400, deadline=None)
@given(front_matter())
def test_the_fast_reading_is_the_event_parsers(text: str) -> None:
    fast = yamlio.parse_flat(text)
    if fast is None:
        return
    slow = yamlio.parse(text.encode("utf-8"))
    assert slow[1] == [], slow[1]
    _same(fast[0], slow[0])


def test_the_usual_front_matter_takes_the_fast_reading() -> None:
    text = (
        "---\ndate: 2026-07-08\nteam: checkout\nkind: interview\nwith: [Ana Ruiz, Ben Ode]\n"
        "customer: buyer-7\nsegment:\nsupports: [card-reentry]\nchallenges: []\n"
    )
    fast = yamlio.parse_flat(text)
    assert fast is not None
    _same(fast[0], yamlio.parse(text.encode())[0])


def test_anything_unusual_is_left_to_the_event_parser() -> None:
    for text in (
        "---\na: &x [1]\nb: *x\n",
        "---\n# a comment\ndate: 2026-07-08\n",
        "---\ndate: 2026-07-08  # when\n",
        "---\ncustomer: 'buyer-7'\n",
        "---\nwith:\n  - Ana\n",
        "---\ndate: 2026-07-08\ndate: 2026-07-09\n",
        "---\ntrue: 1\n",
        "---\n",
    ):
        assert yamlio.parse_flat(text) is None, text

"""Calibration: how often, and by how much, a team's expected impact was met."""

from __future__ import annotations

import pytest

from trioboard.core.calibration import by_team, calibrate
from trioboard.core.model import Impact, Item, Pos, Ref

AT = Pos("teams/web.yaml", 1, 1)


def _item(n: int, expect: float | None, actual: float | None, team: str = "web") -> Item:
    impact = Impact(outcome=Ref("conversion", AT), expect=expect, actual=actual, pos=AT)
    return Item(id=f"item-{n}", title="T", team=team, pos=AT, impact=impact)


def test_met_when_the_item_moved_at_least_as_far_as_expected() -> None:
    items = [_item(1, 3, 1.5), _item(2, 2, 2), _item(3, 1, 4), _item(4, 2, None), _item(5, None, 3)]
    found = calibrate("web", items)

    assert (found.team, found.items, found.met) == ("web", 3, 2)
    assert found.mean_ratio == pytest.approx((0.5 + 1 + 4) / 3)
    assert found.met_share == pytest.approx(2 / 3)


def test_a_decrease_written_as_a_negative_change_is_judged_as_one_written_positive() -> None:
    signed = calibrate("web", [_item(1, -3, -4), _item(2, -2, -1)])
    positive = calibrate("web", [_item(1, 3, 4), _item(2, 2, 1)])

    assert signed == positive
    assert signed.met == 1
    assert signed.mean_ratio == pytest.approx((4 / 3 + 1 / 2) / 2)


def test_an_expectation_of_nothing_is_met_by_no_loss_and_has_no_ratio() -> None:
    found = calibrate("web", [_item(1, 0, 0.5), _item(2, 0, -0.1)])
    assert (found.items, found.met, found.mean_ratio) == (2, 1, None)


def test_item_without_impact_is_left_out_and_a_team_with_none_reviewed_has_no_line() -> None:
    bare = Item(id="bare", title="T", team="web", pos=AT)
    assert calibrate("web", [bare]).met_share is None
    teams = {"web": [_item(1, 2, 3)], "ops": [bare], "app": [_item(2, 2, 1, "app")]}

    found = by_team(teams)

    assert [(c.team, c.items, c.met) for c in found] == [("web", 1, 1), ("app", 1, 0), (None, 2, 1)]
    assert by_team({"web": [_item(1, 2, 3)], "ops": [bare]}) == [calibrate("web", [_item(1, 2, 3)])]

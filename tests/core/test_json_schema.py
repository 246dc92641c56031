"""core.json_schema is made from the vocabulary: every kind, key, required key and closed set is in it."""

from __future__ import annotations

from typing import Any

from trioboard.core.json_schema import json_schema
from trioboard.core.rules import RULES, STRUCTURAL_RULES
from trioboard.core.vocabulary import (
    BOARD_KEYS,
    DISCOVERY_KEYS,
    EVIDENCE_KEYS,
    FRESHNESS_KEYS,
    IMPACT_KEYS,
    KINDS,
    MEASURE_KEYS,
    POLICY_KEYS,
    SUB_KEYS,
    TRIO_KEYS,
    Key,
    Kind,
    ValueType,
)


def _schema(kind: str) -> dict[str, Any]:
    return json_schema(kind, tuple(RULES), STRUCTURAL_RULES)


def _check_keys(node: dict[str, Any], keys: tuple[Key, ...]) -> None:
    assert list(node["properties"]) == [key.name for key in keys]
    assert node.get("required", []) == [key.name for key in keys if key.required]
    assert node["additionalProperties"] is False and "^x-" in node["patternProperties"]
    for key in keys:
        if key.type is ValueType.CHOICE:
            assert node["properties"][key.name]["enum"] == [*key.choices, *([] if key.required else [None])]


def test_every_kind_and_key_of_the_vocabulary() -> None:
    board, team = _schema("board"), _schema("team")
    _check_keys(board, BOARD_KEYS)
    _check_keys(board["properties"]["policy"], POLICY_KEYS)
    _check_keys(board["properties"]["policy"]["properties"]["discovery"], DISCOVERY_KEYS)
    _check_keys(_schema("evidence"), EVIDENCE_KEYS)
    _check_keys(team, KINDS[Kind.TEAM].keys)
    _check_keys(team["properties"]["trio"], TRIO_KEYS)
    _check_keys(board["properties"]["policy"]["properties"]["freshness"], FRESHNESS_KEYS)
    _check_keys(board["$defs"]["goal"]["properties"]["measure"], MEASURE_KEYS)
    _check_keys(team["$defs"]["outcome"]["properties"]["measure"], MEASURE_KEYS)
    _check_keys(team["$defs"]["item"]["properties"]["impact"], IMPACT_KEYS)
    for kind, spec in KINDS.items():
        if spec.list_key is not None:
            _check_keys(board["$defs"][kind.value], spec.keys)


def test_policy_severity_names_every_rule_and_keeps_structural_ones_at_error() -> None:
    severity = _schema("board")["properties"]["policy"]["properties"]["severity"]
    assert list(severity["properties"]) == list(RULES)
    for name in RULES:
        expected = {"const": "error"} if name in STRUCTURAL_RULES else {"enum": ["error", "warning", "info", "off"]}
        assert severity["properties"][name] == expected


def test_every_value_type_has_a_schema() -> None:
    seen = {key.type for spec in KINDS.values() for key in spec.keys}
    seen |= {key.type for key in (*BOARD_KEYS, *EVIDENCE_KEYS, *(key for keys in SUB_KEYS.values() for key in keys))}
    assert seen == set(ValueType)


def test_freshness_defaults_and_a_confidence_range_are_in_the_schema() -> None:
    freshness = _schema("board")["properties"]["policy"]["properties"]["freshness"]["properties"]
    assert {name: value["default"] for name, value in freshness.items()} == {"measure_days": 30, "impact_days": 45}
    measure = _schema("team")["$defs"]["outcome"]["properties"]["measure"]["properties"]
    assert (measure["confidence"]["minimum"], measure["confidence"]["maximum"]) == (0, 1)
    assert measure["direction"]["enum"] == ["increase", "decrease", "stay-above", "stay-below", None]

"""The JSON Schema (draft 2020-12) of board files, made from the vocabulary (SPEC 12).

One source: the keys, their types, the required ones and the closed sets
come from `core.vocabulary`, and the text limits from `core.text`, the same
definitions `core.schema` reads a board with. The schema accepts what that
reader accepts without a `schema` problem, with these exceptions that no
JSON Schema can say and only `check` finds: ids that must exist, ids that
must be unique, a team file's `id` equal to its file name, duplicate keys
and explicit YAML tags; a measure's baseline equal to its target, a date
that is well formed but no day (2026-02-30), and a number written `.inf`
or `.nan`.

How a YAML value reads (YAML 1.2): free text may be written as a number or
a boolean (`title: 2027` reads as "2027"), an empty value (`null`) of an
optional key is the key left out, and an id is always text.
"""

from __future__ import annotations

from typing import Any

from trioboard.core.evidence import DISCOVERY_BOUNDS
from trioboard.core.schema import SEVERITY_LEVELS
from trioboard.core.text import LINE_FORBIDDEN_CHARS, MAX_LINE_TEXT, MAX_NOTES, NOTES_FORBIDDEN_CHARS, a_or_an
from trioboard.core.vocabulary import (
    ASSUMPTION_KEYS,
    BOARD_KEYS,
    DISCOVERY_KEYS,
    EVIDENCE_KEYS,
    ID_PATTERN,
    KINDS,
    SUB_KEYS,
    Key,
    Kind,
    ValueType,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]

_ID: Schema = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
_USERS_OWN = {"^x-": {"description": "Your own key: allowed anywhere, preserved by every edit, ignored by every rule."}}


def _text(limit: int, forbidden: str, what: str) -> Schema:
    # A number or true/false is text as written; maxLength and pattern apply to strings only.
    return {
        "type": ["string", "number", "boolean"],
        "maxLength": limit,
        "pattern": f"^[^{forbidden}]*$",
        "description": what,
    }


_TEXT = _text(MAX_LINE_TEXT, LINE_FORBIDDEN_CHARS, f"One line of text (at most {MAX_LINE_TEXT} characters).")
_NOTES = _text(MAX_NOTES, NOTES_FORBIDDEN_CHARS, f"Free text, may span lines (at most {MAX_NOTES} characters).")
_URL: Schema = {"type": "string", "maxLength": MAX_LINE_TEXT, "pattern": f"^[^\\s{LINE_FORBIDDEN_CHARS}]+$"}
_DATE: Schema = {
    "type": "string",
    "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    "format": "date",
    "description": "A date, YYYY-MM-DD.",
}


def _list_of(item: Schema, what: str) -> Schema:
    return {"type": ["array", "null"], "items": item, "description": what}


def _value(key: Key, rule_names: tuple[str, ...], structural: frozenset[str]) -> Schema:
    """The schema of one key's value."""
    kind = key.type
    if kind is ValueType.ID:
        return {**_ID, "description": "The node's id: unique across the board."}
    if kind is ValueType.TEXT:
        return dict(_TEXT)
    if kind is ValueType.NOTES:
        return dict(_NOTES)
    if kind is ValueType.CHOICE:
        default = {"default": key.default} if key.default is not None else {}
        return {
            "enum": [*key.choices] if key.required else [*key.choices, None],
            **default,
            "description": f"One of: {', '.join(key.choices)}.",
        }
    if kind is ValueType.REFS:
        assert key.target is not None
        return _list_of(_ID, f"Ids of {key.target.plural}.")
    if kind is ValueType.REF:
        assert key.target is not None
        nullable = ["string"] if key.required else ["string", "null"]
        return {**_ID, "type": nullable, "description": f"The id of {a_or_an(key.target.value)}."}
    if kind is ValueType.ASSUMPTIONS:
        return _list_of(_mapping(ASSUMPTION_KEYS, rule_names, structural), "What must be true for it to work.")
    if kind is ValueType.URLS:
        return _list_of(_URL, "URLs: the ticket, the doc, the dashboard.")
    if kind is ValueType.TAGS:
        return _list_of(_ID, "Tags, each written as an id.")
    if kind is ValueType.NODES:
        assert key.target is not None
        return _list_of({"$ref": f"#/$defs/{key.target.value}"}, f"The {key.target.plural}.")
    if kind is ValueType.DISCOVERY:
        return _discovery()
    if kind in SUB_KEYS:
        return _mapping(SUB_KEYS[kind], rule_names, structural, nullable=True)
    if kind is ValueType.NUMBER:
        number: Schema = {"type": ["integer", "null"], "minimum": 0}
        return number if key.default is None else {**number, "default": int(key.default)}
    if kind is ValueType.REAL:
        return {"type": "number", "description": "A number (never text or true/false)."}
    if kind is ValueType.CONFIDENCE:
        return {"type": "number", "minimum": 0, "maximum": 1, "description": "From 0 to 1."}
    if kind is ValueType.DATE:
        return dict(_DATE)
    if kind is ValueType.FLAG:
        return {"type": ["boolean", "null"], "default": key.default == "true"}
    if kind is ValueType.NAMES:
        return _list_of({**_TEXT, "type": ["string", "number", "boolean"]}, "Names, one line each.")
    if kind is ValueType.SEVERITIES:
        return {
            "type": ["object", "null"],
            "properties": {
                name: {"const": "error"} if name in structural else {"enum": list(SEVERITY_LEVELS)}
                for name in rule_names
            },
            "additionalProperties": False,
            "description": "Rule name → error, warning, info or off.",
        }
    raise AssertionError(f"no schema for {kind}")  # pragma: no cover - the vocabulary test enumerates them


def _discovery() -> Schema:
    """`policy.discovery`: whole numbers within the bounds `check` reads them with."""
    schema = _mapping(DISCOVERY_KEYS, (), frozenset(), nullable=True)
    for name, (least, most) in DISCOVERY_BOUNDS.items():
        number = schema["properties"][name]
        number["minimum"] = least
        if most is not None:
            number["maximum"] = most
    schema["description"] = "The trio's discovery cadence; its presence turns the cadence rules on."
    return schema


def _mapping(
    keys: tuple[Key, ...], rule_names: tuple[str, ...], structural: frozenset[str], *, nullable: bool = False
) -> Schema:
    """A mapping of `keys`, `x-` keys besides; any other key is what `check` calls unknown."""
    properties: Schema = {}
    for key in keys:
        value = _value(key, rule_names, structural)
        if not key.required and "type" in value and "null" not in value["type"]:
            value["type"] = [*value["type"], "null"] if isinstance(value["type"], list) else [value["type"], "null"]
        properties[key.name] = value
    schema: Schema = {
        "type": ["object", "null"] if nullable else "object",
        "properties": properties,
        "patternProperties": dict(_USERS_OWN),
        "additionalProperties": False,
    }
    required = [key.name for key in keys if key.required]
    if required:
        schema["required"] = required
    return schema


def _defs(rule_names: tuple[str, ...], structural: frozenset[str]) -> Schema:
    return {
        kind.value: {**_mapping(spec.keys, rule_names, structural), "title": kind.value}
        for kind, spec in KINDS.items()
        if spec.list_key is not None
    }


def json_schema(file_kind: str, rule_names: tuple[str, ...], structural: frozenset[str]) -> Schema:
    """The JSON Schema of `board` (board.yaml), `team` (teams/<id>.yaml) or `evidence` (its front matter).

    `rule_names` are the rules `policy.severity` may name, `structural` those
    it may not set below error (as `core.schema.build_board` takes them).
    """
    if file_kind == "board":
        root = _mapping(BOARD_KEYS, rule_names, structural)
        title = "trioboard board.yaml"
    elif file_kind == "team":
        root = _mapping(KINDS[Kind.TEAM].keys, rule_names, structural)
        title = "trioboard team file (teams/<id>.yaml)"
    elif file_kind == "evidence":
        root = _mapping(EVIDENCE_KEYS, rule_names, structural)
        root["properties"]["supports"]["description"] = "Ids of opportunities or roadmap items this speaks for."
        root["properties"]["challenges"]["description"] = "Ids of opportunities or roadmap items this speaks against."
        title = "trioboard evidence file front matter (evidence/*.md, between the --- lines)"
    else:
        raise ValueError(f"no schema for {file_kind!r}")
    return {
        "$schema": DIALECT,
        "title": title,
        **root,
        "$defs": _defs(rule_names, structural),
    }


def schema_text(file_kind: str) -> str:
    """`json_schema` of `file_kind` for this board's rules, as the JSON text `trioboard schema` prints."""
    import json

    from trioboard.core.rules import RULES, STRUCTURAL_RULES

    return json.dumps(json_schema(file_kind, tuple(RULES), STRUCTURAL_RULES), indent=2, ensure_ascii=False) + "\n"

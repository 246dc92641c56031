"""How the schema reader describes and converts single YAML values, shared by its modules.

Kept apart from `core.schema` so that the readers of nested mappings
(`core.schema_measure`) use the same words without importing the reader.
"""

from __future__ import annotations

import math
import re
from datetime import date

from trioboard.core.tree import PosMap, PosSeq, Typed

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def shown(value: object) -> str:
    """A short, safe description of a YAML value for a message."""
    if isinstance(value, PosMap):
        return "a mapping"
    if isinstance(value, PosSeq):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, Typed):
        return {"bool": "a true/false value", "int": "a number", "float": "a number"}[value.kind]
    return "text"


def small_int(value: object) -> int | None:
    """A plain integer of at most 18 digits: Python refuses to convert thousands (a ValueError)."""
    if not isinstance(value, Typed) or value.kind != "int":
        return None
    digits = value.text.lstrip("+-")
    if len(digits) > 18 or not digits.isdigit():
        return None
    return int(value.text)


def real(value: object) -> float | None:
    """A YAML number (int or float, never true/false) as a finite float; None when it is not one.

    YAML 1.2 writes ints also as `0o17` and `0x1F`, and floats as `.inf` and
    `.nan`; the infinite and not-a-number ones are refused, as is a number too
    large for a float.
    """
    if not isinstance(value, Typed) or value.kind not in ("int", "float"):
        return None
    text = value.text
    if len(text) > 400:
        return None  # no measure needs more digits; converting thousands is slow
    try:
        number = float(text) if value.kind == "float" or text.lstrip("+-").isdigit() else float(int(text, 0))
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def calendar_date(value: object) -> date | None:
    """A date written YYYY-MM-DD (YAML 1.2 reads it as text); None when it is not one, or not a real day."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def clip(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters with an ellipsis, for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_bad_id(value: object) -> str:
    """What was written where an id belongs, for a message."""
    if isinstance(value, str):
        return f"'{clip(value)}', which is not a valid id"
    if isinstance(value, Typed):
        return f"{clip(value.text)}, a {value.kind} where an id belongs (quote it)"
    return f"{shown(value)} where an id belongs"

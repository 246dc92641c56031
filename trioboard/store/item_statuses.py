"""The status of every roadmap item of a team file's text, read fast when the text is plainly written.

`impact-unreviewed` needs to know when an item became done, so every
version of a team file that git may have changed a `status: done` line in
is read (SPEC 10). Parsing hundreds of versions with the YAML parser took
seconds on a large board; almost every version is block YAML written by
trioboard or by hand in the same shape, where an item's `id` and `status`
are plain lines at the item's key indentation. Those are read line by line.
A roadmap in any other shape (flow style, anchors, tags, block or
multi-line scalars where they could hide a line, tabs, several documents,
duplicate keys, an id YAML would not read as text) is left to the parser,
so nothing is read differently (tests compare the two).
"""

from __future__ import annotations

import functools
import re

from trioboard.core.tree import PosMap, PosSeq
from trioboard.store import yamlio

_ROADMAP = re.compile(rb"^roadmap:[ ]*(?:#.*)?$", re.MULTILINE)
_TOP_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(?: |$)")
"""A line at column 0 after the roadmap that starts the next top-level key (or a comment, checked apart)."""
_VALUE = re.compile(r"""(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9][A-Za-z0-9._-]*))?(?:[ ]+(?:#.*)?)?""")
"""A status or id value: one plain word, or one quoted on its line (with no escapes), then maybe a comment."""
_NOT_TEXT = re.compile(r"[0-9][0-9eEoOxXbB._-]*|true|false|null|yes|no|on|off|y|n", re.IGNORECASE)
"""Plain words YAML may read as something else than text (a number, a date, a boolean): left to the parser.

A word starting with a digit is text once it has a letter no number is
written with (`19-graduate-cronjob`); `1e3`, `0x1f` and `2026-01-10` are not.
"""
_DOCUMENTS = re.compile(rb"^(?:---|\.\.\.|%)", re.MULTILINE)
"""A document marker or a directive: several documents, or a header the parser should read."""


def item_statuses(data: bytes) -> dict[str, str]:
    """Item id → its `status` as written (`planned` when it has none) in a team file's text."""
    fast = _scan(data)
    return fast if fast is not None else _parsed(data)


def _parsed(data: bytes) -> dict[str, str]:
    """What the YAML parser reads (an unreadable file has no items)."""
    tree, _ = yamlio.parse(data)
    roadmap = tree.get("roadmap") if isinstance(tree, PosMap) else None
    found: dict[str, str] = {}
    for entry in roadmap if isinstance(roadmap, PosSeq) else ():
        if isinstance(entry, PosMap) and isinstance(entry.get("id"), str):
            status = entry.get("status")
            found.setdefault(str(entry["id"]), status if isinstance(status, str) else "planned")
    return found


def _scan(data: bytes) -> dict[str, str] | None:
    """The statuses read line by line, or None when the text is not plainly written block YAML."""
    starts = [m.end() for m in _ROADMAP.finditer(data)]
    if len(starts) != 1 or data.startswith(b"\xef\xbb\xbf") or _DOCUMENTS.search(data):
        return None
    try:
        text = data[starts[0] :].decode()
    except UnicodeDecodeError:
        return None
    end = _NEXT_TOP.search(text)
    if end is not None:
        if _TOP_KEY.match(text, end.start()) is None:
            return None
        text = text[: end.start()]
    if "\t" in text:
        return None  # a tab where an indentation could be: the parser says whether it is one
    return _read_items(text)


_NEXT_TOP = re.compile(r"^[^ #\n-]", re.MULTILINE)
"""The first line after the roadmap's at column 0 that is not a comment or an item: the next top-level key."""
_FIRST = re.compile(r"^( *)([^ #\n])", re.MULTILINE)


@functools.cache
def _shallow(dash: int) -> re.Pattern[str]:
    """Every line of a roadmap whose items start at column `dash`, down to the items' keys (deeper ones are values).

    An item's first line gives its indentation (group 1) and a key line its
    key (2) and value (3); any other line that deep (a list element at its
    key's indentation, or something unusual) matches with no key.
    """
    return re.compile(
        rf"^(?:( {{{dash}}})- | {{{dash + 2}}})([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$|^ {{0,{dash + 2}}}[^ #\n].*$",
        re.MULTILINE,
    )


def _read_items(text: str) -> dict[str, str] | None:
    """Item id → status from the roadmap's text, or None when a line is not of the plain shape."""
    first = _FIRST.search(text)
    if first is None:
        return {}
    if first[2] != "-":
        return None
    dash = len(first[1])
    item: dict[str, str | None] | None = None
    items: list[dict[str, str | None]] = []
    in_list = False
    """Whether the item's last key had no value on its line: a list may follow at the key's indentation."""
    list_element = " " * (dash + 2) + "- "
    for line in _shallow(dash).finditer(text):
        key = line[2]
        if key is None:
            if in_list and line[0].startswith(list_element):
                continue  # an element of a list written at its key's indentation
            return None
        if line[1] is not None:
            item = {}
            items.append(item)
        elif item is None:
            return None
        value = line[3]
        if not _take(item, key, value):
            return None
        in_list = value is None
    found: dict[str, str] = {}
    for entry_keys in items:
        ident = entry_keys.get("id")
        if ident is not None:
            found.setdefault(ident, entry_keys.get("status") or "planned")
    return found


def _take(item: dict[str, str | None], key: str, value: str | None) -> bool:
    """Note an item's `id` or `status` (other keys are skipped); False when its value is not plainly text."""
    if key in item:
        return False  # a duplicate key: the parser says what it means
    if key != "id" and key != "status":
        item[key] = None
        return value is None or value[0] not in "'\"[{" or _closed(value)
    match = _VALUE.fullmatch(value or "")
    if match is None:
        return False
    quoted = match[1] if match[1] is not None else match[2]
    plain = match[3]
    if quoted is None and plain is None:
        if key == "id":
            return False  # an empty id is no text: the parser's business
        item[key] = None
        return True
    if plain is not None and _NOT_TEXT.fullmatch(plain):
        return False  # YAML reads it as something else than text
    item[key] = quoted if quoted is not None else plain
    return True


def _closed(value: str) -> bool:
    """Whether a quoted or bracketed value ends on its own line (else a later line could be part of it)."""
    text = value.split(" #", 1)[0].rstrip() if not value.startswith(("'", '"')) else value.rstrip()
    if value.startswith(("[", "{")):
        close = "]" if value[0] == "[" else "}"
        return text.endswith(close) and text.count(value[0]) == text.count(close)
    quote = value[0]
    end = value.find(quote, 1)
    while quote == "'" and end != -1 and value[end + 1 : end + 2] == "'":
        end = value.find(quote, end + 2)
    if quote == '"' and "\\" in value:
        return False
    if end == -1:
        return False
    rest = value[end + 1 :].strip()
    return not rest or rest.startswith("#")

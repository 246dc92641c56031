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

import re

from trioboard.core.tree import PosMap, PosSeq
from trioboard.store import yamlio

_ROADMAP = re.compile(rb"^roadmap:[ ]*(?:#.*)?$", re.MULTILINE)
_TOP_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(?: |$)")
"""A line at column 0 after the roadmap that starts the next top-level key (or a comment, checked apart)."""
_ENTRY = re.compile(r"( *)- ([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
"""An item's first line, `- key: value` (the dash followed by one space)."""
_KEY = re.compile(r"( +)([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
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
    if len(starts) != 1 or data.startswith(b"\xef\xbb\xbf"):
        return None
    if _DOCUMENTS.search(data):
        return None
    section = data[starts[0] :]
    try:
        lines = section.decode().split("\n")[1:]
    except UnicodeDecodeError:
        return None
    body: list[str] = []
    for line in lines:
        if line[:1] not in ("", " ", "#", "-"):
            if _TOP_KEY.match(line) is None:
                return None
            break
        body.append(line)
    if any("\t" in line for line in body):
        return None  # a tab where an indentation could be: the parser says whether it is one
    return _read_items(body)


def _read_items(body: list[str]) -> dict[str, str] | None:
    """Item id → status from the roadmap's lines, or None when one is not of the plain shape."""
    found: dict[str, str] = {}
    dash = -1
    item: dict[str, str | None] | None = None
    items: list[dict[str, str | None]] = []
    in_list = False
    """Whether the item's last key had no value on its line: a list may follow at the key's indentation."""
    for line in body:
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if in_list and indent == dash + 2 and stripped.startswith("- "):
            continue  # an element of a list written at its key's indentation
        if stripped.startswith("-"):
            if dash == -1:
                dash = indent
            if indent == dash:
                entry = _ENTRY.fullmatch(line)
                if entry is None:
                    return None
                item = {}
                items.append(item)
                if not _take(item, entry[2], entry[3]):
                    return None
                in_list = entry[3] is None
                continue
        if dash == -1 or item is None or indent < dash + 2:
            return None  # not a list of items, or a line outside any item
        if indent > dash + 2:
            continue  # inside a value (a measure, a list): no id or status of this item is here
        key = _KEY.fullmatch(line)
        if key is None or not _take(item, key[2], key[3]):
            return None
        in_list = key[3] is None
    for entry_keys in items:
        ident = entry_keys.get("id")
        if ident is not None:
            found.setdefault(ident, entry_keys.get("status") or "planned")
    return found


def _take(item: dict[str, str | None], key: str, value: str | None) -> bool:
    """Note an item's `id` or `status` (other keys are skipped); False when its value is not plainly text."""
    if key in item:
        return False  # a duplicate key: the parser says what it means
    if key not in ("id", "status"):
        item[key] = None
        return value is None or not value.startswith(("'", '"', "[", "{")) or _closed(value)
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

"""Parts of a board file cut out as small YAML documents of their own, to parse less.

A history of thousands of check-ins reads each version of a team file for
its measures only: the outcomes are a tenth of a team file, the measured
ones fewer still, and parsing every version whole was most of the time.

A cut is made only where the file is plain block YAML, so that what is cut
out reads exactly as it reads in the whole file: every line at the left
margin is a comment, a `key:` or a `- ` entry of the key above, and a value
opened there with a quote or a bracket closes on its line. Anything else at
the margin (a document marker, a directive, a tab, a value that may run on)
and the caller parses the whole file.
"""

from __future__ import annotations

import re

_MARGIN = re.compile(rb"\n((?:[^ \t\r\n#-]|-[^ \r\n]|\t)[^\n]*)")
"""A line at the margin that is not blank, a comment or a list entry, with the line break before it.

Each pattern here starts with a line break rather than `^`: the search then
skips from one break to the next instead of trying every position.
"""
_KEY = re.compile(rb"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+|\r?$)")
_CLOSED = {
    ord('"'): re.compile(rb'"(?:[^"\\]|\\.)*"[ \t]*(?:#.*)?'),
    ord("'"): re.compile(rb"'(?:[^']|'')*'[ \t]*(?:#.*)?"),
    ord("{"): re.compile(rb"\{[^{}]*\}[ \t]*(?:#.*)?"),
    ord("["): re.compile(rb"\[[^\[\]]*\][ \t]*(?:#.*)?"),
}
"""A value opened with a quote or a bracket must close on its line, or it might run on at the margin."""
_ENTRY = re.compile(rb"\n( *)-(?=[ \r\n])")
_CONTENT = re.compile(rb"\n[ \t]*[^ \t\r\n#]")


def top_level(data: bytes, keys: frozenset[str]) -> bytes | None:
    """`data` with only its top-level `keys` left, each line where it was; None when the cut cannot be trusted."""
    found = _sections(data)
    if found is None:
        return None
    kept = [data[start:end] if name in keys else b"\n" * data.count(b"\n", start, end) for name, start, end in found]
    return b"".join(kept)


def list_entries(data: bytes, key: str) -> list[bytes] | None:
    """Each entry of the top-level list `key`, as a document `key:` holding that one entry; None when unsure.

    A list written in flow style (`key: [...]`) is one document, as it is.
    """
    found = _sections(data)
    if found is None:
        return None
    head = key.encode("ascii") + b":"
    out: list[bytes] = []
    for name, start, end in found:
        if name != key:
            continue
        section = data[start:end]
        newline = section.find(b"\n")
        first = section if newline < 0 else section[:newline]
        if first.split(b"#", 1)[0].strip() != head:
            out.append(section)  # a value on the key's own line: the section is one document
            continue
        body = section[newline:] + b"\n" if newline >= 0 else b""
        content = _CONTENT.search(body)
        if content is None:
            continue
        entry = _ENTRY.match(body, content.start())
        if entry is None:
            return None
        indent = entry.group(1)
        starts = [m.start() + 1 for m in _ENTRY.finditer(body, content.start()) if m.group(1) == indent]
        out += [head + b"\n" + body[a:b] for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]
    return out


def _sections(data: bytes) -> list[tuple[str, int, int]] | None:
    """(top-level key, start, end) of each part of `data`; the part before the first key is named ""."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = b"   " + data[3:]  # keeps offsets; the caller parses the cut, which says what a BOM is
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    bounds: list[tuple[str, int]] = [("", 0)]
    # Searched with a line break put before the first line: a match starts at the break before its
    # line, which is where that line starts in `data`.
    for line in _MARGIN.finditer(b"\n" + data):
        text = line.group(1)
        match = _KEY.match(text)
        if match is None or _runs_on(text[match.end() :].rstrip(b"\r ")):
            return None
        bounds.append((match.group(1).decode("ascii"), line.start()))
    ends = [start for _, start in bounds[1:]] + [len(data)]
    return [(name, start, end) for (name, start), end in zip(bounds, ends, strict=True)]


def _runs_on(value: bytes) -> bool:
    """Whether a value may continue on the following lines (a quote or bracket left open)."""
    closed = _CLOSED.get(value[0]) if value else None
    return closed is not None and closed.fullmatch(value) is None

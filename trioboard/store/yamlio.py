"""The one place ruamel.yaml is configured.

Reading a board for analysis walks the *events* of ruamel.yaml's C parser
(the libyaml port in `ruamel.yaml.clib`) and composes the tree here, in one
non-recursive loop. That is the fast path and also the safe one:

- The parser never builds Python objects from tags, so `!!python/...` is inert.
- Anchors and aliases are refused before anything expands them (an alias
  bomb is small on disk and huge once walked).
- Depth is counted per event, so deep nesting is refused without recursion.
- Scalars are resolved by the YAML 1.2 core schema here (`no` and `on` stay
  text), and the line and column of every key, value and list element is kept.

Measured on the L synthetic board, this costs about the same as PyYAML's
libyaml `CSafeLoader` and a third of ruamel's own C-backed safe loader.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from typing import Any

from _ruamel_yaml import CParser  # the C extension from ruamel.yaml.clib
from ruamel.yaml import YAML
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from trioboard.core.tree import PosMap, PosSeq, Problem, Typed

MAX_DEPTH = 64
"""Deepest nesting accepted; a board needs five levels."""

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# Only these first characters can start a non-string plain scalar in YAML 1.2.
_MAYBE_TYPED = frozenset("0123456789+-.~nNtTfF")


class YamlRejected(Exception):
    """A file that is valid YAML but uses something a board may not."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def resolve_plain(text: str) -> object:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if text[:1] not in _MAYBE_TYPED and text:
        return text
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return Typed(text, "bool")
    if _INT.fullmatch(text):
        return Typed(text, "int")
    if _FLOAT.fullmatch(text):
        return Typed(text, "float")
    return text


def parse(data: bytes) -> tuple[object, list[Problem]]:
    """Parse one YAML document into a positioned tree.

    Returns the tree (None when the file cannot be read at all) and the
    problems found. Raises nothing for any input: every parser error becomes
    a `parse-error` problem with the line it names.
    """
    try:
        return _compose(data)
    except YamlRejected as exc:
        return None, [Problem("parse-error", exc.message, exc.line, exc.column)]
    except Exception as exc:  # noqa: BLE001 - any parser failure is a finding, never a crash
        line, column = _error_position(exc, data)
        return None, [Problem("parse-error", _error_message(exc), line, column)]


_TYPED_KEYS = frozenset(("true", "false", "null"))
"""The words of `[a-z_]+` that YAML does not read as text (a key must be text)."""
_TOKEN = r"[A-Za-z0-9](?:[A-Za-z0-9 ._/-]*[A-Za-z0-9._/-])?"
"""A plain scalar that means the same in block and flow context: no `:`, `#`, `,`, brackets, quotes or edge spaces."""
_FLAT = re.compile(rf"---\n(?:[a-z_]+:(?: {_TOKEN}| \[(?:{_TOKEN}(?:, {_TOKEN})*)?\])?\n)+")
"""A whole document of flat `key: value` lines (ended by a line break), checked in one match."""


def parse_flat(text: str) -> tuple[PosMap, list[Problem]] | None:
    """A document of flat `key: value` lines, read without the event parser; None when it is anything else.

    An evidence file's front matter is almost always this: ids, a date, a
    pseudonym, flow lists of names and ids. Reading such lines directly is
    several times faster than the event loop, which matters at thousands of
    files; a document with any line not exactly of this shape (a comment, a
    quote, a tab, a nested value, an anchor, anything unusual) is left to
    `parse`, so nothing is read differently: the tree and its positions are
    those `parse` gives (tests compare the two).
    """
    if not text.endswith("\n"):
        text += "\n"
    if _FLAT.fullmatch(text) is None:
        return None
    root = PosMap((2, 1))
    for number, line in enumerate(text[4:-1].split("\n"), start=2):
        key, _, value = line.partition(":")
        if key in root or key in _TYPED_KEYS:
            return None  # a duplicate key, or one that is not text: `parse` says so
        root.key_pos[key] = (number, 1)
        column = len(key) + 3
        if not value:
            root[key] = None
            root.value_pos[key] = (number, column - 1)
            continue
        value = value[1:]
        root.value_pos[key] = (number, column)
        if value[0] != "[":
            root[key] = resolve_plain(value)
            continue
        seq = PosSeq((number, column))
        at = column + 1
        for item in value[1:-1].split(", ") if len(value) > 2 else ():
            seq.append(resolve_plain(item))
            seq.item_pos.append((number, at))
            at += len(item) + 2
        root[key] = seq
    return root, []


def _compose(data: bytes) -> tuple[object, list[Problem]]:
    # The hot loop of every read: locals only, no calls per event where an
    # `if` will do (measured: a third faster than the straightforward form).
    get_event = CParser(data).get_event
    problems: list[Problem] = []
    root: object = None
    stack: list[tuple[Any, bool, object]] = []
    container: Any = None  # a PosMap or PosSeq; Any keeps the hot loop free of casts
    is_seq = False
    pending: object = None  # the key awaiting its value, in a mapping
    documents = 0
    maybe_typed = _MAYBE_TYPED
    while True:
        event = get_event()
        cls = type(event)
        if cls is ScalarEvent:
            mark = event.start_mark
            if event.anchor is not None:
                _refuse_anchor(mark)
            text: str = event.value
            value: object = text
            if event.tag is not None:
                problems.append(_tag_problem(event.tag, mark))
            elif not event.style and (not text or text[0] in maybe_typed):
                value = resolve_plain(text)
            pos = (mark.line + 1, mark.column + 1)
            if container is None:
                root = value
            elif is_seq:
                container.append(value)
                container.item_pos.append(pos)
            elif pending is None:
                pending = _key(container, value, pos, problems)
            else:
                if pending is not _SKIP:
                    container[pending] = value
                    container.value_pos[pending] = pos
                pending = None
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            mark = event.start_mark
            if event.anchor is not None:
                _refuse_anchor(mark)
            if event.tag is not None:
                problems.append(_tag_problem(event.tag, mark))
            if len(stack) >= MAX_DEPTH:
                raise YamlRejected(f"nesting is deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1)
            pos = (mark.line + 1, mark.column + 1)
            node: PosMap | PosSeq = PosMap(pos) if cls is MappingStartEvent else PosSeq(pos)
            if container is None:
                root = node
            elif is_seq:
                container.append(node)
                container.item_pos.append(pos)
            elif pending is None:
                raise YamlRejected("a key must be plain text, not a list or mapping", pos[0], pos[1])
            else:
                if pending is not _SKIP:
                    container[pending] = node
                    container.value_pos[pending] = pos
                pending = None
            stack.append((container, is_seq, pending))
            container, is_seq, pending = node, cls is SequenceStartEvent, None
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            container, is_seq, pending = stack.pop()
        elif cls is AliasEvent:
            _refuse_anchor(event.start_mark)
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise YamlRejected(
                    "a board file holds one YAML document; found a second one",
                    mark.line + 1,
                    mark.column + 1,
                )
        elif cls is StreamEndEvent:
            return root, problems


def _key(mapping: PosMap, key: object, pos: tuple[int, int], problems: list[Problem]) -> object:
    """Take a key: its name, or `_SKIP` when it is unusable (its value is then dropped)."""
    if not isinstance(key, str):
        shown = key.text if isinstance(key, Typed) else "null"
        problems.append(Problem("schema", f"key {shown} is not text; board keys are names", *pos))
        return _SKIP
    if key in mapping:
        first = mapping.key_pos[key]
        problems.append(Problem("schema", f"duplicate key '{key}' (first at line {first[0]})", *pos))
        return _SKIP
    mapping.key_pos[key] = pos
    return key


_SKIP = object()
"""Pending key of a mapping entry whose key was unusable: its value is dropped."""


def _refuse_anchor(mark: object) -> None:
    raise YamlRejected(
        "YAML anchors and aliases (&name, *name) are not allowed in a board file",
        mark.line + 1,  # type: ignore[attr-defined]
        mark.column + 1,  # type: ignore[attr-defined]
    )


def _tag_problem(tag: str, mark: object) -> Problem:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return Problem(
        "schema",
        f"explicit YAML tag {shown[:40]!r} is not allowed; write plain values (quote text)",
        mark.line + 1,  # type: ignore[attr-defined]
        mark.column + 1,  # type: ignore[attr-defined]
    )


def _error_position(exc: Exception, data: bytes) -> tuple[int, int]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None and getattr(mark, "line", None) is not None:
        return mark.line + 1, mark.column + 1
    position = getattr(exc, "position", None)  # ReaderError counts characters
    if isinstance(position, int):
        text = data.decode("utf-8", errors="replace")[:position]
        return text.count("\n") + 1, position - (text.rfind("\n") + 1) + 1
    return 1, 1


def _error_message(exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if isinstance(problem, str):
        message = f"{problem} ({context})" if isinstance(context, str) and context else problem
    elif type(exc).__name__ == "ReaderError":
        character = getattr(exc, "character", 0)
        code = character if isinstance(character, int) else ord(str(character)[:1] or "\0")
        message = f"unacceptable character U+{code:04X}: {getattr(exc, 'reason', 'not allowed')}"
    else:
        message = "the YAML parser could not read this file"
    return "not valid YAML: " + message


# -- round trip: the file being edited ------------------------------------------


@dataclass(frozen=True, slots=True)
class Style:
    """How a file indents: kept when ruamel writes it back."""

    mapping: int = 2
    sequence: int = 4
    """Column of a sequence item's content, relative to its parent key."""
    offset: int = 2
    """Column of the dash, relative to its parent key."""


_KEY_ONLY = re.compile(r"^( *)[^\s#-][^:#]*:\s*(?:#.*)?$")
_DASH = re.compile(r"^( *)-( +)")
_KEY = re.compile(r"^( *)[^\s#-][^:#]*:(?:\s|$)")


def detect_style(text: str) -> Style:
    """The file's own indentation, from its first nested mapping and sequence.

    Defaults to the style trioboard writes (2, 4, 2), which is also ruamel's
    most common hand-written form: `roadmap:` then `  - id: …`.
    """
    mapping = offset = sequence = None
    lines = text.split("\n")
    for n, line in enumerate(lines):
        opened = _KEY_ONLY.match(line)
        if not opened:
            continue
        nxt = next(
            (lines[m] for m in range(n + 1, len(lines)) if lines[m].strip() and not lines[m].lstrip().startswith("#")),
            "",
        )
        base = len(opened.group(1))
        dash = _DASH.match(nxt)
        if dash and offset is None:
            offset = len(dash.group(1)) - base
            sequence = offset + 1 + len(dash.group(2))
        elif not dash and mapping is None:
            key = _KEY.match(nxt)
            if key and len(key.group(1)) > base:
                mapping = len(key.group(1)) - base
        if mapping is not None and offset is not None:
            break
    if offset is None or offset < 0 or sequence is None:
        offset, sequence = 2, 4
    return Style(mapping=mapping or 2, sequence=sequence, offset=offset)


def round_trip(style: Style) -> YAML:
    """ruamel.yaml set up so that a load and a dump with no edit give the same text.

    The defaults would re-indent sequences, fold long lines at 80 columns and
    drop quotes; these settings keep every board file tried byte for byte.
    """
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30
    yaml.indent(mapping=style.mapping, sequence=style.sequence, offset=style.offset)
    return yaml


def dump(yaml: YAML, document: object) -> str:
    """The document as text."""
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def keep_comment_gap(old: str, new: str) -> str:
    """`new` with the spaces before its end-of-line comment as `old` had them, when it kept the comment.

    ruamel keeps a comment's column while the value fits before it, and
    writes one space when it no longer does (`depends_on: [a, b] # why`);
    the person wrote `   # why`, and only the value changed.
    """
    body = new.rstrip("\r\n")
    end = new[len(body) :]
    for at, char in enumerate(body):
        if char != "#" or at == 0 or not body[at - 1].isspace():
            continue
        comment = body[at:]
        before = old.rstrip("\r\n")
        if not before.endswith(comment) or not before[: -len(comment)][-1:].isspace():
            return new
        head = before[: -len(comment)]
        gap = head[len(head.rstrip()) :]
        if body[: at - 1][-1:].isspace():
            return new  # ruamel kept the comment's column: leave it there
        return body[:at].rstrip() + gap + comment + end
    return new


def merge_edit(original: str, base: str, edited: str) -> str:
    """Carry the change `base` → `edited` over onto `original`.

    `base` is ruamel's dump of `original` with no edit and `edited` its dump
    after the edit. They are usually equal to the letter; when ruamel would
    normalise something (spacing, indentation of a file written another
    way), only the lines the edit changed are taken from ruamel, and every
    other line of the file stays exactly as the person wrote it.
    """
    o_lines = original.splitlines(keepends=True)
    b_lines = base.splitlines(keepends=True)
    e_lines = edited.splitlines(keepends=True)
    if original == base:
        blocks = [difflib.Match(0, 0, len(o_lines)), difflib.Match(len(o_lines), len(o_lines), 0)]
    else:
        blocks = difflib.SequenceMatcher(None, o_lines, b_lines, autojunk=False).get_matching_blocks()

    def to_original(index: int, *, start: bool) -> int:
        previous_end = 0
        for a, b, size in blocks:
            if b <= index <= b + size and (size or index == b):
                return a + (index - b)
            if index < b:
                # Inside a stretch ruamel normalised: take all of it.
                return previous_end if start else a
            previous_end = a + size
        return len(o_lines)

    out: list[str] = []
    cursor = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, b_lines, e_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        o1, o2 = to_original(i1, start=True), to_original(i2, start=False)
        o1 = max(o1, cursor)
        out += o_lines[cursor:o1]
        if o2 - o1 == j2 - j1:
            out += [keep_comment_gap(old, new) for old, new in zip(o_lines[o1:o2], e_lines[j1:j2], strict=True)]
        else:
            out += e_lines[j1:j2]
        cursor = max(cursor, o2)
    out += o_lines[cursor:]
    return "".join(out)

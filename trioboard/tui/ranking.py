"""How find and the pickers order what matches a query: ids a user typed first.

A trio types the start of an id far more often than a word of a title
(`/avail` means `availability-service`), so a match on the id outranks a
match on words: exact id, then id prefix, then every word starting a word
of the id or title, then every word anywhere. Within a rank the board's own
order is kept, so equal matches do not jump about as the query grows.
Pure: no Textual, so it is tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

EXACT_ID, ID_PREFIX, WORD_STARTS, ANYWHERE = range(4)
"""The ranks, best first."""

_WORD_START = re.compile(r"(?:^|[^a-z0-9])([a-z0-9])")


def rank(query: str, node_id: str, text: str) -> int | None:
    """How well `query` matches a node with this id and searchable text (its title, team…).

    None when it does not match: some word of the query is in neither the
    id nor the text. An empty query matches everything equally.
    """
    query = query.strip().lower()
    if not query:
        return ANYWHERE
    node_id = node_id.lower()
    if query == node_id:
        return EXACT_ID
    if node_id.startswith(query):
        return ID_PREFIX
    haystack = f"{node_id} {text.lower()}"
    words = query.split()
    if not all(word in haystack for word in words):
        return None
    starts = {m.start(1) for m in _WORD_START.finditer(haystack)}
    if all(_starts_a_word(haystack, word, starts) for word in words):
        return WORD_STARTS
    return ANYWHERE


def _starts_a_word(haystack: str, word: str, starts: set[int]) -> bool:
    at = haystack.find(word)
    while at != -1:
        if at in starts:
            return True
        at = haystack.find(word, at + 1)
    return False


def ranked(query: str, things: Sequence[T], key: Callable[[T], tuple[str, str]], limit: int = 500) -> list[T]:
    """The things that match `query`, best first, board order within a rank.

    `key` gives each thing's id and searchable text.
    """
    scored: list[tuple[int, int, T]] = []
    for position, thing in enumerate(things):
        node_id, text = key(thing)
        score = rank(query, node_id, text)
        if score is not None:
            scored.append((score, position, thing))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    return [thing for _, _, thing in scored[:limit]]

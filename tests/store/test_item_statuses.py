"""Item statuses read line by line equal what the YAML parser reads, or the parser is asked.

`impact-unreviewed` reads the statuses of every version of a team file git
may have made an item done in; the fast reader must never read a version
differently from the parser, only faster.
"""

from __future__ import annotations

import pytest

from trioboard.store.item_statuses import _parsed, _scan, item_statuses

HEAD = "id: t\nname: Team\ntrio: {product: Ana, design: Ben, engineering: Chen}\n"

PLAIN = {
    "block": "roadmap:\n  - id: a\n    title: A & B > C | D *\n    status: done\n  - id: b\n    status: in-progress\n",
    "no status": "roadmap:\n  - id: a\n    title: A\n",
    "quoted": "roadmap:\n  - id: 'a'\n    status: \"done\"  # shipped\n",
    "first key not id": "roadmap:\n  - title: A\n    id: a\n    status: done\n",
    "at column 0": "roadmap:\n- id: a\n  status: done\nnotes: x\n",
    "nested values": (
        "roadmap:\n  - id: a\n    outcomes:\n    - o\n    impact:\n      outcome: o\n      status: later\n"
        "    notes: |\n      status: planned\n      id: zz\n    status: done\n"
    ),
    "comments": "roadmap:\n  # - id: ghost\n  - id: a  # id: b\n    status: done # status: planned\n",
    "a digit first": "roadmap:\n  - id: 19-graduate-cronjob\n    status: done\n",
    "duplicate ids": "roadmap:\n  - id: a\n    status: done\n  - id: a\n    status: planned\n",
    "null status": "roadmap:\n  - id: a\n    status:\n",
    "empty": "roadmap:\nnotes: none\n",
}

LEFT_TO_THE_PARSER = {
    "flow item": "roadmap:\n  - {id: a, status: done}\n",
    "alias": "roadmap:\n  - id: a\n    status: *s\n",
    "merge key": "roadmap:\n  - id: a\n    <<: {status: done}\n",
    "tagged": "roadmap:\n  - id: a\n    status: !!str done\n",
    "boolean status": "roadmap:\n  - id: a\n    status: true\n",
    "numeric id": "roadmap:\n  - id: 12\n    status: done\n",
    "date id": "roadmap:\n  - id: 2026-01-10\n    status: done\n",
    "duplicate status": "roadmap:\n  - id: a\n    status: planned\n    status: done\n",
    "two roadmaps": "roadmap:\n  - id: a\n    status: done\nroadmap:\n  - id: a\n",
    "documents": "roadmap:\n  - id: a\n    status: done\n---\nroadmap: []\n",
    "multi-line quote": 'roadmap:\n  - id: a\n    title: "one\n    status: done"\n',
    "multi-line flow list": "roadmap:\n  - id: a\n    outcomes: [o,\n    p]\n    status: done\n",
    "tab": "roadmap:\n  - id: a\n\tstatus: done\n",
    "escaped quote": 'roadmap:\n  - id: a\n    title: "say \\"hi\\""\n    status: done\n',
    "broken": "roadmap:\n  - id: a\n   status: done\n",
    "flow roadmap": "roadmap: [{id: a, status: done}]\n",
    "hash in a word": "roadmap:\n  - id: a\n    status: done#not\n",
    "crlf": "roadmap:\r\n  - id: a\r\n    status: done\r\n",
}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_plain_roadmaps_are_read_line_by_line_as_the_parser_reads_them(name: str) -> None:
    data = (HEAD + PLAIN[name]).encode()
    assert _scan(data) is not None
    assert item_statuses(data) == _parsed(data)


@pytest.mark.parametrize("name", sorted(LEFT_TO_THE_PARSER))
def test_anything_unusual_is_left_to_the_parser(name: str) -> None:
    data = (HEAD + LEFT_TO_THE_PARSER[name]).encode()
    assert _scan(data) is None
    assert item_statuses(data) == _parsed(data)


def test_the_statuses_read_are_those_written() -> None:
    data = (HEAD + PLAIN["nested values"] + "  - id: b\n").encode()
    assert item_statuses(data) == {"a": "done", "b": "planned"}
    assert item_statuses((HEAD + PLAIN["duplicate ids"]).encode()) == {"a": "done"}

"""The evidence format (SPEC 11): Markdown files with YAML front matter → `Evidence` records.

An evidence file is one customer touchpoint: a line `---`, the front matter
(YAML keys: date, team, kind, with, customer, segment, supports, challenges),
another `---` (or `...`), then the body, free text of at most
`MAX_EVIDENCE_BODY` characters. `store` finds the front matter with
`split_front_matter`, parses it with the board's one YAML reader and hands
the tree here; whatever does not fit becomes a `schema` problem at its key,
as in team files. The policy's `discovery` block is read here too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from trioboard.core.model import Board, DiscoveryPolicy, Evidence, FileProblems, Pos
from trioboard.core.schema import BoardFile, TeamFile, _FileReader, assemble, read_team_file
from trioboard.core.schema_values import calendar_date, clip, shown, small_int
from trioboard.core.text import is_id, line_text_problem
from trioboard.core.tree import PosMap, Problem, SourceFile, Typed
from trioboard.core.vocabulary import DISCOVERY_KEYS, EVIDENCE_DIR, EVIDENCE_KEYS, MAX_EVIDENCE_BODY, EvidenceKind

_KEYS = frozenset(key.name for key in EVIDENCE_KEYS)
_DISCOVERY_KEYS = frozenset(key.name for key in DISCOVERY_KEYS)
_KINDS = tuple(kind.value for kind in EvidenceKind)
_OPEN = "---"
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t\r]*$", re.MULTILINE)
"""The line that ends the front matter (`---`, or YAML's end of document `...`), trailing blanks allowed."""
WHAT = "the front matter"
"""How messages name an evidence file's front matter."""
DISCOVERY_BOUNDS: dict[str, tuple[int, int | None]] = {
    "touchpoints": (0, None),
    "window_weeks": (1, 52),
    "min_customers": (1, None),
}
"""The whole numbers `policy.discovery` accepts, least and most (None: no bound): also the JSON Schema's."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Where an evidence file's front matter ends and its body begins."""

    yaml_end: int
    """The YAML to parse is `text[:yaml_end]`: the opening `---` and the keys, not the closing line
    (a YAML parser reads the opening `---` as the start of a document, so its lines are the file's)."""
    body_start: int
    """Where the body begins in the text."""
    body_line: int
    """The body's first line, counted from 1."""


def split_front_matter(text: str) -> FrontMatter | Problem:
    """Find the front matter; a `Problem` when there is none or it never ends."""
    first, newline, _ = text.partition("\n")
    if first.rstrip() != _OPEN or not newline:
        return Problem(
            "schema",
            "an evidence file starts with its front matter: a line '---', the keys (date, team, kind, "
            "customer, …), and another '---'; this one does not",
            1,
            1,
        )
    start = len(first) + 1
    close = _CLOSING.search(text, start)
    if close is not None:
        end = text.find("\n", close.start())
        body = len(text) if end < 0 else end + 1
        return FrontMatter(close.start(), body, text.count("\n", 0, close.start()) + 2)
    return Problem("parse-error", "the front matter that starts at line 1 never ends: add a line '---' after it", 1, 1)


def body_problem(body_chars: int, body_line: int, *, truncated: bool, read_bytes: int) -> Problem | None:
    """A body over the limit, at its first line; `truncated`: the file is larger than the `read_bytes` read."""
    if truncated:
        message = (
            f"this file is larger than {read_bytes // 1024} KB; an evidence file's body holds at most "
            f"{MAX_EVIDENCE_BODY:,} characters (keep the notes, link to the rest)"
        )
    elif body_chars > MAX_EVIDENCE_BODY:
        message = (
            f"the body is {body_chars:,} characters long; an evidence file's body holds at most "
            f"{MAX_EVIDENCE_BODY:,} (keep the notes, link to the rest)"
        )
    else:
        return None
    return Problem("schema", message, body_line, 1)


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """What one evidence file says (None when its front matter could not be read), and its problems."""

    evidence: Evidence | None
    problems: FileProblems


def read_evidence_file(src: SourceFile) -> EvidenceFile:
    """An evidence file's parsed front matter → its `Evidence` (or None) and every problem."""
    reader = _EvidenceReader(src)
    return EvidenceFile(reader.evidence(), FileProblems(src.path, reader.problems))


def is_evidence_path(path: str) -> bool:
    """Whether a file (or a refused entry) read from a board is about its evidence, not its YAML."""
    return path == EVIDENCE_DIR or path.startswith(f"{EVIDENCE_DIR}/")


def read_listed_file(src: SourceFile) -> TeamFile | EvidenceFile:
    """A file listed after board.yaml, read as what its path says: an evidence file or a team file."""
    return read_evidence_file(src) if is_evidence_path(src.path) else read_team_file(src)


def assemble_files(head: BoardFile, files: Iterable[object]) -> Board:
    """The board from board.yaml's model and the models of the files after it (others are ignored)."""
    listed = list(files)
    teams = [m for m in listed if isinstance(m, TeamFile)]
    evidence = sorted((m for m in listed if isinstance(m, EvidenceFile)), key=lambda m: m.problems.file)
    return assemble(head, teams, evidence)


def read_discovery_policy(reader: _FileReader, policy: PosMap) -> DiscoveryPolicy | None:
    """`policy.discovery` as written, every bad value a `schema` problem (and its default taken)."""
    value = policy.get("discovery")
    if value is None:
        return DiscoveryPolicy() if "discovery" in policy else None
    node = reader.mapping(value, policy.value_pos["discovery"], "policy.discovery")
    if node is None:
        return None
    reader.check_keys(node, _DISCOVERY_KEYS, "policy.discovery")
    defaults = DiscoveryPolicy()
    whole_trio = defaults.whole_trio
    if node.get("whole_trio") is not None:
        flag = node["whole_trio"]
        if isinstance(flag, Typed) and flag.kind == "bool":
            whole_trio = flag.text.lower() == "true"
        else:
            reader.problem(
                f"policy.discovery.whole_trio must be true or false, not {shown(flag)}",
                node.value_pos["whole_trio"],
            )
    return DiscoveryPolicy(
        touchpoints=_count(reader, node, "touchpoints", defaults.touchpoints),
        window_weeks=_count(reader, node, "window_weeks", defaults.window_weeks),
        whole_trio=whole_trio,
        min_customers=_count(reader, node, "min_customers", defaults.min_customers),
    )


def _count(reader: _FileReader, node: PosMap, key: str, default: int) -> int:
    least, most = DISCOVERY_BOUNDS[key]
    value = node.get(key)
    if value is None:
        return default
    number = small_int(value)
    if number is not None and number >= least and (most is None or number <= most):
        return number
    bound = f" from {least} to {most}" if most is not None else f", {least} or more"
    reader.problem(f"policy.discovery.{key} must be a whole number{bound}", node.value_pos[key])
    return default


class _EvidenceReader(_FileReader):
    """Reads one evidence file's front matter, collecting its problems."""

    def evidence(self) -> Evidence | None:
        tree = self.src.tree
        if tree is None and self.src.problems:
            return None  # the file could not be read, or has no front matter: said already
        root = self.mapping(tree, (1, 1), WHAT)
        if root is None:
            return None
        self.check_keys(root, _KEYS, WHAT)
        for key in ("date", "team", "kind", "customer"):
            if root.get(key) is None:
                self.problem(f"{WHAT} has no '{key}'", root.key_pos.get(key, root.pos))
        team = self._team(root)
        return Evidence(
            path=self.file,
            pos=Pos(self.file, 1, 1),
            date=self._date(root),
            team=team,
            team_pos=self.pos(root.value_pos["team"]) if team is not None else None,
            kind=self.choice(root, "kind", _KINDS, "", WHAT) or None,
            with_=self._names(root, "with"),
            customer=self.text(root, "customer", WHAT),
            segment=self.text(root, "segment", WHAT),
            supports=self.refs(root, "supports", WHAT),
            challenges=self.refs(root, "challenges", WHAT),
            body_chars=self.src.body_chars,
        )

    def _date(self, root: PosMap) -> dt.date | None:
        value = root.get("date")
        if value is None:
            return None
        day = calendar_date(value)
        if day is None:
            written = value.text if isinstance(value, Typed) else value if isinstance(value, str) else shown(value)
            message = f"'date' of {WHAT} must be a date written YYYY-MM-DD, not '{clip(str(written))}'"
            self.problem(message, root.value_pos["date"])
        return day

    def _team(self, root: PosMap) -> str | None:
        value = root.get("team")
        if value is None:
            return None
        if is_id(value):
            return str(value)
        written = f"'{clip(value)}'" if isinstance(value, str) else shown(value)
        self.problem(f"'team' of {WHAT} must be a team's id, not {written}", root.value_pos["team"])
        return None

    def _names(self, root: PosMap, key: str) -> list[str]:
        seq = self.sequence(root, key, WHAT)
        if seq is None:
            return []
        names = []
        for value, at in zip(seq, seq.item_pos, strict=True):
            text = value.text if isinstance(value, Typed) else value
            why = line_text_problem(text) if isinstance(text, str) else f"is {shown(value)}"
            if why:
                self.problem(f"'{key}' of {WHAT} lists a name that {why}", at)
            else:
                names.append(str(text))
        return names

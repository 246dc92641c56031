"""The board's words, declared once (SPEC section 2): files, node kinds, keys, links, closed sets, ids.

Everything that reads, writes, merges, exports or offers a board's keys
takes them from here, so adding a kind or a key is one edit here plus the
rules that use it; `tests/core/test_vocabulary.py` enumerates this module
and fails when a consumer (schema, editor, merge, export, forms, CLI)
misses one. Pure data: this module imports nothing of trioboard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# -- the layout of a board directory ---------------------------------------------------

BOARD_FILE = "board.yaml"
"""The strategy file at the top of a board directory; its presence makes a directory a board."""
TEAMS_DIR = "teams"
"""The folder of team files, one per team."""
TEAM_SUFFIX = ".yaml"
"""How a team file's name ends; the rest of the name is the team id."""
EVIDENCE_DIR = "evidence"
"""The folder of evidence notes (Markdown with YAML front matter, SPEC 11), sub-folders allowed."""
EVIDENCE_SUFFIX = ".md"
"""How an evidence file's name ends."""
MAX_EVIDENCE_BODY = 100_000
"""The most characters an evidence file's body (after its front matter) may hold."""

SCHEMA_DIR = "schema"
"""The folder of a board made by `init` that holds the JSON Schema of its files, for editors (SPEC 12)."""
SCHEMA_FILE_KINDS = ("board", "team", "evidence")
"""The file kinds `trioboard schema` describes (evidence: an evidence file's front matter)."""
EDITOR_SCHEMA_KINDS = ("board", "team")
"""The file kinds whose schema `init` writes into the board: the YAML files, which editors' YAML extensions read."""


def schema_file(file_kind: str) -> str:
    """The board-relative path of the JSON Schema of `file_kind` (`board` or `team`)."""
    return f"{SCHEMA_DIR}/{file_kind}.schema.json"


def schema_hint(file_kind: str) -> str:
    """The first line of a board file that points the YAML language server at its schema.

    The path is relative to the file itself, so the hint resolves offline on
    every clone: board.yaml sits at the top, team files one folder down.
    """
    up = "" if file_kind == "board" else "../"
    return f"# yaml-language-server: $schema={up}{schema_file(file_kind)}"


def team_file(team_id: str) -> str:
    """The board-relative path of a team's file; safe because a team id is a well-formed id."""
    return f"{TEAMS_DIR}/{team_id}{TEAM_SUFFIX}"


def is_board_file(rel: str) -> bool:
    """Whether `rel` (relative to the board directory, forward slashes) is a file trioboard reads.

    board.yaml, or a name ending in .yaml directly in teams/. Dotfiles are
    not (editors leave their backups and locks there).
    """
    if rel == BOARD_FILE:
        return True
    folder, _, name = rel.partition("/")
    return folder == TEAMS_DIR and "/" not in name and name.endswith(TEAM_SUFFIX) and not name.startswith(".")


def is_evidence_file(rel: str) -> bool:
    """Whether `rel` (relative to the board directory, forward slashes) names an evidence file.

    A name ending in .md anywhere under evidence/, no part of the path a
    dotfile or dot-folder (editors keep their backups there). Not a board
    file: evidence is Markdown, never merged or outlined as YAML.
    """
    folder, _, rest = rel.partition("/")
    if folder != EVIDENCE_DIR or not rest.endswith(EVIDENCE_SUFFIX):
        return False
    return all(part and not part.startswith(".") for part in rest.split("/"))


# -- closed sets ------------------------------------------------------------------------


class Kind(StrEnum):
    """The kinds of node; they share one id namespace."""

    GOAL = "goal"
    TEAM = "team"
    OUTCOME = "outcome"
    OPPORTUNITY = "opportunity"
    ITEM = "item"

    @property
    def plural(self) -> str:
        """The kind in the plural (`opportunities`), as lists and counts name it."""
        return f"{self.value[:-1]}ies" if self.value.endswith("y") else f"{self.value}s"


class Horizon(StrEnum):
    """When a roadmap item is planned, soonest first."""

    NOW = "now"
    NEXT = "next"
    LATER = "later"


class Status(StrEnum):
    """Where a roadmap item stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"


ACTIVE_STATUSES = frozenset((Status.PLANNED, Status.IN_PROGRESS))
"""The statuses of the items the alignment rules judge (SPEC 3)."""


class Direction(StrEnum):
    """Which way a measure should go (SPEC 10): move to the target, or hold a line."""

    INCREASE = "increase"
    DECREASE = "decrease"
    STAY_ABOVE = "stay-above"
    STAY_BELOW = "stay-below"

    @property
    def holds(self) -> bool:
        """Whether the measure holds a line (stay-above, stay-below) rather than moving towards a target."""
        return self in (Direction.STAY_ABOVE, Direction.STAY_BELOW)

    @property
    def upward(self) -> bool:
        """Whether a higher number is better (increase, stay-above)."""
        return self in (Direction.INCREASE, Direction.STAY_ABOVE)


class MeasureState(StrEnum):
    """Where a measure stands (SPEC 10): reached, or the trio's confidence of reaching it."""

    REACHED = "reached"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    NO_CONFIDENCE = "no-confidence"
    NOT_MEASURED = "not-measured"

    @property
    def words(self) -> str:
        """The state in words, spelled one way everywhere: `on track`, `no confidence given`."""
        return _STATE_WORDS[self]

    @property
    def symbol(self) -> str:
        """One character per state, all distinct, so that a state never rests on colour alone."""
        return _STATE_SYMBOLS[self]


_STATE_WORDS = {
    MeasureState.REACHED: "reached",
    MeasureState.ON_TRACK: "on track",
    MeasureState.AT_RISK: "at risk",
    MeasureState.OFF_TRACK: "off track",
    MeasureState.NO_CONFIDENCE: "no confidence given",
    MeasureState.NOT_MEASURED: "not measured yet",
}
_STATE_SYMBOLS = {
    MeasureState.REACHED: "✓",
    MeasureState.ON_TRACK: "▲",
    MeasureState.AT_RISK: "◆",
    MeasureState.OFF_TRACK: "▼",
    MeasureState.NO_CONFIDENCE: "?",
    MeasureState.NOT_MEASURED: "·",
}


class OpportunityStatus(StrEnum):
    """Where an opportunity stands (SPEC 11)."""

    OPEN = "open"
    ADDRESSED = "addressed"
    PARKED = "parked"


class AssumptionKind(StrEnum):
    """What kind of risk an item's assumption is about (SPEC 11)."""

    DESIRABILITY = "desirability"
    USABILITY = "usability"
    FEASIBILITY = "feasibility"
    VIABILITY = "viability"
    ETHICAL = "ethical"


class Risk(StrEnum):
    """How much rides on an assumption, highest first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class AssumptionResult(StrEnum):
    """What testing an assumption has shown so far."""

    UNTESTED = "untested"
    RUNNING = "running"
    SUPPORTED = "supported"
    REFUTED = "refuted"
    INCONCLUSIVE = "inconclusive"


class TrioRole(StrEnum):
    """The three roles of a product trio, the keys of a team's `trio:`."""

    PRODUCT = "product"
    DESIGN = "design"
    ENGINEERING = "engineering"

    @property
    def words(self) -> str:
        """The role in words, spelled one way everywhere: `product lead` (capitalized only to start a label)."""
        return f"{self.value} lead"


class CommitKind(StrEnum):
    """What made a trioboard commit (recorded in its journal while it is made)."""

    EDIT = "edit"
    UNDO = "undo"
    CREATE = "create"
    SYNC = "sync"
    HAND = "hand"
    """Board files committed as someone edited them by hand: theirs, never undone by trioboard."""


class JournalPhase(StrEnum):
    """How far an edit in progress got, in the order it goes through them."""

    WRITING = "writing"
    INDEX_READY = "index-ready"
    MOVED = "moved"


class MergeSide(StrEnum):
    """A side of a three-way merge, as git names them; a person calls ours "mine"."""

    OURS = "ours"
    THEIRS = "theirs"

    @property
    def word(self) -> str:
        """The side as a person chooses it (`--prefer mine`, "Keep mine")."""
        return "mine" if self is MergeSide.OURS else "theirs"

    @property
    def other(self) -> MergeSide:
        """The opposite side (for a replayed commit, ours and theirs swap)."""
        return MergeSide.THEIRS if self is MergeSide.OURS else MergeSide.OURS


class EvidenceKind(StrEnum):
    """What kind of customer touchpoint an evidence file records."""

    INTERVIEW = "interview"
    USABILITY_TEST = "usability-test"
    SUPPORT = "support"
    SALES = "sales"
    ANALYTICS = "analytics"
    SURVEY = "survey"
    OTHER = "other"


# -- ids ----------------------------------------------------------------------------------

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
"""What an id is (matched whole); also what a team file is named."""
ID_CHARS = "use 1-63 lowercase letters, digits and '-'"
"""What an id is made of, in words (said of a team file's name, where the first character is not checked apart)."""
ID_RULE = f"{ID_CHARS}, starting with a letter or digit"
"""The id rule in words, the one way every message about a bad id says it."""


# -- keys -----------------------------------------------------------------------------------


class ValueType(StrEnum):
    """What a key holds."""

    ID = "id"
    """The node's own id."""
    TEXT = "text"
    """One line of free text."""
    NOTES = "notes"
    """Free text that may span lines."""
    CHOICE = "choice"
    """One value of a closed set."""
    REFS = "refs"
    """A list of ids of other nodes: a link field."""
    URLS = "urls"
    """A list of URLs."""
    TAGS = "tags"
    """A list of ids naming nothing (labels)."""
    TRIO = "trio"
    """The mapping of trio roles to people."""
    NODES = "nodes"
    """A list of nodes of one kind."""
    POLICY = "policy"
    """The board's policy mapping."""
    NUMBER = "number"
    """A whole number."""
    SEVERITIES = "severities"
    """Rule name → severity."""
    REAL = "real"
    """A YAML number, whole or not (never true/false, never text)."""
    DATE = "date"
    """A calendar date written YYYY-MM-DD."""
    CONFIDENCE = "confidence"
    """A YAML number from 0 to 1: a bet."""
    REF = "ref"
    """One id of another node (a link field of one target, such as an opportunity's `parent`)."""
    MEASURE = "measure"
    """A goal's or outcome's measure: the mapping of `MEASURE_KEYS`."""
    IMPACT = "impact"
    """What an item is expected to move: the mapping of `IMPACT_KEYS`."""
    FRESHNESS = "freshness"
    """How old a check-in or an unreviewed impact may get: the mapping of `FRESHNESS_KEYS`."""
    ASSUMPTIONS = "assumptions"
    """An item's list of assumptions, each a mapping of `ASSUMPTION_KEYS`."""
    FLAG = "flag"
    """true or false."""
    NAMES = "names"
    """A list of one-line texts (people, as named in a trio)."""
    DISCOVERY = "discovery"
    """The policy's discovery cadence mapping."""


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping in a board file."""

    name: str
    type: ValueType
    required: bool = False
    target: Kind | None = None
    """For REFS and REF: the kind of node linked to; for NODES: the kind listed."""
    choices: tuple[str, ...] = ()
    """For CHOICE: the values allowed, in their natural order (plain strings, ready to be written)."""
    default: str | None = None
    """For CHOICE (and NUMBER, where it has one): the value when the key is absent, as written."""


_EXTRAS = (Key("notes", ValueType.NOTES), Key("links", ValueType.URLS), Key("tags", ValueType.TAGS))
"""The free-form keys every node may carry."""
_OWNER = Key("owner", ValueType.TEXT)

MEASURE_KEYS = (
    Key("metric", ValueType.TEXT, required=True),
    Key("unit", ValueType.TEXT),
    Key(
        "direction",
        ValueType.CHOICE,
        choices=tuple(d.value for d in Direction),
        default=Direction.INCREASE.value,
    ),
    Key("baseline", ValueType.REAL, required=True),
    Key("target", ValueType.REAL, required=True),
    Key("by", ValueType.DATE),
    Key("current", ValueType.REAL),
    Key("as_of", ValueType.DATE),
    Key("confidence", ValueType.CONFIDENCE),
    Key("source", ValueType.TEXT),
)
"""The keys of a `measure:` (SPEC 10), in SPEC order."""
IMPACT_KEYS = (
    Key("outcome", ValueType.REF, required=True, target=Kind.OUTCOME),
    Key("expect", ValueType.REAL, required=True),
    Key("confidence", ValueType.CONFIDENCE),
    Key("actual", ValueType.REAL),
)
"""The keys of an item's `impact:` (SPEC 10), in SPEC order."""
_MEASURE = Key("measure", ValueType.MEASURE)


@dataclass(frozen=True, slots=True)
class KindSpec:
    """A kind of node: where it is written and its keys."""

    kind: Kind
    file: str
    """BOARD_FILE, or TEAMS_DIR for a team file."""
    list_key: str | None
    """The top-level list of its file that holds it; None: it is the file's root (a team)."""
    keys: tuple[Key, ...]
    """Its keys in SPEC order (new keys are written in this order)."""

    def key(self, name: str) -> Key:
        """The key called `name` (KeyError when the kind has none)."""
        for key in self.keys:
            if key.name == name:
                return key
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """The key names, in SPEC order."""
        return tuple(key.name for key in self.keys)

    @property
    def links(self) -> tuple[Key, ...]:
        """Its link fields (lists of ids of other nodes), in SPEC order."""
        return tuple(key for key in self.keys if key.type is ValueType.REFS)

    @property
    def refs(self) -> tuple[Key, ...]:
        """Every key that names other nodes by id: the link fields and the single ids (`parent`), in SPEC order."""
        return tuple(key for key in self.keys if key.type in (ValueType.REFS, ValueType.REF))


KINDS: dict[Kind, KindSpec] = {
    Kind.GOAL: KindSpec(
        Kind.GOAL,
        BOARD_FILE,
        "goals",
        (
            Key("id", ValueType.ID, required=True),
            Key("title", ValueType.TEXT, required=True),
            Key("metric", ValueType.TEXT),
            Key("target", ValueType.TEXT),
            _MEASURE,
            _OWNER,
            *_EXTRAS,
        ),
    ),
    Kind.TEAM: KindSpec(
        Kind.TEAM,
        TEAMS_DIR,
        None,
        (
            Key("id", ValueType.ID, required=True),
            Key("name", ValueType.TEXT, required=True),
            Key("trio", ValueType.TRIO),
            Key("blocked", ValueType.TEXT),
            Key("outcomes", ValueType.NODES, target=Kind.OUTCOME),
            Key("opportunities", ValueType.NODES, target=Kind.OPPORTUNITY),
            Key("roadmap", ValueType.NODES, target=Kind.ITEM),
            *_EXTRAS,
        ),
    ),
    Kind.OUTCOME: KindSpec(
        Kind.OUTCOME,
        TEAMS_DIR,
        "outcomes",
        (
            Key("id", ValueType.ID, required=True),
            Key("title", ValueType.TEXT, required=True),
            Key("goals", ValueType.REFS, target=Kind.GOAL),
            _MEASURE,
            _OWNER,
            *_EXTRAS,
        ),
    ),
    Kind.OPPORTUNITY: KindSpec(
        Kind.OPPORTUNITY,
        TEAMS_DIR,
        "opportunities",
        (
            Key("id", ValueType.ID, required=True),
            Key("title", ValueType.TEXT, required=True),
            Key("outcomes", ValueType.REFS, target=Kind.OUTCOME),
            Key("parent", ValueType.REF, target=Kind.OPPORTUNITY),
            Key(
                "status",
                ValueType.CHOICE,
                choices=tuple(s.value for s in OpportunityStatus),
                default=OpportunityStatus.OPEN.value,
            ),
            _OWNER,
            *_EXTRAS,
        ),
    ),
    Kind.ITEM: KindSpec(
        Kind.ITEM,
        TEAMS_DIR,
        "roadmap",
        (
            Key("id", ValueType.ID, required=True),
            Key("title", ValueType.TEXT, required=True),
            Key("outcomes", ValueType.REFS, target=Kind.OUTCOME),
            Key("opportunities", ValueType.REFS, target=Kind.OPPORTUNITY),
            Key("horizon", ValueType.CHOICE, choices=tuple(h.value for h in Horizon), default=Horizon.LATER.value),
            Key("status", ValueType.CHOICE, choices=tuple(s.value for s in Status), default=Status.PLANNED.value),
            Key("blocked", ValueType.TEXT),
            Key("depends_on", ValueType.REFS, target=Kind.ITEM),
            Key("impact", ValueType.IMPACT),
            _OWNER,
            Key("assumptions", ValueType.ASSUMPTIONS),
            *_EXTRAS,
        ),
    ),
}
"""Every kind of node, in the order a board lists them."""

BOARD_KEYS = (
    Key("name", ValueType.TEXT, required=True),
    Key("goals", ValueType.NODES, target=Kind.GOAL),
    Key("policy", ValueType.POLICY),
)
"""The keys of board.yaml's root, in SPEC order."""
FRESHNESS_KEYS = (
    Key("measure_days", ValueType.NUMBER, default="30"),
    Key("impact_days", ValueType.NUMBER, default="45"),
)
"""The keys of `policy.freshness` (SPEC 10): days before a check-in is stale, before a done item's impact is due."""
DISCOVERY_KEYS = (
    Key("touchpoints", ValueType.NUMBER, default="1"),
    Key("window_weeks", ValueType.NUMBER, default="3"),
    Key("whole_trio", ValueType.FLAG, default="true"),
    Key("min_customers", ValueType.NUMBER, default="3"),
)
"""The keys of `policy.discovery` (SPEC 11), with the value each takes when left out."""
POLICY_KEYS = (
    Key("severity", ValueType.SEVERITIES),
    Key("wip_limit", ValueType.NUMBER),
    Key("freshness", ValueType.FRESHNESS),
    Key("discovery", ValueType.DISCOVERY),
)
"""The keys of board.yaml's `policy:`."""
EVIDENCE_KEYS = (
    Key("date", ValueType.DATE, required=True),
    Key("team", ValueType.REF, required=True, target=Kind.TEAM),
    Key("kind", ValueType.CHOICE, required=True, choices=tuple(k.value for k in EvidenceKind)),
    Key("with", ValueType.NAMES),
    Key("customer", ValueType.TEXT, required=True),
    Key("segment", ValueType.TEXT),
    Key("supports", ValueType.REFS, target=Kind.OPPORTUNITY),
    Key("challenges", ValueType.REFS, target=Kind.OPPORTUNITY),
)
"""The keys of an evidence file's front matter, in SPEC order.

`team` names a team; `supports` and `challenges` name opportunities or roadmap items
(`target` names the first: completion offers opportunities first).
"""
TRIO_KEYS = tuple(Key(role.value, ValueType.TEXT) for role in TrioRole)
"""The keys of a team's `trio:`, one per role."""
ASSUMPTION_KEYS = (
    Key("text", ValueType.TEXT, required=True),
    Key("kind", ValueType.CHOICE, choices=tuple(k.value for k in AssumptionKind)),
    Key("risk", ValueType.CHOICE, choices=tuple(r.value for r in Risk)),
    Key("test", ValueType.TEXT),
    Key(
        "result",
        ValueType.CHOICE,
        choices=tuple(r.value for r in AssumptionResult),
        default=AssumptionResult.UNTESTED.value,
    ),
)
"""The keys of one entry of an item's `assumptions:`, in SPEC order."""

SUB_KEYS: dict[ValueType, tuple[Key, ...]] = {
    ValueType.TRIO: TRIO_KEYS,
    ValueType.POLICY: POLICY_KEYS,
    ValueType.MEASURE: MEASURE_KEYS,
    ValueType.IMPACT: IMPACT_KEYS,
    ValueType.FRESHNESS: FRESHNESS_KEYS,
    ValueType.DISCOVERY: DISCOVERY_KEYS,
}
"""The keys of each kind of mapping value, for consumers that walk into one (the JSON Schema, completion)."""

ROOT_ORDER = (
    "id",
    "name",
    "trio",
    "blocked",
    "goals",
    "policy",
    "outcomes",
    "opportunities",
    "roadmap",
    "notes",
    "links",
    "tags",
)
"""The order new keys take at the root of either file: a team's and board.yaml's SPEC orders, interleaved."""

NODE_LISTS: dict[str, Kind] = {
    key.name: key.target
    for key in (*BOARD_KEYS, *KINDS[Kind.TEAM].keys)
    if key.type is ValueType.NODES and key.target is not None
}
"""The top-level lists of nodes (each node carries an id), by the kind they hold."""

LINK_FIELDS: dict[tuple[Kind, Kind], str] = {
    (spec.kind, key.target): key.name for spec in KINDS.values() for key in spec.links if key.target is not None
}
"""(source kind, target kind) → the link field the link is written in."""

LIST_KEYS = frozenset(
    key.name
    for spec in KINDS.values()
    for key in spec.keys
    if key.type in (ValueType.REFS, ValueType.URLS, ValueType.TAGS)
)
"""Keys holding a list of plain values (links, URLs, tags): they merge as sets."""

IDENTIFYING_KEYS = frozenset(("name", "id", *NODE_LISTS))
"""Top-level keys of which a board file has at least one (unless empty); other YAML has none."""


def keys_of(kind: Kind) -> tuple[str, ...]:
    """The key names of `kind`, in SPEC order."""
    return KINDS[kind].names

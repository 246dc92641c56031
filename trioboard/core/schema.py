"""The board format (SPEC section 2): raw YAML trees → the model.

Whatever does not fit becomes a `schema` problem at the key or value it is
about, and reading goes on: a node with a bad field still takes part in the
analysis with what could be read, so one typo does not hide a whole team.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trioboard.core.model import (
    HORIZONS,
    STATUSES,
    TRIO_ROLES,
    Board,
    Extras,
    FileProblems,
    Goal,
    Item,
    Outcome,
    Policy,
    Pos,
    Ref,
    Team,
)
from trioboard.core.schema_discovery import OPPORTUNITY_KEYS as OPPORTUNITY_KEYS
from trioboard.core.schema_discovery import read_assumptions, read_opportunity
from trioboard.core.schema_measure import read_freshness, read_impact, read_measure
from trioboard.core.schema_values import clip as _clip
from trioboard.core.schema_values import describe_bad_id as _describe_bad_id
from trioboard.core.schema_values import shown as _shown
from trioboard.core.schema_values import small_int as _small_int
from trioboard.core.text import is_id, line_text_problem, notes_problem
from trioboard.core.tree import PosMap, PosSeq, Problem, SourceFile, Typed
from trioboard.core.vocabulary import BOARD_FILE, ID_CHARS, ID_RULE, TEAM_SUFFIX, Horizon, Kind, Status, keys_of
from trioboard.core.vocabulary import BOARD_KEYS as _BOARD_KEYS
from trioboard.core.vocabulary import POLICY_KEYS as _POLICY_KEYS

if TYPE_CHECKING:
    from trioboard.core.evidence import EvidenceFile

SEVERITY_LEVELS = ("error", "warning", "info", "off")

BOARD_KEYS = frozenset(key.name for key in _BOARD_KEYS)
"""The keys board.yaml's root may have (besides `x-` keys)."""
GOAL_KEYS = frozenset(keys_of(Kind.GOAL))
"""The keys a goal may have."""
TEAM_KEYS = frozenset(keys_of(Kind.TEAM))
"""The keys a team file's root may have."""
OUTCOME_KEYS = frozenset(keys_of(Kind.OUTCOME))
"""The keys an outcome may have."""
ITEM_KEYS = frozenset(keys_of(Kind.ITEM))
"""The keys a roadmap item may have."""
POLICY_KEYS = frozenset(key.name for key in _POLICY_KEYS)
"""The keys of `policy:`."""


def build_board(sources: list[SourceFile], rule_names: frozenset[str], structural: frozenset[str]) -> Board:
    """Build the model from the parsed files; the first one is board.yaml.

    `rule_names` are the rules `policy.severity` may name; `structural` are
    those it may not set below `error`.
    """
    from trioboard.core.evidence import assemble_files, read_listed_file  # it builds on this module's reader

    head = read_board_file(sources[0], rule_names, structural)
    return assemble_files(head, [read_listed_file(src) for src in sources[1:]])


@dataclass(frozen=True, slots=True)
class BoardFile:
    """What board.yaml says, and its problems."""

    name: str
    goals: list[Goal]
    policy: Policy
    problems: FileProblems


@dataclass(frozen=True, slots=True)
class TeamFile:
    """What one team file says (None when unreadable), and its problems.

    A team file reads the same whatever else is on the board, so a caller
    that sees the same blob again (the history of a board) can reuse it.
    """

    team: Team | None
    problems: FileProblems


def read_board_file(src: SourceFile, rule_names: frozenset[str], structural: frozenset[str]) -> BoardFile:
    """board.yaml → its name, goals and policy."""
    reader = _FileReader(src)
    name, goals, policy = reader.board(rule_names, structural)
    return BoardFile(name, goals, policy, FileProblems(src.path, reader.problems))


def read_team_file(src: SourceFile) -> TeamFile:
    """teams/<id>.yaml → the team."""
    reader = _FileReader(src)
    team = reader.team()
    return TeamFile(team, FileProblems(src.path, reader.problems))


def assemble(head: BoardFile, team_files: list[TeamFile], evidence: Sequence[EvidenceFile] = ()) -> Board:
    """The board from its files, in order (evidence files after the team files, in path order)."""
    return Board(
        name=head.name,
        goals=head.goals,
        teams=[t.team for t in team_files if t.team is not None],
        policy=head.policy,
        problems=[head.problems, *(t.problems for t in team_files), *(e.problems for e in evidence)],
        files=[head.problems.file, *(t.problems.file for t in team_files)],
        evidence=[e.evidence for e in evidence if e.evidence is not None],
    )


class _FileReader:
    """Reads one file's tree, collecting its problems."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self.file = src.path
        self.problems: list[Problem] = list(src.problems)

    # -- helpers -----------------------------------------------------------

    def problem(self, message: str, pos: tuple[int, int], ids: tuple[str, ...] = ()) -> None:
        self.problems.append(Problem("schema", message, pos[0], pos[1], ids))

    def pos(self, at: tuple[int, int]) -> Pos:
        return Pos(self.file, at[0], at[1])

    def check_keys(self, node: PosMap, allowed: frozenset[str], what: str) -> None:
        for key in node:
            if key in allowed or key.startswith("x-"):
                continue
            hint = difflib.get_close_matches(key, allowed, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            self.problem(f"unknown key '{key}' in {what}{suggestion}", node.key_pos[key])

    def text(self, node: PosMap, key: str, what: str, *, required: bool = False, notes: bool = False) -> str | None:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(f"{what} has no '{key}'", node.key_pos.get(key, node.pos))
            return None
        if isinstance(value, Typed):
            value = value.text
        if not isinstance(value, str):
            self.problem(f"'{key}' of {what} must be text, not {_shown(value)}", node.value_pos[key])
            return None
        why = notes_problem(value) if notes else line_text_problem(value)
        if why:
            self.problem(f"'{key}' of {what} {why}", node.value_pos[key])
            return None
        return value

    def node_id(self, node: PosMap, what: str) -> str | None:
        value = node.get("id")
        if value is None:
            self.problem(f"{what} has no 'id'", node.key_pos.get("id", node.pos))
            return None
        if isinstance(value, Typed) or not isinstance(value, str):
            self.problem(f"the id of {what} must be text, not {_shown(value)} (quote it)", node.value_pos["id"])
            return None
        if not is_id(value):
            self.problem(f"'{_clip(value)}' is not a valid id: {ID_RULE}", node.value_pos["id"])
            return None
        return value

    def sequence(self, node: PosMap, key: str, what: str) -> PosSeq | None:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, PosSeq):
            self.problem(f"'{key}' of {what} must be a list, not {_shown(value)}", node.value_pos[key])
            return None
        return value

    def refs(self, node: PosMap, key: str, what: str) -> list[Ref]:
        seq = self.sequence(node, key, what)
        if seq is None:
            return []
        out = []
        for value, at in zip(seq, seq.item_pos, strict=True):
            if is_id(value):
                out.append(Ref(value, Pos(self.file, at[0], at[1])))  # type: ignore[arg-type]
            else:
                self.problem(f"'{key}' of {what} lists {_describe_bad_id(value)}", at)
        return out

    def ref(self, node: PosMap, key: str, what: str) -> Ref | None:
        """A key holding one id of another node (`parent: mobile-friction`); None when absent or not an id."""
        value = node.get(key)
        if value is None:
            return None
        if is_id(value):
            return Ref(str(value), self.pos(node.value_pos[key]))
        self.problem(f"'{key}' of {what} is {_describe_bad_id(value)}", node.value_pos[key])
        return None

    def extras(self, node: PosMap, what: str) -> Extras:
        extras = Extras()
        if "notes" in node:
            extras.notes = self.text(node, "notes", what, notes=True)
        if "links" in node:
            extras.links = self._strings(node, "links", what, link_problem)
        if "tags" in node:
            extras.tags = self._strings(node, "tags", what, tag_problem)
        return extras

    def _strings(self, node: PosMap, key: str, what: str, check: Callable[[object], str | None]) -> list[str]:
        seq = self.sequence(node, key, what)
        if seq is None:
            return []
        out: list[str] = []
        for value, at in zip(seq, seq.item_pos, strict=True):
            why = check(value)
            if why or not isinstance(value, str):
                self.problem(f"'{key}' of {what}: {why}", at)
            else:
                out.append(value)
        return out

    def choice(self, node: PosMap, key: str, options: tuple[str, ...], default: str, what: str) -> str:
        value = node.get(key)
        if value is None:
            return default
        if isinstance(value, str) and value in options:
            return value
        shown = value.text if isinstance(value, Typed) else value if isinstance(value, str) else _shown(value)
        self.problem(
            f"'{key}' of {what} is '{_clip(str(shown))}'; use one of: {', '.join(options)}",
            node.value_pos[key],
        )
        return default

    def node_head(
        self, value: object, at: tuple[int, int], kind: Kind, unnamed: str, keys: frozenset[str]
    ) -> tuple[PosMap, str | None, str, str] | None:
        """A listed node's mapping, id, name in messages (`goal x`, or `unnamed`) and title; None: not a mapping."""
        node = self.mapping(value, at, unnamed)
        if node is None:
            return None
        node_id = self.node_id(node, unnamed)
        what = f"{kind.value} {node_id}" if node_id else unnamed
        self.check_keys(node, keys, what)
        return node, node_id, what, self.text(node, "title", what, required=True) or ""

    def mapping(self, value: object, pos: tuple[int, int], what: str) -> PosMap | None:
        if isinstance(value, PosMap):
            return value
        self.problem(f"{what} must be a mapping of keys, not {_shown(value)}", pos)
        return None

    # -- board.yaml ----------------------------------------------------------

    def board(self, rule_names: frozenset[str], structural: frozenset[str]) -> tuple[str, list[Goal], Policy]:
        tree = self.src.tree
        if tree is None and self.src.problems:
            return "", [], Policy()
        root = self.mapping(tree, (1, 1), BOARD_FILE)
        if root is None:
            return "", [], Policy()
        self.check_keys(root, BOARD_KEYS, BOARD_FILE)
        name = self.text(root, "name", "the board", required=True) or ""
        goals = []
        for value, at in self.entries(root, "goals", "the board"):
            goal = self.goal(value, at)
            if goal is not None:
                goals.append(goal)
        policy = self.policy(root, rule_names, structural)
        return name, goals, policy

    def entries(self, node: PosMap, key: str, what: str) -> list[tuple[object, tuple[int, int]]]:
        seq = self.sequence(node, key, what)
        if seq is None:
            return []
        return list(zip(seq, seq.item_pos, strict=True))

    def goal(self, value: object, at: tuple[int, int]) -> Goal | None:
        head = self.node_head(value, at, Kind.GOAL, "a goal", GOAL_KEYS)
        if head is None:
            return None
        node, goal_id, what, title = head
        if goal_id is None:
            return None
        return Goal(
            id=goal_id,
            title=title,
            pos=self.pos(node.pos),
            metric=self.text(node, "metric", what),
            target=self.text(node, "target", what),
            measure=read_measure(self, node, what),
            owner=self.text(node, "owner", what),
            extras=self.extras(node, what),
        )

    def policy(self, root: PosMap, rule_names: frozenset[str], structural: frozenset[str]) -> Policy:
        policy = Policy()
        if root.get("policy") is None:
            return policy
        node = self.mapping(root["policy"], root.value_pos["policy"], "policy")
        if node is None:
            return policy
        self.check_keys(node, POLICY_KEYS, "policy")
        if "wip_limit" in node:
            policy.wip_limit = self._wip_limit(node)
        if "discovery" in node:
            from trioboard.core.evidence import read_discovery_policy  # it builds on this module's reader

            policy.discovery = read_discovery_policy(self, node)
        if node.get("freshness") is not None:
            policy.freshness = read_freshness(self, node)
        severity = node.get("severity")
        if severity is None:
            return policy
        sev = self.mapping(severity, node.value_pos["severity"], "policy.severity")
        if sev is None:
            return policy
        for rule, level in sev.items():
            at = sev.key_pos[rule]
            if rule not in rule_names:
                hint = difflib.get_close_matches(rule, rule_names, n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.problem(f"policy.severity names no rule '{_clip(rule)}'{suggestion}", at)
            elif level not in SEVERITY_LEVELS:
                shown = level.text if isinstance(level, Typed) else level if isinstance(level, str) else _shown(level)
                self.problem(
                    f"severity of {rule} is '{_clip(str(shown))}'; use one of: {', '.join(SEVERITY_LEVELS)}",
                    sev.value_pos[rule],
                )
            elif rule in structural and level != "error":
                self.problem(
                    f"{rule} cannot be set below error: a board that cannot be read cannot be trusted",
                    sev.value_pos[rule],
                )
            else:
                policy.severity[rule] = str(level)
        return policy

    def _wip_limit(self, node: PosMap) -> int | None:
        value = node["wip_limit"]
        if value is None:
            return None
        number = _small_int(value)
        if number is None or number < 0:
            self.problem("wip_limit must be a whole number of 0 or more", node.value_pos["wip_limit"])
            return None
        return number

    # -- teams/<id>.yaml -----------------------------------------------------

    def team(self) -> Team | None:
        tree = self.src.tree
        if tree is None and self.src.problems:
            return None
        stem = self.file.rsplit("/", 1)[-1].removesuffix(TEAM_SUFFIX)
        if not is_id(stem):
            self.problem(f"the file name is not a valid team id: {ID_CHARS}", (1, 1))
        root = self.mapping(tree, (1, 1), "a team file")
        if root is None:
            return None
        team_id = self.node_id(root, "the team")
        if team_id is not None and team_id != stem:
            self.problem(
                f"the team id '{team_id}' differs from its file name; "
                f"rename the file to {team_id}.yaml or set id: {_clip(stem)}",
                root.value_pos["id"],
                (team_id,),
            )
        if team_id is None:
            if not is_id(stem):
                return None
            team_id = stem
        what = f"team {team_id}"
        self.check_keys(root, TEAM_KEYS, what)
        team = Team(
            id=team_id,
            name=self.text(root, "name", what, required=True) or "",
            pos=self.pos(root.pos),
            blocked=self.text(root, "blocked", what),
            extras=self.extras(root, what),
        )
        team.trio = self.trio(root, what)
        for value, at in self.entries(root, "outcomes", what):
            outcome = self.outcome(value, at, team_id)
            if outcome is not None:
                team.outcomes.append(outcome)
        for value, at in self.entries(root, "opportunities", what):
            opportunity = read_opportunity(self, value, at, team_id)
            if opportunity is not None:
                team.opportunities.append(opportunity)
        for value, at in self.entries(root, "roadmap", what):
            item = self.item(value, at, team_id)
            if item is not None:
                team.items.append(item)
        return team

    def trio(self, root: PosMap, what: str) -> dict[str, str]:
        value = root.get("trio")
        if value is None:
            return {}
        node = self.mapping(value, root.value_pos["trio"], f"the trio of {what}")
        if node is None:
            return {}
        self.check_keys(node, frozenset(TRIO_ROLES), f"the trio of {what}")
        trio = {}
        for role in TRIO_ROLES:
            person = self.text(node, role, f"the trio of {what}")
            if person and person.strip():
                trio[role] = person
        return trio

    def outcome(self, value: object, at: tuple[int, int], team_id: str) -> Outcome | None:
        head = self.node_head(value, at, Kind.OUTCOME, "an outcome", OUTCOME_KEYS)
        if head is None:
            return None
        node, outcome_id, what, title = head
        goals = self.refs(node, "goals", what)
        if outcome_id is None:
            return None
        return Outcome(
            id=outcome_id,
            title=title,
            team=team_id,
            pos=self.pos(node.pos),
            goals=goals,
            measure=read_measure(self, node, what),
            owner=self.text(node, "owner", what),
            extras=self.extras(node, what),
        )

    def item(self, value: object, at: tuple[int, int], team_id: str) -> Item | None:
        head = self.node_head(value, at, Kind.ITEM, "a roadmap item", ITEM_KEYS)
        if head is None:
            return None
        node, item_id, what, title = head
        outcomes = self.refs(node, "outcomes", what)
        opportunities = self.refs(node, "opportunities", what) if "opportunities" in node else []
        depends_on = self.refs(node, "depends_on", what)
        assumptions = read_assumptions(self, node, what) if "assumptions" in node else []
        if item_id is None:
            return None
        return Item(
            id=item_id,
            title=title,
            team=team_id,
            pos=self.pos(node.pos),
            outcomes=outcomes,
            opportunities=opportunities,
            horizon=self.choice(node, "horizon", HORIZONS, Horizon.LATER.value, what),
            status=self.choice(node, "status", STATUSES, Status.PLANNED.value, what),
            blocked=self.text(node, "blocked", what),
            depends_on=depends_on,
            impact=read_impact(self, node, what),
            owner=self.text(node, "owner", what),
            assumptions=assumptions,
            extras=self.extras(node, what),
        )


def link_problem(value: object) -> str | None:
    """Why `value` is not one link (a URL with no spaces), or None."""
    if not isinstance(value, str):
        return f"a link must be text, not {_shown(value)}"
    if not value or any(ch.isspace() for ch in value):
        return "a link is one URL with no spaces"
    return line_text_problem(value)


def tag_problem(value: object) -> str | None:
    """Why `value` is not a tag (an id), or None."""
    if is_id(value):
        return None
    return f"a tag is an id: {_describe_bad_id(value)}"

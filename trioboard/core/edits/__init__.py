"""Edit operations: what a trio (or a script) can change, checked against the board.

Each operation is a typed value (`operations`). `plan` checks it against
the board as it is now and turns it into document steps (`steps`) on the
files it touches, plus the one-line commit message (`messages`). Nothing
here reads or writes a file: `store.editor` applies the steps, `workspace`
runs the whole edit (lock, re-read, apply, write, commit).
"""

from trioboard.core.edits.batch import Addition, plan_many
from trioboard.core.edits.discovery import ASSUMPTION_FIELDS, assumption_key
from trioboard.core.edits.messages import SUBJECT_LIMIT
from trioboard.core.edits.operations import (
    ENTRY_LISTS,
    LIST_FIELDS,
    REQUIRED,
    SETTABLE,
    AddGoal,
    AddItem,
    AddOpportunity,
    AddOutcome,
    AddTeam,
    Assume,
    Link,
    Move,
    Operation,
    Remove,
    SetFields,
    Unlink,
)
from trioboard.core.edits.plan import BoardIndex, current_list, current_value, plan, split_list
from trioboard.core.edits.steps import (
    AddListEntry,
    AddRef,
    AppendEntry,
    CreateFile,
    CutEntry,
    DeleteFile,
    DeleteKey,
    DropListEntry,
    DropRef,
    NodePath,
    PasteEntry,
    Plan,
    SetKey,
    SetList,
    SetListEntry,
    Step,
)
from trioboard.core.errors import Refused
from trioboard.core.vocabulary import BOARD_FILE, LINK_FIELDS, team_file

__all__ = [
    "ASSUMPTION_FIELDS",
    "BOARD_FILE",
    "ENTRY_LISTS",
    "LINK_FIELDS",
    "LIST_FIELDS",
    "REQUIRED",
    "SETTABLE",
    "SUBJECT_LIMIT",
    "AddGoal",
    "AddItem",
    "AddListEntry",
    "AddOpportunity",
    "AddOutcome",
    "AddRef",
    "AddTeam",
    "Addition",
    "AppendEntry",
    "Assume",
    "BoardIndex",
    "CreateFile",
    "CutEntry",
    "DeleteFile",
    "DeleteKey",
    "DropListEntry",
    "DropRef",
    "Link",
    "Move",
    "NodePath",
    "Operation",
    "PasteEntry",
    "Plan",
    "Refused",
    "Remove",
    "SetFields",
    "SetKey",
    "SetList",
    "SetListEntry",
    "Step",
    "Unlink",
    "assumption_key",
    "current_list",
    "current_value",
    "plan",
    "plan_many",
    "split_list",
    "team_file",
]

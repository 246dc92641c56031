"""Transitional: the git names the workspace still reaches as `repo.<name>`.

What this module held now lives in `store.git` (repository, identity,
refs, revisions, commit plumbing) and `store.board_history`. `workspace.py`,
`history.py` and `scaffold.py` use these names through `from
trioboard.store import repo` and are being moved by another change; once
they import from the modules below, delete this one. New code imports from
those modules, never from here.
"""

from __future__ import annotations

from trioboard.store.board_history import BoardHistory, CommitRecord, Listing, board_sources_at
from trioboard.store.git.commits import blob_at, changed_paths, merge_file
from trioboard.store.git.identity import Identity, NoIdentity, identity, one_line, parse_author
from trioboard.store.git.refs import Busy, branch_tip
from trioboard.store.git.repository import BoardRepo, init, locate, work_tree
from trioboard.store.git.revisions import (
    RevisionError,
    files_changed,
    is_ancestor,
    merge_base,
    shallow_boundary,
    subject,
)
from trioboard.store.git.runner import GitError, NoSpace

__all__ = [
    "BoardHistory",
    "BoardRepo",
    "Busy",
    "CommitRecord",
    "GitError",
    "Identity",
    "Listing",
    "NoIdentity",
    "NoSpace",
    "RevisionError",
    "blob_at",
    "board_sources_at",
    "branch_tip",
    "changed_paths",
    "files_changed",
    "identity",
    "init",
    "is_ancestor",
    "locate",
    "merge_base",
    "merge_file",
    "one_line",
    "parse_author",
    "shallow_boundary",
    "subject",
    "work_tree",
]

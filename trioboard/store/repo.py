"""Transitional: the git names the workspace still reaches as `repo.<name>`.

What this module held now lives in `store.git` (repository, identity,
refs, revisions, commit plumbing) and `store.board_history`. `workspace.py`
and `scaffold.py` use these names as `repo.<name>` after `from
trioboard.store import repo`, and are being moved by another change; once
they import from the modules below, delete this one. New code imports from
those modules, never from here.
"""

from __future__ import annotations

from trioboard.store.board_history import BoardHistory, board_sources_at
from trioboard.store.git.commits import blob_at, changed_paths, merge_file
from trioboard.store.git.identity import Identity, NoIdentity, identity, one_line
from trioboard.store.git.refs import Busy, branch_tip
from trioboard.store.git.repository import BoardRepo, init, locate, work_tree
from trioboard.store.git.revisions import RevisionError, files_changed, is_ancestor, subject
from trioboard.store.git.runner import GitError

__all__ = [
    "BoardHistory",
    "BoardRepo",
    "Busy",
    "GitError",
    "Identity",
    "NoIdentity",
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
    "merge_file",
    "one_line",
    "subject",
    "work_tree",
]

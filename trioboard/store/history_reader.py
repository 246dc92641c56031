"""One board's versions in git: which commits touched it, and its files at each, parsed.

Read from git's object store through one `cat-file --batch` (`store.git.objects`),
never from the work tree, with the same file selection and the same
refusals (symbolic links, size, directories named like team files) as
reading from disk. Parsed files are cached by blob id: a history of a
hundred commits parses each version of each file once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trioboard.core.errors import GitError, RevisionError
from trioboard.core.tree import SourceFile
from trioboard.core.vocabulary import BOARD_FILE, EVIDENCE_DIR, EVIDENCE_SUFFIX, TEAMS_DIR, is_evidence_file
from trioboard.store.evidence_files import parse_file
from trioboard.store.files import (
    EVIDENCE_DEPTH,
    directory_source,
    evidence_dir_refused,
    evidence_link,
    parse_source,
    refused_source,
    select_team_files,
)
from trioboard.store.git import config
from trioboard.store.git.objects import Objects, tree_entries
from trioboard.store.git.refs import has_head
from trioboard.store.git.repository import BoardRepo, locate
from trioboard.store.git.revisions import rev_parse
from trioboard.store.git.runner import NoSpace
from trioboard.store.safe_io import MAX_FILE_BYTES


def board_sources_at(board_root: Path, rev: str, history: HistoryReader | None = None) -> list[SourceFile] | None:
    """The board's files as they were at `rev`, parsed; None when it had no board there.

    Reads blobs from git's object store, never the work tree, with the same
    file selection and the same refusals (symlinks, size) as reading from disk.
    """
    mine = history is None
    history = history or HistoryReader(board_root)
    try:
        listing = history.listing(rev_parse(history.where, rev))
        return None if listing is None else history.sources(listing)
    finally:
        if mine:
            history.close()


@dataclass(frozen=True, slots=True)
class Listing:
    """The board files in one commit, named by blob id, not yet read."""

    entries: tuple[tuple[str, str, int], ...]
    """(relative path, blob id, mode), board.yaml first."""
    misnamed: tuple[str, ...]
    """Names in teams/ that are refused by name (`*.yml`)."""
    teams_not_dir: bool = False
    refused: tuple[SourceFile, ...] = ()
    """Entries refused by what they are, unread (a symbolic link under evidence/, evidence/ not a folder)."""


@dataclass(frozen=True, slots=True)
class CommitRecord:
    """A commit as `trioboard log` shows it."""

    sha: str
    parent: str | None
    """The first parent; None for a root commit."""
    author: str
    date: str
    """Author date, ISO 8601."""
    subject: str = ""
    """The first line of the commit message."""


_SYMLINK_MODE = 0o120000
_TREE_MODE = 0o040000
_DIRECTORY_MODE = _TREE_MODE
_BLOB_MODES = (0o100644, 0o100755, 0o100664, _SYMLINK_MODE)


class HistoryReader:
    """One board's versions in git, with parsed files cached by blob id."""

    def __init__(self, board_root: Path, where: BoardRepo | None = None) -> None:
        self.where = where or locate(board_root)
        self.rel = self.where.prefix or "."
        self.objects = Objects(self.where.git, nul="\n" in self.rel)
        self._parsed: dict[tuple[str, str], SourceFile] = {}
        self._filters: bool | None = None
        self._filter_of: dict[str, bool] = {}

    def close(self) -> None:
        """Let go of the `cat-file` process."""
        self.objects.close()

    @property
    def cache_dir(self) -> Path:
        """`.git/trioboard/`: trioboard's own cache, never part of any commit."""
        return self.where.state_dir

    def commits(
        self, limit: int | None, revisions: list[str] | None = None, *, first_parent: bool = False
    ) -> list[CommitRecord]:
        """The commits that touched the board, newest first: on HEAD, or in git's revision range.

        `revisions` are what `git log` takes (`main..plan-q3`, `A...B`, a branch);
        RevisionError when git does not know one of them.
        """
        if not revisions and not has_head(self.where):
            return []
        for rev in revisions or ():
            if rev.startswith("-"):
                raise RevisionError(f"unknown revision or range {rev!r}")
        args = ["log", "-z", "--format=%H%x00%P%x00%aI%x00%an%x00%s"]
        if limit is not None:
            args.append(f"-n{limit}")
        if first_parent:
            args.append("--first-parent")
        try:
            out = self.where.git.run(*args, *(revisions or ["HEAD"]), "--", self.rel)
        except NoSpace:
            raise
        except GitError:
            shown = " ".join(revisions or ["HEAD"])
            raise RevisionError(f"unknown revision or range {shown!r}") from None
        records = []
        # Fields and commits are separated by NUL, which no name or subject can hold:
        # a \x1f in an author's name or a subject cannot shift the fields.
        fields = out.split("\0")
        for start in range(0, len(fields) - 4, 5):
            sha, parents, date, author, subject = (f.strip("\n") for f in fields[start : start + 5])
            records.append(CommitRecord(sha, parents.split()[0] if parents else None, author, date, subject))
        return records

    def board_trees(self, shas: list[str]) -> dict[str, str | None]:
        """The id of the board directory's tree in each commit (None: no board there).

        Equal ids mean equal board files, so the id names a board state; one
        `git cat-file` answers for every commit at once.
        """
        wanted = list(dict.fromkeys(shas))
        spec = "^{tree}" if self.rel == "." else f":{self.rel}"
        # NUL-separated names (git 2.38+) only when the path holds a newline; older gits read lines.
        end = "\0" if "\n" in spec else "\n"
        lines = "".join(f"{sha}{spec}{end}" for sha in wanted)
        options = ["-z"] if end == "\0" else []
        out = self.where.git.run("cat-file", *options, "--batch-check=%(objectname) %(objecttype)", stdin=lines)
        trees: dict[str, str | None] = {}
        for sha, answer in zip(wanted, out.splitlines(), strict=True):
            name, _, kind = answer.partition(" ")
            trees[sha] = name if kind == "tree" else None
        return trees

    def listing(self, commit: str | None) -> Listing | None:
        """The board files at `commit`; None when it has no board (or there is no commit)."""
        if commit is None:
            return None
        found = self.objects.read(f"{commit}^{{tree}}" if self.rel == "." else f"{commit}:{self.rel}")
        if found is None or found[1] != "tree":
            return None
        names = {name: (mode, sha) for mode, name, sha in tree_entries(found[2])}
        board = names.get(BOARD_FILE)
        if board is None or board[0] == _TREE_MODE:
            return None
        entries = [(BOARD_FILE, board[1], board[0])]
        evidence, refused = self._evidence(names.get(EVIDENCE_DIR))
        teams = names.get(TEAMS_DIR)
        if teams is None:
            return Listing((*entries, *evidence), (), refused=refused)
        if teams[0] != _TREE_MODE:
            return Listing((*entries, *evidence), (), teams_not_dir=True, refused=refused)
        read = self.objects.read(teams[1])
        listed = tree_entries(read[2] if read else b"")
        # Blobs are files; trees and submodules (git's "commit" entries) are directories.
        blobs = {name: (mode, sha) for mode, name, sha in listed if mode in _BLOB_MODES}
        directories = {name for mode, name, _ in listed if mode not in _BLOB_MODES}
        paths, misnamed = select_team_files([*blobs, *directories])
        for path in paths:
            name = path.rsplit("/", 1)[1]
            if name in directories:
                entries.append((path, "", _DIRECTORY_MODE))
            else:
                mode, sha = blobs[name]
                entries.append((path, sha, mode))
        return Listing((*entries, *evidence), tuple(src.path for src in misnamed), refused=refused)

    def _evidence(self, top: tuple[int, str] | None) -> tuple[list[tuple[str, str, int]], tuple[SourceFile, ...]]:
        """The evidence files under evidence/ (path order) and the entries refused, as `evidence_file_paths`."""
        if top is None:
            return [], ()
        if top[0] != _TREE_MODE:
            return [], (evidence_dir_refused("a symbolic link" if top[0] == _SYMLINK_MODE else "not a directory"),)
        found: list[tuple[str, str, int]] = []
        refused: list[SourceFile] = []
        folders = [(EVIDENCE_DIR, top[1], 0)]
        while folders:
            folder, tree, depth = folders.pop()
            read = self.objects.read(tree)
            for mode, name, sha in tree_entries(read[2] if read else b""):
                if name.startswith("."):
                    continue
                rel = f"{folder}/{name}"
                if mode == _SYMLINK_MODE:
                    refused.append(evidence_link(rel))
                elif mode == _TREE_MODE:
                    if depth + 1 < EVIDENCE_DEPTH:
                        folders.append((rel, sha, depth + 1))
                elif mode in _BLOB_MODES and name.endswith(EVIDENCE_SUFFIX):
                    found.append((rel, sha, mode))
        return sorted(found), tuple(sorted(refused, key=lambda src: src.path))

    def sources(self, listing: Listing) -> list[SourceFile]:
        """The parsed files of a listing; each blob is read and parsed once per history."""
        wanted = [entry for entry in listing.entries if (entry[0], entry[1]) not in self._parsed]
        filtered = self._filtered_paths([path for path, _, _ in wanted]) if wanted else set()
        if filtered:
            self._read_filtered([entry for entry in wanted if entry[0] in filtered])
        sources = [self._source(*entry) for entry in listing.entries]
        if listing.teams_not_dir:
            sources.append(refused_source(TEAMS_DIR, "is not a directory"))
        _, refused = select_team_files([path.rsplit("/", 1)[1] for path in listing.misnamed])
        return sources + refused + list(listing.refused)

    def _has_filters(self) -> bool:
        """Whether the repository configures a clean/smudge filter: then blobs are read through it."""
        if self._filters is None:
            self._filters = config.any_matching(self.where.git, r"^filter\.")
        return self._filters

    def _filtered_paths(self, paths: list[str]) -> set[str]:
        """Those of `paths` that a configured clean/smudge filter applies to (`git check-attr`).

        Asked once per path: a repository with no filter driver configured
        (most) costs one `git config` call, and one with git-lfs installed
        but no filter on board files, one `git check-attr` per new path.
        """
        if not self._has_filters():
            return set()
        prefix = "" if self.rel == "." else f"{self.rel}/"
        unknown = [path for path in paths if path not in self._filter_of]
        if unknown:
            out = self.where.git.run("check-attr", "-z", "filter", "--", *(prefix + path for path in unknown))
            fields = out.split("\0")
            answers = {fields[n]: fields[n + 2] for n in range(0, len(fields) - 2, 3)}
            for path in unknown:
                self._filter_of[path] = answers.get(prefix + path, "unspecified") not in ("unspecified", "unset")
        return {path for path in paths if self._filter_of[path]}

    def _read_filtered(self, entries: list[tuple[str, str, int]]) -> None:
        """Read and parse `entries` as the work tree would hold them (`git cat-file --filters`).

        A filter's output is bounded only by the stored size: a smudge filter
        is the repository owner's own program, run as git would run it.
        """
        regular = [e for e in entries if e[2] not in (_SYMLINK_MODE, _DIRECTORY_MODE)]
        regular = [e for e in regular if int(self.where.git.run("cat-file", "-s", e[1])) <= MAX_FILE_BYTES]
        prefix = "" if self.rel == "." else f"{self.rel}/"
        for path, sha, _ in regular:
            # One call per blob: `--batch --filters` reports the stored size, not the
            # filtered one, so several blobs in one stream cannot be told apart.
            data = self.where.git.run_bytes("cat-file", "--filters", f"--path={prefix}{path}", sha)
            self._parsed[(path, sha)] = parse_file(path, data)

    def _source(self, path: str, sha: str, mode: int) -> SourceFile:
        cached = self._parsed.get((path, sha))
        if cached is not None:
            return cached
        if mode == _SYMLINK_MODE:
            source = refused_source(path, "is a symbolic link; trioboard reads only regular files in the board")
        elif mode == _DIRECTORY_MODE:
            source = directory_source(path)
        else:
            found = self.objects.read(sha)
            data = found[2] if found else b""
            if is_evidence_file(path):
                source = parse_file(path, data)
            elif len(data) > MAX_FILE_BYTES:
                source = refused_source(path, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            else:
                source = parse_source(path, data)
        self._parsed[(path, sha)] = source
        return source

"""Git: find the work tree, know who the author is, and commit given paths only.

trioboard's commits touch only the board files they name: anything else a
person has staged or changed stays exactly as it was. They run no hooks:
a hook belongs to people's own commits (run `trioboard check` there), and a
hook that edits or refuses files would break the one-change-one-commit rule.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.core.tree import SourceFile
from trioboard.store.files import (
    BOARD_FILE,
    MAX_FILE_BYTES,
    TEAMS_DIR,
    parse_source,
    refused_source,
    select_team_files,
)

if TYPE_CHECKING:
    import git

# GitPython is imported by the functions that use it: `trioboard check`
# never needs git, and importing it costs more than the check of a small board.

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_AUTHOR = re.compile(r"\s*([^<>\n]+?)\s*<([^<>\s]+)>\s*")


class GitError(Exception):
    """A git operation trioboard needs could not be done; the message says why."""


class NoIdentity(GitError):
    """Neither git config nor --author says who is committing."""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a commit is by."""

    name: str
    email: str
    committer: Identity | None = None
    """Who records the commit for the author (`trioboard serve`: the server's git user); None: the author."""

    def env(self) -> dict[str, str]:
        """Environment for git: this person as author, and as committer unless another is named."""
        committer = self.committer or self
        return {
            "GIT_AUTHOR_NAME": self.name,
            "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": committer.name,
            "GIT_COMMITTER_EMAIL": committer.email,
        }


def parse_author(text: str) -> Identity:
    """`Name <email>` → Identity, or NoIdentity naming the expected form."""
    match = _AUTHOR.fullmatch(text)
    if _CONTROL.search(text.strip()):
        # Such a name breaks every later `git log` reader, trioboard's own included.
        raise NoIdentity(f"--author must be printable text on one line, 'Name <email>', not {text!r}")
    if not match:
        raise NoIdentity(f"--author must look like 'Name <email>', not {text!r}")
    return Identity(match.group(1), match.group(2))


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding `path`, or None."""
    import git

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    if repo.bare or repo.working_tree_dir is None:
        return None
    return Path(repo.working_tree_dir)


def init(path: Path) -> Path:
    """`git init` at `path`; returns the work tree."""
    import git

    git.Repo.init(path)
    return path


def identity(where: Path, author: str | None, committer: str | None = None) -> Identity:
    """Who commits: `--author` if given, else git's configured user; never a guess.

    `where` is the work tree (or, before `git init`, the directory) whose
    config applies. GitPython would otherwise invent `root@hostname`.
    `committer` (`Name <email>`) records the commit on the author's behalf.
    """
    if committer is not None:
        if author is None:
            # Someone commits on behalf of an author who has not said who they are: never guess.
            raise NoIdentity("say who you are before editing: no author is known for this session")
        return replace(parse_author(author), committer=parse_author(committer))
    if author is not None:
        return parse_author(author)
    name = os.environ.get("GIT_AUTHOR_NAME") or _config(where, "user.name")
    email = os.environ.get("GIT_AUTHOR_EMAIL") or _config(where, "user.email")
    if not name or not email:
        raise NoIdentity(
            'git does not know who you are: run git config --global user.name "Your Name" '
            'and git config --global user.email you@example.com, or pass --author "Name <email>"'
        )
    if _CONTROL.search(name + email):
        raise NoIdentity(
            "git's user.name or user.email holds a control character that would break every later "
            'git log; fix it, or pass --author "Name <email>"'
        )
    return Identity(name, email)


def _config(where: Path, key: str) -> str:
    import git

    try:
        return str(git.Git(str(where)).config("--get", key)).strip()
    except git.GitCommandError:
        return ""


def commit_paths(top: Path, paths: list[Path], message: str, who: Identity) -> str:
    """Commit exactly `paths` (added or changed) with `message`; returns the short hash.

    The same way every edit commits (`make_commit`, `move_branch`,
    `sync_index`): whatever else is staged stays out, and no hook runs.
    """
    repo = open_repo(top)
    ref, tip = branch_tip(repo)
    root = Path(str(repo.working_tree_dir)).resolve()
    rel = [p.resolve().relative_to(root).as_posix() for p in paths]
    sha = make_commit(repo, tip, rel, message, who)
    move_branch(repo, ref, sha, tip, message)
    sync_index(repo, rel)
    return sha[:7]


def one_line(message: str) -> str:
    """A commit subject that no text can turn into a second line or a trailer."""
    return " ".join(_CONTROL.sub(" ", message).split())


class RevisionError(GitError):
    """A revision that does not name a commit."""


def open_repo(path: Path) -> git.Repo:
    """The repository whose work tree holds `path`, or GitError saying it is not in one."""
    import git

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{path} is not in a git work tree") from None
    if repo.bare or repo.working_tree_dir is None:
        raise GitError(f"{path} is not in a git work tree")
    real, top = path.resolve(), Path(repo.working_tree_dir).resolve()
    if not real.is_relative_to(top):
        raise GitError(
            f"{path} is a link to {real}, outside the git work tree {top}; "
            "trioboard commits only to a board inside its repository"
        )
    return repo


def resolve_commit(repo: git.Repo, rev: str) -> git.Commit:
    """The commit `rev` names, or RevisionError."""
    import git

    if rev.startswith("-"):
        raise RevisionError(f"unknown revision {rev!r}")
    try:
        return repo.commit(rev)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError):
        raise RevisionError(f"unknown revision {rev!r}") from None


def board_sources_at(board_root: Path, rev: str) -> list[SourceFile] | None:
    """The board's files as they were at `rev`, parsed; None when it had no board there.

    Reads blobs from git's object store, never the work tree, with the same
    file selection and the same refusals (symlinks, size) as reading from disk.
    """
    history = BoardHistory(board_root)
    listing = history.listing(resolve_commit(history.repo, rev))
    return None if listing is None else history.sources(listing)


@dataclass(frozen=True, slots=True)
class Listing:
    """The board files in one commit, named by blob id, not yet read."""

    entries: tuple[tuple[str, str, int], ...]
    """(relative path, blob id, mode), board.yaml first."""
    misnamed: tuple[str, ...]
    """Names in teams/ that are refused by name (`*.yml`)."""
    teams_not_dir: bool = False


@dataclass(frozen=True, slots=True)
class CommitRecord:
    """A commit as `trioboard log` shows it."""

    sha: str
    parent: str | None
    """The first parent; None for a root commit."""
    author: str
    date: str
    """Author date, ISO 8601."""


class BoardHistory:
    """One board's versions in git, with parsed files cached by blob id."""

    def __init__(self, board_root: Path) -> None:
        self.repo = open_repo(board_root)
        top = Path(str(self.repo.working_tree_dir)).resolve()
        self.rel = board_root.resolve().relative_to(top).as_posix()
        self._parsed: dict[tuple[str, str], SourceFile] = {}

    @property
    def cache_dir(self) -> Path:
        """`.git/trioboard/`: trioboard's own cache, never part of any commit."""
        return Path(self.repo.git_dir) / "trioboard"

    def commits(self, limit: int | None) -> list[CommitRecord]:
        """The commits on HEAD that touched the board, newest first."""
        if not self.repo.head.is_valid():
            return []
        args = ["log", "-z", "--format=%H%x1f%P%x1f%an%x1f%aI"]
        if limit is not None:
            args.append(f"-n{limit}")
        out = self._git(*args, "HEAD", "--", self.rel)
        records = []
        for chunk in out.split("\0"):
            if not chunk.strip():
                continue
            # The author comes between two fixed fields: a name holding \x1f cannot shift them.
            sha, parents, rest = chunk.strip("\n").split("\x1f", 2)
            author, _, date = rest.rpartition("\x1f")
            records.append(CommitRecord(sha, parents.split()[0] if parents else None, author, date))
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
        out = self._git("cat-file", *options, "--batch-check=%(objectname) %(objecttype)", stdin=lines)
        trees: dict[str, str | None] = {}
        for sha, answer in zip(wanted, out.splitlines(), strict=True):
            name, _, kind = answer.partition(" ")
            trees[sha] = name if kind == "tree" else None
        return trees

    def _git(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=self.repo.working_tree_dir,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
        )
        if done.returncode != 0:
            raise GitError(f"git {args[0]} failed: {done.stderr.strip().splitlines()[-1:] or ['?']}")
        return done.stdout

    def listing(self, commit: git.Commit | str | None) -> Listing | None:
        """The board files at `commit`; None when it has no board (or there is no commit)."""
        if commit is None:
            return None
        if isinstance(commit, str):
            commit = self.repo.commit(commit)
        try:
            tree = commit.tree if self.rel == "." else commit.tree / self.rel
            board = tree / BOARD_FILE
        except KeyError:
            return None
        if tree.type != "tree" or board.type != "blob":
            return None
        entries = [(BOARD_FILE, board.hexsha, board.mode)]
        try:
            teams = tree / TEAMS_DIR
        except KeyError:
            return Listing(tuple(entries), ())
        if teams.type != "tree":
            return Listing(tuple(entries), (), teams_not_dir=True)
        blobs = {entry.name: entry for entry in teams.blobs}
        paths, refused = select_team_files(list(blobs))
        for path in paths:
            blob = blobs[path.rsplit("/", 1)[1]]
            entries.append((path, blob.hexsha, blob.mode))
        return Listing(tuple(entries), tuple(src.path for src in refused))

    def sources(self, listing: Listing) -> list[SourceFile]:
        """The parsed files of a listing; each blob is read and parsed once per history."""
        sources = [self._source(*entry) for entry in listing.entries]
        if listing.teams_not_dir:
            sources.append(refused_source(TEAMS_DIR, "is not a directory"))
        _, refused = select_team_files([path.rsplit("/", 1)[1] for path in listing.misnamed])
        return sources + refused

    def _source(self, path: str, sha: str, mode: int) -> SourceFile:
        cached = self._parsed.get((path, sha))
        if cached is not None:
            return cached
        if mode == _SYMLINK_MODE:
            source = refused_source(path, "is a symbolic link; trioboard reads only regular files in the board")
        else:
            stream = self.repo.odb.stream(bytes.fromhex(sha))
            if stream.size > MAX_FILE_BYTES:
                source = refused_source(path, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            else:
                source = parse_source(path, stream.read())
        self._parsed[(path, sha)] = source
        return source


_SYMLINK_MODE = 0o120000


# -- committing an edit -------------------------------------------------------------

_BUSY = (
    ("MERGE_HEAD", "a merge"),
    ("rebase-merge", "a rebase"),
    ("rebase-apply", "a rebase or git am"),
    ("CHERRY_PICK_HEAD", "a cherry-pick"),
    ("REVERT_HEAD", "a revert"),
    ("BISECT_LOG", "a bisect"),
)
ZERO = "0" * 40


class Busy(GitError):
    """The repository is in a state where trioboard must not commit."""


class BranchMoved(GitError):
    """The branch no longer points where it did when the edit began."""


def _run(repo: git.Repo, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=repo.working_tree_dir,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})},
        check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise GitError(f"git {args[0]} failed: {detail[-1] if detail else done.returncode}")
    return done.stdout


def branch_tip(repo: git.Repo) -> tuple[str, str | None]:
    """(the branch ref HEAD is on, the commit it points at; None before the first commit).

    Refuses a detached HEAD and a repository busy with a merge, rebase,
    cherry-pick, revert or bisect: a commit there would land somewhere the
    user does not expect.
    """
    git_dir = Path(repo.git_dir)
    for name, what in _BUSY:
        if (git_dir / name).exists():
            raise Busy(f"{what} is in progress in this repository; finish or abort it first")
    try:
        ref = _run(repo, "symbolic-ref", "-q", "HEAD").strip()
    except GitError:
        raise Busy("HEAD is detached; check out a branch before editing the board") from None
    try:
        tip = _run(repo, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}").strip() or None
    except GitError:
        tip = None
    return ref, tip


def changed_paths(repo: git.Repo, paths: list[str]) -> list[str]:
    """Those of `paths` (relative to the top) with uncommitted changes, staged or not, or untracked."""
    if not paths:
        return []
    out = _run(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths)
    changed = []
    for entry in out.split("\0"):
        if len(entry) > 3:
            changed.append(entry[3:])
    return changed


def make_commit(repo: git.Repo, parent: str | None, paths: list[str], message: str, who: Identity) -> str:
    """A commit of `parent` with `paths` as they are in the work tree; the branch is not moved.

    Built in a temporary index, so whatever the user has staged stays out
    of it; `commit-tree` runs no hooks.
    """
    scratch = Path(repo.git_dir) / "trioboard"
    scratch.mkdir(exist_ok=True)
    index = scratch / f"index-{os.getpid()}"
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        if parent:
            _run(repo, "read-tree", parent, env=env)
        else:
            _run(repo, "read-tree", "--empty", env=env)
        _run(repo, "update-index", "--add", "--remove", "--", *paths, env=env)
        tree = _run(repo, "write-tree", env=env).strip()
        args = ["commit-tree", tree, "-m", one_line(message)]
        if parent:
            args[2:2] = ["-p", parent]
        return _run(repo, *args, env={**env, **who.env()}).strip()
    finally:
        index.unlink(missing_ok=True)
        Path(f"{index}.lock").unlink(missing_ok=True)


def move_branch(repo: git.Repo, ref: str, new: str, old: str | None, message: str) -> None:
    """Point `ref` at `new` only if it still points at `old` (compare and swap)."""
    try:
        _run(repo, "update-ref", "-m", f"trioboard: {one_line(message)}", ref, new, old or ZERO)
    except GitError:
        raise BranchMoved("the branch moved while this edit was being made; nothing was committed") from None


def sync_index(repo: git.Repo, paths: list[str]) -> None:
    """Make the user's index agree with the new commit for `paths` (and only them)."""
    _run(repo, "update-index", "--add", "--remove", "--", *paths)


def blob_at(repo: git.Repo, rev: str, path: str) -> bytes | None:
    """The bytes of `path` at `rev`, or None when it is not there."""
    try:
        blob = repo.commit(rev).tree / path
    except KeyError:
        return None
    return bytes(blob.data_stream.read())


def files_changed(repo: git.Repo, sha: str, under: str) -> list[str]:
    """The paths (relative to the top) that commit `sha` changed below `under`."""
    out = _run(repo, "diff-tree", "--no-commit-id", "-r", "-z", "--name-only", "--root", sha, "--", under)
    return [p for p in out.split("\0") if p]


def is_ancestor(repo: git.Repo, sha: str, tip: str) -> bool:
    """Whether `sha` is in the history of `tip`."""
    try:
        _run(repo, "merge-base", "--is-ancestor", sha, tip)
    except GitError:
        return False
    return True


def subject(repo: git.Repo, sha: str) -> str:
    """A commit's one-line message."""
    return _run(repo, "log", "-1", "--format=%s", sha).strip()


def merge_file(ours: bytes, base: bytes, theirs: bytes) -> bytes | None:
    """`git merge-file`: apply base→theirs onto ours; None on a conflict."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(str(path))
        done = subprocess.run(["git", "merge-file", "-p", *paths], capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None

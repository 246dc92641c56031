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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trioboard.core.tree import SourceFile
from trioboard.store.files import (
    BOARD_FILE,
    MAX_FILE_BYTES,
    TEAMS_DIR,
    directory_source,
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

    def env(self) -> dict[str, str]:
        """Environment for git so that author and committer are this person."""
        return {
            "GIT_AUTHOR_NAME": self.name,
            "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": self.name,
            "GIT_COMMITTER_EMAIL": self.email,
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


def identity(where: Path, author: str | None) -> Identity:
    """Who commits: `--author` if given, else git's configured user; never a guess.

    `where` is the work tree (or, before `git init`, the directory) whose
    config applies. GitPython would otherwise invent `root@hostname`.
    """
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
    """The commit `rev` names, as `git rev-parse` reads it (see `rev_parse`), or RevisionError."""
    return repo.commit(rev_parse(repo, rev))


def rev_parse(repo: git.Repo, rev: str) -> str:
    """The full id of the commit `rev` names, as `git rev-parse` reads it, or RevisionError saying why.

    Anything git takes works (`HEAD@{yesterday}`, `:/message`, `main...`):
    git resolves it, never a reimplementation. In a shallow clone a
    revision that is not there says so and names the fetch that brings it.
    """
    if rev.startswith("-"):
        raise RevisionError(f"unknown revision {rev!r}")
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--end-of-options", rev],
        cwd=repo.working_tree_dir,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        check=False,
    )
    if done.returncode != 0:
        raise RevisionError(_unknown(repo, rev, done.stderr))
    kind = _run(repo, "cat-file", "-t", done.stdout.strip()).strip()
    if kind == "tag":
        return _run(repo, "rev-parse", "--verify", f"{done.stdout.strip()}^{{commit}}").strip()
    if kind != "commit":
        raise RevisionError(f"{rev!r} names no commit")
    return done.stdout.strip()


def _unknown(repo: git.Repo, rev: str, stderr: str) -> str:
    """Why `rev` names nothing: git's own reason, or that a shallow clone does not hold it."""
    reasons = [
        line.removeprefix("fatal: ")
        for line in stderr.splitlines()
        if line.startswith("fatal: ") and "Needed a single revision" not in line
    ]
    if reasons:  # git knows why (`log for 'HEAD' only has 3 entries`): that is the answer
        return f"unknown revision {rev!r}: {reasons[-1]}"
    if is_shallow(repo):
        return f"{rev!r} is not in this shallow clone; fetch it with: {_fetch_for(repo, rev)}"
    return f"unknown revision {rev!r}"


def _fetch_for(repo: git.Repo, rev: str) -> str:
    """The fetch that brings `rev` into a shallow clone: one commit of a remote branch, else the history."""
    remote, slash, branch = rev.partition("/")
    if slash and branch and remote in {r.name for r in repo.remotes}:
        return f"git fetch --depth=1 {remote} {branch}"
    return "git fetch --unshallow (or fetch-depth: 0 in actions/checkout)"


def is_shallow(repo: git.Repo) -> bool:
    """Whether `repo` is a shallow clone: some commits' parents are not in it."""
    return bool(shallow_boundary(repo))


def shallow_boundary(repo: git.Repo) -> frozenset[str]:
    """The commits of a shallow clone whose parents it does not hold (none when it is complete)."""
    path = Path(repo.common_dir) / "shallow"
    try:
        return frozenset(path.read_text(encoding="ascii").split())
    except OSError:
        return frozenset()


def merge_base(path: Path, first: str, second: str) -> str:
    """The commit id of the best common ancestor of two revisions (`git merge-base`).

    RevisionError for a revision that names no commit; GitError when they share no history.
    """
    repo = open_repo(path)
    a, b = resolve_commit(repo, first), resolve_commit(repo, second)
    try:
        return _run(repo, "merge-base", a.hexsha, b.hexsha).split()[0]
    except (GitError, IndexError):
        raise GitError(f"{first} and {second} have no common history") from None


def board_sources_at(board_root: Path, rev: str) -> list[SourceFile] | None:
    """The board's files as they were at `rev`, parsed; None when it had no board there.

    Reads blobs from git's object store, never the work tree, with the same
    file selection and the same refusals (symlinks, size) as reading from disk,
    and through the smudge filters the work tree has (so a board stored with a
    clean filter reads as its files do).
    """
    history = BoardHistory(board_root)
    listing = history.listing(rev_parse(history.repo, rev))
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
    subject: str = ""
    """The first line of the commit message."""


class BoardHistory:
    """One board's versions in git, with parsed files cached by blob id."""

    def __init__(self, board_root: Path) -> None:
        self.repo = open_repo(board_root)
        top = Path(str(self.repo.working_tree_dir)).resolve()
        self.rel = board_root.resolve().relative_to(top).as_posix()
        self._parsed: dict[tuple[str, str], SourceFile] = {}
        self._filters: bool | None = None
        self._filter_of: dict[str, bool] = {}

    @property
    def cache_dir(self) -> Path:
        """`.git/trioboard/`: trioboard's own cache, never part of any commit."""
        return Path(self.repo.git_dir) / "trioboard"

    def commits(
        self, limit: int | None, revisions: list[str] | None = None, *, first_parent: bool = False
    ) -> list[CommitRecord]:
        """The commits that touched the board, newest first: on HEAD, or in git's revision range.

        `revisions` are what `git log` takes (`main..plan-q3`, `A...B`, a branch);
        RevisionError when git does not know one of them.
        """
        if not revisions and not self.repo.head.is_valid():
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
            out = self._git(*args, *(revisions or ["HEAD"]), "--", self.rel)
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
        # Blobs are files; trees and submodules (git's "commit" entries) are directories.
        blobs = {entry.name: entry for entry in teams if entry.type == "blob"}
        directories = {entry.name for entry in teams if entry.type != "blob"}
        paths, refused = select_team_files([*blobs, *directories])
        for path in paths:
            name = path.rsplit("/", 1)[1]
            if name in directories:
                entries.append((path, "", _DIRECTORY_MODE))
            else:
                entries.append((path, blobs[name].hexsha, blobs[name].mode))
        return Listing(tuple(entries), tuple(src.path for src in refused))

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
        return sources + refused

    def _has_filters(self) -> bool:
        """Whether the repository configures a clean/smudge filter: then blobs are read through it."""
        if self._filters is None:
            try:
                self._filters = bool(self._git("config", "--get-regexp", r"^filter\.").strip())
            except GitError:  # exit 1: no such key
                self._filters = False
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
            out = self._git("check-attr", "-z", "filter", "--", *(prefix + path for path in unknown))
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
        regular = [e for e in regular if self.repo.odb.info(bytes.fromhex(e[1])).size <= MAX_FILE_BYTES]
        if not regular:
            return
        prefix = "" if self.rel == "." else f"{self.rel}/"
        for path, sha, _ in regular:
            # One call per blob: `--batch --filters` reports the stored size, not the
            # filtered one, so several blobs in one stream cannot be told apart.
            done = subprocess.run(
                ["git", "cat-file", "--filters", f"--path={prefix}{path}", sha],
                cwd=self.repo.working_tree_dir,
                capture_output=True,
                check=False,
            )
            if done.returncode != 0:
                detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
                raise GitError(f"git cat-file failed: {detail[-1] if detail else done.returncode}")
            self._parsed[(path, sha)] = parse_source(path, done.stdout)

    def _source(self, path: str, sha: str, mode: int) -> SourceFile:
        cached = self._parsed.get((path, sha))
        if cached is not None:
            return cached
        if mode == _SYMLINK_MODE:
            source = refused_source(path, "is a symbolic link; trioboard reads only regular files in the board")
        elif mode == _DIRECTORY_MODE:
            source = directory_source(path)
        else:
            stream = self.repo.odb.stream(bytes.fromhex(sha))
            if stream.size > MAX_FILE_BYTES:
                source = refused_source(path, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            else:
                source = parse_source(path, stream.read())
        self._parsed[(path, sha)] = source
        return source


_SYMLINK_MODE = 0o120000
_DIRECTORY_MODE = 0o040000


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


def make_commit(
    repo: git.Repo, parent: str | None, paths: list[str], message: str, who: Identity, *, body: str = ""
) -> str:
    """A commit of `parent` with `paths` as they are in the work tree; the branch is not moved.

    Built in a temporary index, so whatever the user has staged stays out
    of it; `commit-tree` runs no hooks. `message` is the subject, made one
    line; `body`, a paragraph of its own, is kept to its lines, each made
    one line too (its callers start every line with words of their own).
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
        lines = [one_line(line) for line in body.splitlines() if line.strip()]
        if lines:
            args += ["-m", "\n".join(lines)]
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

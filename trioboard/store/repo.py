"""Git: where a board's repository is, who the author is, and git's objects and refs.

`locate` resolves, once, the repository holding a board (`BoardRepo`: git
directory, work-tree top, the board's prefix in it, trioboard's state
directory); every git command then runs through that value's `Git` runner
(`store.gitcmd`), so no variable in the environment can point a command at
another repository. GitPython is not used: every git call is one of ours.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from trioboard.core.errors import GitError, NoIdentity, RevisionError
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
from trioboard.store.gitcmd import Git, GitMissing, NoSpace, run_bare

__all__ = ["GitError", "NoSpace"]

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_AUTHOR = re.compile(r"\s*([^<>\n]+?)\s*<([^<>\s]+)>\s*")
ZERO = "0" * 40
STATE_DIR = "trioboard"
"""trioboard's own files inside the git directory: lock, journal, caches."""


class Busy(GitError):
    """The repository is in a state where trioboard must not commit."""


class BranchMoved(GitError):
    """The branch no longer points where it did when the edit began."""


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


def one_line(message: str) -> str:
    """A commit subject that no text can turn into a second line or a trailer."""
    return " ".join(_CONTROL.sub(" ", message).split())


# -- where the board is ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardRepo:
    """The one value an edit needs to know where it is: repository, top, board prefix, state directory."""

    git: Git
    board: Path
    """The board directory, as the user named it."""
    prefix: str
    """The board directory relative to the top, in git's spelling ("" at the top)."""

    @property
    def top(self) -> Path:
        """The top of the work tree."""
        return self.git.top

    @property
    def git_dir(self) -> Path:
        """The repository's git directory (a linked worktree's own one)."""
        return self.git.git_dir

    @property
    def state_dir(self) -> Path:
        """`.git/trioboard/`: the lock, the journal and caches; never part of a commit."""
        return self.git.git_dir / STATE_DIR

    def top_path(self, file: str) -> str:
        """A board file's path relative to the top, as git names it."""
        return f"{self.prefix}/{file}" if self.prefix else file

    def board_path(self, top_path: str) -> str | None:
        """The board-relative name of a top-relative path, or None when it is outside the board."""
        if not self.prefix:
            return top_path
        head = self.prefix + "/"
        return top_path[len(head) :] if top_path.startswith(head) else None


def locate(board: Path) -> BoardRepo:
    """The repository holding the board directory `board`, found from the path alone."""
    try:
        out = run_bare(["rev-parse", "--absolute-git-dir", "--show-toplevel"], board).decode("utf-8", "surrogateescape")
    except (NoSpace, GitMissing):
        raise
    except GitError:
        raise GitError(f"{board} is not in a git work tree") from None
    lines = out.splitlines()
    if len(lines) != 2:
        raise GitError(f"{board} is not in a git work tree")
    git_dir, top = Path(lines[0]), Path(lines[1])
    real = board.resolve()
    if not real.is_relative_to(top.resolve()):
        raise GitError(
            f"{board} is a link to {real}, outside the git work tree {top}; "
            "trioboard commits only to a board inside its repository"
        )
    rel = real.relative_to(top.resolve()).as_posix()
    prefix = "" if rel == "." else rel
    return BoardRepo(Git(git_dir, top), board, prefix)


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding `path`, or None."""
    try:
        out = run_bare(["rev-parse", "--show-toplevel"], path).decode("utf-8", "surrogateescape").strip()
    except NoSpace:
        raise
    except GitError:
        return None
    return Path(out) if out else None


def init(path: Path) -> Path:
    """`git init` at `path`; returns the work tree."""
    run_bare(["init", "-q", str(path)], path)
    return path


def identity(where: BoardRepo | Path, author: str | None, committer: str | None = None) -> Identity:
    """Who commits: `--author` if given, else git's configured user; never a guess.

    `where` is the repository (or, before `git init`, the directory) whose config applies.
    `committer` (`Name <email>`) records the commit on the author's behalf.
    """
    if committer is not None:
        if author is None:
            # Someone commits on behalf of an author who has not said who they are: never guess.
            raise NoIdentity("say who you are before editing: no author is known for this session")
        return replace(parse_author(author), committer=parse_author(committer))
    if author is not None:
        return parse_author(author)

    def config(key: str) -> str:
        if isinstance(where, BoardRepo):
            return where.git.config(key)
        try:
            return run_bare(["config", "--get", key], where).decode("utf-8", "surrogateescape").strip()
        except NoSpace:
            raise
        except GitError:
            return ""

    name = os.environ.get("GIT_AUTHOR_NAME") or config("user.name")
    email = os.environ.get("GIT_AUTHOR_EMAIL") or config("user.email")
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


# -- reading objects -------------------------------------------------------------


class Objects:
    """git's object store, read through one long-lived `git cat-file --batch`."""

    def __init__(self, git: Git, *, nul: bool = False) -> None:
        self.git = git
        self.nul = nul
        """Names end in NUL (`cat-file -z`, git 2.38+): needed only for paths that hold a newline."""
        self._proc: subprocess.Popen[bytes] | None = None

    def read(self, spec: str) -> tuple[str, str, bytes] | None:
        """(object id, type, bytes) of what `spec` names, or None when it names nothing."""
        if "\n" in spec and not self.nul:
            return None
        if self._proc is None:
            self._proc = self.git.popen("cat-file", *(["-z"] if self.nul else []), "--batch")
        proc = self._proc
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(spec.encode("utf-8", "surrogateescape") + (b"\0" if self.nul else b"\n"))
            proc.stdin.flush()
            header = proc.stdout.readline()
        except OSError:
            header = b""
        if not header:
            self.close()
            raise GitError("git cat-file stopped answering")
        parts = header.split()
        if len(parts) != 3:
            return None
        size = int(parts[2])
        data = proc.stdout.read(size + 1)[:size]
        return parts[0].decode(), parts[1].decode(), data

    def close(self) -> None:
        """End the `cat-file` process."""
        if self._proc is not None:
            proc, self._proc = self._proc, None
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.close()
            proc.stdout.close()
            proc.wait()


def tree_entries(data: bytes) -> list[tuple[int, str, str]]:
    """A raw tree object's entries: (mode, name, object id)."""
    entries = []
    at = 0
    while at < len(data):
        space = data.index(b" ", at)
        nul = data.index(b"\0", space)
        mode = int(data[at:space], 8)
        name = data[space + 1 : nul].decode("utf-8", "surrogateescape")
        entries.append((mode, name, data[nul + 1 : nul + 21].hex()))
        at = nul + 21
    return entries


def resolve_commit(where: BoardRepo, rev: str) -> str:
    """The commit id `rev` names, as `git rev-parse` reads it (see `rev_parse`), or RevisionError."""
    return rev_parse(where, rev)


def rev_parse(where: BoardRepo, rev: str) -> str:
    """The full id of the commit `rev` names, as `git rev-parse` reads it, or RevisionError saying why.

    Anything git takes works (`HEAD@{yesterday}`, `:/message`, `main...`):
    git resolves it, never a reimplementation. In a shallow clone a
    revision that is not there says so and names the fetch that brings it.
    """
    if rev.startswith("-"):
        raise RevisionError(f"unknown revision {rev!r}")
    done = where.git.attempt("rev-parse", "--verify", "--end-of-options", rev)
    if done.returncode != 0:
        raise RevisionError(_unknown(where, rev, done.stderr))
    sha = done.stdout.strip()
    kind = where.git.run("cat-file", "-t", sha).strip()
    if kind == "tag":
        return where.git.run("rev-parse", "--verify", f"{sha}^{{commit}}").strip()
    if kind != "commit":
        raise RevisionError(f"{rev!r} names no commit")
    return sha


def _unknown(where: BoardRepo, rev: str, stderr: str) -> str:
    """Why `rev` names nothing: git's own reason, or that a shallow clone does not hold it."""
    reasons = [
        line.removeprefix("fatal: ")
        for line in stderr.splitlines()
        if line.startswith("fatal: ") and "Needed a single revision" not in line
    ]
    if reasons:  # git knows why (`log for 'HEAD' only has 3 entries`): that is the answer
        return f"unknown revision {rev!r}: {reasons[-1]}"
    if is_shallow(where):
        return f"{rev!r} is not in this shallow clone; fetch it with: {_fetch_for(where, rev)}"
    return f"unknown revision {rev!r}"


def _fetch_for(where: BoardRepo, rev: str) -> str:
    """The fetch that brings `rev` into a shallow clone: one commit of a remote branch, else the history."""
    remote, slash, branch = rev.partition("/")
    if slash and branch and remote in where.git.run("remote").split():
        return f"git fetch --depth=1 {remote} {branch}"
    return "git fetch --unshallow (or fetch-depth: 0 in actions/checkout)"


def is_shallow(where: BoardRepo) -> bool:
    """Whether the repository is a shallow clone: some commits' parents are not in it."""
    return bool(shallow_boundary(where))


def shallow_boundary(where: BoardRepo) -> frozenset[str]:
    """The commits of a shallow clone whose parents it does not hold (none when it is complete)."""
    common = Path(where.git.run("rev-parse", "--git-common-dir").strip())
    path = common if common.is_absolute() else where.top / common
    try:
        return frozenset((path / "shallow").read_text(encoding="ascii").split())
    except OSError:
        return frozenset()


def merge_base(path: Path, first: str, second: str) -> str:
    """The commit id of the best common ancestor of two revisions (`git merge-base`).

    RevisionError for a revision that names no commit; GitError when they share no history.
    """
    where = locate(path)
    a, b = resolve_commit(where, first), resolve_commit(where, second)
    try:
        return where.git.run("merge-base", a, b).split()[0]
    except (GitError, IndexError):
        raise GitError(f"{first} and {second} have no common history") from None


def board_sources_at(board_root: Path, rev: str, history: BoardHistory | None = None) -> list[SourceFile] | None:
    """The board's files as they were at `rev`, parsed; None when it had no board there.

    Reads blobs from git's object store, never the work tree, with the same
    file selection and the same refusals (symlinks, size) as reading from disk.
    """
    mine = history is None
    history = history or BoardHistory(board_root)
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


class BoardHistory:
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
        if not revisions and not self.where.git.ok("rev-parse", "-q", "--verify", "HEAD^{commit}"):
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
        teams = names.get(TEAMS_DIR)
        if teams is None:
            return Listing(tuple(entries), ())
        if teams[0] != _TREE_MODE:
            return Listing(tuple(entries), (), teams_not_dir=True)
        read = self.objects.read(teams[1])
        listed = tree_entries(read[2] if read else b"")
        # Blobs are files; trees and submodules (git's "commit" entries) are directories.
        blobs = {name: (mode, sha) for mode, name, sha in listed if mode in _BLOB_MODES}
        directories = {name for mode, name, _ in listed if mode not in _BLOB_MODES}
        paths, refused = select_team_files([*blobs, *directories])
        for path in paths:
            name = path.rsplit("/", 1)[1]
            if name in directories:
                entries.append((path, "", _DIRECTORY_MODE))
            else:
                mode, sha = blobs[name]
                entries.append((path, sha, mode))
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
                self._filters = bool(self.where.git.run("config", "--get-regexp", r"^filter\.").strip())
            except NoSpace:
                raise
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
            self._parsed[(path, sha)] = parse_source(path, data)

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
            if len(data) > MAX_FILE_BYTES:
                source = refused_source(path, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            else:
                source = parse_source(path, data)
        self._parsed[(path, sha)] = source
        return source


# -- committing ------------------------------------------------------------------------

_BUSY = (
    ("MERGE_HEAD", "a merge"),
    ("rebase-merge", "a rebase"),
    ("rebase-apply", "a rebase or git am"),
    ("CHERRY_PICK_HEAD", "a cherry-pick"),
    ("REVERT_HEAD", "a revert"),
    ("BISECT_LOG", "a bisect"),
)


def branch_tip(where: BoardRepo) -> tuple[str, str | None]:
    """(the branch ref HEAD is on, the commit it points at; None before the first commit).

    Refuses a detached HEAD and a repository busy with a merge, rebase,
    cherry-pick, revert or bisect: a commit there would land somewhere the
    user does not expect.
    """
    for name, what in _BUSY:
        if (where.git_dir / name).exists():
            raise Busy(f"{what} is in progress in this repository; finish or abort it first")
    try:
        ref = where.git.run("symbolic-ref", "-q", "HEAD").strip()
    except NoSpace:
        raise
    except GitError:
        raise Busy("HEAD is detached; check out a branch before editing the board") from None
    return ref, ref_tip(where, ref)


def ref_tip(where: BoardRepo, ref: str) -> str | None:
    """The commit `ref` points at now, or None when it does not exist yet."""
    try:
        return where.git.run("rev-parse", "--verify", "-q", f"{ref}^{{commit}}").strip() or None
    except NoSpace:
        raise
    except GitError:
        return None


def changed_paths(where: BoardRepo, paths: list[str]) -> list[str]:
    """Those of `paths` (relative to the top) with uncommitted changes, staged or not, or untracked."""
    if not paths:
        return []
    out = where.git.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths)
    return [entry[3:] for entry in out.split("\0") if len(entry) > 3]


def store_blob(where: BoardRepo, path: str, data: bytes) -> str:
    """Write `data` as the blob git would make for `path` (its filters applied); returns its id."""
    return where.git.run("hash-object", "-w", "--stdin", f"--path={path}", stdin=data).strip()


def modes_at(where: BoardRepo, rev: str | None, paths: list[str]) -> dict[str, str]:
    """The mode of each of `paths` that exists at `rev` (e.g. 100644, 100755)."""
    if rev is None or not paths:
        return {}
    out = where.git.run("ls-tree", "-z", rev, "--", *paths)
    modes = {}
    for entry in out.split("\0"):
        if entry:
            meta, _, path = entry.partition("\t")
            modes[path] = meta.split()[0]
    return modes


def index_info(blobs: dict[str, tuple[str, str] | None]) -> bytes:
    """`update-index -z --index-info` input: each path's (mode, blob), or its removal."""
    lines = []
    for path, entry in blobs.items():
        mode, sha = entry if entry else ("0", ZERO)
        lines.append(f"{mode} {sha}\t{path}\0")
    return "".join(lines).encode("utf-8", "surrogateescape")


def make_commit(
    where: BoardRepo,
    parent: str | None,
    blobs: dict[str, tuple[str, str] | None],
    message: str,
    who: Identity,
) -> str:
    """A commit of `parent` with `blobs` (path → (mode, blob), None: removed); the branch is not moved.

    Built in a temporary index from objects only: neither the work tree nor
    the user's index is read, so nothing anyone changes meanwhile slips in.
    Signed when the user's `commit.gpgsign` says so, as `git commit` would.
    """
    where.state_dir.mkdir(exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="index-", dir=where.state_dir)
    os.close(fd)
    index = Path(name)
    index.unlink()
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        where.git.run("read-tree", *([parent] if parent else ["--empty"]), env=env)
        where.git.run_bytes("update-index", "-z", "--index-info", env=env, stdin=index_info(blobs))
        tree = where.git.run("write-tree", env=env).strip()
    finally:
        index.unlink(missing_ok=True)
        Path(f"{index}.lock").unlink(missing_ok=True)
    args = ["commit-tree", tree]
    if parent:
        args += ["-p", parent]
    sign = signing(where)
    args += sign
    try:
        return where.git.run(*args, env=who.env(), stdin=message).strip()
    except NoSpace:
        raise
    except GitError as exc:
        if sign:
            raise GitError(
                f"commit.gpgsign is set but the commit could not be signed ({exc}); nothing was committed"
            ) from None
        raise


def signing(where: BoardRepo) -> list[str]:
    """`commit-tree`'s signing option when `commit.gpgsign` asks for signed commits, as `git commit` reads it."""
    return ["-S"] if where.git.config_bool("commit.gpgsign") else []


def move_branch(where: BoardRepo, ref: str, new: str, old: str | None, message: str) -> None:
    """Point `ref` at `new` only if it still points at `old` (compare and swap)."""
    try:
        where.git.run(
            "update-ref", "-m", f"trioboard: {one_line(message.partition(chr(10))[0])}", ref, new, old or ZERO
        )
    except NoSpace:
        raise
    except GitError:
        if ref_tip(where, ref) != old:
            raise BranchMoved("the branch moved while this edit was being made; nothing was committed") from None
        raise


def file_at(where: BoardRepo, rev: str, path: str) -> bytes | None:
    """`path` at `rev` as git would check it out (filters applied), or None when it is not there."""
    if not where.git.ok("cat-file", "-e", f"{rev}:{path}"):
        return None
    return where.git.run_bytes("cat-file", "--filters", f"{rev}:{path}")


def blob_at(where: BoardRepo, rev: str, path: str) -> bytes | None:
    """The raw bytes of `path` at `rev`, or None when it is not there."""
    if not where.git.ok("cat-file", "-e", f"{rev}:{path}"):
        return None
    return where.git.run_bytes("cat-file", "blob", f"{rev}:{path}")


def files_changed(where: BoardRepo, sha: str) -> list[str]:
    """The paths (relative to the top) that commit `sha` changed inside the board."""
    args = ["diff-tree", "--no-commit-id", "-r", "-z", "--name-only", "--root", sha]
    if where.prefix:
        args += ["--", where.prefix]
    out = where.git.run(*args)
    return [p for p in out.split("\0") if p]


def is_ancestor(where: BoardRepo, sha: str, tip: str) -> bool:
    """Whether `sha` is in the history of `tip`."""
    return where.git.ok("merge-base", "--is-ancestor", sha, tip)


def subject(where: BoardRepo, sha: str) -> str:
    """A commit's one-line message."""
    return where.git.run("log", "-1", "--format=%s", sha).strip()


def merge_file(where: BoardRepo, ours: bytes, base: bytes, theirs: bytes) -> bytes | None:
    """`git merge-file`: apply base→theirs onto ours; None on a conflict."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(str(path))
        try:
            return where.git.run_bytes("merge-file", "-p", *paths)
        except NoSpace:
            raise
        except GitError:
            return None


def is_regular_or_absent(path: Path) -> bool:
    """Whether `path` is a regular file or does not exist (never a link, directory or device)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True

"""Reading git's configuration, as git itself reads it (includes, scopes, types).

Values are asked of `git config`, never parsed from the files: conditional
includes, `--type=bool` spellings and the precedence of scopes are git's.
Writing stays with `git config` too (`store.gitsetup`), so the user's
comments and quoting survive byte for byte.
"""

from __future__ import annotations

from trioboard.core.errors import GitError
from trioboard.store.git.runner import Git, NoSpace, Runs


def value(git: Runs, key: str) -> str:
    """A configuration value ("" when unset, or when git cannot read the configuration)."""
    return _ask(git, "--get", key)


def flag(git: Runs, key: str) -> bool:
    """A boolean configuration value as git interprets it (`yes`, `on`, `1`…); false when unset."""
    return _ask(git, "--type=bool", "--get", key) == "true"


def any_matching(git: Git, pattern: str) -> bool:
    """Whether any key matches the regular expression `pattern` (`^filter\\.`)."""
    return bool(_ask(git, "--get-regexp", pattern))


def _ask(git: Runs, *args: str) -> str:
    try:
        return git.run_bytes("config", *args).decode("utf-8", "surrogateescape").strip()
    except NoSpace:
        raise
    except GitError:  # exit 1: no such key
        return ""


def remotes(git: Git) -> list[str]:
    """The names of the repository's remotes (`git remote`), in git's order."""
    return git.run("remote").split()


def has_remote(git: Git) -> bool:
    """Whether the repository has any remote to sync with."""
    return bool(remotes(git))

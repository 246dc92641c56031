"""Who a commit is by, and commit text that cannot break a later reader.

The author is `--author` when given, else git's configured user; never a
guess. Names, e-mails and subjects are kept to one printable line: a control
character in them breaks every later `git log` reader, trioboard's own
included.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from trioboard.core.errors import NoIdentity
from trioboard.core.people import email_problem, name_problem
from trioboard.store.git import config
from trioboard.store.git.repository import BoardRepo
from trioboard.store.git.runner import GitAt

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_AUTHOR = re.compile(r"\s*([^<>\n]+?)\s*<([^<>\s]+)>\s*")


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a commit is by."""

    name: str
    email: str
    committer: Identity | None = None
    """Who records the commit for the author (`trioboard serve`: the server's git user); None: the author."""
    when: str | None = None
    """The commit's date (author and committer) in a form git reads (ISO 8601); None: now.

    Only the demo's history sets it: everything a person does is dated by git.
    """

    def env(self) -> dict[str, str]:
        """Environment for git: this person as author, and as committer unless another is named."""
        committer = self.committer or self
        dated = {} if self.when is None else {"GIT_AUTHOR_DATE": self.when, "GIT_COMMITTER_DATE": self.when}
        return {
            "GIT_AUTHOR_NAME": self.name,
            "GIT_AUTHOR_EMAIL": self.email,
            "GIT_COMMITTER_NAME": committer.name,
            "GIT_COMMITTER_EMAIL": committer.email,
            **dated,
        }


def parse_author(text: str) -> Identity:
    """`Name <email>` → Identity, or NoIdentity naming the expected form.

    The name and the email follow `core.people`'s rule, the one a `serve`
    visitor's answer is held to at its field.
    """
    match = _AUTHOR.fullmatch(text)
    if _CONTROL.search(text.strip()):
        # Such a name breaks every later `git log` reader, trioboard's own included.
        raise NoIdentity(f"--author must be printable text on one line, 'Name <email>', not {text!r}")
    if not match:
        raise NoIdentity(f"--author must look like 'Name <email>', not {text!r}")
    why = name_problem(match.group(1)) or email_problem(match.group(2))
    if why:
        raise NoIdentity(f"--author: {why}, not {text!r}")
    return Identity(match.group(1), match.group(2))


def one_line(message: str) -> str:
    """A commit subject that no text can turn into a second line or a trailer."""
    return " ".join(_CONTROL.sub(" ", message).split())


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
    git = where.git if isinstance(where, BoardRepo) else GitAt(where, literal=False)
    name = os.environ.get("GIT_AUTHOR_NAME") or config.value(git, "user.name")
    email = os.environ.get("GIT_AUTHOR_EMAIL") or config.value(git, "user.email")
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

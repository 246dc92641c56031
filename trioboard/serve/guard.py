"""Who may reach a served board: the token, its cookie, and the websocket's Origin.

Pure functions, so each rule is tested on its own. The token is compared in
constant time (`hmac.compare_digest`), so a wrong guess says nothing about
how close it was.
"""

from __future__ import annotations

import hmac
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""Addresses only this machine reaches: serving elsewhere warns that anyone with the link gets in."""
COOKIE = "trioboard_token"
"""The cookie that carries the token once the link has been opened (its name ends with the port)."""
QUERY = "token"
"""The link's query parameter."""
TOKEN_BYTES = 24
"""192 random bits (SPEC: at least 128)."""
MIN_FILE_TOKEN = 22
"""A token from a file must be at least as long as 128 bits written in base64."""
_TOKEN = re.compile(r"[A-Za-z0-9._~-]+")
"""URL-safe characters only: the token goes into a link unencoded."""


class BadToken(ValueError):
    """A token file that cannot be used; the message says why."""


def new_token() -> str:
    """A fresh random token, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def read_token(path: Path) -> str:
    """The token in `path` (surrounding whitespace ignored), or `BadToken`."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadToken(f"cannot read the token file {path}: {exc}") from None
    if not _TOKEN.fullmatch(token):
        raise BadToken(f"the token in {path} must be letters, digits, '.', '_', '~' or '-' only")
    if len(token) < MIN_FILE_TOKEN:
        raise BadToken(f"the token in {path} is too short: at least {MIN_FILE_TOKEN} characters")
    return token


def cookie_name(host: str) -> str:
    """The token's cookie for the server the browser reached at `host` (the Host header).

    Browsers share cookies between the ports of one host: with the port in its
    name, a second board served on the same machine does not replace the
    first one's cookie.
    """
    port = host.rpartition(":")[2] if not host.endswith("]") else ""
    return f"{COOKIE}_{port}" if port.isdigit() else COOKIE


def matches(given: str | None, token: str) -> bool:
    """Whether `given` is the token, compared in constant time."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode("utf-8"))


def same_origin(origin: str | None, host: str) -> bool:
    """Whether a websocket's `Origin` is the page this server served at `host` (the Host header).

    A page on another site may open a websocket to any address the browser
    can reach; browsers always send its Origin, so a missing or foreign one
    is refused. The Host header, not the bound address, is what the visitor's
    browser sees (an ssh tunnel forwards `localhost:9000` to the server).
    """
    if not origin or not host:
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()

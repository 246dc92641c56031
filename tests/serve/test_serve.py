"""`trioboard serve` without a browser: the token, the cookie, the Origin, the log, the CLI.

Each test runs the real server in a subprocess on a free loopback port and
speaks HTTP and websockets to it as a browser would (or as an attacker's page
would make a browser do).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from trioboard.serve import guard

from helpers import demo_repo
from helpers.serve import Served, wait_for


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return demo_repo(tmp_path)


def get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], str]:
    """GET `url`: status, headers, body (an error status is a result, not an exception)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


async def open_websocket(base: str, cookie: str | None, origin: str | None) -> int:
    """Open the app's websocket; the handshake's HTTP status (101 when it opened), closing it at once."""
    headers = {k: v for k, v in (("Cookie", cookie), ("Origin", origin)) if v}
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(f"{base.replace('http', 'ws')}/ws", headers=headers) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def test_without_the_token_every_route_is_403_and_no_app_starts(board: Path, tmp_path: Path) -> None:
    with Served(board, log_dir=tmp_path) as served:
        wrong = "x" * len(served.token)
        name = guard.cookie_name(served.base.removeprefix("http://"))
        for path in ("/", "/static/js/textual.js", "/static/css/xterm.css", "/ws", "/nothing-here"):
            assert get(served.base + path)[0] == 403, path
            assert get(f"{served.base}{path}?token={wrong}")[0] == 403, path
            assert get(served.base + path, cookie=f"{name}={wrong}")[0] == 403, path
        assert get(f"{served.base}/?token={served.token[:-1]}")[0] == 403
        for cookie in (None, f"{name}={wrong}", f"{guard.COOKIE}={served.token}"):
            assert asyncio.run(open_websocket(served.base, cookie, served.base)) == 403
        assert served.apps() == set()
        assert served.stop() == 0


def test_the_link_becomes_an_httponly_strict_cookie_and_the_token_stays_out_of_the_log(
    board: Path, tmp_path: Path
) -> None:
    with Served(board, log_dir=tmp_path) as served:
        status, headers, body = get(served.link)
        assert status == 200
        cookie = headers["Set-Cookie"]
        port = served.base.rsplit(":", 1)[1]
        assert cookie.startswith(f"{guard.COOKIE}_{port}={served.token};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert "history.replaceState" in body  # the token leaves the address bar
        # With the cookie alone: the page, its assets and the websocket.
        jar = f"{guard.COOKIE}_{port}={served.token}"
        assert get(served.base + "/", cookie=jar)[0] == 200
        assert get(served.base + "/static/js/textual.js", cookie=jar)[0] == 200
        assert get(f"{served.base}/static/css/xterm.css?token={served.token}")[0] == 200
        assert served.stop() == 0
        log = served.log()
    assert "GET / 200" in log
    assert served.token not in log
    assert served.token in served.first_line and served.first_line.count(served.token) == 1


def test_a_websocket_from_another_origin_is_refused_and_a_closed_one_ends_its_app(board: Path, tmp_path: Path) -> None:
    with Served(board, log_dir=tmp_path) as served:
        jar = f"{guard.cookie_name(served.base.removeprefix('http://'))}={served.token}"
        for origin in ("http://evil.example", "http://127.0.0.1.evil.example", None, "null"):
            assert asyncio.run(open_websocket(served.base, jar, origin)) == 403, origin
        assert served.apps() == set()

        async def visit() -> set[int]:
            async with aiohttp.ClientSession() as session:
                url = f"{served.base.replace('http', 'ws')}/ws?width=100&height=30"
                async with session.ws_connect(url, headers={"Cookie": jar, "Origin": served.base}) as ws:
                    await ws.receive(timeout=20)  # the app's first screen bytes
                    started = served.apps()
                    await ws.close()
            return started

        started = asyncio.run(visit())
        assert len(started) == 1
        wait_for(lambda: served.apps() == set(), 5, "the app of a closed websocket did not end")
        assert served.stop() == 0


def test_another_host_than_localhost_warns_on_stderr(board: Path, tmp_path: Path) -> None:
    with Served(board, "--host", "127.0.0.2", log_dir=tmp_path) as served:
        assert served.base.startswith("http://127.0.0.2:")
        assert served.stop() == 0
        warning = served.log().splitlines()[0]
    assert warning == (
        "trioboard: warning: serving on 127.0.0.2: anyone who can reach this address and has the link "
        "can edit the board (an ssh tunnel to 127.0.0.1 is safer)"
    )


def test_the_token_can_come_from_a_file(board: Path, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("a-long-enough-shared-secret-0123\n")
    with Served(board, "--token-file", str(token_file), log_dir=tmp_path) as served:
        assert served.token == "a-long-enough-shared-secret-0123"
        assert served.stop() == 0


def run_serve(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trioboard", "serve", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.mark.parametrize(
    ("content", "says"),
    [("short", "too short"), ("has spaces in it, which a link cannot carry", "letters, digits")],
)
def test_a_bad_token_file_is_one_line_and_exit_2(board: Path, tmp_path: Path, content: str, says: str) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(content)
    done = run_serve(str(board), "--token-file", str(token_file), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("trioboard: error: ") and says in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert done.stdout == ""


def test_serving_for_edits_needs_a_git_identity_to_commit_with(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    done = run_serve(str(board), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("trioboard: error: the server commits for its visitors as its own git user: ")
    assert len(done.stderr.splitlines()) == 1


def test_guard_rules() -> None:
    token = guard.new_token()
    assert len(token) >= 22 and guard.matches(token, token)
    assert not guard.matches(None, token)
    assert not guard.matches(token[:-1], token)
    assert not guard.matches(token + "x", token)
    assert not guard.matches("é" * 8, token)
    assert guard.new_token() != token
    assert guard.same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert guard.same_origin("http://LOCALHOST:9000", "localhost:9000")
    assert guard.same_origin("https://board.example", "board.example")
    assert not guard.same_origin("http://127.0.0.1:8001", "127.0.0.1:8000")
    assert not guard.same_origin("http://evil.example", "127.0.0.1:8000")
    assert not guard.same_origin("null", "127.0.0.1:8000")
    assert not guard.same_origin(None, "127.0.0.1:8000")
    assert not guard.same_origin("file://127.0.0.1:8000", "127.0.0.1:8000")
    assert guard.cookie_name("127.0.0.1:8000") == "trioboard_token_8000"
    assert guard.cookie_name("[::1]:8001") == "trioboard_token_8001"
    assert guard.cookie_name("[::1]") == guard.cookie_name("board.example") == "trioboard_token"


def test_a_closed_tab_frees_its_seat_at_once(board: Path, tmp_path: Path) -> None:
    """With --max-visitors 1 the next visitor gets in as soon as the first closes the tab, not when the app ends."""
    with Served(board, "--max-visitors", "1", log_dir=tmp_path) as served:
        jar = f"{guard.cookie_name(served.base.removeprefix('http://'))}={served.token}"

        async def visit_and_leave() -> None:
            async with aiohttp.ClientSession() as session:
                url = f"{served.base.replace('http', 'ws')}/ws?width=100&height=30"
                async with session.ws_connect(url, headers={"Cookie": jar, "Origin": served.base}) as ws:
                    await ws.receive(timeout=20)  # the app's first screen bytes: the seat is taken
                    assert get(served.base + "/", cookie=jar)[0] == 503
                    await ws.close()

        asyncio.run(visit_and_leave())
        # Before, the seat stayed taken until the app process had ended (about 3 s).
        wait_for(lambda: get(served.base + "/", cookie=jar)[0] == 200, 1.0, "the seat was not freed")
        assert served.stop() == 0

"""`trioboard serve` in a real browser: Debian's chromium driven by Playwright.

The terminal is drawn on a canvas, so the tests read what a visitor sees from
xterm.js's own buffer: an init script catches textual-serve's terminal object
as it is built (its constructor sets `websocket_url` on itself first) and
`window.__screen()` returns the visible rows as text.

CI installs chromium (.ci/run), so there these tests run; elsewhere they skip
when the browser is missing.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from helpers import demo_repo, git
from helpers.serve import Served, wait_for

if TYPE_CHECKING:
    import playwright.sync_api as playwright_api
else:
    playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'websocket_url', {
  configurable: true, enumerable: false,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, 'websocket_url', {value, writable: true, configurable: true, enumerable: true});
    window.__textual = this;
  },
});
window.__screen = () => {
  const terminal = window.__textual && window.__textual.terminal;
  if (!terminal) return '';
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : '');
  }
  return rows.join('\\n');
};
"""
SERVER = "Test Planner <planner@example.com>"


def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright_api.Browser]:
    executable = chromium()
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def board(tmp_path: Path) -> Path:
    return demo_repo(tmp_path)


@pytest.fixture
def other_site() -> Iterator[str]:
    """A page on another origin of this machine, as an attacker's page would be."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>nothing to see</body></html>")

        def log_message(self, *args: object) -> None:
            pass

    with socketserver.TCPServer(("127.0.0.1", 0), Page) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()


class Visitor:
    """One person at one browser: their own context (cookies), one tab."""

    def __init__(self, browser: playwright_api.Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 860})
        self.context.add_init_script(CATCH_TERMINAL)
        self.page = self.context.new_page()

    def open(self, url: str) -> int:
        response = self.page.goto(url)
        assert response is not None
        return response.status

    def screen(self) -> str:
        return str(self.page.evaluate("window.__screen()"))

    def sees(self, text: str, timeout: float = 20.0) -> None:
        try:
            self.page.wait_for_function(
                "text => window.__screen().includes(text)", arg=text, timeout=timeout * 1000, polling=50
            )
        except playwright_api.TimeoutError:
            raise AssertionError(f"{text!r} not on screen within {timeout} s:\n{self.screen()}") from None

    def keys(self, *keys: str) -> None:
        self.page.locator(".xterm-helper-textarea").focus()
        for key in keys:
            if key in ("Enter", "Tab", "Escape"):
                # A moment first, as a person takes one: the app handles keys in order, but a key
                # that moves the focus acts only when the keys before it have reached their widget.
                time.sleep(0.2)
                self.page.keyboard.press(key)
                time.sleep(0.2)
            else:
                self.page.keyboard.type(key)

    def say_who(self, name: str, email: str) -> None:
        self.sees("Who is planning?")
        self.keys(name, "Tab", email, "Enter")
        self.sees("◎ grow-retention")

    def close(self) -> None:
        self.context.close()


def head(board: Path) -> str:
    return git(board, "rev-parse", "HEAD").strip()


def test_the_link_shows_the_board_and_nothing_else_starts_an_app(
    browser: playwright_api.Browser, board: Path, tmp_path: Path, other_site: str
) -> None:
    with Served(board, log_dir=tmp_path) as served:
        stranger = Visitor(browser)
        assert stranger.open(served.base + "/") == 403
        assert stranger.open(f"{served.base}/?token={'x' * len(served.token)}") == 403
        assert "needs its token" in stranger.page.content()
        stranger.close()
        assert served.apps() == set()

        ada = Visitor(browser)
        assert ada.open(served.link) == 200
        ada.say_who("Ada Lovelace", "ada@example.com")
        for goal in ("grow-retention", "grow-revenue", "expand-eu", "trust-safety", "cut-cost-to-serve"):
            ada.sees(goal)
        ada.sees("Grow 90-day renter retention from 38% to 45%")
        assert ada.page.url == served.base + "/"  # the token left the address bar
        assert len(served.apps()) == 1

        # A page of another origin in the same browser (it has the cookie: same site, another port)
        # cannot open the app: the server refuses its websocket.
        ada.page.goto(other_site)
        opened = ada.page.evaluate(
            """url => new Promise(done => {
                 const ws = new WebSocket(url);
                 ws.onopen = () => done(true);
                 ws.onerror = ws.onclose = () => done(false);
               })""",
            served.base.replace("http", "ws") + "/ws",
        )
        assert opened is False
        wait_for(lambda: "refused a websocket from another origin" in served.log(), 5, "no refusal logged")
        ada.close()
        wait_for(lambda: served.apps() == set(), 5, "the app of a closed tab did not end")
        assert served.stop() == 0


def test_two_visitors_edit_as_themselves_and_see_each_other_within_2_seconds(
    browser: playwright_api.Browser, board: Path, tmp_path: Path
) -> None:
    with Served(board, log_dir=tmp_path) as served:
        ada, ben = Visitor(browser), Visitor(browser)
        ada.open(served.link)
        ben.open(served.link)
        ada.say_who("Ada Lovelace", "ada@example.com")
        ben.say_who("Ben Ode", "ben@example.com")
        before = head(board)
        ada.keys("g")
        ada.sees("New company goal")
        ada.keys("Win the north", "Enter")
        wait_for(lambda: head(board) != before, 15, "Ada's edit was not committed")
        landed = time.monotonic()
        assert git(board, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%s").strip() == (
            f"Ada Lovelace <ada@example.com>|{SERVER}|Add goal win-the-north"
        )
        ben.sees("win-the-north", timeout=2.0)
        assert time.monotonic() - landed <= 2.0
        ada.close()
        ben.close()
        assert served.stop() == 0


def test_read_only_serves_a_review_that_changes_nothing(
    browser: playwright_api.Browser, board: Path, tmp_path: Path
) -> None:
    with Served(board, "--read-only", log_dir=tmp_path) as served:
        before = head(board)
        reviewer = Visitor(browser)
        reviewer.open(served.link)
        reviewer.sees("◎ grow-retention")
        assert "Who is planning?" not in reviewer.screen()
        reviewer.keys("g", "Win the north", "Enter", "z", "x", "b", "t")
        time.sleep(1.5)
        assert "New company goal" not in reviewer.screen()
        assert head(board) == before
        assert git(board, "status", "--porcelain") == ""
        reviewer.close()
        assert served.stop() == 0


def test_the_visitor_after_the_last_seat_is_told_the_board_is_full(
    browser: playwright_api.Browser, board: Path, tmp_path: Path
) -> None:
    with Served(board, "--max-visitors", "1", log_dir=tmp_path) as served:
        ada, ben = Visitor(browser), Visitor(browser)
        ada.open(served.link)
        ada.sees("Who is planning?")
        assert ben.open(served.link) == 503
        assert "The board is full" in ben.page.content()
        assert len(served.apps()) == 1
        ada.close()
        wait_for(lambda: served.apps() == set(), 5, "the first visitor's app did not end")
        assert ben.open(served.link) == 200  # a seat is free again
        ben.sees("Who is planning?")
        ben.close()
        assert served.stop() == 0


def test_ctrl_c_ends_every_app_and_leaves_no_edit_half_made(
    browser: playwright_api.Browser, board: Path, tmp_path: Path
) -> None:
    served = Served(board, log_dir=tmp_path)
    with served:
        ada, ben = Visitor(browser), Visitor(browser)
        ada.open(served.link)
        ben.open(served.link)
        ada.say_who("Ada Lovelace", "ada@example.com")
        ben.say_who("Ben Ode", "ben@example.com")
        apps = served.apps()
        assert len(apps) == 2
        ada.keys("g")
        ada.sees("New company goal")
        ada.keys("Win the north", "Enter")  # and stop the server while it commits
        assert served.stop(signal.SIGINT) == 0
        for pid in apps:
            assert not Path(f"/proc/{pid}").exists(), f"app {pid} outlived the server"
        ada.close()
        ben.close()
    assert git(board, "status", "--porcelain") == ""
    assert not (board / ".git" / "trioboard" / "journal").exists()

"""The server: textual-serve's page, assets and websocket, behind the guard.

textual-serve starts one app process per websocket. Here each process is
`sys.executable -m trioboard BOARD …` (no shell, no PATH), in a session of
its own so that ctrl+c in the server's terminal reaches the server only: the
server then asks every app to quit, and an app finishes the edit it is
committing before it exits (Textual waits for its thread workers), so a
clean stop leaves nothing for recovery.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from textual_serve.app_service import AppService
from textual_serve.server import Server

from trioboard.serve import guard

log = logging.getLogger("trioboard.serve")

QUIT_SECONDS = 5.0
"""How long an app has to finish its edit and exit when asked, before SIGTERM."""
KILL_SECONDS = 5.0
"""How long after SIGTERM before SIGKILL."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Settings:
    """What `trioboard serve` was asked to do."""

    root: Path
    board_name: str
    host: str
    port: int
    token: str
    max_visitors: int
    read_only: bool
    committer: str | None
    """`Name <email>` that records the visitors' commits; None when read-only."""

    def app_argv(self) -> list[str]:
        """The command that runs one visitor's app: this interpreter, never a PATH lookup."""
        argv = [sys.executable, "-m", "trioboard", str(self.root)]
        if self.read_only:
            return [*argv, "--read-only"]
        assert self.committer is not None
        return [*argv, "--committer", self.committer]

    def link(self, port: int) -> str:
        """The link to hand out: it carries the token."""
        host = socket.gethostname() if self.host in ("0.0.0.0", "::", "") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}/?{guard.QUERY}={self.token}"


def page(title: str, text: str, status: int) -> web.Response:
    """A small page for a refusal; it starts nothing."""
    body = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>trioboard: {title}</title></head>"
        "<body style='font-family: sans-serif; margin: 3em'>"
        f"<h1>{title}</h1><p>{text}</p></body></html>"
    )
    return web.Response(text=body, status=status, content_type="text/html")


def forbidden() -> web.Response:
    return page("This link needs its token", "Ask whoever runs <code>trioboard serve</code> for the link.", 403)


# Take the token out of the address bar once the cookie carries it.
_FORGET_TOKEN = "<script>history.replaceState(null, '', location.pathname);</script></head>"


class AccessLog(AbstractAccessLogger):
    """One line per request, without the query string: the token never reaches the log."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %s %s", request.method, request.path, response.status, f"{time * 1000:.0f}ms")


class VisitorApp(AppService):
    """One visitor's app process."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = argv
        self._stopping: asyncio.Task[None] | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        """The app's process id, once started."""
        return None if self._process is None else self._process.pid

    async def stop(self) -> None:
        """Ask the app to quit, then insist; returns when the process is gone. Safe to call twice."""
        if self._stopping is None:
            self._stopping = asyncio.create_task(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(Exception):
                await self.send_meta({"type": "quit"})
            for sig, wait in ((None, QUIT_SECONDS), (signal.SIGTERM, KILL_SECONDS), (signal.SIGKILL, None)):
                if sig is not None:
                    with contextlib.suppress(ProcessLookupError):
                        process.send_signal(sig)
                try:
                    await asyncio.wait_for(process.wait(), wait)
                    break
                except TimeoutError:
                    log.warning("app %s did not quit in %.0f s; sending %s", process.pid, wait, sig or "SIGTERM")
        if self._task is not None:
            await self._task
            self._task = None


class _Seat:
    """One admitted visitor's place under --max-visitors, freed once: when they leave, or when the request ends."""

    def __init__(self, server: BoardServer) -> None:
        self._server: BoardServer | None = server

    def free(self) -> None:
        if self._server is not None:
            self._server.free_seat()
            self._server = None


_SEAT = web.RequestKey("seat", _Seat)


class BoardServer(Server):
    """textual-serve's server with the token, Origin and visitor checks in front."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            shlex.join(settings.app_argv()),
            host=settings.host,
            port=settings.port,
            title=f"trioboard · {settings.board_name}",
            templates_path=Path(__file__).parent / "templates",
        )
        self.settings = settings
        self.visitors: dict[int, VisitorApp] = {}
        """The apps running now, by the id of their websocket handler."""
        self._slots = 0
        """Visitors admitted, counted before their app starts so two at once cannot both take the last seat."""

    # -- the web application ---------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        token = self.settings.token
        cookie = guard.cookie_name(request.host)
        by_cookie = guard.matches(request.cookies.get(cookie), token)
        by_query = guard.matches(request.query.get(guard.QUERY), token)
        if not (by_cookie or by_query):
            return forbidden()
        if request.path == "/ws":
            if not guard.same_origin(request.headers.get("Origin"), request.host):
                log.warning("refused a websocket from another origin")
                return page("Refused", "This page may only be opened from the server's own address.", 403)
            return await self._admitted(request, handler)
        if request.path == "/" and self._slots >= self.settings.max_visitors:
            return self._full()
        response = await handler(request)
        if by_query and not by_cookie:
            response.set_cookie(cookie, token, httponly=True, samesite="Strict", path="/")
            if isinstance(response, web.Response) and response.text and "</head>" in response.text:
                response.text = response.text.replace("</head>", _FORGET_TOKEN, 1)
        return response

    async def _admitted(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self._slots >= self.settings.max_visitors:
            return self._full()
        self._slots += 1
        request[_SEAT] = seat = _Seat(self)
        try:
            return await handler(request)
        finally:
            seat.free()

    def free_seat(self) -> None:
        """One visitor has left: the next may come in."""
        self._slots -= 1

    def _full(self) -> web.Response:
        limit = self.settings.max_visitors
        return page(
            "The board is full",
            f"{limit} {'person is' if limit == 1 else 'people are'} planning on this board already; "
            "try again when someone leaves.",
            503,
        )

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with the websocket at the address the browser used (an ssh tunnel may change it)."""
        scheme = "wss" if request.secure else "ws"
        return {
            "font_size": 16,
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One visitor: start their app, pass keys in and the screen out, stop it when they leave."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        app = VisitorApp(
            self.settings.app_argv(),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        key = id(app)
        try:
            await websocket.prepare(request)
            self.visitors[key] = app
            await app.start(width, height)
            log.info("visitor app %s started (%d running)", app.pid, len(self.visitors))
            await self._process_messages(websocket, app)
        except asyncio.CancelledError:
            pass
        except Exception as error:  # noqa: BLE001 - one visitor's failure must not stop the server
            log.warning("visitor app failed: %s", error)
        finally:
            # The visitor has left: their seat is free now, while their app finishes its edit and exits.
            request[_SEAT].free()
            await app.stop()
            self.visitors.pop(key, None)
            log.info("visitor app %s ended (%d running)", app.pid, len(self.visitors))
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    # -- running -----------------------------------------------------------------

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("trioboard serve: %(message)s"))
        for name in ("trioboard.serve", "aiohttp.access", "textual-serve"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(logging.INFO)
            logger.propagate = False

    async def run(self) -> None:
        """Serve until SIGINT or SIGTERM, then end every app and stop."""
        self.initialize_logging()
        # Before the link is printed: whoever has it may stop the server at once.
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        runner = web.AppRunner(await self._make_app(), access_log_class=AccessLog, shutdown_timeout=2.0)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.settings.host, self.settings.port)
            await site.start()
            port = runner.addresses[0][1]
            who = "read" if self.settings.read_only else "edit"
            print(f"Open {self.settings.link(port)} (anyone with this link can {who} the board; ctrl+c stops)")
            sys.stdout.flush()
            await stop.wait()
            log.info("stopping: ending %d visitor app(s)", len(self.visitors))
            await asyncio.gather(*(app.stop() for app in list(self.visitors.values())))
        finally:
            await runner.cleanup()


def _size(text: str | None, default: int) -> int:
    try:
        return max(1, min(1000, int(text or default)))
    except ValueError:
        return default


def serve(settings: Settings) -> None:
    """Run the server in this process until it is stopped (OSError when it cannot listen)."""
    asyncio.run(BoardServer(settings).run())

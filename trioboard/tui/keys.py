"""The key buffer: every key reaches the widget it was typed for, in the order typed.

A terminal hands the app keys in bursts (a fast typist, a paste, tmux over
ssh: many keys in one read). Textual would forward each to the widget
focused when the app reads it, at once and to that widget's own queue, so
the keys after one that opens a dialog went to the view behind it, and keys
that took different ways through the DOM overtook each other ("s-finjob").

Here the app hands keys on one at a time. A key is handed on only once the
one before has been handled all the way (by the widget and, bubbled up, by
the app's bindings, and what those posted in turn), and only while the
screen on top takes keys: a dialog that is still opening, or a form whose
values are being committed, holds the keys typed after it; they reach it, or
the view behind it once it has closed, in order.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer

Deliver = Callable[[events.Event], Awaitable[None]]
"""Hands one key or paste to Textual's own routing (the app's `on_event`)."""

ROUNDS = 2
"""How many times a key's way is followed to the app: the first sees the key itself handled,
the second what handling it posted (a field's Changed and Submitted, the binding it ran)."""

LOST = 1.0
"""Seconds without progress after which a key whose way lost a widget (removed meanwhile) counts as handled."""

STALLED = 5.0
"""Seconds without progress after which a key counts as handled whatever holds it: the keys after it
must never wait for ever (a marker a closing widget dropped)."""


def takes_keys(screen: Screen[object]) -> bool:
    """Whether the screen on top can be handed a key now: mounted, and not busy (see `Dialog.busy`)."""
    busy = getattr(screen, "busy", False)
    return screen.is_mounted and not busy


class KeyBuffer:
    """Keys and pastes as read, handed on one at a time (see the module's docstring)."""

    def __init__(self, app: App[Any], deliver: Deliver) -> None:
        self._app = app
        self._deliver = deliver
        self._pending: deque[events.Event] = deque()
        self._way: list[MessagePump] = []
        """The pumps the key in flight passes, from its widget up to the app; empty: none in flight."""
        self._round = 0
        self._hop = 0
        self._moved = 0.0
        """When the key in flight last moved on a step (`time.monotonic`)."""
        self._timer: Timer | None = None

    def start(self) -> None:
        """Start the check that lets keys go when a screen takes keys again (call once mounted)."""
        self._timer = self._app.set_interval(0.02, self.resume, pause=True)

    async def take(self, event: events.Event) -> None:
        """A key or paste as read from the terminal: handed on now or, if something is under way, later."""
        self._pending.append(event)
        await self._pump()

    async def resume(self) -> None:
        """Something that held keys is done (a dialog opened, a form's commit landed): hand them on."""
        if self._way:
            still = time.monotonic() - self._moved
            if still > STALLED or (still > LOST and not _attached(self._way[self._hop])):
                self._way = []  # its widget was removed with the key's marker in its queue
        await self._pump()

    async def _pump(self) -> None:
        if self._way:
            self._wait()  # the key in flight hands on the rest when handled; the check sees it is not lost
            return
        while self._pending and not self._way:
            if not takes_keys(self._app.screen):
                self._wait()
                return
            event = self._pending.popleft()
            target = self._app.focused or self._app.screen
            self._way = _way_up(target, self._app)
            self._round, self._hop = 0, 0
            self._moved = time.monotonic()
            await self._deliver(event)
            self._follow()
        if not self._pending and self._timer is not None:
            # Nothing waits: a key read later restarts the check (`_pump` above).
            self._timer.pause()

    def _wait(self) -> None:
        if self._timer is not None:
            self._timer.resume()

    def _follow(self) -> None:
        """Send a marker along the key's way: it reaches each pump after what the key made it do."""
        while self._hop < len(self._way):
            if self._way[self._hop].call_later(self._step, self._round, self._hop):
                return
            self._hop += 1  # that pump is closing: nothing more happens there
        self._next_round()

    def _step(self, round_: int, hop: int) -> None:
        if not self._way or (round_, hop) != (self._round, self._hop):
            return  # a marker of a key the stall check already let go
        self._moved = time.monotonic()
        self._hop += 1
        self._follow()

    def _next_round(self) -> None:
        self._round += 1
        if self._round < ROUNDS:
            start = next((n for n, pump in enumerate(self._way) if _attached(pump)), len(self._way) - 1)
            self._way = self._way[start:]
            self._hop = 0
            self._follow()
            return
        self._way = []
        self._app.call_later(self._pump)


def _attached(pump: MessagePump) -> bool:
    return isinstance(pump, App) or pump.is_attached


def _way_up(target: MessagePump, app: App[Any]) -> list[MessagePump]:
    """The pumps a key bubbles through from `target`: its ancestors, its screen, the app."""
    way: list[MessagePump] = []
    node: MessagePump | None = target
    while node is not None and node is not app:
        way.append(node)
        node = node._parent  # the DOM parent; a screen's is the app
    way.append(app)
    return way

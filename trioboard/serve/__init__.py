"""`trioboard serve` (SPEC 9): the TUI in the browser, one app per visitor, behind a token.

`guard` holds the pure decisions (token, cookie, Origin); `server` runs
textual-serve's aiohttp server with those checks in front of every route.
Nothing here imports Textual: the apps run in their own processes.
"""

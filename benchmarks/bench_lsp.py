"""`trioboard lsp` on a large board: from a keystroke (`didChange`) to its `publishDiagnostics`, and memory.

Writes the synthetic board of the given size (default L: 200 teams, 10,000
items), starts the real server as an editor does, opens one team file and
types into it: each change sends the whole buffer (unsaved) and waits for the
diagnostics of that version. Two kinds of keystroke are timed apart:

- a title edit, which no other team can observe (the analysis is derived
  from the previous one, `core.reanalysis`), and
- a status edit (planned ↔ in-progress), which changes what other teams
  see, so the board is analysed in full.

It prints the time to open, the median and p90 of each kind, a hover's round
trip (what the protocol and the pipes cost alone), the server's CPU time per
change (what a quiet machine's latency would be near; the wall times grow with
the machine's load) and the server's
resident memory after the run (VmRSS and its peak VmHWM, from /proc).
Targets (issue 21): median ≤ 100 ms, p90 ≤ 200 ms, RSS ≤ 200 MB on L.

    python benchmarks/bench_lsp.py            # L, 40 changes of each kind
    python benchmarks/bench_lsp.py M -n 100
    python benchmarks/bench_lsp.py L --opportunities 1000   # with opportunities and assumptions (SPEC 11)
    python benchmarks/bench_lsp.py L --opportunities 1000 --evidence 5000   # and evidence files
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import SIZES, add_evidence, generate_size


def _memory(pid: int) -> dict[str, int]:
    """The process's VmRSS and VmHWM in MB (Linux)."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            out[name] = int(value.split()[0]) // 1024
    return out


def _cpu(pid: int) -> float:
    """Seconds of CPU the process has used (user + system), from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Bench:
    """One server session: open a file, type into it, time each change's diagnostics."""

    def __init__(self) -> None:
        self.client = LanguageClient("bench-lsp", "1")
        self.arrived: dict[tuple[str, int | None], float] = {}
        self.waiting: dict[tuple[str, int | None], asyncio.Event] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            key = (params.uri, params.version)
            self.arrived[key] = time.perf_counter()
            event = self.waiting.get(key)
            if event is not None:
                event.set()

    async def diagnostics(self, uri: str, version: int, send: object) -> float:
        """Seconds from calling `send` to the diagnostics of `uri` at `version`."""
        key = (uri, version)
        event = self.waiting[key] = asyncio.Event()
        start = time.perf_counter()
        assert callable(send)
        send()
        await asyncio.wait_for(event.wait(), 60)
        return self.arrived[key] - start


async def run(size: str, changes: int, opportunities: int = 0, evidence: int = 0) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-lsp-") as tmp:
        root = generate_size(Path(tmp) / "board", size, opportunities=opportunities)
        if evidence:
            add_evidence(root, evidence)
        path = root / "teams" / "team-3.yaml"
        uri = path.as_uri()
        text = path.read_text(encoding="utf-8")
        bench = Bench()
        client = bench.client
        await client.start_io(sys.executable, "-m", "trioboard", "lsp")
        await client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri())
        )
        client.initialized(types.InitializedParams())

        def opened() -> None:
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
                )
            )

        opening = await bench.diagnostics(uri, 1, opened)
        title = text.index("    title: ", text.index("roadmap:")) + len("    title: ")
        status_at = text.index("status: planned")
        times: dict[str, list[float]] = {"title edit": [], "status edit": []}
        cpu = dict.fromkeys(times, 0.0)
        version = 1
        current = text
        for n in range(changes):
            for kind in times:
                version += 1
                # Each keystroke edits the buffer as the last one left it, as typing does.
                if kind == "title edit":
                    current = current[:title] + "x" + current[title:]
                    status_at += 1
                else:
                    status = "in-progress" if n % 2 == 0 else "planned"
                    end = current.index("\n", status_at)
                    current = current[:status_at] + f"status: {status}" + current[end:]
                new = current

                def changed(new: str = new, version: int = version) -> None:
                    client.text_document_did_change(
                        types.DidChangeTextDocumentParams(
                            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                            content_changes=[types.TextDocumentContentChangeWholeDocument(text=new)],
                        )
                    )

                assert client._server is not None
                before = _cpu(client._server.pid)
                times[kind].append(await bench.diagnostics(uri, version, changed))
                cpu[kind] += _cpu(client._server.pid) - before
        hovers = []
        where = types.Position(line=text[: text.index("t3-item-1 ")].count("\n"), character=10)
        for _ in range(changes):
            start = time.perf_counter()
            await client.text_document_hover_async(
                types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=where)
            )
            hovers.append(time.perf_counter() - start)
        times["hover (round trip)"] = hovers
        assert client._server is not None
        memory = _memory(client._server.pid)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    teams, items = SIZES[size]
    print(f"board {size}: {teams} teams, {teams * items} items; {changes} changes of each kind")
    print(f"open (first diagnostics): {opening * 1000:.0f} ms")
    for kind, values in times.items():
        ms = [v * 1000 for v in values]
        what = "" if kind.startswith("hover") else "didChange → publishDiagnostics: "
        print(
            f"{kind:18} {what}median {statistics.median(ms):.1f} ms, "
            f"p90 {_quantile(ms, 0.9):.1f} ms, max {max(ms):.1f} ms"
        )
    for kind, seconds in cpu.items():
        print(f"{kind:18} server CPU per change: {seconds * 1000 / changes:.1f} ms (clock ticks: a load-free cost)")
    print(f"server memory after the run: RSS {memory['VmRSS']} MB, peak {memory['VmHWM']} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", nargs="?", default="L", choices=list(SIZES))
    parser.add_argument("-n", "--changes", type=int, default=40)
    parser.add_argument("--opportunities", type=int, default=0, help="opportunities on the board")
    parser.add_argument("--evidence", type=int, default=0, help="evidence files on the board (and a discovery policy)")
    args = parser.parse_args()
    asyncio.run(run(args.size, args.changes, args.opportunities, args.evidence))


if __name__ == "__main__":
    main()

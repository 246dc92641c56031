"""`trioboard lsp`: the language server for editors (LSP over stdio), imported only when run."""

from __future__ import annotations

import argparse

from trioboard.core.exitcodes import ExitCode


def lsp_arguments(parser: argparse.ArgumentParser) -> None:
    """Editors' clients pass `--stdio`; stdio is the only transport, so it is accepted and changes nothing."""
    parser.add_argument("--stdio", action="store_true", help="talk over stdin and stdout (the default and only way)")


def run_lsp(args: argparse.Namespace) -> int:
    """Serve until the editor says exit."""
    # pygls is imported here, not with the CLI: `check` in CI never pays for it.
    from trioboard.lsp.server import serve

    serve()
    return ExitCode.OK

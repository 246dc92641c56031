"""The commands that describe trioboard itself: `schema` (the files' JSON Schema) and `explain` (the rules)."""

from __future__ import annotations

import argparse
import difflib
import sys

from trioboard.cli.common import UsageError
from trioboard.core.exitcodes import ExitCode
from trioboard.core.vocabulary import SCHEMA_FILE_KINDS


def schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind",
        nargs="?",
        default=SCHEMA_FILE_KINDS[0],
        choices=SCHEMA_FILE_KINDS,
        help="which file: board (board.yaml, the default), team (teams/<id>.yaml) or evidence (its front matter)",
    )


def run_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of one kind of board file."""
    from trioboard.core.json_schema import schema_text

    sys.stdout.write(schema_text(args.kind))
    return ExitCode.OK


def explain_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", nargs="?", metavar="RULE", help="the rule to explain (default: list the rules)")


def run_explain(args: argparse.Namespace) -> int:
    """Explain one rule, or list them all with their default severity and what they find."""
    from trioboard.core.rules import RULES
    from trioboard.report.rule_help import rule_text

    if args.rule is None:
        width = max(len(name) for name in RULES)
        for name, rule in RULES.items():
            print(f"{name:<{width}}  {rule.default_level:<7}  {rule.summary}")
        return ExitCode.OK
    chosen = RULES.get(args.rule)
    if chosen is None:
        hint = difflib.get_close_matches(args.rule, RULES, n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise UsageError(f"no rule '{args.rule}'{suggestion}; 'trioboard explain' lists them")
    print(rule_text(chosen))
    return ExitCode.OK

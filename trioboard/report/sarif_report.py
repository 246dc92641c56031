"""`check --format sarif`: SARIF 2.1.0 for code-scanning dashboards.

Every rule is described in `tool.driver.rules` with its documentation as
help; results point at relative URIs under `%SRCROOT%`; and each result's
`partialFingerprints` is built from its rule and ids (not its line), so a
dashboard recognises the same finding across commits as the board grows.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

from trioboard import __version__
from trioboard.core.findings import Finding, Severity
from trioboard.core.rules import RULES, severity_of
from trioboard.report.paths import user_path
from trioboard.report.rule_help import rule_markdown, rule_text
from trioboard.report.summary import CheckReport

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "trioboardFinding/v2"
"""v2: the finding's identity is its rule and node, whatever its root causes (issue 11)."""


def fingerprint(finding: Finding) -> str:
    """A stable hash of what the finding is about."""
    return hashlib.sha256("\x1f".join(finding.identity()).encode("utf-8", "surrogatepass")).hexdigest()


def render(report: CheckReport) -> str:
    """The SARIF log as JSON."""
    board_root, board, findings, cwd = report.root, report.board, report.findings, report.cwd
    names = list(RULES)
    rules = []
    for name, rule in RULES.items():
        level = severity_of(rule, board)
        rules.append(
            {
                "id": name,
                "name": "".join(part.capitalize() for part in name.split("-")),
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.parts.finds or rule.summary},
                "help": {"text": rule_text(rule), "markdown": rule_markdown(rule, "#")},
                "defaultConfiguration": {
                    "enabled": level is not None,
                    "level": _LEVEL[level] if level is not None else "none",
                },
                "properties": {"tags": ["trioboard", "structure" if rule.structural else "alignment"]},
            }
        )
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": names.index(f.rule),
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": quote(user_path(board_root, f.file, cwd), safe="/", errors="surrogateescape"),
                            "uriBaseId": "%SRCROOT%",
                        },
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: fingerprint(f)},
            "properties": {"ids": list(f.ids)},
        }
        for f in findings
    ]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "trioboard",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"

"""`check --format junit`: JUnit XML for Jenkins, GitLab and other CI servers.

One testsuite; one testcase per rule. A finding at or above `--fail-on` is a
`<failure>` of its rule's testcase; findings below it are listed in the
testcase's `<system-out>`, and a rule the policy turns off is `<skipped>`.
Characters XML 1.0 forbids (ESC, most C0 controls, lone surrogates) are
stripped: ElementTree writes them verbatim and the file would not parse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from trioboard.core.findings import Finding, Severity
from trioboard.core.model import Board
from trioboard.core.rules import RULES, severity_of
from trioboard.report.paths import user_dir, user_path

_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def render(
    board_root: Path,
    board: Board,
    findings: list[Finding],
    cwd: Path,
    *,
    fail_on: Severity,
    seconds: float,
) -> str:
    """The JUnit XML document."""
    by_rule: dict[str, list[Finding]] = {name: [] for name in RULES}
    for f in findings:
        by_rule[f.rule].append(f)
    failing = sum(1 for f in findings if f.severity.rank >= fail_on.rank)
    skipped = sum(1 for rule in RULES.values() if severity_of(rule, board) is None)
    elapsed = f"{seconds:.3f}"
    suites = ET.Element(
        "testsuites", name="trioboard", tests=str(len(RULES)), failures=str(failing), errors="0", time=elapsed
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=xml_text(f"trioboard check {user_dir(board_root, cwd)}"),
        tests=str(len(RULES)),
        failures=str(failing),
        errors="0",
        skipped=str(skipped),
        time=elapsed,
    )
    for name, rule in RULES.items():
        case = ET.SubElement(suite, "testcase", classname="trioboard", name=name, time="0.000")
        if severity_of(rule, board) is None:
            ET.SubElement(case, "skipped", message="turned off by policy.severity in board.yaml")
            continue
        below = []
        for f in by_rule[name]:
            where = f"{user_path(board_root, f.file, cwd)}:{f.line}:{f.column}"
            line = xml_text(f"{where}: {f.severity.value}: {f.message}")
            if f.severity.rank >= fail_on.rank:
                failure = ET.SubElement(case, "failure", message=xml_text(f.message), type=f.severity.value)
                failure.text = line
            else:
                below.append(line)
        if below:
            ET.SubElement(case, "system-out").text = "\n".join(below)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"

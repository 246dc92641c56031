"""`check --format junit`: JUnit XML for Jenkins, GitLab and other CI servers.

One testsuite. Each finding at or above `--fail-on` is a testcase of its own
with a `<failure>` (named `rule: ids`); a rule with none is one passing
testcase named after the rule, its findings below `--fail-on` listed in its
`<system-out>`; a rule the policy turns off is one `<skipped>` testcase. So
`tests`, `failures` and `skipped` add up as GitLab and Jenkins count them.
Characters XML 1.0 forbids (ESC, most C0 controls, lone surrogates) are
stripped: ElementTree writes them verbatim and the file would not parse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from trioboard.core.findings import Finding
from trioboard.core.rules import RULES, severity_of
from trioboard.report.paths import user_dir, user_path
from trioboard.report.summary import CheckReport

_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def render(report: CheckReport) -> str:
    """The JUnit XML document."""
    board = report.board
    by_rule: dict[str, list[Finding]] = {name: [] for name in RULES}
    for f in report.findings:
        by_rule[f.rule].append(f)
    cases: list[ET.Element] = []
    for name, rule in RULES.items():
        if severity_of(rule, board) is None:
            case = _case(name)
            why = (
                "off unless policy.severity in board.yaml turns it on"
                if rule.off_by_default and rule.name not in board.policy.severity
                else "turned off by policy.severity in board.yaml"
            )
            ET.SubElement(case, "skipped", message=why)
            cases.append(case)
            continue
        failing = [f for f in by_rule[name] if report.failing(f)]
        below = [f for f in by_rule[name] if not report.failing(f)]
        for f in failing:
            # One test case per failing finding, so tests − failures − skipped counts the passes.
            case = _case(f"{name}: {' '.join(f.ids) or user_path(report.root, f.file, report.cwd)}")
            failure = ET.SubElement(case, "failure", message=xml_text(f.message), type=f.severity.value)
            failure.text = _line(report, f)
            cases.append(case)
        if not failing:
            case = _case(name)
            if below:
                ET.SubElement(case, "system-out").text = "\n".join(_line(report, f) for f in below)
            cases.append(case)
        elif below:
            ET.SubElement(cases[-1], "system-out").text = "\n".join(_line(report, f) for f in below)
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for c in cases if c.find("failure") is not None)),
        "errors": "0",
    }
    skipped = str(sum(1 for c in cases if c.find("skipped") is not None))
    elapsed = f"{report.seconds:.3f}"
    suites = ET.Element("testsuites", {"name": "trioboard", **counts, "time": elapsed})
    name = xml_text(f"trioboard check {user_dir(report.root, report.cwd)}")
    suite = ET.SubElement(suites, "testsuite", {"name": name, **counts, "skipped": skipped, "time": elapsed})
    suite.extend(cases)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _case(name: str) -> ET.Element:
    return ET.Element("testcase", classname="trioboard", name=xml_text(name), time="0.000")


def _line(report: CheckReport, f: Finding) -> str:
    where = f"{user_path(report.root, f.file, report.cwd)}:{f.line}:{f.column}"
    return xml_text(f"{where}: {f.severity.value}: {f.message}")

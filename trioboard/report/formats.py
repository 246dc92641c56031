"""The one table of `check --format`s (SPEC section 5).

Every renderer takes one `CheckReport` and returns the text for stdout, as
yamllint's `Format` does; the CLI looks a format up here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trioboard.report import github_report, json_report, junit_report, sarif_report, text_report
from trioboard.report.summary import CheckReport


@dataclass(frozen=True, slots=True)
class Format:
    """One output format of `trioboard check`."""

    name: str
    render: Callable[[CheckReport], str]
    description: str
    step_summary: Callable[[CheckReport], str] | None = None
    """The Markdown for `$GITHUB_STEP_SUMMARY`, for formats that run in GitHub Actions."""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", text_report.render, "people: path:line:col: severity[rule] message"),
        Format("json", json_report.render, "scripts"),
        Format(
            "github",
            github_report.render,
            "GitHub Actions annotations, and a job summary",
            step_summary=github_report.step_summary,
        ),
        Format("junit", junit_report.render, "JUnit XML: Jenkins, GitLab"),
        Format("sarif", sarif_report.render, "SARIF 2.1.0: code-scanning dashboards"),
    )
}

"""The one table of `check --format`s (SPEC section 5).

Every renderer takes one `CheckReport` and returns the text for stdout, as
yamllint's `Format` does; the CLI looks a format up here and nowhere else.
A renderer's module is imported when its format is used: `check` in a
pre-commit hook should not pay for XML and SARIF to print text.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from trioboard.report.summary import CheckReport

Renderer = Callable[["CheckReport"], str]


@dataclass(frozen=True, slots=True)
class Format:
    """One output format of `trioboard check`."""

    name: str
    module: str
    """The module under `trioboard.report` whose `render` makes it."""
    description: str
    summarises: bool = False
    """Whether the module also has `step_summary`: the Markdown for `$GITHUB_STEP_SUMMARY` (GitHub Actions)."""

    def _function(self, name: str) -> Renderer:
        return cast("Renderer", getattr(importlib.import_module(f"trioboard.report.{self.module}"), name))

    def render(self, report: CheckReport) -> str:
        """The text of `report` in this format."""
        return self._function("render")(report)

    @property
    def step_summary(self) -> Renderer | None:
        """The job summary's renderer, for formats that run in GitHub Actions."""
        return self._function("step_summary") if self.summarises else None


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "text_report", "people: path:line:col: severity[rule] message"),
        Format("json", "json_report", "scripts"),
        Format("github", "github_report", "GitHub Actions annotations, and a job summary", summarises=True),
        Format("junit", "junit_report", "JUnit XML: Jenkins, GitLab"),
        Format("sarif", "sarif_report", "SARIF 2.1.0: code-scanning dashboards"),
    )
}

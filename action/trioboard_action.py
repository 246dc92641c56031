"""The GitHub Action's own steps that are not trioboard commands (action.yml).

`outputs CHECK_JSON`: set the step outputs from `check --format json`.
`comment MARKDOWN`: create the pull request's review comment, or update it
in place: the comment is found by a hidden marker, so a pull request has
one trioboard comment however often the workflow runs.

Everything comes from the environment GitHub sets and the action passes
(never pasted into a script): GITHUB_OUTPUT, GITHUB_API_URL,
GITHUB_REPOSITORY, PR_NUMBER, GITHUB_TOKEN. Standard library only.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

MARKER = "<!-- trioboard-review -->"
"""Marks the comment this action owns; the comment is updated, never duplicated."""
MAX_PAGES = 30
"""Pages of 100 comments looked through for the marker."""
MAX_COMMENT = 65_536
"""GitHub refuses a longer comment body."""


def outputs(check_json: Path) -> int:
    """Append `coverage`, `errors`, `warnings` and `blocked-teams` to $GITHUB_OUTPUT."""
    summary = json.loads(check_json.read_text(encoding="utf-8"))["summary"]
    coverage = summary["coverage"]
    values = {
        "coverage": "" if coverage is None else str(coverage),
        "errors": str(summary["errors"]),
        "warnings": str(summary["warnings"]),
        "blocked-teams": ",".join(summary["blocked_teams"]),
    }
    target = os.environ.get("GITHUB_OUTPUT")
    lines = "".join(f"{key}={value}\n" for key, value in values.items())
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(lines)
    else:
        sys.stdout.write(lines)
    return 0


def _request(method: str, url: str, token: str, body: dict[str, str] | None = None) -> object:
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/vnd.github+json")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("X-GitHub-Api-Version", "2022-11-28")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def comment(markdown: Path) -> int:
    """Create or update the one review comment on the pull request."""
    token = os.environ.get("GITHUB_TOKEN", "")
    number = os.environ.get("PR_NUMBER", "")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    api = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    if not (token and number and repository):
        print("::warning title=trioboard::comment: true needs github-token and a pull_request event; no comment")
        return 0
    body = f"{MARKER}\n{markdown.read_text(encoding='utf-8')}"
    if len(body) > MAX_COMMENT:
        note = "\n\n…cut to fit a comment: the job summary has all of it.\n"
        body = body[: MAX_COMMENT - len(note)] + note
    base = f"{api}/repos/{repository}/issues"
    try:
        existing = None
        for page in range(1, MAX_PAGES + 1):
            found = _request("GET", f"{base}/{number}/comments?per_page=100&page={page}", token)
            if not isinstance(found, list) or not found:
                break
            existing = next((c for c in found if MARKER in str(c.get("body", ""))), None)
            if existing is not None:
                break
        if existing is not None:
            _request("PATCH", f"{base}/comments/{existing['id']}", token, {"body": body})
            print(f"updated the trioboard comment on pull request #{number}")
        else:
            _request("POST", f"{base}/{number}/comments", token, {"body": body})
            print(f"commented on pull request #{number}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        # A pull request from a fork gets a read-only token: say so, do not fail the review.
        print(
            f"::warning title=trioboard::could not post the review comment ({exc}); "
            "it needs permissions: pull-requests: write"
        )
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("outputs", "comment"):
        print("usage: trioboard_action.py outputs CHECK_JSON | comment MARKDOWN", file=sys.stderr)
        return 2
    command, path = argv
    return outputs(Path(path)) if command == "outputs" else comment(Path(path))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

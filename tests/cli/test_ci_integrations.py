"""The GitHub Action and the pre-commit hook run what they say, safely."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from helpers import DEMO, REPO_ROOT, git


def load(name: str) -> object:
    return YAML(typ="safe").load((REPO_ROOT / name).read_text())


def step_script(name: str) -> tuple[str, dict[str, str]]:
    action = load("action.yml")
    assert isinstance(action, dict)
    step = next(s for s in action["runs"]["steps"] if s.get("name") == name)
    assert "${{" not in step["run"], "inputs reach scripts through env, never pasted in"
    return step["run"], step.get("env", {})


def run_step(
    name: str, env: dict[str, str], cwd: Path, path_first: Path | None = None
) -> subprocess.CompletedProcess[str]:
    script, _ = step_script(name)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    if path_first is not None:
        path = f"{path_first}{os.pathsep}{path}"
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={**os.environ, "PATH": path, "ACTION_PATH": str(REPO_ROOT), "RUNNER_TEMP": str(cwd), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def check_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "BOARD": "board",
        "FAIL_ON": "error",
        "SINCE": "",
        "SARIF_FILE": "",
        "GITHUB_OUTPUT": str(tmp_path / "github-output"),
        **extra,
    }


def test_action_check_step_annotates_fails_and_sets_outputs(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "board")
    done = run_step("trioboard check", check_env(tmp_path), tmp_path)
    assert done.returncode == 1
    assert done.stdout.startswith("::warning file=board/board.yaml,line=64")
    assert (tmp_path / "github-output").read_text() == (
        "coverage=0.8717\nerrors=6\nwarnings=33\nblocked-teams=checkout,insights,logistics,payments,trust\n"
    )


def test_action_runs_check_once_and_writes_sarif_from_that_run(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "board")
    scripts = [step_script(s["name"])[0] for s in load_steps() if "run" in s]
    assert sum(script.count("args=(check ") for script in scripts) == 1
    calls = tmp_path / "calls"
    done = run_step("trioboard check", check_env(tmp_path, SARIF_FILE="out.sarif"), tmp_path, spy(tmp_path, calls))
    assert done.returncode == 1, done.stderr
    assert len(calls.read_text().splitlines()) == 1
    assert json.loads((tmp_path / "out.sarif").read_text())["version"] == "2.1.0"
    assert "errors=6" in (tmp_path / "github-output").read_text()


def test_action_a_crash_is_not_an_empty_sarif_file(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "board")
    (tmp_path / "out.sarif").write_text("stale from an earlier run\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "trioboard"
    # A Python crash exits 1, the same status as "findings".
    fake.write_text("#!/bin/sh\necho 'Traceback (most recent call last):' >&2\nexit 1\n")
    fake.chmod(0o755)
    done = run_step("trioboard check", check_env(tmp_path, SARIF_FILE="out.sarif"), tmp_path, bin_dir)
    assert done.returncode == 2
    assert "::error title=trioboard::trioboard check could not run (exit 1)" in done.stdout
    assert not (tmp_path / "out.sarif").exists()
    assert not (tmp_path / "github-output").exists()


def test_action_inputs_cannot_inject_shell(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "board")
    hostile = "x; touch injected; $(touch injected2) `touch injected3`"
    for key in ("BOARD", "SINCE", "FAIL_ON"):
        env = check_env(tmp_path, **{key: hostile})
        done = run_step("trioboard check", env, tmp_path)
        assert done.returncode == 2, (key, done.stdout, done.stderr)
    done = run_step("trioboard check", check_env(tmp_path, SARIF_FILE=hostile), tmp_path)
    assert done.returncode == 1 and (tmp_path / hostile).is_file()  # a strange name, taken literally
    for key in ("BOARD", "BASE_REF", "COMMENT"):
        env = {"BOARD": "board", "BASE_REF": "main", "COMMENT": "false", key: hostile}
        run_step("Review the pull request", env, tmp_path)
        run_step(
            "Fetch what the review compares with",
            {"BASE_REF": hostile, "HEAD_REF": hostile, "SINCE": hostile},
            tmp_path,
        )
    assert not list(tmp_path.glob("injected*"))


def load_steps() -> list[dict[str, str]]:
    action = load("action.yml")
    assert isinstance(action, dict)
    steps: list[dict[str, str]] = action["runs"]["steps"]
    return steps


def spy(tmp_path: Path, calls: Path) -> Path:
    """A `trioboard` first on PATH that logs each call, then runs the real one."""
    bin_dir = tmp_path / "spy-bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "trioboard"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\nexec "{sys.executable}" -m trioboard "$@"\n')
    wrapper.chmod(0o755)
    return bin_dir


def test_pre_commit_hook_runs_check_on_board_files() -> None:
    hooks = load(".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    (hook,) = hooks
    assert hook["entry"] == "trioboard check"
    assert hook["pass_filenames"] is False
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("boards/acme/teams/checkout.yaml")
    assert pattern.search("board.yaml")
    assert not pattern.search("docs/teams.md")


# -- the pull request loop, over a real history and a stand-in for GitHub's API --


class FakeGitHub:
    """Enough of GitHub's REST API for issue comments, on localhost."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.comments: list[dict[str, object]] = [{"id": 1, "body": "LGTM from a person"}]
        self.requests: list[str] = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, data: object, status: int = 200) -> None:
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _body(self) -> dict[str, str]:
                return json.loads(self.rfile.read(int(self.headers["Content-Length"])))  # type: ignore[no-any-return]

            def do_GET(self) -> None:
                fake.requests.append(f"GET {self.path} {self.headers['Authorization']}")
                self._reply(fake.comments if self.path.endswith("&page=1") else [])

            def do_POST(self) -> None:
                fake.requests.append(f"POST {self.path}")
                fake.comments.append({"id": len(fake.comments) + 1, "body": self._body()["body"]})
                self._reply(fake.comments[-1], 201)

            def do_PATCH(self) -> None:
                fake.requests.append(f"PATCH {self.path}")
                number = int(self.path.rsplit("/", 1)[1])
                fake.comments[number - 1]["body"] = self._body()["body"]
                self._reply(fake.comments[number - 1])

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_action_reviews_a_pull_request_from_a_shallow_checkout(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    shutil.copytree(DEMO, origin / "board")
    git(origin, "init", "-q")
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "The board")
    search = origin / "board" / "teams" / "search.yaml"
    for n in range(3):  # main moves on: the pull request's base is not main's tip
        search.write_text(search.read_text().replace("Semantic search", f"Semantic search {n}"))
        git(origin, "commit", "-qam", f"Elsewhere {n}")
    git(origin, "checkout", "-qb", "pr-1", "HEAD~2")
    team = origin / "board" / "teams" / "checkout.yaml"
    team.write_text(team.read_text().replace("title: Guest checkout without an account", "title: Guest checkout"))
    git(origin, "commit", "-qam", "Shorter title")
    git(origin, "commit", "-q", "--allow-empty", "-m", "And another")
    work = tmp_path / "work"  # what actions/checkout leaves: one commit, detached, no origin/main
    work.mkdir()
    git(work, "init", "-q")
    git(work, "remote", "add", "origin", f"file://{origin}")
    git(work, "fetch", "-q", "--depth=1", "origin", "+refs/heads/pr-1:refs/remotes/origin/pr-1")
    git(work, "checkout", "-q", "--detach", "origin/pr-1")

    fetched = run_step(
        "Fetch what the review compares with",
        {"BASE_REF": "main", "HEAD_REF": "refs/heads/pr-1", "SINCE": "origin/main"},
        work,
    )
    assert fetched.returncode == 0, fetched.stderr
    github = FakeGitHub()
    summary = tmp_path / "step-summary.md"
    env = {
        "BOARD": "board",
        "BASE_REF": "main",
        "COMMENT": "true",
        "GITHUB_TOKEN": "t0ken",
        "PR_NUMBER": "7",
        "GITHUB_REPOSITORY": "acme/plans",
        "GITHUB_API_URL": github.url,
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    for _ in range(2):
        done = run_step("Review the pull request", env, work)
        assert done.returncode == 0, done.stderr
    review = summary.read_text()
    assert "guest-checkout" in review and "Guest checkout" in review
    assert "Semantic search" not in review  # compared with the merge base, as the pull request is
    assert github.requests[0] == "GET /repos/acme/plans/issues/7/comments?per_page=100&page=1 Bearer t0ken"
    assert [r.split(" ")[0] for r in github.requests if not r.startswith("GET")] == ["POST", "PATCH"]
    assert len(github.comments) == 2  # the person's, and one trioboard comment, updated in place
    body = str(github.comments[1]["body"])
    assert body.startswith("<!-- trioboard-review -->\n") and "guest-checkout" in body
    assert done.stdout.strip() == "updated the trioboard comment on pull request #7"
    github.server.shutdown()


# -- the install lines in README.md and .ci/run work -----------------------------


def readme_blocks(language: str) -> list[str]:
    import re

    text = (REPO_ROOT / "README.md").read_text()
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_readme_never_installs_from_an_index_that_does_not_have_trioboard() -> None:
    text = (REPO_ROOT / "README.md").read_text()
    assert "pip install trioboard" not in text
    ci_examples = [b for b in readme_blocks("yaml") if "trioboard" in b and ("jobs:" in b or "script:" in b)]
    assert len(ci_examples) == 2
    for block in ci_examples:
        assert "uses: your-org/trioboard@" in block or "git+https://github.com/your-org/trioboard@" in block


def test_readme_first_commands_use_a_virtual_environment() -> None:
    first, second = readme_blocks("sh")[0].splitlines()[:2]
    assert first.startswith("python3 -m venv .venv && .venv/bin/pip install -e . && ")
    assert second == ".venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest -n auto"
    run_script = (REPO_ROOT / ".ci" / "run").read_text()
    # CI runs exactly the README's test command (with whatever arguments it is given).
    assert "python3 -m venv" in run_script and 'exec "$venv/bin/python" -m pytest -n auto "$@"' in run_script


@pytest.mark.slow
def test_readme_first_command_and_ci_run_work_in_a_fresh_copy(tmp_path: Path) -> None:
    """The README's first command, then `.ci/run`, on a copy of the repository with nothing installed."""
    copy = tmp_path / "trioboard"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True).stdout
    for name in files.decode().split("\0"):
        source = REPO_ROOT / name
        if name and source.is_file() and not source.is_symlink():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    first = readme_blocks("sh")[0].splitlines()[0]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if "venvs" not in p)
    env["TMPDIR"] = str(tmp_path)  # where the demo board goes
    done = subprocess.run(
        ["bash", "-c", first], cwd=copy, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "The demo board is in " in done.stderr and "coverage" in done.stdout
    test = "tests/cli/test_in_ci.py::test_a_reflog_entry_that_is_not_there_is_exit_2"
    done = subprocess.run(
        [str(copy / ".ci" / "run"), "-q", "-p", "no:cacheprovider", test],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert (copy / ".venv" / "bin" / "pytest").exists()
    assert done.stdout.splitlines()[-1].startswith("1 passed in ")

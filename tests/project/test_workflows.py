"""The GitHub workflows: linted by actionlint and zizmor, and held to a least-privilege shape.

Nothing but these tests checks the workflows before they run on GitHub, so they are strict:
every finding of either linter fails, and the linters are dev dependencies that must be
installed in the same environment as pytest (a missing one fails, it does not skip).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
CI = "ci.yml"
PAGES = "pages.yml"
LINKS = "links.yml"

# The only job-level grants beyond read access, and exactly these.
WRITE_GRANTS: dict[tuple[str, str], dict[str, str]] = {
    (PAGES, "deploy"): {"pages": "write", "id-token": "write"},
}
DANGEROUS_TRIGGERS = {"pull_request_target", "workflow_run"}

SHA_REF = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"^\s+#\s*(?P<version>v\d+\.\d+\.\d+)\s*$")


# --- the tools ------------------------------------------------------------------------------


def _tool(name: str) -> Path:
    """The dev-dependency executable `name` in this interpreter's environment; fail if absent."""
    for directory in (Path(sysconfig.get_path("scripts")), Path(sys.executable).parent):
        path = directory / name
        if path.is_file() and os.access(path, os.X_OK):
            return path
    pytest.fail(
        f"{name} is not installed next to {sys.executable}; it is a dev dependency: "
        "pip install -e '.[dev]'"
    )


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"GH_TOKEN", "GITHUB_TOKEN"}}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _actionlint(files: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    # shellcheck is passed explicitly so that `run:` scripts are always checked, whatever is on
    # PATH; there are no Python scripts in the workflows, so pyflakes is turned off explicitly.
    return _run(
        [
            _tool("actionlint"),
            "-no-color",
            "-oneline",
            f"-shellcheck={_tool('shellcheck')}",
            "-pyflakes=",
            *(f.relative_to(cwd) for f in files),
        ],
        cwd,
    )


def _zizmor(target: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # --offline: no network, no token; pedantic persona: the code smells count too.
    return _run(
        [
            _tool("zizmor"),
            "--offline",
            "--persona=pedantic",
            "--strict-collection",
            "--format=plain",
            "--color=never",
            "--no-progress",
            target.relative_to(cwd),
        ],
        cwd,
    )


def _report(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def _workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])


def test_the_workflows_exist() -> None:
    assert {CI, PAGES, LINKS} <= {p.name for p in _workflow_files()}


def test_actionlint_finds_nothing() -> None:
    result = _actionlint(_workflow_files(), ROOT)
    assert result.returncode == 0, "actionlint findings:\n" + _report(result)


def test_zizmor_finds_nothing() -> None:
    result = _zizmor(WORKFLOWS_DIR, ROOT)
    assert result.returncode == 0, "zizmor findings:\n" + _report(result)


BAD_WORKFLOW = """\
name: bad
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_the_linters_catch_a_bad_workflow(tmp_path: Path) -> None:
    """A clean run means something only if the same tools reject a workflow that is unsafe."""
    workflow = tmp_path / ".github" / "workflows" / "bad.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(BAD_WORKFLOW, encoding="utf-8")

    lint = _actionlint([workflow], tmp_path)
    assert lint.returncode == 1, _report(lint)
    assert "github.event.pull_request.title" in lint.stdout, _report(lint)

    audit = _zizmor(workflow, tmp_path)
    assert audit.returncode != 0, _report(audit)
    for audit_id in ("dangerous-triggers", "template-injection", "unpinned-uses"):
        assert f"[{audit_id}]" in audit.stdout, _report(audit)


# --- the shape ------------------------------------------------------------------------------

# Every workflow, present or future, is held to the general rules below.
ALL = [p.name for p in _workflow_files()]


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), name
    # YAML 1.1 reads the key `on` as the boolean true.
    if True in data:
        data["on"] = data.pop(True)
    return data


def _triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow["on"]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def _jobs(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict) and jobs
    return jobs


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps = job.get("steps", [])
    assert isinstance(steps, list)
    return steps


def _all_uses(workflow: dict[str, Any]) -> Iterator[str]:
    for job in _jobs(workflow).values():
        if "uses" in job:  # a reusable workflow
            yield job["uses"]
        for step in _steps(job):
            if "uses" in step:
                yield step["uses"]


def _action(uses: str) -> str:
    return uses.split("@", 1)[0]


def _steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in _steps(job) if _action(s.get("uses", "")) == action]


@pytest.mark.parametrize("name", ALL)
def test_workflow_defaults_to_read_only(name: str) -> None:
    assert _load(name).get("permissions") == {"contents": "read"}


@pytest.mark.parametrize("name", ALL)
def test_only_the_deploy_job_may_write(name: str) -> None:
    for job_id, job in _jobs(_load(name)).items():
        granted = job.get("permissions")
        expected = WRITE_GRANTS.get((name, job_id))
        if expected is not None:
            assert granted == expected, f"{name}: job {job_id}"
            continue
        assert granted is None or isinstance(granted, dict), f"{name}: job {job_id}: {granted}"
        for scope, level in (granted or {}).items():
            assert level in {"read", "none"}, f"{name}: job {job_id} grants {scope}: {level}"
            assert scope not in {"pages", "id-token"}, f"{name}: job {job_id} grants {scope}"


@pytest.mark.parametrize("name", ALL)
def test_no_dangerous_trigger(name: str) -> None:
    assert not DANGEROUS_TRIGGERS & set(_triggers(_load(name)))


@pytest.mark.parametrize("name", ALL)
def test_every_action_is_pinned_to_a_commit_with_its_version(name: str) -> None:
    """Every `uses:` is owner/repo@<40-hex SHA> followed by a `# vX.Y.Z` comment."""
    text = (WORKFLOWS_DIR / name).read_text(encoding="utf-8")
    seen: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = USES_LINE.match(line)
        if not match:
            continue
        ref = match["ref"].strip("'\"")
        seen.append(ref)
        if ref.startswith("./"):
            continue
        assert SHA_REF.match(ref), f"{name}:{number}: {ref} is not pinned to a full commit SHA"
        assert VERSION_COMMENT.match(match["rest"]), (
            f"{name}:{number}: {ref} has no '# vX.Y.Z' comment naming its version"
        )
    # Every `uses:` the YAML holds was on a line of its own and checked above.
    assert sorted(seen) == sorted(_all_uses(_load(name)))
    assert seen, f"{name} uses no action at all?"


def test_each_action_has_one_pin_across_workflows() -> None:
    """A half-done upgrade (one file bumped, the other not, or a comment not matching) fails."""
    pins: dict[str, set[str]] = {}
    for path in _workflow_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = USES_LINE.match(line)
            if match and "@" in match["ref"]:
                action, sha = match["ref"].split("@", 1)
                pins.setdefault(action, set()).add(f"{sha} {match['rest'].strip()}")
    drift = {action: sorted(p) for action, p in pins.items() if len(p) > 1}
    assert not drift


@pytest.mark.parametrize("name", ALL)
def test_checkout_keeps_no_credentials(name: str) -> None:
    for job_id, job in _jobs(_load(name)).items():
        for step in _steps_using(job, "actions/checkout"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{name}: {job_id}"


@pytest.mark.parametrize("name", ALL)
def test_no_expression_inside_run(name: str) -> None:
    """Values reach scripts through `env:`, never by `${{ }}` pasted into the script."""
    for job_id, job in _jobs(_load(name)).items():
        for step in _steps(job):
            assert "${{" not in step.get("run", ""), f"{name}: job {job_id}: {step['run']!r}"


@pytest.mark.parametrize("name", ALL)
def test_every_job_has_a_timeout(name: str) -> None:
    for job_id, job in _jobs(_load(name)).items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: job {job_id}"


def test_pages_deploys_main_one_at_a_time() -> None:
    pages = _load(PAGES)
    triggers = _triggers(pages)
    assert set(triggers) == {"push", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_pages_builds_then_deploys() -> None:
    jobs = _jobs(_load(PAGES))
    assert set(jobs) == {"build", "deploy"}
    build, deploy = jobs["build"], jobs["deploy"]

    assert any(s.get("run", "").strip() == "make site" for s in _steps(build))
    (upload,) = _steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"

    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert _steps_using(deploy, "actions/configure-pages")
    (step,) = _steps_using(deploy, "actions/deploy-pages")
    assert step["id"] == "deployment"
    # The job that holds the Pages and OIDC grants runs no code of ours.
    assert not any("run" in s or _action(s["uses"]) == "actions/checkout" for s in _steps(deploy))


STATE_PATHS = ["build/cache", "build/docs", "site"]
STALE_IF_CHANGED = ["pyproject.toml", "mkdocs.yml", "templates/**", "generator/**"]


def test_pages_restores_only_the_builds_state_keyed_by_what_would_make_it_stale() -> None:
    """The build that remembers publishes a push in seconds from the last run's state, docs
    tree and site; nothing else is cached (packages come from a fresh install), the key changes
    with anything that would make a kept file stale, and only main writes it (the workflow
    runs on nothing else, so no pull request can poison it)."""
    pages = _load(PAGES)
    assert set(_triggers(pages)) == {"push", "workflow_dispatch"}
    caches = [
        step
        for job in _jobs(pages).values()
        for step in _steps(job)
        if _action(step.get("uses", "")).startswith("actions/cache")
    ]
    assert len(caches) == 1
    settings = caches[0]["with"]
    assert settings["path"].split() == STATE_PATHS
    hashed = "site-state-${{ hashFiles(" + ", ".join(f"'{p}'" for p in STALE_IF_CHANGED) + ") }}-"
    assert settings["key"] == hashed + "${{ github.sha }}"
    assert settings["restore-keys"].strip() == hashed
    for job in _jobs(pages).values():
        for step in _steps(job):
            assert "cache" not in step.get("with", {}), step  # no package cache


def test_ci_tests_builds_and_keeps_the_site() -> None:
    ci = _load(CI)
    assert {"push", "pull_request"} <= set(_triggers(ci))
    (job,) = _jobs(ci).values()
    steps = _steps(job)

    (setup,) = _steps_using(job, "actions/setup-python")
    assert setup["with"]["python-version"] == "${{ matrix.python }}"
    assert job["strategy"]["matrix"]["python"] == _oldest_and_newest_python()
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "pyproject.toml"

    runs = [s.get("run", "").strip() for s in steps]
    test_at, site_at = runs.index("make test"), runs.index("make site")
    assert steps[test_at]["env"]["DIGEST_REQUIRE_BROWSER"] == "1"
    assert any("apt-get install" in r and "chromium" in r for r in runs[:test_at])
    assert ".venv/bin/digest check" in runs

    (upload,) = _steps_using(job, "actions/upload-artifact")
    assert steps.index(upload) > site_at
    assert upload["with"]["path"].rstrip("/") == "site"
    assert upload["with"]["if-no-files-found"] == "error"


def _oldest_and_newest_python() -> list[str]:
    """The oldest Python pyproject.toml's `requires-python` allows and the newest its
    classifiers name: what CI tests on."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    oldest = re.fullmatch(r">=\s*(3\.\d+)", project["requires-python"])
    assert oldest, project["requires-python"]
    prefix = "Programming Language :: Python :: 3."
    minors = [int(c.removeprefix(prefix)) for c in project["classifiers"] if c.startswith(prefix)]
    assert f"3.{min(minors)}" == oldest[1], "the classifiers start at requires-python"
    return [oldest[1], f"3.{max(minors)}"]


def test_links_run_weekly_and_never_gate_a_push() -> None:
    links = _load(LINKS)
    triggers = links.get("on") or links.get(True)
    assert set(triggers) == {"schedule", "workflow_dispatch"}, "not on push or pull_request"
    [job] = _jobs(links).values()
    run = "\n".join(step.get("run", "") for step in job["steps"])
    assert "digest links" in run and "--strict" not in run, "a dead link must not fail it"

"""Commands as users meet them: written in README.md or the GitHub workflow, run verbatim.

A test names the command it runs by its exact text; :func:`documented` fails the test if
neither the README nor ``.github/workflows/factcheck.yml`` writes it so. The README's and
the workflow's commands call the project's interpreter as ``.venv/bin/...``: in a copy of
the project, :func:`run_documented` links ``.venv`` to the environment running the tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT

README = ROOT / "README.md"
WORKFLOW = ROOT / ".github" / "workflows" / "factcheck.yml"


def _flat(text: str) -> str:
    return " ".join(text.split())


def readme_commands() -> list[str]:
    """Every command line of the README's code blocks (indented or fenced), whitespace
    collapsed."""
    commands, fenced = [], False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if (fenced or line.startswith("    ")) and line.strip():
            commands.append(_flat(line))
    return commands


def workflow_commands() -> list[str]:
    """Every ``run:`` of the GitHub workflow's steps, whitespace collapsed."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return [
        _flat(step["run"])
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "run" in step
    ]


def documented(command: str) -> str:
    """``command`` if the README or the workflow writes it (as a whole line, or within a
    ``&&`` chain); the test fails otherwise."""
    wanted = _flat(command)
    for written in readme_commands() + workflow_commands():
        if wanted == written or wanted in [_flat(part) for part in written.split("&&")]:
            return command
    raise AssertionError(f"not written in README.md or {WORKFLOW.name}: {command}")


def link_venv(project: Path) -> None:
    """Make ``project/.venv`` the environment running the tests (as the README installs it)."""
    venv = project / ".venv"
    if not venv.exists():
        venv.symlink_to(Path(sys.prefix), target_is_directory=True)


def run_documented(
    project: Path,
    command: str,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run a documented command through bash in ``project``, exactly as written."""
    link_venv(project)
    return subprocess.run(
        ["bash", "-c", documented(command)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )

"""The default build never touches the network: it reads only the committed extracts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .network_guard import guarded_environment
from .project import copy_project, tree_digest


def _unshare_works() -> bool:
    """Whether this machine lets an unprivileged user run a command with no network at all."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.fixture
def guarded(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose Python processes refuse network connections, and the log of
    attempts (``processes.log`` beside it lists every guarded process)."""
    return guarded_environment(tmp_path / "guard")


def test_guard_is_active(guarded: tuple[dict[str, str], Path]) -> None:
    env, log = guarded
    attempt = (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "except OSError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", attempt], env=env, capture_output=True, text=True, check=True
    )
    assert "network guard: connection to ('127.0.0.1', 9) refused" in result.stdout
    assert "('127.0.0.1', 9)" in log.read_text()


def test_default_build_makes_no_network_connection(
    guarded: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, log = guarded
    project = copy_project(tmp_path / "project")
    before = tree_digest(project / "sources")
    command = [sys.executable, "-m", "snakemake", "-c2"]
    if _unshare_works():  # a network namespace with no interface: nothing can get out
        command = ["unshare", "-rn", *command]

    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=600
    )

    assert result.returncode == 0, result.stderr
    assert log.read_text() == ""
    # the guard ran in Snakemake and in the build steps it started
    processes = (tmp_path / "guard" / "processes.log").read_text()
    assert "snakemake" in processes and "factcheck" in processes
    assert list((project / "output").glob("*/report.pdf"))
    assert not (project / "output" / "fetched").exists()
    assert tree_digest(project / "sources") == before

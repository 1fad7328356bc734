"""The default build never touches the network: it reads only the committed extracts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .project import copy_project, tree_digest

# Any connect to a non-unix address is recorded and refused, in every Python process that
# starts with this folder on PYTHONPATH (Snakemake and each job it runs).
GUARD = """
import os
import socket
import sys

with open(os.environ["NETWORK_GUARD_PROCESSES"], "a") as processes:
    processes.write(" ".join(sys.orig_argv) + "\\n")

_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex


def _refuse(sock, address):
    if sock.family != socket.AF_UNIX:
        with open(os.environ["NETWORK_GUARD_LOG"], "a") as log:
            log.write(f"{os.getpid()} {address!r}\\n")
        raise OSError(f"network guard: connection to {address!r} refused")


def connect(self, address):
    _refuse(self, address)
    return _connect(self, address)


def connect_ex(self, address):
    _refuse(self, address)
    return _connect_ex(self, address)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
"""


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
    folder = tmp_path / "guard"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(GUARD)
    log = tmp_path / "connections.log"
    log.touch()
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    env = {
        **os.environ,
        "PYTHONPATH": path,
        "NETWORK_GUARD_LOG": str(log),
        "NETWORK_GUARD_PROCESSES": str(tmp_path / "processes.log"),
    }
    return env, log


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
    processes = (tmp_path / "processes.log").read_text()
    assert "snakemake" in processes and "factcheck" in processes
    assert list((project / "output").glob("*/report.pdf"))
    assert not (project / "output" / "fetched").exists()
    assert tree_digest(project / "sources") == before

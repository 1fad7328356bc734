"""Runs killed outright (SIGKILL) at chosen points: the next run of the same command, after
the one command Snakemake's own lock on outputs needs (``snakemake --unlock``, as README.md
says), finishes the work and leaves no ``*.part`` file; git ignores the parts meanwhile.

A killed run is the documented command, run with a ``sitecustomize`` module on PYTHONPATH
that SIGKILLs the command's whole process group (Snakemake, its shell and the step) the
moment a step is about to rename a chosen output into place: its part is then complete and
left behind, as after a kill at any other moment of the write.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from pytest_httpserver import HTTPServer

from factcheck import atomic

from .conftest import ROOT, SHARED
from .documented import documented, link_venv, run_documented
from .project import copy_project, tree_digest
from .test_drift import as_served, live_sources, mirror, serve, snapshot_of  # noqa: F401

ARTICLE = "nato-restraint-2022"
BUILD = ".venv/bin/snakemake -c1"
UNLOCK = ".venv/bin/snakemake --unlock"
DRIFT = ".venv/bin/snakemake -c1 drift --config online=true"
PIN = ".venv/bin/snakemake -c1 pin"
KILLER = '''
    """SIGKILL this process group when a path under $FACTCHECK_TEST_KILL_AT (relative to the
    working directory) is renamed onto."""
    import os
    import signal

    _AT = os.environ.get("FACTCHECK_TEST_KILL_AT")
    if _AT:
        _replace = os.replace

        def _replace_or_die(src, dst, *args, **kwargs):
            if os.path.abspath(dst).startswith(os.path.join(os.getcwd(), _AT)):
                os.killpg(0, signal.SIGKILL)
            return _replace(src, dst, *args, **kwargs)

        os.replace = _replace_or_die
'''


@pytest.fixture(scope="module")
def killer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("killer")
    (folder / "sitecustomize.py").write_text(textwrap.dedent(KILLER), encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with ../shared beside it, as the README's commands expect."""
    (tmp_path / "shared").symlink_to(SHARED, target_is_directory=True)
    project = copy_project(tmp_path / "project")
    link_venv(project)
    return project


def parts(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob(f"*{atomic.PART_SUFFIX}"))


def kill_while_renaming(
    project: Path, command: str, at: str, killer: Path, env: dict[str, str] | None = None
) -> list[str]:
    """Run a documented command, SIGKILLed as a step renames a path under ``at`` (relative to
    the project) into place; return the parts it left."""
    result = subprocess.run(
        ["bash", "-c", documented(command)],
        cwd=project,
        env={
            **os.environ,
            **(env or {}),
            "PYTHONPATH": str(killer),
            "FACTCHECK_TEST_KILL_AT": at,
        },
        start_new_session=True,  # the group killed is the command's, not the tests'
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    left = parts(project)
    assert left, f"the kill left no part: it came at another moment than chosen: {result.stderr}"
    return left


def rerun(project: Path, command: str, *, locked: bool, env: dict[str, str] | None = None) -> None:
    """The same command again. Where Snakemake's lock on the outputs stops it, its message
    points to --unlock, and after the documented unlock the same command succeeds."""
    result = run_documented(project, command, env=env)
    if locked:
        assert result.returncode == 1
        assert "It can be removed with the --unlock argument" in result.stderr
        unlocked = run_documented(project, UNLOCK)
        assert unlocked.returncode == 0, unlocked.stderr
        result = run_documented(project, command, env=env)
    assert result.returncode == 0, result.stderr


def test_a_stale_part_is_removed_by_the_next_write_a_held_one_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    write_and_die = (
        "import os, signal, sys; from factcheck.atomic import atomic_path\n"
        "with atomic_path(sys.argv[1]) as tmp:\n"
        "    tmp.write_text('half')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    died = subprocess.run([sys.executable, "-c", write_and_die, str(target)], check=False)
    assert died.returncode == -signal.SIGKILL
    assert len(parts(tmp_path)) == 1 and not target.exists()
    with atomic.atomic_path(tmp_path / "other.json") as held:
        held.write_text("{}")
        atomic.write_text(target, "whole")  # sweeps the folder
        assert parts(tmp_path) == [held.name]  # the killed one's part is gone, ours kept
    assert target.read_text() == "whole"
    assert parts(tmp_path) == []


def test_parts_are_ignored_by_git() -> None:
    for part in ("sources/.sources.lock.json.k2x9.part", "sources/extracts/.x.csv.a1.part"):
        ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", part], cwd=ROOT)
        assert ignored.returncode == 0, part


def test_a_killed_build(project: Path, killer: Path) -> None:
    sources = tree_digest(project / "sources")
    left = kill_while_renaming(project, BUILD, f"output/{ARTICLE}/report.pdf", killer)
    assert [Path(part).parent.as_posix() for part in left] == [f"output/{ARTICLE}"]
    rerun(project, BUILD, locked=True)
    assert parts(project) == []
    first_page = pypdf.PdfReader(project / "output" / ARTICLE / "report.pdf").pages[0]
    assert "Bottom line" in first_page.extract_text()
    assert tree_digest(project / "sources") == sources


@pytest.fixture
def served(
    mirror: HTTPServer,  # noqa: F811
    snapshot_of: dict[str, Path],  # noqa: F811
    project: Path,
) -> Iterator[dict[str, str]]:
    """The live sources served as published; the environment that points the README's
    commands to that mirror."""
    mirror.clear()
    sources = live_sources(project)
    serve(mirror, sources, {k: as_served(sources[k], snapshot_of[k]) for k in sources})
    yield {"FACTCHECK_MIRROR": mirror.url_for("/")}
    mirror.check_handler_errors()


def test_a_killed_fetch_then_a_killed_pin(
    project: Path,
    killer: Path,
    served: dict[str, str],
    snapshot_of: dict[str, Path],  # noqa: F811
) -> None:
    # SIPRI serves the same data in other bytes than the pinned ones: pin will take them.
    lock_path = project / "sources" / "sources.lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["sources"]["sipri-milex-2025"]["sha256"] = "0" * 64
    lock_path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    sources = tree_digest(project / "sources")
    left = kill_while_renaming(project, DRIFT, "output/fetched/cache/", killer, served)
    assert left and all(Path(part).is_relative_to("output/fetched/cache") for part in left)
    rerun(project, DRIFT, locked=True, env=served)
    assert parts(project) == []
    assert tree_digest(project / "sources") == sources

    left = kill_while_renaming(project, PIN, "sources/extracts/", killer)
    assert {Path(part).parent.as_posix() for part in left} == {"sources", "sources/extracts"}
    unchanged = {
        k: v for k, v in tree_digest(project / "sources").items() if not k.endswith(".part")
    }
    assert unchanged == sources  # killed before any file was renamed into place
    rerun(project, PIN, locked=False)  # a target without outputs: nothing locked
    assert parts(project) == []
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    served_sha256 = hashlib.sha256(snapshot_of["sipri-milex-2025"].read_bytes()).hexdigest()
    assert lock["sources"]["sipri-milex-2025"]["sha256"] == served_sha256

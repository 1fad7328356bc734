"""Builds as a cluster runs them: other interpreters, detached nodes, no shared filesystem.

Each test builds one article (the shortest) in its own copy of the project, and compares
with a local build of the same copy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .documented import run_documented
from .project import PRODUCTS, copy_project, snakemake

ARTICLE = "lse-russia-cannot-win-2022"
CLUSTER = (
    ".venv/bin/snakemake --workflow-profile profiles/cluster --executor cluster-generic"
    " --cluster-generic-submit-cmd profiles/cluster/submit"
    " --cluster-generic-status-cmd profiles/cluster/status --seconds-between-status-checks 1"
)
NO_SHARED_FILESYSTEM = (
    ".venv/bin/snakemake --workflow-profile profiles/cluster --executor cluster-generic"
    ' --cluster-generic-submit-cmd "profiles/cluster/submit --fresh-dir"'
    " --cluster-generic-status-cmd profiles/cluster/status --seconds-between-status-checks 1"
    " --shared-fs-usage none --job-deploy-sources --default-storage-provider fs"
    ' --default-storage-prefix "$PWD"'
)


# The same files, author and time make the same commit in every copy.
GIT = dict(
    os.environ,
    GIT_AUTHOR_NAME="test",
    GIT_AUTHOR_EMAIL="test@example.org",
    GIT_AUTHOR_DATE="2026-01-01T00:00:00Z",
    GIT_COMMITTER_NAME="test",
    GIT_COMMITTER_EMAIL="test@example.org",
    GIT_COMMITTER_DATE="2026-01-01T00:00:00Z",
)


def one_article(dest: Path) -> Path:
    """A copy of the project holding only ARTICLE, committed (Snakemake ships the files git
    tracks to nodes that share no filesystem, which have no git history: verdicts.json names
    the commit all the same)."""
    project = copy_project(dest)
    for claims in (project / "sources" / "articles").glob("*.yaml"):
        if claims.stem != ARTICLE:
            claims.unlink()
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "project"]):
        subprocess.run(["git", *command], cwd=project, env=GIT, check=True)
    return project


def products(project: Path) -> dict[str, bytes]:
    return {name: (project / "output" / ARTICLE / name).read_bytes() for name in PRODUCTS}


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The article built by a local run."""
    project = one_article(tmp_path_factory.mktemp("local") / "project")
    result = snakemake(project)
    assert result.returncode == 0, result.stderr
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True, check=True
    )
    assert (
        f'"git_commit": "{commit.stdout.strip()}"'
        in (project / "output" / ARTICLE / "verdicts.json").read_text()
    )
    return project


def _nothing_to_do(project: Path, *interpreter: str) -> str:
    run = subprocess.run(
        [*interpreter, "-n", "-c1"], cwd=project, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    return "Nothing to be done" if "Nothing to be done" in run.stdout + run.stderr else run.stdout


def test_a_built_tree_is_up_to_date_whatever_interpreter_runs_snakemake(local, tmp_path):
    """The command text, on which Snakemake reruns a job, names no interpreter path: the
    venv's console script, ``python -m snakemake``, the same venv at another path and a new
    venv (with the same packages) all find nothing to do."""
    moved = tmp_path / "moved-venv"
    moved.symlink_to(sys.prefix, target_is_directory=True)  # the venv, seen at another path
    recreated = tmp_path / "new-venv"
    venv.create(recreated, with_pip=False)
    packages = Path(sysconfig.get_paths(vars={"base": str(recreated)})["purelib"])
    (packages / "same-packages.pth").write_text(
        f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n"
    )
    for interpreter in (
        [str(Path(sys.prefix) / "bin" / "snakemake")],
        [sys.executable, "-m", "snakemake"],
        [str(moved / "bin" / "python"), "-m", "snakemake"],
        [str(recreated / "bin" / "python"), "-m", "snakemake"],
    ):
        assert _nothing_to_do(local, *interpreter) == "Nothing to be done", interpreter


@pytest.mark.slow
def test_a_cluster_build_gives_the_bytes_of_a_local_build(local, tmp_path):
    """Each article one submission, each job detached with an empty environment."""
    project = one_article(tmp_path / "project")
    result = run_documented(project, CLUSTER)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Submitted group job") == 1  # the article's job
    assert products(project) == products(local)
    assert _nothing_to_do(local, sys.executable, "-m", "snakemake") == "Nothing to be done"


@pytest.mark.slow
def test_a_build_without_a_shared_filesystem_gives_the_bytes_of_a_local_build(local, tmp_path):
    """Each job in a new empty folder: the workflow from Snakemake's source archive, every
    input and output through the storage provider."""
    project = one_article(tmp_path / "project")
    result = run_documented(project, NO_SHARED_FILESYSTEM)
    assert result.returncode == 0, result.stderr
    assert "Retrieving from storage" not in result.stderr  # the jobs did, not Snakemake
    logs = "".join(path.read_text() for path in project.glob(".snakemake/local-cluster/*/log"))
    assert "Retrieving from storage: " in logs and "Working directory: /" in logs
    assert f"Working directory: {project}" not in logs
    assert products(project) == products(local)


def test_the_cluster_profile_keeps_the_default_profiles_settings():
    """--workflow-profile profiles/cluster replaces profiles/default: it repeats it."""
    profiles = ROOT / "profiles"
    default = yaml.safe_load((profiles / "default" / "config.yaml").read_text(encoding="utf-8"))
    cluster = yaml.safe_load((profiles / "cluster" / "config.yaml").read_text(encoding="utf-8"))
    assert cluster.items() >= default.items()


def test_each_article_is_one_group_and_every_other_rule_stays_local(local):
    """A cluster gets one submission per article, whose job declares what it needs; every
    other target (fetching, pinning, gathering) runs where Snakemake runs."""
    plan = subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--forceall", "-c1"],
        cwd=local,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert plan.returncode == 0, plan.stderr
    text = plan.stdout + plan.stderr
    assert text.count("Group job article") == 1
    jobs = dict(re.findall(r"(?m)^\s*rule (\w+):\n(?:.*\n)*?\s+resources: (.*)$", text))
    grouped = {"report"}
    assert set(jobs) == grouped | {"all"}
    for rule in grouped:
        declared = dict(item.split("=", 1) for item in jobs[rule].split(", "))
        assert int(declared["mem_mb"]) > 0 and int(declared["runtime"]) > 0, rule

    rules = {
        name
        for path in [ROOT / "Snakefile", *(ROOT / "workflow" / "rules").glob("*.smk")]
        for name in re.findall(r"(?m)^rule (\w+):", path.read_text(encoding="utf-8"))
    }
    snakefile = (ROOT / "Snakefile").read_text(encoding="utf-8")
    listed = re.search(r"(?ms)^localrules:\n(.*?)\n\n", snakefile)
    assert listed
    assert set(re.findall(r"(\w+),", listed.group(1))) == rules - grouped

"""What built a report: the pipeline's commit and the versions of the software that matter."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__

PACKAGES = (
    "snakemake",
    "pandas",
    "openpyxl",
    "jinja2",
    "weasyprint",
    "matplotlib",
    "pypdf",
)


def git_commit(folder: Path) -> str:
    """The commit the pipeline was built from, "+changes" if the work tree differs, or
    "unknown" outside a git checkout."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+changes" if dirty else "")


COMMIT_VARIABLE = "FACTCHECK_COMMIT"
"""The pipeline's commit as Snakemake found it (see the Snakefile), for jobs that run where
the workflow's files are without their git history (a cluster node, a container)."""


def software(folder: Path) -> dict[str, Any]:
    """Python and package versions, and the pipeline's commit: as Snakemake passed it on,
    else the git commit of ``folder``."""
    versions = {"factcheck": __version__}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "python": platform.python_version(),
        "packages": versions,
        "git_commit": os.environ.get(COMMIT_VARIABLE) or git_commit(folder),
    }

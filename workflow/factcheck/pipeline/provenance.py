"""What built a report: the pipeline's commit and the versions of the software that matter."""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = (
    "factcheck",
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


def software(folder: Path) -> dict[str, Any]:
    """Python and package versions, and the git commit of ``folder``."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "python": platform.python_version(),
        "packages": versions,
        "git_commit": git_commit(folder),
    }

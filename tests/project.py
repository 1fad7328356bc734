"""Run the real workflow in a throwaway copy of the project."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PROJECT_PARTS = ("Snakefile", "workflow", "sources", "templates", "config", "profiles")
# What a build writes for each article, in output/<article>/.
PRODUCTS = ("report.pdf", "report.html", "verdicts.json", "claims.csv", "claimreview.jsonld")


def copy_project(dest: Path) -> Path:
    """Copy what a build needs (not output/, not .snakemake/) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def snakemake(
    project: Path, *args: str, timeout: float = 300, **config: str
) -> subprocess.CompletedProcess[str]:
    """Run snakemake in ``project`` with its default settings, and ``config`` if given."""
    command = [sys.executable, "-m", "snakemake", "-c1", *args]
    if config:
        command += ["--config", *(f"{name}={value}" for name, value in config.items())]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=timeout)


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder``, by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }

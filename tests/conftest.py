"""Shared test fixtures: the project root and the real publisher files beside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared")).resolve()
SNAPSHOTS = SHARED / "snapshots"


@pytest.fixture(scope="session")
def snapshots() -> Path:
    """The folder of real publisher files (``../shared/snapshots``); tests need it."""
    if not SNAPSHOTS.is_dir():
        pytest.fail(f"real source files not found at {SNAPSHOTS}; set FACTCHECK_SHARED")
    return SNAPSHOTS


@pytest.fixture(scope="session")
def real_verdicts() -> dict:
    """The real article's verdicts document, built once per session: read it, never change it."""
    from factcheck.verdicts import build_verdicts

    return build_verdicts(
        ROOT / "sources/articles/nato-restraint-2022.yaml", ROOT / "sources", SHARED / "article"
    )

"""Shared test fixtures: the project root and the real publisher files beside it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

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
    from factcheck.checks.verdicts import build_verdicts

    return build_verdicts(
        ROOT / "sources/articles/nato-restraint-2022.yaml",
        ROOT / "sources",
        ROOT / "sources/articles",
    )


@pytest.fixture
def httpserver(httpserver_ipv4: HTTPServer) -> Iterator[HTTPServer]:
    """The pytest-httpserver server bound to 127.0.0.1; unmatched requests get a 418.

    418 is not retried, so a request no handler expects fails at once; the assertion
    pytest-httpserver records for it is raised at teardown.
    """
    default = httpserver_ipv4.no_handler_status_code
    httpserver_ipv4.no_handler_status_code = 418
    yield httpserver_ipv4
    httpserver_ipv4.no_handler_status_code = default
    httpserver_ipv4.check_assertions()
    httpserver_ipv4.check_handler_errors()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep requests away from any proxy: 127.0.0.1 only."""
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)

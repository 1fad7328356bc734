"""Shared test fixtures: the project root, the real publisher files, a local HTTP server."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
import yaml
from pytest_httpserver import HTTPServer

from factcheck.live.raw_cache import RawCache, cache_dir, manifest_files, pinned_files
from factcheck.pinned.catalog import load_catalog

from .raw_lookup import RawFiles, summary

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared")).resolve()
SNAPSHOTS = SHARED / "snapshots"
RAW_FILES = pytest.StashKey[RawFiles]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--require-raw-files",
        action="store_true",
        help="fail, rather than skip, a test whose raw publisher file is missing",
    )


@pytest.fixture(scope="session")
def snapshots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> RawFiles:
    """The real publisher files the tests read, laid out like ``../shared/snapshots``
    (``snapshots / "sipri" / name``), each found by its sha256 in the raw-file cache or in
    ``../shared/snapshots``; a test asking for one found nowhere is skipped."""
    settings = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    catalog = load_catalog(ROOT / "sources")
    raw = RawFiles(
        files=manifest_files(ROOT / "tests" / "raw_files.yaml", catalog),
        pinned=pinned_files(catalog),
        cache=RawCache(cache_dir(settings.get("raw_cache"), ROOT)),
        shared=SNAPSHOTS,
        shown=tmp_path_factory.mktemp("snapshots"),
        required=request.config.getoption("--require-raw-files"),
    )
    request.config.stash[RAW_FILES] = raw
    return raw


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> Generator[None, object, object]:
    """After pytest's own summary: one line on the tests skipped for missing raw files."""
    result = yield
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    raw = session.config.stash.get(RAW_FILES, None)
    line = raw and reporter and summary(reporter.stats.get("skipped", []), raw.missing)
    if line:
        reporter.write_line(line)
    return result


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

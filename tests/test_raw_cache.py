"""The raw-file cache, filled by the real workflow from a mirror on 127.0.0.1 that serves the
real publisher files (World Bank files zipped, as served), or from a folder of them; the
cache never holds other bytes than the ones recorded."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from pytest_httpserver import HTTPServer

from factcheck.cli import main
from factcheck.live.raw_cache import RawCache, import_folder, manifest_files, needed_files
from factcheck.live.raw_fetch import failure_summary
from factcheck.pinned import limits
from factcheck.pinned.catalog import load_catalog

from .conftest import ROOT
from .documented import run_documented
from .project import copy_project, snakemake
from .raw_lookup import RawFiles

FETCH = ".venv/bin/snakemake -c1 raw --config online=true"
IMPORT = ".venv/bin/snakemake -c1 raw_import --config raw_import_from=../shared/snapshots"
CATALOG = load_catalog(ROOT / "sources")
NEEDED = needed_files(CATALOG, ROOT / "tests" / "raw_files.yaml")
MANIFEST = manifest_files(ROOT / "tests" / "raw_files.yaml", CATALOG)
ARCHIVE_URL = "https://archive.example.org/wdi/API_NY.GDP.MKTP.KD.ZG_DS2_en_csv_v2_261404.csv"


@pytest.fixture(scope="module")
def real(snapshots: RawFiles) -> dict[str, Path]:
    """Every raw file needed, by sha256: the real file, named as in tests/raw_files.yaml."""
    return {raw.sha256: snapshots / name for name, raw in MANIFEST.items()}


def served_bodies(real: dict[str, Path]) -> dict[str, bytes]:
    """What each live URL serves: the newest release of its files; a zip-csv URL a zip of
    them named as the World Bank names them (``API_*.csv`` for the data)."""
    members: dict[str, dict[str, bytes]] = {}
    for raw in NEEDED:
        if not raw.archived:
            name = real[raw.sha256].name
            data_name = name if name.startswith(("API_", "Metadata_")) else f"API_{name}"
            members.setdefault(raw.url, {})[data_name] = real[raw.sha256].read_bytes()
    bodies = {}
    for raw in NEEDED:
        if raw.url in members and raw.format == "zip-csv":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, body in sorted(members[raw.url].items()):
                    archive.writestr(name, body)
            bodies[raw.url] = buffer.getvalue()
        elif raw.url in members:
            [bodies[raw.url]] = members[raw.url].values()
    return bodies


def serve(server: HTTPServer, bodies: dict[str, bytes], status: dict[str, int] | None = None):
    """Serve each URL's body where the mirror serves it (``MIRROR/HOST/PATH?QUERY``)."""
    for url, body in bodies.items():
        parts = urlsplit(url)
        server.expect_request(
            unquote(f"/{parts.netloc}{parts.path}"), query_string=parts.query or None
        ).respond_with_data(body, status=(status or {}).get(url, 200))


def project_with_manifest(folder: Path) -> Path:
    """A copy of the project with the tests' manifest, as a clone has it."""
    project = copy_project(folder)
    (project / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "raw_files.yaml", project / "tests")
    return project


def cached(cache: Path) -> set[str]:
    """The sha256s the cache holds, each checked against its file's bytes."""
    names = {path.name for path in cache.iterdir()}
    for name in names:
        assert hashlib.sha256((cache / name).read_bytes()).hexdigest() == name
    return names


def sha256_of(*names: str) -> set[str]:
    return {raw.sha256 for raw in NEEDED if raw.name in names}


def test_raw_fetches_every_file_served_and_names_the_releases_no_url_serves(
    tmp_path: Path, real: dict[str, Path], httpserver: HTTPServer
) -> None:
    project = project_with_manifest(tmp_path / "project")
    lock_path = project / "sources" / "sources.lock.json"
    lock = json.loads(lock_path.read_text())
    lock["sources"]["wb-gdp-growth-2024-06"]["archive_url"] = ARCHIVE_URL
    lock_path.write_text(json.dumps(lock, indent=2))
    bodies = served_bodies(real)
    [archived] = sha256_of("wb-gdp-growth-2024-06")
    serve(httpserver, {**bodies, ARCHIVE_URL: real[archived].read_bytes()})
    env = {"FACTCHECK_MIRROR": httpserver.url_for("/"), "FACTCHECK_RAW_CACHE": str(tmp_path / "c")}

    result = run_documented(project, FETCH, env=env)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("not retrievable")] == [
        "not retrievable: wb-gdp-growth-2025-10, last served 2026-11-25 (its URL serves a "
        "later release; no archive URL is recorded)",
        "not retrievable: wb-surface-area-2024-11, last served 2026-11-25 (its URL serves a "
        "later release; no archive URL is recorded)",
    ]
    assert "raw: 21 of 23 raw files are in the cache" in result.stdout
    unretrievable = sha256_of("wb-gdp-growth-2025-10", "wb-surface-area-2024-11")
    assert cached(tmp_path / "c") == {raw.sha256 for raw in NEEDED} - unretrievable
    # one request per live URL, one for the archived release with an archive URL
    assert len(httpserver.log) == len(bodies) + 1

    again = run_documented(project, FETCH, env=env)
    assert again.returncode == 0, again.stderr
    assert len(httpserver.log) == len(bodies) + 1  # everything retrievable is cached


def test_other_bytes_are_never_kept_and_a_failed_download_fails(
    tmp_path: Path, real: dict[str, Path], httpserver: HTTPServer
) -> None:
    """The SIPRI 2025 URL serves the 2024 release; the SIPRI 2021 URL answers 500."""
    project = project_with_manifest(tmp_path / "project")
    sipri_2025, sipri_2021 = (CATALOG.pins[k].url for k in ("sipri-milex-2025", "sipri-milex-2021"))
    bodies = served_bodies(real)
    bodies[sipri_2025] = (
        real[MANIFEST["sipri/SIPRI-Milex-data-1949-2023.xlsx"].sha256]
    ).read_bytes()
    serve(httpserver, bodies, {sipri_2021: 500})
    cache = tmp_path / "cache"

    mirror = f"mirror={httpserver.url_for('/')}"
    result = snakemake(
        project, "raw", "--config", "online=true", "fetch_retries=0", mirror, f"raw_cache={cache}"
    )

    assert result.returncode == 1
    assert (
        "not retrievable: sipri-milex-2025, last served 2026-11-25 (its URL now serves other "
        "bytes; no archive URL is recorded)" in result.stdout
    )
    assert (
        f"factcheck: error: 1 download failed: {sipri_2021}: gave up after 1 attempt; "
        "last error: HTTP 500" in result.stderr
    )
    assert sha256_of("sipri-milex-2025", "sipri-milex-2021").isdisjoint(cached(cache))
    assert not list(cache.glob(".*.part"))


def test_raw_without_online_refuses_to_download(tmp_path: Path, httpserver: HTTPServer) -> None:
    project = project_with_manifest(tmp_path / "project")
    mirror = f"mirror={httpserver.url_for('/')}"
    result = snakemake(project, "raw", "--config", mirror, f"raw_cache={tmp_path / 'cache'}")
    assert result.returncode == 1
    assert (
        f"factcheck: error: {tmp_path / 'cache'}: 23 raw files are not in the cache; "
        "downloading them needs --config online=true" in result.stderr
    )
    assert httpserver.log == []


def test_raw_import_takes_a_folder_laid_out_like_the_snapshots(
    tmp_path: Path, real: dict[str, Path]
) -> None:
    work = tmp_path / "work"
    project = project_with_manifest(work / "project")
    folder = work / "shared" / "snapshots"
    for name, raw in MANIFEST.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(real[raw.sha256], folder / name)
    (folder / "PROVENANCE.md").write_text("# Where these files come from\n")
    cache = tmp_path / "cache"

    result = run_documented(project, IMPORT, env={"FACTCHECK_RAW_CACHE": str(cache)})

    assert result.returncode == 0, result.stderr
    assert (
        "raw-import: 23 raw files newly cached from ../shared/snapshots; 23 files there hold "
        "needed raw files, 1 ignored (they match nothing needed)" in result.stdout
    )
    assert "raw-import: 23 of 23 raw files are in the cache" in result.stdout
    assert cached(cache) == {raw.sha256 for raw in NEEDED}


def test_import_of_a_mirror_layout_takes_the_members_of_zips(
    tmp_path: Path, real: dict[str, Path]
) -> None:
    """A mirror keeps each URL's body at HOST/PATH: the World Bank's zips, not their CSVs."""
    mirror = tmp_path / "mirror"
    for url, body in served_bodies(real).items():
        parts = urlsplit(url)
        path = mirror / parts.netloc / unquote(parts.path).lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
    cache = RawCache(tmp_path / "cache")

    imported = import_folder(mirror, NEEDED, cache)

    archived = {raw.name for raw in NEEDED if raw.archived}
    assert {raw.name for raw in imported.missing} == archived  # not served: not in the mirror
    assert cached(cache.root) == {raw.sha256 for raw in NEEDED if not raw.archived}
    assert imported.ignored == 0


def test_import_refuses_a_zip_bomb_and_goes_on(tmp_path: Path, real: dict[str, Path]) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("API_bomb.csv", bytes(200 * limits.MIB))
    [sipri] = sha256_of("sipri-milex-2025")
    shutil.copyfile(real[sipri], folder / "sipri.xlsx")
    cache = RawCache(tmp_path / "cache")

    imported = import_folder(folder, NEEDED, cache)

    [refusal] = imported.refused
    assert refusal.startswith(f"{folder / 'bomb.zip'}: refused: zip member 'API_bomb.csv' would")
    assert (imported.matched, imported.ignored) == (1, 1)
    assert cached(cache.root) == sha256_of("sipri-milex-2025")
    assert not list(cache.root.glob(".*"))


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("", "factcheck: error: name the folder to import: --config raw_import_from=FOLDER"),
        ("absent", "factcheck: error: absent: no such folder to import raw files from"),
    ],
)
def test_raw_import_names_a_folder_it_cannot_read(tmp_path, capsys, folder, expected) -> None:
    arguments = ["--sources", str(ROOT / "sources"), "--cache", str(tmp_path), "--folder", folder]
    status = main(["raw-import", *arguments])
    assert status == 1
    assert capsys.readouterr().err == expected + "\n"


def test_a_damaged_cache_entry_counts_as_missing(tmp_path: Path, real: dict[str, Path]) -> None:
    cache = RawCache(tmp_path / "cache")
    [sipri] = sha256_of("sipri-milex-2025")
    cache.root.mkdir()
    (cache.root / sipri).write_bytes(real[sipri].read_bytes()[:-1])
    assert cache.find(sipri) is None
    assert sipri in {raw.sha256 for raw in cache.missing(NEEDED)}


@pytest.mark.parametrize("required", [False, True])
def test_missing_raw_files_skip_the_tests_that_read_them(tmp_path: Path, required: bool) -> None:
    """No cache and no ../shared: the parser tests are skipped, and one line says why and
    what to run; with --require-raw-files they fail instead."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["tests/test_parse_factbook.py", *(["--require-raw-files"] * required)]
    env = {"FACTCHECK_SHARED": str(tmp_path / "none"), "FACTCHECK_RAW_CACHE": str(tmp_path)}
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, **env}
    )
    last = result.stdout.strip().splitlines()[-1]
    if required:
        assert result.returncode == 1
        assert "raw file missing: factbook/2022-03-17/rs.json" in result.stdout
        assert "--require-raw-files was given" in result.stdout
    else:
        assert result.returncode == 0, result.stdout
        assert last == (
            "raw files: 9 tests skipped, 4 raw files missing (factbook/2022-03-17/rs.json, "
            "factbook/2022-03-17/up.json, factbook/2026-01-21/rs.json, "
            "factbook/2026-01-21/up.json); fetch them with "
            "`.venv/bin/snakemake -c1 raw --config online=true`, or import a folder of them "
            "with `.venv/bin/snakemake -c1 raw_import --config raw_import_from=<folder>`"
        )


def test_a_reason_shared_by_failed_downloads_is_given_once() -> None:
    """Offline, every URL of a host fails alike: the error counts them, naming each only on
    its own line above it."""
    unresolved = "cannot resolve the host example.org (Name or service not known)"
    failed = [f"https://example.org/{name}: {unresolved}" for name in ("a.csv", "b.csv")]
    failed.append("https://example.net/c.xlsx: gave up after 1 attempt; last error: HTTP 500")
    assert failure_summary(failed) == (
        f"3 downloads failed: 2 URLs: {unresolved}; "
        "https://example.net/c.xlsx: gave up after 1 attempt; last error: HTTP 500"
    )

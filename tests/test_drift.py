"""Live fetching, drift detection and pinning: the real workflow, run by Snakemake in a copy
of the project, downloads the real publisher files from a mirror on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.pinned.catalog import Source, load_catalog

from .project import copy_project, tree_digest
from .raw_lookup import RawFiles

SIPRI_2024 = "sipri/SIPRI-Milex-data-1949-2023.xlsx"
SIPRI_2025 = "sipri/SIPRI-Milex-data-1949-2024_2.xlsx"
FACTBOOK_2026 = "factbook/2026-01-21"
FACTBOOK_2022 = "factbook/2022-03-17"
SURFACE_2024 = "worldbank/API_AG.SRF.TOTL.K2_DS2_en_csv_v2_9771.csv"
SURFACE_2026 = "worldbank/API_AG.SRF.TOTL.K2_DS2_en_csv_v2_34852.csv"
TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "text/plain; charset=utf-8",  # as raw.githubusercontent.com serves it
    "csv": "text/plain; charset=utf-8",
    "tsv-utf16": "text/plain; charset=utf-8",
    "zip-csv": "application/zip",
}
# Small limits, so that faults fail fast (fetch backs off 1 s before its single retry).
FAST = {"fetch_timeout": "1", "fetch_retries": "1"}


@pytest.fixture(scope="module")
def mirror() -> Iterator[HTTPServer]:
    """A threaded pytest-httpserver on 127.0.0.1 (Snakemake fetches several files at once,
    and a stalled answer must not hold up the others); unmatched requests get a 418."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.no_handler_status_code = 418
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def served(mirror: HTTPServer) -> Iterator[HTTPServer]:
    """The mirror, emptied for one test; its handler errors fail the test at teardown."""
    mirror.clear()
    yield mirror
    mirror.check_handler_errors()


def zipped(name: str, body: bytes) -> bytes:
    """A World Bank style download: a zip holding the API_*.csv (fixed date, fixed bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        member = name if name.startswith("API_") else f"API_{name}"
        archive.writestr(zipfile.ZipInfo(member, (2026, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def as_served(source: Source, snapshot: Path) -> bytes:
    """The bytes the live URL serves for a snapshot file."""
    body = snapshot.read_bytes()
    return zipped(snapshot.name, body) if source.format == "zip-csv" else body


def live_sources(project: Path) -> dict[str, Source]:
    catalog = load_catalog(project / "sources")
    return {k: s for k, s in catalog.sources.items() if not s.archived}


@pytest.fixture(scope="module")
def snapshot_of(snapshots: RawFiles) -> dict[str, Path]:
    """The snapshot file of each live source: the file its committed pin holds."""
    catalog = load_catalog(Path(__file__).resolve().parent.parent / "sources")
    return {
        source_id: snapshots.of_source(source_id)
        for source_id, source in catalog.sources.items()
        if not source.archived
    }


def path_of(url: str) -> tuple[str, str | None]:
    """Where the mirror serves ``url``: path (decoded, as the server sees it) and query."""
    parts = urlsplit(url)
    return unquote(f"/{parts.netloc}{parts.path}"), parts.query or None


def serve(
    server: HTTPServer,
    sources: dict[str, Source],
    bodies: dict[str, bytes],
    faults: dict[str, Callable[[Request], Response]] | None = None,
) -> None:
    """Serve each live source's body (with an ETag, answering 304 to a matching
    If-None-Match) or its fault handler."""
    faults = faults or {}
    for source_id, source in sources.items():
        path, query = path_of(source.url)
        handler = faults.get(source_id) or _with_etag(bodies[source_id], TYPES[source.format])
        server.expect_request(path, query_string=query).respond_with_handler(handler)


def _with_etag(body: bytes, content_type: str) -> Callable[[Request], Response]:
    etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'

    def respond(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type=content_type, headers={"ETag": etag})

    return respond


def snakemake(
    project: Path, server: HTTPServer, *targets: str, **config: str
) -> subprocess.CompletedProcess[str]:
    """Run the real Snakemake in ``project``, online, through the mirror."""
    settings = {
        "online": "true",
        "mirror": server.url_for("/"),
        **config,
    }
    command = [sys.executable, "-m", "snakemake", "-c4", *targets, "--config"]
    command += [f"{k}={v}" for k, v in settings.items()]
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, timeout=300, env=_environment()
    )


def _environment() -> dict[str, str]:
    """This process's environment without proxies (127.0.0.1 only) or a preset mirror."""
    drop = {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"}
    return {k: v for k, v in os.environ.items() if k not in drop | {"FACTCHECK_MIRROR"}}


def factcheck(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def pin_files(project: Path, raws: dict[str, Path]) -> None:
    """Make ``raws`` the pinned state of the copy (``factcheck pin-files``)."""
    args = [f"{source_id}={path}" for source_id, path in raws.items()]
    result = factcheck(project, "pin-files", "--retrieved", "2026-01-01", *args)
    assert result.returncode == 0, result.stderr


def drift_report(project: Path) -> dict:
    return json.loads((project / "output" / "drift.json").read_text())


@pytest.fixture(scope="module")
def base(
    tmp_path_factory: pytest.TempPathFactory, snapshot_of: dict[str, Path]
) -> tuple[Path, dict[str, bytes]]:
    """A copy of the project whose pinned state is exactly what the mirror serves, and those
    bodies. The committed World Bank pins are of the bare CSVs while the live URLs serve zips,
    so the copy pins the zips (their extracts are the committed ones, byte for byte)."""
    project = copy_project(tmp_path_factory.mktemp("base"))
    sources = live_sources(project)
    bodies = {k: as_served(sources[k], snapshot_of[k]) for k in sources}
    zips = tmp_path_factory.mktemp("zips")
    repin = {}
    for source_id, source in sources.items():
        if source.format == "zip-csv":
            repin[source_id] = zips / source_id
            repin[source_id].write_bytes(bodies[source_id])
    extracts = tree_digest(project / "sources" / "extracts")
    if repin:
        pin_files(project, repin)
    assert tree_digest(project / "sources" / "extracts") == extracts
    return project, bodies


@pytest.fixture
def project(base: tuple[Path, dict[str, bytes]], tmp_path: Path) -> Path:
    """A fresh copy of the base project for one test."""
    return Path(shutil.copytree(base[0], tmp_path / "project", symlinks=True))


@pytest.fixture
def bodies(base: tuple[Path, dict[str, bytes]]) -> dict[str, bytes]:
    return dict(base[1])


# --- no drift ---------------------------------------------------------------------------

NO_DRIFT = {"bytes": False, "values": False, "verdicts": False}


def test_served_as_pinned_is_no_drift(
    project: Path, bodies: dict[str, bytes], served: HTTPServer
) -> None:
    sources = live_sources(project)
    serve(served, sources, bodies)
    before = tree_digest(project / "sources")

    result = snakemake(project, served, "drift")

    assert result.returncode == 0, result.stderr
    report = drift_report(project)
    assert report["drift"] == NO_DRIFT
    assert report["bytes"] == [] and report["verdicts"] == []
    assert report["values"] == {"used": [], "extracts": []}
    assert report["summary"]["sources_fetched"] == len(sources) == len(served.log)
    assert "no drift" in result.stdout
    assert "Every live source serves the pinned bytes." in (project / "output/drift.md").read_text()
    assert tree_digest(project / "sources") == before


def test_drift_refuses_to_fetch_offline(project: Path, served: HTTPServer) -> None:
    result = snakemake(project, served, "drift", online="false")
    assert result.returncode != 0
    assert "factcheck: error: fetching needs --config online=true" in result.stderr
    assert served.log == []


def test_pin_without_a_fetch_says_what_to_run(project: Path) -> None:
    result = factcheck(project, "pin-fetched", "--fetched", "output/fetched/sources")
    assert result.returncode == 1
    assert result.stderr == (
        "factcheck: error: output/fetched/sources: no fetched state here; "
        "run `snakemake -c1 drift --config online=true` first\n"
    )


# --- real revisions: SIPRI April 2024 -> April 2025 --------------------------------------


@pytest.fixture(scope="module")
def sipri(
    base: tuple[Path, dict[str, bytes]],
    snapshots: Path,
    mirror: HTTPServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict:
    """The 2024 release (data to 2023) pinned as sipri-milex-2025, the 2025 release served."""
    project = Path(shutil.copytree(base[0], tmp_path_factory.mktemp("sipri") / "p"))
    pin_files(project, {"sipri-milex-2025": snapshots / SIPRI_2024})
    bodies = {**base[1], "sipri-milex-2025": (snapshots / SIPRI_2025).read_bytes()}
    mirror.clear()
    serve(mirror, live_sources(project), bodies)
    before = tree_digest(project / "sources")
    result = snakemake(project, mirror, "drift")
    assert result.returncode == 0, result.stderr  # the claims' verdicts hold (see below)
    report = drift_report(project)
    return {
        "project": project,
        "bodies": bodies,
        "result": result,
        "before": before,
        "report": report,
    }


def _used(report: dict, entity: str, year: int) -> dict:
    [found] = [
        v
        for v in report["values"]["used"]
        if (v["source"], v["entity"], v["year"]) == ("sipri-milex-2025", entity, year)
    ]
    return found


def test_sipri_revisions_are_reported(sipri: dict) -> None:
    report = sipri["report"]
    [changed] = report["bytes"]
    assert changed["source"] == "sipri-milex-2025" and changed["change"] == "changed"
    assert changed["old"]["release"] == "SIPRI Milex, data 1949-2023"
    assert changed["new"]["release"] == "SIPRI Milex, data 1949-2024"

    ukraine, russia = _used(report, "Ukraine", 2023), _used(report, "Russia", 2023)
    assert (ukraine["change"], round(ukraine["old"], 2), round(ukraine["new"], 2)) == (
        "changed",
        64753.19,
        64908.03,
    )
    assert ukraine["edition"] == "sipri-latest"
    assert ukraine["measure"] == "military_expenditure_current_usd"
    assert russia["change"] == "changed" and russia["new"] != russia["old"]
    for entity in ("Russia", "Ukraine"):
        new = _used(report, entity, 2024)
        assert (new["change"], new["old"]) == ("appeared", None) and new["new"] > 0

    [extract] = report["values"]["extracts"]
    assert extract["appeared"]["years"] == [2024]
    assert extract["disappeared"]["rows"] < extract["appeared"]["rows"]
    assert extract["changed_other"] > 0
    assert report["summary"]["used_values_changed"] == len(report["values"]["used"])

    # The primary reading (2021) and every sensitivity reading keep their verdict.
    assert report["verdicts"] == []
    assert report["drift"] == {"bytes": True, "values": True, "verdicts": False}
    markdown = (sipri["project"] / "output/drift.md").read_text()
    assert "| sipri-milex-2025 | sipri-latest | Ukraine |" in markdown
    assert "No verdict would change." in markdown


def test_drift_fail_on_value_fails_when_a_used_value_changed(sipri: dict) -> None:
    project = sipri["project"]
    args = ["drift-check", "--drift", "output/drift.json", "--markdown", "output/drift.md"]
    assert factcheck(project, *args, "--fail-on", "verdict").returncode == 0
    failed = factcheck(project, *args, "--fail-on", "value")
    assert failed.returncode == 1
    assert "figure(s) the claims use changed" in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1


def test_pin_accepts_the_fetched_state_then_no_drift(sipri: dict, mirror: HTTPServer) -> None:
    project, before = sipri["project"], sipri["before"]
    assert tree_digest(project / "sources") == before  # drift itself never writes sources/
    old_lock = json.loads((project / "sources/sources.lock.json").read_text())["sources"]

    pinned = snakemake(project, mirror, "pin", online="false")
    assert pinned.returncode == 0, pinned.stderr
    assert "pin: sipri-milex-2025: sha256" in pinned.stdout

    after = tree_digest(project / "sources")
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {"sources.lock.json", "extracts/sipri-milex-2025.csv"}
    new_lock = json.loads((project / "sources/sources.lock.json").read_text())["sources"]
    assert {k for k in old_lock if old_lock[k] != new_lock[k]} == {"sipri-milex-2025"}
    assert new_lock["sipri-milex-2025"]["release"] == "SIPRI Milex, data 1949-2024"

    # drift always refetches, conditionally: every source answers 304 Not Modified
    mirror.clear()
    serve(mirror, live_sources(project), sipri["bodies"])
    again = snakemake(project, mirror, "drift")
    assert again.returncode == 0, again.stderr
    assert drift_report(project)["drift"] == NO_DRIFT
    assert [r.status_code for _, r in mirror.log] == [304] * len(live_sources(project))
    assert all("If-None-Match" in q.headers for q, _ in mirror.log)
    assert tree_digest(project / "sources") == after


# --- bytes drift without value drift; a World Bank revision ------------------------------


def test_new_bytes_same_values_and_a_world_bank_revision(
    project: Path, bodies: dict[str, bytes], snapshots: Path, served: HTTPServer
) -> None:
    """Factbook 2022 pages pinned as the latest, 2026 pages served: other bytes, same areas.
    World Bank surface area: the Nov 2024 release pinned, the Jul 2026 one served (Russia
    2020-2023 revised from 17,098,250 to 17,125,190 sq km)."""
    pin_files(
        project,
        {
            "factbook-latest-russia": snapshots / FACTBOOK_2022 / "rs.json",
            "factbook-latest-ukraine": snapshots / FACTBOOK_2022 / "up.json",
            "wb-surface-area-2026-07": snapshots / SURFACE_2024,
        },
    )
    bodies |= {
        "factbook-latest-russia": (snapshots / FACTBOOK_2026 / "rs.json").read_bytes(),
        "factbook-latest-ukraine": (snapshots / FACTBOOK_2026 / "up.json").read_bytes(),
        "wb-surface-area-2026-07": zipped(
            SURFACE_2026.rpartition("/")[2], (snapshots / SURFACE_2026).read_bytes()
        ),
    }
    serve(served, live_sources(project), bodies)

    result = snakemake(project, served, "drift")

    report = drift_report(project)
    assert result.returncode == (1 if report["verdicts"] else 0), result.stderr
    assert {(b["source"], b["change"]) for b in report["bytes"]} == {
        ("factbook-latest-russia", "changed"),
        ("factbook-latest-ukraine", "changed"),
        ("wb-surface-area-2026-07", "changed"),
    }
    extracts = {e["source"]: e for e in report["values"]["extracts"]}
    used = {(v["source"], v["entity"], v["year"]): v for v in report["values"]["used"]}
    for page in ("factbook-latest-russia", "factbook-latest-ukraine"):
        assert not any(key[0] == page for key in used)
        if page in extracts:  # only a locator differs ("total " in 2026)
            assert extracts[page]["changed"] == 0
            assert extracts[page]["appeared"]["rows"] == extracts[page]["disappeared"]["rows"]

    surface = extracts["wb-surface-area-2026-07"]
    assert surface["appeared"]["years"] == [2022, 2023]
    russia = [v for k, v in used.items() if k[:2] == ("wb-surface-area-2026-07", "Russia")]
    assert surface["changed"] == surface["changed_other"] + len(russia) >= 4
    for value in russia:  # if the claims read Russia's World Bank surface area
        assert (value["old"], value["new"], value["change"]) == (17_098_250, 17_125_190, "changed")
    args = ["drift-check", "--drift", "output/drift.json", "--markdown", "output/drift.md"]
    assert factcheck(project, *args, "--fail-on", "value").returncode == (1 if used else 0)


# --- faults -----------------------------------------------------------------------------


def _status(code: int) -> Callable[[Request], Response]:
    return lambda request: Response(b"no", status=code)


def _stall(request: Request) -> Response:
    time.sleep(3)
    return Response(b"PK\x03\x04late")


def _cut_short(request: Request) -> Response:
    response = Response(b"PK\x03\x04" + b"x" * 496, content_type=TYPES["xlsx"])
    response.headers["Content-Length"] = "1000"
    return response


def _html(request: Request) -> Response:
    page = b"<!DOCTYPE html><html><title>Just a moment...</title></html>"
    return Response(page, content_type="text/html; charset=UTF-8")


def _too_large(request: Request) -> Response:
    return Response(b"PK\x03\x04" + bytes(3_000_000), content_type=TYPES["xlsx"])


def test_404_vanished_500_retried_302_moved(
    project: Path, bodies: dict[str, bytes], served: HTTPServer
) -> None:
    sources = live_sources(project)
    retried, _ = path_of(sources["sipri-milex-2021"].url)
    served.expect_oneshot_request(retried).respond_with_data("down", status=500)
    moved_to = "https://raw.githubusercontent.com/factbook/factbook.json/main/central-asia/rs.json"
    served.expect_request(path_of(moved_to)[0]).respond_with_data(bodies["factbook-latest-russia"])
    redirect = Response(status=301, headers={"Location": served.url_for(path_of(moved_to)[0])})
    faults = {"factbook-latest-ukraine": _status(404), "factbook-latest-russia": lambda _: redirect}
    serve(served, sources, bodies, faults)  # the one-shot 500 is answered first
    before = tree_digest(project / "sources")

    result = snakemake(project, served, "drift", **FAST)

    # the 500 was retried, so drift completed; the vanished source fails it
    assert [r.status_code for q, r in served.log if q.path == retried] == [500, 200]
    url = sources["factbook-latest-ukraine"].url
    assert result.returncode != 0
    assert f"{url} answered HTTP 404: update the url of factbook-latest-ukraine" in result.stderr
    report = drift_report(project)
    assert report["bytes"] == [
        {
            "source": "factbook-latest-russia",
            "url": sources["factbook-latest-russia"].url,
            "change": "moved",
            "final_url": moved_to,
        },
        {"source": "factbook-latest-ukraine", "url": url, "change": "vanished", "status": 404},
    ]
    assert report["values"]["extracts"] == [] and report["verdicts"] == []  # pinned data kept
    markdown = (project / "output/drift.md").read_text()
    assert f"| factbook-latest-ukraine | vanished | HTTP 404 | {url} |" in markdown
    assert f"| redirects to {moved_to} |" in markdown
    assert tree_digest(project / "sources") == before


FAULTS = {
    # source: (handler, what the error says)
    "sipri-milex-2025": (_stall, "timed out"),
    "sipri-milex-2021": (_html, "got an HTML page (an error page or a bot challenge?)"),
    "fas-tableau-stockpiles-2023": (_cut_short, "body cut short: got 500 of 1000 bytes"),
    "wb-country-russia-2025-04": (_too_large, "too large: the server announces 3000004 bytes"),
}


def test_download_faults_fail_clearly_and_leave_sources_untouched(
    project: Path, bodies: dict[str, bytes], served: HTTPServer
) -> None:
    sources = live_sources(project)
    faults = {source_id: handler for source_id, (handler, _) in FAULTS.items()}
    serve(served, sources, bodies, faults)
    before = tree_digest(project / "sources")

    # only the faulty sources' fetch jobs; --keep-going: each fault fails its own job
    targets = [f"output/fetched/raw/{source_id}" for source_id in FAULTS]
    result = snakemake(project, served, *targets, "--keep-going", fetch_max_bytes="2000000", **FAST)

    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if "factcheck: error:" in line]
    for source_id, (_, message) in FAULTS.items():
        [line] = [e for e in errors if sources[source_id].url in e]
        assert message in line, line
    assert len(errors) == len(FAULTS)
    assert not list(project.glob("output/fetched/raw/*"))  # failed jobs leave nothing
    assert tree_digest(project / "sources") == before


# --- implausible values -----------------------------------------------------------------


def _scaled_workbook(path: Path, factor: float) -> bytes:
    """The real workbook with every figure of the current-dollar sheet multiplied, its title
    lines (which state the unit) untouched: numbers that parse cleanly but are wrong."""
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(path)
    for row in workbook["Current US$"].iter_rows(min_row=7):
        for cell in row[2:]:
            if isinstance(cell.value, int | float):
                cell.value *= factor
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_values_scaled_by_1000_are_refused_and_nothing_is_pinned(
    project: Path, bodies: dict[str, bytes], served: HTTPServer, snapshots: Path
) -> None:
    sources = live_sources(project)
    bodies["sipri-milex-2025"] = _scaled_workbook(snapshots / SIPRI_2025, 1000)
    serve(served, sources, bodies)
    before = tree_digest(project / "sources")

    result = snakemake(project, served, "drift")

    assert result.returncode != 0
    [line] = [e for e in result.stderr.splitlines() if "factcheck: error:" in e]
    assert "sipri-milex-2025: figures moved by a typical factor of 1,000" in line
    assert "military_expenditure_current_usd" in line
    assert tree_digest(project / "sources") == before

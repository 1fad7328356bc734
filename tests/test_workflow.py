"""The whole pipeline, run by Snakemake as a user would, in a copy of the project."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from .project import PRODUCTS, copy_project, snakemake

ARTICLE = "nato-restraint-2022"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = snakemake(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def verdicts(built):
    return json.loads((built / "output" / ARTICLE / "verdicts.json").read_text())


def _claim(verdicts, claim_id):
    return next(c for c in verdicts["claims"] if c["id"] == claim_id)


def test_area_ratio_is_recomputed_and_traceable(verdicts):
    claim = _claim(verdicts, "ukraine-area")
    primary = claim["readings"][0]
    assert primary["role"] == "primary"
    assert primary["value"] == pytest.approx(17098242 / 603550)
    assert claim["verdict"] == "Accurate"
    assert claim["reason"] == "28.3 rounds to 30"
    pinned = {s["id"]: s["sha256"] for s in verdicts["sources"]}
    for figure in primary["figures"]:
        assert re.fullmatch(r"[0-9a-f]{64}", pinned[figure["source_id"]])
        assert figure["locator"].startswith("Geography.Area[")


def test_budget_ratios_per_year_and_edition(verdicts):
    claim = _claim(verdicts, "defense-budget")
    ratios = {
        (r["scope"], r["year"]): r["value"] for r in claim["readings"] if r["value"] is not None
    }
    # SIPRI current US$ m, looked up by hand: 2025 edition (Russia / Ukraine)
    assert ratios[("sipri-latest", 2021)] == pytest.approx(65907.7050471045 / 6898.123104359392)
    assert ratios[("sipri-latest", 2020)] == pytest.approx(61712.53716893713 / 6838.766421177517)
    assert ratios[("sipri-latest", 2019)] == pytest.approx(65201.335848356466 / 6262.432160712211)
    # the April 2021 edition, the one available at publication, ends in 2020
    assert ratios[("sipri-2021", 2020)] == pytest.approx(61712.53716893713 / 5924.200880305501)
    assert ("sipri-2021", 2021) not in ratios
    assert claim["at_publication"]["verdict"] == "Accurate"
    series = {p["year"]: p["value"] for p in claim["details"]["series"]}
    assert series[2022] < 3 < 9 < series[2021]  # the gap closed after the invasion


def test_pdf_shows_every_verdict_and_source(built, verdicts):
    text = "".join(
        page.extract_text() for page in PdfReader(built / "output" / ARTICLE / "report.pdf").pages
    )
    flat = " ".join(text.split())
    for claim in verdicts["claims"]:
        if claim["verdict"]:
            reason = " ".join(claim["reason"].split())
            assert claim["verdict"] in flat
            assert reason[0].upper() + reason[1:] in flat, claim["reason"]
    for source in verdicts["sources"]:
        assert source["sha256"][:16] in flat.replace(" ", "")


def test_second_run_does_nothing(built):
    result = snakemake(built, "-n")
    assert result.returncode == 0
    assert "Nothing to be done" in result.stdout + result.stderr


def test_a_no_op_run_does_not_import_pandas(built):
    """Nothing to do costs Snakemake's start and the DAG, not the data libraries, nor the
    validation of settings already found valid, nor the build summary's reading."""
    command = [sys.executable, "-X", "importtime", "-m", "snakemake", "-c1"]
    result = subprocess.run(command, cwd=built, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Nothing to be done" in result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "snakemake" in imported
    assert "factcheck.pipeline.summary" in imported
    # (Snakemake imports numpy)
    assert not imported & {"pandas", "jsonschema", "weasyprint", "matplotlib"}


def _planned_rules(project, *settings: str) -> set[str]:
    command = [sys.executable, "-m", "snakemake", "-c1", "-n"]
    command += ["--config", *settings] if settings else []
    plan = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)
    assert plan.returncode == 0, plan.stderr
    lines = [line.strip() for line in plan.stdout.splitlines()]  # a group's jobs are indented
    return {line.split()[1].rstrip(":") for line in lines if line.startswith("rule ")} - {"all"}


def test_a_new_setting_reruns_the_articles(built):
    assert _planned_rules(built) == set()
    assert _planned_rules(built, "report_base_url=https://example.net/") == {"report"}


def test_new_code_reruns_every_step(built, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built, project, symlinks=True)
    module = project / "workflow" / "factcheck" / "checks" / "rating.py"
    module.write_text(module.read_text() + "\n# edited\n")
    assert _planned_rules(project) == {"report"}


def test_editing_a_claim_rebuilds_only_its_article(tmp_path):
    project = copy_project(tmp_path / "project")
    articles = project / "sources" / "articles"
    claims = articles / f"{ARTICLE}.yaml"
    (articles / "second-article.yaml").write_text(
        claims.read_text().replace(f"id: {ARTICLE}", "id: second-article")
    )
    targets = [f"output/{name}/verdicts.json" for name in (ARTICLE, "second-article")]
    assert snakemake(project, *targets).returncode == 0
    claims.write_text(claims.read_text().replace('value: "30"', 'value: "28"'))
    plan = snakemake(project, "-n", *targets).stdout
    outputs = {
        path
        for line in plan.splitlines()
        if line.strip().startswith("output:")
        for path in line.split(":", 1)[1].strip().split(", ")
    }
    assert outputs == {f"output/{ARTICLE}/{name}" for name in PRODUCTS}


def test_two_clean_builds_give_identical_bytes(built, tmp_path):
    """Same inputs, another folder, another time: the same bytes for every output."""
    other = copy_project(tmp_path / "elsewhere")
    result = snakemake(other)
    assert result.returncode == 0, result.stderr
    for name in PRODUCTS:
        first = (built / "output" / ARTICLE / name).read_bytes()
        second = (other / "output" / ARTICLE / name).read_bytes()
        assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest(), name


def test_pdf_metadata_dates_are_the_check_date(built, verdicts):
    info = PdfReader(built / "output" / ARTICLE / "report.pdf").metadata
    day = verdicts["review"]["date"].replace("-", "")
    assert info["/CreationDate"].startswith(f"D:{day}")
    assert info["/ModDate"].startswith(f"D:{day}")


def _build_until_the_pdf_renders(project):
    """Start ``snakemake -c1`` in ``project``, in a session of its own, and return it once
    the article's job has written its other products and renders the PDF."""
    run = subprocess.Popen(
        [sys.executable, "-m", "snakemake", "-c1"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives a command
        # Ctrl-C acts even when this test runs in the background, where SIGINT is ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # the job writes verdicts.json, report.html and the exports, then renders the PDF
    html, pdf = (project / "output" / ARTICLE / name for name in ("report.html", "report.pdf"))
    deadline = time.monotonic() + 120
    while not html.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert html.exists() and not pdf.exists()
    return run


def _stopped(run: subprocess.Popen[str]) -> str:
    """Wait for the build to end; its stderr."""
    try:
        return run.communicate(timeout=120)[1]
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()


def test_an_interrupted_build_reruns_to_the_same_bytes(built, tmp_path):
    """Ctrl-C while the PDF renders: the build fails, and the same command again reruns the
    job (whatever it wrote is marked incomplete) and gives the uninterrupted bytes."""
    project = copy_project(tmp_path / "interrupted")
    run = _build_until_the_pdf_renders(project)
    os.killpg(run.pid, signal.SIGINT)  # Ctrl-C: Snakemake and the running step
    _stopped(run)
    assert run.returncode != 0
    result = snakemake(project)
    assert "rule report" in result.stdout + result.stderr  # rerun, even if all five were there
    assert result.returncode == 0, result.stderr
    for name in PRODUCTS:
        rebuilt = (project / "output" / ARTICLE / name).read_bytes()
        assert rebuilt == (built / "output" / ARTICLE / name).read_bytes(), name


def test_a_job_killed_midway_leaves_none_of_its_products(tmp_path):
    """The job's process killed while the PDF renders (as the kernel kills a process out of
    memory): Snakemake reports the failure and removes what the job wrote before."""
    project = copy_project(tmp_path / "killed")
    run = _build_until_the_pdf_renders(project)
    # only this build's processes: its session is its own
    subprocess.run(["pkill", "-KILL", "-s", str(run.pid), "-f", "steps.py article"], check=True)
    stderr = _stopped(run)
    assert run.returncode != 0
    assert "Error in rule report" in stderr, stderr
    assert not [name for name in PRODUCTS if (project / "output" / ARTICLE / name).exists()]

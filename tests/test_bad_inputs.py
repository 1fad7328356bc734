"""Bad claims files and tampered pinned data stop the build with a message naming the problem."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest

from factcheck.cli import main

from .conftest import ROOT
from .project import copy_project, snakemake, tree_digest

ARTICLE = "nato-restraint-2022"
CLAIMS = ROOT / "sources" / "articles" / f"{ARTICLE}.yaml"


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def _check(project, capsys):
    """Run the verdicts step; return (exit status, stderr)."""
    before = tree_digest(project / "sources")
    status = main(
        [
            "verdicts",
            "--claims",
            str(project / "sources" / "articles" / f"{ARTICLE}.yaml"),
            "--sources",
            str(project / "sources"),
            "--article-text-dir",
            str(project / "sources" / "articles"),
            "--out",
            str(project / "output" / "verdicts.json"),
        ]
    )
    assert tree_digest(project / "sources") == before
    assert not (project / "output" / "verdicts.json").exists() or status == 0
    return status, capsys.readouterr().err


def _edit_claims(project, old, new):
    path = project / "sources" / "articles" / f"{ARTICLE}.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  author: Ariel Petrovics\n", "", r"article: 'author' is a required property"),
        (
            "    kind: data\n",
            "    kind: opinion\n",
            r"claims\[4\]\.kind: 'opinion' is not allowed; allowed values: 'data', 'document'",
        ),
        (
            "    published: 2022-04-10\n",
            "    published: 10 April 2022\n",
            r"evidence\[\d+\]\.published: '10 April 2022' does not match",
        ),
        (
            "from: 2014}",
            "from: twenty-fourteen}",
            r"claims\[\d+\]\.check\.series\.from: 'twenty-fourteen' is not of type 'integer'",
        ),
        (
            "numerator: Russia",
            "numerator: Rusia",
            r"claims\[4\] \(preponderance-of-power\): no entity 'Rusia'.*'Russia'",
        ),
        (
            "edition: sipri-latest, year: 2021,",
            "edition: sipri-latest, year: 2031,",
            r"\(defense-budget\): no figure for Russia.*year 2031.*1987-2024",
        ),
        (
            "edition: sipri-latest, year",
            "edition: sipri-2099, year",
            r"unknown edition or source 'sipri-2099'",
        ),
        ("measure: area_total\n", "measure: area_totl\n", r"has no measure 'area_totl'"),
        (
            'quote: "a smaller neighbor',
            'quote: "a much smaller neighbor',
            r"claims\[\d+\]\.quote: quote not found in the article text",
        ),
        (
            "  id: nato-restraint-2022",
            "  id: another-id",
            r"article\.id: article id 'another-id' differs from the file name",
        ),
        ("  - id: ukraine-area", "  - id: [ukraine-area", r"not valid YAML"),
        ("    retrieved: 2026-11-25\n", "", r"article\.text: 'retrieved' is a required property"),
    ],
)
def test_bad_claims_file(project, capsys, old, new, expected):
    _edit_claims(project, old, new)
    status, err = _check(project, capsys)
    assert status == 1
    assert err.startswith("factcheck: error: ")
    assert err.count("\n") == 1, "one line, no traceback"
    assert "nato-restraint-2022.yaml" in err
    assert re.search(expected, err), err


def test_tampered_extract_is_refused(project, capsys):
    extract = project / "sources" / "extracts" / "sipri-milex-2025.csv"
    extract.write_text(extract.read_text().replace("65907.7050471045", "6590.77050471045"))
    status, err = _check(project, capsys)
    assert status == 1
    assert "sipri-milex-2025.csv: extract does not match its sha256 in the lock" in err


def test_extract_of_the_wrong_shape_is_refused(project, capsys):
    # a lock that matches the file, so the shape check itself is reached
    extract = project / "sources" / "extracts" / "factbook-latest-russia.csv"
    extract.write_text("country,area\nRussia,17098242\n")
    lock_path = project / "sources" / "sources.lock.json"
    lock = json.loads(lock_path.read_text())
    lock["sources"]["factbook-latest-russia"]["extract_sha256"] = hashlib.sha256(
        extract.read_bytes()
    ).hexdigest()
    lock_path.write_text(json.dumps(lock))
    status, err = _check(project, capsys)
    assert status == 1
    assert "factbook-latest-russia.csv: expected columns entity, entity_as_published" in err


def test_missing_article_text_is_named(project, capsys, tmp_path):
    empty = tmp_path / "no-texts"
    empty.mkdir()
    status = main(
        [
            "verdicts",
            "--claims",
            str(project / "sources/articles" / f"{ARTICLE}.yaml"),
            "--sources",
            str(project / "sources"),
            "--article-text-dir",
            str(empty),
            "--out",
            str(tmp_path / "v.json"),
        ]
    )
    assert status == 1
    assert "nato-restraint-2022.txt: article text not found" in capsys.readouterr().err


def test_article_text_with_converted_line_endings_is_another_scrape(project, capsys):
    """What .gitattributes prevents: a checkout that turned the text's LF into CRLF."""
    text = project / "sources" / "articles" / f"{ARTICLE}.txt"
    text.write_bytes(text.read_bytes().replace(b"\n", b"\r\n"))
    status, err = _check(project, capsys)
    assert status == 1
    assert re.search(
        r"nato-restraint-2022\.yaml: article\.text\.sha256: article text has sha256 \w{12}\.\.\., "
        r"the claims file expects d87a954c176a\.\.\.: a different scrape",
        err,
    ), err


def test_the_build_stops_and_leaves_no_output(project):
    _edit_claims(project, "numerator: Russia", "numerator: Atlantis")
    before = tree_digest(project / "sources")
    result = snakemake(project)
    assert result.returncode != 0
    assert "no entity 'Atlantis'" in result.stderr
    assert tree_digest(project / "sources") == before
    assert not (project / "output" / ARTICLE / "verdicts.json").exists()
    assert not (project / "output" / ARTICLE / "report.pdf").exists()


def test_a_second_article_needs_only_a_claims_file(project):
    text = CLAIMS.read_text().replace(f"id: {ARTICLE}", "id: copy-of-article")
    (project / "sources" / "articles" / "copy-of-article.yaml").write_text(text)
    shutil.rmtree(project / "output", ignore_errors=True)
    result = snakemake(project, "output/copy-of-article/verdicts.json")
    assert result.returncode == 0, result.stderr
    assert (project / "output" / "copy-of-article" / "verdicts.json").exists()

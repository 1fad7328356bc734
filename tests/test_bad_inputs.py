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


def _line_of(project, old):
    """The line of the claims file where ``old`` starts (after a leading line break)."""
    text = (project / "sources" / "articles" / f"{ARTICLE}.yaml").read_text()
    return text[: text.index(old)].count("\n") + 1 + old.startswith("\n")


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
        # hostile values: one line naming the field, no traceback
        (
            "value: 45.8",
            "value: .nan",
            r"evidence\[0\]\.value \(line LINE\): '\.nan' is not a finite",
        ),
        (
            "value: 45.8",
            "value: .inf",
            r"evidence\[0\]\.value \(line LINE\): '\.inf' is not a finite",
        ),
        (
            "value: 45.8",
            "value: " + "9" * 5000,
            r"evidence\[0\]\.value \(line LINE\): a number written with 5,000 characters",
        ),
        (
            '{op: "<=", value: -5,',
            '{op: "<=", value: -.inf,',
            r"claims\[\d+\]\.check\.threshold\.value \(line LINE\): '-\.inf' is not a finite",
        ),
        (
            'op: ">", value: 50,',
            'op: ">", value: .nan,',
            r"claims\[\d+\]\.check\.conditions\[0\]\.value \(line LINE\): '\.nan' is not a finite",
        ),
        (
            'value: "30"}',
            f'value: "{"3" * 5000}"}}',
            r"claims\[20\]\.check\.stated\.value: '3+… \(5,002 characters\) is too long",
        ),
        (
            "\nclaims:\n",
            "\nclaims: []\nclaims:\n",
            r"key 'claims' is given twice in one mapping \(first at line LINE\)",
        ),
        (
            "        id: npr-2018\n",
            '        id: "npr-2018\\n"\n',
            r"claims\[\d+\]\.check\.document\.id: document id 'npr-2018\\n' is not allowed: "
            r"it has U\+000A \(a control character\) at position 9",
        ),
        (
            "file: nato-restraint-2022.txt",
            "file: ../../../../etc/os-release",
            r"article\.text\.file: '\.\./\.\./\.\./\.\./etc/os-release' is not a path inside",
        ),
        (
            "file: nato-restraint-2022.txt",
            "file: /etc/os-release",
            r"article\.text\.file: '/etc/os-release' is not a path inside",
        ),
        (
            "numerator: Russia",
            "numerator: Russi\u0430",
            r"\(preponderance-of-power\): no entity 'Russi\u0430' in the data: "
            r"\"Russi\u0430\" has U\+0430 "
            r'CYRILLIC SMALL LETTER A at position 6, where the known name "Russia" has "a"$',
        ),
    ],
)
def test_bad_claims_file(project, capsys, old, new, expected):
    expected = expected.replace("LINE", str(_line_of(project, old)))
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


def _refused(project, capsys, expected):
    """The verdicts step fails with one line matching ``expected`` (and writes nothing)."""
    status, err = _check(project, capsys)
    assert status == 1
    assert err.startswith("factcheck: error: ") and err.count("\n") == 1, err
    assert re.search(expected, err), err
    return err


def test_claims_file_not_utf8(project, capsys):
    path = project / "sources" / "articles" / f"{ARTICLE}.yaml"
    line = _line_of(project, "Russia’s size")
    path.write_bytes(path.read_bytes().replace("Russia’s size".encode(), b"Russia\x92s size", 1))
    _refused(project, capsys, rf"{ARTICLE}\.yaml: line {line}: not UTF-8 text: byte 0x92")


def test_figures_too_far_apart_to_compute_with(project, capsys):
    _edit_claims(project, "value: 45.8", "value: 1.0e+300")
    _edit_claims(project, "value: 4.7", "value: 1.0e-300")
    _refused(project, capsys, r"\(defense-budget\): the recomputed value is inf: the figures")


def _repin(project, extract):
    """Make the lock hold ``extract``'s new sha256, as an attacker editing both would."""
    lock_path = project / "sources" / "sources.lock.json"
    lock = json.loads(lock_path.read_text())
    digest = hashlib.sha256(extract.read_bytes()).hexdigest()
    lock["sources"][extract.stem]["extract_sha256"] = digest
    lock_path.write_text(json.dumps(lock))


RUSSIA_AREA = b"Russia,Russia,area_total,,17098242,"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (b"nan", r"line 3, column value: 'nan' is not a finite number"),
        (b"inf", r"line 3, column value: 'inf' is not a finite number"),
        (b"1e-320", r"line 3, column value: '1e-320' is a denormal number"),
        (b"9" * 5000, r"line 3, column value: a number written with 5,000 characters"),
        (b"17098242\xff", r"line 3: not UTF-8 text: byte 0xff"),
    ],
    ids=["nan", "inf", "denormal", "5000-digits", "not-utf8"],
)
def test_extract_value_that_cannot_be_computed_with(project, capsys, value, expected):
    extract = project / "sources" / "extracts" / "factbook-latest-russia.csv"
    data = extract.read_bytes()
    assert RUSSIA_AREA in data
    extract.write_bytes(data.replace(RUSSIA_AREA, RUSSIA_AREA.replace(b"17098242", value)))
    _repin(project, extract)
    _refused(project, capsys, rf"factbook-latest-russia\.csv: {expected}")


def test_extract_cell_over_the_csv_limit(project, capsys):
    extract = project / "sources" / "extracts" / "factbook-latest-russia.csv"
    data = extract.read_bytes()
    # Russia's area, line 3: its note and group are empty
    row_end = b"Geography.Area['total '].text,,\n"
    assert data.index(row_end) > data.index(RUSSIA_AREA)
    extract.write_bytes(data.replace(row_end, row_end[:-2] + b"x" * 200_000 + b",\n", 1))
    _repin(project, extract)
    _refused(
        project,
        capsys,
        r"factbook-latest-russia\.csv: line 3: not a readable extract: field larger",
    )


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        (
            "sources.lock.json",
            lambda data: data.replace(b'"bytes": ', b'"bytes": ' + b"9" * 5000 + b', "x": ', 1),
            r"sources\.lock\.json: not valid JSON: Exceeds the limit \(4300 digits\)",
        ),
        (
            "sources.lock.json",
            lambda data: data.replace(b"sipri", b"sipr\xed", 1),
            r"sources\.lock\.json: line \d+: not UTF-8 text: byte 0xed",
        ),
        (
            "catalog.yaml",
            lambda data: data.replace(b"Stockholm", b"Stockh\xf6lm", 1),
            r"catalog\.yaml: line \d+: not UTF-8 text: byte 0xf6",
        ),
        (
            "catalog.yaml",
            lambda data: data.replace(b"year: 2022", b"year: .nan", 1),
            r"catalog\.yaml: datasets\.fas-tableau\.sources\.fas-tableau-inventories-2022\.options"
            r"\.year \(line \d+\): '\.nan' is not a finite number",
        ),
        (
            "catalog.yaml",
            lambda data: data + b"datasets: {}\n",
            r"catalog\.yaml: line \d+: key 'datasets' is given twice",
        ),
        (
            "catalog.yaml",
            # the schema's pattern lets it by: in Python, $ matches before a final line break
            lambda data: data.replace(
                b"      sipri-milex-2025:", b'      "sipri-milex-2025\\n":', 1
            ),
            r"catalog\.yaml: datasets\.sipri-milex\.sources: source id 'sipri-milex-2025\\n' is not"
            r" allowed: it has U\+000A \(a control character\) at position 17",
        ),
    ],
    ids=[
        "lock-5000-digits",
        "lock-not-utf8",
        "catalog-not-utf8",
        "catalog-nan",
        "catalog-duplicate",
        "source-id",
    ],
)
def test_catalog_or_lock_that_cannot_be_read(project, capsys, name, edit, expected):
    path = project / "sources" / name
    path.write_bytes(edit(path.read_bytes()))
    _refused(project, capsys, expected)


def test_pin_files_argument_that_is_not_source_id_equals_path(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["pin-files", "no-equals-sign"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith(
        "error: argument SOURCE_ID=PATH: expected SOURCE_ID=PATH, found 'no-equals-sign'\n"
    )
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("option", "given", "read"),
    [
        ("--catalog", "sources/lock.yaml", "catalog.yaml"),
        ("--template", "t/x.j2", "report.html.j2"),
    ],
)
def test_the_article_step_refuses_a_file_it_would_not_read(tmp_path, capsys, option, given, read):
    """It reads catalog.yaml and report.html.j2 in the folders named: another name stops it
    before it writes anything."""
    argv = ["article", "--claims", str(CLAIMS), option, given, "--base-url", "https://x.org/"]
    for output in ("verdicts", "html", "pdf", "csv", "jsonld"):
        argv += [f"--{output}", str(tmp_path / output)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert (
        err == f"factcheck: error: {option} names {given}: the step reads {read} in that folder\n"
    )
    assert list(tmp_path.iterdir()) == []

"""SIPRI parser on every real edition; expected values looked up by hand in the workbooks."""

import shutil

import openpyxl
import pytest

from factcheck.errors import FactcheckError
from factcheck.pinned.catalog import load_catalog
from factcheck.pinned.parsers import parse

from .conftest import ROOT

EDITIONS = {
    "SIPRI-Milex-data-1949-2020_0.xlsx": ("Current USD", 2020),
    "SIPRI-Milex-data-1949-2023.xlsx": ("Current US$", 2023),
    "SIPRI-Milex-data-1949-2024_2.xlsx": ("Current US$", 2024),
}


@pytest.fixture(scope="module")
def sipri_source():
    return load_catalog(ROOT / "sources").source("sipri-milex-2025")


@pytest.fixture(scope="module")
def parsed(snapshots, sipri_source):
    out = {}
    for name in EDITIONS:
        extraction = parse(snapshots / "sipri" / name, sipri_source)
        out[name] = (
            {(f.entity, f.year): f for f in extraction.figures},
            extraction.release,
        )
    return out


def test_every_edition_reads_its_year_span(parsed):
    for name, (_, last_year) in EDITIONS.items():
        figures, release = parsed[name]
        assert release == f"SIPRI Milex, data 1949-{last_year}"
        assert max(year for _, year in figures) == last_year


@pytest.mark.parametrize(
    ("name", "entity", "year", "value", "cell"),
    [
        (
            "SIPRI-Milex-data-1949-2020_0.xlsx",
            "Ukraine",
            2020,
            5924.200880305501,
            "Current USD!BV158",
        ),
        (
            "SIPRI-Milex-data-1949-2020_0.xlsx",
            "Russia",
            2020,
            61712.53716893713,
            "Current USD!BV157",
        ),
        (
            "SIPRI-Milex-data-1949-2020_0.xlsx",
            "United States of America",
            2020,
            778232.2,
            "Current USD!BV78",
        ),
        (
            "SIPRI-Milex-data-1949-2023.xlsx",
            "Ukraine",
            2020,
            6838.766421177517,
            "Current US$!BV159",
        ),
        (
            "SIPRI-Milex-data-1949-2023.xlsx",
            "Ukraine",
            2023,
            64753.19160414538,
            "Current US$!BY159",
        ),
        (
            "SIPRI-Milex-data-1949-2024_2.xlsx",
            "Ukraine",
            2023,
            64908.02532704768,
            "Current US$!BY159",
        ),
        (
            "SIPRI-Milex-data-1949-2024_2.xlsx",
            "Russia",
            2021,
            65907.7050471045,
            "Current US$!BW158",
        ),
        (
            "SIPRI-Milex-data-1949-2024_2.xlsx",
            "Ukraine",
            2021,
            6898.123104359392,
            "Current US$!BW159",
        ),
        (
            "SIPRI-Milex-data-1949-2024_2.xlsx",
            "Russia",
            2024,
            148967.27514048334,
            "Current US$!BZ158",
        ),
    ],
)
def test_values_and_cells(parsed, name, entity, year, value, cell):
    figure = parsed[name][0][(entity, year)]
    assert figure.value == value
    assert figure.locator == cell
    assert figure.unit == "US$ m"


def test_usa_alias_and_missing_markers(parsed):
    old = parsed["SIPRI-Milex-data-1949-2020_0.xlsx"][0]
    assert old[("United States of America", 2020)].entity_as_published == "USA"
    # "xxx" (did not exist) and "..." (no data) are absent, not zero
    assert ("Russia", 1950) not in old
    assert ("Ukraine", 1991) not in parsed["SIPRI-Milex-data-1949-2024_2.xlsx"][0]


def test_region_rows_hold_no_figures(parsed):
    figures = parsed["SIPRI-Milex-data-1949-2024_2.xlsx"][0]
    assert not {e for e, _ in figures} & {"Africa", "Europe", "Eastern Europe", "Western Europe"}


def _edited_copy(snapshots, tmp_path, edit):
    path = tmp_path / "edited.xlsx"
    shutil.copy(snapshots / "sipri" / "SIPRI-Milex-data-1949-2024_2.xlsx", path)
    workbook = openpyxl.load_workbook(path)
    edit(workbook)
    workbook.save(path)
    return path


def test_renamed_sheet_is_named_in_the_error(snapshots, tmp_path, sipri_source):
    def rename(workbook):
        workbook["Current US$"].title = "Current dollars"

    path = _edited_copy(snapshots, tmp_path, rename)
    with pytest.raises(
        FactcheckError, match=r"edited\.xlsx: no sheet named 'Current US\$' or 'Current USD'"
    ):
        parse(path, sipri_source)


def test_text_in_a_value_cell_is_refused(snapshots, tmp_path, sipri_source):
    def spoil(workbook):
        workbook["Current US$"]["BW158"] = "65.907,7"

    path = _edited_copy(snapshots, tmp_path, spoil)
    with pytest.raises(FactcheckError, match=r"Current US\$!BW158: expected a number.*'65.907,7'"):
        parse(path, sipri_source)


def test_unit_change_is_refused(snapshots, tmp_path, sipri_source):
    def billions(workbook):
        sheet = workbook["Current US$"]
        sheet["A1"] = "Military expenditure by country, in billions of US$ at current prices"
        sheet["A2"] = "Figures are in US $bn."

    path = _edited_copy(snapshots, tmp_path, billions)
    with pytest.raises(FactcheckError, match="millions of US"):
        parse(path, sipri_source)


def test_html_instead_of_xlsx(tmp_path, sipri_source):
    path = tmp_path / "page.xlsx"
    path.write_text("<!DOCTYPE html><html><body>Just a moment...</body></html>")
    with pytest.raises(FactcheckError, match=r"page\.xlsx: not a readable xlsx workbook"):
        parse(path, sipri_source)

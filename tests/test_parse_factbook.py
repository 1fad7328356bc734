"""Factbook parser on both real vintages; areas looked up by hand in the JSON."""

import json

import pytest

from factcheck.errors import FactcheckError
from factcheck.pinned.catalog import load_catalog
from factcheck.pinned.parsers import parse

from .conftest import ROOT

AREAS = {  # sq km, from Geography.Area in each file
    "rs.json": {"area_total": 17098242, "area_land": 16377742, "area_water": 720500},
    "up.json": {"area_total": 603550, "area_land": 579330, "area_water": 24220},
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "sources")


@pytest.mark.parametrize("vintage", ["2022-03-17", "2026-01-21"])
@pytest.mark.parametrize(
    ("file", "source_id"),
    [("rs.json", "factbook-2022-russia"), ("up.json", "factbook-2022-ukraine")],
)
def test_areas_in_both_vintages(snapshots, catalog, vintage, file, source_id):
    extraction = parse(snapshots / "factbook" / vintage / file, catalog.source(source_id))
    assert {f.measure: f.value for f in extraction.figures} == AREAS[file]
    assert {f.unit for f in extraction.figures} == {"sq km"}


def test_locator_keeps_the_key_as_published(snapshots, catalog):
    old = parse(snapshots / "factbook/2022-03-17/rs.json", catalog.source("factbook-2022-russia"))
    new = parse(snapshots / "factbook/2026-01-21/rs.json", catalog.source("factbook-latest-russia"))
    assert "Geography.Area['total'].text" in {f.locator for f in old.figures}
    assert "Geography.Area['total '].text" in {f.locator for f in new.figures}


def _variant(snapshots, tmp_path, edit):
    data = json.loads((snapshots / "factbook/2026-01-21/up.json").read_text())
    edit(data["Geography"]["Area"])
    path = tmp_path / "up.json"
    path.write_text(json.dumps(data))
    return path


def test_missing_area_field_names_the_field(snapshots, tmp_path, catalog):
    path = _variant(snapshots, tmp_path, lambda area: area.pop("land"))
    with pytest.raises(FactcheckError, match=r"up\.json: Geography\.Area: expected a field 'land'"):
        parse(path, catalog.source("factbook-latest-ukraine"))


@pytest.mark.parametrize("text", ["603,55 sq km", "about 600 thousand sq km", "603,550 sq mi"])
def test_unreadable_area_text_is_refused(snapshots, tmp_path, catalog, text):
    path = _variant(snapshots, tmp_path, lambda area: area["land"].update(text=text))
    with pytest.raises(FactcheckError, match=r"Geography\.Area\['land'\]\.text"):
        parse(path, catalog.source("factbook-latest-ukraine"))


def test_not_json(tmp_path, catalog):
    path = tmp_path / "rs.json"
    path.write_text("<html>rate limited</html>")
    with pytest.raises(FactcheckError, match=r"rs\.json: not a Factbook JSON page"):
        parse(path, catalog.source("factbook-latest-russia"))

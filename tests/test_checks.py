"""Every check kind on the real pinned data and on small synthetic claims, at its boundaries.

Expected figures are copied by hand from the committed extracts (``sources/extracts/*.csv``)
and from the claims file's evidence, never computed by the code under test.
"""

from __future__ import annotations

import copy
import hashlib
import math
import re
from typing import Any

import pytest
import yaml

from factcheck.articles.claims import load_claims
from factcheck.checks import (
    date,
    document_quote,
    forecast_outcome,
    none,
    profile,
    published_figures,
    quote_comparison,
    ranking,
    ratio,
)
from factcheck.checks.common import CheckContext
from factcheck.checks.verdicts import _source_json
from factcheck.dates import long_date
from factcheck.errors import FactcheckError
from factcheck.pinned.catalog import load_catalog
from factcheck.pinned.index import DataIndex
from factcheck.report.views import present

from .conftest import ROOT

ARTICLE = ROOT / "sources/articles/nato-restraint-2022.yaml"
# Every edition or source the article reads, spelled out by hand.
SCOPES = [
    "factbook-2022",
    "factbook-latest",
    "fas-owid-inventories-2022",
    "fas-owid-stockpiles-2022",
    "fas-tableau-inventories-2022",
    "fas-tableau-inventories-2023",
    "fas-tableau-stockpiles-2023",
    "sipri-2021",
    "sipri-latest",
    "wb-2024-06",
    "wb-2024-11",
    "wb-2025-04",
    "wb-2025-10",
    "wb-2026-01",
    "wb-2026-07",
]
ACCURATE = "Accurate"
APPROXIMATELY = "Approximately accurate"
NOT_BORNE_OUT = "Not borne out since"
MISLEADING = "Misleading"
INACCURATE = "Inaccurate"
UNVERIFIABLE = "Unverifiable"
SCALE = [ACCURATE, APPROXIMATELY, NOT_BORNE_OUT, MISLEADING, INACCURATE, UNVERIFIABLE]

# factbook-{2022,latest}-{russia,ukraine}.csv
RUSSIA_AREA, UKRAINE_AREA = 17_098_242, 603_550
RUSSIA_LAND, UKRAINE_LAND = 16_377_742, 579_330
# wb-surface-area-2024-11.csv / -2026-07.csv, wb-land-area-2026-01.csv (2021)
WB_RUSSIA_SURFACE_2024_11, WB_RUSSIA_SURFACE_2026_07, WB_UKRAINE_SURFACE = (
    17_098_250,
    17_125_190,
    603_550,
)
WB_RUSSIA_LAND, WB_UKRAINE_LAND = 16_376_870, 579_400
# sipri-milex-2025.csv (latest) and sipri-milex-2021.csv, US$ m
SIPRI_LATEST = {
    ("Russia", 2019): 65201.335848356466,
    ("Russia", 2020): 61712.53716893713,
    ("Russia", 2021): 65907.7050471045,
    ("Russia", 2022): 102366.63645968008,
    ("Ukraine", 2019): 6262.432160712211,
    ("Ukraine", 2020): 6838.766421177517,
    ("Ukraine", 2021): 6898.123104359392,
    ("Ukraine", 2022): 41183.92747281194,
}
SIPRI_2021 = {
    ("Russia", 2019): 65201.335848356466,
    ("Russia", 2020): 61712.53716893713,
    ("Ukraine", 2019): 5419.138048445906,
    ("Ukraine", 2020): 5924.200880305501,
}
# The six rows of the "preponderance of power" profile, Russia and Ukraine.
POPULATION = (144_746_762, 44_298_640)  # wb-population-2026-07.csv, 2021
GDP = (1829186719575.1, 199765859570.935)  # wb-gdp-current-usd-2026-07.csv, 2021
PERSONNEL_WB = (1_454_000, 298_000)  # wb-country-{russia,ukraine}-2025-04.csv, 2020
PERSONNEL_IISS = (900_000, 196_000)  # evidence iiss-2022-active-{russia,ukraine}
PROFILE_ROWS = [
    (RUSSIA_AREA, UKRAINE_AREA),
    POPULATION,
    GDP,
    (SIPRI_LATEST["Russia", 2021], SIPRI_LATEST["Ukraine", 2021]),
    PERSONNEL_WB,
    PERSONNEL_IISS,
]
# Russia's GDP growth 2022 (NY.GDP.MKTP.KD.ZG) in three World Bank releases.
GROWTH_2024_06, GROWTH_2025_10, GROWTH_2026_01 = (
    -2.06971152527731,
    -1.43588213859842,
    -1.43588213859842,
)
# factbook-latest-ukraine.csv and factbook-2022-ukraine.csv, area_total note, as published.
NOTE_LATEST = (
    "<strong>note:</strong> Russia annexed Crimea in 2014, an area of approximately 27,000 sq km "
    "(10,400 sq miles)"
)
NOTE_2022 = (
    "<strong>note:</strong> approximately 43,133 sq km, or about 7.1% of Ukraine's area, is "
    "Russian occupied; the seized area includes all of Crimea and about one-third of both "
    "Luhans'k and Donets'k oblasts"
)
PUTIN_QUOTE = "modern Ukraine was entirely and fully created by Russia"
KREMLIN = "President of Russia (Kremlin), official English text"
NOT_PINNED = (
    "not checked here: no copy of the document is pinned in this project, so the quote could "
    "not be looked up"
)


@pytest.fixture(scope="module")
def claims_file() -> dict[str, Any]:
    return load_claims(ARTICLE)


@pytest.fixture(scope="module")
def index() -> DataIndex:
    return DataIndex(load_catalog(ROOT / "sources"), SCOPES)


@pytest.fixture(scope="module")
def make_ctx(index, claims_file):
    """A CheckContext on the real data: the article's evidence plus the items given."""
    real = {item["id"]: item for item in claims_file["evidence"]}

    def make(*extra: dict[str, Any], documents=None) -> CheckContext:
        evidence = copy.deepcopy(real) | {item["id"]: item for item in extra}
        return CheckContext(
            index=index,
            evidence=evidence,
            article=claims_file["article"],
            documents=documents or ROOT / "sources" / "documents",
        )

    return make


@pytest.fixture(scope="module")
def ctx(make_ctx) -> CheckContext:
    return make_ctx()


@pytest.fixture(scope="module")
def claim(claims_file):
    """A copy of one of the article's claims, to change freely."""

    def get(claim_id: str) -> dict[str, Any]:
        return copy.deepcopy(next(c for c in claims_file["claims"] if c["id"] == claim_id))

    return get


def figure(item_id: str, value: float, *, verified=True, entity="", unit="%") -> dict[str, Any]:
    """A published figure, as the claims file's ``evidence`` holds one."""
    item = {
        "id": item_id,
        "type": "figure",
        "value": value,
        "unit": unit,
        "measures": f"test figure {item_id}",
        "publisher": f"Publisher of {item_id}",
        "published": "2022-03-01",
        "quote": f"quoted {value}",
        "verified": verified,
    }
    return item | ({"entity": entity} if entity else {})


def text(item_id: str, words: str, *, verified=True, **more: str) -> dict[str, Any]:
    """A published text, as the claims file's ``evidence`` holds one."""
    item = {
        "id": item_id,
        "type": "text",
        "text": words,
        "publisher": f"Publisher of {item_id}",
        "published": "2022-03-01",
        "quote": words,
        "verified": verified,
    }
    return item | more


def _by_label(readings: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["label"]: r for r in readings}


def _values(reading: dict[str, Any]) -> list[tuple[str, float]]:
    return [(f.get("source_id") or f["evidence_id"], f["value"]) for f in reading["figures"]]


def run(kind: Any, claim: dict[str, Any], ctx: CheckContext) -> dict[str, Any]:
    """A check's result for one claim, as verdicts.json holds it."""
    return {"id": claim["id"], "check": claim["check"]["type"], **kind.run(claim, ctx).to_json()}


def _shown(result: dict[str, Any], ctx: CheckContext) -> str:
    """All the text the report shows for a result, in its tables and its annex lines."""
    return " ".join(_cells(result, ctx))


def _cells(result: dict[str, Any], ctx: CheckContext) -> list[str]:
    """Every cell of the tables the report shows for a result, as text."""
    catalog = ctx.catalog
    doc = {
        "article": ctx.article,
        "sources": [
            _source_json(catalog, source_id, "2022-03-15") for source_id in result["sources"]
        ],
        "evidence": list(ctx.evidence.values()),
    }
    view = present(result, doc)
    cells = [cell for table in view.tables for row in table.rows for cell in row]
    return [str(getattr(cell, "striptags", lambda c=cell: c)()) for cell in cells] + [
        line.striptags() for line in view.where
    ]


# --- ratio ----------------------------------------------------------------------------------


def test_ratio_area_on_the_real_data(ctx, claim):
    result = run(ratio, claim("ukraine-area"), ctx)
    assert (result["verdict"], result["at_publication"]["verdict"]) == (ACCURATE, ACCURATE)
    assert result["reason"] == "28.3 rounds to 30"
    readings = result["readings"]
    assert [r["role"] for r in readings] == (
        ["primary", "at_publication"] + ["other"] * 3 + ["sensitivity"] * 4
    )
    primary, at_publication = readings[0], readings[1]
    assert _values(primary) == [
        ("factbook-latest-russia", RUSSIA_AREA),
        ("factbook-latest-ukraine", UKRAINE_AREA),
    ]
    assert primary["value"] == pytest.approx(RUSSIA_AREA / UKRAINE_AREA, rel=1e-12)
    assert _values(at_publication) == [
        ("factbook-2022-russia", RUSSIA_AREA),
        ("factbook-2022-ukraine", UKRAINE_AREA),
    ]
    others = _by_label(readings[2:5])
    expected = {
        "Surface area 2021, World Bank (13 November 2024 release)": (
            WB_RUSSIA_SURFACE_2024_11,
            WB_UKRAINE_SURFACE,
        ),
        "Surface area 2021, World Bank (13 July 2026 release)": (
            WB_RUSSIA_SURFACE_2026_07,
            WB_UKRAINE_SURFACE,
        ),
        "Land area 2021, World Bank (FAO)": (WB_RUSSIA_LAND, WB_UKRAINE_LAND),
    }
    assert set(others) == set(expected)
    for label, (top, bottom) in expected.items():
        assert [v for _, v in _values(others[label])] == [top, bottom]
        assert others[label]["value"] == pytest.approx(top / bottom, rel=1e-12)
        assert others[label]["verdict"] == ACCURATE
    land = [r for r in readings[5:] if r["measure"] == "area_land"]
    assert len(land) == 2
    for reading in land:
        assert reading["value"] == pytest.approx(RUSSIA_LAND / UKRAINE_LAND, rel=1e-12)


def test_ratio_revisions_list_the_world_bank_surface_area_revision(ctx, claim):
    result = run(ratio, claim("ukraine-area"), ctx)
    [revision] = result["details"]["revisions"]  # Factbook agrees; Ukraine's WB area unchanged
    assert (revision["entity"], revision["measure"], revision["year"]) == (
        "Russia",
        "AG.SRF.TOTL.K2",
        2021,
    )
    assert [(v["source_id"], v["value"]) for v in revision["versions"]] == [
        ("wb-surface-area-2024-11", WB_RUSSIA_SURFACE_2024_11),
        ("wb-surface-area-2026-07", WB_RUSSIA_SURFACE_2026_07),
    ]
    # the revisions table shows both figures in full, by release
    cells = _cells(result, ctx)
    assert [c for c in cells if c.startswith("17,")] == ["17,098,250 km²", "17,125,190 km²"]


def test_ratio_defense_budget_on_the_real_data(ctx, claim):
    result = run(ratio, claim("defense-budget"), ctx)
    assert (result["verdict"], result["at_publication"]["verdict"]) == (ACCURATE, ACCURATE)
    primary, at_publication, iiss = result["readings"][:3]
    assert primary["value"] == pytest.approx(
        SIPRI_LATEST["Russia", 2021] / SIPRI_LATEST["Ukraine", 2021], rel=1e-12
    )
    assert primary["reason"] == "9.55 rounds to 10"
    assert at_publication["value"] == pytest.approx(
        SIPRI_2021["Russia", 2020] / SIPRI_2021["Ukraine", 2020], rel=1e-12
    )
    assert _values(iiss) == [("iiss-2021-budget-russia", 45.8), ("iiss-2021-budget-ukraine", 4.7)]
    assert {f["origin"] for f in iiss["figures"]} == {"published"}
    assert iiss["value"] == pytest.approx(45.8 / 4.7)
    # The revisions are SIPRI's revisions of Ukraine; Russia's 2019-2020 figures are unchanged.
    assert [(r["entity"], r["year"]) for r in result["details"]["revisions"]] == [
        ("Ukraine", 2019),
        ("Ukraine", 2020),
    ]
    series = {p["year"]: p["value"] for p in result["details"]["series"]}
    assert list(series) == list(range(2014, 2025))
    assert series[2022] == pytest.approx(
        SIPRI_LATEST["Russia", 2022] / SIPRI_LATEST["Ukraine", 2022], rel=1e-12
    )


def test_ratio_sensitivity_year_missing_in_an_edition_is_an_unverifiable_reading(ctx, claim):
    result = run(ratio, claim("defense-budget"), ctx)
    sensitivity = {
        (r["scope"], r["year"]): r for r in result["readings"] if r["role"] == "sensitivity"
    }
    assert len(sensitivity) == 6  # 2 editions x 3 years
    missing = sensitivity["sipri-2021", 2021]  # the April 2021 edition ends in 2020
    assert (missing["verdict"], missing["value"], missing["figures"]) == (UNVERIFIABLE, None, [])
    assert missing["reason"] == (
        "SIPRI Milex, April 2021 edition has no figure for 2021 for Russia or Ukraine"
    )
    # 2020 in the latest edition: 9.02 rounds to 9, within 10% of 10.
    latest_2020 = sensitivity["sipri-latest", 2020]
    assert latest_2020["value"] == pytest.approx(
        SIPRI_LATEST["Russia", 2020] / SIPRI_LATEST["Ukraine", 2020], rel=1e-12
    )
    assert latest_2020["verdict"] == APPROXIMATELY
    assert latest_2020["reason"] == "9.02 rounds to 9, not 10, but is within 9.8% of it"
    assert sensitivity["sipri-2021", 2019]["value"] == pytest.approx(
        SIPRI_2021["Russia", 2019] / SIPRI_2021["Ukraine", 2019], rel=1e-12
    )


def test_ratio_unknown_measure_in_the_sensitivity_grid_is_an_error(ctx, claim):
    area = claim("ukraine-area")
    area["check"]["sensitivity"]["measures"] = ["area_total", "area_bogus"]
    with pytest.raises(FactcheckError, match="'factbook-2022' has no measure 'area_bogus'"):
        run(ratio, area, ctx)


def test_ratio_unknown_entity_in_the_sensitivity_grid_is_an_error(ctx):
    check = _ratio_check("30")
    check["sensitivity"] = {
        "editions": ["fas-owid-stockpiles-2022"],  # Russia is there, Ukraine is not
        "measures": ["military_stockpile"],
        "years": [2022],
    }
    with pytest.raises(
        FactcheckError, match="'fas-owid-stockpiles-2022' has no figure for Ukraine"
    ):
        run(ratio, _ratio(check), ctx)


def test_ratio_primary_year_missing_is_an_error(ctx, claim):
    budget = claim("defense-budget")
    budget["check"]["primary"] = {"edition": "sipri-2021", "year": 2021}
    with pytest.raises(FactcheckError, match=r"year 2021 in 'sipri-2021' \(years available"):
        run(ratio, budget, ctx)


def _ratio_check(stated: str, *readings: dict[str, Any]) -> dict[str, Any]:
    """Russia / Ukraine, total area in the latest Factbook, and the readings given."""
    check = {
        "type": "ratio",
        "stated": {"text": f"1/{stated}", "value": stated},
        "measure": "area_total",
        "numerator": "Russia",
        "denominator": "Ukraine",
        "primary": {"edition": "factbook-latest"},
    }
    return check | ({"readings": list(readings)} if readings else {})


def _ratio(check: dict[str, Any]) -> dict[str, Any]:
    return {"id": "synthetic-ratio", "quote": "synthetic", "check": check}


def _published_ratio(stated: str, *evidence_ids: str) -> dict[str, Any]:
    """A ratio claim with the two published figures as its second reading."""
    return _ratio(_ratio_check(stated, {"evidence": list(evidence_ids), "label": "published"}))


def _published_reading(result: dict[str, Any]) -> dict[str, Any]:
    [reading] = [r for r in result["readings"] if r["label"] == "published"]
    return reading


def test_ratio_reading_resting_on_an_unverified_figure_is_unverifiable(make_ctx):
    for verified, verdict in ((True, INACCURATE), (False, UNVERIFIABLE)):
        ctx = make_ctx(figure("ukraine-budget", 4.7, verified=verified, entity="Ukraine"))
        result = run(
            ratio, _published_ratio("30", "iiss-2021-budget-russia", "ukraine-budget"), ctx
        )
        reading = _published_reading(result)
        assert reading["value"] == pytest.approx(45.8 / 4.7)  # 9.74: Inaccurate against 30
        assert reading["verdict"] == verdict
    assert reading["reason"] == "rests on an unverified published figure"
    assert result["verdict"] == ACCURATE  # the primary reading, on data
    cells = _cells(result, ctx)
    shown = " ".join(cells)
    assert "from Publisher of ukraine-budget, 1 March 2022 (unverified): Ukraine" in shown
    assert "from IISS, The Military Balance 2022, as reported by CNN, 25 February 2022: " in shown


@pytest.mark.parametrize(
    ("top", "stated", "verdict", "reason"),
    [
        (27.0, "30", ACCURATE, "27.0 rounds to 30"),  # within 10%
        (25.0, "30", APPROXIMATELY, "25.0 rounds to 30, but is 16.7% off"),  # half up
        (24.9, "30", INACCURATE, "24.9 rounds to 20, not 30 (17.0% off)"),
        (34.9, "30", APPROXIMATELY, "34.9 rounds to 30, but is 16.3% off"),
        (35.0, "30", INACCURATE, "35.0 rounds to 40, not 30 (16.7% off)"),
        (9.0, "10", APPROXIMATELY, "9.00 rounds to 9, not 10, but is within 10.0% of it"),
        (8.9, "10", INACCURATE, "8.90 rounds to 9, not 10 (11.0% off)"),
    ],
)
def test_ratio_rule_at_its_boundaries(make_ctx, top, stated, verdict, reason):
    ctx = make_ctx(figure("top", top, entity="Russia"), figure("bottom", 1, entity="Ukraine"))
    reading = _published_reading(run(ratio, _published_ratio(stated, "top", "bottom"), ctx))
    assert (reading["verdict"], reading["reason"]) == (verdict, reason)


def test_ratio_zero_denominator_is_an_error(make_ctx):
    ctx = make_ctx(figure("top", 10, entity="Russia"), figure("bottom", 0, entity="Ukraine"))
    with pytest.raises(FactcheckError, match="zero denominator for Ukraine in 'published'"):
        run(ratio, _published_ratio("10", "top", "bottom"), ctx)


def test_ratio_without_a_sensitivity_grid_repeats_no_reading(ctx):
    result = run(ratio, _ratio(_ratio_check("30")), ctx)
    assert [r["role"] for r in result["readings"]] == ["primary"]


def test_ratio_primary_reading_of_published_figures(ctx):
    check = _ratio_check("10")
    check["primary"] = {"evidence": ["iiss-2021-budget-russia", "iiss-2021-budget-ukraine"]}
    check["sensitivity"] = {"editions": ["sipri-latest"], "years": [2021]}
    check["measure"] = "military_expenditure_current_usd"
    result = run(ratio, _ratio(check), ctx)
    assert (result["verdict"], result["reason"]) == (ACCURATE, "9.74 rounds to 10")


# --- ranking --------------------------------------------------------------------------------

# Each FAS reading of the article: its top three, by hand from the extracts.
TOP_THREE = {
    "Total inventory, early 2023 (FAS Tableau export)": [5889, 5244, ("China", 410)],
    "Total inventory, early 2022 (FAS via OWID)": [5977, 5428, ("China", 350)],
    "Total inventory, early 2022 (FAS Tableau export)": [5977, 5428, ("China", 350)],
    "Military stockpile, 2022 (FAS via OWID, 2022 vintage)": [4477, 3708, ("China", 350)],
    "Military stockpile, 2023 (FAS Tableau export, 2023 vintage)": [4489, 3708, ("China", 410)],
}


def test_ranking_russia_and_the_us_lead_every_fas_reading(ctx, claim):
    result = run(ranking, claim("largest-arsenals"), ctx)
    assert (result["verdict"], result["at_publication"]["verdict"]) == (ACCURATE, ACCURATE)
    readings = _by_label(result["readings"])
    assert set(readings) == set(TOP_THREE)
    for label, (russia, usa, (third, third_value)) in TOP_THREE.items():
        reading = readings[label]
        places = [(p["entity"], p["value"]) for p in reading["figures"][:3]]
        assert places == [
            ("Russia", russia),
            ("United States of America", usa),
            (third, third_value),
        ], label
        assert reading["details"]["holds"] is True
        assert reading["details"]["gap"]["next_entity"] == third
        assert reading["details"]["gap"]["times"] == pytest.approx(usa / third_value)
    assert result["reason"] == (
        "Russia (5,889 warheads) and United States of America (5,244 warheads) hold the top 2 "
        "places; next comes China with 410 warheads (United States of America has 12.8 times "
        "as many warheads as China); 5 of 5 readings agree"
    )


def test_ranking_revisions_between_fas_vintages(ctx, claim):
    result = run(ranking, claim("largest-arsenals"), ctx)
    found = [
        (c["entity"], c["year"], [(v["source_id"], v["value"]) for v in c["versions"]])
        for c in result["details"]["revisions"]
    ]
    owid, tableau = "fas-owid-stockpiles-2022", "fas-tableau-stockpiles-2023"
    assert found == [
        ("China", 2021, [(owid, 350), (tableau, 370)]),
        ("China", 2022, [(owid, 350), (tableau, 390)]),
        ("North Korea", 2022, [(owid, 20), (tableau, 25)]),
        ("United Kingdom", 2021, [(owid, 180), (tableau, 225)]),
        ("United Kingdom", 2022, [(owid, 180), (tableau, 225)]),
    ]


def test_ranking_naming_the_wrong_entities_is_inaccurate(ctx, claim):
    wrong = claim("largest-arsenals")
    wrong["check"]["entities"] = ["Russia", "China"]
    result = run(ranking, wrong, ctx)
    assert result["verdict"] == INACCURATE
    assert not any(r["details"]["holds"] for r in result["readings"])
    assert result["reason"].startswith(
        "The top 2 places go to Russia (5,889 warheads) and United States of America (5,244 "
        "warheads), not Russia and China; "
    )
    assert result["reason"].endswith("0 of 5 readings agree")


def test_ranking_an_unknown_entity_is_an_error_not_a_verdict(ctx, claim):
    misspelt = claim("largest-arsenals")
    misspelt["check"]["entities"] = ["Russia", "Narnia"]
    with pytest.raises(FactcheckError, match=r"^no entity 'Narnia' in the data$"):
        run(ranking, misspelt, ctx)
    misspelt["check"]["entities"] = ["Russia", "United States"]  # the World Bank's spelling
    assert run(ranking, misspelt, ctx)["verdict"] == ACCURATE
    misspelt["check"]["entities"] = ["Russia", "united states of america"]
    with pytest.raises(FactcheckError, match="did you mean 'United States of America'"):
        run(ranking, misspelt, ctx)


def _ranking(entities, *specs, exclude=()):
    primary, *readings = specs
    check = {"type": "ranking", "entities": list(entities), "primary": primary}
    if readings:
        check["readings"] = readings
    if exclude:
        check["exclude"] = list(exclude)
    return {"id": "synthetic-ranking", "quote": "synthetic", "check": check}


# Deployed strategic warheads: Russia leads in 2023 (1,674 v 1,670), the US in 2022 (1,644
# v 1,588).
STRATEGIC_2023 = {"source": "fas-tableau-inventories-2023", "measure": "deployed_strategic"}
STRATEGIC_2022 = {"source": "fas-owid-inventories-2022", "measure": "deployed_strategic"}


def test_ranking_holding_in_only_some_readings_is_approximately_accurate(ctx):
    result = run(
        ranking,
        _ranking(["Russia"], {**STRATEGIC_2023, "year": 2023}, {**STRATEGIC_2022, "year": 2022}),
        ctx,
    )
    assert result["verdict"] == APPROXIMATELY
    assert [r["details"]["holds"] for r in result["readings"]] == [True, False]
    assert result["readings"][0]["details"]["gap"]["times"] == pytest.approx(1674 / 1670)
    assert result["reason"].endswith("1 of 2 readings agree")


def test_ranking_failing_in_the_primary_reading_is_inaccurate(ctx):
    result = run(
        ranking,
        _ranking(["Russia"], {**STRATEGIC_2022, "year": 2022}, {**STRATEGIC_2023, "year": 2023}),
        ctx,
    )
    assert result["verdict"] == INACCURATE
    assert result["readings"][0]["reason"].startswith(
        "The top place goes to United States of America (1,644 warheads), not Russia"
    )


def test_ranking_never_ranks_aggregates_and_validates_exclusions(ctx):
    only_world = {
        "source": "fas-owid-stockpiles-2022",
        "measure": "total_inventory",  # in this file only the World total has this measure
        "year": 2021,
        "label": "World total only",
    }
    with pytest.raises(FactcheckError, match=r"other than aggregates .* never ranked"):
        run(ranking, _ranking(["World"], only_world), ctx)
    stockpiles = {**only_world, "measure": "military_stockpile", "label": "Stockpiles"}
    result = run(ranking, _ranking(["Russia", "USA"], stockpiles), ctx)  # an alias
    assert result["verdict"] == ACCURATE
    assert "World" not in [f["entity"] for f in result["readings"][0]["figures"]]
    with pytest.raises(FactcheckError, match="no entity 'Chna' in the data; did you mean 'China'"):
        run(ranking, _ranking(["Russia"], stockpiles, exclude=["Chna"]), ctx)
    excluded = run(ranking, _ranking(["Russia", "China"], stockpiles, exclude=["USA"]), ctx)
    assert excluded["verdict"] == ACCURATE


def test_ranking_year_not_in_the_source_is_an_error(ctx):
    spec = {"source": "fas-tableau-inventories-2023", "measure": "total_inventory", "year": 2019}
    with pytest.raises(
        FactcheckError,
        match="no figures for 'total_inventory', year 2019 in 'fas-tableau-inventories-2023'",
    ):
        run(ranking, _ranking(["Russia"], spec), ctx)


# --- profile --------------------------------------------------------------------------------

POPULATION_RATIO = POPULATION[0] / POPULATION[1]  # 3.27, the smallest
GDP_RATIO = GDP[0] / GDP[1]  # 9.16, the third largest


def test_profile_on_the_real_data(ctx, claim):
    result = run(profile, claim("preponderance-of-power"), ctx)
    assert result["verdict"] == ACCURATE
    rows = result["readings"]
    assert [[f["value"] for f in r["figures"]] for r in rows] == [list(p) for p in PROFILE_ROWS]
    for row, (top, bottom) in zip(rows, PROFILE_ROWS, strict=True):
        assert row["value"] == pytest.approx(top / bottom, rel=1e-12)
        assert row["details"]["meets"] and row["details"]["counted"]
    assert [f.get("source_id") for f in rows[1]["figures"]] == ["wb-population-2026-07"] * 2
    assert {f["origin"] for f in rows[5]["figures"]} == {"published"}
    assert result["reason"] == (
        "Russia is at least 2 times Ukraine on 6 of 6 measures "
        "(smallest gap: Population, 2021 (World Bank), 3.27 times)"
    )


@pytest.mark.parametrize(
    ("min_ratio", "meeting", "verdict"),
    [
        (POPULATION_RATIO, 6, ACCURATE),  # the smallest ratio, reached exactly
        (math.nextafter(POPULATION_RATIO, math.inf), 5, APPROXIMATELY),
        (GDP_RATIO, 3, APPROXIMATELY),  # exactly half the measures
        (math.nextafter(GDP_RATIO, math.inf), 2, INACCURATE),
        (RUSSIA_AREA / UKRAINE_AREA, 1, INACCURATE),
        (30, 0, INACCURATE),
    ],
)
def test_profile_threshold_boundaries(ctx, claim, min_ratio, meeting, verdict):
    preponderance = claim("preponderance-of-power")
    preponderance["check"]["min_ratio"] = min_ratio
    result = run(profile, preponderance, ctx)
    assert result["verdict"] == verdict
    assert sum(r["details"]["meets"] for r in result["readings"]) == meeting
    assert f" on {meeting} of 6 measures" in result["reason"]


def _profile(*rows, min_ratio=5.0):
    check = {
        "type": "profile",
        "numerator": "Russia",
        "denominator": "Ukraine",
        "min_ratio": min_ratio,
        "rows": list(rows),
    }
    return {"id": "synthetic-profile", "quote": "synthetic", "check": check}


POPULATION_ROW = {"edition": "wb-2026-07", "measure": "SP.POP.TOTL", "year": 2021}


def test_profile_rows_on_unverified_figures_are_not_counted(make_ctx):
    published = {"evidence": ["big", "small"], "label": "Published"}
    for verified, verdict, counted in ((True, APPROXIMATELY, 2), (False, INACCURATE, 1)):
        ctx = make_ctx(
            figure("big", 10, verified=verified, entity="Russia"),
            figure("small", 1, verified=verified, entity="Ukraine"),
        )
        result = run(profile, _profile(POPULATION_ROW, published), ctx)
        # population 3.27 < 5 fails; the published 10 would meet
        assert result["verdict"] == verdict
        assert f"on {counted - 1} of {counted} measures" in result["reason"]
    assert [r["details"]["counted"] for r in result["readings"]] == [True, False]
    assert "not counted: unverified figure" in _cells(result, ctx)
    assert "from Publisher of small, 1 March 2022 (unverified):" in _shown(result, ctx)


def test_profile_with_only_unverified_rows_is_unverifiable(make_ctx):
    ctx = make_ctx(
        figure("big", 10, verified=False, entity="Russia"),
        figure("small", 1, verified=False, entity="Ukraine"),
    )
    result = run(profile, _profile({"evidence": ["big", "small"]}), ctx)
    assert result["verdict"] == UNVERIFIABLE
    assert "smallest gap" not in result["reason"]


# --- forecast_outcome -----------------------------------------------------------------------


def test_forecast_outcome_on_the_real_data(ctx, claim):
    result = run(forecast_outcome, claim("sanctions-devastating"), ctx)
    assert result["at_publication"]["verdict"] == ACCURATE  # -11.2 and -8.5 are both <= -5
    assert result["verdict"] == NOT_BORNE_OUT  # the latest outcome, -1.44, is above -5
    forecasts = [r for r in result["readings"] if r["role"] == "at_publication"]
    assert [(_values(f)[0], f["verdict"]) for f in forecasts] == [
        (("wb-forecast-2022-04", -11.2), ACCURATE),
        (("imf-weo-2022-04", -8.5), ACCURATE),
    ]
    outcomes = [
        (*_values(r)[0], r["verdict"] == ACCURATE)
        for r in result["readings"]
        if r["role"] in ("primary", "other")
    ]
    assert outcomes == [
        ("rosstat-2022-first-estimate", -2.1, False),
        ("rosstat-2022-revised", -1.2, False),
        ("wb-gdp-growth-2024-06", GROWTH_2024_06, False),
        ("wb-gdp-growth-2025-10", GROWTH_2025_10, False),
        ("wb-gdp-growth-2026-01", GROWTH_2026_01, False),
    ]
    assert result["reason"] == (
        "the outcome for 2022 is −1.44% (World Bank WDI, 28 January 2026 release): it does not "
        "meet the threshold, at or below −5%"
    )
    assert result["at_publication"]["reason"].startswith("2 of 2 forecasts published within 45")
    assert (
        "World Bank (reported by Interfax), 10 April 2022: −11.2%"
        in (result["at_publication"]["reason"])
    )
    path = {p["year"]: p["value"] for p in result["details"]["path"]}
    assert list(path) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert path[2019] == 2.19807571335009 and path[2022] == GROWTH_2026_01


@pytest.mark.parametrize(
    ("op", "value", "at_publication", "hindsight"),
    [
        ("<=", -5, ACCURATE, NOT_BORNE_OUT),
        ("<=", -1, ACCURATE, ACCURATE),
        ("<=", GROWTH_2026_01, ACCURATE, ACCURATE),  # the outcome reaches it exactly
        ("<", GROWTH_2026_01, ACCURATE, NOT_BORNE_OUT),
        ("<=", -11.2, APPROXIMATELY, NOT_BORNE_OUT),  # only the World Bank forecast
        ("<", -11.2, INACCURATE, INACCURATE),  # no forecast, no outcome
        ("<=", -20, INACCURATE, INACCURATE),
    ],
)
def test_forecast_outcome_threshold_boundaries(ctx, claim, op, value, at_publication, hindsight):
    sanctions = claim("sanctions-devastating")
    sanctions["check"]["threshold"] |= {"op": op, "value": value}
    result = run(forecast_outcome, sanctions, ctx)
    assert (result["at_publication"]["verdict"], result["verdict"]) == (at_publication, hindsight)


def test_forecast_outcome_the_latest_data_release_decides(ctx, claim):
    sanctions = claim("sanctions-devastating")
    check = sanctions["check"]
    check["threshold"]["value"] = -2  # the 2024-06 release (-2.07) meets it, later ones do not
    june_2024 = {"edition": "wb-2024-06"}
    check["outcomes"] = [june_2024, {"evidence": "rosstat-2022-revised"}]
    result = run(forecast_outcome, sanctions, ctx)
    assert result["verdict"] == ACCURATE  # the published Rosstat figure (-1.2) is not data
    assert "−2.07%" in result["reason"]
    # listed first, released later: the release date decides, not the order of the list
    check["outcomes"].insert(0, {"edition": "wb-2025-10"})
    assert run(forecast_outcome, sanctions, ctx)["verdict"] == NOT_BORNE_OUT


def test_forecast_outcome_two_latest_releases_on_one_day_are_an_error(ctx, claim):
    sanctions = claim("sanctions-devastating")
    sanctions["check"]["outcomes"] = [
        {"edition": "wb-2025-10", "label": "October"},
        {"edition": "wb-2026-01", "label": "January"},
        {"edition": "wb-2026-01", "label": "January again"},
    ]
    with pytest.raises(
        FactcheckError, match="'January', 'January again' are all released on 2026-01-28"
    ):
        run(forecast_outcome, sanctions, ctx)


def test_forecast_outcome_unverified_forecasts_do_not_count(make_ctx, claim):
    sanctions = claim("sanctions-devastating")
    sanctions["check"]["forecasts"] = ["wb-forecast-2022-04", "mild"]
    for verified, verdict in ((True, APPROXIMATELY), (False, ACCURATE)):
        ctx = make_ctx(figure("mild", -1, verified=verified, entity="Russia"))
        result = run(forecast_outcome, sanctions, ctx)
        assert result["at_publication"]["verdict"] == verdict
    assert "1 of 1 forecasts published within 45 days" in result["at_publication"]["reason"]
    assert "from Publisher of mild, 1 March 2022 (unverified):" in _shown(result, ctx)


def test_forecast_outcome_latest_outcome_unverified_is_an_error(make_ctx, claim):
    sanctions = claim("sanctions-devastating")
    sanctions["check"]["outcomes"] = [{"evidence": "guess"}]
    ctx = make_ctx(figure("guess", -7, verified=False, entity="Russia"))
    with pytest.raises(FactcheckError, match="latest outcome rests on an unverified figure"):
        run(forecast_outcome, sanctions, ctx)


# --- date -----------------------------------------------------------------------------------


def test_date_on_the_real_data(ctx, claim):
    result = run(date, claim("crimea-2014"), ctx)
    assert result["verdict"] == ACCURATE
    assert result["reason"] == (
        "Russia's annexation of Crimea: dated 18 March 2014 by the cited sources, in 2014"
    )
    [corroboration] = result["details"]["corroboration"]
    assert corroboration["found"] is True
    assert corroboration["source_id"] == "factbook-latest-ukraine"
    assert corroboration["note"] == NOTE_LATEST  # markup kept, as published
    # the report shows the note as text, its markup removed
    assert NOTE_LATEST.replace("<strong>note:</strong>", "note:") in _cells(result, ctx)


def test_date_corroboration_not_found_does_not_change_the_verdict(ctx, claim):
    crimea = claim("crimea-2014")
    crimea["check"]["corroboration"][0]["edition"] = "factbook-2022"
    result = run(date, crimea, ctx)
    assert result["verdict"] == ACCURATE
    [corroboration] = result["details"]["corroboration"]
    assert (corroboration["found"], corroboration["note"]) == (False, NOTE_2022)
    assert corroboration["source_id"] == "factbook-2022-ukraine"


@pytest.mark.parametrize(
    ("stated", "verdict"),
    [
        ("2014", ACCURATE),
        ("2014-03", ACCURATE),
        ("2014-03-18", ACCURATE),
        ("2015", INACCURATE),
        ("2013", INACCURATE),
        ("2014-04", INACCURATE),
        ("2014-03-19", INACCURATE),
        ("2014-03-17", INACCURATE),
    ],
)
def test_date_stated_date_against_the_reuters_date(ctx, claim, stated, verdict):
    crimea = claim("crimea-2014")
    crimea["check"]["stated"] = stated
    result = run(date, crimea, ctx)
    assert result["verdict"] == verdict
    if verdict == INACCURATE:
        assert result["reason"] == (
            f"Russia's annexation of Crimea: dated outside {long_date(stated)} by Reuters "
            "18 March 2014"
        )


def _date(*evidence_ids, stated="2014"):
    check = {"type": "date", "stated": stated, "event": "The event", "evidence": list(evidence_ids)}
    return {"id": "synthetic-date", "quote": "synthetic", "check": check}


def test_date_unverified_sources_do_not_count(make_ctx):
    ctx = make_ctx(
        text("rumour", "It happened in 2016", verified=False, date="2016-01-01"),
        text("other-rumour", "It happened in 2014", verified=False, date="2014-01-01"),
    )
    result = run(date, _date("reuters-crimea-treaty", "rumour"), ctx)
    assert result["verdict"] == ACCURATE
    only_unverified = run(date, _date("other-rumour"), ctx)
    assert only_unverified["verdict"] == UNVERIFIABLE
    assert only_unverified["reason"] == "no verified source dates the event"
    assert "Publisher of other-rumour, 1 March 2022 (unverified)" in _shown(only_unverified, ctx)


def test_date_one_source_outside_the_stated_year_is_inaccurate(make_ctx):
    ctx = make_ctx(text("later", "It happened in 2015", date="2015-02-01"))
    result = run(date, _date("reuters-crimea-treaty", "later"), ctx)
    assert result["verdict"] == INACCURATE
    assert result["reason"] == "The event: dated outside 2014 by Publisher of later 1 February 2015"


def test_date_evidence_without_a_date_is_an_error(ctx):
    with pytest.raises(
        FactcheckError, match="evidence 'kremlin-en-2022-02-21' has no 'date' for the event"
    ):
        run(date, _date("kremlin-en-2022-02-21"), ctx)


def test_date_a_coarser_source_date_is_not_outside_the_stated_day(make_ctx):
    ctx = make_ctx(text("yearly", "It happened in 2014", date="2014"))
    result = run(date, _date("yearly", stated="2014-03-18"), ctx)
    assert result["verdict"] != INACCURATE


# --- quote_comparison -----------------------------------------------------------------------


def _quote(quote, reference="kremlin-en-2022-02-21", **more):
    check = {"type": "quote_comparison", "reference": reference, **more}
    return {"id": "synthetic-quote", "quote": quote, "check": check}


def test_quote_comparison_the_putin_quote(ctx, claim):
    result = run(quote_comparison, claim("putin-created-by-russia"), ctx)
    assert result["verdict"] == ACCURATE  # a faithful literal translation
    official = result["readings"][0]["details"]
    assert official["verbatim"] is False
    assert official["passage"] == "modern Ukraine was entirely created by Russia"
    added = [d["claimed"] for d in official["diff"] if d["op"] != "equal"]
    assert added == ["and fully"]  # the only difference
    assert result["reason"] == (
        "a faithful literal translation: the article's “and fully” renders the Russian wording "
        "(целиком и полностью = entirely and fully); the official English reads “modern "
        "Ukraine was entirely created by Russia”"
    )
    comparisons = [r["details"] for r in result["readings"]]
    assert [c["evidence_id"] for c in comparisons] == [
        "kremlin-en-2022-02-21",
        "tass-en-2022-02-21",
        "reuters-2022-02-22",
    ]
    assert not any(c["verbatim"] for c in comparisons)


def test_quote_comparison_words_of_the_official_english_are_accurate(ctx):
    result = run(quote_comparison, _quote("modern Ukraine was entirely created by Russia"), ctx)
    assert result["verdict"] == ACCURATE
    assert result["reason"] == f"the words occur in the {KREMLIN} text"
    assert result["readings"][0]["details"]["verbatim"] is True


@pytest.mark.parametrize(
    "quote",
    [
        "modern Ukraine was entirely and deliberately created by Russia",
        "entirely and deliberately created by Russia",
    ],
)
def test_quote_comparison_a_word_not_in_the_gloss_is_misleading(ctx, quote):
    result = run(quote_comparison, _quote(quote, original="kremlin-ru-2022-02-21"), ctx)
    assert result["verdict"] == MISLEADING
    assert result["reason"] == f"compared with {KREMLIN}, the article adds “and deliberately”"


def test_quote_comparison_a_word_left_out_is_misleading(ctx):
    quote = "modern Ukraine was created by Russia"
    result = run(quote_comparison, _quote(quote, original="kremlin-ru-2022-02-21"), ctx)
    assert result["verdict"] == MISLEADING
    assert "the article leaves out “entirely”" in result["reason"]


def test_quote_comparison_without_the_original_a_gloss_word_is_misleading(ctx):
    result = run(quote_comparison, _quote(PUTIN_QUOTE), ctx)
    assert result["verdict"] == MISLEADING


def test_quote_comparison_an_unverified_reference_is_unverifiable(make_ctx):
    official = "So, I will start with the fact that modern Ukraine was entirely created by Russia."
    ctx = make_ctx(text("unverified-en", official, verified=False))
    for quote in (PUTIN_QUOTE, "modern Ukraine was entirely created by Russia"):
        result = run(
            quote_comparison,
            _quote(quote, reference="unverified-en", original="kremlin-ru-2022-02-21"),
            ctx,
        )
        assert (result["verdict"], result["reason"]) == (
            UNVERIFIABLE,
            "the official text was not read in its source (unverified)",
        )
    assert "Publisher of unverified-en, 1 March 2022 (unverified)" in _shown(result, ctx)


def test_quote_comparison_punctuation_in_the_reference_is_not_a_changed_word(ctx):
    result = run(
        quote_comparison,
        _quote(PUTIN_QUOTE, reference="reuters-2022-02-22", original="kremlin-ru-2022-02-21"),
        ctx,
    )
    diff = result["readings"][0]["details"]["diff"]
    assert [d["claimed"] for d in diff if d["op"] != "equal"] == ["and fully"]
    assert result["verdict"] == ACCURATE


# --- published_figures ----------------------------------------------------------------------


def test_published_figures_majority_on_the_real_data(ctx, claim):
    result = run(published_figures, claim("armed-resistance-majority"), ctx)
    assert result["verdict"] == ACCURATE
    assert [(c["reason"], c["details"]["holds"]) for c in result["readings"]] == [
        ("80% (Rating Sociological Group (reported by Euromaidan Press)) is above 50%", True),
        (
            "80% (Rating Sociological Group (reported by Euromaidan Press)) is above 33.3% "
            "(KIIS (reported by Censor.net))",
            True,
        ),
    ]


@pytest.mark.parametrize(
    ("factor", "holding", "verdict"),
    [
        (2, [True, True], ACCURATE),  # 91 and 93 >= 76
        (2.4, [False, True], APPROXIMATELY),  # 91 < 91.2 <= 93
        (2.5, [False, False], INACCURATE),  # 91 and 93 < 95
    ],
)
def test_published_figures_than_and_factor(ctx, claim, factor, holding, verdict):
    surge = claim("zelensky-surge")
    for condition in surge["check"]["conditions"]:
        condition["factor"] = factor
    result = run(published_figures, surge, ctx)
    assert [c["details"]["holds"] for c in result["readings"]] == holding
    assert result["verdict"] == verdict
    shown = "2" if factor == 2 else str(factor)
    negation = "" if holding[0] else "not "
    assert result["readings"][0]["reason"] == (
        f"91% (Rating Sociological Group (reported by Rubryka)) is {negation}at least {shown} "
        "times 38% (Rating Sociological Group)"
    )


def _published(*conditions):
    check = {"type": "published_figures", "conditions": list(conditions)}
    return {"id": "synthetic-figures", "quote": "synthetic", "check": check}


@pytest.mark.parametrize(("op", "holds"), [(">", False), (">=", True), ("<=", True), ("<", False)])
def test_published_figures_condition_at_its_boundary(make_ctx, op, holds):
    ctx = make_ctx(figure("half", 50), figure("after", 76), figure("before", 38))
    by_value = {"figure": "half", "op": op, "value": 50, "meaning": "a majority"}
    by_figure = {"figure": "after", "op": op, "than": "before", "factor": 2, "meaning": "double"}
    for condition in (by_value, by_figure):
        result = run(published_figures, _published(condition), ctx)
        assert result["verdict"] == (ACCURATE if holds else INACCURATE)
        assert (" is not " not in result["reason"]) is holds


def test_published_figures_an_unverified_figure_is_unverifiable(ctx):
    unverified = "kiis-2022-05-concessions"
    for condition in (
        {"figure": unverified, "op": ">", "value": 50, "meaning": "a majority"},
        {"figure": "rating-2022-03-01-arms", "op": "<", "than": unverified, "meaning": "x"},
    ):
        result = run(published_figures, _published(condition), ctx)
        assert result["readings"][0]["details"]["holds"] is True  # holds, but cannot be trusted
        assert result["verdict"] == UNVERIFIABLE
        assert any("(unverified)" in cell for cell in _cells(result, ctx))


def test_published_figures_a_text_or_an_unknown_id_is_an_error(ctx):
    condition = {"figure": "reuters-crimea-treaty", "op": ">", "value": 1, "meaning": "x"}
    with pytest.raises(FactcheckError, match="'reuters-crimea-treaty' is a text, not a figure"):
        run(published_figures, _published(condition), ctx)
    with pytest.raises(FactcheckError, match="unknown evidence id 'nope'; known: "):
        run(published_figures, _published(condition | {"figure": "nope"}), ctx)


# --- not_checked and document_quote ---------------------------------------------------------


def test_not_checked_carries_category_and_reason(ctx, claims_file):
    unchecked = [c for c in claims_file["claims"] if c["check"]["type"] == "none"]
    raw = yaml.safe_load(ARTICLE.read_text(encoding="utf-8"))["claims"]
    not_checkable = [c["id"] for c in raw if c["kind"] == "not_checkable"]
    assert not_checkable
    assert [c["id"] for c in unchecked] == not_checkable
    for item in unchecked:
        result = run(none, item, ctx)
        assert (result["verdict"], result["status"]) == (None, "not checkable")
        assert (result["details"]["category"], result["reason"]) == (
            item["check"]["category"],
            item["check"]["reason"],
        )


def test_document_quote_without_a_pinned_document_is_not_checked_here(make_ctx, claim, tmp_path):
    ctx = make_ctx(documents=tmp_path)
    result = run(document_quote, claim("npr-2018-quote"), ctx)
    assert (result["verdict"], result["status"]) == (None, "not checked here")
    assert result["reason"] == NOT_PINNED
    assert result["details"]["document"]["pinned"] is False
    assert "none pinned in this project" in _cells(result, ctx)


# --- the whole real article -----------------------------------------------------------------

# Worked out by hand above, claim by claim.
REAL_VERDICTS = {
    "preponderance-of-power": ACCURATE,
    "crimea-2014": ACCURATE,
    "putin-created-by-russia": ACCURATE,
    "zelensky-surge": ACCURATE,
    "ukraine-area": ACCURATE,
    "defense-budget": ACCURATE,
    "sanctions-devastating": NOT_BORNE_OUT,
    "largest-arsenals": ACCURATE,
    "armed-resistance-majority": ACCURATE,
}


def _dicts(node: Any):
    """Every dict anywhere in a nested result."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _dicts(item)


def test_real_article_verdicts(real_verdicts, claims_file):
    claims = real_verdicts["claims"]
    assert [c["id"] for c in claims] == [c["id"] for c in claims_file["claims"]]
    assert [step["verdict"] for step in real_verdicts["rule"]["scale"]] == SCALE
    kinds = {c["id"]: c["kind"] for c in claims_file["claims"]}
    for item in claims:
        assert item["kind"] == kinds[item["id"]]
        if item["kind"] == "not_checkable":
            assert item["verdict"] is None, item["id"]
            assert item["details"]["category"] in {
                "opinion",
                "prediction",
                "counterfactual",
                "needs reporting",
                "characterisation",
            }
        elif item["status"] == "not checked here":
            assert item["verdict"] is None, item["id"]
        else:
            assert item["verdict"] in SCALE, item["id"]
            assert item["reason"], item["id"]
    checked = {c["id"]: c["verdict"] for c in claims if c["kind"] != "not_checkable"}
    pinned = (ROOT / "sources/documents/npr-2018.json").exists()
    npr = checked.pop("npr-2018-quote")
    assert checked == REAL_VERDICTS
    if not pinned:
        assert npr is None


def _assert_shown_unverified(
    result: dict[str, Any], evidence: dict[str, Any], ctx: CheckContext
) -> None:
    """Every cell naming the item marks it unverified; no figure of it is marked verified."""
    name = f"{evidence['publisher']}, {long_date(evidence['published'])}"
    cells = [cell for cell in _cells(result, ctx) if name in cell]
    assert cells, evidence["id"]
    assert all(f"{name} (unverified)" in cell for cell in cells), evidence["id"]
    for node in _dicts(result):
        if node.get("evidence_id") == evidence["id"] and "verified" in node:
            assert node["verified"] is False


def test_real_article_never_shows_unverified_evidence_as_verified(real_verdicts, claims_file, ctx):
    unverified = {item["id"]: item for item in claims_file["evidence"] if not item["verified"]}
    assert "kiis-2022-05-concessions" in unverified
    for item in real_verdicts["evidence"]:
        assert item["verified"] is (item["id"] not in unverified)
    for result in real_verdicts["claims"]:
        for evidence_id in set(result["evidence"]) & set(unverified):
            _assert_shown_unverified(result, unverified[evidence_id], ctx)


def test_unverified_evidence_is_marked_in_every_kind_that_shows_it(make_ctx, claim):
    """Each kind that reads published figures, given the UNVERIFIED poll figure."""
    ctx = make_ctx(figure("unverified-base", 1, verified=False, entity="Ukraine"))
    pair = ["kiis-2022-05-concessions", "unverified-base"]
    sanctions = claim("sanctions-devastating")
    sanctions["check"]["forecasts"].append("kiis-2022-05-concessions")
    results = [
        run(ratio, _published_ratio("30", *pair), ctx),
        run(profile, _profile({"evidence": pair}, POPULATION_ROW, min_ratio=2), ctx),
        run(forecast_outcome, sanctions, ctx),
        run(
            published_figures,
            _published({"figure": pair[0], "op": ">", "value": 50, "meaning": "a majority"}),
            ctx,
        ),
    ]
    assert [r["verdict"] for r in results] == [ACCURATE, ACCURATE, NOT_BORNE_OUT, UNVERIFIABLE]
    assert _published_reading(results[0])["verdict"] == UNVERIFIABLE  # 82 would be Inaccurate
    assert "on 1 of 1 measures" in results[1]["reason"]  # the unverified row is not counted
    assert results[2]["at_publication"]["reason"].startswith("2 of 2 forecasts")  # nor the third
    concessions = ctx.cited("kiis-2022-05-concessions")
    for result in results:
        _assert_shown_unverified(result, concessions, ctx)


def test_real_article_data_figures_name_pinned_sources(real_verdicts):
    sources = {source["id"]: source for source in real_verdicts["sources"]}
    used = set()
    for result in real_verdicts["claims"]:
        for node in _dicts(result):
            if node.get("origin") == "data":
                assert node["source_id"] in sources, (result["id"], node["source_id"])
                used.add(node["source_id"])
    assert used == set(sources)  # no source listed that no figure reads
    for source_id, source in sources.items():
        assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"]), source_id
        extract = ROOT / "sources/extracts" / f"{source_id}.csv"
        assert source["extract_sha256"] == hashlib.sha256(extract.read_bytes()).hexdigest()


def test_real_article_rule_text_for_every_check_type(real_verdicts, claims_file):
    used = {c["check"]["type"] for c in claims_file["claims"]}
    assert used == {
        "ratio",
        "ranking",
        "profile",
        "forecast_outcome",
        "date",
        "quote_comparison",
        "document_quote",
        "published_figures",
        "none",
    }
    rules = real_verdicts["rule"]["checks"]
    assert set(rules) == used
    assert all(isinstance(rule, str) and len(rule) > 40 for rule in rules.values())
    assert len(set(rules.values())) == len(rules)  # one rule per kind, not a shared text

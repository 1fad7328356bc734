"""Charts: chosen from each claim's data, the same bytes every run, safe to inline together."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict
from typing import Any

import pytest

from factcheck.report.charts import axis_scale, bar_chart, line_chart, squares_chart
from factcheck.report.views import present

SVG = "{http://www.w3.org/2000/svg}"
ID = re.compile(r'\bid="([^"]+)"')
REFERENCE = re.compile(r'href="#([^"]+)"|url\(#([^)]+)\)')


@pytest.fixture(scope="session")
def verdicts(real_verdicts) -> dict[str, Any]:
    return real_verdicts


def render_charts(document: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Every claim's charts as its view draws them, by claim id."""
    return {
        claim["id"]: [asdict(chart) for chart in present(claim, document).charts]
        for claim in document["claims"]
    }


@pytest.fixture(scope="session")
def charts(verdicts) -> dict[str, list[dict[str, str]]]:
    return render_charts(verdicts)


def _all(charts: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    return [chart for claim_charts in charts.values() for chart in claim_charts]


def _claim(verdicts: dict[str, Any], claim_id: str) -> dict[str, Any]:
    return next(claim for claim in verdicts["claims"] if claim["id"] == claim_id)


def _one_claim(verdicts: dict[str, Any], claim_id: str) -> dict[str, Any]:
    """A copy of the document holding only one claim, to change freely."""
    document = copy.deepcopy(verdicts)
    document["claims"] = [_claim(document, claim_id)]
    return document


def _square_area(svg: str, gid: str) -> float:
    group = re.search(rf'id="[^"]*-{gid}">\s*<path d="([^"]+)"', svg)
    assert group, gid
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", group.group(1))]
    xs, ys = numbers[0::2], numbers[1::2]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def test_each_claim_gets_the_charts_its_data_hold(charts, verdicts):
    assert list(charts) == [claim["id"] for claim in verdicts["claims"]]
    assert {claim_id: [c["id"] for c in found] for claim_id, found in charts.items() if found} == {
        "ukraine-area": ["ukraine-area-area"],
        "defense-budget": ["defense-budget-values", "defense-budget-ratio"],
        "sanctions-devastating": ["sanctions-devastating-path"],
        "largest-arsenals": ["largest-arsenals-ranking"],
    }


def test_ranking_highlights_the_claimed_leaders_and_path_marks_forecasts(charts):
    [ranking] = charts["largest-arsenals"]
    # five places drawn, the first two (the claimed leaders) highlighted
    assert 'id="largest-arsenals-ranking-bar-4"' in ranking["svg"]
    assert ranking["caption"] == "Source: FAS Status of World Nuclear Forces, early 2023."
    [path] = charts["sanctions-devastating"]
    for gid in ("series-0", "highlight-0", "highlight-1", "reference", "zero"):
        assert f'id="sanctions-devastating-path-{gid}"' in path["svg"], gid
    assert "World Bank WDI, release of 28 January 2026" in path["caption"]
    assert "IMF (reported by Interfax), 19 April 2022" in path["caption"]


def test_svg_is_inline_xml_with_id_and_title(charts):
    for chart in _all(charts):
        assert chart["svg"].startswith("<svg ")
        assert "<?xml" not in chart["svg"] and "DOCTYPE" not in chart["svg"]
        assert "<!--" not in chart["svg"] and "<metadata" not in chart["svg"]
        root = ET.fromstring(chart["svg"])
        assert root.tag == f"{SVG}svg"
        assert root.get("id") == chart["id"]
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text == chart["title"]


def test_series_charts_mark_readings_claim_and_publication(charts):
    values, ratio = charts["defense-budget"]
    for gid in ("series-0", "series-1", "highlight-0", "highlight-1", "marker"):
        assert f'id="defense-budget-values-{gid}"' in values["svg"]
    for gid in ("series-0", "reference", "highlight-0", "highlight-1", "marker"):
        assert f'id="defense-budget-ratio-{gid}"' in ratio["svg"]
    assert values["title"] == "Russia and Ukraine, 2014\N{EN DASH}2024"


def test_no_publication_marker_outside_the_series_years(verdicts):
    document = _one_claim(verdicts, "defense-budget")
    document["article"]["published"] = "2031-01-10"
    for chart in render_charts(document)["defense-budget"]:
        assert "-marker" not in chart["svg"]


def test_captions_name_the_sources_of_the_figures_drawn(charts, verdicts):
    sources = {source["id"]: source for source in verdicts["sources"]}
    budget = charts["defense-budget"][1]["caption"]
    assert budget.startswith("Source: ")
    for source_id in ("sipri-milex-2025", "sipri-milex-2021"):
        assert sources[source_id]["edition_label"] in budget
    area = charts["ukraine-area"][0]["caption"]
    assert area == "Source: CIA World Factbook, latest."  # the primary reading only
    assert sources["factbook-2022-russia"]["edition_label"] not in area


def test_axes_are_scaled_to_read_as_numbers_not_strings_of_zeros():
    assert axis_scale([65_907.7, 6_898.1], "US$ m") == (1e3, "US$ billion")
    assert axis_scale([1.83e12], "current US$") == (1e12, "US$ trillion")
    assert axis_scale([17_098_242], "sq km") == (1e6, "million km²")
    assert axis_scale([-2.07, 5.6], "annual %") == (1, "%")
    assert axis_scale([28.3], "times") == (1, "times")


def test_squares_are_drawn_to_scale(charts, verdicts):
    svg = charts["ukraine-area"][0]["svg"]
    primary = _claim(verdicts, "ukraine-area")["readings"][0]
    ratio = _square_area(svg, "square-0") / _square_area(svg, "square-1")
    assert ratio == pytest.approx(primary["value"], rel=1e-3)


def test_two_renders_give_identical_bytes(charts, verdicts):
    assert render_charts(verdicts) == charts


def test_ids_are_unique_across_the_page_and_references_resolve(charts):
    seen: list[str] = []
    for chart in _all(charts):
        ids = ID.findall(chart["svg"])
        assert all(i == chart["id"] or i.startswith(f"{chart['id']}-") for i in ids)
        referenced = {a or b for a, b in REFERENCE.findall(chart["svg"])}
        assert referenced and referenced <= set(ids)
        seen += ids
    assert len(seen) == len(set(seen))


def test_text_from_data_cannot_inject_markup(verdicts):
    evil = "<script>alert(1)</script>"
    document = _one_claim(verdicts, "defense-budget")
    claim = document["claims"][0]
    claim["details"]["numerator"] = evil
    for point in claim["details"]["series"]:
        point["numerator"]["entity"] = evil
    for reading in claim["readings"]:
        for figure in reading["figures"][:1]:
            figure["entity"] = evil
    area = _one_claim(verdicts, "ukraine-area")
    area["claims"][0]["readings"][0]["figures"][0]["entity"] = evil
    document["claims"] += area["claims"]
    for chart in _all(render_charts(document)):
        assert "<script" not in chart["svg"].lower()
        assert ET.fromstring(chart["svg"]).find(f"{SVG}title").text == chart["title"]
        assert evil in chart["title"]


def test_dollar_signs_in_data_are_text_not_math():
    svg = line_chart(
        {"$x$ US$": [(2020, 1.0), (2021, 2.0)]}, chart_id="dollars", title="$a$", unit="US$ m"
    )
    assert ET.fromstring(svg).find(f"{SVG}title").text == "$a$"


def test_other_pairs_get_bars_and_claims_without_figures_none(verdicts):
    document = _one_claim(verdicts, "ukraine-area")
    for figure in document["claims"][0]["readings"][0]["figures"]:
        figure["unit"] = "people"
    [chart] = render_charts(document)["ukraine-area"]
    assert chart["id"] == "ukraine-area-figures"
    assert 'id="ukraine-area-figures-bar-1"' in chart["svg"]

    document["claims"][0]["readings"][0]["figures"] = []
    assert render_charts(document) == {"ukraine-area": []}


def test_captions_cite_published_figures_and_mark_unverified_ones(verdicts):
    document = _one_claim(verdicts, "ukraine-area")
    document["evidence"] = [
        {
            "id": f"area-{n}",
            "publisher": f"Atlas {n}",
            "published": "2021",
            "verified": n == 0,
            "measures": "total area",
        }
        for n in range(2)
    ]
    figures = document["claims"][0]["readings"][0]["figures"]
    for n, figure in enumerate(figures):
        del figure["source_id"]
        figure.update(origin="published", evidence_id=f"area-{n}")
    [chart] = render_charts(document)["ukraine-area"]
    assert chart["id"] == "ukraine-area-area"
    assert chart["caption"] == "Source: Atlas 0, 2021; Atlas 1, 2021 (unverified)."


def test_generic_charts_for_other_check_kinds():
    line = line_chart(
        {"A": [(2019, 1.5), (2020, -0.5), (2021, 2.0)], "B": [(2019, 1.0), (2021, 1.2)]},
        chart_id="growth",
        title="GDP growth",
        unit="%",
        reference=(1.0, "claimed: 1%"),
        marker_year=2020.5,
        marker_label="article",
    )
    bars = bar_chart(
        [("A", 3.0), ("B", 2.0), ("C", 1.0)],
        chart_id="ranking",
        title="Ranking",
        unit="US$ bn",
        highlight={"B"},
    )
    squares = squares_chart([("A", 4.0), ("B", 1.0)], chart_id="sq", title="Areas", unit="sq km")
    for svg, chart_id in ((line, "growth"), (bars, "ranking"), (squares, "sq")):
        assert ET.fromstring(svg).get("id") == chart_id
    assert 'id="growth-reference"' in line and 'id="growth-marker"' in line
    assert 'id="growth-zero"' in line  # a negative value: the axis does not start at 0
    assert bars.count('id="ranking-bar-') == 3 and "ranking-zero" not in bars
    assert _square_area(squares, "square-0") / _square_area(squares, "square-1") == (
        pytest.approx(4.0, rel=1e-3)
    )


def test_chart_ids_must_be_safe():
    with pytest.raises(ValueError, match="chart id"):
        bar_chart([("A", 1.0)], chart_id='x" onload="alert(1)', title="t", unit="u")


def test_chart_text_is_text_in_the_report_font_and_data_stay_text():
    """Words are <text> in DejaVu Sans (which the PDF step draws from the pinned files), not
    glyph outlines; a label from the data is escaped, never markup."""
    svg = bar_chart(
        [("<b>A & B</b>", 3.0), ("C", 1.0)], chart_id="c", title="Title & more", unit="times"
    )
    root = ET.fromstring(svg)
    texts = [node for node in root.iter(f"{SVG}text")]
    assert "".join(node.text or "" for node in texts).count("<b>A & B</b>") == 1
    assert all("'DejaVu Sans'" in node.get("style", "") for node in texts)
    assert not root.findall(f".//{SVG}b")
    assert "<b>" not in svg and "&lt;b&gt;A &amp; B&lt;/b&gt;" in svg

"""Exports: the claims CSV and schema.org ClaimReview JSON-LD, on the real verdicts."""

from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

import pytest

from factcheck.checks.verdicts import build_verdicts, write_verdicts
from factcheck.report.exports import (
    CSV_COLUMNS,
    claimreview_document,
    claimreview_jsonld,
    claims_csv,
    validate_claimreview,
    write_exports,
)

from .conftest import ROOT

BASE_URL = "https://newsroom.example.net/factchecks/"
REPORT_URL = f"{BASE_URL}nato-restraint-2022/report.html"


@pytest.fixture(scope="session")
def verdicts(real_verdicts) -> dict[str, Any]:
    return real_verdicts


def _rated(verdicts: dict[str, Any]) -> list[dict[str, Any]]:
    return [claim for claim in verdicts["claims"] if claim["verdict"] is not None]


def _unverifiable(verdicts: dict[str, Any]) -> dict[str, Any]:
    """A copy holding one ratio claim without data: no primary value, no reading at
    publication, nothing stated."""
    document = copy.deepcopy(verdicts)
    [claim] = document["claims"] = [c for c in document["claims"] if c["id"] == "ukraine-area"]
    claim.update(verdict="Unverifiable", reason="no data", stated=None, sources=[])
    claim["readings"][0].update(value=None, figures=[])
    claim["at_publication"] = None
    return document


def test_an_article_without_rated_claims_has_no_claimreview(verdicts):
    document = copy.deepcopy(verdicts)
    document["claims"] = [c for c in document["claims"] if c["verdict"] is None]
    assert document["claims"]
    assert json.loads(claimreview_jsonld(document, REPORT_URL)) == {
        "@context": "https://schema.org",
        "@graph": [],
    }


def test_csv_has_one_row_per_claim_with_its_verdicts(verdicts):
    text = claims_csv(verdicts)
    assert "\r" not in text and text.endswith("\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["claim_id"] for row in rows] == [claim["id"] for claim in verdicts["claims"]]
    sha256 = {source["id"]: source["sha256"] for source in verdicts["sources"]}
    for row, claim in zip(rows, verdicts["claims"], strict=True):
        assert (row["summary"], row["quote"], row["kind"], row["check"]) == (
            claim["summary"],
            claim["quote"],
            claim["kind"],
            claim["check"],
        )
        assert (row["verdict"], row["reason"]) == (claim["verdict"] or "", claim["reason"])
        at_publication = claim["at_publication"] or {"verdict": "", "reason": ""}
        assert row["verdict_at_publication"] == at_publication["verdict"]
        assert row["reason_at_publication"] == at_publication["reason"]
        ids = [i for i in row["sources"].split(";") if i]
        assert ids == claim["sources"]
        assert [h for h in row["source_sha256"].split(";") if h] == [sha256[i] for i in ids]
    by_id = {row["claim_id"]: row for row in rows}
    area = next(claim for claim in verdicts["claims"] if claim["id"] == "ukraine-area")
    assert by_id["ukraine-area"]["stated"] == area["stated"]["text"] == "1/30"
    assert float(by_id["ukraine-area"]["primary_value"]) == area["readings"][0]["value"]
    assert by_id["ukraine-area"]["verdict"] == area["verdict"]
    assert claims_csv(verdicts) == text


def test_csv_states_texts_and_leaves_unchecked_verdicts_empty():
    claims = [
        {"id": "a", "quote": "in 2014", "kind": "document", "check": "date", "stated": "2014"},
        {"id": "b", "quote": "a wise strategy", "kind": "not_checkable", "check": "none"},
    ]
    for claim in claims:
        claim.update(
            summary="", verdict=None, reason="r", sources=[], readings=[], at_publication=None
        )
    claims[0]["verdict"] = "Accurate"
    rows = list(csv.DictReader(io.StringIO(claims_csv({"claims": claims, "sources": []}))))
    assert [(r["stated"], r["verdict"], r["primary_value"]) for r in rows] == [
        ("2014", "Accurate", ""),
        ("", "", ""),
    ]


def test_csv_leaves_missing_fields_empty(verdicts):
    row = next(csv.DictReader(io.StringIO(claims_csv(_unverifiable(verdicts)))))
    for column in ("stated", "verdict_at_publication", "primary_value", "sources"):
        assert row[column] == ""
    assert row["verdict"] == "Unverifiable"


def test_claimreview_parses_validates_and_rates_on_the_scale(verdicts):
    text = claimreview_jsonld(verdicts, REPORT_URL)
    assert text == claimreview_jsonld(verdicts, REPORT_URL)
    document = json.loads(text)
    validate_claimreview(document)
    assert document["@context"] == "https://schema.org"
    scale = {step["verdict"]: step["rating"] for step in verdicts["rule"]["scale"]}
    claim_review = {step["verdict"]: step["claim_review"] for step in verdicts["rule"]["scale"]}
    sanctions = next(c for c in verdicts["claims"] if c["id"] == "sanctions-devastating")
    assert claim_review[sanctions["verdict"]] == "Accurate when published, not borne out since"
    graph = document["@graph"]
    assert any(claim["verdict"] is None for claim in verdicts["claims"])  # these get none
    for review, claim in zip(graph, _rated(verdicts), strict=True):
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == claim["summary"]
        rating = review["reviewRating"]
        assert rating["alternateName"] == claim_review[claim["verdict"]]
        assert rating.get("ratingValue", 0) == scale[claim["verdict"]]
        assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
        item = review["itemReviewed"]
        assert item["author"]["name"] == verdicts["article"]["author"]
        assert item["datePublished"] == verdicts["article"]["published"]
        assert item["appearance"]["url"] == verdicts["article"]["url"]
        assert item["appearance"]["publisher"]["name"] == verdicts["article"]["outlet"]
        assert review["author"]["name"] == verdicts["review"]["reviewer"]
        assert review["datePublished"] == verdicts["review"]["date"]
        assert review["url"] == f"{REPORT_URL}#claim-{claim['id']}"
    assert len({review["url"] for review in graph}) == len(graph)


def test_report_url_fragment_is_replaced(verdicts):
    graph = claimreview_document(verdicts, REPORT_URL + "#top")["@graph"]
    assert graph[0]["url"] == f"{REPORT_URL}#claim-{_rated(verdicts)[0]['id']}"


def test_unverifiable_has_no_rating_value_but_names_the_verdict(verdicts):
    document = json.loads(claimreview_jsonld(_unverifiable(verdicts), REPORT_URL))
    rating = document["@graph"][0]["reviewRating"]
    assert "ratingValue" not in rating
    assert rating["alternateName"] == "Unverifiable"
    validate_claimreview(document)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("itemReviewed", "author", "name"), None, r"@graph\[0\]\.itemReviewed\.author"),
        (("reviewRating", "ratingValue"), "5", r"@graph\[0\]\.reviewRating\.ratingValue"),
        (("reviewRating", "ratingValue"), 6, r"@graph\[0\]\.reviewRating\.ratingValue.*1\.\.5"),
        (("itemReviewed", "appearance", "@type"), "Blog", r"appearance\.@type"),
        (("url",), "https://example.org/report.html", r"@graph\[0\]\.url"),
        (("datePublished",), "25 November 2026", r"@graph\[0\]\.datePublished"),
    ],
)
def test_validate_claimreview_names_the_bad_field(verdicts, path, value, message):
    document = claimreview_document(verdicts, REPORT_URL)
    *parents, key = path
    node = document["@graph"][0]
    for part in parents:
        node = node[part]
    if value is None:
        del node[key]
    else:
        node[key] = value
    with pytest.raises(ValueError, match=message):
        validate_claimreview(document)


def test_write_exports(verdicts, tmp_path):
    verdicts_path = tmp_path / "verdicts.json"
    write_verdicts(verdicts, verdicts_path)
    csv_out, jsonld_out = tmp_path / "out/claims.csv", tmp_path / "out/claimreview.jsonld"
    write_exports(verdicts_path, csv_out, jsonld_out, BASE_URL)
    assert csv_out.read_text(encoding="utf-8") == claims_csv(verdicts)
    assert jsonld_out.read_text(encoding="utf-8") == claimreview_jsonld(verdicts, REPORT_URL)
    assert sorted(p.name for p in csv_out.parent.iterdir()) == ["claimreview.jsonld", "claims.csv"]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2.07", "'-2.07"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("plain", "plain"),
    ],
)
def test_csv_cells_never_run_as_spreadsheet_formulas(verdicts, cell, written):
    document = _unverifiable(verdicts)
    document["claims"][0]["reason"] = cell
    row = next(csv.DictReader(io.StringIO(claims_csv(document))))
    assert row["reason"] == written


def test_claimreview_is_safe_inside_a_script_element(verdicts):
    document = _unverifiable(verdicts)
    document["claims"][0]["summary"] = "</script><script>alert(1)</script> & more"
    text = claimreview_jsonld(document, REPORT_URL)
    assert "<" not in text and ">" not in text and "&" not in text
    review = json.loads(text)["@graph"][0]
    assert review["claimReviewed"] == "</script><script>alert(1)</script> & more"


def test_claims_left_to_the_editor_are_not_published_as_rated():
    """LSE's 2021 GDP: contradicted by a figure released since, not assessed as of
    publication; the report leaves the correction to the editor, so no rating goes out."""
    articles = ROOT / "sources" / "articles"
    lse = build_verdicts(articles / "lse-russia-cannot-win-2022.yaml", ROOT / "sources", articles)
    urls = [review["url"] for review in claimreview_document(lse, REPORT_URL)["@graph"]]
    assert f"{REPORT_URL}#claim-belgium-gdp" in urls
    assert f"{REPORT_URL}#claim-russia-gdp-2021" not in urls
    rated = [c for c in lse["claims"] if c["verdict"] is not None]
    assert len(urls) == len(rated) - 1

"""The report's outline: claims numbered once, the first page's counts and hedges, a
draft's report without empty sections."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest

from factcheck.articles.starter import ArticleInfo, new_article
from factcheck.checks.verdicts import build_verdicts

from .conftest import ROOT
from .report_text import checked, example_verdicts, html_of, text_of


@pytest.fixture(scope="module")
def examples() -> dict[str, dict[str, Any]]:
    return example_verdicts()


def test_the_annex_numbers_each_claim_as_the_body_does(tmp_path, real_verdicts):
    html = html_of(tmp_path, real_verdicts)
    body = dict((title, number) for number, title in re.findall(r"<h3>(\d+)\. ([^<]+)</h3>", html))
    annex = re.findall(r"<h4>Claim (\d+): ([^<]+)</h4>", html)
    assert len(annex) >= 5
    for number, title in annex:
        assert body[title] == number, title
    assert ("4", "The surge of support for Zelensky") in annex  # the annex once said 3


# --- the first page -------------------------------------------------------------------------


def test_the_hedge_sentence_is_printed_only_with_hedges_to_list(tmp_path, real_verdicts):
    assert not any((c["stated"] or {}).get("hedge") for c in real_verdicts["claims"])
    assert "hedge word" not in html_of(tmp_path, real_verdicts)
    hedged = copy.deepcopy(real_verdicts)
    area = next(c for c in hedged["claims"] if c["id"] == "ukraine-area")
    area["stated"]["hedge"] = "about"
    html = html_of(tmp_path, hedged)
    sentence = html.split("A hedge word before the figure says how it is compared:", 1)[1]
    assert sentence.lstrip().startswith("</p> <ul><li>“about”, “around”")


@pytest.mark.parametrize(
    ("further", "says"),
    [(0, None), (1, "One further statement is opinion"), (2, "Two further statements are opinion")],
)
def test_the_statements_not_checked_are_counted_in_words(tmp_path, real_verdicts, further, says):
    document = copy.deepcopy(real_verdicts)
    unchecked = [c for c in document["claims"] if c["status"] == "not checkable"]
    document["claims"] = [
        c for c in document["claims"] if c["status"] != "not checkable"
    ] + unchecked[:further]
    text = text_of(html_of(tmp_path, document))
    first = text.split("The claims, one by one", 1)[0]
    assert not re.search(r"\b0 further", first)
    if says:
        assert says in first
    else:
        assert "further statement" not in first
        assert (
            "Statements not checked"
            not in text.split("What the verdicts mean", 1)[0].split("The claim When published", 1)[
                1
            ]
        )


def _empty_sections(html: str) -> list[str]:
    """Headings with nothing under them: no text before the next heading of their level or
    higher (a section, in the report's outline)."""
    body = html.split("<body>", 1)[1]
    headings = list(re.finditer(r"<h([1-4])[^>]*>(.*?)</h\1>", body))
    empty = []
    for k, heading in enumerate(headings):
        level = int(heading[1])
        end = next((h.start() for h in headings[k + 1 :] if int(h[1]) <= level), len(body))
        under = re.sub(r"<h[1-4][^>]*>.*?</h[1-4]>|<[^>]+>", " ", body[heading.end() : end])
        if not under.strip():
            empty.append(heading[2])
    return empty


def test_the_empty_section_finder_finds_an_empty_section():
    html = "<body><h2>Full</h2><p>text</p><h2>Empty</h2><h3>Also empty</h3><h2>Last</h2>x"
    assert _empty_sections(html) == ["Empty", "Also empty"]


def test_no_example_report_has_an_empty_section(tmp_path, examples):
    for article, document in examples.items():
        assert not _empty_sections(html_of(tmp_path, document)), article


PAGE = (
    "Ukraine in numbers\n\nBy A. Writer, 2 March 2022\n\n"
    "Ukraine covers about 603,550 sq km, so it is the second-largest country in Europe. "
    "Russia is 28 times larger than Ukraine. Would the war have started if NATO had acted? "
    "It will last.\n\nKyiv, 10 January 2022 (Photo: somebody via shutterstock.com)\n"
)


def test_a_drafts_report_says_it_is_a_draft_without_empty_sections(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    info = ArticleInfo(
        id="ukraine-in-numbers", title="Ukraine in numbers", outlet="An Outlet",
        author="A. Writer", published="2022-03-02", url="https://example.org/ukraine",
    )  # fmt: skip
    draft = new_article(
        info, tmp_path / "page.txt", articles, ROOT / "sources", today=date(2026, 1, 15)
    )
    document = build_verdicts(draft.claims_path, ROOT / "sources", articles)
    assert not checked(document)
    html = html_of(tmp_path, document)
    text = text_of(html)
    assert (
        "No statement of this article has been checked yet: its four statements are listed" in text
    )
    for empty in (
        "The claims, one by one",
        "Bottom line",
        "When published",
        "Where each figure was read",
        "Data sources",
        "What the verdicts mean",
        "We checked no",
    ):
        assert empty not in text, empty
    assert not re.search(r"\b0 |\bno (?:hold|statements)\b", text)
    assert not _empty_sections(html)
    assert "Statements not checked" in text and "It will last." in text

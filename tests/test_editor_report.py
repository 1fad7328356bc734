"""The first article's report, read as an editor would: the bottom line and every verdict on
page 1, no program syntax anywhere, readable sizes and colours, a link to every source, at
most 14 pages."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from factcheck.checks.verdicts import build_verdicts, write_verdicts
from factcheck.report.render import render_html, render_pdf
from factcheck.report.summary import published_verdict

from .conftest import ROOT

TEMPLATES = ROOT / "templates"
MAX_PAGES = 14
SMALLEST_TEXT_PT = 9.0  # every text but a fingerprint (sha256), which may be 8.5 pt
SMALLEST_HASH_PT = 8.5
SMALLEST_CHART_PT = 5.5  # an axis label or tick of a chart
# Program syntax an editor must never meet: comparison operators, citation ids in brackets,
# diff tokens, raw markup, JSON paths, error wording, ISO dates, straight-quoted strings,
# snake_case names, placeholders, Python's and JSON's words for nothing.
TOKENS = {
    "a comparison operator": re.compile(r"\s(?:>=|<=|==|!=)\s"),
    "a citation id in brackets": re.compile(r"\[[a-z0-9]+(?:-[a-z0-9]+){2,}\]"),
    "a diff token": re.compile(r"\[[+-]|[+-]\]"),
    "markup": re.compile(r"</?(?:strong|em|b|i|span|br)>|&lt;|&gt;|&amp;"),
    "a JSON path": re.compile(r"\[['\"][^\]]*['\"]\]"),
    "an error": re.compile(r"Traceback|Error:|FactcheckError|years available"),
    "a shell command": re.compile(r"snakemake -c1|--config"),
    "an ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "a straight-quoted string": re.compile(r"\"[^\"]*\"|(?<!\w)'[^'\s]+'(?!\w)"),
    "a snake_case name": re.compile(r"\b[A-Za-z]+_[A-Za-z_]+\b"),
    "a placeholder": re.compile(r"<[a-z ]+>"),
    "a program's word for nothing": re.compile(r"\b(?:Infinity|nan|NaN|None|null|undefined)\b"),
    "a brace": re.compile(r"[{}]"),
}
# What the annex may hold that prose may not: addresses and file names (the sources list
# shows them shortened: "host/…/name.csv"), fingerprints, and a publisher's column header
# quoted as published ("column “nuclear_weapons_inventory”").
NOT_PROSE = re.compile(
    r"\S*(?:/|://|…/)\S*|\S+\.(?:csv|json|txt|xlsx|zip|pdf)\b|\b[0-9a-f]{12,}\b|column “[^”]*”"
)
EXAMPLES = sorted(path.stem for path in (ROOT / "sources" / "articles").glob("*.yaml"))


BADGE_MARKS = "[\u2714\u2248\u21bb\u26a0\u2718\u2013]"  # the marks before verdict names


@pytest.fixture(scope="module")
def report(tmp_path_factory, real_verdicts) -> Path:
    folder = tmp_path_factory.mktemp("report")
    write_verdicts(real_verdicts, folder / "verdicts.json")
    render_html(folder / "verdicts.json", TEMPLATES, folder / "report.html")
    render_pdf(folder / "report.html", TEMPLATES, folder / "report.pdf")
    return folder


@pytest.fixture(scope="module")
def pages(report) -> list[Any]:
    return PdfReader(report / "report.pdf").pages


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_at_most_fourteen_pages(pages):
    assert len(pages) <= MAX_PAGES


def test_page_one_has_the_bottom_line_and_every_verdict_then_and_now(pages, real_verdicts):
    first = _flat(re.sub(BADGE_MARKS, "", pages[0].extract_text()))
    assert "Bottom line" in first
    assert "No correction is needed." in first
    assert "An update may be warranted" in first
    rows = first.split("Why", 1)[1]
    for claim in real_verdicts["claims"]:
        if claim["status"] == "not checkable":
            continue
        assert claim["summary"] in rows, claim["summary"]
        after = rows.split(claim["summary"], 1)[1].strip()
        then, now = published_verdict(claim, real_verdicts), claim["verdict"]
        if now and not then:
            then = "—"
        expected = f"{then or 'Not checked here'} {now or 'Not checked here'}"
        assert after.startswith(expected), (claim["summary"], after[:80])


def test_the_sanctions_claim_is_not_published_as_misleading(pages, real_verdicts):
    sanctions = next(c for c in real_verdicts["claims"] if c["id"] == "sanctions-devastating")
    assert sanctions["verdict"] == "Not borne out since"
    assert sanctions["at_publication"]["verdict"] == "Accurate"
    text = _flat(" ".join(page.extract_text() for page in pages))
    section = text.split("7. Sanctions", 1)[1].split("8. ", 1)[0]
    assert "NOW Not borne out since" in re.sub(BADGE_MARKS + " ", "", section)
    assert "Misleading" not in section


def _prose(pages: list[Any]) -> str:
    text = _flat(" ".join(page.extract_text() for page in pages))
    return NOT_PROSE.sub(" ", text)


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request, tmp_path_factory) -> tuple[str, dict[str, Any], list[Any]]:
    """An example article's report as an editor gets it: its id, its verdicts and its PDF's
    pages."""
    article = request.param
    if article == "nato-restraint-2022":
        return article, request.getfixturevalue("real_verdicts"), request.getfixturevalue("pages")
    folder = tmp_path_factory.mktemp(article)
    document = build_verdicts(
        ROOT / "sources" / "articles" / f"{article}.yaml",
        ROOT / "sources",
        ROOT / "sources" / "articles",
    )
    write_verdicts(document, folder / "verdicts.json")
    render_html(folder / "verdicts.json", TEMPLATES, folder / "report.html")
    render_pdf(folder / "report.html", TEMPLATES, folder / "report.pdf")
    return article, document, PdfReader(folder / "report.pdf").pages


@pytest.mark.parametrize(
    "what",
    [pytest.param(what, id=what.replace(" ", "-")) for what in TOKENS],
)
def test_no_example_report_holds_program_syntax(example, what):
    article, _, pages = example
    found = TOKENS[what].search(_prose(pages))
    assert not found, (article, what, found and found.group())


def test_the_guard_catches_what_it_is_for():
    caught = {
        "an ISO date": "dated 2014-03-18 by the cited sources",
        "a straight-quoted string": 'row 6 ("Total Inventory"), column "2021"',
        "a snake_case name": "column nuclear_weapons_inventory",
        "a placeholder": "SIPRI Military Expenditure Database, <year>",
        "a program's word for nothing": "a ratio of Infinity; nan; None",
        "a brace": "{'share': 1}",
    }
    for what, text in caught.items():
        assert TOKENS[what].search(NOT_PROSE.sub(" ", text)), what
    annex = (
        "raw.githubusercontent.com/…/nuclear_weapons_stockpiles_raw.csv, read 25 November "
        "2026, sha256 f70adad07f4fad23b1d1117e8fb5fc8c220bedbf4727dc7c66db7d73074dc230, "
        "column “nuclear_weapons_inventory”: China 2022, 350 in row 2."
    )
    assert not any(pattern.search(NOT_PROSE.sub(" ", annex)) for pattern in TOKENS.values())


def _font_sizes(page: Any) -> list[tuple[float, str, str]]:
    """(size in points, font name, text) of every run of text on a page."""
    found = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip() and font is not None:
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            found.append((round(size * scale, 2), str(font.get("/BaseFont", "")), text))

    page.extract_text(visitor_text=visit)
    return found


def _chart_words(report: Path) -> set[str]:
    """The words the charts write (their SVG <text>, drawn as text in the PDF)."""
    html = (report / "report.html").read_text(encoding="utf-8")
    return {
        word
        for text in re.findall(r"<text\b[^>]*>([^<]*)</text>", html)
        for word in unescape(text).split()
    }


def test_no_text_smaller_than_nine_points(pages, report):
    """Nor smaller than 5.5 points in a chart, whose labels are drawn at the size they
    always had (as outlines before they were text)."""
    chart_words = _chart_words(report)
    assert chart_words
    for number, page in enumerate(pages, start=1):
        for size, font, text in _font_sizes(page):
            smallest = SMALLEST_HASH_PT if "Mono" in font else SMALLEST_TEXT_PT
            if set(text.split()) <= chart_words:
                smallest = SMALLEST_CHART_PT
            assert size >= smallest - 0.05, (number, size, font, text)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two colours (#rrggbb)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper_against_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_verdict_badge_reads_at_aa_contrast_and_has_its_own_mark(real_verdicts):
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    verdicts = [step["verdict"] for step in real_verdicts["rule"]["scale"]] + [None]
    marks = set()
    for verdict in verdicts:
        name = "none" if verdict is None else "-".join(verdict.lower().split())
        rule = re.search(rf"\.verdict-{name} \{{([^}}]*)\}}", css)
        assert rule, name
        colours = dict(re.findall(r"(?<![\w-])(background|color): (#[0-9a-f]{6})", rule.group(1)))
        assert contrast(colours["color"], colours["background"]) >= 4.5, name
        mark = re.search(rf'\.verdict-{name}::before \{{ content: "([^"]+)"', css)
        assert mark, name
        marks.add(mark.group(1))
    assert len(marks) == len(verdicts)  # told apart without colour, in greyscale


def test_text_colours_read_at_aa_contrast():
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    for selector, colour in re.findall(r"([^{}\n]+)\{[^}]*?(?<!-)color: (#[0-9a-f]{6})", css):
        if "verdict-" in selector:
            continue  # checked against their own backgrounds above
        assert contrast(colour, "#ffffff") >= 4.5, (selector.strip(), colour)


def _links(pages: list[Any]) -> set[str]:
    found = set()
    for page in pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def test_every_source_and_publication_is_a_link(pages, real_verdicts):
    links = _links(pages)
    for source in real_verdicts["sources"]:
        assert source["url"] in links, source["id"]
        assert source["home"] in links, source["id"]
    for item in real_verdicts["evidence"]:
        if item.get("url"):
            assert item["url"] in links, item["id"]
    assert real_verdicts["article"]["url"] in links


def test_the_html_reads_on_a_phone_and_a_desktop(report):
    html = (report / "report.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "max-width: 46rem" in html
    assert "@media screen and (max-width: 40rem)" in html


def test_an_article_typo_is_marked_sic_wherever_it_is_quoted(pages):
    text = _flat(" ".join(page.extract_text() for page in pages))
    assert text.count("premediated [sic] invasion") == 2  # a claim's context, a statement
    assert text.count("premediated") == 2


def test_no_claims_quote_is_split_across_pages(example):
    article, document, pages = example
    texts = [_flat(page.extract_text()).replace(" [sic]", "") for page in pages]
    for claim in document["claims"]:
        if claim["status"] == "checked":
            quote = _flat(claim["context"])
            assert any(quote in text for text in texts), (article, claim["id"])


SHORTEST_LINE = 15  # characters: a narrow column holds about 50


def _quote_lines(text: str, quote: str) -> list[str] | None:
    """The lines a quote, in quote marks, is laid out on in a page's text (None if it is not
    on the page)."""
    words = quote.split()
    start = re.search("“" + r"\s+".join(map(re.escape, words[:6])), text)
    if not start:
        return None
    end = re.search(r"\s+".join(map(re.escape, words[-3:])), text[start.start() :])
    if not end:
        return None
    return text[start.start() : start.start() + end.end()].splitlines()


def test_the_quote_helper_finds_a_lone_word():
    lines = _quote_lines(
        "“So, what is it\nwas\neffectively a province.” A note",
        "So, what is it was effectively a province.",
    )
    assert lines == ["“So, what is it", "was", "effectively a province."]


def test_no_statement_leaves_a_word_alone_on_a_line(example):
    """WeasyPrint once broke a hanging-indented line early, leaving one word on a line of its
    own mid-quote ("…a generation ago, was | effectively just another province…")."""
    article, document, pages = example
    texts = [page.extract_text() for page in pages]
    for claim in document["claims"]:
        if claim["status"] == "checked":
            continue
        found = [lines for text in texts if (lines := _quote_lines(text, claim["quote"]))]
        for lines in found:
            short = [line for line in lines[:-1] if len(line.strip()) < SHORTEST_LINE]
            assert not short, (article, claim["id"], lines)

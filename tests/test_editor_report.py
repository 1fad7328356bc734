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

from factcheck.checks.verdicts import write_verdicts
from factcheck.report.render import render_html, render_pdf
from factcheck.report.summary import published_verdict

from .conftest import ROOT

TEMPLATES = ROOT / "templates"
MAX_PAGES = 14
SMALLEST_TEXT_PT = 9.0  # every text but a fingerprint (sha256), which may be 8.5 pt
SMALLEST_HASH_PT = 8.5
SMALLEST_CHART_PT = 5.5  # an axis label or tick of a chart
# Program syntax an editor must never meet: comparison operators, citation ids in brackets,
# diff tokens, raw markup, JSON paths, error wording.
TOKENS = {
    "a comparison operator": re.compile(r"\s(?:>=|<=|==|!=)\s"),
    "a citation id in brackets": re.compile(r"\[[a-z0-9]+(?:-[a-z0-9]+){2,}\]"),
    "a diff token": re.compile(r"\[[+-]|[+-]\]"),
    "markup": re.compile(r"</?(?:strong|em|b|i|span|br)>|&lt;|&gt;|&amp;"),
    "a JSON path": re.compile(r"\[['\"][^\]]*['\"]\]"),
    "an error": re.compile(r"Traceback|Error:|FactcheckError|years available"),
    "a shell command": re.compile(r"snakemake -c1|--config"),
}


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
        then, now = published_verdict(claim), claim["verdict"]
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


def test_no_program_syntax_anywhere(pages):
    text = _flat(" ".join(page.extract_text() for page in pages))
    for what, pattern in TOKENS.items():
        assert not pattern.search(text), (what, pattern.search(text))


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

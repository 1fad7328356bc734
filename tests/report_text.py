"""Rendering a verdicts document for the tests that read the report's prose."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from factcheck.checks.verdicts import build_verdicts
from factcheck.report.render import render_html

from .conftest import ROOT

TEMPLATES = ROOT / "templates"
ARTICLES = ROOT / "sources" / "articles"
EXAMPLES = sorted(path.stem for path in ARTICLES.glob("*.yaml"))


def html_of(tmp_path: Path, document: dict[str, Any]) -> str:
    """The report's HTML for ``document``, its whitespace collapsed."""
    verdicts = tmp_path / "verdicts.json"
    verdicts.write_text(json.dumps(document), encoding="utf-8")
    render_html(verdicts, TEMPLATES, tmp_path / "report.html")
    return " ".join((tmp_path / "report.html").read_text(encoding="utf-8").split())


def text_of(html: str) -> str:
    """The report's words before "About this report" (which names software versions)."""
    body = html.split("<body>", 1)[1].split("<h3>About this report</h3>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def example_verdicts() -> dict[str, dict[str, Any]]:
    """Every example article's verdicts document, by article id."""
    return {
        article: build_verdicts(ARTICLES / f"{article}.yaml", ROOT / "sources", ARTICLES)
        for article in EXAMPLES
    }


def checked(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [claim for claim in document["claims"] if claim["status"] == "checked"]

"""Render the verdicts document to HTML (Jinja) and PDF (WeasyPrint).

Templates only format numbers; every number shown comes from ``verdicts.json``. WeasyPrint
may load nothing but the project's own template assets and inline data: no network, no
file outside the templates folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from . import atomic
from .errors import FactcheckError

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"


def _number(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "n/a"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}"


def render_html(verdicts_path: Path, templates: Path, out: Path) -> None:
    """Render the report's HTML, with its stylesheet and charts inlined so the file stands alone."""
    from .charts import render_charts

    document: dict[str, Any] = json.loads(Path(verdicts_path).read_text(encoding="utf-8"))
    charts = render_charts(document)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["number"] = _number
    try:
        html = env.get_template(TEMPLATE).render(
            doc=document,
            charts=charts,
            stylesheet=(Path(templates) / STYLESHEET).read_text(encoding="utf-8"),
        )
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or templates
        line = getattr(exc, "lineno", None)
        raise FactcheckError(
            f"template error: {exc}", path=where, field=f"line {line}" if line else None
        ) from exc
    atomic.write_text(out, html)


def restricted_fetcher(templates: Path):
    """A WeasyPrint URL fetcher that serves data: URIs and files under ``templates`` only."""
    import weasyprint

    root = Path(templates).resolve()

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith("data:"):
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        if url.startswith("file://"):
            path = Path(url.removeprefix("file://")).resolve()
            if path.is_relative_to(root) and path.is_file():
                return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise FactcheckError(
            f"the report may not load {url!r}: only its own templates and inline data"
        )

    return fetch


def render_pdf(html_path: Path, templates: Path, out: Path) -> None:
    """Render the HTML report to PDF, loading nothing from outside ``templates``."""
    import weasyprint

    html = weasyprint.HTML(
        string=Path(html_path).read_text(encoding="utf-8"),
        base_url=str(Path(templates).resolve()) + "/",
        url_fetcher=restricted_fetcher(templates),
    )
    with atomic.atomic_path(out) as tmp:
        html.write_pdf(tmp)

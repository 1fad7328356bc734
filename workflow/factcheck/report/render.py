"""Render the verdicts document to HTML (Jinja) and PDF (WeasyPrint).

Templates only format numbers; every number shown comes from ``verdicts.json``. WeasyPrint
may load nothing but the project's own template assets and inline data: no network, no
file outside the templates folder.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import jinja2
from markupsafe import Markup, escape

from .. import atomic
from ..dates import long_date
from ..errors import FactcheckError
from ..live.status import article_drift, read_status
from ..quantities import figure
from ..schema import load_json
from ..words import count, listed
from .fonts import check_pdf_fonts, pinned_fontconfig
from .long_text import fit_for_layout
from .summary import with_sic
from .tables import curly, publications, terms

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
SHORT_QUOTE = 900
"""Longest quote (characters) kept whole on one page: about twelve lines of the body; a
longer one may break, three lines at least on each page."""


def sentence(text: str) -> str:
    """A reason as a sentence: a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "?", "!", "”")) else ".")


def short_url(url: str) -> str:
    """A long address as link text, its host and file name: "raw.githubusercontent.com/…/x.csv"."""
    parts = urlsplit(url)
    name = unquote(parts.path.rstrip("/").rpartition("/")[2])
    if len(url) <= 70 or not name:
        return url
    return f"{parts.netloc}/…/{name if len(name) <= 48 else name[:45] + '…'}"


def by_kind(claims: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Claims not checked, grouped by why: each category in the order first met."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        kind = claim["details"].get("category") or "checkable, but not checked here"
        groups.setdefault(kind, []).append(claim)
    return list(groups.items())


def slug(text: str) -> str:
    """A verdict as a CSS class name: "Approximately accurate" -> "approximately-accurate"."""
    return "-".join(text.lower().split())


NOT_COMPARED = (
    "No comparison with the publishers’ current files had been run when this report was built."
)


def _were(n: int, noun: str) -> str:
    """ "one file was", "three files were"."""
    return f"{count(n, noun)} {'was' if n == 1 else 'were'}"


def drift_status(drift_path: Path | None, document: dict[str, Any]) -> Markup:
    """What the last drift check (the status the drift target leaves) found for this report's
    article and data files, in a few sentences; that none was run, if none was.

    A status that cannot be read stops the report with one line naming the file."""
    status = read_status(drift_path) if drift_path is not None else None
    if status is None:
        return Markup(escape(NOT_COMPARED))
    found = article_drift(status, document["article"]["id"], document["sources"])
    day = long_date(found.checked[:10])
    if not found.detailed:
        return escape(
            f"The data files were last compared with the publishers’ current files on {day}; "
            "that comparison did not record what it found for each article."
        )
    if not found.fetched:
        return escape(
            f"The last comparison with the publishers’ current files, on {day}, did not "
            "include the data files used here."
        )
    fetched = (
        f"all {found.sources} were fetched"
        if found.fetched == found.sources
        else f"{found.fetched} of the {found.sources} were fetched"
    )
    if found.archived:
        fetched += f" ({_were(found.archived, 'archived release')} not compared)"
    findings = [
        f"{count(found.changed, 'file')} had changed" if found.changed else "",
        f"{_were(found.vanished, 'file')} no longer served" if found.vanished else "",
        f"{count(found.failed, 'file')} could not be fetched or read" if found.failed else "",
        f"{count(found.values, 'figure')} used here had changed" if found.values else "",
        f"{count(found.verdicts, 'verdict')} of this report would change" if found.verdicts else "",
    ]
    findings = [finding for finding in findings if finding]
    text = escape(
        f"The data files used here were last compared with the publishers’ current files on "
        f"{day}: {fetched}" + (f"; {listed(findings)}. " if findings else ". ")
    )
    if found.repinned:
        return text + escape("Some of them were pinned again since that comparison.")
    if found.verdicts:
        return text + Markup(
            "<strong>Some verdicts of this report are out of date with the publishers’ "
            "current data.</strong>"
        )
    if found.failed:
        return text + escape("What those files hold now is not known here.")
    if found.changed or found.values:
        return text + escape("No verdict of this report would change.")
    return text + escape("The publishers’ current files are the ones used here.")


def hedges_used(hedges: list[dict[str, Any]], used: set[str]) -> list[dict[str, Any]]:
    """The hedges the rule explains that the article's claims use; none if no claim uses a
    hedge word (then "no hedge word" needs no explaining either)."""
    if not used - {""}:
        return []
    return [hedge for hedge in hedges if not hedge["words"] or used & set(hedge["words"])]


def render_html(
    verdicts_path: Path, templates: Path, out: Path, drift_path: Path | None = None
) -> None:
    """Render the report's HTML, with its stylesheet and charts inlined so the file stands alone."""
    from .summary import bottom_line, rows
    from .views import present

    document: dict[str, Any] = fit_for_layout(load_json(verdicts_path))
    views = {claim["id"]: present(claim, document) for claim in document["claims"]}
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(
        figure=figure,
        slug=slug,
        long_date=long_date,
        sentence=sentence,
        with_sic=with_sic,
        groupby_kind=by_kind,
        short_url=short_url,
        counted=count,
        curly=curly,
        terms=terms,
        publications=publications,
    )
    used = {(c["stated"] or {}).get("hedge", "") for c in document["claims"]}
    checked = [claim["id"] for claim in document["claims"] if claim["status"] == "checked"]
    first_page = rows(document, {claim_id: view.why for claim_id, view in views.items()})
    try:
        html = env.get_template(TEMPLATE).render(
            doc=document,
            views=views,
            bottom_line=bottom_line(document),
            numbers={claim_id: n for n, claim_id in enumerate(checked, start=1)},
            located_ids=[claim_id for claim_id in checked if views[claim_id].where],
            short_quote=SHORT_QUOTE,
            hedges=hedges_used(document["rule"]["hedges"], used),
            rows=first_page,
            published={row.id: row.when_published for row in first_page},
            drift=drift_status(drift_path, document),
            stylesheet=(Path(templates) / STYLESHEET).read_text(encoding="utf-8"),
        )
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or templates
        line = getattr(exc, "lineno", None)
        raise FactcheckError(
            f"template error: {exc}", path=where, field=f"line {line}" if line else None
        ) from exc
    atomic.write_text(out, html)


def restricted_fetcher(*allowed: Path) -> Any:
    """A WeasyPrint URL fetcher that serves data: URIs and files under ``allowed`` folders.

    Anything else (http, a file elsewhere, a path climbing out with ``..``) raises
    FactcheckError before any connection or file access; WeasyPrint then skips the resource
    with a warning. It subclasses WeasyPrint's URLFetcher, whose interface WeasyPrint 70
    requires of a fetcher (a plain function makes rendering fail with AttributeError).
    """
    from weasyprint.urls import URLFetcher

    roots = [Path(folder).resolve() for folder in allowed]

    def permitted(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc or parts.query:
            return False
        path = Path(url2pathname(parts.path)).resolve()
        return path.is_file() and any(path.is_relative_to(root) for root in roots)

    class RestrictedFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not permitted(url):
                raise FactcheckError(
                    f"the report may not load {url!r}: only its own templates and inline data"
                )
            return super().fetch(url, headers)

    return RestrictedFetcher(allowed_protocols=("data", "file"))


@contextlib.contextmanager
def _source_date(day: str | None) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (unless the caller did) to the report's date, so that the fonts
    embedded in the PDF carry that date instead of the clock's."""
    if "SOURCE_DATE_EPOCH" in os.environ or not day:
        yield
        return
    epoch = datetime.fromisoformat(day[:10]).replace(tzinfo=UTC).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def render_pdf(html_path: Path, templates: Path, out: Path) -> None:
    """Render the HTML report to PDF with the pinned fonts (:mod:`.fonts`), loading nothing
    else from outside ``templates``; the same HTML gives the same bytes. The PDF replaces
    ``out`` only once its fonts are checked."""
    with pinned_fontconfig():
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
    html = weasyprint.HTML(
        string=Path(html_path).read_text(encoding="utf-8"),
        base_url=str(Path(templates).resolve()) + "/",
        url_fetcher=restricted_fetcher(templates),
    )
    document = html.render(font_config=font_config)
    with _source_date(document.metadata.modified), atomic.atomic_path(out) as tmp:
        document.write_pdf(tmp)
        check_pdf_fonts(tmp, out)

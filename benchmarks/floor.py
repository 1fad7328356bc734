"""The floor of a cold build, run in one fresh Python process (so imports count).

Run by ``benchmarks/run.py`` with the project copy's ``workflow/`` on PYTHONPATH. Prints one
JSON object of phase timings (seconds) on stdout:

* ``--mode build`` (default): import the package, jinja2 and weasyprint; build the verdicts
  (claims, catalog, article text, quotes, pinned extracts, checks); write verdicts.json;
  render the HTML; render the PDF once.
* ``--mode extracts``: only the cost of reading the catalog and the pinned extracts an
  article needs (``load_catalog`` + ``DataIndex``), the part a multi-article build repeats
  per article.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402


def build(claims: Path, sources: Path, text_dir: Path, templates: Path, out: Path) -> dict:
    """Time import, verdicts, HTML and PDF of one article: the work of the verdicts,
    report_html and report_pdf jobs. The exports job (claims.csv and ClaimReview, 0.17 s)
    is left out."""
    t = time.perf_counter()
    import weasyprint  # noqa: F401

    from factcheck.checks.verdicts import build_verdicts, write_verdicts
    from factcheck.report.render import render_html, render_pdf

    phases = {"import": time.perf_counter() - t}
    t = time.perf_counter()
    document = build_verdicts(claims, sources, text_dir)
    write_verdicts(document, out / "verdicts.json")
    phases["verdicts"] = time.perf_counter() - t
    t = time.perf_counter()
    render_html(out / "verdicts.json", templates, out / "report.html")
    phases["html"] = time.perf_counter() - t
    t = time.perf_counter()
    render_pdf(out / "report.html", templates, out / "report.pdf")
    phases["pdf"] = time.perf_counter() - t
    return phases


def extracts(claims: Path, sources: Path) -> dict:
    """Time reading the catalog, the lock and the pinned extracts one article needs."""
    t = time.perf_counter()
    from factcheck.articles.claims import load_claims
    from factcheck.pinned.catalog import load_catalog
    from factcheck.pinned.index import DataIndex
    from factcheck.pipeline.dag import scopes_used

    phases = {"import": time.perf_counter() - t}
    scopes = scopes_used(load_claims(claims))
    t = time.perf_counter()
    index = DataIndex(load_catalog(sources), scopes)
    phases["extracts"] = time.perf_counter() - t
    phases["figures"] = len(index._data)
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("build", "extracts"), default="build")
    parser.add_argument("--claims", type=Path, required=True)
    parser.add_argument("--sources", type=Path, default=Path("sources"))
    parser.add_argument("--text-dir", type=Path, default=Path("sources/articles"))
    parser.add_argument("--templates", type=Path, default=Path("templates"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.mode == "build":
        args.out.mkdir(parents=True, exist_ok=True)
        phases = build(args.claims, args.sources, args.text_dir, args.templates, args.out)
    else:
        phases = extracts(args.claims, args.sources)
    phases["total_in_process"] = time.perf_counter() - T0
    print(json.dumps(phases))


if __name__ == "__main__":
    main()

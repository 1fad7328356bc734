"""The floor of a cold build, run in one fresh Python process (so imports count).

Run by ``benchmarks/run.py`` in a project copy. Prints one JSON object of phase timings
(seconds) on stdout:

* ``--mode build`` (default), the honest floor of one article's build: what a bespoke
  script with no pipeline around it would do at least. Import WeasyPrint and matplotlib;
  read the article's extracts with the ``csv`` module; render the pipeline's own
  ``report.html`` to PDF with WeasyPrint's defaults (with the report's pinned fonts, as a
  fontconfig file naming matplotlib's font folder, so that the same fonts are embedded).
  None of the project's code runs: not its verdicts, HTML, charts or checks.
* ``--mode extracts``: the project's cost of reading the catalog and the pinned extracts
  an article needs (``load_catalog`` + ``DataIndex``, the copy's own package).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import csv  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from xml.sax.saxutils import escape  # noqa: E402


def build(html: Path, templates: Path, extracts: list[Path], out: Path) -> dict:
    """Time the imports, reading the extracts and rendering ``html`` to ``out``."""
    spec = importlib.util.find_spec("matplotlib")
    assert spec and spec.submodule_search_locations
    fonts = Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"
    config = Path(tempfile.mkdtemp(prefix="floor-fonts-")) / "fonts.conf"
    config.write_text(f"<fontconfig><dir>{escape(str(fonts))}</dir></fontconfig>\n")
    os.environ["FONTCONFIG_FILE"] = str(config)

    t = time.perf_counter()
    import matplotlib  # noqa: F401
    import weasyprint

    phases = {"import": time.perf_counter() - t}
    t = time.perf_counter()
    rows = 0
    for path in extracts:
        with open(path, newline="", encoding="utf-8") as handle:
            rows += sum(1 for _ in csv.reader(handle))
    phases["extracts"] = time.perf_counter() - t
    phases["rows"] = rows
    t = time.perf_counter()
    weasyprint.HTML(filename=str(html), base_url=f"{templates}/").write_pdf(out)
    phases["pdf"] = time.perf_counter() - t
    return phases


def extracts(claims: Path, sources: Path) -> dict:
    """Time reading the catalog, the lock and the pinned extracts one article needs."""
    sys.path.insert(0, str(Path("workflow").resolve()))  # the copy's package
    t = time.perf_counter()
    from factcheck.articles.claims import load_claims
    from factcheck.pinned.catalog import load_catalog
    from factcheck.pinned.index import DataIndex
    from factcheck.pipeline.dag import scopes_used

    phases = {"import": time.perf_counter() - t}
    catalog = load_catalog(sources)
    scopes = scopes_used(load_claims(claims), catalog.groups)
    t = time.perf_counter()
    DataIndex(catalog, scopes)
    phases["extracts"] = time.perf_counter() - t
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("build", "extracts"), default="build")
    parser.add_argument("--html", type=Path, help="build: the pipeline's report.html")
    parser.add_argument("--templates", type=Path, default=Path("templates"))
    parser.add_argument("--out", type=Path, help="build: the PDF to write")
    parser.add_argument("--claims", type=Path, help="extracts: the article's claims file")
    parser.add_argument("--sources", type=Path, default=Path("sources"))
    parser.add_argument("extract", type=Path, nargs="*", help="build: the article's extracts")
    args = parser.parse_args()
    if args.mode == "build":
        phases = build(args.html, args.templates, args.extract, args.out)
    else:
        phases = extracts(args.claims, args.sources)
    phases["total_in_process"] = time.perf_counter() - T0
    print(json.dumps(phases))


if __name__ == "__main__":
    main()

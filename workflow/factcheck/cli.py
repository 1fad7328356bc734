"""Command line of the pipeline's steps; each Snakemake rule calls one subcommand.

Errors a user must fix print as one line (``factcheck: error: <file>: <field>: ...``) and
exit with status 1, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .errors import FactcheckError


def _verdicts(args: argparse.Namespace) -> None:
    from .verdicts import build_verdicts, write_verdicts

    document = build_verdicts(args.claims, args.sources, args.article_text_dir)
    write_verdicts(document, args.out)


def _html(args: argparse.Namespace) -> None:
    from .report import render_html

    render_html(args.verdicts, args.templates, args.out)


def _pdf(args: argparse.Namespace) -> None:
    from .report import render_pdf

    render_pdf(args.html, args.templates, args.out)


def _pin_files(args: argparse.Namespace) -> None:
    from .catalog import load_catalog
    from .pin import pin_files

    catalog = load_catalog(args.sources)
    raws = dict(item.split("=", 1) for item in args.raw)
    pin_files(
        catalog,
        {source_id: Path(path) for source_id, path in raws.items()},
        retrieved=dict.fromkeys(raws, args.retrieved),
    )


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="factcheck", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True)

    verdicts = commands.add_parser("verdicts", help="check an article's claims -> verdicts.json")
    verdicts.add_argument("--claims", type=Path, required=True)
    verdicts.add_argument("--sources", type=Path, default=Path("sources"))
    verdicts.add_argument("--article-text-dir", type=Path, required=True)
    verdicts.add_argument("--out", type=Path, required=True)
    verdicts.set_defaults(run=_verdicts)

    html = commands.add_parser("html", help="verdicts.json -> report.html")
    html.add_argument("--verdicts", type=Path, required=True)
    html.add_argument("--templates", type=Path, default=Path("templates"))
    html.add_argument("--out", type=Path, required=True)
    html.set_defaults(run=_html)

    pdf = commands.add_parser("pdf", help="report.html -> report.pdf")
    pdf.add_argument("--html", type=Path, required=True)
    pdf.add_argument("--templates", type=Path, default=Path("templates"))
    pdf.add_argument("--out", type=Path, required=True)
    pdf.set_defaults(run=_pdf)

    pin = commands.add_parser("pin-files", help="pin local copies of raw source files")
    pin.add_argument("--sources", type=Path, default=Path("sources"))
    pin.add_argument("--retrieved", default=date.today().isoformat())
    pin.add_argument("raw", nargs="+", metavar="SOURCE_ID=PATH")
    pin.set_defaults(run=_pin_files)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except FactcheckError as exc:
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

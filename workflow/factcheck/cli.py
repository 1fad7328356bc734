"""Command line of the pipeline's steps; each Snakemake rule calls one subcommand.

``article`` builds all of an article's products; ``verdicts``, ``html``, ``exports`` and
``pdf`` run one of its steps alone.

Errors a user must fix print as one line (``factcheck: error: <file>: <field>: ...``) and
exit with status 1, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import FactcheckError, one_line

if TYPE_CHECKING:
    from .live.raw_cache import RawCache, RawFile


def _verdicts(args: argparse.Namespace) -> None:
    from .checks.verdicts import build_verdicts, write_verdicts

    document = build_verdicts(args.claims, args.sources, args.article_text_dir)
    write_verdicts(document, args.out)


def _html(args: argparse.Namespace) -> None:
    from .report.render import render_html

    render_html(args.verdicts, args.templates, args.out, args.drift)


def _exports(args: argparse.Namespace) -> None:
    from .report.exports import write_exports

    write_exports(args.verdicts, args.csv, args.jsonld, args.base_url)


def _pdf(args: argparse.Namespace) -> None:
    from .report.render import render_pdf

    render_pdf(args.html, args.templates, args.out)


def _article(args: argparse.Namespace) -> None:
    """The four steps above in one process: Python starts, and imports its libraries, once."""
    from .checks.verdicts import build_verdicts, write_verdicts
    from .pinned.catalog import CATALOG_FILE
    from .report.exports import write_exports
    from .report.render import TEMPLATE, render_html, render_pdf

    for option, path, name in (
        ("--catalog", args.catalog, CATALOG_FILE),
        ("--template", args.template, TEMPLATE),
    ):
        if path.name != name:
            raise FactcheckError(f"{option} names {path}: the step reads {name} in that folder")
    document = build_verdicts(args.claims, args.catalog.parent, args.claims.parent)
    write_verdicts(document, args.verdicts)
    render_html(args.verdicts, args.template.parent, args.html, args.drift)
    write_exports(args.verdicts, args.csv, args.jsonld, args.base_url)
    render_pdf(args.html, args.template.parent, args.pdf)


def _pin_files(args: argparse.Namespace) -> None:
    from .live.pin import pin_files
    from .pinned.catalog import load_catalog

    catalog = load_catalog(args.sources)
    raws = dict(args.raw)
    pin_files(catalog, raws, retrieved=dict.fromkeys(raws, args.retrieved))


def _source_file(text: str) -> tuple[str, Path]:
    """A ``SOURCE_ID=PATH`` argument."""
    source_id, equals, path = text.partition("=")
    if not (source_id and equals and path):
        raise argparse.ArgumentTypeError(f"expected SOURCE_ID=PATH, found {text!r}")
    return source_id, Path(path)


def _fetch(args: argparse.Namespace) -> None:
    from .live.fetch import resolve_mirror
    from .live.refresh import FetchSettings, fetch_source
    from .pinned.catalog import load_catalog

    if not args.online:
        raise FactcheckError("fetching needs --config online=true")
    catalog = load_catalog(args.sources)
    source = catalog.source(args.source, context="--source")
    fetch_source(
        source,
        catalog.pins.get(source.id),
        args.out,
        args.record,
        args.cache,
        run=args.drift_run,
        settings=FetchSettings(
            mirror=resolve_mirror(args.mirror),
            timeout=args.timeout,
            deadline=args.deadline,
            retries=args.retries,
            max_bytes=args.max_bytes,
        ),
    )


def _stage_fetched(args: argparse.Namespace) -> None:
    from .live.fetched import stage_fetched

    stage_fetched(args.sources, args.records, args.out)


def _drift(args: argparse.Namespace) -> None:
    from .live.drift import compare, write_report

    report = compare(args.sources, args.fetched, args.claims, args.article_text_dir)
    write_report(report, args.json, args.markdown)


def _drift_check(args: argparse.Namespace) -> None:
    from .live.drift import failures
    from .live.drift_text import console_lines
    from .live.status import write_status
    from .schema import load_json

    report = load_json(args.drift)
    for line in console_lines(report, str(args.markdown)):
        print(line)
    reasons = failures(report, args.fail_on)
    write_status(report, reasons, args.status)
    if reasons:
        raise FactcheckError("; ".join(reasons), field="drift")


def _pin_fetched(args: argparse.Namespace) -> None:
    from .live.accept import pin_fetched

    changes = pin_fetched(
        args.sources,
        args.fetched,
        records=args.records,
        status=args.status,
        claims=args.claims,
        article_text_dir=args.article_text_dir,
        only=[item.strip() for item in args.only.split(",") if item.strip()],
        reviewed=args.reviewed == "true",
        out=sys.stdout,
    )
    for line in changes or ["nothing to pin: every selected source matches its pin"]:
        print(f"pin: {line}")


def _pin_documents(args: argparse.Namespace) -> None:
    from .live.document_pin import pin_documents
    from .live.fetch import resolve_mirror

    if not args.online:
        raise FactcheckError("pinning documents needs --config online=true")
    lines = pin_documents(args.sources, mirror=resolve_mirror(args.mirror))
    for line in lines or ["no document_quote claims: no documents to pin"]:
        print(f"pin-documents: {line}")


def _new_article(args: argparse.Namespace) -> None:
    from .articles.starter import ArticleInfo, new_article

    info = ArticleInfo(
        id=args.id,
        title=args.title,
        outlet=args.outlet,
        author=args.author,
        published=args.published,
        url=args.url,
    )
    draft = new_article(info, args.text, args.articles, args.sources)
    print(f"new-article: wrote {draft.text_path} (sha256 {draft.text_sha256[:12]}...)")
    print(
        f"new-article: wrote {draft.claims_path}: {draft.claims} claims, {draft.data_claims} "
        "proposed as data claims; a draft to finish by hand (see its comments)"
    )


def _raw_files(args: argparse.Namespace) -> tuple[list[RawFile], RawCache]:
    """The raw files needed (lock, then the manifest if given) and the cache holding them."""
    from .live.raw_cache import RawCache, cache_dir, needed_files
    from .pinned.catalog import load_catalog

    return needed_files(load_catalog(args.sources), args.manifest), RawCache(cache_dir(args.cache))


def _raw_fetch(args: argparse.Namespace) -> None:
    from .live.fetch import resolve_mirror
    from .live.raw_fetch import failure_summary, fetch_raw_files

    files, cache = _raw_files(args)
    missing = cache.missing(files)
    if missing and not args.online:
        raise FactcheckError(
            f"{len(missing)} raw files are not in the cache; downloading them needs "
            "--config online=true",
            path=cache.root,
        )
    fetched = fetch_raw_files(
        files,
        cache,
        mirror=resolve_mirror(args.mirror),
        timeout=args.timeout,
        retries=args.retries,
        max_bytes=args.max_bytes,
    )
    for raw in fetched.stored:
        print(f"raw: fetched {raw.name}, sha256 {raw.sha256[:12]}")
    for line in fetched.not_retrievable:
        print(line)
    held = len(files) - len(cache.missing(files))
    print(f"raw: {held} of {len(files)} raw files are in the cache ({cache.root})")
    for failure in fetched.failed:
        print(f"raw: failed: {failure.partition(': ')[0]}")
    if fetched.failed:
        raise FactcheckError(failure_summary(fetched.failed))


def _raw_import(args: argparse.Namespace) -> None:
    from .live.raw_cache import import_folder

    if not args.folder:
        raise FactcheckError("name the folder to import: --config raw_import_from=FOLDER")
    files, cache = _raw_files(args)
    imported = import_folder(Path(args.folder), files, cache)
    for line in imported.refused:
        print(f"raw-import: refused: {line}")
    print(
        f"raw-import: {len(imported.stored)} raw files newly cached from {args.folder}; "
        f"{imported.matched} files there hold needed raw files, {imported.ignored} ignored "
        "(they match nothing needed)"
    )
    for raw in imported.missing:
        print(f"raw-import: still missing: {raw.name}")
    held = len(files) - len(imported.missing)
    print(f"raw-import: {held} of {len(files)} raw files are in the cache ({cache.root})")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="factcheck", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True)

    article = commands.add_parser(
        "article", help="check an article's claims -> verdicts.json, its report and exports"
    )
    article.add_argument(
        "--claims", type=Path, required=True, help="the claims file; the article's text beside it"
    )
    article.add_argument(
        "--catalog",
        type=Path,
        default=Path("sources/catalog.yaml"),
        help="the sources' catalog; its folder holds the lock, extracts/ and documents/",
    )
    article.add_argument(
        "--template",
        type=Path,
        default=Path("templates/report.html.j2"),
        help="the report's template, report.html.j2; its folder holds the stylesheet",
    )
    article.add_argument(
        "--drift", type=Path, nargs="?", help="the status of the last drift check, if any"
    )
    article.add_argument(
        "--base-url", required=True, help="reports are at <base-url><article id>/report.html"
    )
    for product, written in (
        ("verdicts", "verdicts.json"),
        ("html", "report.html"),
        ("pdf", "report.pdf"),
        ("csv", "claims.csv"),
        ("jsonld", "claimreview.jsonld"),
    ):
        article.add_argument(f"--{product}", type=Path, required=True, help=f"{written} to write")
    article.set_defaults(run=_article)

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
    html.add_argument("--drift", type=Path, help="drift.json of the last drift check, if any")
    html.set_defaults(run=_html)

    exports = commands.add_parser("exports", help="verdicts.json -> claims.csv, claimreview.jsonld")
    exports.add_argument("--verdicts", type=Path, required=True)
    exports.add_argument("--csv", type=Path, required=True)
    exports.add_argument("--jsonld", type=Path, required=True)
    exports.add_argument(
        "--base-url", required=True, help="reports are at <base-url><article id>/report.html"
    )
    exports.set_defaults(run=_exports)

    pdf = commands.add_parser("pdf", help="report.html -> report.pdf")
    pdf.add_argument("--html", type=Path, required=True)
    pdf.add_argument("--templates", type=Path, default=Path("templates"))
    pdf.add_argument("--out", type=Path, required=True)
    pdf.set_defaults(run=_pdf)

    pin = commands.add_parser("pin-files", help="pin local copies of raw source files")
    pin.add_argument("--sources", type=Path, default=Path("sources"))
    pin.add_argument("--retrieved", default=date.today().isoformat())
    pin.add_argument("raw", nargs="+", metavar="SOURCE_ID=PATH", type=_source_file)
    pin.set_defaults(run=_pin_files)

    fetch = commands.add_parser("fetch", help="download one live source (needs --online)")
    fetch.add_argument("--source", required=True, help="the source's id in the catalog")
    fetch.add_argument("--sources", type=Path, default=Path("sources"))
    fetch.add_argument("--out", type=Path, required=True, help="the bytes of its identity")
    fetch.add_argument("--record", type=Path, required=True, help="its fetch record (JSON)")
    fetch.add_argument("--cache", type=Path, required=True, help="copies kept for 304s")
    fetch.add_argument("--online", action="store_true", help="allow network access")
    fetch.add_argument("--mirror", default="", help="mirror base URL; default $FACTCHECK_MIRROR")
    fetch.add_argument("--timeout", type=float, default=60, help="seconds to wait for data")
    fetch.add_argument("--deadline", type=float, default=300, help="seconds for a whole download")
    fetch.add_argument("--retries", type=int, default=4)
    fetch.add_argument("--max-bytes", type=int, default=200 * 2**20)
    fetch.add_argument("--run", dest="drift_run", required=True, help="the drift run it belongs to")
    fetch.set_defaults(run=_fetch)

    stage = commands.add_parser("stage-fetched", help="downloads -> a fetched sources/ folder")
    stage.add_argument("--sources", type=Path, default=Path("sources"))
    stage.add_argument(
        "--records", type=Path, nargs="*", default=[], help="fetch records (SOURCE_ID.json)"
    )
    stage.add_argument("--out", type=Path, required=True)
    stage.set_defaults(run=_stage_fetched)

    drift = commands.add_parser("drift", help="pinned vs fetched -> drift.json, drift.md")
    drift.add_argument("--sources", type=Path, default=Path("sources"))
    drift.add_argument("--fetched", type=Path, required=True)
    drift.add_argument("--claims", type=Path, nargs="+", required=True)
    drift.add_argument("--article-text-dir", type=Path, required=True)
    drift.add_argument("--json", type=Path, required=True)
    drift.add_argument("--markdown", type=Path, required=True)
    drift.set_defaults(run=_drift)

    check = commands.add_parser("drift-check", help="fail if drift.json shows drift that matters")
    check.add_argument("--drift", type=Path, required=True)
    check.add_argument("--markdown", type=Path, required=True)
    check.add_argument("--status", type=Path, required=True, help="the drift status to write")
    check.add_argument("--fail-on", choices=["verdict", "value"], default="verdict")
    check.set_defaults(run=_drift_check)

    pin_fetched = commands.add_parser("pin-fetched", help="accept the fetched state as pinned")
    pin_fetched.add_argument("--sources", type=Path, default=Path("sources"))
    pin_fetched.add_argument("--fetched", type=Path, required=True)
    pin_fetched.add_argument("--records", type=Path, required=True, help="the fetch records")
    pin_fetched.add_argument("--status", type=Path, required=True, help="the drift status")
    pin_fetched.add_argument("--claims", type=Path, nargs="+", required=True)
    pin_fetched.add_argument("--article-text-dir", type=Path, required=True)
    pin_fetched.add_argument("--only", default="", help="comma-separated source ids; all if empty")
    pin_fetched.add_argument(
        "--reviewed", choices=["true", "false"], default="false", help="pin despite refusals"
    )
    pin_fetched.set_defaults(run=_pin_fetched)

    docs = commands.add_parser(
        "pin-documents", help="pin the primary documents quoted by claims (needs --online)"
    )
    docs.add_argument("--sources", type=Path, default=Path("sources"))
    docs.add_argument("--online", action="store_true", help="allow network access")
    docs.add_argument("--mirror", default="", help="mirror base URL; default $FACTCHECK_MIRROR")
    docs.set_defaults(run=_pin_documents)

    new = commands.add_parser(
        "new-article", help="draft the claims file of a new article from its saved text"
    )
    new.add_argument("--id", required=True, help="the article's id: lowercase, digits, hyphens")
    new.add_argument("--text", required=True, help="the article's text, saved as UTF-8")
    new.add_argument("--url", required=True, help="where the article was published")
    new.add_argument("--outlet", required=True)
    new.add_argument("--author", required=True)
    new.add_argument("--title", required=True)
    new.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    new.add_argument(
        "--articles",
        type=Path,
        default=Path("sources/articles"),
        help="folder of the claims files, where the text and the draft are written",
    )
    new.add_argument("--sources", type=Path, default=Path("sources"))
    new.set_defaults(run=_new_article)

    raw_fetch = commands.add_parser(
        "raw-fetch", help="download the raw files missing from the raw-file cache (needs --online)"
    )
    raw_import = commands.add_parser(
        "raw-import", help="copy the raw files found in a folder into the raw-file cache"
    )
    for raw in (raw_fetch, raw_import):
        raw.add_argument("--sources", type=Path, default=Path("sources"))
        raw.add_argument(
            "--manifest", type=Path, help="further files to hold (tests/raw_files.yaml)"
        )
        raw.add_argument(
            "--cache", default="", help="the cache folder; default $FACTCHECK_RAW_CACHE"
        )
    raw_fetch.add_argument("--online", action="store_true", help="allow network access")
    raw_fetch.add_argument(
        "--mirror", default="", help="mirror base URL; default $FACTCHECK_MIRROR"
    )
    raw_fetch.add_argument("--timeout", type=float, default=60, help="seconds to wait for data")
    raw_fetch.add_argument("--retries", type=int, default=4)
    raw_fetch.add_argument("--max-bytes", type=int, default=200 * 2**20)
    raw_fetch.set_defaults(run=_raw_fetch)
    raw_import.add_argument("--folder", default="", help="a folder of raw files, in any layout")
    raw_import.set_defaults(run=_raw_import)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except FactcheckError as exc:
        print(one_line(str(exc)), file=sys.stderr)
        return 1
    except OSError as exc:  # a file that cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        print(one_line(f"{where}{exc.strerror or exc}"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

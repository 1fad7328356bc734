"""Build ``verdicts.json``: every claim of an article, checked against the pinned data.

The document's shape is ``workflow/schemas/verdicts.schema.yaml``; it is validated before it
is written, so every reader (the report, the exports, the drift check) can rely on it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from .. import atomic, schema
from ..articles.claims import load_claims, read_article_text, verify_quotes
from ..dates import known_by
from ..errors import FactcheckError
from ..pinned.catalog import Catalog, load_catalog
from ..pinned.index import DataIndex
from ..pipeline.dag import scopes_used
from ..pipeline.provenance import software
from . import module_for
from .common import CheckContext
from .rating import APPROXIMATE_TOLERANCE, HEDGES, SCALE
from .results import CheckResult

SCHEMA_VERSION = 2

ARTICLE_TEXT_PROVENANCE = ("file", "sha256", "url", "retrieved", "archive_url")
"""What verdicts.json says of the article text checked: which file, and where it came from."""


def _source_json(catalog: Catalog, source_id: str, published: str) -> dict[str, Any]:
    """A pinned source as the report cites it; ``available_at_publication`` says whether it
    was released by the article's date ``published`` (None: not known that precisely)."""
    source, pin = catalog.source(source_id), catalog.pin(source_id)
    return {
        "id": source.id,
        "publisher": source.publisher,
        "title": source.title,
        "description": source.description,
        "edition": source.edition,
        "edition_label": source.edition_label,
        "release": pin.release,
        "released": source.released,
        "available_at_publication": known_by(source.released, date.fromisoformat(published)),
        "url": source.url,
        "home": source.home,
        "terms": source.terms,
        "retrieved": pin.retrieved,
        "archived": source.archived,
        "sha256": pin.sha256,
        "bytes": pin.bytes,
        "extract": f"sources/extracts/{source.id}.csv",
        "extract_sha256": pin.extract_sha256,
    }


def _claim_json(claim: dict[str, Any], context: str, result: CheckResult) -> dict[str, Any]:
    check = claim["check"]
    return {
        "id": claim["id"],
        "quote": claim["quote"],
        "context": context,
        "title": claim.get("title", ""),
        "summary": claim.get("summary", ""),
        "kind": claim["kind"],
        "check": check["type"],
        "stated": check.get("stated") if isinstance(check.get("stated"), dict) else None,
        "caveats": claim.get("caveats", []),
        **result.to_json(),
    }


def _rule(kinds_used: list[str]) -> dict[str, Any]:
    return {
        "scale": [
            {
                "verdict": s.verdict.value,
                "rating": s.rating,
                "claim_review": s.claim_review,
                "meaning": s.meaning,
            }
            for s in SCALE
        ],
        "approximate_tolerance": float(APPROXIMATE_TOLERANCE),
        "hedges": [{"words": [w for w in h.words if w], "meaning": h.meaning} for h in HEDGES],
        "checks": {kind: module_for(kind).RULE for kind in kinds_used},
    }


def build_verdicts(
    claims_path: Path,
    sources_root: Path,
    article_text_dir: Path,
    *,
    failed: list[FactcheckError] | None = None,
) -> dict[str, Any]:
    """Check every claim of one article; return the verdicts document.

    A claim whose check fails raises, unless ``failed`` is given: the error is added to it
    and the claim left out (drift compares every other claim)."""
    claims = load_claims(claims_path)
    catalog = load_catalog(sources_root)
    body = read_article_text(claims, article_text_dir, claims_path)
    contexts = verify_quotes(claims, body, claims_path)
    groups = {**catalog.groups, **claims.get("groups", {})}
    try:
        index = DataIndex(catalog, scopes_used(claims, groups))
    except FactcheckError as exc:
        raise FactcheckError(exc.reason, path=exc.path or claims_path, field=exc.field) from None
    evidence = {item["id"]: item for item in claims.get("evidence", [])}
    context = CheckContext(
        index=index,
        evidence=evidence,
        article=claims["article"],
        documents=sources_root / "documents",
        groups=groups,
    )
    results = []
    for number, claim in enumerate(claims["claims"]):
        try:
            outcome = module_for(claim["check"]["type"]).run(claim, context)
        except FactcheckError as exc:
            where = f"claims[{number}] ({claim['id']})"
            if exc.path is not None:  # another file is at fault, e.g. an extract
                error = FactcheckError(
                    f"{exc.reason} (read for {where} of {claims_path})",
                    path=exc.path,
                    field=exc.field,
                )
            else:
                error = FactcheckError(exc.reason, path=claims_path, field=where)
            if failed is None:
                raise error from None
            failed.append(error)
            continue
        results.append(_claim_json(claim, contexts[claim["id"]], outcome))
    used = sorted({source_id for result in results for source_id in result["sources"]})
    cited = sorted({evidence_id for result in results for evidence_id in result["evidence"]})
    return {
        "schema_version": SCHEMA_VERSION,
        "article": {k: v for k, v in claims["article"].items() if k != "text"},
        "article_text": {
            k: v for k, v in claims["article"]["text"].items() if k in ARTICLE_TEXT_PROVENANCE
        },
        "review": claims["review"],
        "rule": _rule(sorted({claim["check"]["type"] for claim in claims["claims"]})),
        "out_of_scope": claims.get("out_of_scope", []),
        "claims": results,
        "sources": [
            _source_json(catalog, source_id, claims["article"]["published"]) for source_id in used
        ],
        "evidence": [evidence[evidence_id] for evidence_id in cited],
        "software": software(Path(claims_path).resolve().parent),
    }


def write_verdicts(document: dict[str, Any], out: Path) -> None:
    """Validate the verdicts document, then write it atomically as stable, readable JSON."""
    schema.validate(document, "verdicts", out)
    atomic.write_text(out, json.dumps(document, indent=2, ensure_ascii=False) + "\n")

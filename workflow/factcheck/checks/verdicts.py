"""Build ``verdicts.json``: every claim of an article, checked against the pinned data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import atomic
from ..articles.claims import load_claims, read_article_text, verify_quotes
from ..errors import FactcheckError
from ..pinned.catalog import Catalog, load_catalog
from ..pinned.index import DataIndex
from ..pipeline.dag import scopes_used
from ..pipeline.provenance import software
from . import module_for, run_check
from .common import CheckContext
from .rating import APPROXIMATE_TOLERANCE, SCALE


def _source_json(catalog: Catalog, source_id: str) -> dict[str, Any]:
    source, pin = catalog.source(source_id), catalog.pin(source_id)
    return {
        "id": source.id,
        "publisher": source.publisher,
        "title": source.title,
        "description": source.description,
        "edition": source.edition,
        "release": pin.release,
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


def _stated(stated: Any) -> dict[str, str] | None:
    """What the claim states, as {text, value} whatever the check kind writes."""
    if stated is None or isinstance(stated, dict):
        return stated
    return {"text": str(stated), "value": str(stated)}


def _values_of(key: str, node: Any) -> set[str]:
    """Every value of ``key`` anywhere in a nested result."""
    if isinstance(node, dict):
        found = {node[key]} if isinstance(node.get(key), str) else set()
        return found.union(*(_values_of(key, value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_values_of(key, item) for item in node))
    return set()


def _sources_used(result: dict[str, Any]) -> list[str]:
    return sorted(_values_of("source_id", result))


def _evidence_used(result: dict[str, Any]) -> list[str]:
    return sorted(_values_of("evidence_id", result))


def build_verdicts(claims_path: Path, sources_root: Path, article_text_dir: Path) -> dict[str, Any]:
    """Check every claim of one article; return the verdicts document."""
    claims = load_claims(claims_path)
    catalog = load_catalog(sources_root)
    body = read_article_text(claims, article_text_dir, claims_path)
    contexts = verify_quotes(claims, body, claims_path)
    try:
        index = DataIndex(catalog, scopes_used(claims))
    except FactcheckError as exc:
        raise FactcheckError(exc.reason, path=exc.path or claims_path, field=exc.field) from None
    evidence = {item["id"]: item for item in claims.get("evidence", [])}
    context = CheckContext(
        index=index,
        evidence=evidence,
        article=claims["article"],
        documents=sources_root / "documents",
    )
    results = []
    for number, claim in enumerate(claims["claims"]):
        try:
            outcome = run_check(claim, context)
        except FactcheckError as exc:
            where = f"claims[{number}] ({claim['id']})"
            if exc.path is not None:  # another file is at fault, e.g. an extract
                raise FactcheckError(
                    f"{exc.reason} (read for {where} of {claims_path})",
                    path=exc.path,
                    field=exc.field,
                ) from None
            raise FactcheckError(exc.reason, path=claims_path, field=where) from None
        results.append(
            {
                "id": claim["id"],
                "quote": claim["quote"],
                "context": contexts[claim["id"]],
                "title": claim.get("title", ""),
                "summary": claim.get("summary", ""),
                "kind": claim["kind"],
                "check": claim["check"]["type"],
                "stated": _stated(claim["check"].get("stated")),
                "caveats": claim.get("caveats", []),
                **outcome,
                "headline": outcome.get("headline") or outcome["reason"],
                "sources": _sources_used(outcome),
            }
        )
    used = sorted({source_id for result in results for source_id in result["sources"]})
    cited = sorted({evidence_id for result in results for evidence_id in _evidence_used(result)})
    check_types = sorted({claim["check"]["type"] for claim in claims["claims"]})
    return {
        "article": {k: v for k, v in claims["article"].items() if k != "text"},
        "article_text": {
            "file": claims["article"]["text"]["file"],
            "sha256": claims["article"]["text"]["sha256"],
        },
        "review": claims["review"],
        "rule": {
            "scale": [
                {
                    "verdict": s.verdict.value,
                    "rating": s.rating,
                    "colour": s.colour,
                    "meaning": s.meaning,
                }
                for s in SCALE
            ],
            "approximate_tolerance": float(APPROXIMATE_TOLERANCE),
            "approximate_tolerance_percent": f"{APPROXIMATE_TOLERANCE:.0%}",
            "checks": {kind: module_for(kind).RULE for kind in check_types},
        },
        "out_of_scope": claims.get("out_of_scope", []),
        "claims": results,
        "sources": [_source_json(catalog, source_id) for source_id in used],
        "evidence": [evidence[evidence_id] for evidence_id in cited],
        "software": software(Path(claims_path).resolve().parent),
    }


def write_verdicts(document: dict[str, Any], out: Path) -> None:
    """Write the verdicts document atomically, as stable, readable JSON."""
    atomic.write_text(out, json.dumps(document, indent=2, ensure_ascii=False) + "\n")

"""Source drift: how the fetched state differs from the pinned one.

1. sources: per live source what changed, whether pin may accept it and what to do
   (:mod:`.assess`); failed sources are rows like the others;
2. bytes: a live file changed (sha256 of its identity), vanished (404/410) or moved;
3. values: the figures the claims use, old -> new, and per extract the rows that appeared
   or disappeared and the count of other changed values;
4. claims: every checked claim's verdicts and headline, old -> new, even when the verdict
   holds; verdicts that could not be computed are errors, not changes.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import atomic
from ..checks.results import figures_used
from ..checks.verdicts import build_verdicts
from ..errors import FactcheckError
from ..pinned.catalog import CATALOG_FILE, Catalog, load_catalog
from ..pinned.figures import Figure, read_extract
from ..quantities import number
from .assess import VALUE_TOLERANCE, Figures, Key, assess, value_changed
from .drift_text import render_markdown
from .fetched import FetchedState, load_state
from .outcomes import FAILED, UNREADABLE, VANISHED_OUTCOME

FAIL_ON = ("verdict", "value")

Used = tuple[str, str, str, int | None]  # source id, measure, entity, year


def compare(
    pinned_root: Path, fetched_root: Path, claims: list[Path], article_text_dir: Path
) -> dict[str, Any]:
    """Compare the pinned and the fetched state; return the drift report (JSON-ready)."""
    pinned, fetched = load_catalog(pinned_root), load_catalog(fetched_root)
    state = load_state(fetched_root)
    roots = [pinned_root] if _same_data(pinned, fetched) else [pinned_root, fetched_root]
    claims_report, used = _claims(claims, roots, article_text_dir)
    figures = {k: _figures(pinned, fetched, k) for k in state.sources}
    sources = [
        assess(
            pinned.source(source_id),
            outcome,
            (pinned.pins.get(source_id), fetched.pins.get(source_id)),
            figures[source_id],
            {(m, e, y) for s, m, e, y in used if s == source_id},
        )
        for source_id, outcome in sorted(state.sources.items())
    ]
    extracts, used_values = _values(pinned, figures, used)
    bytes_ = _bytes(pinned, fetched, state)
    verdicts = [change for claim in claims_report["claims"] for change in claim["changes"]]
    count = Counter(entry["change"] for entry in bytes_)
    return {
        "checked": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "run": state.run,
        "pinned": str(pinned_root),
        "fetched": str(fetched_root),
        "tolerance": VALUE_TOLERANCE,
        "summary": {
            "sources_fetched": len(state.sources),
            "sources_changed": sum(s.changed for s in sources),
            "failed": sum(s.outcome in (FAILED, UNREADABLE) for s in sources),
            "refused": sum(bool(s.refusals) for s in sources),
            "bytes_changed": count["changed"],
            "vanished": count["vanished"],
            "moved": count["moved"],
            "unpinned": count["unpinned"],
            "used_values_changed": len(used_values),
            "values_changed": sum(e["changed"] for e in extracts),
            "rows_appeared": sum(e["appeared"]["rows"] for e in extracts),
            "rows_disappeared": sum(e["disappeared"]["rows"] for e in extracts),
            "verdicts_changed": len({(v["article"], v["claim"]) for v in verdicts}),
            "headlines_changed": sum(c["headline"]["changed"] for c in claims_report["claims"]),
            "verdict_errors": len(claims_report["errors"]),
        },
        "drift": {
            "bytes": bool(bytes_),
            "values": bool(used_values),
            "verdicts": bool(verdicts),
            "failed": any(s.outcome in (FAILED, UNREADABLE) for s in sources),
        },
        "pins": {k: p.sha256 if p else None for k, p in sorted(state.compared.items())},
        "sources": [s.to_json() for s in sources],
        "bytes": bytes_,
        "values": {"used": used_values, "extracts": extracts},
        "claims": claims_report["claims"],
        "verdicts": verdicts,
        "errors": claims_report["errors"],
    }


# --- bytes ------------------------------------------------------------------------------


def _bytes(pinned: Catalog, fetched: Catalog, state: FetchedState) -> list[dict[str, Any]]:
    found = []
    for source_id, outcome in sorted(state.sources.items()):
        entry: dict[str, Any] = {"source": source_id, "url": pinned.source(source_id).url}
        if outcome.outcome == VANISHED_OUTCOME:
            found.append({**entry, "change": "vanished", "status": outcome.status})
            continue
        if not outcome.has_file:
            continue
        old, new = pinned.pins.get(source_id), fetched.pin(source_id)
        identity = {"sha256": new.sha256, "bytes": new.bytes, "release": new.release}
        if old is None:
            found.append({**entry, "change": "unpinned", "old": None, "new": identity})
        elif old.sha256 != new.sha256:
            was = {"sha256": old.sha256, "bytes": old.bytes, "release": old.release}
            found.append({**entry, "change": "changed", "old": was, "new": identity})
        if new.final_url:
            found.append({**entry, "change": "moved", "final_url": new.final_url})
    return found


# --- values -----------------------------------------------------------------------------


def _by_key(catalog: Catalog, source_id: str) -> dict[Key, Figure]:
    path = catalog.extract_path(source_id)
    if source_id not in catalog.pins or not path.exists():
        return {}
    return {(f.measure, f.entity, f.year): f for f in read_extract(path)}


def _figures(pinned: Catalog, fetched: Catalog, source_id: str) -> Figures | None:
    """The pinned and the fetched figures of a source; None if its extracts are the same."""
    old_pin, new_pin = pinned.pins.get(source_id), fetched.pins.get(source_id)
    if old_pin and new_pin and old_pin.extract_sha256 == new_pin.extract_sha256:
        return None
    return _by_key(pinned, source_id), _by_key(fetched, source_id)


def _summary(keys: set[Key], before: set[Key]) -> dict[str, Any]:
    """Rows in ``keys``; the years and entities of which ``before`` had none."""
    years = sorted({k[2] for k in keys if k[2] is not None} - {k[2] for k in before})
    entities = sorted({k[1] for k in keys} - {k[1] for k in before})
    return {"rows": len(keys), "years": years, "entities": entities}


def _values(
    pinned: Catalog, figures: dict[str, Figures | None], used: set[Used]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    extracts, used_values = [], []
    for source_id, pair in sorted(figures.items()):
        if pair is None or not pair[0]:
            continue
        old, new = pair
        edition = pinned.source(source_id).edition
        changed = {k for k in old.keys() & new.keys() if value_changed(old[k].value, new[k].value)}
        appeared, disappeared = new.keys() - old.keys(), old.keys() - new.keys()
        mine = {(m, e, y) for s, m, e, y in used if s == source_id}
        for key in sorted(mine & (changed | appeared | disappeared), key=_order):
            before, after = old.get(key), new.get(key)
            used_values.append(
                {
                    "source": source_id,
                    "edition": edition,
                    "entity": key[1],
                    "measure": key[0],
                    "year": key[2],
                    "old": before.value if before else None,
                    "new": after.value if after else None,
                    "unit": next(f.unit for f in (after, before) if f is not None),
                    "change": "changed"
                    if key in changed
                    else "appeared"
                    if after
                    else "disappeared",
                }
            )
        extracts.append(
            {
                "source": source_id,
                "edition": edition,
                "rows": {"old": len(old), "new": len(new)},
                "appeared": _summary(appeared, set(old)),
                "disappeared": _summary(disappeared, set(new)),
                "changed": len(changed),
                "changed_other": len(changed - mine),
            }
        )
    return extracts, used_values


def _order(key: Key) -> tuple[str, str, int]:
    return key[0], key[1], key[2] or 0


# --- claims and verdicts ----------------------------------------------------------------


def _figures_used(document: dict[str, Any], found: set[Used]) -> None:
    """Every data figure a verdicts document's claims used."""
    for claim in document["claims"]:
        for ref in figures_used(claim):
            if ref["origin"] == "data":
                found.add((ref["source_id"], ref["measure"], ref["entity"], ref["year"]))


def _outcomes(claim: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """What a claim concluded: (verdict, value) by what it is the verdict of."""
    found = {"verdict": (claim["verdict"] or "", "")}
    if claim["at_publication"]:
        found["verdict at publication"] = (claim["at_publication"]["verdict"] or "", "")
    for reading in claim["readings"]:
        value = "" if reading["value"] is None else number(reading["value"])
        found[f"{reading['role']} reading: {reading['label']}"] = (reading["verdict"] or "", value)
    return found


def _same_data(pinned: Catalog, fetched: Catalog) -> bool:
    """Whether both states hold the same catalog and extracts, so the same verdicts."""
    states = (pinned, fetched)
    catalogs = [(c.root / CATALOG_FILE).read_bytes() for c in states]
    extracts = [
        {k: pin.extract_sha256 for k, pin in c.pins.items() if k in pinned.sources} for c in states
    ]
    return catalogs[0] == catalogs[1] and extracts[0] == extracts[1]


def _build(
    path: Path, root: Path, text_dir: Path, state: str, errors: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The verdicts of one article from one state, the claims that failed left out and
    listed in ``errors``; None if the article could not be checked at all."""
    failed: list[FactcheckError] = []
    try:
        document = build_verdicts(path, root, text_dir, failed=failed)
    except FactcheckError as exc:
        failed, document = [exc], None
    errors += [{"claims": str(path), "state": state, "error": str(exc)} for exc in failed]
    return document


def _claim_entry(article: str, old: dict[str, Any], new: dict[str, Any] | None) -> dict[str, Any]:
    """A checked claim, pinned -> fetched: its verdicts, its headline and what changed (a
    claim whose verdict could not be computed has no ``new`` and changes nothing)."""
    before, after = _outcomes(old), _outcomes(new) if new else {}
    changes = []
    for what in sorted(before.keys() | after.keys()) if new else []:
        (was, was_value), (now, now_value) = before.get(what, ("", "")), after.get(what, ("", ""))
        if was != now:
            changes.append(
                {
                    "article": article,
                    "claim": old["id"],
                    "what": what,
                    "old": was,
                    "new": now,
                    "old_value": was_value,
                    "new_value": now_value,
                }
            )
    # The claim's reason carries its headline figure ("9.55 rounds to 10").
    headline = new["reason"] if new else "not computed"
    return {
        "article": article,
        "claim": old["id"],
        "check": old["check"],
        "verdict": {"old": old["verdict"], "new": new["verdict"] if new else "not computed"},
        "headline": {
            "old": old["reason"],
            "new": headline,
            "changed": old["reason"] != headline,
        },
        "changes": changes,
    }


def _claims(
    claims: list[Path], roots: list[Path], text_dir: Path
) -> tuple[dict[str, Any], set[Used]]:
    """Every checked claim pinned -> fetched (the same data give the same verdicts), the
    verdicts that could not be computed, and every figure the verdicts cite."""
    entries: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    used: set[Used] = set()
    for path in sorted(claims):
        old = _build(path, roots[0], text_dir, "pinned", errors)
        if old is None:
            continue
        _figures_used(old, used)
        new = old if len(roots) == 1 else _build(path, roots[-1], text_dir, "fetched", errors)
        if new is not None:
            _figures_used(new, used)
        new_claims = {claim["id"]: claim for claim in new["claims"]} if new else {}
        entries += [
            _claim_entry(old["article"]["id"], claim, new_claims.get(claim["id"]))
            for claim in old["claims"]
            if claim.get("verdict")
        ]
    entries.sort(key=lambda c: (c["article"], c["claim"]))
    return {"claims": entries, "errors": errors}, used


# --- outcome ----------------------------------------------------------------------------


def failures(report: dict[str, Any], fail_on: str) -> list[str]:
    """Why the drift check fails, each naming the source or claim: verdict changes,
    verdicts that could not be computed, sources that failed, vanished or that pin would
    refuse, and (if asked) changed figures the claims use."""
    if fail_on not in FAIL_ON:
        raise FactcheckError(f"unknown drift_fail_on {fail_on!r}; use one of {FAIL_ON}")
    reasons = [
        f"{v['article']}: {v['claim']}: {v['what']} would change: {v['old']} -> {v['new']}"
        for v in report["verdicts"]
    ]
    reasons += [
        f"verdicts not computed ({e['state']} data): {e['error']}" for e in report["errors"]
    ]
    for source in report["sources"]:
        if source["outcome"] == VANISHED_OUTCOME:
            reasons.append(f"{source['source']}: {source['changes'][0]}: {source['action']}")
        elif source["refusals"]:
            reasons.append(f"{source['source']}: {source['refusals'][0]}")
    if fail_on == "value":
        reasons += [
            f"{v['source']}: {v['entity']} {v['measure']} {v['year']} changed: "
            f"{v['old']} -> {v['new']}"
            for v in report["values"]["used"]
        ]
    return reasons


def write_report(report: dict[str, Any], json_path: Path, markdown_path: Path) -> None:
    """Write the report as JSON and as Markdown, each atomically."""
    atomic.write_text(json_path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    atomic.write_text(markdown_path, render_markdown(report))

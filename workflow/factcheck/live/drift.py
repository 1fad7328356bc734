"""Source drift: how the fetched state differs from the pinned one, at three levels.

1. bytes: a live file changed (sha256), vanished (404/410) or moved (redirected);
2. values: the figures the claims use, old -> new, and per extract the rows that appeared
   or disappeared and the count of other changed values;
3. verdicts: the claims whose verdict (or any reading's verdict) would change.

A value counts as changed only if it moved by more than ``VALUE_TOLERANCE`` relative to
the pinned value: publishers re-round the last digits between releases (World Bank
5.53473354745886 -> 5.53473354963334), which is noise, while a real revision moves a figure
by far more (SIPRI Ukraine 2023: 64,753.19 -> 64,908.03, 2.4e-3).
"""

from __future__ import annotations

import json
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
from .fetched import load_records
from .refresh import is_vanished

VALUE_TOLERANCE = 1e-6
FAIL_ON = ("verdict", "value")

Key = tuple[str, str, int | None]  # measure, entity, year
Used = tuple[str, str, str, int | None]  # source id, measure, entity, year


def compare(
    pinned_root: Path, fetched_root: Path, claims: list[Path], article_text_dir: Path
) -> dict[str, Any]:
    """Compare the pinned and the fetched state; return the drift report (JSON-ready)."""
    pinned, fetched = load_catalog(pinned_root), load_catalog(fetched_root)
    roots = [pinned_root] if _same_data(pinned, fetched) else [pinned_root, fetched_root]
    verdicts, used = _verdicts(claims, roots, article_text_dir)
    extracts, used_values = _values(pinned, fetched, used)
    bytes_ = _bytes(pinned, fetched, fetched_root)
    vanished = [b["source"] for b in bytes_ if b["change"] == "vanished"]
    return {
        "checked": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "pinned": str(pinned_root),
        "fetched": str(fetched_root),
        "tolerance": VALUE_TOLERANCE,
        "summary": {
            "sources_fetched": len(load_records(fetched_root)),
            "bytes_changed": sum(b["change"] == "changed" for b in bytes_),
            "vanished": len(vanished),
            "moved": sum(b["change"] == "moved" for b in bytes_),
            "unpinned": sum(b["change"] == "unpinned" for b in bytes_),
            "used_values_changed": len(used_values),
            "values_changed": sum(e["changed"] for e in extracts),
            "rows_appeared": sum(e["appeared"]["rows"] for e in extracts),
            "rows_disappeared": sum(e["disappeared"]["rows"] for e in extracts),
            "verdicts_changed": len(verdicts),
        },
        "drift": {
            "bytes": bool(bytes_),
            "values": bool(used_values),
            "verdicts": bool(verdicts),
        },
        "bytes": bytes_,
        "values": {"used": used_values, "extracts": extracts},
        "verdicts": verdicts,
    }


# --- 1. bytes ---------------------------------------------------------------------------


def _bytes(pinned: Catalog, fetched: Catalog, fetched_root: Path) -> list[dict[str, Any]]:
    found = []
    for source_id, record in sorted(load_records(fetched_root).items()):
        url = pinned.source(source_id).url
        old, new = pinned.pins.get(source_id), fetched.pins.get(source_id)
        entry: dict[str, Any] = {"source": source_id, "url": url}
        if is_vanished(record):
            found.append({**entry, "change": "vanished", "status": record.status})
            continue
        assert new is not None
        state = {"sha256": new.sha256, "bytes": new.bytes, "release": new.release}
        if old is None:
            found.append({**entry, "change": "unpinned", "old": None, "new": state})
        elif old.sha256 != new.sha256:
            old_state = {"sha256": old.sha256, "bytes": old.bytes, "release": old.release}
            found.append({**entry, "change": "changed", "old": old_state, "new": state})
        if new.final_url:
            found.append({**entry, "change": "moved", "final_url": new.final_url})
    return found


# --- 2. values --------------------------------------------------------------------------


def _by_key(catalog: Catalog, source_id: str) -> dict[Key, Figure]:
    path = catalog.extract_path(source_id)
    if source_id not in catalog.pins or not path.exists():
        return {}
    return {(f.measure, f.entity, f.year): f for f in read_extract(path)}


def _changed(old: float, new: float) -> bool:
    return abs(new - old) > VALUE_TOLERANCE * max(abs(old), abs(new))


def _summary(keys: set[Key], before: set[Key]) -> dict[str, Any]:
    """Rows in ``keys``; the years and entities of which ``before`` had none."""
    years = sorted({k[2] for k in keys if k[2] is not None} - {k[2] for k in before})
    entities = sorted({k[1] for k in keys} - {k[1] for k in before})
    return {"rows": len(keys), "years": years, "entities": entities}


def _values(
    pinned: Catalog, fetched: Catalog, used: set[Used]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    extracts, used_values = [], []
    for source_id, source in sorted(pinned.sources.items()):
        old_pin, new_pin = pinned.pins.get(source_id), fetched.pins.get(source_id)
        if old_pin is None or new_pin is None or old_pin.extract_sha256 == new_pin.extract_sha256:
            continue
        old, new = _by_key(pinned, source_id), _by_key(fetched, source_id)
        changed = {k for k in old.keys() & new.keys() if _changed(old[k].value, new[k].value)}
        appeared, disappeared = new.keys() - old.keys(), old.keys() - new.keys()
        mine = {(m, e, y) for s, m, e, y in used if s == source_id}
        for key in sorted(mine & (changed | appeared | disappeared), key=_order):
            before, after = old.get(key), new.get(key)
            used_values.append(
                {
                    "source": source_id,
                    "edition": source.edition,
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
                "edition": source.edition,
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


# --- 3. verdicts ------------------------------------------------------------------------


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


def _verdicts(
    claims: list[Path], roots: list[Path], text_dir: Path
) -> tuple[list[dict[str, Any]], set[Used]]:
    """Verdict changes between the pinned root and the fetched one (if given: the same data
    give the same verdicts), and every figure the verdicts cite."""
    changes: list[dict[str, Any]] = []
    used: set[Used] = set()
    for path in sorted(claims):
        old = build_verdicts(path, roots[0], text_dir)
        _figures_used(old, used)
        article = old["article"]["id"]
        if len(roots) == 1:
            continue
        try:
            new = build_verdicts(path, roots[1], text_dir)
        except FactcheckError as exc:
            changes.append(
                {
                    "article": article,
                    "claim": None,
                    "what": "verdicts",
                    "old": "built",
                    "new": f"error: {exc}",
                    "old_value": "",
                    "new_value": "",
                }
            )
            continue
        _figures_used(new, used)
        new_claims = {c["id"]: c for c in new["claims"]}
        for claim in old["claims"]:
            before, after = _outcomes(claim), _outcomes(new_claims[claim["id"]])
            for what in before.keys() | after.keys():
                was, now = before.get(what, ("", "")), after.get(what, ("", ""))
                if was[0] != now[0]:
                    changes.append(
                        {
                            "article": article,
                            "claim": claim["id"],
                            "what": what,
                            "old": was[0],
                            "new": now[0],
                            "old_value": was[1],
                            "new_value": now[1],
                        }
                    )
    changes.sort(key=lambda c: (c["article"], c["claim"] or "", c["what"]))
    return changes, used


# --- outcome ----------------------------------------------------------------------------


def failures(report: dict[str, Any], fail_on: str) -> list[str]:
    """Why the drift check fails: verdict changes, vanished sources, used values if asked."""
    if fail_on not in FAIL_ON:
        raise FactcheckError(f"unknown drift_fail_on {fail_on!r}; use one of {FAIL_ON}")
    summary = report["summary"]
    reasons = []
    if summary["verdicts_changed"]:
        reasons.append(f"{summary['verdicts_changed']} verdict(s) would change")
    for entry in report["bytes"]:
        if entry["change"] == "vanished":
            reasons.append(
                f"{entry['url']} answered HTTP {entry['status']}: update the url of "
                f"{entry['source']} in sources/catalog.yaml, or mark it archived: true"
            )
    if fail_on == "value" and summary["used_values_changed"]:
        reasons.append(f"{summary['used_values_changed']} figure(s) the claims use changed")
    return reasons


def headline(report: dict[str, Any]) -> str:
    """One line saying what drifted."""
    s = report["summary"]
    if not any(report["drift"].values()):
        return f"no drift: the {s['sources_fetched']} live sources match the pinned state"
    return (
        f"{s['bytes_changed']} source file(s) changed, {s['vanished']} vanished, "
        f"{s['moved']} moved, {s['unpinned']} not pinned yet; "
        f"{s['used_values_changed']} figure(s) the claims use changed "
        f"({s['values_changed']} value(s) changed in all); "
        f"{s['verdicts_changed']} verdict(s) would change"
    )


# --- rendering --------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):  # about 8 significant digits, with thousands separators
        decimals = 0 if value.is_integer() else max(0, 8 - len(str(int(abs(value)))))
        text = f"{value:,.{decimals}f}"
        return text.rstrip("0").rstrip(".") if decimals else text
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _state(state: dict[str, Any] | None) -> str:
    if state is None:
        return "not pinned"
    return f"`{state['sha256'][:12]}` ({state['bytes']:,} bytes), {state['release']}"


def _span(summary: dict[str, Any]) -> str:
    text = str(summary["rows"])
    extra = [f"years {', '.join(map(str, summary['years']))}"] if summary["years"] else []
    if summary["entities"]:
        names = summary["entities"]
        extra.append(", ".join(names[:5]) + (f" and {len(names) - 5} more" if names[5:] else ""))
    return f"{text} ({'; '.join(extra)})" if extra else text


def render_markdown(report: dict[str, Any]) -> str:
    """The drift report as Markdown, fit for a GitHub job summary."""
    s = report["summary"]
    lines = [
        "# Source drift",
        "",
        f"Checked {report['checked']}: {s['sources_fetched']} live source(s) fetched and compared "
        f"with the pinned state in `{report['pinned']}/`.",
        "",
        f"**{headline(report)}.**",
        "",
        "## 1. Bytes",
        "",
    ]
    if report["bytes"]:
        rows = []
        for b in report["bytes"]:
            if b["change"] == "vanished":
                detail = [f"HTTP {b['status']}", b["url"]]
            elif b["change"] == "moved":
                detail = [b["url"], f"redirects to {b['final_url']}"]
            else:
                detail = [_state(b["old"]), _state(b["new"])]
            rows.append([b["source"], b["change"], *detail])
        lines += _table(["source", "change", "pinned", "fetched"], rows)
    else:
        lines += ["Every live source serves the pinned bytes.", ""]
    lines += ["## 2. Values", ""]
    tolerance = f"changes under {report['tolerance']:g} relative are rounding noise and ignored"
    if report["values"]["used"]:
        lines += [f"Figures the claims use ({tolerance}):", ""]
        lines += _table(
            ["source", "edition", "entity", "measure", "year", "pinned", "fetched", "change"],
            [
                [
                    v["source"],
                    v["edition"],
                    v["entity"],
                    v["measure"],
                    v["year"],
                    v["old"],
                    v["new"],
                    v["change"],
                ]
                for v in report["values"]["used"]
            ],
        )
    else:
        lines += [f"No figure the claims use changed ({tolerance}).", ""]
    if report["values"]["extracts"]:
        lines += ["All rows of each changed extract:", ""]
        lines += _table(
            [
                "source",
                "rows (pinned → fetched)",
                "appeared",
                "disappeared",
                "other values changed",
            ],
            [
                [
                    e["source"],
                    f"{e['rows']['old']} → {e['rows']['new']}",
                    _span(e["appeared"]),
                    _span(e["disappeared"]),
                    e["changed_other"],
                ]
                for e in report["values"]["extracts"]
            ],
        )
    lines += ["## 3. Verdicts", ""]
    if report["verdicts"]:
        lines += _table(
            ["article", "claim", "what", "pinned", "fetched"],
            [
                [
                    v["article"],
                    v["claim"],
                    v["what"],
                    f"{v['old']} {v['old_value']}".strip(),
                    f"{v['new']} {v['new_value']}".strip(),
                ]
                for v in report["verdicts"]
            ],
        )
    else:
        lines += ["No verdict would change.", ""]
    if any(report["drift"].values()):
        lines += [
            "To accept the fetched state: `snakemake -c1 pin`, review and commit `sources/`.",
            "",
        ]
    return "\n".join(lines)


def write_report(report: dict[str, Any], json_path: Path, markdown_path: Path) -> None:
    """Write the report as JSON and as Markdown, each atomically."""
    atomic.write_text(json_path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    atomic.write_text(markdown_path, render_markdown(report))

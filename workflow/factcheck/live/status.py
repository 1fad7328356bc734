"""The drift status: the outcome of the last drift check, left by the ``drift`` target.

No rule produces this file, so a build never schedules drift's jobs to make it: the report
rule reads it if present to state the last drift result, and ``pin`` checks that the drift
report of the fetched state it accepts was completed.

Besides what it compared and its counts over every source, the status keeps what each
source and article found (``DETAILS``), so that each article's report states its own files
and verdicts; a status written before those were kept has none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import atomic
from ..errors import FactcheckError
from .drift_text import headline
from .outcomes import FAILED, UNREADABLE

KEYS = ("run", "checked", "summary", "drift", "pins")
DETAILS = ("sources", "bytes", "verdicts", "used_values")


def write_status(report: dict[str, Any], reasons: list[str], path: Path) -> None:
    """Write the status of a drift check: what it compared, what it found, whether it passed."""
    status = {key: report[key] for key in KEYS}
    status |= {
        "sources": report["sources"],
        "bytes": report["bytes"],
        "verdicts": report["verdicts"],
        "used_values": report["values"]["used"],
    }
    status |= {"headline": headline(report), "passed": not reasons, "failures": reasons}
    atomic.write_text(path, json.dumps(status, indent=2, ensure_ascii=False) + "\n")


_TYPES = {"checked": str, "summary": dict, "drift": dict, "pins": dict}
_DETAIL_TYPES = dict.fromkeys(DETAILS, list)


def read_status(path: Path) -> dict[str, Any] | None:
    """The status of the last drift check, None if no drift check has completed."""
    try:
        status = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise FactcheckError(f"unreadable drift status: {exc}", path=path) from None
    if not isinstance(status, dict) or not all(key in status for key in KEYS):
        raise FactcheckError(f"not a drift status: expected the fields {KEYS}", path=path)
    wrong = [
        key
        for key, kind in (_TYPES | _DETAIL_TYPES).items()
        if key in status and not isinstance(status[key], kind)
    ]
    if wrong:
        raise FactcheckError(f"not a drift status: malformed {', '.join(wrong)}", path=path)
    return status


@dataclass(frozen=True)
class ArticleDrift:
    """What the last drift check found for one article: its files and its verdicts."""

    checked: str  # when the check ran (ISO 8601)
    sources: int  # the article's data files that are still served (not archived releases)
    archived: int  # the article's archived releases: never fetched, so never compared
    fetched: int  # of them, fetched by the check
    changed: int  # served with other bytes than pinned
    vanished: int  # no longer served (HTTP 404 or 410)
    failed: int  # could not be fetched or read
    values: int  # figures the article uses that changed
    verdicts: int  # claims of the article whose verdict would change
    repinned: bool  # one of its files was pinned again since the check
    detailed: bool  # False: the status predates per-article details (counts are all 0)


def article_drift(
    status: dict[str, Any], article_id: str, sources: list[dict[str, Any]]
) -> ArticleDrift:
    """The part of a drift status that concerns one article and its ``sources`` (the
    verdicts document's: ``id`` and ``sha256``)."""
    ids = {source["id"] for source in sources if not source.get("archived")}
    pins = status["pins"]
    rows = [row for row in status.get("sources", []) if row.get("source") in ids]
    outcomes = [row.get("outcome") for row in rows]
    files = [entry.get("change") for entry in status.get("bytes", []) if entry.get("source") in ids]
    return ArticleDrift(
        checked=status["checked"],
        sources=len(ids),
        archived=len(sources) - len(ids),
        fetched=len(rows),
        changed=files.count("changed"),
        vanished=files.count("vanished"),
        failed=sum(outcome in (FAILED, UNREADABLE) for outcome in outcomes),
        values=sum(v.get("source") in ids for v in status.get("used_values", [])),
        verdicts=len(
            {v.get("claim") for v in status.get("verdicts", []) if v.get("article") == article_id}
        ),
        repinned=any(s["id"] in pins and pins[s["id"]] != s["sha256"] for s in sources),
        detailed=all(key in status for key in DETAILS),
    )

"""The pin target: accept the last fetched state (or some of its sources) as the pinned one.

Before writing anything, pin checks that the fetched state is the one the last drift report
showed and still applies, and assesses exactly what the pinned state would become: it
refuses, one line per reason, a state left by an earlier drift run, by a drift run that did
not complete or older than the lock's entries; an older release; a figure a claim uses
that is missing, zero or unreadable; a verdict that cannot be computed. A person who has
reviewed the diff can pin anyway (``reviewed``). Only ``sources/sources.lock.json`` and
``sources/extracts/`` change, all at once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TextIO

from ..errors import FactcheckError
from ..pinned.catalog import CATALOG_FILE, Catalog, Pin, load_catalog
from ..words import counted
from .drift import compare
from .fetched import FetchedState, load_state, stage_selection
from .outcomes import FAILED, UNREADABLE, VANISHED_OUTCOME
from .pin import write_state
from .refresh import read_fetched
from .status import read_status

IDENTITY = ("url", "final_url", "sha256", "bytes", "release", "extract_sha256")
AGAIN = "run `snakemake -c1 drift --config online=true` again"


def _stale(
    pinned: Catalog, state: FetchedState, records: Path, status: Path, selected: list[str]
) -> list[str]:
    """Why the fetched state is not the one the last drift report showed, or no longer
    applies to the lock."""
    reasons = []
    behind = [
        source_id
        for source_id in sorted(state.sources)
        if not (path := records / f"{source_id}.json").exists()
        or read_fetched(path).run != state.run
    ]
    if behind:
        reasons.append(
            f"the fetched state is of drift run {state.run}, but a later drift attempt did not "
            f"complete (the fetch records of {', '.join(behind)} are missing or of another "
            f"run): {AGAIN}"
        )
    last = read_status(status)
    if last is None or last.get("run") != state.run:
        reasons.append(
            f"no drift report was completed for the fetched state (run {state.run}): {AGAIN}"
        )
    for source_id in selected:
        if pinned.pins.get(source_id) != state.compared.get(source_id):
            reasons.append(
                f"{source_id}: the lock's entry changed since the fetched state was compared "
                f"with it (pinned again since?); pinning it would roll that pin back: {AGAIN}"
            )
    return reasons


def _selection(state: FetchedState, only: list[str]) -> list[str]:
    unknown = sorted(set(only) - set(state.sources))
    if unknown:
        raise FactcheckError(
            f"not live sources of the fetched state: {unknown}; known: {sorted(state.sources)}",
            field="pin_sources",
        )
    return sorted(set(only)) if only else sorted(state.sources)


def pin_fetched(
    root: Path,
    fetched: Path,
    *,
    records: Path,
    status: Path,
    claims: list[Path],
    article_text_dir: Path,
    only: list[str] | None = None,
    reviewed: bool = False,
    out: TextIO,
) -> list[str]:
    """Make the fetched state of the selected live sources (all if ``only`` is empty) the
    pinned one; return what changed. Refusals are printed to ``out``, one line each."""
    state = load_state(fetched)
    if (root / CATALOG_FILE).read_bytes() != (fetched / CATALOG_FILE).read_bytes():
        raise FactcheckError(
            f"changed since the last fetch: {AGAIN} before pinning", path=root / CATALOG_FILE
        )
    pinned = load_catalog(root)
    selected = _selection(state, only or [])
    refusals = _stale(pinned, state, records, status, selected)
    with tempfile.TemporaryDirectory(prefix="factcheck-pin-") as folder:
        would_be = Path(folder) / "sources"
        stage_selection(pinned, state, selected, would_be)
        report = compare(root, would_be, claims, article_text_dir)
        refusals += [
            f"{source['source']}: {refusal}"
            for source in report["sources"]
            for refusal in source["refusals"]
        ]
        refusals += [f"a verdict could not be computed: {e['error']}" for e in report["errors"]]
        for reason in refusals:
            print(f"pin: {'accepted after review' if reviewed else 'refused'}: {reason}", file=out)
        if refusals and not reviewed:
            raise FactcheckError(
                f"pin refused ({counted(len(refusals), 'reason')} above); nothing was written. "
                "Review output/drift.md; to pin anyway once reviewed: "
                "snakemake -c1 pin --config pin_reviewed=true",
                path=pinned.lock_path,
            )
        return _write(pinned, load_catalog(would_be), state, selected)


def _write(pinned: Catalog, new: Catalog, state: FetchedState, selected: list[str]) -> list[str]:
    """Write the selected sources' new extracts and lock entries; return what changed."""
    files: dict[Path, str] = {}
    pins = dict(pinned.pins)
    changes: list[str] = []
    for source_id in selected:
        outcome = state.sources[source_id]
        if outcome.outcome in (VANISHED_OUTCOME, FAILED, UNREADABLE):
            changes.append(f"{source_id}: kept the pin: {outcome.outcome}: {outcome.error}")
            continue
        old, pin = pinned.pins.get(source_id), new.pin(source_id)
        if old is not None and all(getattr(old, k) == getattr(pin, k) for k in IDENTITY):
            continue
        files[pinned.extract_path(source_id)] = new.extract_path(source_id).read_text(
            encoding="utf-8"
        )
        pins[source_id] = pin
        changes.append(_describe_change(source_id, old, pin))
    if files:
        write_state(files, pinned.lock_path, pins)
    return changes


def _describe_change(source_id: str, old: Pin | None, new: Pin) -> str:
    if old is None:
        return f"{source_id}: pinned for the first time: {new.release}, sha256 {new.sha256[:12]}"
    parts = [f"sha256 {old.sha256[:12]} -> {new.sha256[:12]}"] if old.sha256 != new.sha256 else []
    if old.release != new.release:
        parts.append(f"release {old.release!r} -> {new.release!r}")
    if old.extract_sha256 != new.extract_sha256:
        parts.append("extract updated")
    if old.final_url != new.final_url:
        parts.append(f"final URL {new.final_url or new.url}")
    return f"{source_id}: " + ", ".join(parts)

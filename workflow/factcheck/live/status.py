"""The drift status: the outcome of the last drift check, left by the ``drift`` target.

No rule produces this file, so a build never schedules drift's jobs to make it: the report
rule reads it if present to state the last drift result, and ``pin`` checks that the drift
report of the fetched state it accepts was completed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import atomic
from ..errors import FactcheckError
from .drift_text import headline

KEYS = ("run", "checked", "summary", "drift", "pins")


def write_status(report: dict[str, Any], reasons: list[str], path: Path) -> None:
    """Write the status of a drift check: what it compared, what it found, whether it passed."""
    status = {key: report[key] for key in KEYS}
    status |= {"headline": headline(report), "passed": not reasons, "failures": reasons}
    atomic.write_text(path, json.dumps(status, indent=2, ensure_ascii=False) + "\n")


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
    return status

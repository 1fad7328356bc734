"""Dates written as precisely as they are known: "2022", "2022-05" or "2022-05-12"."""

from __future__ import annotations

from datetime import date, timedelta


def first_day(written: str) -> date:
    """The first day a date written as "2022", "2022-05" or "2022-05-12" can mean."""
    parts = [int(part) for part in written[:10].split("-")]
    return date(parts[0], *(parts[1:] or [1]), *([1] if len(parts) < 3 else []))


def last_day(written: str) -> date:
    """The last day a date written as "2022", "2022-05" or "2022-05-12" can mean."""
    if len(written) == 4:
        return date(int(written), 12, 31)
    if len(written) == 7:
        year, month = map(int, written.split("-"))
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date.fromisoformat(written[:10])


def known_by(released: str | None, day: date) -> bool | None:
    """Whether something released on ``released`` was out by ``day``: None where the
    release date is not known that precisely (or not at all)."""
    if not released:
        return None
    if last_day(released) <= day:
        return True
    if first_day(released) > day:
        return False
    return None


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(written: str) -> str:
    """A date as an editor writes it: "2022-03-15" -> "15 March 2022", "2025-04" -> "April
    2025", "2022" as is."""
    parts = str(written).split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"

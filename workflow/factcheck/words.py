"""Words as the report writes them, wherever they are composed."""

from __future__ import annotations


def mid_sentence(label: str) -> str:
    """A measure's label inside a sentence: "Military expenditure (current US$)" ->
    "military expenditure (current US$)"; a label opening with an acronym ("GDP, current
    US$") keeps its capitals."""
    first = label.split(" ", 1)[0]
    if not first or any(char.isupper() for char in first[1:]):
        return label
    return first[0].lower() + label[1:]


NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count(n: int, noun: str, plural: str = "") -> str:
    """ "one claim", "three claims", "12 claims": a count in words, for the report."""
    word = NUMBERS[n] if n < len(NUMBERS) else f"{n:,}"
    return f"{word} {noun if n == 1 else plural or noun + 's'}"


def counted(n: int, noun: str, plural: str = "") -> str:
    """ "1 source", "2 sources", "1,204 values": a count in digits, for logs and CI summaries."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def listed(items: list[str], conjunction: str = "and") -> str:
    """Items in a sentence: "a", "a and b", "a, b and c" ("" for none)."""
    if len(items) < 3:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]

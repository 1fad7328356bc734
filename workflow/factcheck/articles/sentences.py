"""An article's sentences, and what the wording of each suggests about checking it.

A sentence holding a figure, a ratio or fraction, a percentage, money, a superlative or a
date is a candidate data claim; any other is proposed one of the categories of statements
not checked (opinion, prediction, counterfactual, characterisation, needs reporting). Both
are proposals from the words alone, for a person to confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pinned.vocabulary import MONEY, PERCENTAGE
from .claims import SENTENCE_END

# Sentence ends that claims.SENTENCE_END leaves inside a sentence: after a closing bracket or
# quote mark ("... or Cuba.) It may"), and before an opening bracket ("smaller. (For a").
_MORE_ENDS = re.compile(
    r"(?<=[.!?][)\]”’\"])\s+(?=[A-Z“\"‘(\[])|(?<![A-Z]\.[A-Z]\.)(?<=[.!?])\s+(?=[(\[])"
)
MIN_QUOTE_CHARS = 3  # the claims schema's shortest quote

_SCALES = r"hundred|thousand|million|billion|trillion|bn|m"
_NUMBER = rf"\d(?:[\d,.]*\d)?(?:\s?(?:{_SCALES})\b)?"  # 600,000 / 22.5 million / 4.7bn
_NUMBER_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen"
)
_FRACTIONS = r"half|third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth|hundredth"
_MONTHS = r"January|February|March|April|June|July|August|September|October|November|December"
_SUPERLATIVES = (
    r"largest|biggest|smallest|highest|lowest|greatest|fewest|richest|poorest|strongest|"
    r"weakest|longest|shortest|fastest|slowest|deadliest|densest|heaviest|oldest|youngest"
)
_CURRENCY_WORDS = r"dollars?|euros?|rupees?|roubles?|rubles?|yuan|hryvnias?|USD|EUR|GBP|INR|RUB"

# What makes a sentence a candidate data claim, in the order the draft names them.
DATA_CUES: dict[str, re.Pattern[str]] = {
    "ratio": re.compile(
        rf"\d+\s*/\s*\d+|(?:\d[\d,.]*|\b(?:{_NUMBER_WORDS}))\s*-?\s*(?:times|fold)\b|"
        rf"\b(?:one|a|two|three|four)[-\s](?:{_FRACTIONS})s?\b|\b(?:twice|thrice|half)\b|"
        r"\bper\b(?!\s?cent)|\bratio\b",
        re.IGNORECASE,
    ),
    PERCENTAGE: re.compile(rf"(?:{_NUMBER}\s?)?(?:%|\bper ?cent\b)|\bpercentage\b", re.I),
    MONEY: re.compile(
        rf"(?:US)?[$€£¥₹]\s?(?:{_NUMBER})?|(?:{_NUMBER}\s)?\b(?:{_CURRENCY_WORDS})\b", re.I
    ),
    "superlative": re.compile(
        rf"\b(?:\w+-)?(?:{_SUPERLATIVES})\b|\bthe (?:most|least)\b|\branked\b|\branks?\b",
        re.IGNORECASE,
    ),
    "date": re.compile(
        rf"\b(?:1[6-9]\d\d|20\d\d)(?:s\b|[-\u2013]\d\d(?:\d\d)?\b|\b)|"
        rf"\b(?:\d{{1,2}} )?(?:{_MONTHS})(?: \d{{1,2}}\b)?|\bMay \d{{1,2}}\b|\b\d{{1,2}} May\b"
    ),
    "figure": re.compile(rf"{_NUMBER}|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE),
    "poll": re.compile(
        r"\b(?:polls?|polled|surveys?|surveyed|respondents|sociological|pollsters?)\b",
        re.IGNORECASE,
    ),
}

_HOLD_FIGURES = {"ratio", PERCENTAGE, MONEY}

# The kinds of check (README, "The kinds of check") each cue suggests: a figure, a sum of
# money or a percentage is recomputed from pinned data with a quantity check; a poll's
# figures are published figures, tested as such.
CHECK_KINDS = {
    "ratio": "ratio",
    PERCENTAGE: "quantity",
    "superlative": "ranking",
    "date": "date",
    MONEY: "quantity",
    "figure": "quantity",
    "poll": "published_figures",
}
POLL_FIGURES = {PERCENTAGE, "figure"}  # in a sentence about a poll: the poll's figures

# How a quantity check would recompute each kind of figure (README, "A quantity check"):
# one expression, its names to be replaced by the entities the claim is about.
QUANTITY_EXAMPLES = {
    PERCENTAGE: (
        "value: {share: [{figure: A}, {figure: B}]}",
        "the first as a percentage of the second",
    ),
    MONEY: ("value: {figure: A}", "the entity's figure in a measure in US$"),
    "figure": (
        "value: {figure: A}",
        "the entity's figure; sums, peaks and changes are written alike",
    ),
}

# Statements not checked: the category each kind of wording suggests, first match wins, and
# how to say why (None: quote the words found).
CATEGORY_CUES: list[tuple[str, re.Pattern[str], str | None]] = [
    ("opinion", re.compile(r"\?\W*$"), "a question, which asserts nothing"),
    (
        "counterfactual",
        re.compile(
            r"\b(?:would|could|might)(?: not)?(?: have|'ve)\b|\bif\b[^.]*\b(?:had|were)\b",
            re.IGNORECASE,
        ),
        None,
    ),
    (
        "prediction",
        re.compile(
            r"\b(?:will|won[’']t|shall|going to|likely to|expected to|forecasts?|projected)\b",
            re.IGNORECASE,
        ),
        None,
    ),
    (
        "opinion",
        re.compile(
            r"\b(?:I|my|My|we|We|our|Our)\b|\b(?:should|must|ought|good idea|argues?|"
            r"believes?|in my view|clearly|obviously|of course|wise|mistake)\b",
        ),
        None,
    ),
    (
        "characterisation",
        re.compile(
            r"\b(?:big|small|large|huge|tiny|vast|massive|dwarf|giant|strong|weak|powerful|"
            r"surprising(?:ly)?|unprecedented|incredible|remarkable|irony|restive|"
            r"significant(?:ly)?|heavy|heavily|protracted|devastating|dramatic(?:ally)?|"
            r"rapid(?:ly)?|slow(?:ly)?|severe|intense|useless|wasted)\b",
            re.IGNORECASE,
        ),
        None,
    ),
]
DEFAULT_CATEGORY = "needs reporting"


@dataclass(frozen=True)
class Cue:
    """A reason to read a sentence a certain way: its kind, and the words that gave it."""

    kind: str
    words: str  # the words found, quoted, or what was found


def sentences_of(paragraph: str) -> list[str]:
    """The sentences of one paragraph, each verbatim as the paragraph writes it.

    Pieces without a letter or a digit (a lone "...") are left out.
    """
    return [
        sentence
        for piece in SENTENCE_END.split(paragraph.strip())
        for sentence in _MORE_ENDS.split(piece)
        if len(sentence) >= MIN_QUOTE_CHARS and re.search(r"[^\W_]", sentence)
    ]


def data_cues(sentence: str) -> list[Cue]:
    """What in the sentence marks a data claim: one cue per kind found, in DATA_CUES order.

    Digits of a date count for the date alone ("in 2014" is a date, not a figure), and a
    figure already part of a ratio, percentage or sum of money is not named again.
    """
    cues: list[Cue] = []
    rest = sentence
    for kind, pattern in DATA_CUES.items():
        match = pattern.search(rest)
        if match and not (kind == "figure" and any(c.kind in _HOLD_FIGURES for c in cues)):
            cues.append(Cue(kind, f"“{match.group().strip()}”"))
        if kind == "date":
            rest = pattern.sub(" ", rest)
    return cues if any(cue.kind != "poll" for cue in cues) else []


def suggested_checks(cues: list[Cue]) -> list[str]:
    """The kinds of check the cues suggest, in order; a date beside a figure is the figure's
    date, not an event's to check, and the figures of a poll are published figures."""
    dated_figure = len(cues) > 1
    poll = any(cue.kind == "poll" for cue in cues)
    kinds = [
        "published_figures" if poll and cue.kind in POLL_FIGURES else CHECK_KINDS[cue.kind]
        for cue in cues
        if not (cue.kind == "date" and dated_figure)
    ]
    return list(dict.fromkeys(kinds))


def quantity_example(cues: list[Cue], entities: list[str]) -> str:
    """How a quantity check could recompute the first figure the cues found, as a line for
    the draft: "value: {figure: Ukraine} (the entity's figure ...)", with the entities the
    sentence names; "" if no quantity check is suggested."""
    if "quantity" not in suggested_checks(cues):
        return ""
    kind = next(cue.kind for cue in cues if cue.kind in QUANTITY_EXAMPLES)
    expression, meaning = QUANTITY_EXAMPLES[kind]
    for placeholder, name in zip(("A", "B"), entities, strict=False):
        expression = expression.replace(f"{{figure: {placeholder}}}", f"{{figure: {name}}}")
    return f"{expression} ({meaning})"


def proposed_category(sentence: str) -> Cue:
    """The category proposed for a statement not checked, and why."""
    for category, pattern, why in CATEGORY_CUES:
        match = pattern.search(sentence)
        if match:
            return Cue(category, why or f"“{match.group().strip()}”")
    return Cue(DEFAULT_CATEGORY, "no data, opinion or prediction words")

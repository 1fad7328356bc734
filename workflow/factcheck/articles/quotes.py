"""Text primitives for quote checks: normalise, find a quote in a document, diff two texts.

A document is a list of page texts (see :mod:`factcheck.live.documents`). Matching is done on
normalised text (:func:`normalize`); passages shown to a reader come from the original text.
"""

from __future__ import annotations

import bisect
import functools
import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..errors import FactcheckError

CONTEXT_CHARS = 80

# Typographic quotes and dashes -> ASCII; zero-width characters -> removed.
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"  # incl. prime
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"  # incl. double prime, guillemets
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_ZERO_WIDTH),
    }
)
# A hyphen (or soft hyphen) ending a line between two letters: "parae-\nlyze" -> "paraelyze".
LINE_BREAK_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad][^\S\n]*\n\s*(?=[^\W\d_])")
# Quote marks and punctuation at the edges of a word or passage: not part of the words.
EDGE_PUNCTUATION = string.punctuation + "\u2018\u2019\u201c\u201d\u00ab\u00bb"
_WORD = re.compile(r"\S+")
_SAFE_CUT = re.compile(r"(?<=[^\W_])\s")  # whitespace after a letter or digit
_CHUNK = 4096


@functools.lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Return ``text`` in the form quotes are matched in (remembered: every quote of an
    article is looked for in the same texts).

    NFKC; typographic quotes and dashes to ASCII; soft hyphens and zero-width characters
    removed; words hyphenated across a line break joined; whitespace collapsed; casefolded.
    """
    # Translate before NFKC too, which would otherwise turn ″ into two primes.
    text = unicodedata.normalize("NFKC", text.translate(_TYPOGRAPHY)).translate(_TYPOGRAPHY)
    text = LINE_BREAK_HYPHEN.sub("", text).replace("\u00ad", "")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found in a document.

    ``start``/``end`` are offsets in ``normalize(text)``, where ``text`` is the original
    text of ``page`` or, for a match that runs over a page break, the text of that page and
    the following ones joined by newlines. ``page`` is 1-based and ``None`` for a document
    of one page. Not found: ``page`` is ``None``, ``start``/``end`` are -1, ``context`` "".
    """

    found: bool
    exact: bool  # the matched passage of the original text is the (stripped) quote verbatim
    page: int | None
    start: int
    end: int
    context: str  # the passage with ~CONTEXT_CHARS of original text either side


_NOT_FOUND = QuoteMatch(found=False, exact=False, page=None, start=-1, end=-1, context="")


def find_quote(quote: str, pages: list[str]) -> QuoteMatch:
    """Find the first occurrence, in page order, of ``quote`` in ``pages`` after normalising.

    A quote that starts on one page and continues on the next (blank pages between are
    skipped) is found and reported on the page it starts on. Within the text where it is
    found, a verbatim occurrence is preferred to a merely normalised one.
    """
    needle = _needle(quote)
    norms = [normalize(page) for page in pages]
    for k, norm in enumerate(norms):
        if needle in norm:
            return _match(quote, needle, pages[k], norm, len(norm), k, len(pages))
        following = next((j for j in range(k + 1, len(pages)) if norms[j]), None)
        if norm and following is not None:
            text = "\n".join(pages[k : following + 1])
            joined = normalize(text)
            # Where the next page's text begins in ``joined``; a match must start before it.
            boundary = len(joined) - len(norms[following])
            if -1 < joined.find(needle, max(0, boundary - len(needle))) < boundary:
                return _match(quote, needle, text, joined, boundary, k, len(pages))
    return _NOT_FOUND


def closest(quote: str, pages: list[str]) -> tuple[float, str]:
    """Return the passage of ``pages`` most like ``quote`` and its similarity (0 to 1).

    Windows of as many words as the quote slide over the normalised words of the document
    (across page breaks); similarity is :class:`difflib.SequenceMatcher`'s ratio on word
    lists, ignoring punctuation at the ends of words. Windows are tried in order of an
    upper bound on that ratio (their multiset overlap with the quote) until no remaining
    window can win, so the result is the true best at a fraction of the cost. The passage
    is original text.
    """
    target = [key for word in _needle(quote).split() if (key := word.strip(string.punctuation))]
    words: list[str] = []
    where: list[tuple[int, int, int]] = []  # page index, start, end in the normalised page
    for k, page in enumerate(pages):
        for word in _WORD.finditer(normalize(page)):
            if key := word.group().strip(string.punctuation):
                words.append(key)
                where.append((k, word.start(), word.end()))
    if not words or not target:
        return 0.0, ""
    size = min(len(target), len(words))
    wanted, held, overlap = Counter(target), Counter[str](), 0
    bounds: list[tuple[int, int]] = []  # (overlap, first word) per window
    for i, word in enumerate(words):
        if word in wanted:
            overlap += held[word] < wanted[word]
            held[word] += 1
        if i >= size and words[i - size] in wanted:
            gone = words[i - size]
            held[gone] -= 1
            overlap -= held[gone] < wanted[gone]
        if i >= size - 1:
            bounds.append((overlap, i - size + 1))
    bounds.sort(key=lambda bound: (-bound[0], bound[1]))
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    best, first = 0.0, 0
    for common, start in bounds:
        if 2 * common / (size + len(target)) <= best:
            break
        matcher.set_seq1(words[start : start + size])
        if (ratio := matcher.ratio()) > best:
            best, first = ratio, start
    if best == 0:
        return 0.0, ""
    (k1, n_start, _), (k2, _, n_end) = where[first], where[first + size - 1]
    text = "\n".join(pages[k1 : k2 + 1])
    n_end = len(normalize(text)) - (len(normalize(pages[k2])) - n_end)
    o_start, o_end = _original_span(text, n_start, n_end)
    return best, " ".join(text[o_start:o_end].split())


@dataclass(frozen=True)
class WordDiff:
    """One run of a word diff between a claimed text and a reference text.

    ``op`` says how the claimed words relate to the reference words (difflib's convention,
    claimed -> reference): "equal" same words; "delete" words in the claimed text that the
    reference lacks (``reference`` is ""); "insert" reference words the claimed text
    lacks (``claimed`` is ""); "replace" claimed words standing where the reference has
    others. Words are kept as written in each text.
    """

    op: str
    claimed: str
    reference: str


def word_diff(claimed: str, reference: str) -> list[WordDiff]:
    """Diff ``claimed`` against ``reference`` word by word.

    Words are compared after :func:`normalize` (quote marks, dashes, case ...) and without
    punctuation at their edges, so ``“Russia,”`` equals ``"russia"``.
    """
    claimed_words, reference_words = claimed.split(), reference.split()
    matcher = SequenceMatcher(
        None,
        [_word_key(word) for word in claimed_words],
        [_word_key(word) for word in reference_words],
        autojunk=False,
    )
    return [
        WordDiff(op, " ".join(claimed_words[i1:i2]), " ".join(reference_words[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def _word_key(word: str) -> str:
    normal = normalize(word)
    return normal.strip(EDGE_PUNCTUATION) or normal


def describe_diff(diffs: list[WordDiff]) -> str:
    """What a claimed text changes in a reference text, in words: "adds “and fully”",
    "leaves out “so”", "has “built” where the text has “created”"."""
    changes = []
    for diff in diffs:
        if diff.op == "delete":
            changes.append(f"adds “{diff.claimed}”")
        elif diff.op == "insert":
            changes.append(f"leaves out “{diff.reference}”")
        elif diff.op == "replace":
            changes.append(f"has “{diff.claimed}” where the text has “{diff.reference}”")
    return "; ".join(changes) or "no word differs"


def _needle(quote: str) -> str:
    """Return the normalised ``quote``; an empty quote is an error."""
    needle = normalize(quote)
    if not needle:
        raise FactcheckError("the quote is empty")
    return needle


def _match(
    quote: str, needle: str, text: str, norm: str, limit: int, k: int, n_pages: int
) -> QuoteMatch:
    """Build the match of ``needle`` starting before ``limit`` in ``norm`` = normalize(text)."""
    quote = quote.strip()
    verbatim = text.find(quote)
    # The normalised offset of the first verbatim occurrence: what precedes it, normalised.
    at = len(normalize(text[:verbatim] + quote)) - len(needle) if verbatim != -1 else -1
    exact = 0 <= at < limit and norm.startswith(needle, at)
    if exact:
        start, o_start, o_end = at, verbatim, verbatim + len(quote)
    else:
        start = norm.find(needle)
        o_start, o_end = _original_span(text, start, start + len(needle))
    return QuoteMatch(
        found=True,
        exact=exact,
        page=k + 1 if n_pages > 1 else None,
        start=start,
        end=start + len(needle),
        context=_context(text, o_start, o_end),
    )


def _original_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Map the span ``start:end`` of ``normalize(text)`` to a span of ``text``.

    Each end is the shortest prefix of ``text`` whose normalisation reaches that offset,
    found by bisection (a longer prefix never normalises shorter). Normalisation joins
    nothing across whitespace after a letter or digit, so the text is cut there into
    chunks of about _CHUNK characters and only the chunk holding an offset is re-normalised.
    """
    cuts, lengths = [0], [0]  # chunk starts; normalised length of the text before each
    while (cut := _SAFE_CUT.search(text, cuts[-1] + _CHUNK)) is not None:
        lengths.append(_grown(lengths[-1], text[cuts[-1] : cut.start()]))
        cuts.append(cut.start())
    cuts.append(len(text))

    def prefix(n: int) -> int:
        j = bisect.bisect_left(lengths, n) - 1  # the last chunk preceded by fewer than n
        if j < 0:
            return 0
        lo, hi = cuts[j] + 1, cuts[j + 1]
        while lo < hi:
            mid = (lo + hi) // 2
            if _grown(lengths[j], text[cuts[j] : mid]) >= n:
                hi = mid
            else:
                lo = mid + 1
        return lo

    return prefix(start + 1) - 1, prefix(end)


def _grown(length: int, piece: str) -> int:
    """Normalised length of text of normalised ``length`` followed, at a safe cut, by ``piece``."""
    added = len(normalize(piece))
    return length + added + (1 if length and added else 0)


def _context(text: str, start: int, end: int) -> str:
    """Return ``text[start:end]`` with whole words up to CONTEXT_CHARS either side."""
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    left, right = text[lo:start], text[end:hi]
    if lo > 0 and not text[lo - 1].isspace():
        left = re.sub(r"^\S+", "", left)
    if hi < len(text) and not text[hi].isspace():
        right = re.sub(r"\S+$", "", right)
    return " ".join((left + text[start:end] + right).split())

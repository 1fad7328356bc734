"""Quote primitives on in-memory texts: normalise, find, closest passage, word diff."""

from __future__ import annotations

import random
import string
import time
from difflib import SequenceMatcher

import pytest

from factcheck.articles.quotes import (
    QuoteMatch,
    WordDiff,
    closest,
    describe_diff,
    find_quote,
    normalize,
    word_diff,
)
from factcheck.errors import FactcheckError

LDQ, RDQ, RSQ = "\u201c", "\u201d", "\u2019"  # typographic double quotes, apostrophe
EN_DASH, EM_DASH, HYPHEN = "\u2013", "\u2014", "\u2010"
PUTIN_CLAIMED = "modern Ukraine was entirely and fully created by Russia"
PUTIN_REFERENCE = "modern Ukraine was entirely created by Russia"


def _filler(rng: random.Random, words: int) -> str:
    return " ".join(
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9)))
        for _ in range(words)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"{LDQ}Quoted{RDQ} \u00abtoo\u00bb \u201eand\u201f \u2033this\u2033",
            '"quoted" "too" "and" "this"',
        ),
        (f"it{RSQ}s \u2018x\u2019 \u201ay\u201b 5\u2032", "it's 'x' 'y' 5'"),
        (f"a{HYPHEN}b\u2011c\u2012d{EN_DASH}e{EM_DASH}f\u2015g", "a-b-c-d-e-f-g"),
        ("\ufb01ne \uff21\uff22 \u2460", "fine ab 1"),  # NFKC: ligature, full width, circled
        ("soft\u00adly zero\u200bwidth\u200d join\ufeff", "softly zerowidth join"),
        ("parae-\nlyze para\u00ad\nlyze para\u2010 \n  lyze", "paraelyze paralyze paralyze"),
        ("1-\n2 well -\nknown end-\n", "1- 2 well - known end-"),  # only between letters
        ("  Many\t\tspaces\n\n and\u00a0lines  ", "many spaces and lines"),
        ("STRASSE Stra\u00dfe", "strasse strasse"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_find_quote_reports_page_offsets_and_context() -> None:
    pages = ["Nothing here.", f"He said {LDQ}modern Ukraine\n was  entirely created{RDQ} once."]
    match = find_quote('"Modern Ukraine was entirely created"', pages)
    assert (match.found, match.exact, match.page) == (True, False, 2)
    assert normalize(pages[1])[match.start : match.end] == '"modern ukraine was entirely created"'
    assert match.context == f"He said {LDQ}modern Ukraine was entirely created{RDQ} once."


def test_find_quote_exact_prefers_the_verbatim_occurrence() -> None:
    text = f'First {LDQ}It{RSQ}s over{RDQ} and later "It\'s over" again.'
    match = find_quote('"It\'s over"', [text])
    assert match.exact
    assert match.page is None  # one page: no page number
    assert normalize(text)[match.start : match.end] == '"it\'s over"'
    assert match.start > normalize(text).index('"it')  # the second, verbatim occurrence
    assert match.context == text


def test_find_quote_not_verbatim_when_only_case_differs() -> None:
    match = find_quote("created by russia", ["It was Created by Russia."])
    assert match.found
    assert not match.exact


def test_find_quote_context_is_whole_words_about_80_chars_either_side() -> None:
    rng = random.Random(3)
    before, after = _filler(rng, 60), _filler(rng, 60)
    page = f"{before}\n the  PASSAGE  in the middle \n{after}"
    match = find_quote("passage in the", ["x", page])
    left, _, right = match.context.partition("PASSAGE in the")
    assert 60 <= len(left) <= 81
    assert 60 <= len(right) <= 81
    assert f" {' '.join(page.split())} ".count(f" {match.context} ") == 1  # whole words


def test_context_and_passage_come_from_the_original_text() -> None:
    page = " " * 300 + "Alpha \u200bbeta gamma." + "\n" * 300 + "Delta\u00ad epsilon."
    match = find_quote("gamma. delta", ["x", page])
    assert normalize(page)[match.start : match.end] == "gamma. delta"
    assert match.context == "Alpha \u200bbeta gamma. Delta\u00ad epsilon."
    assert closest("gamma delta epsilon zeta", [page]) == (
        pytest.approx(2 * 3 / (4 + 4)),
        "beta gamma. Delta\u00ad epsilon.",
    )


def test_context_on_a_long_messy_page() -> None:
    """Offsets map back to the original text far into a page full of dropped characters."""
    rng = random.Random(13)
    noise = ["\u00ad", "\u200b", "  ", "\n\n", "\t", "\ufb01", "Stra\u00dfe"]
    filler = "".join(f"{word}{rng.choice(noise)} " for word in _filler(rng, 3000).split())
    passage = f"the {LDQ}PASSAGE{RDQ}\u00ad  sought\n\nhere"
    page = f"{filler}{passage} {filler}"
    match = find_quote('"passage" sought here', [page])
    assert normalize(page)[match.start : match.end] == '"passage" sought here'
    assert f"the {LDQ}PASSAGE{RDQ}\u00ad sought here" in match.context
    left, _, right = match.context.partition(f"{LDQ}PASSAGE")
    assert left.endswith(" the ")
    words = f" {' '.join(filler.split())} "
    assert 60 < len(left) <= 81
    assert f" {left.removesuffix(' the ')} " in words  # whole words before the passage
    assert f" {right.partition('here ')[2]} " in words


def test_find_quote_across_a_page_break() -> None:
    pages = ["one", "two ends with the people of", "the world know it. three", "four"]
    match = find_quote("the people of the world know it", pages)
    assert (match.found, match.page) == (True, 2)
    joined = normalize(pages[1] + "\n" + pages[2])
    assert joined[match.start : match.end] == "the people of the world know it"
    assert match.end > len(normalize(pages[1]))
    assert "world know it" in match.context


def test_find_quote_across_a_hyphenated_page_break_and_a_blank_page() -> None:
    pages = ["created by Bol-", "  \n", "shevik Russia", "more"]
    match = find_quote("by Bolshevik Russia", pages)
    assert (match.found, match.page, match.exact) == (True, 1, False)
    assert match.context == "created by Bol- shevik Russia"


def test_find_quote_on_the_next_page_is_not_reported_on_the_previous() -> None:
    pages = ["alpha beta", "gamma delta"]
    assert find_quote("gamma", pages).page == 2
    assert find_quote("beta gamma", pages).page == 1


def test_find_quote_not_found() -> None:
    assert find_quote("absent words", ["some text", "more text"]) == QuoteMatch(
        found=False, exact=False, page=None, start=-1, end=-1, context=""
    )
    assert not find_quote("anything", []).found


def test_empty_quote_is_an_error() -> None:
    with pytest.raises(FactcheckError, match="quote is empty"):
        find_quote(" \u200b ", ["text"])
    with pytest.raises(FactcheckError, match="quote is empty"):
        closest("", ["text"])


def test_closest_reports_similarity_and_original_passage() -> None:
    rng = random.Random(5)
    reference = f"He said {LDQ}Modern Ukraine was entirely created by Russia{RDQ} in 2021"
    pages = [_filler(rng, 200), f"{_filler(rng, 100)} {reference} {_filler(rng, 100)}"]
    ratio, passage = closest(PUTIN_CLAIMED, pages)
    claimed = PUTIN_CLAIMED.casefold().split()
    found = [word.strip(string.punctuation) for word in normalize(passage).split()]
    assert len(found) == len(claimed)
    assert ratio == pytest.approx(SequenceMatcher(None, found, claimed).ratio())
    assert ratio > 0.75
    assert "created by Russia" in passage  # original case, not normalised
    assert passage in " ".join(pages[1].split())


def test_closest_finds_the_true_best_window() -> None:
    """The bounded search must agree with scoring every window."""
    rng = random.Random(11)
    vocabulary = [_filler(rng, 1) for _ in range(40)]
    words = rng.choices(vocabulary, k=600)
    pages = [" ".join(words[i : i + 150]) for i in range(0, 600, 150)]
    quote = rng.choices(vocabulary, k=12)
    target = [normalize(w) for w in quote]
    everything = normalize(" ".join(pages)).split()
    best = max(
        SequenceMatcher(None, everything[i : i + 12], target, autojunk=False).ratio()
        for i in range(len(everything) - 11)
    )
    ratio, passage = closest(" ".join(quote), pages)
    assert ratio == pytest.approx(best)
    assert SequenceMatcher(None, normalize(passage).split(), target).ratio() == pytest.approx(best)


def test_closest_window_may_span_pages() -> None:
    ratio, passage = closest(
        "the end of one and the start", ["xx yy the end of one", "and the start zz"]
    )
    assert ratio == 1.0
    assert passage == "the end of one and the start"


def test_closest_in_a_document_without_words() -> None:
    assert closest("some quote", ["", " \n "]) == (0.0, "")
    assert closest("some quote", ["other words"]) == (0.0, "")


def test_search_is_fast_on_a_long_document() -> None:
    rng = random.Random(7)
    pages = [_filler(rng, 520) for _ in range(100)]  # ~3,000 characters each
    assert min(len(page) for page in pages) > 2500
    quote = " ".join(pages[60].split()[-8:] + pages[61].split()[:8])
    started = time.perf_counter()
    match = find_quote(quote, pages)
    missing = find_quote("not in the document " + quote, pages)
    ratio, _ = closest("not in the document " + quote, pages)
    assert time.perf_counter() - started < 1.0
    assert (match.page, missing.found) == (61, False)
    assert ratio == pytest.approx(2 * 16 / (20 + 20))


def test_word_diff_putin_example() -> None:
    assert word_diff(PUTIN_CLAIMED, PUTIN_REFERENCE) == [
        WordDiff("equal", "modern Ukraine was entirely", "modern Ukraine was entirely"),
        WordDiff("delete", "and fully", ""),
        WordDiff("equal", "created by Russia", "created by Russia"),
    ]
    assert word_diff(PUTIN_REFERENCE, PUTIN_CLAIMED)[1] == WordDiff("insert", "", "and fully")


@pytest.mark.parametrize(
    ("claimed", "reference", "expected"),
    [
        ("", "", []),
        (
            "same words here",
            "same  words\nhere",
            [WordDiff("equal", "same words here", "same words here")],
        ),
        ("one two", "three four five", [WordDiff("replace", "one two", "three four five")]),
        ("", "only reference", [WordDiff("insert", "", "only reference")]),
        ("only claimed", " ", [WordDiff("delete", "only claimed", "")]),
        (
            f"{LDQ}Created{RDQ} by Russia{EM_DASH}fully",
            '"created" BY russia-fully',
            [
                WordDiff(
                    "equal",
                    f"{LDQ}Created{RDQ} by Russia{EM_DASH}fully",
                    '"created" BY russia-fully',
                )
            ],
        ),
        (
            "created by Russia.",
            "created by Russia",
            [WordDiff("equal", "created by Russia.", "created by Russia")],
        ),
    ],
)
def test_word_diff_edge_cases(claimed: str, reference: str, expected: list[WordDiff]) -> None:
    assert word_diff(claimed, reference) == expected


def test_describe_diff_says_what_the_claim_changes_in_words() -> None:
    assert describe_diff(word_diff(PUTIN_CLAIMED, PUTIN_REFERENCE)) == "adds “and fully”"
    assert (
        describe_diff(
            word_diff("Ukraine was created by Lenin", "Ukraine was largely created by Russia")
        )
        == "leaves out “largely”; has “Lenin” where the text has “Russia”"
    )
    assert describe_diff([]) == "no word differs"

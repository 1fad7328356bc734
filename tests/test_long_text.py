"""Long unbroken text is made fit for layout before the report's template sees it."""

from __future__ import annotations

import copy
import re

from factcheck.report.long_text import fit_for_layout, fit_text

ZWSP = "\u200b"


def test_the_real_report_text_is_unchanged(real_verdicts: dict) -> None:
    assert fit_for_layout(copy.deepcopy(real_verdicts)) == real_verdicts


def test_a_long_word_can_break_every_20_characters() -> None:
    word = "".join(chr(ord("a") + n % 26) for n in range(1000))
    fitted = fit_text(f"before {word} after")
    pieces = fitted.split(" ")[1].split(ZWSP)
    assert [len(piece) for piece in pieces] == [20] * 50
    assert fitted.replace(ZWSP, "") == f"before {word} after"


def test_words_up_to_320_characters_are_left_whole() -> None:
    url = "https://raw.githubusercontent.com/" + "x" * 286  # 320 characters
    assert fit_text(url) == url
    assert ZWSP in fit_text(url + "y")


def test_an_absurd_length_is_cut_with_an_ellipsis() -> None:
    fitted = fit_text("x" * 200_000)
    shown = fitted.replace(ZWSP, "")
    assert shown == "x" * 5000 + "… (195,000 more characters in verdicts.json)"
    assert max(len(run) for run in re.split(rf"[\s{ZWSP}]", fitted)) <= 20


def test_only_strings_change() -> None:
    word = "y" * 400
    fitted = fit_for_layout({word: [word, 1, 2.5, None, {"k": word}]})
    assert list(fitted) == [word]
    assert fitted[word][1:4] == [1, 2.5, None]
    assert ZWSP in fitted[word][0] and ZWSP in fitted[word][4]["k"]

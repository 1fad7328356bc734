"""The first page's sentences of why, one clean sentence each; the forecasts that did not
count, marked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from factcheck.report.views import present

from .report_text import checked, example_verdicts


@pytest.fixture(scope="module")
def examples() -> dict[str, dict[str, Any]]:
    return example_verdicts()


def _nested(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth > 1:
            return True
    return False


def test_each_why_reads_as_one_clean_sentence(examples):
    for article, document in examples.items():
        for claim in checked(document):
            why = present(claim, document).why
            assert not _nested(why), (article, why)
            assert why.count(":") <= 1, (article, why)
            assert not re.search(r"\b(?:is|the closest is) [A-Z][a-z]+, \d{4}", why), (article, why)
            assert not re.search(r"[.!?] [A-Z]", why), (article, why)  # one sentence


def test_whys_of_a_ratio_and_a_profile(real_verdicts):
    def why(claim_id: str) -> str:
        return present(
            next(c for c in real_verdicts["claims"] if c["id"] == claim_id), real_verdicts
        ).why

    assert why("ukraine-area") == (
        "Total area, CIA World Factbook (latest): Russia's total area is 28.3 times Ukraine's, "
        "which rounds to 30."
    )
    assert why("preponderance-of-power").endswith(
        "the closest, at 3.27 times, is population, 2021 (World Bank)."
    )

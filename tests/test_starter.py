"""Drafting a new article's claims file: its body, sentences, suggestions and refusals, and
drafts of real articles built by the real Snakemake."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date

import pytest
import yaml

from factcheck import atomic
from factcheck.articles.body import find_body
from factcheck.articles.claims import article_body, load_claims, read_article_text
from factcheck.articles.sentences import (
    Cue,
    data_cues,
    proposed_category,
    quantity_example,
    sentences_of,
    suggested_checks,
)
from factcheck.articles.starter import ArticleInfo, claim_id, new_article
from factcheck.cli import main
from factcheck.errors import FactcheckError
from factcheck.pinned.vocabulary import load_vocabulary

from .conftest import ROOT
from .documented import run_documented
from .project import PRODUCTS, copy_project, snakemake, tree_digest

SOURCES = ROOT / "sources"
TODAY = date(2026, 1, 15)

# A saved page: navigation, headline and byline; the article (two paragraphs around a
# subheading); a photo credit and a teaser of another article.
PAGE = (
    "Follow us on social\n\nUkraine in numbers\n\nBy A. Writer, 2 March 2022\n\n"
    "Ukraine covers about 603,550 sq km, so it is the second-largest country in Europe. "
    "Its people number about 44 million, said the U.S. Census Bureau in 2021.\n\n"
    "The neighbours\n\n"
    "Russia is 28 times larger than Ukraine. Russia covers 17,098,242 sq km. "
    "Would the war have started if NATO had acted? It will last.\n\n"
    "Kyiv, 10 January 2022 (Photo: somebody via shutterstock.com)\n\n"
    "Why some other story matters\n"
)
SENTENCES = [
    "Ukraine covers about 603,550 sq km, so it is the second-largest country in Europe.",
    "Its people number about 44 million, said the U.S. Census Bureau in 2021.",
    "Russia is 28 times larger than Ukraine.",
    "Russia covers 17,098,242 sq km.",
    "Would the war have started if NATO had acted?",
    "It will last.",
]
INFO = ArticleInfo(
    id="ukraine-in-numbers",
    title="Ukraine in numbers",
    outlet="An Outlet",
    author="A. Writer",
    published="2022-03-02",
    url="https://example.org/ukraine-in-numbers",
)


# --- the body -------------------------------------------------------------------------------


def test_body_is_the_longest_run_of_prose_with_its_subheadings():
    body = find_body(PAGE)
    assert body.starts_after == "By A. Writer, 2 March 2022"
    assert body.ends_before == "Kyiv, 10 January 2022 (Photo: somebody via shutterstock.com)"
    assert body.first_line.startswith("Ukraine covers about")
    assert body.last_line.endswith("It will last.")
    text = article_body(
        PAGE, {"starts_after": body.starts_after, "ends_before": body.ends_before}, "x"
    )
    assert "The neighbours" in text
    assert "Ukraine in numbers" not in text and "Photo" not in text


def test_a_header_repeated_before_the_body_makes_a_longer_marker():
    header = "Paul De Grauwe\n\nMarch 2nd, 2022\n\nEstimated reading time: 8 minutes\n\n"
    page = "LSE - Small Logo\n\n" + header + header + PAGE.split("\n\n", 3)[3]
    marker = find_body(page).starts_after
    assert marker == "Estimated reading time: 8 minutes\n\n" + header.rstrip("\n")
    start = page.find(marker) + len(marker)
    assert page[start:].lstrip().startswith("Ukraine covers about")


def test_a_text_that_is_all_article_needs_no_marker():
    text = "\n\n".join(SENTENCES[:2]) + "\n"
    body = find_body(text)
    assert (body.starts_after, body.ends_before) == (None, None)
    assert article_body(text, {"file": "x.txt", "sha256": "0" * 64}, "x") == text


def test_a_text_without_prose_is_refused_naming_the_file():
    with pytest.raises(FactcheckError, match=r"^menu\.txt: no prose found"):
        find_body("Home\n\nAbout us\n\nSubscribe now\n", "menu.txt")


# --- sentences ------------------------------------------------------------------------------


def test_sentences_are_verbatim_and_not_cut_at_abbreviations():
    paragraph = "The U.S. spends  more. (See below.) It is 28 times smaller, “by far.” So?"
    assert sentences_of(paragraph) == [
        "The U.S. spends  more.",
        "(See below.)",
        "It is 28 times smaller, “by far.”",
        "So?",
    ]
    assert sentences_of("... Russia. At about 17 million sq. km, it is.") == [
        "Russia.",
        "At about 17 million sq. km, it is.",
    ]


@pytest.mark.parametrize(
    ("sentence", "cues"),
    [
        ("It covers about 600,000 sq. km.", [("figure", "600,000")]),
        (
            "So what’s happened here is that one country, Russia, has invaded another, "
            "Ukraine, that’s 28 times smaller.",
            [("ratio", "28 times")],
        ),
        ("a smaller neighbor, 1/30 of Russia’s size", [("ratio", "1/30")]),
        (
            "The second-largest is Canada, at 10 million sq. km.",
            [("superlative", "second-largest"), ("figure", "10 million")],
        ),
        (
            "Russia today spends about $62 billion (about 4% of its GDP) on the military.",
            [("percentage", "4%"), ("money", "$62 billion")],
        ),
        ("both in Crimea in 2014", [("date", "2014")]),
        (
            "It peaked at about 52 million in 1991-92.",
            [("date", "1991-92"), ("figure", "52 million")],
        ),
        ("Ukraine is a big country.", []),
    ],
)
def test_data_cues(sentence, cues):
    assert data_cues(sentence) == [Cue(kind, f"“{words}”") for kind, words in cues]


@pytest.mark.parametrize(
    ("sentence", "kinds", "example"),
    [
        ("Ukraine has about 44 million people.", ["quantity"], "value: {figure: Ukraine}"),
        ("Russia spends about $62 billion.", ["quantity"], "value: {figure: Ukraine}"),
        (
            "It is barely 10% of the EU's GDP.",
            ["quantity"],
            "value: {share: [{figure: Ukraine}, {figure: Russia}]}",
        ),
        ("In a poll, 80% of Ukrainians said they would fight.", ["published_figures"], ""),
        ("The survey asked 2,000 people.", ["published_figures"], ""),
        ("Russia is 28 times larger than Ukraine.", ["ratio"], ""),
    ],
)
def test_figures_money_and_percentages_suggest_a_quantity_check_and_polls_published_figures(
    sentence, kinds, example
):
    cues = data_cues(sentence)
    assert suggested_checks(cues) == kinds
    assert quantity_example(cues, ["Ukraine", "Russia"]).startswith(example)
    assert bool(quantity_example(cues, ["Ukraine", "Russia"])) == bool(example)


def test_poll_words_alone_make_no_data_claim():
    assert data_cues("A poll was held in the spring.") == []


def test_a_date_beside_a_figure_is_not_an_event_to_check():
    assert suggested_checks(data_cues("both in Crimea in 2014")) == ["date"]
    assert suggested_checks(data_cues("It had 52 million people in 1991.")) == ["quantity"]
    assert suggested_checks(data_cues("The second-largest is 28 times smaller.")) == [
        "ratio",
        "ranking",
    ]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("How large is Russia anyway?", "opinion"),
        ("My answer is no.", "opinion"),
        ("Such an action would have put troops head-to-head.", "counterfactual"),
        ("Such a military budget will not be sufficient.", "prediction"),
        ("Ukraine is a big country.", "characterisation"),
        ("Russia does not have the resources to do so.", "needs reporting"),
    ],
)
def test_proposed_categories(sentence, category):
    assert proposed_category(sentence).kind == category


# --- suggestions from the catalog and the pinned extracts -----------------------------------


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary(SOURCES)


def test_area_words_suggest_the_area_measures(vocabulary):
    measures = vocabulary.measures_for("It covers about 600,000 sq. km.", set())
    assert [m.id for m in measures] == [
        "area_total",
        "area_land",
        "area_water",
        "AG.SRF.TOTL.K2",
        "AG.LND.TOTL.K2",
    ]
    assert (measures[0].label, measures[0].units) == ("Total area", ["sq km"])
    assert measures[0].editions == ["factbook-2022", "factbook-latest"]


def test_people_suggest_the_population_first(vocabulary):
    measures = vocabulary.measures_for("Ukraine has about 44 million people today.", set())
    assert [m.id for m in measures] == ["SP.POP.TOTL", "MS.MIL.TOTL.P1"]


def test_sums_of_money_and_percentages_point_to_measures_in_such_units(vocabulary):
    spending = "Russia today spends about $62 billion (about 4% of its GDP) on the military."
    ids = [m.id for m in vocabulary.measures_for(spending, {"money", "percentage"})]
    assert ids[0] == "MS.MIL.XPND.GD.ZS"  # military, GDP and a percentage
    assert "military_expenditure_current_usd" in ids and "NY.GDP.MKTP.CD" in ids
    ids_without_kinds = [m.id for m in vocabulary.measures_for(spending, set())]
    assert "MS.MIL.TOTL.TF.ZS" in ids and "MS.MIL.TOTL.TF.ZS" not in ids_without_kinds


def test_entity_spellings_are_found_and_named_as_claims_name_them(vocabulary):
    mentions = vocabulary.entities_in(
        "The Russian Federation, Russia’s neighbour Ukraine, South Sudan, US aid and china tea"
    )
    assert [(m.spelling, m.names) for m in mentions] == [
        ("Russian Federation", ("Russia",)),
        ("Russia", ("Russia",)),
        ("Ukraine", ("Ukraine",)),
        ("South Sudan", ("South Sudan",)),
        ("US", ("United States of America",)),
    ]


# --- the draft ------------------------------------------------------------------------------


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "saved" / "page.txt"
    path.parent.mkdir()
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    return folder


def _claim_block(draft: str, quote: str) -> str:
    """The lines of the draft from a claim's quote to the next claim (its comments), with
    the comments' wrapped lines joined again."""
    start = draft.index(f"quote: {json.dumps(quote, ensure_ascii=False)}")
    end = draft.find("  - id:", start)
    block = draft[start : end if end >= 0 else len(draft)]
    return re.sub(r"\n    #(?: {5}| {7})(?=\S)", " ", block)


def test_draft_lists_every_sentence_and_builds(page, articles):
    draft = new_article(INFO, page, articles, SOURCES, today=TODAY)
    assert (draft.claims, draft.data_claims) == (6, 4)
    assert (articles / "ukraine-in-numbers.txt").read_bytes() == page.read_bytes()
    claims_path = articles / "ukraine-in-numbers.yaml"
    claims = load_claims(claims_path)
    assert claims["article"]["text"] == {
        "file": "ukraine-in-numbers.txt",
        "sha256": hashlib.sha256(PAGE.encode()).hexdigest(),
        "url": INFO.url,
        "retrieved": TODAY.isoformat(),
        "starts_after": "By A. Writer, 2 March 2022",
        "ends_before": "Kyiv, 10 January 2022 (Photo: somebody via shutterstock.com)",
    }
    assert claims["review"]["date"] == "2026-01-15"
    read_article_text(claims, articles, claims_path)  # the sha256 and markers hold
    assert [c["quote"] for c in claims["claims"]] == SENTENCES
    assert all(
        c["kind"] == "not_checkable" and c["check"]["type"] == "none" for c in claims["claims"]
    )
    categories = [c["check"]["category"] for c in claims["claims"]]
    assert categories[4:] == ["opinion", "prediction"]
    assert "to confirm" in claims["claims"][5]["check"]["reason"]

    text = claims_path.read_text(encoding="utf-8")
    area = _claim_block(text, SENTENCES[0])
    assert "# DATA CLAIM (superlative “second-largest”, figure “603,550”)" in area
    assert "Suggested check: ranking, quantity." in area
    assert "# As a quantity check (README, the expressions): value: {figure: Ukraine} (the" in area
    assert "#   area_total: Total area, sq km; factbook-2022, factbook-latest" in area
    assert "Entities named (as the pinned data name them): Ukraine." in area
    people = _claim_block(text, SENTENCES[1])
    assert "#   SP.POP.TOTL: Population, people; wb-2026-07" in people
    assert "United States of America (written “US”)" not in people  # "U.S." is not "US"
    ratio = _claim_block(text, SENTENCES[2])
    assert "Suggested check: ratio." in ratio
    assert "its paragraph's match" in ratio
    assert "Russia, Ukraine." in ratio
    assert "DATA CLAIM" not in _claim_block(text, SENTENCES[5])


def test_ids_yaml_would_read_as_other_types_are_quoted(tmp_path, articles):
    path = tmp_path / "yes.txt"
    path.write_text("This line has more than eight words in it. Yes. No. True. Null.\n")
    new_article(INFO, path, articles, SOURCES, today=TODAY)
    claims = load_claims(articles / "ukraine-in-numbers.yaml")
    ids = [claim["id"] for claim in claims["claims"]]
    assert ids == ["this-line-has-more-than-eight-words-in", "yes", "no", "true", "null"]


def test_claim_ids_are_unique_ascii_and_short():
    taken: set[str] = set()
    assert claim_id("It’s 600,000 sq. km.", taken) == "its-600000-sq-km"
    assert claim_id("It’s 600,000 sq. km!", taken) == "its-600000-sq-km-2"
    assert claim_id("Éà bientôt!", taken) == "ea-bientot"
    assert claim_id("Щука?", taken) == "claim"
    assert len(claim_id(" ".join(["word"] * 20), taken)) <= 40


def test_a_text_already_in_place_is_kept(page, articles):
    in_place = articles / "ukraine-in-numbers.txt"
    shutil.copy2(page, in_place)
    before = in_place.stat().st_mtime_ns
    new_article(INFO, in_place, articles, SOURCES, today=TODAY)
    assert in_place.stat().st_mtime_ns == before
    assert (articles / "ukraine-in-numbers.yaml").exists()


def _args(articles, **fields: str) -> list[str]:
    """The command line of new-article, writing into ``articles``."""
    args = ["new-article", "--articles", str(articles), "--sources", str(SOURCES)]
    return args + [f"--{name}={value}" for name, value in fields.items()]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": "Ukraine_Numbers"}, r"article\.id: 'Ukraine_Numbers' is not an article id"),
        ({"id": "-ukraine"}, r"article\.id: '-ukraine' is not an article id"),
        ({"id": ""}, r"article\.id: not given \(--id, or --config new_article_id=\.\.\."),
        ({"published": "2022-13-01"}, r"article\.published: '2022-13-01' is not a date"),
        ({"published": "02/03/2022"}, r"article\.published: '02/03/2022' is not a date"),
        ({"published": "20220302"}, r"article\.published: '20220302' is not a date"),
        ({"published": "2999-01-01"}, r"article\.published: 2999-01-01 is after today"),
        ({"url": "www.example.org/page"}, r"article\.url: 'www\.example\.org/page' is not an"),
        ({"title": "  "}, r"article\.title: not given"),
        ({"text": ""}, r"article\.text: not given"),
        ({"text": "{saved}/missing.txt"}, r"/missing\.txt: article text not found$"),
        ({"text": "{saved}/latin1.txt"}, r"/latin1\.txt: not UTF-8 text \(byte 0xe9 at offset 4\)"),
        ({"text": "{saved}/menu.txt"}, r"/menu\.txt: no prose found"),
        ({"existing": "ukraine-in-numbers.yaml"}, r"/ukraine-in-numbers\.yaml: already exists"),
        ({"existing": "ukraine-in-numbers.txt"}, r"/ukraine-in-numbers\.txt: already exists"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_nothing_is_written(
    changes, message, page, articles, capsys
):
    saved = page.parent
    (saved / "latin1.txt").write_bytes("Kyiv\xe9 is a city. ".encode("latin-1") * 5)
    (saved / "menu.txt").write_text("Home\n\nAbout us\n")
    changes = dict(changes)
    if existing := changes.pop("existing", None):
        (articles / existing).write_text("kept\n")
    if "text" in changes:
        changes["text"] = changes["text"].format(saved=saved)
    before = tree_digest(articles)
    assert main(_args(articles, **{**vars(INFO), "text": str(page), **changes})) == 1
    error = capsys.readouterr().err
    assert error.startswith("factcheck: error: ") and error.count("\n") == 1, error
    assert re.search(message, error.strip()), error
    assert tree_digest(articles) == before
    assert not any(path.name.endswith(".part") for path in articles.iterdir())


def test_a_failed_write_leaves_neither_file(page, articles, monkeypatch):
    replace = os.replace

    def fail_on_claims(src, dst):
        if str(dst).endswith(".yaml"):
            raise OSError(28, "No space left on device", str(dst))
        replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", fail_on_claims)
    with pytest.raises(OSError, match="No space left"):
        new_article(INFO, page, articles, SOURCES, today=TODAY)
    assert list(articles.iterdir()) == []


# --- real articles, drafted and built as a user would --------------------------------------

LSE = "lse-russia-cannot-win"
MINT = "mint-numbers-explain-war"
TEXTS = {LSE: "lse-europp-russia-cannot-win.txt", MINT: "mint-numbers-explain-war.txt"}
"""The pages as a newsroom saved them, by the names the README's commands use."""
SAVED = {
    LSE: ROOT / "sources" / "articles" / "lse-russia-cannot-win-2022.txt",
    MINT: ROOT / "sources" / "articles" / "mint-numbers-war-2022.txt",
}
"""The same bytes as committed with the finished claims files (each pins its sha256)."""
DRAFT_WITH_SNAKEMAKE = (
    ".venv/bin/snakemake -c1 new_article --config new_article_id=lse-russia-cannot-win"
    " new_article_text=../shared/article/lse-europp-russia-cannot-win.txt"
    " new_article_url=https://blogs.lse.ac.uk/europpblog/2022/03/02/russia-cannot-win-the-war/"
    ' new_article_outlet="LSE European Politics and Policy (EUROPP) blog"'
    ' new_article_author="Paul De Grauwe" new_article_title="Russia cannot win the war"'
    " new_article_published=2022-03-02"
)
DRAFT_WITH_FACTCHECK = (
    ".venv/bin/factcheck new-article --id lse-russia-cannot-win"
    " --text ../shared/article/lse-europp-russia-cannot-win.txt"
    " --url https://blogs.lse.ac.uk/europpblog/2022/03/02/russia-cannot-win-the-war/"
    ' --outlet "LSE European Politics and Policy (EUROPP) blog" --author "Paul De Grauwe"'
    ' --title "Russia cannot win the war" --published 2022-03-02'
)


def _newsroom(root):
    """A project copy beside a ``shared/article`` folder holding the two articles' texts."""
    texts = root / "shared" / "article"
    texts.mkdir(parents=True)
    for article, name in TEXTS.items():
        shutil.copy2(SAVED[article], texts / name)
    return copy_project(root / "project")


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """A project where both articles were drafted, then built by the real Snakemake."""
    project = _newsroom(tmp_path_factory.mktemp("newsroom"))
    pinned = tree_digest(project / "sources")
    lse = run_documented(project, DRAFT_WITH_SNAKEMAKE)
    assert lse.returncode == 0, lse.stderr
    assert f"wrote sources/articles/{LSE}.yaml" in lse.stdout
    mint = subprocess.run(
        [sys.executable, "-m", "factcheck", "new-article", f"--id={MINT}",
         f"--text=../shared/article/{TEXTS[MINT]}",
         "--url=https://www.livemint.com/opinion/columns/numbers-that-may-help-explain-a-war-11646337245288.html",
         "--outlet=Mint", "--author=The columnist", "--title=Numbers that may help explain a war",
         "--published=2022-03-04"],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert mint.returncode == 0, mint.stderr
    targets = [f"output/{article}/{name}" for article in TEXTS for name in PRODUCTS]
    build = snakemake(project, *targets)
    assert build.returncode == 0, build.stderr
    return project, pinned


def _draft(project, article):
    path = project / "sources" / "articles" / f"{article}.yaml"
    return path.read_text(encoding="utf-8"), load_claims(path)


def test_drafting_adds_the_texts_and_drafts_and_nothing_else(drafted):
    project, pinned = drafted
    now = tree_digest(project / "sources")
    added = {f"articles/{a}.{ext}" for a in TEXTS for ext in ("txt", "yaml")}
    assert set(now) - set(pinned) == added
    assert {k: v for k, v in now.items() if k not in added} == pinned
    for article, saved in SAVED.items():
        assert now[f"articles/{article}.txt"] == hashlib.sha256(saved.read_bytes()).hexdigest()


def test_the_mint_figures_are_proposed_as_data_claims_with_measures_and_entities(drafted):
    text, claims = _draft(drafted[0], MINT)
    quotes = [claim["quote"] for claim in claims["claims"]]
    # The body's 26 sentences, counted by hand in the saved text.
    assert len(quotes) == 26
    assert quotes[0] == (
        "When it’s a war, and wherever your sympathies may lie, it’s a good idea to get "
        "familiar with the antagonists."
    )
    assert quotes[-1] == "Since then, it has ste"
    area = _claim_block(text, "It covers about 600,000 sq. km.")
    assert "# DATA CLAIM (figure “600,000”)" in area
    for measure in ("area_total", "area_land", "AG.SRF.TOTL.K2", "AG.LND.TOTL.K2"):
        assert f"#   {measure}: " in area
    assert "its paragraph names Russia, Ukraine, India." in area
    people = _claim_block(text, "Ukraine has about 44 million people today.")
    assert "# DATA CLAIM (figure “44 million”)" in people
    assert "#   SP.POP.TOTL: Population, people; wb-2026-07" in people
    assert "Entities named (as the pinned data name them): Ukraine." in people
    canada = _claim_block(text, "The second-largest is Canada, at 10 million sq. km.")
    assert "Suggested check: ranking" in canada and "name them): Canada." in canada
    times = _claim_block(
        text,
        "So what’s happened here is that one country, Russia, has invaded another, Ukraine, "
        "that’s 28 times smaller.",
    )
    assert "Suggested check: ratio." in times and "name them): Russia, Ukraine." in times
    big = _claim_block(text, "Ukraine is a big country.")
    assert "category: characterisation" in big and "to confirm" in big


def test_bodies_end_before_the_retrieval_note(drafted):
    for article in TEXTS:
        _, claims = _draft(drafted[0], article)
        assert claims["article"]["text"]["ends_before"].startswith("[END OF RETRIEVED TEXT")
        assert not any("RETRIEVED" in claim["quote"] for claim in claims["claims"])
    _, lse = _draft(drafted[0], LSE)
    assert lse["claims"][0]["quote"].startswith("Russia’s invasion of Ukraine has the potential")


def test_the_drafts_build_into_reports(drafted):
    project = drafted[0]
    for article in TEXTS:
        folder = project / "output" / article
        assert (folder / "report.pdf").read_bytes().startswith(b"%PDF-")
        verdicts = json.loads((folder / "verdicts.json").read_text(encoding="utf-8"))
        _, claims = _draft(project, article)
        assert [c["id"] for c in verdicts["claims"]] == [c["id"] for c in claims["claims"]]
        assert all(claim["verdict"] is None for claim in verdicts["claims"])
        claimreview = json.loads((folder / "claimreview.jsonld").read_text(encoding="utf-8"))
        assert claimreview["@graph"] == []


def test_both_commands_write_the_same_draft(drafted, tmp_path):
    other = _newsroom(tmp_path)
    result = run_documented(other, DRAFT_WITH_FACTCHECK)
    assert result.returncode == 0, result.stderr
    mine, theirs = (p / "sources" / "articles" / f"{LSE}.yaml" for p in (drafted[0], other))
    review_date = re.compile(r"^  date: .*$", re.MULTILINE)  # the day each was drafted
    assert review_date.sub("", mine.read_text()) == review_date.sub("", theirs.read_text())


def test_drafting_again_is_refused_and_changes_nothing(drafted):
    project = drafted[0]
    before = tree_digest(project / "sources")
    result = run_documented(project, DRAFT_WITH_SNAKEMAKE)
    assert result.returncode != 0
    assert f"factcheck: error: sources/articles/{LSE}.yaml: already exists" in result.stderr
    assert tree_digest(project / "sources") == before


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ([], "factcheck: error: article.id: not given (--id, or --config new_article_id=..."),
        (
            ["new_article_id=x", "new_article_text=../shared/article/missing.txt"],
            "Missing input files for rule new_article",
        ),
        (
            ["new_article_title=Ukraine: the numbers"],
            "new_article_title: {'Ukraine': 'the numbers'} is not of type 'string'",
        ),
    ],
)
def test_settings_the_draft_cannot_use_are_refused_by_snakemake(drafted, settings, message):
    project = drafted[0]
    before = tree_digest(project / "sources")
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", "-c1", "new_article", "--config", *settings],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert tree_digest(project / "sources") == before


def test_the_draft_file_reads_back_as_yaml_without_the_project_loader(drafted):
    """Other YAML readers (Snakemake's, at parse time) see the same strings."""
    text, claims = _draft(drafted[0], MINT)
    assert yaml.safe_load(text) == claims

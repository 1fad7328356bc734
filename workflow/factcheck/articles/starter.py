"""Draft the claims file of a new article from its saved text (``factcheck new-article``).

The text is copied to ``<articles>/<id>.txt`` and the draft written to ``<articles>/<id>.yaml``.
The draft lists every sentence of the article's body as a claim, in article order, each with
its verbatim quote, and builds as it is: every claim is a statement not checked. Sentences
with figures, ratios, percentages, money, superlatives or dates are proposed as data claims,
with a comment suggesting their check (its kind, the measures whose label or unit the
sentence's words match, the entity names of the pinned data it writes); the others get a
proposed category, "to confirm". Nothing is written unless the whole draft is valid.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .. import atomic, schema
from ..errors import FactcheckError
from ..pinned.vocabulary import EntityMention, Measure, Vocabulary, load_vocabulary
from .body import Body, find_body, has_sentence_end
from .claims import article_body, verify_quotes
from .sentences import (
    Cue,
    data_cues,
    proposed_category,
    quantity_example,
    sentences_of,
    suggested_checks,
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_PATTERN = re.compile(r"^https?://\S+$")
REVIEWER = "Data desk (draft: claims not reviewed yet)"
ID_MAX_CHARS = 40
SHOWN_CHARS = 70  # of a line of the text quoted in a comment
COMMENT_WIDTH = 100


@dataclass(frozen=True)
class ArticleInfo:
    """What the claims file says of the article itself."""

    id: str
    title: str
    outlet: str
    author: str
    published: str  # YYYY-MM-DD
    url: str


@dataclass(frozen=True)
class ProposedClaim:
    """One sentence of the body, and what its wording suggests."""

    id: str
    quote: str
    paragraph: int  # 1-based
    cues: list[Cue]  # data cues; none: a statement not checked
    category: Cue
    measures: list[Measure]  # matched by the sentence's words
    paragraph_measures: list[Measure]  # matched by its paragraph's words
    entities: list[EntityMention]  # named in the sentence
    paragraph_entities: list[EntityMention]  # named in its paragraph


@dataclass(frozen=True)
class Draft:
    """What ``new_article`` wrote."""

    claims_path: Path
    text_path: Path
    text_sha256: str
    claims: int
    data_claims: int


def new_article(
    info: ArticleInfo,
    text_file: Path | str,
    articles_dir: Path,
    sources_root: Path,
    *,
    today: date | None = None,
) -> Draft:
    """Copy the article's text into ``articles_dir`` and write the draft of its claims file.

    Refuses (FactcheckError, nothing written) a bad id, date or URL, an empty field, no
    text or a text that is not UTF-8 or holds no prose, and an existing claims file or text.
    """
    today = today or date.today()
    _check_info(info, today)
    if not str(text_file).strip():
        raise FactcheckError(
            "not given (--text, or --config new_article_text=... with snakemake)",
            field="article.text",
        )
    text_file = Path(text_file)
    claims_path = articles_dir / f"{info.id}.yaml"
    text_path = articles_dir / f"{info.id}.txt"
    text_in_place = _is_same_file(text_file, text_path)
    for target in [claims_path] if text_in_place else [claims_path, text_path]:
        if target.exists():
            raise FactcheckError(
                "already exists; a draft never overwrites a file: remove it or choose another "
                "article id",
                path=target,
            )
    raw, text = _read_text(text_file)
    body = find_body(text, text_file)
    sha256 = hashlib.sha256(raw).hexdigest()
    spec = {"file": text_path.name, "sha256": sha256}
    spec |= {
        k: v
        for k, v in (("starts_after", body.starts_after), ("ends_before", body.ends_before))
        if v
    }
    claims = propose_claims(article_body(text, spec, claims_path), load_vocabulary(sources_root))
    draft = _render_draft(info, spec, body, claims, today)
    _check_draft(draft, text, claims_path)
    _write(claims_path, draft, None if text_in_place else (text_path, raw))
    return Draft(
        claims_path=claims_path,
        text_path=text_path,
        text_sha256=sha256,
        claims=len(claims),
        data_claims=sum(bool(claim.cues) for claim in claims),
    )


def _check_info(info: ArticleInfo, today: date) -> None:
    for name, value in vars(info).items():
        if not value.strip():
            raise FactcheckError(
                f"not given (--{name}, or --config new_article_{name}=... with snakemake)",
                field=f"article.{name}",
            )
    if not ID_PATTERN.match(info.id):
        raise FactcheckError(
            f"{info.id!r} is not an article id: use lowercase letters, digits and hyphens, "
            "e.g. mint-numbers-explain-war",
            field="article.id",
        )
    if not URL_PATTERN.match(info.url):
        raise FactcheckError(
            f"{info.url!r} is not an http(s) URL, e.g. https://example.org/page",
            field="article.url",
        )
    try:
        published = date.fromisoformat(info.published)
        if not DATE_PATTERN.match(info.published):
            raise ValueError
    except ValueError:
        raise FactcheckError(
            f"{info.published!r} is not a date written YYYY-MM-DD", field="article.published"
        ) from None
    if published > today:
        raise FactcheckError(
            f"{info.published} is after today ({today}); give the date the article appeared",
            field="article.published",
        )


def _is_same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _read_text(path: Path) -> tuple[bytes, str]:
    """The bytes of the article's text and the text they hold (UTF-8)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FactcheckError("article text not found", path=path) from None
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FactcheckError(
            f"not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start}); "
            "save the page as UTF-8 text",
            path=path,
        ) from None


def propose_claims(body: str, vocabulary: Vocabulary) -> list[ProposedClaim]:
    """Every sentence of the body as a proposed claim, in order, with unique ids.

    Lines without a sentence end (subheadings, captions) are not paragraphs: left out.
    """
    claims: list[ProposedClaim] = []
    taken: set[str] = set()
    paragraphs = [line for line in body.splitlines() if has_sentence_end(line)]
    for number, paragraph in enumerate(paragraphs, start=1):
        entities = vocabulary.entities_in(paragraph)
        measures = vocabulary.measures_for(paragraph, _kinds(data_cues(paragraph)))
        for sentence in sentences_of(paragraph):
            cues = data_cues(sentence)
            claims.append(
                ProposedClaim(
                    id=claim_id(sentence, taken),
                    quote=sentence,
                    paragraph=number,
                    cues=cues,
                    category=proposed_category(sentence),
                    measures=vocabulary.measures_for(sentence, _kinds(cues)),
                    paragraph_measures=measures,
                    entities=vocabulary.entities_in(sentence),
                    paragraph_entities=entities,
                )
            )
    return claims


def _kinds(cues: list[Cue]) -> set[str]:
    return {cue.kind for cue in cues}


def claim_id(sentence: str, taken: set[str]) -> str:
    """An id from the sentence's first words ("it-covers-about-600000-sq-km"), not in
    ``taken``, which it joins."""
    plain = unicodedata.normalize("NFKD", sentence).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", re.sub(r"(?<=\d),(?=\d)|'", "", plain.lower()))
    base = ""
    for word in words:
        if len(base) + len(word) + 1 > ID_MAX_CHARS:
            break
        base = f"{base}-{word}" if base else word
    base = base or "claim"
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    taken.add(found)
    return found


def _render_draft(
    info: ArticleInfo, spec: dict[str, str], body: Body, claims: list[ProposedClaim], today: date
) -> str:
    """The draft claims file, as YAML with the comments that guide its completion."""
    data_claims = sum(bool(claim.cues) for claim in claims)
    header = (
        f"Claims of {_q(info.title)} ({info.author}, {info.outlet}, {info.published}): a DRAFT "
        "by `factcheck new-article`, to finish by hand. The body's sentences (not its "
        f"subheadings) are listed in article order, quotes verbatim: {len(claims)} claims, "
        f"{data_claims} proposed as DATA CLAIMS. All are still `not_checkable`, so that the "
        "draft builds. To finish: check the text markers; merge or drop claims; write each "
        "data claim's check from the suggestion under it and set `kind: data` (README: "
        '"Adding a claim or an article"); confirm each category marked "to confirm".'
    )
    lines = [
        *_comment(header, margin="", hanging=""),
        "article:",
        f"  id: {_scalar(info.id)}",
        f"  title: {_q(info.title)}",
        f"  outlet: {_q(info.outlet)}",
        f"  author: {_q(info.author)}",
        f"  published: {_q(info.published)}",
        f"  url: {_q(info.url)}",
        "  text:",
        f"    file: {_scalar(spec['file'])}",
        f"    sha256: {spec['sha256']}",
        f"    url: {_q(info.url)}",
        f"    retrieved: {_q(today.isoformat())}  # the day the text was saved: correct it",
        *_marker_lines(spec, body),
        "",
        "review:",
        f"  date: {_q(today.isoformat())}",
        f"  reviewer: {_q(REVIEWER)}",
        "",
        "claims:",
    ]
    for k, claim in enumerate(claims):
        if k == 0 or claim.paragraph != claims[k - 1].paragraph:
            lines += [] if k == 0 else [""]
            lines.append(f"  # Paragraph {claim.paragraph}")
        lines += _claim_lines(claim)
    return "\n".join(lines) + "\n"


def _marker_lines(spec: dict[str, str], body: Body) -> list[str]:
    start = "after the marker below" if body.starts_after else "at the top of the text"
    end = "before the marker below" if body.ends_before else "at the end of the text"
    lines = [
        "    # Proposed from the text, TO CHECK: the article's body is taken to start",
        f"    # {start} with the line",
        f"    #   {_shown(body.first_line)}",
        f"    # and to end {end} with the line",
        f"    #   {_shown(body.last_line)}",
    ]
    lines += [
        f"    {key}: {_q(spec[key])}" for key in ("starts_after", "ends_before") if key in spec
    ]
    return lines


def _claim_lines(claim: ProposedClaim) -> list[str]:
    if claim.cues:
        found = ", ".join(f"{cue.kind} {cue.words}" for cue in claim.cues)
        category = "needs reporting"
        reason = f"Draft: proposed as a data claim ({found}); its check is still to be written."
    else:
        found = ""
        category = claim.category.kind
        reason = f"Draft, to confirm: proposed as {category} ({claim.category.words})."
    lines = [
        f"  - id: {_scalar(claim.id)}",
        f"    quote: {_q(claim.quote)}",
        "    kind: not_checkable",
        f"    check: {{type: none, category: {category}, reason: {_q(reason)}}}",
    ]
    if claim.cues:
        kinds = ", ".join(suggested_checks(claim.cues))
        lines += _comment(f"DATA CLAIM ({found}). Suggested check: {kinds}.")
        names = [name for m in claim.entities or claim.paragraph_entities for name in m.names]
        if example := quantity_example(claim.cues, names):
            lines += _comment(f"As a quantity check (README, the expressions): {example}.")
        lines += _comment(_measures_text(claim))
        for measure in claim.measures or claim.paragraph_measures:
            lines += _comment(
                f"{measure.id}: {measure.label}, {' / '.join(measure.units)}; "
                f"{', '.join(measure.editions)}",
                level=1,
            )
        lines += _comment(_entities_text(claim))
    return lines


def _measures_text(claim: ProposedClaim) -> str:
    """What introduces the measures the claim's check could use."""
    listed = "(id: label, unit; editions)"
    if claim.measures:
        return f"Measures whose label or unit the sentence's words match {listed}:"
    if claim.paragraph_measures:
        return f"Measures: none matched by the sentence's words; its paragraph's match {listed}:"
    return "Measures: none whose label or unit the words of the sentence or its paragraph match."


def _entities_text(claim: ProposedClaim) -> str:
    """The entity names the claim's check could use, as the pinned data spell them."""
    if claim.entities:
        return f"Entities named (as the pinned data name them): {_names(claim.entities)}."
    if claim.paragraph_entities:
        return (
            "Entities: none named in the sentence; its paragraph names "
            f"{_names(claim.paragraph_entities)}."
        )
    return "Entities: none named in the sentence or its paragraph."


def _names(mentions: list[EntityMention]) -> str:
    return ", ".join(
        ", ".join(m.names)
        if m.names == (m.spelling,)
        else f"{', '.join(m.names)} (written {_q(m.spelling)})"
        for m in mentions
    )


def _comment(
    text: str, *, level: int = 0, margin: str = "    ", hanging: str = "    "
) -> list[str]:
    """``text`` as comment lines (of a claim, by default), wrapped, indented by ``level``
    steps, with ``hanging`` indent after the first line."""
    indent = f"{margin}# " + "  " * level
    # split() also breaks at \r, \x85, \u2028...: no line break may end a comment early
    return textwrap.wrap(
        " ".join(text.split()),
        COMMENT_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hanging,
    )


def _shown(line: str) -> str:
    """A line of the text, shortened, for a comment."""
    line = " ".join(line.split())
    return _q(line if len(line) <= SHOWN_CHARS else line[:SHOWN_CHARS] + "…")


def _q(value: str) -> str:
    """``value`` as a double-quoted YAML string (escaped where YAML needs it), on one line."""
    quoted = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=math.inf)
    return quoted.rstrip("\n")


def _scalar(value: str) -> str:
    """``value`` as YAML: plain if it reads back as the same string, else double-quoted
    (an id "no" or "2022" would read as false or a number)."""
    return value if yaml.safe_load(value) == value else _q(value)


def _check_draft(draft: str, text: str, claims_path: Path) -> None:
    """Check the draft as the build will: against the schema, and every quote in the body."""
    data = yaml.safe_load(draft)
    schema.validate(data, "claims", claims_path)
    verify_quotes(data, article_body(text, data["article"]["text"], claims_path), claims_path)


def _write(claims_path: Path, draft: str, text: tuple[Path, bytes] | None) -> None:
    """Write the text (if given) and the draft, both or neither."""
    written: Path | None = None
    try:
        with atomic.atomic_path(claims_path) as claims_tmp:
            claims_tmp.write_text(draft, encoding="utf-8", newline="\n")
            if text is not None:
                atomic.write_bytes(*text)
                written = text[0]
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise

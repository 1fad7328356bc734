"""The contract between the checks and their readers: verdicts.json's schema, the figures a
claim used, check kinds found by name, and the offline path kept apart from the network."""

from __future__ import annotations

import ast
import copy
import subprocess
import sys

import pytest
import yaml

from factcheck import schema
from factcheck.articles.claims import load_claims
from factcheck.checks import claims_schema, kinds, module_for
from factcheck.checks.results import Role, figures_used
from factcheck.errors import FactcheckError

from .conftest import ROOT

ARTICLE = ROOT / "sources/articles/nato-restraint-2022.yaml"


def test_the_real_verdicts_validate_against_their_schema(real_verdicts):
    schema.validate(real_verdicts, "verdicts", "verdicts.json")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["claims"][4]["readings"][0].update(role="main"), "claims[4].readings[0].role"),
        (lambda d: d["claims"][4].update(verdict="Mostly true"), "claims[4].verdict"),
        (lambda d: d["claims"][4]["figures"][0].pop("locator"), "claims[4].figures[0]"),
        (lambda d: d["claims"][4].pop("at_publication"), "claims[4]"),
    ],
)
def test_a_document_off_the_contract_is_refused(real_verdicts, change, field):
    document = copy.deepcopy(real_verdicts)
    change(document)
    with pytest.raises(FactcheckError) as caught:
        schema.validate(document, "verdicts", "verdicts.json")
    assert caught.value.field == field


def test_figures_used_lists_every_figure_of_every_reading_once(real_verdicts):
    sources = {source["id"] for source in real_verdicts["sources"]}
    for claim in real_verdicts["claims"]:
        figures = figures_used(claim)
        keys = [
            (f.get("source_id") or f["evidence_id"], f["measure"], f["entity"], f["year"])
            for f in figures
        ]
        assert len(keys) == len(set(keys)), claim["id"]
        for reading in claim["readings"]:
            for ref in reading["figures"]:
                assert ref in figures, claim["id"]
        assert {f["source_id"] for f in figures if f["origin"] == "data"} == set(claim["sources"])
        assert set(claim["sources"]) <= sources


def test_reading_roles_come_from_one_enum(real_verdicts):
    roles = {reading["role"] for claim in real_verdicts["claims"] for reading in claim["readings"]}
    assert roles <= {role.value for role in Role}
    assert {"primary", "at_publication", "other", "sensitivity", "part"} <= roles


def test_every_check_kind_is_a_module_with_rule_spec_and_run():
    assert "ratio" in kinds() and "none" in kinds()
    document = claims_schema()
    check = document["properties"]["claims"]["items"]["properties"]["check"]
    assert check["properties"]["type"]["enum"] == kinds()
    for kind in kinds():
        module = module_for(kind)
        assert isinstance(module.RULE, str) and callable(module.run)
        assert yaml.safe_load(module.SPEC)["properties"]["type"] == {"const": kind}
    with pytest.raises(FactcheckError, match="unknown check type 'guess'; known: date, "):
        module_for("guess")


def test_a_claim_not_checkable_takes_no_check_and_the_reverse(tmp_path):
    raw = yaml.safe_load(ARTICLE.read_text(encoding="utf-8"))
    for kind, check in (("not_checkable", "ratio"), ("data", "none")):
        claims = copy.deepcopy(raw)
        target = next(c for c in claims["claims"] if c["check"]["type"] == check)
        target["kind"] = kind
        path = tmp_path / "nato-restraint-2022.yaml"
        path.write_text(yaml.safe_dump(claims, allow_unicode=True), encoding="utf-8")
        with pytest.raises(FactcheckError, match="a claim that is not checkable takes check"):
            load_claims(path)


READ_ONLY_LIVE = {
    "factcheck.live",
    "factcheck.live.status",
    "factcheck.live.outcomes",
    "factcheck.live.drift_text",
}
"""What the report reads of the live side: the last drift check's status file, and the words
it says it in; none of them imports the network code."""


def test_the_offline_path_never_imports_the_network_code():
    code = (
        "import sys\n"
        "import factcheck.checks.verdicts, factcheck.report.render, factcheck.report.exports\n"
        "from factcheck.checks import kinds, module_for\n"
        "from factcheck.report.views import _view\n"
        "for kind in kinds():\n"
        "    module_for(kind); _view({'check': kind})\n"
        "print(sorted(m for m in sys.modules if m.startswith('factcheck.live') or m == 'requests'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    imported = set(ast.literal_eval(result.stdout.strip()))
    assert imported - READ_ONLY_LIVE == set()

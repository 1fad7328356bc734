# Fact-check pipeline: pinned sources -> recomputed claims -> PDF report.
#
#   snakemake -c1                build every article under sources/articles/ (offline)
#   snakemake -c1 new_article    draft the claims file of a new article (README)
#
# The logic lives in the `factcheck` package (workflow/factcheck); rules only wire files.
import glob
import os
import sys
import time
from functools import partial
from pathlib import Path

from snakemake.utils import min_version

# The package beside this file, whether or not it is installed: what is imported here, and
# what every job runs (`python3 workflow/steps.py`), on a cluster node or in a conda env too.
sys.path.insert(0, os.path.join(workflow.basedir, "workflow"))

from factcheck.pipeline.dag import (
    article_ids,
    article_text_for,
    code_digest,
    extracts_for,
    interpreter_first_on_path,
    present,
    remember_between_runs,
    step_command,
    validate_settings,
)
from factcheck.pipeline.provenance import COMMIT_VARIABLE, git_commit
from factcheck.pipeline.scheduling import cancel_pending_timers
from factcheck.pipeline.summary import report_summary
from factcheck.schema import apply_defaults

min_version("9.0")


configfile: "config/config.yaml"


# The package's validator: errors name the setting and its allowed values, and it spares
# every run the import of pandas that Snakemake's own validate brings; settings found valid
# once are not validated again (their digest is kept in .snakemake/).
apply_defaults(config, "config")
validate_settings(
    config,
    "config/config.yaml (or --config)",
    ".snakemake/factcheck-valid-config.sha256",
)
RUN_STARTED = time.time()
# `--config online=true` arrives as the string "true"; true only when asked for.
ONLINE = str(config["online"]).lower() == "true"
MIRROR = config["mirror"] or ""
# Left by the `drift` target: the outcome of the last drift check, which the report states.
# No rule produces it, so that a build never schedules drift's jobs.
DRIFT_STATUS = "output/drift-status.json"

# The shell command of a step: `python3 workflow/steps.py <arguments>`, `python3` as the
# job's PATH finds it: the job's own environment's (conda, a container) if it has one, else
# the interpreter running Snakemake, whose folder comes first on the PATH the jobs inherit.
# No path of this machine is in a command, so Snakemake (which reruns a job whose command
# changed) sees the same commands whichever interpreter, virtual environment or cluster node
# runs it. Its stderr goes to the rule's log, and every {placeholder} is quoted for the
# shell. The command carries the package's digest, so a change to the code reruns the steps
# it drives.
interpreter_first_on_path(sys.executable, os.environ)
factcheck_step = partial(step_command, code=code_digest("workflow/factcheck"))
# The pipeline's commit, which verdicts.json records, found once here and passed on to the
# jobs, also where the workflow's files come without their git history (a cluster node).
os.environ.setdefault(COMMIT_VARIABLE, git_commit(Path(workflow.basedir)))


envvars:
    COMMIT_VARIABLE,


# One per claims file; a file name that is not a valid id stops the build here. What each
# claims file names (extracts, text) is kept between runs, by the file's version.
ARTICLES = article_ids("sources/articles")
remember_between_runs(".snakemake/factcheck-claims.json")


# Run where Snakemake runs, never on a cluster's nodes: the targets that use the network
# (fetch, raw, pin_documents), that change this folder's files (pin, new_article, raw_import)
# or that only gather (all, drift and its reports, which read every fetched source).
localrules:
    all,
    fetch,
    fetched_sources,
    drift_report,
    drift,
    pin,
    pin_documents,
    raw,
    raw_import,
    new_article,


include: "workflow/rules/report.smk"
include: "workflow/rules/sources.smk"
include: "workflow/rules/documents.smk"
include: "workflow/rules/articles.smk"
include: "workflow/rules/raw.smk"


rule all:
    default_target: True
    input:
        expand("output/{article}/report.pdf", article=ARTICLES),
        expand("output/{article}/verdicts.json", article=ARTICLES),
        expand("output/{article}/report.html", article=ARTICLES),
        expand("output/{article}/claims.csv", article=ARTICLES),
        expand("output/{article}/claimreview.jsonld", article=ARTICLES),


# Snakemake's job-rate limiter arms a Timer at every scheduling pass, which fires one
# timespan later (60 s, as profiles/default sets it); cancel those still pending so that
# Snakemake exits when the build ends. A run that built reports ends with a line per article:
# its report and the count of each verdict.
onsuccess:
    cancel_pending_timers()
    for line in report_summary(
        ARTICLES, since=RUN_STARTED, base_url=config["report_base_url"]
    ):
        print(line)


onerror:
    cancel_pending_timers()

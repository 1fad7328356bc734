# Fact-check pipeline: pinned sources -> recomputed claims -> PDF report.
#
#   snakemake -c1            build every article under sources/articles/ (offline)
#
# The logic lives in the `factcheck` package (workflow/factcheck); rules only wire files.
import glob
import sys
from functools import partial
from pathlib import Path

from snakemake.utils import min_version

from factcheck.pipeline.dag import (
    article_ids,
    article_text_for,
    code_digest,
    extracts_for,
    step_command,
)
from factcheck.pipeline.scheduling import cancel_pending_timers
from factcheck.schema import apply_defaults, validate

min_version("9.0")


configfile: "config/config.yaml"


# The package's validator: errors name the setting and its allowed values, and it spares
# every run the import of pandas that Snakemake's own validate brings.
apply_defaults(config, "config")
validate(config, "config", "config/config.yaml (or --config)")
# `--config online=true` arrives as the string "true"; true only when asked for.
ONLINE = str(config["online"]).lower() == "true"
MIRROR = config["mirror"] or ""

# The shell command of a step: `python -m factcheck <arguments>` with the interpreter running
# Snakemake (which has the package installed), its stderr in the rule's log, and every
# {placeholder} quoted for the shell. The command carries the package's digest, so a change
# to the code reruns the steps it drives.
factcheck_step = partial(
    step_command, python=sys.executable, code=code_digest("workflow/factcheck")
)
# One per claims file; a file name that is not a valid id stops the build here.
ARTICLES = article_ids("sources/articles")


include: "workflow/rules/report.smk"
include: "workflow/rules/sources.smk"
include: "workflow/rules/documents.smk"


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
# Snakemake exits when the build ends.
onsuccess:
    cancel_pending_timers()


onerror:
    cancel_pending_timers()

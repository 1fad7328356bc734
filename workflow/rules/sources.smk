# Live sources: fetch -> fetched state -> drift report -> drift status; pin accepts the
# fetched state.
#
#   snakemake -c1 drift --config online=true    fetch every live source, report drift
#   snakemake -c1 pin                           make the last fetched state the pinned one
#
# None of this is part of the default build, which never touches the network: the report
# reads only the drift status that the `drift` target leaves behind (DRIFT_STATUS), a file
# no rule produces, so that a build never schedules a fetch, whatever drift left behind.
# Values reach the commands as `--name={...}`: quoted for the shell, and an empty value
# still makes a valid option.
from datetime import UTC, datetime

from factcheck.pipeline.dag import article_texts, live_sources, pinned_extracts

LIVE = live_sources("sources")  # id -> url, format of each non-archived source
# New on every online invocation: Snakemake's params trigger then refetches every source,
# so that drift always compares with what the publishers serve now; the fetch records
# carry it, so that pin can tell the fetched state of the last drift run from an older one.
FETCH_RUN = datetime.now(UTC).isoformat() if ONLINE else "offline"


rule fetch:
    input:
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
    output:
        raw="output/fetched/raw/{source}",
        record="output/fetched/raw/{source}.json",
    log:
        "output/logs/fetch/{source}.log",
    wildcard_constraints:
        source="|".join(LIVE) or "(?!)",
    conda:
        "../envs/factcheck.yaml"
    params:
        online="--online" if ONLINE else "",
        mirror=MIRROR,
        timeout=config["fetch_timeout"],
        deadline=config["fetch_deadline"],
        retries=config["fetch_retries"],
        max_bytes=config["fetch_max_bytes"],
        cache="output/fetched/cache",
        run=FETCH_RUN,
    shell:
        factcheck_step(
            "fetch --source={wildcards.source} --sources=sources --out={output.raw}"
            " --record={output.record} --cache={params.cache} {params.online}"
            " --mirror={params.mirror} --timeout={params.timeout}"
            " --deadline={params.deadline} --retries={params.retries}"
            " --max-bytes={params.max_bytes} --run={params.run}"
        )


rule fetched_sources:
    input:
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
        extracts=pinned_extracts("sources"),
        raw=expand("output/fetched/raw/{source}", source=LIVE),
        records=expand("output/fetched/raw/{source}.json", source=LIVE),
    output:
        directory("output/fetched/sources"),
    log:
        "output/logs/fetched_sources.log",
    conda:
        "../envs/factcheck.yaml"
    shell:
        factcheck_step(
            "stage-fetched --sources=sources --records {input.records} --out={output}"
        )


rule drift_report:
    input:
        fetched="output/fetched/sources",
        lock="sources/sources.lock.json",
        extracts=pinned_extracts("sources"),
        claims=expand("sources/articles/{article}.yaml", article=ARTICLES),
        # a function, so that only these targets read every claims file, not every run
        texts=lambda w: article_texts(ARTICLES),
    output:
        json="output/drift.json",
        markdown="output/drift.md",
    log:
        "output/logs/drift_report.log",
    conda:
        "../envs/factcheck.yaml"
    shell:
        factcheck_step(
            "drift --sources=sources --fetched={input.fetched} --claims {input.claims}"
            " --article-text-dir=sources/articles --json={output.json}"
            " --markdown={output.markdown}"
        )


# Target rules without output files: Snakemake runs them whenever they are asked for.
# `drift` prints what drifted and leaves the drift status, even when it fails.
rule drift:
    input:
        json="output/drift.json",
        markdown="output/drift.md",
    log:
        "output/logs/drift.log",
    conda:
        "../envs/factcheck.yaml"
    params:
        status=DRIFT_STATUS,
    shell:
        factcheck_step(
            "drift-check --drift={input.json} --markdown={input.markdown}"
            " --status={params.status}",
            fail_on=config["drift_fail_on"],
        )


# Reads the fetched state left by the last drift without refetching it: what is pinned is
# exactly what that drift report showed, after pin has checked it is still fit to pin.
rule pin:
    input:
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
        claims=expand("sources/articles/{article}.yaml", article=ARTICLES),
        # a function, so that only these targets read every claims file, not every run
        texts=lambda w: article_texts(ARTICLES),
    log:
        "output/logs/pin.log",
    conda:
        "../envs/factcheck.yaml"
    params:
        fetched="output/fetched/sources",
        records="output/fetched/raw",
        status=DRIFT_STATUS,
        only=config["pin_sources"] or "",
        reviewed="true" if str(config["pin_reviewed"]).lower() == "true" else "false",
    shell:
        factcheck_step(
            "pin-fetched --sources=sources --fetched={params.fetched}"
            " --records={params.records} --status={params.status}"
            " --claims {input.claims} --article-text-dir=sources/articles"
            " --only={params.only} --reviewed={params.reviewed}"
        )

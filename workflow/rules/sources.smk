# Live sources: fetch -> fetched state -> drift report; pin accepts the fetched state.
#
#   snakemake -c1 drift --config online=true    fetch every live source, report drift
#   snakemake -c1 pin                           make the last fetched state the pinned one
#
# None of this is part of the default build, which never touches the network.
from datetime import UTC, datetime

from factcheck.pipeline.dag import live_sources, pinned_extracts

LIVE = live_sources("sources")  # id -> url, format of each non-archived source
# New on every online invocation: Snakemake's params trigger then refetches every source,
# so that drift always compares with what the publishers serve now.
FETCH_RUN = datetime.now(UTC).isoformat() if ONLINE else "offline"


rule fetch:
    input:
        catalog="sources/catalog.yaml",
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
        url=lambda w: LIVE[w.source]["url"],
        format=lambda w: LIVE[w.source]["format"],
        online="--online" if ONLINE else "",
        mirror=MIRROR,
        timeout=config["fetch_timeout"],
        retries=config["fetch_retries"],
        max_bytes=config["fetch_max_bytes"],
        cache="output/fetched/cache",
        run=FETCH_RUN,
    shell:
        factcheck_step(
            "fetch --url {params.url} --format {params.format}"
            " --out {output.raw} --record {output.record} --cache {params.cache}"
            " {params.online} --mirror={params.mirror} --timeout {params.timeout}"
            " --retries {params.retries} --max-bytes {params.max_bytes}"
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
    params:
        mirror=MIRROR,
    shell:
        factcheck_step(
            "stage-fetched --sources sources --records {input.records}"
            " --mirror={params.mirror} --out {output}"
        )


rule drift_report:
    input:
        fetched="output/fetched/sources",
        lock="sources/sources.lock.json",
        extracts=pinned_extracts("sources"),
        claims=expand("sources/articles/{article}.yaml", article=ARTICLES),
        texts=lambda w: [
            text
            for article in ARTICLES
            for text in article_text_for(
                f"sources/articles/{article}.yaml", config["article_text_dir"]
            )
        ],
    output:
        json="output/drift.json",
        markdown="output/drift.md",
    log:
        "output/logs/drift_report.log",
    conda:
        "../envs/factcheck.yaml"
    shell:
        factcheck_step(
            "drift --sources sources --fetched {input.fetched} --claims {input.claims}"
            " --json {output.json} --markdown {output.markdown}",
            article_text_dir=config["article_text_dir"],
        )


# Target rules without output files: Snakemake runs them whenever they are asked for.
rule drift:
    input:
        json="output/drift.json",
        markdown="output/drift.md",
    log:
        "output/logs/drift.log",
    conda:
        "../envs/factcheck.yaml"
    shell:
        factcheck_step(
            "drift-check --drift {input.json} --markdown {input.markdown}",
            fail_on=config["drift_fail_on"],
        )


# Reads the fetched state left by the last drift without refetching it: what is pinned is
# exactly what that drift report showed.
rule pin:
    input:
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
    log:
        "output/logs/pin.log",
    conda:
        "../envs/factcheck.yaml"
    params:
        fetched="output/fetched/sources",
    shell:
        factcheck_step("pin-fetched --sources sources --fetched {params.fetched}")

# Raw publisher files: a cache of them by sha256 (<cache>/<sha256>), for the parser tests and
# the tools that read them. Never part of the default build, which reads only the extracts.
#
#   snakemake -c1 raw --config online=true                  download every raw file missing
#   snakemake -c1 raw_import --config raw_import_from=DIR    take them from a folder of files
#
# Which files: every pinned source's (the lock), and the other files the tests read (their
# manifest, tests/raw_files.yaml, when the tests are there).
RAW_MANIFEST = [path for path in ["tests/raw_files.yaml"] if Path(path).exists()]


# Target rules without output files: Snakemake runs them whenever they are asked for.
rule raw:
    input:
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
        manifest=RAW_MANIFEST,
    log:
        "output/logs/raw.log",
    conda:
        "../envs/factcheck.yaml"
    params:
        # derived from the input, so Snakemake does not compare it
        manifest=lambda w, input: (
            ["--manifest", *input.manifest] if input.manifest else []
        ),
        cache=config["raw_cache"],
        online="--online" if ONLINE else "",
        mirror=MIRROR,
        timeout=config["fetch_timeout"],
        retries=config["fetch_retries"],
        max_bytes=config["fetch_max_bytes"],
    shell:
        factcheck_step(
            "raw-fetch --sources sources {params.manifest} --cache={params.cache}"
            " {params.online} --mirror={params.mirror} --timeout {params.timeout}"
            " --retries {params.retries} --max-bytes {params.max_bytes}"
        )


rule raw_import:
    input:
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
        manifest=RAW_MANIFEST,
    log:
        "output/logs/raw_import.log",
    conda:
        "../envs/factcheck.yaml"
    params:
        manifest=lambda w, input: (
            ["--manifest", *input.manifest] if input.manifest else []
        ),
        cache=config["raw_cache"],
        folder=config["raw_import_from"],
    shell:
        factcheck_step(
            "raw-import --sources sources {params.manifest} --cache={params.cache}"
            " --folder={params.folder}"
        )

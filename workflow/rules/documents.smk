# Primary documents quoted by document_quote claims: fetched once, pinned as page texts in
# sources/documents/<id>.json, against which the default build checks quotes offline.
#
#   snakemake -c1 pin_documents --config online=true    pin every document not yet pinned
#
# Documents already pinned from the same URL are kept; delete <id>.json to fetch one again.


# A target rule without output files: Snakemake runs it whenever it is asked for.
rule pin_documents:
    input:
        claims=expand("sources/articles/{article}.yaml", article=ARTICLES),
    log:
        "output/logs/pin_documents.log",
    conda:
        "../envs/factcheck.yaml"
    params:
        online="--online" if ONLINE else "",
        mirror=MIRROR,
    shell:
        factcheck_step(
            "pin-documents --sources sources {params.online} --mirror={params.mirror}"
        )

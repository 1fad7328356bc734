# Per article: claims + pinned extracts -> verdicts.json -> report.html -> report.pdf, and
# the exports (claims.csv, claimreview.jsonld).
#
# One job per article: its four steps run in one process, since starting Python and
# importing WeasyPrint and matplotlib cost more than most steps themselves, and a scheduler
# weighs every job at every pass (benchmarks/README.md). A failed step leaves none of the
# five products: Snakemake removes a failed job's outputs (after Ctrl-C it marks them
# incomplete instead, and the next run rebuilds them).
#
# The settings are written into the command itself (factcheck_step's keyword arguments)
# rather than passed as `params:`: to compare params for reruns, Snakemake imports pandas,
# which would add ~0.2 s to every run, even a no-op. A changed setting changes the command,
# which reruns the job just the same. The command names input files only, never their
# folders: the job finds the sources beside the catalog, the article's text beside its
# claims file and the stylesheet beside the template, in this folder or wherever a storage
# provider put them. `--drift` names the drift status, when there is one.
#
# The jobs form one group, `article`, so that a cluster can send several in one submission.
# The job is single-threaded; memory (MB) and runtime (minutes) are about three and ten
# times what it took on the largest real article (benchmarks/resources.py measures them; see
# benchmarks/README.md).


rule report:
    input:
        claims="sources/articles/{article}.yaml",
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
        extracts=lambda w: extracts_for(f"sources/articles/{w.article}.yaml"),
        documents=glob.glob("sources/documents/*.json"),
        text=lambda w: article_text_for(f"sources/articles/{w.article}.yaml"),
        template="templates/report.html.j2",
        stylesheet="templates/report.css",
        drift=present(DRIFT_STATUS, workflow),
    output:
        verdicts="output/{article}/verdicts.json",
        html="output/{article}/report.html",
        pdf="output/{article}/report.pdf",
        csv="output/{article}/claims.csv",
        jsonld="output/{article}/claimreview.jsonld",
    log:
        "output/logs/{article}/report.log",
    group:
        "article"
    conda:
        "../envs/factcheck.yaml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=1,
    shell:
        factcheck_step(
            "article --claims {input.claims} --catalog {input.catalog}"
            " --template {input.template} --drift {input.drift}"
            " --verdicts {output.verdicts} --html {output.html} --pdf {output.pdf}"
            " --csv {output.csv} --jsonld {output.jsonld}",
            base_url=config["report_base_url"],
        )

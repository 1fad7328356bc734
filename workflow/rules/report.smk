# Per article: claims + pinned extracts -> verdicts.json -> report.html -> report.pdf
#
# These rules are in every build, so their settings are written into the command itself
# (factcheck_step's keyword arguments) rather than passed as `params:`: to compare params for
# reruns, Snakemake imports pandas, which would add ~0.2 s to every run, even a no-op. A
# changed setting changes the command, which reruns the step just the same. The params they
# have are derived from their input, which Snakemake does not compare: where the job finds
# its input files, in this folder or where a storage provider put them.
#
# The jobs of one article form one group, which a cluster runs as one submission. Each step
# is single-threaded; memory (MB) and runtime (minutes) are about three and ten times what
# the step took on the largest real article (benchmarks/resources.py measures them; see
# benchmarks/README.md).


rule verdicts:
    input:
        claims="sources/articles/{article}.yaml",
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
        extracts=lambda w: extracts_for(f"sources/articles/{w.article}.yaml"),
        documents=glob.glob("sources/documents/*.json"),
        text=lambda w: article_text_for(f"sources/articles/{w.article}.yaml"),
    output:
        "output/{article}/verdicts.json",
    log:
        "output/logs/{article}/verdicts.log",
    group:
        "article"
    conda:
        "../envs/factcheck.yaml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=1,
    params:
        sources=lambda w, input: os.path.dirname(input.catalog),
        texts=lambda w, input: os.path.dirname(input.claims),
    shell:
        factcheck_step(
            "verdicts --claims {input.claims} --sources {params.sources} --out {output}"
            " --article-text-dir {params.texts}"
        )


rule report_html:
    input:
        verdicts="output/{article}/verdicts.json",
        template="templates/report.html.j2",
        stylesheet="templates/report.css",
        drift=present(DRIFT_STATUS, workflow),
    output:
        "output/{article}/report.html",
    log:
        "output/logs/{article}/report_html.log",
    group:
        "article"
    conda:
        "../envs/factcheck.yaml"
    threads: 1
    resources:
        mem_mb=256,
        runtime=1,
    params:
        templates=lambda w, input: os.path.dirname(input.template),
        drift=lambda w, input: ["--drift", *input.drift] if input.drift else [],
    shell:
        factcheck_step(
            "html --verdicts {input.verdicts} --templates {params.templates} {params.drift}"
            " --out {output}"
        )


rule report_pdf:
    input:
        html="output/{article}/report.html",
        stylesheet="templates/report.css",
    output:
        "output/{article}/report.pdf",
    log:
        "output/logs/{article}/report_pdf.log",
    group:
        "article"
    conda:
        "../envs/factcheck.yaml"
    threads: 1
    resources:
        mem_mb=512,
        runtime=1,
    params:
        templates=lambda w, input: os.path.dirname(input.stylesheet),
    shell:
        factcheck_step(
            "pdf --html {input.html} --templates {params.templates} --out {output}"
        )


rule exports:
    input:
        verdicts="output/{article}/verdicts.json",
    output:
        csv="output/{article}/claims.csv",
        jsonld="output/{article}/claimreview.jsonld",
    log:
        "output/logs/{article}/exports.log",
    group:
        "article"
    conda:
        "../envs/factcheck.yaml"
    threads: 1
    resources:
        mem_mb=128,
        runtime=1,
    shell:
        factcheck_step(
            "exports --verdicts {input.verdicts} --csv {output.csv} --jsonld {output.jsonld}",
            base_url=config["report_base_url"],
        )

# Per article: claims + pinned extracts -> verdicts.json -> report.html -> report.pdf
#
# These rules are in every build, so their settings are written into the command itself
# (factcheck_step's keyword arguments) rather than passed as `params:`: to compare params for
# reruns, Snakemake imports pandas, which would add ~0.2 s to every run, even a no-op. A
# changed setting changes the command, which reruns the step just the same.


rule verdicts:
    input:
        claims="sources/articles/{article}.yaml",
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
        extracts=lambda w: extracts_for(f"sources/articles/{w.article}.yaml"),
        documents=glob.glob("sources/documents/*.json"),
        text=lambda w: article_text_for(
            f"sources/articles/{w.article}.yaml", config["article_text_dir"]
        ),
    output:
        "output/{article}/verdicts.json",
    log:
        "output/logs/{article}/verdicts.log",
    conda:
        "../envs/factcheck.yaml"
    shell:
        factcheck_step(
            "verdicts --claims {input.claims} --sources sources --out {output}",
            article_text_dir=config["article_text_dir"],
        )


rule report_html:
    input:
        verdicts="output/{article}/verdicts.json",
        template="templates/report.html.j2",
        stylesheet="templates/report.css",
        drift=[path for path in [DRIFT_STATUS] if Path(path).exists()],
    output:
        "output/{article}/report.html",
    log:
        "output/logs/{article}/report_html.log",
    conda:
        "../envs/factcheck.yaml"
    params:
        # derived from the input, so Snakemake does not compare it
        drift=lambda w, input: ["--drift", *input.drift] if input.drift else [],
    shell:
        factcheck_step(
            "html --verdicts {input.verdicts} --templates templates {params.drift}"
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
    conda:
        "../envs/factcheck.yaml"
    shell:
        factcheck_step("pdf --html {input.html} --templates templates --out {output}")


rule exports:
    input:
        verdicts="output/{article}/verdicts.json",
    output:
        csv="output/{article}/claims.csv",
        jsonld="output/{article}/claimreview.jsonld",
    log:
        "output/logs/{article}/exports.log",
    conda:
        "../envs/factcheck.yaml"
    shell:
        factcheck_step(
            "exports --verdicts {input.verdicts} --csv {output.csv} --jsonld {output.jsonld}",
            base_url=config["report_base_url"],
        )

# Per article: claims + pinned extracts -> verdicts.json -> report.html -> report.pdf


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
    params:
        python=PYTHON,
        code=CODE,
        text_dir=config["article_text_dir"],
    shell:
        "{params.python} -m factcheck verdicts --claims {input.claims} --sources sources"
        " --article-text-dir {params.text_dir} --out {output} 2> {log}"
        " || (cat {log} >&2; exit 1)"


rule report_html:
    input:
        verdicts="output/{article}/verdicts.json",
        template="templates/report.html.j2",
        stylesheet="templates/report.css",
        drift=[path for path in ["output/drift.json"] if Path(path).exists()],
    output:
        "output/{article}/report.html",
    log:
        "output/logs/{article}/report_html.log",
    conda:
        "../envs/factcheck.yaml"
    params:
        python=PYTHON,
        code=CODE,
        drift=lambda w, input: f"--drift {input.drift}" if input.drift else "",
    shell:
        "{params.python} -m factcheck html --verdicts {input.verdicts} --templates templates"
        " {params.drift}"
        " --out {output} 2> {log} || (cat {log} >&2; exit 1)"


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
    params:
        python=PYTHON,
        code=CODE,
    shell:
        "{params.python} -m factcheck pdf --html {input.html} --templates templates"
        " --out {output} 2> {log} || (cat {log} >&2; exit 1)"


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
    params:
        python=PYTHON,
        code=CODE,
        report_url=lambda w: f"{config['report_base_url']}{w.article}/report.html",
    shell:
        "{params.python} -m factcheck exports --verdicts {input.verdicts} --csv {output.csv}"
        " --jsonld {output.jsonld} --report-url {params.report_url:q}"
        " 2> {log} || (cat {log} >&2; exit 1)"

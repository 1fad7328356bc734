# A new article: its saved text -> sources/articles/<id>.txt, and a draft of its claims file,
# sources/articles/<id>.yaml, to finish by hand (README: "Checking a new article").
#
#   snakemake -c1 new_article --config new_article_id=... new_article_text=... (see README)
#
# None of this is part of the default build.
from factcheck.pipeline.dag import pinned_extracts


# A target rule without output files: declared outputs would let Snakemake delete or rebuild
# a claims file someone is finishing by hand. The step itself refuses to overwrite a file.
# Options are written --name=value: an unset setting ("") quotes to nothing, and the step
# then names what is missing.
rule new_article:
    input:
        # a function, so that the setting is read only when the draft is asked for
        text=lambda w: config["new_article_text"] or [],
        catalog="sources/catalog.yaml",
        lock="sources/sources.lock.json",
        extracts=pinned_extracts("sources"),
    log:
        "output/logs/new_article.log",
    conda:
        "../envs/factcheck.yaml"
    params:
        id=config["new_article_id"],
        url=config["new_article_url"],
        outlet=config["new_article_outlet"],
        author=config["new_article_author"],
        title=config["new_article_title"],
        published=config["new_article_published"],
    shell:
        factcheck_step(
            "new-article --id={params.id} --text={input.text} --url={params.url}"
            " --outlet={params.outlet} --author={params.author} --title={params.title}"
            " --published={params.published} --articles sources/articles --sources sources"
        )

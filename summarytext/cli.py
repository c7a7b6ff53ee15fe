"""The ``summarytext`` command line.

Every command takes files, folders or compilations (default: the bundled sample
corpus) and writes a table (.csv, .xlsx, .json, .parquet) or prints it.

Examples::

    summarytext metrics                       # metrics of the sample corpus, printed
    summarytext metrics reports/ -o metrics.csv
    summarytext segment report.txt
    summarytext split huibian.txt -o out/
"""
from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import click

from .io import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .corpus import Corpus

logger = logging.getLogger("summarytext")

TABLE_SUFFIXES = (".csv", ".xlsx", ".json", ".parquet", ".tsv")


class _Options:
    def __init__(self, quiet: bool, strict: bool, script: str):
        self.quiet = quiet
        self.strict = strict
        self.script = None if script == "original" else script


def common_options(func):
    """Options every command takes: -q, --strict, --script."""
    func = click.option("--script", type=click.Choice(["original", "simplified"]), default="original", show_default=True,
                        help="Convert traditional characters to simplified before analysis.")(func)
    func = click.option("--strict", is_flag=True, help="Exit with status 1 when any input file was skipped.")(func)
    func = click.option("-q", "--quiet", is_flag=True, help="No progress bar and no messages.")(func)
    return func


def _options(quiet: bool, strict: bool, script: str) -> _Options:
    if not quiet:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    return _Options(quiet, strict, script)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarytext")
def main() -> None:
    """Mine Chinese work-summary corpora (政协 work summaries, reports and compilations).

    PATH arguments are files (.txt, .md, .docx), folders or compilations; with no
    PATH the bundled sample corpus is used.  Every command takes -q (quiet), --strict
    (exit 1 when a file was skipped) and --script simplified.

    \b
    Examples:
      summarytext metrics                      # the sample corpus
      summarytext metrics reports/ -o metrics.xlsx
      summarytext themes reports/ --matrix per_1000_chars
      summarytext compare reports/ --what shared
      summarytext report reports/ -o report.html
      summarytext pipeline reports/ -o results/ -j 2
      summarytext split huibian.txt -o documents/
    """


def load_inputs(paths: Iterable[str], *, script: str | None, quiet: bool = False) -> "Corpus":
    """A corpus from files, folders and compilations (the sample corpus when no path is given).

    Ids that two inputs share get ``~2``, ``~3`` …; unreadable files go to ``corpus.skipped``.
    """
    from .corpus import Corpus, iter_file_documents, unique_id
    from .samples import load_sample

    paths = list(paths)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skipped files are reported from corpus.skipped
        if not paths:
            return load_sample(script=script)
        corpus = Corpus()
        for raw in paths:
            p = Path(raw)
            if p.is_dir():
                part = Corpus.from_dir(p, script=script, errors="ignore")
                docs = list(part)
                corpus.skipped.extend(part.skipped)
            elif p.exists():
                docs = list(iter_file_documents(p, script=script, skipped=corpus.skipped, errors="ignore"))
            else:
                raise click.BadParameter(f"{raw}: no such file or folder", param_hint="PATH")
            for doc in docs:
                doc.doc_id = unique_id(doc.doc_id, corpus)
                corpus.add(doc)
    return corpus


def write_table(frame: "pd.DataFrame", output: str | None) -> None:
    """Write a DataFrame atomically (temporary file, then rename) or print it."""
    if output is None:
        import pandas as pd

        with pd.option_context("display.max_rows", 60, "display.width", 200, "display.max_colwidth", 40):
            click.echo(frame.to_string(index=False))
        return
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise click.BadParameter(f"{output}: unsupported table format {suffix or '(none)'}; use one of {', '.join(TABLE_SUFFIXES)}", param_hint="-o")

    def write(tmp: str) -> None:
        if suffix == ".csv":
            frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        elif suffix == ".tsv":
            frame.to_csv(tmp, index=False, sep="\t", encoding="utf-8")
        elif suffix == ".xlsx":
            frame.to_excel(tmp, index=False, engine="openpyxl")
        elif suffix == ".json":
            frame.to_json(tmp, orient="records", force_ascii=False, indent=1)
        else:
            frame.to_parquet(tmp, index=False)

    atomic_write(path, write)


def _theme_lexicon(path: str | None):
    """The theme lexicon of ``--lexicon`` (None: the shipped one); a bad file is a clean error."""
    if not path:
        return None
    from .errors import LexiconError
    from .themes import ThemeLexicon

    try:
        return ThemeLexicon.from_file(path)
    except LexiconError as exc:
        raise click.ClickException(str(exc)) from exc


def _report_skipped(ctx: click.Context, opts: _Options, corpus: "Corpus") -> None:
    if corpus.skipped and not opts.quiet:
        click.echo(f"{len(corpus.skipped)} file(s) skipped:", err=True)
        for s in corpus.skipped:
            click.echo(f"  {s.path}: {s.reason}", err=True)
    if corpus.skipped and opts.strict:
        ctx.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", help="Write the table to this file (.csv, .xlsx, .json, .parquet, .tsv).")
@click.option("--summary", is_flag=True, help="One row per document instead of one row per metric.")
@common_options
@click.pass_context
def metrics(ctx: click.Context, paths: tuple[str, ...], output: str | None, summary: bool, quiet: bool, strict: bool, script: str) -> None:
    """Every count, amount and rate of the reports (one row per metric).

    \b
    Examples:
      summarytext metrics
      summarytext metrics reports/ -o metrics.csv
      summarytext metrics huibian.txt --summary
    """
    from .metrics import extract_metrics, metrics_summary

    opts = _options(quiet, strict, script)
    corpus = load_inputs(paths, script=opts.script, quiet=opts.quiet)
    frame = extract_metrics(_progress(corpus, opts.quiet, "metrics"))
    if summary:
        frame = metrics_summary(frame, doc_ids=corpus.ids)
    write_table(frame, output)
    _report_skipped(ctx, opts, corpus)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", help="Write the table to this file (.csv, .xlsx, .json, .parquet, .tsv).")
@click.option("--level", type=click.Choice(["sentence", "paragraph", "section", "document"]), default="paragraph", show_default=True)
@click.option("--matrix", "as_matrix", type=click.Choice(["count", "per_1000_chars", "presence", "paragraphs"]),
              help="Instead of one row per tagged unit, a documents x themes table of this measure.")
@click.option("--brands", is_flag=True, help="List the brands and slogans found (known and new) instead.")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False), help="A theme lexicon file (TOML or YAML) to use instead of the shipped one.")
@common_options
@click.pass_context
def themes(ctx: click.Context, paths: tuple[str, ...], output: str | None, level: str, as_matrix: str | None, brands: bool,
           lexicon: str | None, quiet: bool, strict: bool, script: str) -> None:
    """Programme brands and work areas of each paragraph (or sentence, section, document).

    \b
    Examples:
      summarytext themes reports/ -o themes.csv
      summarytext themes reports/ --matrix per_1000_chars -o matrix.xlsx
      summarytext themes reports/ --brands
      summarytext themes reports/ --lexicon my_themes.toml
    """
    from .brands import discover_brands
    from .themes import tag_themes, theme_matrix

    opts = _options(quiet, strict, script)
    lex = _theme_lexicon(lexicon)
    corpus = load_inputs(paths, script=opts.script, quiet=opts.quiet)
    if brands:
        frame = discover_brands(corpus, lexicon=lex)
    elif as_matrix:
        frame = theme_matrix(_progress(corpus, opts.quiet, "themes"), normalize=as_matrix, lexicon=lex).reset_index()
    else:
        frame = tag_themes(_progress(corpus, opts.quiet, "themes"), level=level, lexicon=lex)
    write_table(frame, output)
    _report_skipped(ctx, opts, corpus)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", help="Write the table to this file (.csv, .xlsx, .json, .parquet, .tsv).")
@click.option("--what", type=click.Choice(["similarity", "top", "distinctive", "shared", "boilerplate", "metrics", "themes"]),
              default="top", show_default=True, help="Which table of the comparison to write.")
@click.option("-k", default=5, show_default=True, help="Neighbours per document for --what top.")
@click.option("-n", default=20, show_default=True, help="Terms per document for --what distinctive.")
@common_options
@click.pass_context
def compare(ctx: click.Context, paths: tuple[str, ...], output: str | None, what: str, k: int, n: int,
            quiet: bool, strict: bool, script: str) -> None:
    """Compare documents: nearest neighbours, distinctive terms, shared and templated passages.

    \b
    Examples:
      summarytext compare reports/                       # each document's most similar ones
      summarytext compare reports/ --what distinctive -n 15 -o terms.csv
      summarytext compare reports/ --what shared -o shared.xlsx
      summarytext compare reports/ --what boilerplate
    """
    from .compare import compare as make_comparison

    opts = _options(quiet, strict, script)
    corpus = load_inputs(paths, script=opts.script, quiet=opts.quiet)
    if len(corpus) < 2:
        raise click.ClickException("comparison needs at least two documents")
    comparison = make_comparison(corpus)
    if what == "similarity":
        frame = comparison.similarity.reset_index()
    elif what == "top":
        frame = comparison.top_k(k)
    elif what == "distinctive":
        frame = comparison.distinctive_terms(n=n)
    elif what == "shared":
        frame = comparison.shared_passages()
    elif what == "boilerplate":
        frame = comparison.boilerplate()
    elif what == "metrics":
        frame = comparison.metrics_table().reset_index()
    else:
        frame = comparison.themes_table().reset_index()
    write_table(frame, output)
    _report_skipped(ctx, opts, corpus)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", default="summarytext-report.html", show_default=True, help="The HTML file to write.")
@click.option("--title", default="summarytext report", show_default=True)
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False), help="A theme lexicon file to use instead of the shipped one.")
@click.option("-j", "--jobs", "n_jobs", default=1, show_default=True, help="Worker processes for metrics (-1: all CPUs).")
@common_options
@click.pass_context
def report(ctx: click.Context, paths: tuple[str, ...], output: str, title: str, lexicon: str | None, n_jobs: int,
           quiet: bool, strict: bool, script: str) -> None:
    """One self-contained HTML report: overview, metrics, themes, comparison, brands, problems.

    \b
    Examples:
      summarytext report                                 # the sample corpus
      summarytext report reports/ -o report.html --title "2024年政协工作总结"
    """
    from .report import build_report

    opts = _options(quiet, strict, script)
    lex = _theme_lexicon(lexicon)
    corpus = load_inputs(paths, script=opts.script, quiet=opts.quiet)
    if not len(corpus):
        raise click.ClickException("no readable documents in the input")
    steps = ["overview", "metrics", "themes", "comparison", "brands", "problems"]
    if opts.quiet:
        built = build_report(corpus, title=title, lexicon=lex, n_jobs=n_jobs)
    else:
        from tqdm.auto import tqdm

        with tqdm(total=len(steps), desc="report", file=sys.stderr, leave=False) as bar:
            built = build_report(corpus, title=title, lexicon=lex, n_jobs=n_jobs, progress=lambda name: (bar.set_postfix_str(name), bar.update(1)))
    path = built.save(output)
    if not opts.quiet:
        click.echo(f"report written to {path}", err=True)
    _report_skipped(ctx, opts, corpus)


@main.command()
@click.argument("path", type=click.Path(exists=True), required=False)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Folder for documents, metrics, themes and skipped tables.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option("-j", "--jobs", "n_jobs", default=1, show_default=True, help="Worker processes (-1: all CPUs).")
@click.option("--chunk-size", default=64, show_default=True, help="Documents sent to a worker at a time.")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False), help="A theme lexicon file to use instead of the shipped one.")
@common_options
@click.pass_context
def pipeline(ctx: click.Context, path: str | None, output: str, fmt: str, n_jobs: int, chunk_size: int, lexicon: str | None,
             quiet: bool, strict: bool, script: str) -> None:
    """Metrics and themes of a whole folder, streamed: memory stays flat, results are
    appended to the output tables as they come.

    \b
    Examples:
      summarytext pipeline reports/ -o results/ -j 2
      summarytext pipeline reports/ -o results/ --format csv
    """
    from .pipeline import run_pipeline
    from .samples import sample_dir

    opts = _options(quiet, strict, script)
    lex = _theme_lexicon(lexicon)
    from .corpus import Corpus

    folder = Path(path) if path else sample_dir()
    if not folder.is_dir():
        raise click.BadParameter(f"{folder}: the pipeline reads a folder", param_hint="PATH")
    source = Corpus.from_dir(folder, lazy=True, script=opts.script, errors="ignore", exclude=() if path else ("README*",))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skipped files are listed below
        result = run_pipeline(source, output, format=fmt, n_jobs=n_jobs, chunk_size=chunk_size, lexicon=lex,
                              script=opts.script, progress=not opts.quiet)
    if not opts.quiet:
        click.echo(f"{result.documents} documents, {result.rows} rows written to {output} in {result.seconds:.1f} s", err=True)
        if result.skipped:
            import pandas as pd

            click.echo(f"{result.skipped} file(s) skipped:", err=True)
            for row in pd.read_csv(result.paths["skipped"]).itertuples():
                click.echo(f"  {row.path}: {row.reason}", err=True)
    if result.skipped and opts.strict:
        ctx.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--sep", default=" ", show_default=True, help="Separator printed between tokens.")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False), help="A user word list (jieba format: word [freq] [pos]).")
@common_options
@click.pass_context
def segment(ctx: click.Context, paths: tuple[str, ...], sep: str, lexicon: str | None, quiet: bool, strict: bool, script: str) -> None:
    """Word segmentation with the domain lexicon, one document after another.

    \b
    Examples:
      summarytext segment report.txt
      summarytext segment report.txt --lexicon my_terms.txt --sep "/"
    """
    from .segment import Segmenter, default_segmenter

    opts = _options(quiet, strict, script)
    corpus = load_inputs(paths, script=opts.script, quiet=opts.quiet)
    from .errors import LexiconError

    try:
        seg = Segmenter(user_dict=lexicon) if lexicon else default_segmenter()
    except LexiconError as exc:
        raise click.ClickException(str(exc)) from exc
    for doc in corpus:
        if not opts.quiet:
            click.echo(f"# {doc.doc_id}")
        for line in doc.text.split("\n"):
            click.echo(sep.join(t for t in seg.cut(line) if t.strip()))
    _report_skipped(ctx, opts, corpus)


@main.command()
@click.argument("compilation", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Folder for the documents and toc.csv.")
@common_options
def split(compilation: str, output: str, quiet: bool, strict: bool, script: str) -> None:
    """Split a compilation (汇编) into its documents: one .txt per present entry and toc.csv.

    \b
    Example:
      summarytext split huibian.txt -o documents/
    """
    from .compilation import read_compilation
    from .errors import ReadError

    opts = _options(quiet, strict, script)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            comp = read_compilation(Path(compilation), script=opts.script)
    except ReadError as exc:
        raise click.ClickException(str(exc)) from exc
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    for doc in comp.documents:
        index = doc.meta.get("toc_index", 0)
        name = f"{index:02d}-{_safe_name(doc.title or doc.doc_id)}.txt"
        body = (doc.title + "\n" if doc.title else "") + doc.text + "\n"
        atomic_write(out / name, lambda tmp, body=body: Path(tmp).write_text(body, encoding="utf-8"))
    write_table(comp.toc, str(out / "toc.csv"))
    if not opts.quiet:
        for w in caught:
            click.echo(f"warning: {w.message}", err=True)
        click.echo(f"{len(comp.documents)} documents written to {out}; {len(comp.missing)} listed but missing", err=True)


def _safe_name(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in title)
    return keep[:60] or "document"


def _progress(corpus: "Corpus", quiet: bool, desc: str):
    if quiet or len(corpus) < 2:
        return corpus
    from tqdm.auto import tqdm

    return tqdm(corpus, desc=desc, unit="doc", file=sys.stderr, leave=False)


if __name__ == "__main__":  # pragma: no cover
    main()

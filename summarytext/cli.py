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
from typing import TYPE_CHECKING, Any, Iterable

import click

from .errors import error_message
from .io import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .corpus import Corpus

logger = logging.getLogger("summarytext")

TABLE_SUFFIXES = (".csv", ".xlsx", ".json", ".parquet", ".tsv")
_DEBUG = "summarytext.debug"
_QUIET = "summarytext.quiet"
_FORCE = "summarytext.force"
_FOLLOW = "summarytext.follow_links"


class _Options:
    def __init__(self, quiet: bool, strict: bool, script: str):
        self.quiet = quiet
        self.strict = strict
        self.script = None if script == "original" else script


def common_options(func):
    """Options every command takes: -q, --strict, --script, --follow-links, --debug."""
    func = click.option("--follow-links", is_flag=True, expose_value=False, is_eager=True,
                        callback=lambda ctx, param, value: ctx.meta.__setitem__(_FOLLOW, value),
                        help="Read links in a folder that point outside it (passed over by default).")(func)
    func = click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug, is_eager=True,
                        help="Show the full traceback of an error (for reporting a bug).")(func)
    func = click.option("--script", type=click.Choice(["original", "simplified"]), default="original", show_default=True,
                        help="Convert traditional characters to simplified before analysis.")(func)
    func = click.option("--strict", is_flag=True, help="Exit with status 1 when any input file was skipped.")(func)
    func = click.option("-q", "--quiet", is_flag=True, help="No progress bar and no messages.")(func)
    return func


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_DEBUG] = True


def _set_force(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_FORCE] = True


def force_option(func):
    """``--force``: replace an output that exists (read before ``-o`` is checked)."""
    return click.option("--force", is_flag=True, expose_value=False, callback=_set_force, is_eager=True,
                        help="Replace the output if it exists (a file, or a folder that is not empty).")(func)


def _output_file(ctx: click.Context, value: str) -> None:
    """An output file that exists is refused unless --force: nothing is overwritten unasked."""
    from .errors import OutputError
    from .outputs import check_output_file

    try:
        check_output_file(value, force=bool(ctx.meta.get(_FORCE)))
    except OutputError as exc:
        raise click.BadParameter(f"{value}: {exc.reason}") from None


def _folder_output(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """An output folder that is not empty is refused unless --force."""
    from .errors import OutputError
    from .outputs import check_output_folder

    try:
        check_output_folder(value, force=bool(ctx.meta.get(_FORCE)))
    except OutputError as exc:
        raise click.BadParameter(f"{value}: {exc.reason}") from None
    return value


def _options(quiet: bool, strict: bool, script: str) -> _Options:
    ctx = click.get_current_context()
    ctx.meta[_QUIET] = quiet
    if not quiet:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if ctx.meta.get(_DEBUG):
        logger.setLevel(logging.DEBUG)
    return _Options(quiet, strict, script)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 file``, ``2 files``.

    >>> plural(1, "document"), plural(3, "document"), plural(2, "entry", "entries")
    ('1 document', '3 documents', '2 entries')
    """
    return f"{n} {word if n == 1 else (words or word + 's')}"


class _Group(click.Group):
    """The command group: a user's mistake, a file problem or a missing optional part ends
    the command with one line and a non-zero exit; ``--debug`` shows the traceback instead.
    Python warnings raised during a command are printed once each, after its output."""

    def invoke(self, ctx: click.Context) -> Any:
        from .outputs import terminate_cleanly

        # SIGTERM and SIGHUP end a command as Ctrl-C does: partial files are removed on the way out
        with warnings.catch_warnings(record=True) as caught, terminate_cleanly():
            warnings.simplefilter("always")
            try:
                return super().invoke(ctx)
            except (click.ClickException, click.exceptions.Exit, click.Abort):
                raise
            except BrokenPipeError:
                _quiet_stdout()
                ctx.exit(1)
            except Exception as exc:
                if ctx.meta.get(_DEBUG):
                    raise
                raise click.ClickException(error_message(exc)) from None
            finally:
                if not ctx.meta.get(_QUIET):
                    for message in dict.fromkeys(str(w.message) for w in caught):
                        click.echo(f"warning: {message}", err=True)


def _quiet_stdout() -> None:
    """After a closed pipe (``summarytext metrics | head``), send what is left nowhere."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarytext")
def main() -> None:
    """Mine Chinese work-summary corpora (政协 work summaries, reports and compilations).

    PATH arguments are files (.txt, .md, .docx), folders or compilations; with no
    PATH the bundled sample corpus is used.  Every command takes -q (quiet), --strict
    (exit 1 when a file was skipped), --script simplified and --debug.

    Exit status: 0 done (a result without rows is one line: "no metrics found in …");
    1 an error (nothing could be read, a bad lexicon, a missing optional part, a file that
    cannot be written), or a skipped file with --strict; 2 a mistake in the command line.

    \b
    Examples:
      summarytext metrics --summary            # the sample corpus, one row per document
      summarytext metrics reports/ -o metrics.xlsx
      summarytext themes reports/ --matrix per_1000_chars
      summarytext compare reports/ --what shared
      summarytext panel reports/ -o panel.xlsx
      summarytext report reports/ -o report.html
      summarytext pipeline reports/ -o results/ -j 2
      summarytext split huibian.txt -o documents/
    """


def load_inputs(paths: Iterable[str], *, script: str | None, quiet: bool = False, follow_links: bool = False) -> "Corpus":
    """A corpus from files, folders and compilations (the sample corpus when no path is given).

    Read as every function of the library reads its input (:func:`~summarytext.document.as_documents`):
    ids that two inputs share get ``~2``, ``~3`` …; unreadable files go to ``corpus.skipped``.
    """
    from .corpus import Corpus
    from .document import as_documents
    from .samples import load_sample

    paths = list(paths)
    if not paths:
        return load_sample(script=script)
    corpus = Corpus()
    for doc in as_documents([Path(p) for p in paths], script=script, errors="ignore", skipped=corpus.skipped, caller="summarytext",
                            follow_links=follow_links):
        corpus.add(doc)
    return corpus


def _inputs(paths: Iterable[str]) -> str:
    """The command's inputs in a sentence: ``report.txt``, ``a.txt, b.txt and 3 more``, or
    ``the sample corpus``.

    >>> _inputs([]), _inputs(["a.txt", "b.txt", "c.txt", "d.txt"])
    ('the sample corpus', 'a.txt, b.txt and 2 more')
    """
    paths = list(paths)
    if not paths:
        return "the sample corpus"
    return ", ".join(paths[:2]) + (f" and {len(paths) - 2} more" if len(paths) > 2 else "")


def _read(opts: _Options, paths: Iterable[str]) -> "Corpus":
    """The corpus of the command's PATH arguments; an error when no document could be read."""
    follow = bool(click.get_current_context().meta.get(_FOLLOW))
    corpus = load_inputs(paths, script=opts.script, quiet=opts.quiet, follow_links=follow)
    if not len(corpus):
        _list_skipped(opts, corpus.skipped)
        raise click.ClickException("no document could be read from the input" + (" (every file was skipped)" if corpus.skipped else ""))
    return corpus


def _table_output(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check ``-o`` before any work: a known table format, not a folder, its writer installed."""
    if value is None:
        return None
    path = Path(value)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise click.BadParameter(f"{value} is a folder; give the name of the file to write")
    if suffix not in TABLE_SUFFIXES:
        raise click.BadParameter(f"{value}: unsupported table format {suffix or '(none)'}; use one of {', '.join(TABLE_SUFFIXES)}")
    if suffix == ".parquet":
        from .errors import require

        require("pyarrow", what="Parquet output", extra="parquet", alternative="or write .csv, .xlsx or .json")
    _output_file(ctx, value)
    return value


def _output_option(func):
    func = click.option("-o", "--output", callback=_table_output,
                        help="Write the whole table to this file (.csv, .xlsx, .json, .parquet, .tsv) instead of showing it.")(func)
    return force_option(func)


def write_table(frame: "pd.DataFrame", output: str | None, *, shown: "pd.DataFrame | None" = None,
                empty: str = "no rows found") -> None:
    """Write a DataFrame atomically (temporary file, then rename), or show it in the terminal.

    On a terminal the table fits ``$COLUMNS``: at most 40 rows, and the columns that fit
    (``shown``, when given, is the view to show instead of the table itself); a line says
    what was left out and how to write everything.  A table without rows is the one line
    ``empty`` there (``no metrics found in report.txt``); a file gets the table's columns.
    """
    if output is None and frame.empty:
        click.echo(empty)
        return
    if output is None:
        from .display import fit_table, terminal_width

        width = terminal_width()
        view = frame if shown is None else shown
        text, notes = fit_table(view, width=width)
        click.echo(text)
        if notes or shown is not None:
            from .display import wrap

            hint = "Write the whole table with -o FILE.csv (or .xlsx, .json)."
            click.echo(wrap(" ".join(notes + [hint]), width, indent=""))
        return
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise click.BadParameter(f"{output}: unsupported table format {suffix or '(none)'}; use one of {', '.join(TABLE_SUFFIXES)}", param_hint="-o")
    if suffix in (".csv", ".tsv", ".xlsx"):
        from .tables import spreadsheet_safe

        frame = spreadsheet_safe(_flat(frame))  # no cell a live formula, no bidirectional controls

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


def _flat(frame: "pd.DataFrame") -> "pd.DataFrame":
    """Lists in cells joined with 、 for flat formats (CSV and spreadsheets hold no lists)."""
    out = frame
    for col in frame.columns:
        if frame[col].dtype == object and frame[col].map(lambda v: isinstance(v, (list, tuple))).any():
            if out is frame:
                out = frame.copy()
            out[col] = frame[col].map(lambda v: "、".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def lexicon_options(func):
    """``--lexicon`` (themes added to the shipped ones) and ``--only-lexicon`` (used instead of them)."""
    func = click.option("--only-lexicon", type=click.Path(exists=True, dir_okay=False),
                        help="A theme lexicon file to use instead of the shipped themes.")(func)
    func = click.option("--lexicon", type=click.Path(exists=True, dir_okay=False),
                        help="A theme lexicon file (TOML or YAML) whose themes are added to the shipped ones.")(func)
    return func


def _theme_lexicon(lexicon: str | None, only_lexicon: str | None = None):
    """The theme lexicon of ``--lexicon`` (merged into the shipped one) or ``--only-lexicon``
    (instead of it); None: the shipped one.  A bad file is one line, before any work."""
    if lexicon and only_lexicon:
        raise click.UsageError("give --lexicon (added to the shipped themes) or --only-lexicon (instead of them), not both")
    path = lexicon or only_lexicon
    if not path:
        return None
    from .themes import ThemeLexicon

    own = ThemeLexicon.from_file(path)
    return own if only_lexicon else ThemeLexicon.default().merge(own)


def _message(text: str) -> None:
    """A message on stderr, wrapped to the terminal's width; paths in the current folder and
    in the bundled sample corpus are shown short."""
    import os

    from .display import terminal_width, wrap
    from .samples import sample_dir

    for folder, shown in ((sample_dir(), "sample/"), (Path.cwd(), "")):
        text = text.replace(str(folder) + os.sep, shown)
    click.echo(wrap(text, terminal_width()), err=True)


def _list_skipped(opts: _Options, skipped: list) -> None:
    if skipped and not opts.quiet:
        click.echo(f"{plural(len(skipped), 'file')} skipped:", err=True)
        for s in skipped:
            _message(f"  {s.path}: {s.reason}")


def _report_skipped(ctx: click.Context, opts: _Options, corpus: "Corpus") -> None:
    """After the output: the files skipped and what the compilations lack (notes, not
    warnings); with --strict, exit 1 when a file was skipped."""
    from .report import compilation_problems

    _list_skipped(opts, corpus.skipped)
    if not opts.quiet:
        for problem in compilation_problems(corpus):
            _message(f"note: {problem}")
    if corpus.skipped and opts.strict:
        ctx.exit(1)


_PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True))


@main.command()
@_PATHS
@_output_option
@click.option("--summary", is_flag=True, help="One row per document instead of one row per metric.")
@common_options
@click.pass_context
def metrics(ctx: click.Context, paths: tuple[str, ...], output: str | None, summary: bool, quiet: bool, strict: bool, script: str) -> None:
    """Every count, amount and rate of the reports (one row per metric).

    With --summary, one row per document.  In the terminal it shows the headline
    figures (proposals submitted and registered, information submitted and adopted,
    activities held, people taking part, handling and satisfaction rates), a figure
    with masked digits as its bounds (100–999); -o writes every measure, each with its
    bounds (MEASURE_low, MEASURE_high).

    \b
    Examples:
      summarytext metrics --summary
      summarytext metrics reports/ -o metrics.csv
      summarytext metrics huibian.txt --summary -o summary.xlsx
    """
    from .metrics import extract_metrics, metrics_summary

    opts = _options(quiet, strict, script)
    corpus = _read(opts, paths)
    frame = extract_metrics(_progress(corpus, opts.quiet, "metrics"))
    if summary:
        from .display import summary_table, summary_with_low_high

        if output is None:
            write_table(metrics_summary(frame, doc_ids=corpus.ids), None, shown=summary_table(frame, doc_ids=corpus.ids))
        else:  # a masked figure keeps the bounds the terminal shows: <measure>_low, <measure>_high
            write_table(summary_with_low_high(frame, doc_ids=corpus.ids), output)
    else:
        shown = None
        if output is None:
            from .display import metrics_view

            shown = metrics_view(frame)
        write_table(frame, output, shown=shown, empty=f"no metrics found in {_inputs(paths)}")
    _report_skipped(ctx, opts, corpus)


@main.command()
@_PATHS
@_output_option
@click.option("--level", type=click.Choice(["sentence", "paragraph", "section", "document"]), default="paragraph", show_default=True)
@click.option("--matrix", "as_matrix", type=click.Choice(["count", "per_1000_chars", "presence", "paragraphs"]),
              help="Instead of one row per tagged unit, a documents x themes table of this measure.")
@click.option("--brands", is_flag=True, help="List the brands and slogans found (known and new) instead.")
@lexicon_options
@common_options
@click.pass_context
def themes(ctx: click.Context, paths: tuple[str, ...], output: str | None, level: str, as_matrix: str | None, brands: bool,
           lexicon: str | None, only_lexicon: str | None, quiet: bool, strict: bool, script: str) -> None:
    """Programme brands and work areas of each paragraph (or sentence, section, document).

    \b
    Examples:
      summarytext themes reports/ -o themes.csv
      summarytext themes reports/ --matrix per_1000_chars -o matrix.xlsx
      summarytext themes reports/ --brands
      summarytext themes reports/ --lexicon my_themes.toml       # my themes and the shipped ones
      summarytext themes reports/ --only-lexicon my_themes.toml  # my themes only
    """
    from .brands import discover_brands
    from .themes import tag_themes, theme_matrix

    opts = _options(quiet, strict, script)
    lex = _theme_lexicon(lexicon, only_lexicon)
    corpus = _read(opts, paths)
    if brands:
        frame = discover_brands(corpus, lexicon=lex)
    elif as_matrix:
        frame = theme_matrix(_progress(corpus, opts.quiet, "themes"), normalize=as_matrix, lexicon=lex).reset_index()
    else:
        frame = tag_themes(_progress(corpus, opts.quiet, "themes"), level=level, lexicon=lex)
    found = "brands" if brands else "themes"
    write_table(frame, output, empty=f"no {found} found in {_inputs(paths)}")
    _report_skipped(ctx, opts, corpus)


@main.command()
@_PATHS
@_output_option
@click.option("--what", type=click.Choice(["similarity", "top", "distinctive", "shared", "boilerplate", "metrics", "themes"]),
              default="top", show_default=True, help="Which table of the comparison to write.")
@click.option("-k", default=5, show_default=True, type=click.IntRange(min=1), help="Neighbours per document for --what top.")
@click.option("-n", default=20, show_default=True, type=click.IntRange(min=1), help="Terms per document for --what distinctive.")
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
    corpus = _read(opts, paths)
    if len(corpus) < 2:
        _list_skipped(opts, corpus.skipped)
        raise click.ClickException(f"comparison needs at least two documents; the input has {plural(len(corpus), 'document')}")
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
    found = {"shared": "shared passages", "boilerplate": "boilerplate passages", "distinctive": "distinctive terms"}.get(what, what)
    write_table(frame, output, empty=f"no {found} found in {_inputs(paths)}")
    _report_skipped(ctx, opts, corpus)


def _metadata_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--metadata``: read and checked before any work (a bad row is one line)."""
    if value is None:
        return None
    from .errors import MetadataError
    from .metadata import metadata_rows

    try:
        metadata_rows(value)
    except MetadataError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


@main.command(name="panel")
@_PATHS
@_output_option
@click.option("--what", type=click.Choice(["measures", "changes", "timeline", "metadata"]), default="measures", show_default=True,
              help="measures: one row per place, year and measure; changes: each year against the one before; "
                   "timeline: when each place names each theme and brand; metadata: the place, level, years and kind read "
                   "from each document (to correct and give back with --metadata).")
@click.option("--metadata", "metadata", type=click.Path(exists=True, dir_okay=False), callback=_metadata_file,
              help="A table (.csv, .tsv, .xlsx) with a doc_id or source column and any of place, level, year, "
                   "year_published, report_kind: its values replace what was read.")
@click.option("--measure", "measures", multiple=True, metavar="NAME",
              help="Only this measure (proposals_registered, handling_rate …); repeat for more.")
@click.option("--years", nargs=2, type=int, metavar="YEAR YEAR", help="For --what changes: compare these two years.")
@lexicon_options
@click.option("-j", "--jobs", "n_jobs", default=1, show_default=True, type=int, help="Worker processes for metrics (-1: all CPUs).")
@common_options
@click.pass_context
def panel_command(ctx: click.Context, paths: tuple[str, ...], output: str | None, what: str, metadata: str | None,
                  measures: tuple[str, ...], years: tuple[int, int] | None, lexicon: str | None, only_lexicon: str | None,
                  n_jobs: int, quiet: bool, strict: bool, script: str) -> None:
    """The corpus as a panel: measures by place and year, their change, the spread of themes.

    Place and year (the year a report covers) are read from each report; a report whose
    place or year cannot be read is left out and named, and --metadata gives them.

    \b
    Examples:
      summarytext panel reports/ -o panel.xlsx
      summarytext panel reports/ --what changes --measure proposals_registered
      summarytext panel reports/ --what metadata -o meta.csv     # correct it, then:
      summarytext panel reports/ --metadata meta.csv -o panel.csv
    """
    from .metrics.summary import MEASURES

    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise click.BadParameter(f"unknown measure {', '.join(unknown)}; measures: {', '.join(MEASURES)}", param_hint="--measure")
    if years and what != "changes":
        raise click.UsageError("--years is for --what changes")
    opts = _options(quiet, strict, script)
    lex = _theme_lexicon(lexicon, only_lexicon)
    corpus = _read(opts, paths)
    from .metadata import metadata_table, with_metadata

    corpus = with_metadata(corpus, metadata)
    chosen = list(measures) or None
    if what == "metadata":
        frame = metadata_table(corpus)
        shown = None
    elif what == "timeline":
        from .timeline import theme_timeline

        frame = theme_timeline(corpus, lexicon=lex, n_jobs=n_jobs)
        shown = None
    else:
        from .panel import changes, panel

        from .display import changes_view, panel_view

        table = panel(corpus, measures=chosen, n_jobs=n_jobs)
        if what == "changes":
            frame = changes(table, years=tuple(years) if years else None)
            shown = changes_view(frame)
        else:
            frame = table
            shown = panel_view(frame)
        frame.attrs["left_out"] = table.attrs.get("left_out", [])
    left_out = frame.attrs.get("left_out", [])
    empty = {"changes": f"no changes found in {_inputs(paths)} (no measure given in two years of one place)",
             "timeline": f"no themes or brands by place and year found in {_inputs(paths)}"}.get(what, f"no {what} found in {_inputs(paths)}")
    write_table(frame, output, shown=shown if output is None else None, empty=empty)
    if left_out and not opts.quiet:
        from .display import terminal_width, wrap

        names = ", ".join(left_out[:8]) + (" …" if len(left_out) > 8 else "")
        click.echo(wrap(f"{plural(len(left_out), 'document')} left out: the place or year could not be read ({names}); "
                        "give them with --metadata FILE (summarytext panel --what metadata -o FILE.csv writes one to fill in).",
                        terminal_width(), indent=""), err=True)
    _report_skipped(ctx, opts, corpus)


def _html_output(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if Path(value).is_dir():
        raise click.BadParameter(f"{value} is a folder; give the name of the file to write")
    if Path(value).suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter(f"{value}: the report is an HTML file; give a name ending in .html")
    _output_file(ctx, value)
    return value


@main.command()
@_PATHS
@click.option("-o", "--output", default="summarytext-report.html", show_default=True, callback=_html_output, help="The HTML file to write.")
@force_option
@click.option("--title", default="summarytext report", show_default=True)
@lexicon_options
@click.option("--theme", metavar="THEME", help="The theme whose spread across places and years the report maps "
              "(when the corpus holds several years of one place); default: the one most places take up in a later year.")
@click.option("-j", "--jobs", "n_jobs", default=1, show_default=True, type=int, help="Worker processes for metrics (-1: all CPUs).")
@common_options
@click.pass_context
def report(ctx: click.Context, paths: tuple[str, ...], output: str, title: str, lexicon: str | None, only_lexicon: str | None,
           theme: str | None, n_jobs: int, quiet: bool, strict: bool, script: str) -> None:
    """One self-contained HTML report: overview, metrics, themes, comparison, brands, problems.

    \b
    Examples:
      summarytext report                                 # the sample corpus
      summarytext report reports/ -o report.html --title "2024年政协工作总结"
    """
    from .report import build_report

    opts = _options(quiet, strict, script)
    lex = _theme_lexicon(lexicon, only_lexicon)
    if theme is not None:
        from .themes import ThemeLexicon

        known = list((lex or ThemeLexicon.default()).ids)
        if theme not in known:
            raise click.BadParameter(f"unknown theme {theme!r}; themes: {'、'.join(known)}", param_hint="--theme")
    corpus = _read(opts, paths)
    steps = ["overview", "metrics", "trends", "themes", "comparison", "brands", "problems"]
    if not _show_progress(opts.quiet):
        built = build_report(corpus, title=title, lexicon=lex, n_jobs=n_jobs, theme=theme)
    else:
        from tqdm.auto import tqdm

        with tqdm(total=len(steps), desc="report", file=sys.stderr, leave=False) as bar:
            built = build_report(corpus, title=title, lexicon=lex, n_jobs=n_jobs, theme=theme,
                                 progress=lambda name: (bar.set_postfix_str(name), bar.update(1)))
    path = built.save(output)
    if not opts.quiet:
        click.echo(f"report written to {path}", err=True)
    _report_skipped(ctx, opts, corpus)


@main.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False), required=False)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), callback=_folder_output,
              help="A new or empty folder for documents, metrics, themes and skipped tables.")
@force_option
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option("-j", "--jobs", "n_jobs", default=1, show_default=True, type=int, help="Worker processes (-1: all CPUs).")
@click.option("--chunk-size", default=64, show_default=True, type=click.IntRange(min=1), help="Documents sent to a worker at a time.")
@lexicon_options
@common_options
@click.pass_context
def pipeline(ctx: click.Context, path: str | None, output: str, fmt: str, n_jobs: int, chunk_size: int, lexicon: str | None,
             only_lexicon: str | None, quiet: bool, strict: bool, script: str) -> None:
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
    if fmt == "parquet":
        from .errors import require

        require("pyarrow", what="Parquet output", extra="parquet", alternative="or use --format csv")
    lex = _theme_lexicon(lexicon, only_lexicon)
    from .corpus import Corpus

    folder = Path(path) if path else sample_dir()
    source = Corpus.from_dir(folder, lazy=True, script=opts.script, errors="ignore", exclude=() if path else ("README*",),
                             follow_links=bool(ctx.meta.get(_FOLLOW)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skipped files are listed below
        result = run_pipeline(source, output, format=fmt, n_jobs=n_jobs, chunk_size=chunk_size, lexicon=lex,
                              script=opts.script, progress=_show_progress(opts.quiet), force=bool(ctx.meta.get(_FORCE)))
    if result.skipped and not opts.quiet:
        import pandas as pd

        click.echo(f"{plural(result.skipped, 'file')} skipped:", err=True)
        for row in pd.read_csv(result.paths["skipped"]).itertuples():
            click.echo(f"  {row.path}: {row.reason}", err=True)
    if not result.documents:
        raise click.ClickException(f"no document could be read from {folder}")
    if not opts.quiet:
        rows = result.rows
        written = [plural(rows.get("metrics", 0), "metric")] + ([plural(rows["themes"], "theme row")] if "themes" in rows else [])
        click.echo(f"{plural(result.documents, 'document')} read; {' and '.join(written)} written to {output} "
                   f"in {result.seconds:.1f} s", err=True)
    if result.skipped and opts.strict:
        ctx.exit(1)


@main.command()
@_PATHS
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
    seg = Segmenter(user_dict=lexicon) if lexicon else default_segmenter()
    corpus = _read(opts, paths)
    for doc in corpus:
        if not opts.quiet:
            click.echo(f"# {doc.doc_id}")
        for line in doc.text.split("\n"):
            click.echo(sep.join(t for t in seg.cut(line) if t.strip()))
    _report_skipped(ctx, opts, corpus)


@main.command()
@click.argument("compilation", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), callback=_folder_output,
              help="A new or empty folder for the documents and toc.csv.")
@force_option
@common_options
@click.pass_context
def split(ctx: click.Context, compilation: str, output: str, quiet: bool, strict: bool, script: str) -> None:
    """Split a compilation (汇编) into its documents: one .txt per present entry and toc.csv.

    \b
    Example:
      summarytext split huibian.txt -o documents/
    """
    from .compilation import read_compilation

    from .outputs import check_output_folder, output_lock, staged_folder

    opts = _options(quiet, strict, script)
    comp = read_compilation(Path(compilation), script=opts.script)
    out = Path(output)
    # the documents and toc.csv go into a staging folder that replaces the output in one step
    with output_lock(out):
        check_output_folder(out, inputs=[compilation], force=bool(ctx.meta.get(_FORCE)))
        with staged_folder(out) as stage:
            for doc in comp.documents:
                index = doc.meta.get("toc_index", 0)
                name = f"{index:02d}-{_safe_name(doc.title or doc.doc_id)}.txt"
                body = (doc.title + "\n" if doc.title else "") + doc.text + "\n"
                (stage / name).write_text(body, encoding="utf-8")
            write_table(comp.toc, str(stage / "toc.csv"))
    if not opts.quiet:
        for problem in comp.problems:
            _message(f"note: {problem}")
        missing = f"; {plural(len(comp.missing), 'entry', 'entries')} of the table of contents without a body" if comp.missing else ""
        click.echo(f"{plural(len(comp.documents), 'document')} and toc.csv written to {out}{missing}", err=True)


def _safe_name(title: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in title)
    return keep[:60] or "document"


def _show_progress(quiet: bool) -> bool:
    """Progress bars only for a person watching: not with -q, not when stderr is a file or a pipe."""
    return not quiet and sys.stderr.isatty()


def _progress(corpus: "Corpus", quiet: bool, desc: str):
    if not _show_progress(quiet) or len(corpus) < 2:
        return corpus
    from tqdm.auto import tqdm

    return tqdm(corpus, desc=desc, unit="doc", file=sys.stderr, leave=False)


if __name__ == "__main__":  # pragma: no cover
    main()

"""extract_metrics: every metric of a text, document or corpus as a DataFrame."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from ..document import Document, as_documents, caller_texts
from ..metric_lexicon import metric_lexicon
from .record import Context
from .rules import apply_rules
from .scan import find_quantities

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..corpus import Corpus

#: the columns of :func:`extract_metrics` and their dtypes (see ``docs/schema.md``)
DTYPES = {
    "doc_id": "string", "text": "string", "value": "float64", "masked": bool, "digits": "Int64", "low": "float64",
    "high": "float64", "qualifier": "string", "unit": "string", "category": "string", "stage": "string",
    "subject": "string", "by": "string", "start": "int64", "end": "int64", "sentence": "int64", "paragraph": "int64",
    "section": "int64", "context": "string", "rule": "string",
}
COLUMNS = list(DTYPES)


def extract_metrics(
    obj: "str | Document | Corpus | Iterable[str | Document]",
    *,
    script: str | None = None,
    n_jobs: int | None = 1,
    chunk_size: int = 32,
    disable: Iterable[str] = (),
) -> "pd.DataFrame":
    """Every metric of a text, document, corpus or list of them, as a DataFrame.

    One row per metric, in text order, with the columns of :data:`COLUMNS`
    (see ``docs/schema.md``).  Offsets index the text the caller passed: a document's
    ``text``, or a ``str`` itself (mapped back through normalisation; ``text`` is then the
    caller's own slice, ``s[start:end]``, as written).  ``n_jobs`` > 1 spreads the documents of a corpus over worker
    processes (results are the same, in the same order).  The ``rule`` column names
    the rules that decided each row's category and stage (see :func:`metric_rules`);
    ``disable`` leaves out rules by name, to see what each contributes.

    >>> extract_metrics("开展专题调研12次，参与委员300余人次。")[["text", "low", "high", "qualifier", "category", "stage"]].values.tolist()
    [['12次', 12.0, 12.0, <NA>, 'activity', 'held'], ['300余人次', 300.0, nan, 'over', 'people', 'held']]
    >>> s = "提案\\r\\n立案２６件"
    >>> extract_metrics(s)[["text", "value", "start", "end"]].values.tolist(), s[6:9]
    ([['２６件', 26.0, 6, 9]], '２６件')
    """
    from functools import partial

    from ..parallel import map_documents

    columns: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    docs = as_documents(obj, script=script, caller="extract_metrics")
    work = partial(metrics_columns, disable=tuple(disable)) if disable else metrics_columns
    for doc_columns in map_documents(work, docs, n_jobs=n_jobs, chunk_size=chunk_size):
        for c in COLUMNS:
            columns[c].extend(doc_columns[c])
    return metrics_frame(columns)


def metrics_frame(table: "list[dict[str, Any]] | Mapping[str, Sequence[Any]]") -> "pd.DataFrame":
    """Rows from :func:`metrics_rows` (or columns from :func:`metrics_columns`) as a typed
    DataFrame with the columns of :data:`COLUMNS` and the dtypes of :data:`DTYPES`.

    Numbers are float64 (value, low, high; NaN when unknown), int64 (offsets and
    indices), nullable Int64 (digits) and bool (masked); text columns are pandas'
    ``string`` dtype, with missing values as ``pd.NA``.

    >>> metrics_frame([]).dtypes["digits"], len(metrics_frame(metrics_columns(Document.from_text("立案26件"))))
    (Int64Dtype(), 1)
    """
    from ..tables import typed_frame

    columns = table if isinstance(table, Mapping) else {c: [r[c] for r in table] for c in COLUMNS}
    return typed_frame(columns, DTYPES)


def metrics_rows(doc: Document, *, disable: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The metrics of one document as a list of row dicts (the columns of :data:`COLUMNS`).

    >>> [r["text"] for r in metrics_rows(Document.from_text("立案26件，办复率99.8%。"))]
    ['26件', '99.8%']
    """
    columns = metrics_columns(doc, disable=disable)
    return [dict(zip(COLUMNS, row)) for row in zip(*(columns[c] for c in COLUMNS))]


def metrics_columns(doc: Document, *, disable: Iterable[str] = ()) -> dict[str, list[Any]]:
    """The metrics of one document as columns: a list of values for each of :data:`COLUMNS`,
    one per metric in text order.  Offsets and texts index the caller's own string when the
    document was made from one (:func:`~summarytext.document.caller_texts`).

    >>> metrics_columns(Document.from_text("立案26件，办复率99.8%。"))["category"]
    ['proposal', 'rate']
    """
    text = doc.text
    found = []
    if text:
        lex = metric_lexicon()
        scan = doc.simplified  # built once per document, shared with themes and passages
        found = find_quantities(scan, lex)
        if found:
            apply_rules(Context(scan, doc, lex, found), disable=disable)
    if not found:
        return {c: [] for c in COLUMNS}
    starts = [m.start for m in found]
    ends = [m.end for m in found]
    sentence, paragraph, section = doc.locate_all(starts)
    written = [text[a:b] for a, b in zip(starts, ends)]
    # for a str the caller passed, offsets and texts index that string
    caller_starts, caller_ends, written = caller_texts(doc, starts, ends, written)
    why = [m.why for m in found]
    return {
        "doc_id": [doc.doc_id] * len(found),
        "text": list(written),
        "value": [m.value for m in found],
        "masked": [m.masked for m in found],
        "digits": [m.digits for m in found],
        "low": [m.low for m in found],
        "high": [m.high for m in found],
        "qualifier": [m.qualifier for m in found],
        "unit": [m.unit for m in found],
        "category": [m.category for m in found],
        "stage": [m.stage for m in found],
        "subject": [m.subject for m in found],
        "by": [m.by for m in found],
        "start": caller_starts.tolist(),
        "end": caller_ends.tolist(),
        "sentence": sentence.tolist(),
        "paragraph": paragraph.tolist(),
        "section": section.tolist(),
        "context": [text[m.clause[0] : m.clause[1]] for m in found],
        "rule": [f"subject={w.get('subject', '-')} category={w.get('category', '-')} stage={w.get('stage', '-')}" for w in why],
    }

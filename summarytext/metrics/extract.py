"""extract_metrics: every metric of a text, document or corpus as a DataFrame."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from ..document import Document, as_documents, caller_texts
from ..metric_lexicon import metric_lexicon
from .record import Context
from .rules import apply_rules
from .scan import find_quantities

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..corpus import Corpus

COLUMNS = [
    "doc_id", "text", "value", "masked", "digits", "low", "high", "qualifier", "unit",
    "category", "stage", "subject", "by", "start", "end", "sentence", "paragraph", "section", "context", "rule",
]
_FLOAT_COLUMNS = frozenset({"value", "low", "high"})
_INT_COLUMNS = frozenset({"start", "end", "sentence", "paragraph", "section"})


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

    rows: list[dict[str, Any]] = []
    docs = as_documents(obj, script=script, caller="extract_metrics")
    work = partial(metrics_rows, disable=tuple(disable)) if disable else metrics_rows
    for doc_rows in map_documents(work, docs, n_jobs=n_jobs, chunk_size=chunk_size):
        rows.extend(doc_rows)
    return metrics_frame(rows)


def metrics_frame(rows: list[dict[str, Any]]) -> "pd.DataFrame":
    """Rows from :func:`metrics_rows` as a typed DataFrame with the columns of :data:`COLUMNS`.

    Numbers are float64 (value, low, high; NaN when unknown), int64 (offsets and
    indices), nullable Int64 (digits) and bool (masked); text columns are pandas'
    ``string`` dtype, with missing values as ``pd.NA``.
    """
    import numpy as np
    import pandas as pd

    data: dict[str, Any] = {}
    for col in COLUMNS:
        values = [r[col] for r in rows]
        if col in _FLOAT_COLUMNS:
            data[col] = np.array(values, dtype="float64")
        elif col in _INT_COLUMNS:
            data[col] = np.array(values, dtype="int64")
        elif col == "masked":
            data[col] = np.array(values, dtype=bool)
        elif col == "digits":
            data[col] = pd.array(values, dtype="Int64")
        else:
            data[col] = pd.array(values, dtype="string")
    return pd.DataFrame(data, columns=COLUMNS)


def metrics_rows(doc: Document, *, disable: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The metrics of one document as a list of row dicts (the columns of :data:`COLUMNS`).

    >>> [r["text"] for r in metrics_rows(Document.from_text("立案26件，办复率99.8%。"))]
    ['26件', '99.8%']
    """
    text = doc.text
    if not text:
        return []
    lex = metric_lexicon()
    scan = doc.simplified  # built once per document, shared with themes and passages
    found = find_quantities(scan, lex)
    if not found:
        return []
    apply_rules(Context(scan, doc, lex, found), disable=disable)
    rows = []
    for m in found:
        sentence, paragraph, section = doc.locate(m.start)
        cs, ce = m.clause
        why = m.why
        rows.append(
            {
                "doc_id": doc.doc_id,
                "text": text[m.start : m.end],
                "value": m.value,
                "masked": m.masked,
                "digits": m.digits,
                "low": m.low,
                "high": m.high,
                "qualifier": m.qualifier,
                "unit": m.unit,
                "category": m.category,
                "stage": m.stage,
                "subject": m.subject,
                "by": m.by,
                "start": m.start,
                "end": m.end,
                "sentence": sentence,
                "paragraph": paragraph,
                "section": section,
                "context": text[cs:ce],
                "rule": f"subject={why.get('subject', '-')} category={why.get('category', '-')} stage={why.get('stage', '-')}",
            }
        )
    return _for_caller(doc, rows)


def _for_caller(doc: Document, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Finished rows whose ``start``/``end``/``text`` index the caller's own string when the
    document was made from one (:func:`~summarytext.document.caller_texts`); else as they are."""
    if not rows:
        return rows
    written = [r["text"] for r in rows]
    starts, ends, texts = caller_texts(doc, [r["start"] for r in rows], [r["end"] for r in rows], written)
    if texts is not written:  # a str the caller passed
        for r, s, e, t in zip(rows, starts.tolist(), ends.tolist(), texts.tolist()):
            r["start"], r["end"], r["text"] = s, e, t
    return rows

"""The library's convention for DataFrame columns, applied in one place.

Text columns use pandas' ``string`` dtype (missing values ``pd.NA``), whatever the pandas
version's default for strings; columns of lists stay ``object``.

>>> import pandas as pd
>>> frame = with_string_columns(pd.DataFrame({"a": ["x", None], "n": [1, 2], "l": [["p"], []]}))
>>> [str(t) for t in frame.dtypes]
['string', 'int64', 'object']
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def with_string_columns(frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` with every column of text (and missing values) turned into the ``string`` dtype."""
    import pandas as pd

    for col in frame.columns:
        series = frame[col]
        if str(series.dtype) != "string" and (series.dtype == object or pd.api.types.is_string_dtype(series.dtype)):
            values = series.dropna()
            if values.map(lambda v: isinstance(v, str)).all():
                frame[col] = series.astype("string")
    return frame


#: what makes a spreadsheet read a cell as a formula (OWASP, CSV injection)
FORMULA_STARTS = "=+-@\t\r"


def spreadsheet_safe(frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` as it may go into a CSV file or a spreadsheet: in every text cell, bidirectional
    control characters are removed and a cell that starts with ``= + - @``, a tab or a carriage
    return gets a ``'`` in front, so that no cell is read as a live formula (as OWASP advises
    against CSV injection).  Other cells, and ``frame`` itself, are left as they are.

    >>> import pandas as pd
    >>> spreadsheet_safe(pd.DataFrame({"title": ["=HYPERLINK(\\"http://x\\")", "立案\\u202e120件", "-5%"], "n": [1, 2, 3]})).title.tolist()
    ['\\'=HYPERLINK("http://x")', '立案120件', "'-5%"]
    """
    import re

    import pandas as pd

    from .patterns import BIDI_CONTROLS

    unsafe = f"^[{re.escape(FORMULA_STARTS)}]|[{BIDI_CONTROLS}]"
    out = None
    for col in frame.columns:
        series = frame[col]
        if series.dtype == object:
            text = series.map(lambda v: isinstance(v, str)).astype(bool)
        elif pd.api.types.is_string_dtype(series.dtype):
            text = series.notna()
        else:
            continue
        values = series[text].astype(str)
        if values.empty or not values.str.contains(unsafe, regex=True).any():
            continue
        cleaned = values.str.replace(f"[{BIDI_CONTROLS}]", "", regex=True)
        cleaned = cleaned.where(~cleaned.str.startswith(tuple(FORMULA_STARTS)), "'" + cleaned)
        if out is None:
            out = frame.copy()
        column = out[col].astype(object)
        column[text] = cleaned
        out[col] = column if series.dtype == object else column.astype(series.dtype)
    return frame if out is None else out


def typed_frame(columns: Mapping[str, Any], dtypes: Mapping[str, Any]) -> "pd.DataFrame":
    """A DataFrame of ``columns`` (name -> values) with the columns and dtypes of ``dtypes``,
    in its order (a column missing from ``columns`` is an error).

    The one place where the library's tables get their declared types: every table declares
    its columns once, as a mapping of name to dtype, and is built here.

    >>> frame = typed_frame({"n": [1, 2], "word": ["a", None]}, {"word": "string", "n": "int64"})
    >>> list(frame.columns), [str(t) for t in frame.dtypes]
    (['word', 'n'], ['string', 'int64'])
    """
    import pandas as pd

    return pd.DataFrame({c: _column(columns[c], t) for c, t in dtypes.items()}, columns=list(dtypes))


def _column(values: Any, dtype: Any) -> Any:
    """``values`` as a column of ``dtype``: a numpy or pandas array (faster to build than a
    Series), or a Series where the values carry an index or the type is object or categorical."""
    import numpy as np
    import pandas as pd

    kind = pd.api.types.pandas_dtype(dtype)
    if isinstance(values, (pd.Series, pd.Index)) or kind == object or isinstance(kind, pd.CategoricalDtype):
        return pd.Series(values, dtype=kind)
    if (isinstance(kind, pd.StringDtype) and getattr(kind, "storage", None) == "pyarrow"
            and (isinstance(values, list) or (isinstance(values, np.ndarray) and values.dtype == object and values.ndim == 1))):
        arrow = _arrow_strings(values, kind)
        if arrow is not None:
            return arrow
    if isinstance(kind, pd.api.extensions.ExtensionDtype):
        return pd.array(values, dtype=kind)
    if hasattr(values, "__len__"):
        array = np.asarray(values)
        if array.ndim == 1 and (array.dtype.kind in "iub" or (array.dtype.kind == "f" and kind.kind not in "iu")):
            return array.astype(kind, copy=False)
    # anything else (a NaN or a fraction for a whole-number column, a generator): pandas converts
    # it, or says why it cannot
    return pd.Series(values, dtype=kind)


def _arrow_strings(values: list[Any], kind: Any) -> Any:
    """A list (or object array) of str and None as pandas' Arrow-backed string array, built by
    pyarrow directly (faster than pandas' conversion, which reads each value in Python); None when
    the values are not all str or None, or the array would not be of type ``kind``."""
    import pandas as pd
    import pyarrow as pa

    if not set(map(type, values)) <= _TEXT_OR_NONE:
        return None  # numbers, buffers (which pyarrow would decode), NaN: pandas converts them its own way
    try:
        array = pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()))
    except (pa.ArrowException, UnicodeError):
        return None  # lone surrogates: pandas says what it makes of them
    return array if array.dtype == kind else None


_TEXT_OR_NONE = frozenset({str, type(None)})

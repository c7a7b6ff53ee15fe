"""The library's convention for DataFrame columns, applied in one place.

Text columns use pandas' ``string`` dtype (missing values ``pd.NA``), whatever the pandas
version's default for strings; columns of lists stay ``object``.

>>> import pandas as pd
>>> frame = with_string_columns(pd.DataFrame({"a": ["x", None], "n": [1, 2], "l": [["p"], []]}))
>>> [str(t) for t in frame.dtypes]
['string', 'int64', 'object']
"""
from __future__ import annotations

from typing import TYPE_CHECKING

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

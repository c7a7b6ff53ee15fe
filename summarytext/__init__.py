"""summarytext: mining Chinese work-summary corpora.

Read folders of 政协 work summaries, reports and compilations, segment them with a
domain lexicon, extract every count, amount and rate they report, tag their themes
and compare documents.  Everything returns plain Python objects or tidy pandas
DataFrames.

Importing the package is cheap: the jieba dictionary, pandas and the lexicons are
loaded the first time a function needs them.

>>> import summarytext as st
>>> doc = st.Document.from_text("开展协商议政活动120场次。")
>>> doc.paragraphs[0].text
'开展协商议政活动120场次。'
"""
from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

logger = logging.getLogger("summarytext")
logger.addHandler(logging.NullHandler())

# public name -> submodule that defines it; resolved on first access (PEP 562)
_LAZY = {
    "Document": "document",
    "Span": "document",
    "Corpus": "corpus",
    "SkippedFile": "corpus",
    "read_document": "io",
    "decode_file": "io",
    "read_text": "io",
    "read_file": "io",
    "ReadResult": "io",
    "ReadError": "errors",
    "SummaryTextError": "errors",
    "LexiconError": "errors",
    "normalize_text": "normalize",
    "read_compilation": "compilation",
    "Compilation": "compilation",
    "segment": "segment",
    "tokens": "segment",
    "Segmenter": "segment",
    "load_sample": "samples",
    "parse_number": "numbers",
    "extract_metrics": "metrics",
    "metrics_summary": "metrics",
    "metric_rules": "metrics",
    "tag_themes": "themes",
    "theme_matrix": "themes",
    "ThemeLexicon": "themes",
    "ThemeClassifier": "classify",
    "discover_brands": "brands",
    "compare": "compare",
    "Comparison": "compare",
    "read_metadata": "metadata",
    "metadata_table": "metadata",
    "with_metadata": "metadata",
    "panel": "panel",
    "changes": "panel",
    "theme_timeline": "timeline",
    "timeline_grid": "timeline",
}

__all__ = sorted(_LAZY) + ["__version__", "logger"]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'summarytext' has no attribute {name!r}")
    module = importlib.import_module(f".{module_name}", __name__)
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


# ``segment``, ``compare`` and ``panel`` are both a module and the function users call: importing
# the module binds its name on the package, so bind the functions now (both modules
# are light at import time; jieba, pandas and scikit-learn load on first use).
from .segment import segment  # noqa: E402
from .compare import compare  # noqa: E402
from .panel import panel  # noqa: E402


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .document import Document, Span
    from .corpus import Corpus, SkippedFile
    from .io import read_document, decode_file, read_text, read_file, ReadResult
    from .errors import ReadError, SummaryTextError, LexiconError
    from .normalize import normalize_text
    from .compilation import read_compilation, Compilation
    from .segment import tokens, Segmenter
    from .samples import load_sample
    from .numbers import parse_number
    from .metrics import extract_metrics, metrics_summary, metric_rules
    from .themes import tag_themes, theme_matrix, ThemeLexicon
    from .classify import ThemeClassifier
    from .brands import discover_brands
    from .compare import Comparison
    from .metadata import read_metadata, metadata_table, with_metadata
    from .panel import panel, changes
    from .timeline import theme_timeline, timeline_grid

"""The bundled sample corpus: fictional reports written for this library.

>>> corpus = load_sample()  # doctest: +SKIP
>>> len(corpus) >= 6  # doctest: +SKIP
True
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from .corpus import Corpus


def sample_dir() -> Path:
    """Folder of the sample corpus: ``summarytext/sample`` in an installed package,
    the repository's ``corpus/`` in a source checkout."""
    packaged = Path(str(resources.files("summarytext").joinpath("sample")))
    if packaged.is_dir() and any(packaged.iterdir()):
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "corpus"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("the sample corpus is not installed (summarytext/sample is missing)")


def load_sample(*, script: str | None = None, split_compilations: bool = True) -> Corpus:
    """The sample corpus as a :class:`Corpus` (compilations split into their documents).

    >>> c = load_sample()  # doctest: +SKIP
    >>> sorted(set(c.to_frame()["level"].dropna()))  # doctest: +SKIP
    ['city', 'county', 'provincial']
    """
    return Corpus.from_dir(sample_dir(), "*", script=script, split_compilations=split_compilations, errors="warn", exclude=("README*",))

"""Working on the distinct values of a column rather than on its rows.

A million survey rows hold a few hundred distinct place names and a dozen ways of writing each
answer: functions that read or repair text run once per distinct value and the result is spread
back over the rows with ``pandas.factorize``, which hashes mixed Python objects in C.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def map_unique(values: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """``values.map(func)`` computed once per distinct non-missing value; missing values give ``None``.

    Examples
    --------
    >>> map_unique(pd.Series(["a", "b", None, "a"]), str.upper).tolist()
    ['A', 'B', None, 'A']
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [func(u) for u in uniques]
    mapped[-1] = None  # code -1 (missing) picks the last slot
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def row_duplicates(frame: pd.DataFrame) -> pd.Series:
    """Rows identical to an earlier row in every column (values compared as they are, mixed types allowed).

    Examples
    --------
    >>> row_duplicates(pd.DataFrame({"a": [1, 1, "1"], "b": ["x", "x", "x"]})).tolist()
    [False, True, False]
    """
    codes = {c: pd.factorize(frame[c].astype(object), use_na_sentinel=True)[0] for c in frame.columns}
    return pd.DataFrame(codes, index=frame.index).duplicated(keep="first")

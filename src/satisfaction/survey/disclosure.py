"""Disclosure control of published cells with too few respondents (with secondary suppression).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def suppress(table: pd.DataFrame, *, n: str = "n", k: int = 10, group: str | list[str] | None = None,
             values: list[str] | None = None) -> pd.DataFrame:
    """Disclosure control: blank cells based on fewer than ``k`` respondents, and enough others.

    Primary suppression blanks every row with ``n < k``. Secondary suppression: within each ``group``
    (cells that add up to a published total), a group with exactly one suppressed cell also blanks its
    next smallest cell, so the total cannot reveal the first. Suppressed values become NA (never 0) and
    ``suppressed`` says why (``primary`` or ``secondary``).

    Parameters
    ----------
    table : pandas.DataFrame
        The table to publish, one row per cell (e.g. an estimator's output). Cells are found by their
        index label, so the index should be unique.
    n : str
        Column of the number of respondents of each cell.
    k : int
        The smallest number of respondents a published cell may have.
    group : str, list of str or None
        Column(s) whose values group the cells that add up to a published total, for secondary
        suppression (rows with a missing group value take no part in it); ``None`` for primary
        suppression only.
    values : list of str or None
        The columns to blank in suppressed rows; by default those of ``estimate``, ``std_err``,
        ``ci_low``, ``ci_high``, ``deff`` and ``n_weighted`` that ``table`` has (``n`` itself is kept).

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with the ``values`` of suppressed rows set to NaN and a ``suppressed``
        column: ``"primary"``, ``"secondary"`` or ``""``.

    Examples
    --------
    >>> t = pd.DataFrame({"g": ["a", "a", "a"], "n": [4, 30, 50], "estimate": [90.0, 95.0, 97.0]})
    >>> suppress(t, group="g")[["estimate", "suppressed"]].to_numpy().tolist()
    [[nan, 'primary'], [nan, 'secondary'], [97.0, '']]
    """
    out = table.copy()
    values = values or [c for c in ("estimate", "std_err", "ci_low", "ci_high", "deff", "n_weighted") if c in out]
    out["suppressed"] = np.where(out[n] < k, "primary", "")
    if group is not None:
        for _, idx in out.groupby(group).groups.items():
            cells = out.loc[idx]
            if (cells["suppressed"] == "primary").sum() == 1 and len(cells) > 1:
                others = cells[cells["suppressed"] == ""]
                if len(others):
                    out.loc[others[n].idxmin(), "suppressed"] = "secondary"
    out.loc[out["suppressed"] != "", values] = np.nan
    return out

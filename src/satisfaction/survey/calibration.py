"""Raking design weights to known population margins (iterative proportional fitting), as R's ``rake``.

``rake(data, weight=..., margins={"sex": {1: 4.1e6, 2: 4.3e6}, ...})`` returns the raked weights and a
convergence report: one row per iteration with the largest relative gap between a weighted margin and
its population total. It stops when that gap is below ``tol`` and says so; when ``max_iter`` passes
first it warns, naming the margin that would not fit. The raked weights go back into the data and are
used with :class:`satisfaction.survey.Design` as any weights (their variance then treats the raking as
fixed, which is conservative for variables related to the margins).
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

from satisfaction.errors import ConvergenceWarning, SatisfactionError

log = logging.getLogger(__name__)


def rake(data: pd.DataFrame, *, weight: str, margins: dict[str, dict | pd.Series], max_iter: int = 100,
         tol: float = 1e-10) -> tuple[pd.Series, pd.DataFrame]:
    """Rake ``weight`` so the weighted counts of each margin column match the population totals.

    Each iteration adjusts the weights to every margin in turn (in the order of ``margins``); the
    raking stops after the first iteration whose largest relative gap is below ``tol``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent.
    weight : str
        Column of the starting (design) weights, numbers >= 0.
    margins : dict of str to dict or pandas.Series
        For each margin column of ``data``, the population total of each of its categories. Every
        category in the data needs a total (and no row a missing value), every total needs at least
        one respondent, and all margins must add up to the same population (within a relative 1e-6).
    max_iter : int
        The largest number of iterations.
    tol : float
        Convergence criterion: the largest relative gap ``|weighted count / total - 1|`` over all
        categories of all margins.

    Returns
    -------
    weights : pandas.Series
        The raked weights, with the index of ``data``, named ``"{weight}_raked"``.
    report : pandas.DataFrame
        One row per iteration: ``iteration``, ``max_relative_gap``, ``worst_margin`` (the margin with
        that gap) and ``converged`` (whether the gap is below ``tol``).

    Raises
    ------
    SatisfactionError
        If ``weight`` or a margin column is not in ``data``, a weight is missing or negative, a row's
        category has no population total, a total has no respondents, or the margins add up to
        different populations.

    Warns
    -----
    UserWarning
        When ``max_iter`` iterations pass without convergence, naming the margin furthest off.

    Examples
    --------
    >>> df = pd.DataFrame({"sex": [1, 1, 2, 2], "age": ["a", "b", "a", "b"], "w": [1.0, 1, 1, 1]})
    >>> w, report = rake(df, weight="w", margins={"sex": {1: 60, 2: 40}, "age": {"a": 50, "b": 50}})
    >>> w.round(6).tolist(), bool(report["converged"].iloc[-1])
    ([30.0, 30.0, 20.0, 20.0], True)
    """
    if weight not in data.columns:
        raise SatisfactionError(f"weight column {weight!r} is not in the data", column=weight)
    w = data[weight].astype(float).to_numpy().copy()
    if np.isnan(w).any() or (w < 0).any():
        raise SatisfactionError("weights must be numbers >= 0 before raking", column=weight)
    codes, targets = {}, {}
    for col, totals in margins.items():
        if col not in data.columns:
            raise SatisfactionError(f"margin column {col!r} is not in the data", column=col)
        totals = pd.Series(totals, dtype=float)
        values = data[col]
        unknown = sorted(set(values.dropna().unique()) - set(totals.index), key=str)
        if unknown or values.isna().any():
            raise SatisfactionError(f"rows whose {col!r} has no population total: {unknown[:5] or ['missing']}",
                                    column=col)
        empty = [k for k in totals.index if not (values == k).any()]
        if empty:
            raise SatisfactionError(f"population totals for {col!r} categories with no respondents: {empty}",
                                    column=col)
        codes[col] = pd.Categorical(values, categories=totals.index).codes
        targets[col] = totals.to_numpy()
    sums = [t.sum() for t in targets.values()]
    if max(sums) - min(sums) > 1e-6 * max(sums):
        raise SatisfactionError(f"the margins do not add up to the same population: {dict(zip(margins, sums, strict=True))}")
    report = []
    for it in range(1, max_iter + 1):
        for col in margins:
            current = np.bincount(codes[col], weights=w, minlength=len(targets[col]))
            w = w * (targets[col] / current)[codes[col]]
        gaps = {col: float(np.max(np.abs(np.bincount(codes[col], weights=w, minlength=len(targets[col]))
                                          / targets[col] - 1))) for col in margins}
        worst = max(gaps, key=gaps.get)
        report.append({"iteration": it, "max_relative_gap": gaps[worst], "worst_margin": worst,
                       "converged": gaps[worst] < tol})
        if gaps[worst] < tol:
            break
    else:
        warnings.warn(f"raking did not converge in {max_iter} iterations: margin {report[-1]['worst_margin']!r} "
                      f"is still off by {report[-1]['max_relative_gap']:.2e}", ConvergenceWarning, stacklevel=2)
    log.info("raking: %d iterations, largest relative gap %.2e", len(report), report[-1]["max_relative_gap"])
    return pd.Series(w, index=data.index, name=f"{weight}_raked"), pd.DataFrame(report)

"""The classic pipeline users know from SPSS: Cronbach's alpha, McDonald's omega, KMO, Bartlett, EFA.

- ``reliability(data, items)``: Cronbach's alpha with Feldt's confidence interval (as ``psych::alpha``
  reports it), McDonald's omega total from a one-factor model, the alpha if each item were dropped, and
  each item's corrected item-total correlation.
- ``factorability(data, items)``: Kaiser-Meyer-Olkin measure (overall and per item, ``psych::KMO``) and
  Bartlett's test of sphericity (``psych::cortest.bartlett``).
- ``efa(data, items, n_factors)``: exploratory factor analysis (statsmodels, principal axis or ML,
  varimax or promax rotation) returning the loadings table.
Rows with any missing item are left out (listwise), as SPSS does by default.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from satisfaction.errors import SatisfactionError


def _complete(data: pd.DataFrame, items: list[str]) -> np.ndarray:
    missing = [c for c in items if c not in data.columns]
    if missing:
        raise SatisfactionError(f"items not in the data: {missing}")
    if len(items) < 2:
        raise SatisfactionError("reliability needs at least two items")
    x = data[items].astype(float).dropna().to_numpy()
    if len(x) < 3:
        raise SatisfactionError(f"only {len(x)} complete rows for {items}")
    return x


def _alpha(x: np.ndarray) -> float:
    k = x.shape[1]
    cov = np.cov(x, rowvar=False)
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def reliability(data: pd.DataFrame, items: list[str], *, level: float = 0.95) -> pd.DataFrame:
    """Alpha (with Feldt interval), omega total, and per-item statistics, one row per measure.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; rows with any item missing are left out (listwise).
    items : list of str
        The numeric items of the scale (at least two).
    level : float
        Confidence level of Feldt's interval for alpha.

    Returns
    -------
    pandas.DataFrame
        Columns ``measure``, ``item`` (empty for the scale's own rows), ``estimate``, ``ci_low``,
        ``ci_high`` (NaN but for alpha) and ``n`` (complete rows). Rows: ``alpha`` (Cronbach's alpha
        from the covariances), ``omega_total`` (McDonald's, from a one-factor principal axis fit of
        the correlations), then for each item ``alpha_if_dropped`` and ``item_rest_correlation`` (its
        correlation with the sum of the other items).

    Raises
    ------
    SatisfactionError
        If an item is not in ``data``, fewer than two items are given, or fewer than three rows are
        complete.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=300)
    >>> df = pd.DataFrame({f"i{j}": f + rng.normal(size=300) for j in range(4)})
    >>> out = reliability(df, ["i0", "i1", "i2", "i3"])
    >>> out.loc[out["measure"] == "alpha", "estimate"].round(2).tolist()
    [0.83]
    """
    x = _complete(data, items)
    n, k = x.shape
    alpha = _alpha(x)
    a = (1 - level) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lo = 1 - (1 - alpha) * stats.f.ppf(1 - a, df1, df2)
    hi = 1 - (1 - alpha) * stats.f.ppf(a, df1, df2)
    corr = np.corrcoef(x, rowvar=False)
    loadings = _one_factor(corr)
    uniq = 1 - loadings**2
    omega = loadings.sum() ** 2 / (loadings.sum() ** 2 + uniq.sum())
    rows = [{"measure": "alpha", "item": "", "estimate": alpha, "ci_low": lo, "ci_high": hi, "n": n},
            {"measure": "omega_total", "item": "", "estimate": omega, "ci_low": np.nan, "ci_high": np.nan, "n": n}]
    total = x.sum(axis=1)
    for j, item in enumerate(items):
        rest = np.delete(x, j, axis=1)
        rows.append({"measure": "alpha_if_dropped", "item": item, "estimate": _alpha(rest), "ci_low": np.nan,
                     "ci_high": np.nan, "n": n})
        rows.append({"measure": "item_rest_correlation", "item": item,
                     "estimate": np.corrcoef(x[:, j], total - x[:, j])[0, 1], "ci_low": np.nan, "ci_high": np.nan,
                     "n": n})
    return pd.DataFrame(rows)


def _one_factor(corr: np.ndarray, iterations: int = 500) -> np.ndarray:
    """Loadings of a one-factor model by iterated principal axis factoring (communalities from SMCs)."""
    h2 = 1 - 1 / np.diag(np.linalg.inv(corr))
    for _ in range(iterations):
        reduced = corr.copy()
        np.fill_diagonal(reduced, h2)
        vals, vecs = np.linalg.eigh(reduced)
        load = vecs[:, -1] * np.sqrt(max(vals[-1], 0))
        new = np.clip(load**2, 0, 0.995)
        if np.max(np.abs(new - h2)) < 1e-10:
            break
        h2 = new
    return np.abs(load)


def factorability(data: pd.DataFrame, items: list[str]) -> pd.DataFrame:
    """KMO (overall and per item) and Bartlett's test of sphericity, as psych's KMO and cortest.bartlett.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; rows with any item missing are left out (listwise).
    items : list of str
        The numeric items (at least two).

    Returns
    -------
    pandas.DataFrame
        Columns ``measure``, ``item`` and ``value``; rows ``kmo``, one ``kmo_item`` per item,
        ``bartlett_chisq``, ``bartlett_df`` and ``bartlett_p``.

    Raises
    ------
    SatisfactionError
        If an item is not in ``data``, fewer than two items are given, or fewer than three rows are
        complete.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=300)
    >>> df = pd.DataFrame({f"i{j}": f + rng.normal(size=300) for j in range(4)})
    >>> factorability(df, ["i0", "i1", "i2", "i3"])["measure"].tolist()
    ['kmo', 'kmo_item', 'kmo_item', 'kmo_item', 'kmo_item', 'bartlett_chisq', 'bartlett_df', 'bartlett_p']
    """
    x = _complete(data, items)
    n, k = x.shape
    r = np.corrcoef(x, rowvar=False)
    inv = np.linalg.inv(r)
    partial = -inv / np.sqrt(np.outer(np.diag(inv), np.diag(inv)))
    off = ~np.eye(k, dtype=bool)
    r2, p2 = (r**2) * off, (partial**2) * off
    kmo = r2.sum() / (r2.sum() + p2.sum())
    per_item = r2.sum(axis=0) / (r2.sum(axis=0) + p2.sum(axis=0))
    chisq = -np.log(np.linalg.det(r)) * (n - 1 - (2 * k + 5) / 6)
    dof = k * (k - 1) / 2
    rows = [{"measure": "kmo", "item": "", "value": kmo},
            *({"measure": "kmo_item", "item": it, "value": v} for it, v in zip(items, per_item, strict=True)),
            {"measure": "bartlett_chisq", "item": "", "value": chisq},
            {"measure": "bartlett_df", "item": "", "value": dof},
            {"measure": "bartlett_p", "item": "", "value": stats.chi2.sf(chisq, dof)}]
    return pd.DataFrame(rows)


def efa(data: pd.DataFrame, items: list[str], n_factors: int, *, method: str = "pa",
        rotation: str | None = "varimax") -> pd.DataFrame:
    """Exploratory factor analysis (statsmodels): loadings (items x factors) and communalities.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; rows with any item missing are left out (listwise).
    items : list of str
        The numeric items (at least two).
    n_factors : int
        The number of factors to extract.
    method : str
        The extraction method of statsmodels' ``Factor``: ``"pa"`` (principal axis) or ``"ml"``
        (maximum likelihood).
    rotation : str or None
        A rotation statsmodels' ``FactorResults.rotate`` accepts (``"varimax"``, ``"promax"``,
        ``"oblimin"``, ...), or ``None`` for the unrotated loadings.

    Returns
    -------
    pandas.DataFrame
        One row per item: ``item``, the loadings ``factor_1`` to ``factor_{n_factors}``, and
        ``communality`` (the sum of the item's squared loadings).

    Raises
    ------
    SatisfactionError
        If an item is not in ``data``, fewer than two items are given, or fewer than three rows are
        complete.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> f = rng.normal(size=(300, 2))
    >>> df = pd.DataFrame({f"i{j}": f[:, j // 3] + rng.normal(size=300) for j in range(6)})
    >>> efa(df, list(df.columns), 2).columns.tolist()
    ['item', 'factor_1', 'factor_2', 'communality']
    """
    from statsmodels.multivariate.factor import Factor

    x = _complete(data, items)
    fa = Factor(x, n_factor=n_factors, method=method).fit()
    if rotation:
        fa.rotate(rotation)
    out = pd.DataFrame(fa.loadings, index=items, columns=[f"factor_{i + 1}" for i in range(n_factors)])
    out["communality"] = (out**2).sum(axis=1)
    return out.reset_index(names="item")

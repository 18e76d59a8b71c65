"""Helpers shared by the estimators of this layer (linearisation and replicates); not a public API."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from satisfaction.errors import SatisfactionError

#: The columns of every estimate, after the ``by`` columns: a public API (re-exported as ``survey.COLUMNS``).
COLUMNS = ["variable", "estimate", "std_err", "ci_low", "ci_high", "deff", "n", "n_weighted"]


def _numeric(data: pd.DataFrame, y: str) -> np.ndarray:
    if y not in data.columns:
        raise SatisfactionError(f"variable {y!r} is not in the data", column=y)
    col = data[y]
    if col.dtype == np.float64:
        return col.to_numpy()
    if col.dtype == bool or str(col.dtype) == "boolean":
        col = col.astype("Float64")
    if not (pd.api.types.is_numeric_dtype(col)):
        raise SatisfactionError(f"variable {y!r} is not numeric (dtype {col.dtype}); recode it first", column=y)
    values = col.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return values


def _domains(data: pd.DataFrame, by: str | list[str] | None) -> list[tuple[tuple, np.ndarray]]:
    if by is None:
        return [((), np.arange(len(data)))]
    by = [by] if isinstance(by, str) else list(by)
    for b in by:
        if b not in data.columns:
            raise SatisfactionError(f"domain column {b!r} is not in the data", column=b)
    # rows whose domain is missing belong to no domain (as R's svyby drops them); they keep their PSU
    groups = data.groupby(by, sort=True, dropna=True, observed=True).indices
    return [((k,) if len(by) == 1 else tuple(k), idx) for k, idx in groups.items()]


def _frame_out(rows: list[dict], by: str | list[str] | None) -> pd.DataFrame:
    by = [] if by is None else [by] if isinstance(by, str) else list(by)
    return pd.DataFrame(rows, columns=by + COLUMNS)


def _normal_ci(est: float, se: float, level: float) -> tuple[float, float]:
    q = stats.norm.ppf(0.5 + level / 2)
    return est - q * se, est + q * se


def _srs_variance_of_mean(y: np.ndarray, w: np.ndarray, mean: float) -> float:
    """R's deff denominator for a mean: ``svyvar(y) (sum(w) - n) / (sum(w) n)`` with ``n`` the rows of non-zero
    weight (R's ``nobs``); NaN when the weights add up to less than ``n`` (R: NA, "are weights correctly
    scaled?"), infinite when they add up to exactly ``n`` (as R)."""
    n = int((w != 0).sum())
    if n < 2:
        return np.nan
    sw = w.sum()
    if sw < n:
        return np.nan
    var = (w * (y - mean) ** 2).sum() / sw * n / (n - 1)
    return var / n * (sw - n) / sw


def _by_names(by: str | list[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)

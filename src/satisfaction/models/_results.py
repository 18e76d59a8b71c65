"""What every model returns: a result with ``.table`` (frozen columns) and ``.fit``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

from satisfaction.errors import ConvergenceWarning, SatisfactionError

TABLE_COLUMNS = ["term", "estimate", "std_err", "statistic", "p_value", "ci_low", "ci_high"]


@dataclass
class ModelResult:
    """What every model returns.

    Parameters
    ----------
    table : pandas.DataFrame
        The tidy coefficient table (:data:`TABLE_COLUMNS`, or the model's own columns for key drivers).
    fit : object
        The underlying fit (:class:`OrdinalFit`, :class:`GLMFit`, :class:`KeyDriversFit`,
        :class:`MultilevelFit`).
    converged : bool
        Whether the estimation converged (closed-form estimators always do); a fit that did not
        also raised a :class:`~satisfaction.errors.ConvergenceWarning`.
    """

    table: pd.DataFrame
    fit: object
    converged: bool = True


def _design_matrix(data: pd.DataFrame, y: str, x: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cols = [y, *x]
    for c in cols:
        if c not in data.columns:
            raise SatisfactionError(f"variable {c!r} is not in the data", column=c)
    complete = data[cols].notna().all(axis=1).to_numpy()
    sub = data.loc[complete]
    X = np.column_stack([np.ones(len(sub)), sub[x].astype(float).to_numpy()])
    for j, c in enumerate(x, start=1):
        if np.ptp(X[:, j]) == 0:
            raise SatisfactionError(f"predictor {c!r} is constant: it cannot be estimated", column=c)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise SatisfactionError(f"the predictors {x} are collinear (with each other or the intercept)")
    return X, sub[y].astype(float).to_numpy(), complete


def _coef_table(names: list[str], params: np.ndarray, se: np.ndarray, level: float,
                df: float | None = None) -> pd.DataFrame:
    """The frozen model table: Wald statistics, their p-values and normal intervals.

    With ``df`` (a GLM's residual degrees of freedom, as ``summary.svyglm`` has them for the families whose
    dispersion is estimated) the p-values are Student t on ``df``, else normal; the intervals are normal in
    both cases, as ``confint.svyglm``'s default (``ddf = Inf``)."""
    params, se = np.asarray(params, float), np.asarray(se, float)
    z = params / se
    qn = stats.norm.ppf(0.5 + level / 2)
    p = 2 * (stats.t.sf(np.abs(z), df) if df is not None and df > 0 else stats.norm.sf(np.abs(z)))
    return pd.DataFrame({"term": names, "estimate": params, "std_err": se, "statistic": z,
                         "p_value": p, "ci_low": params - qn * se, "ci_high": params + qn * se}, columns=TABLE_COLUMNS)


def _logit_core(X: np.ndarray, yv: np.ndarray, w: np.ndarray, y: str, names: list[str]):
    """Weighted logistic regression by IRLS: coefficients, per-row influence values and convergence."""
    beta = np.zeros(X.shape[1])
    for _ in range(100):  # iteratively reweighted least squares
        mu = special.expit(X @ beta)
        var = np.maximum(mu * (1 - mu), 1e-12)
        xtwx = X.T @ (X * (w * var)[:, None])
        step = np.linalg.solve(xtwx, X.T @ (w * (yv - mu)))
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    # IRLS converges quadratically: a last step this small means the estimates are settled to far below
    # their standard errors even where rounding keeps it above the stopping rule of 1e-12
    converged = bool(np.max(np.abs(step)) < 1e-8)
    if not converged:
        warnings.warn(f"the logit of {y!r} did not converge in 100 IRLS steps (last step "
                      f"{float(np.max(np.abs(step))):.3g})", ConvergenceWarning, stacklevel=3)
    mu = special.expit(X @ beta)
    if np.max(np.abs(beta)) > 30 or (np.minimum(mu, 1 - mu) < 1e-10).mean() > 0.5:
        big = [n for n, b in zip(names, beta, strict=True) if abs(b) > 30]
        raise SatisfactionError(f"perfect or quasi-perfect separation in the logit of {y!r}: "
                                f"coefficients of {big or names[1:]} diverge; drop or recode those predictors")
    xtwx = X.T @ (X * (w * mu * (1 - mu))[:, None])
    influence = (X * (w * (yv - mu))[:, None]) @ np.linalg.inv(xtwx)
    return beta, influence, converged

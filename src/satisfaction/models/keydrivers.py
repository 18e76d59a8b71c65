"""Key-driver analysis: Shapley (LMG) and Johnson's relative weights, PSU bootstrap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from satisfaction.errors import SatisfactionError
from satisfaction.models._results import ModelResult, _design_matrix
from satisfaction.survey.design import Design, DesignFrame


@dataclass
class KeyDriversFit:
    """R² of the full model, the bootstrap draws of both importance measures, and the settings.

    Parameters
    ----------
    r2 : float
        The R² of the weighted regression of ``y`` on all drivers (the sum of the Shapley values).
    shapley_draws : numpy.ndarray
        The Shapley value of each driver in each bootstrap replicate (``n_boot`` x drivers).
    weight_draws : numpy.ndarray
        The relative weight of each driver in each bootstrap replicate (``n_boot`` x drivers).
    n_boot : int
        The number of bootstrap replicates.
    seed : int or None
        The seed of the bootstrap.
    """

    r2: float
    shapley_draws: np.ndarray
    weight_draws: np.ndarray
    n_boot: int
    seed: int | None


def _weighted_moments(stats_: np.ndarray, k: int) -> np.ndarray:
    """Correlation matrix of (y, x1..xk) from summed weighted moments [sum w, sum w z, sum w z z']."""
    sw = stats_[0]
    mean = stats_[1:k + 2] / sw
    second = stats_[k + 2:].reshape(k + 1, k + 1) / sw
    cov = second - np.outer(mean, mean)
    sd = np.sqrt(np.diag(cov))
    return cov / np.outer(sd, sd)


def _shapley(corr: np.ndarray) -> np.ndarray:
    """Shapley (LMG) decomposition of R² over all subsets of predictors, from the correlation matrix."""
    k = corr.shape[0] - 1
    rxy, rxx = corr[1:, 0], corr[1:, 1:]
    r2 = np.zeros(1 << k)
    for mask in range(1, 1 << k):
        idx = [j for j in range(k) if mask >> j & 1]
        sub = rxx[np.ix_(idx, idx)]
        r2[mask] = rxy[idx] @ np.linalg.solve(sub, rxy[idx])
    from math import factorial

    weight = [factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)]
    size = np.array([bin(m).count("1") for m in range(1 << k)])
    out = np.zeros(k)
    for j in range(k):
        bit = 1 << j
        without = np.array([m for m in range(1 << k) if not m & bit])
        out[j] = sum(weight[size[m]] * (r2[m | bit] - r2[m]) for m in without)
    return out


def _relative_weights(corr: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights: they add up to R²."""
    rxy, rxx = corr[1:, 0], corr[1:, 1:]
    vals, vecs = np.linalg.eigh(rxx)
    lam = vecs @ np.diag(np.sqrt(np.maximum(vals, 0))) @ vecs.T
    beta = np.linalg.solve(lam, rxy)
    return (lam**2) @ (beta**2)


def key_drivers(data: pd.DataFrame, y: str, x: list[str], *, design: Design | None = None, n_boot: int = 200,
                seed: int | None = 0, level: float = 0.95) -> ModelResult:
    """Shapley (LMG) decomposition of R² and Johnson's relative weights, with cluster-bootstrap intervals.

    The bootstrap resamples whole PSUs within strata (``n_h`` with replacement), as the design does, so
    intervals reflect the clustering. With no design, rows are resampled. ``seed=`` makes it repeatable.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent (with the design's columns when a design is given); rows with ``y`` or
        a driver missing are left out.
    y : str
        The numeric outcome.
    x : list of str
        The numeric drivers, at most 12 (the decomposition visits every subset of them).
    design : Design or None
        The survey design: its weights weight the correlations, its PSUs and strata drive the
        bootstrap; ``None`` for unweighted rows, each its own PSU.
    n_boot : int
        The number of bootstrap replicates.
    seed : int or None
        Seed of the bootstrap; ``None`` draws a different one each call.
    level : float
        Confidence level of the percentile intervals.

    Returns
    -------
    ModelResult
        ``.table``: one row per driver with ``term``, ``shapley_r2`` (its share of R²),
        ``shapley_pct`` (as a percentage of R²), ``shapley_ci_low``, ``shapley_ci_high``,
        ``shapley_pct_ci_low``, ``shapley_pct_ci_high``, ``relative_weight``,
        ``relative_weight_ci_low``, ``relative_weight_ci_high`` and ``rank`` (1 for the largest
        Shapley value); ``.fit``: a :class:`KeyDriversFit`; ``.converged``: always true.

    Raises
    ------
    SatisfactionError
        If there are more than 12 drivers, a variable is not in ``data``, a driver is constant or the
        drivers are collinear, or the design does not resolve on ``data``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame(rng.normal(size=(400, 3)), columns=["a", "b", "c"])
    >>> df["y"] = 2 * df["a"] + df["b"] + rng.normal(size=400)
    >>> res = key_drivers(df, "y", ["a", "b", "c"], n_boot=50, seed=1)
    >>> res.table["term"].tolist(), bool(abs(res.table["shapley_r2"].sum() - res.fit.r2) < 1e-12)
    (['a', 'b', 'c'], True)
    """
    if len(x) > 12:
        raise SatisfactionError(f"{len(x)} drivers: the Shapley decomposition visits 2^k subsets; use at most 12")
    X, yv, complete = _design_matrix(data, y, x)
    design = design or Design()
    frame = DesignFrame(data, design)
    w = frame.w[complete]
    z = np.column_stack([yv, X[:, 1:]])
    k = len(x)
    moments = np.column_stack([w, w[:, None] * z, (w[:, None, None] * z[:, :, None] * z[:, None, :]).reshape(len(z), -1)])
    psu = frame.psu_codes[complete]
    per_psu = np.zeros((frame.n_psu, moments.shape[1]))
    np.add.at(per_psu, psu, moments)
    corr = _weighted_moments(per_psu.sum(axis=0), k)
    shap, rw = _shapley(corr), _relative_weights(corr)
    rng = np.random.default_rng(seed)
    strata = frame.psu_stratum
    draws_s, draws_w = np.empty((n_boot, k)), np.empty((n_boot, k))
    members = [np.flatnonzero(strata == h) for h in range(len(frame.n_h))]
    for b in range(n_boot):
        counts = np.zeros(frame.n_psu)
        for m in members:
            np.add.at(counts, rng.choice(m, len(m), replace=True), 1.0)
        c = _weighted_moments(counts @ per_psu, k)
        draws_s[b], draws_w[b] = _shapley(c), _relative_weights(c)
    a = (1 - level) / 2
    r2 = float(shap.sum())
    table = pd.DataFrame({
        "term": x, "shapley_r2": shap, "shapley_pct": 100 * shap / r2,
        "shapley_ci_low": np.quantile(draws_s, a, axis=0), "shapley_ci_high": np.quantile(draws_s, 1 - a, axis=0),
        "shapley_pct_ci_low": np.quantile(100 * draws_s / draws_s.sum(axis=1, keepdims=True), a, axis=0),
        "shapley_pct_ci_high": np.quantile(100 * draws_s / draws_s.sum(axis=1, keepdims=True), 1 - a, axis=0),
        "relative_weight": rw, "relative_weight_ci_low": np.quantile(draws_w, a, axis=0),
        "relative_weight_ci_high": np.quantile(draws_w, 1 - a, axis=0)})
    table["rank"] = table["shapley_r2"].rank(ascending=False, method="min").astype(int)
    return ModelResult(table=table, fit=KeyDriversFit(r2=r2, shapley_draws=draws_s, weight_draws=draws_w,
                                                      n_boot=n_boot, seed=seed))

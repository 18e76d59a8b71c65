"""Weighted linear and logistic regression with design-based standard errors (as ``svyglm``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from satisfaction.errors import ConvergenceWarning, SatisfactionError
from satisfaction.models._results import ModelResult, _coef_table, _design_matrix, _logit_core
from satisfaction.survey.design import Design
from satisfaction.survey.replicates import ReplicateDesign, resolve


@dataclass
class GLMFit:
    """A fitted linear or logistic model: coefficients (intercept first), covariance, n.

    Parameters
    ----------
    params : pandas.Series
        The coefficients, indexed ``"(Intercept)"`` then the predictors.
    cov : pandas.DataFrame
        Their design-based (linearised sandwich) covariance matrix, rows and columns named as
        ``params``.
    n : int
        The number of rows used (those with ``y`` and every predictor present).
    family : str
        ``"gaussian"`` (:func:`linear`) or ``"quasibinomial"`` (:func:`logit`).
    df_residual : int
        The residual degrees of freedom of ``summary.svyglm``: the design's degrees of freedom among the
        rows used, plus 1, minus the number of coefficients; the table's p-values are Student t on them.
    """

    params: pd.Series
    cov: pd.DataFrame
    n: int
    family: str
    df_residual: int


def _glm_result(params, influence, complete, data, frame, names, level, family, n, w_all,
                converged: bool = True, refit=None) -> ModelResult:
    if isinstance(frame, ReplicateDesign):
        # as svyglm on a replicate design: the model fitted again with each replicate's weights
        thetas = np.full((frame.replicates, len(params)), np.nan)
        for r in range(frame.replicates):
            try:
                thetas[r] = refit(frame.weights[complete, r])
            except (np.linalg.LinAlgError, SatisfactionError):
                pass  # dropped from the variance, with the covariance's warning
        cov = frame.covariance(thetas, params, "the coefficients")
    else:
        full = np.zeros((len(data), len(params)))
        full[complete] = influence
        cov = frame.covariance(full)
    # summary.svyglm's residual degrees of freedom: the design's (of the rows used) + 1 - the coefficients
    df = frame.df_of(np.flatnonzero(complete)) + 1 - len(params)
    table = _coef_table(names, params, np.sqrt(np.diag(cov)), level, df=df)
    fit = GLMFit(params=pd.Series(params, index=names), cov=pd.DataFrame(cov, index=names, columns=names), n=n,
                 family=family, df_residual=df)
    return ModelResult(table=table, fit=fit, converged=converged)


def linear(data: pd.DataFrame, y: str, x: list[str], *, design: Design, level: float = 0.95) -> ModelResult:
    """Weighted least squares with design-based (linearised sandwich) SEs, as ``svyglm(family=gaussian())``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    y : str
        The numeric outcome.
    x : list of str
        The numeric predictors; an intercept is added. Rows with ``y`` or a predictor missing are left
        out of the fit, as domains: they keep their PSU and stratum in the variance.
    design : Design or ReplicateDesign
        The survey design; its weights weight the least squares. With a replicate design the
        covariance comes from the model fitted with each replicate's weights, as ``svyglm`` does.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    ModelResult
        ``.table``: one row per term, ``(Intercept)`` first, with :data:`TABLE_COLUMNS` (Wald
        ``statistic``, its ``p_value`` on Student t with ``fit.df_residual`` degrees of freedom as
        ``summary.svyglm``, and a normal interval as ``confint.svyglm``); ``.fit``: a :class:`GLMFit`; ``.converged``:
        always true (closed form).

    Raises
    ------
    SatisfactionError
        If a variable is not in ``data``, a predictor is constant or the predictors are collinear (in
        the rows used), or the design does not resolve on ``data``.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 7], "x": [0.0, 1, 2, 3, 4, 5], "w": [1.0] * 6})
    >>> linear(df, "y", ["x"], design=Design(weight="w")).table["estimate"].round(4).tolist()
    [0.8095, 1.1429]
    """
    X, yv, complete = _design_matrix(data, y, x)
    frame = resolve(data, design)
    w = _weights(frame)[complete]
    xtwx = X.T @ (X * w[:, None])
    beta = np.linalg.solve(xtwx, X.T @ (w * yv))
    resid = yv - X @ beta
    influence = (X * (w * resid)[:, None]) @ np.linalg.inv(xtwx)

    def refit(wr: np.ndarray) -> np.ndarray:
        return np.linalg.solve(X.T @ (X * wr[:, None]), X.T @ (wr * yv))

    return _glm_result(beta, influence, complete, data, frame, ["(Intercept)", *x], level, "gaussian",
                       int(complete.sum()), w, refit=refit)


def logit(data: pd.DataFrame, y: str, x: list[str], *, design: Design, level: float = 0.95) -> ModelResult:
    """Weighted logistic regression of a 0/1 ``y`` (e.g. top-2-box) with design-based SEs, as
    ``svyglm(family=quasibinomial())``. Perfect separation is refused with the variable named.

    The coefficients maximise the weighted (pseudo-)likelihood by iteratively reweighted least squares
    (at most 100 steps); their covariance is the linearised sandwich of the design.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    y : str
        The outcome, 0 or 1 in every row used.
    x : list of str
        The numeric predictors; an intercept is added. Rows with ``y`` or a predictor missing are left
        out of the fit, as domains: they keep their PSU and stratum in the variance.
    design : Design or ReplicateDesign
        The survey design; its weights weight the likelihood. With a replicate design the covariance
        comes from the model fitted with each replicate's weights, as ``svyglm`` does.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    ModelResult
        ``.table``: one row per term (log-odds), ``(Intercept)`` first, with :data:`TABLE_COLUMNS`
        (Wald ``statistic``, its ``p_value`` on Student t with ``fit.df_residual`` degrees of freedom as
        ``summary.svyglm``, and a normal interval as ``confint.svyglm``); ``.fit``: a :class:`GLMFit`;
        ``.converged``: whether the iterations converged.

    Raises
    ------
    SatisfactionError
        If a variable is not in ``data``, ``y`` is not 0/1, a predictor is constant or the predictors
        are collinear, the design does not resolve on ``data``, or there is perfect or quasi-perfect
        separation (a coefficient beyond 30 in absolute value, or more than half the fitted
        probabilities within 1e-10 of 0 or 1).

    Warns
    -----
    ConvergenceWarning
        When the iterations did not converge.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [0.0, 0, 0, 1, 0, 1, 0, 1, 1, 1], "x": [0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9]})
    >>> res = logit(df, "y", ["x"], design=Design())
    >>> res.table[["term", "estimate"]].round(4).to_numpy().tolist(), res.converged
    ([['(Intercept)', -3.0452], ['x', 0.6767]], True)
    """
    X, yv, complete = _design_matrix(data, y, x)
    if not np.isin(yv, [0.0, 1.0]).all():
        raise SatisfactionError(f"{y!r} must be 0/1 for a logit model (use top-2-box coding)", column=y)
    frame = resolve(data, design)
    w = _weights(frame)[complete]
    beta, influence, converged = _logit_core(X, yv, w, y, ["(Intercept)", *x])

    def refit(wr: np.ndarray) -> np.ndarray:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return _logit_core(X, yv, wr, y, ["(Intercept)", *x])[0]

    return _glm_result(beta, influence, complete, data, frame, ["(Intercept)", *x], level, "quasibinomial",
                       int(complete.sum()), w, converged, refit=refit)


def _weights(frame) -> np.ndarray:
    """The full-sample weights of a resolved design or a replicate design."""
    return frame.full if isinstance(frame, ReplicateDesign) else frame.w

"""Calibration of design weights to population totals, with the standard errors calibration earns.

- :func:`calibrate`: linear (GREG), raking or bounded-logit distance, as R's ``calibrate()``;
- :func:`post_stratify`: post-stratification to known counts, as ``postStratify()``;
- :func:`rake_design`: raking to several margins (iterative proportional fitting), as ``rake()``;
- :func:`rake`: the raked weights and a convergence report only.

The first three return the data with the new weights and a :class:`~satisfaction.survey.Design` that
records the calibration (:class:`~satisfaction.survey.Calibrated`), so that every estimator's variance
uses the residuals of the influence values from the calibration model, as ``survey::svyrecvar`` does:
equal to R to 1e-8 on ``apiclus1`` (``tests/golden/make_calibration_golden.R``). Weights from
:func:`rake` alone are fixed weights to the estimators, which is conservative for variables related to
the margins.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd

from satisfaction.errors import ConvergenceWarning, SatisfactionError
from satisfaction.survey.design import Calibrated, Design, DesignFrame

log = logging.getLogger(__name__)


def _categories(data: pd.DataFrame, col: str, totals, *, role: str, noun: str = "total") -> pd.Series:
    """The population counts of a categorical column's categories, checked against the data: the column
    exists, every row has a category with a count, and every count has a respondent."""
    if col not in data.columns:
        raise SatisfactionError(f"{role} column {col!r} is not in the data", column=col)
    totals = pd.Series(totals, dtype=float)
    values = data[col]
    unknown = sorted(set(values.dropna().unique()) - set(totals.index), key=str)
    if unknown or values.isna().any():
        raise SatisfactionError(f"rows whose {col!r} has no population {noun}: {unknown[:5] or ['missing']}",
                                column=col)
    empty = [k for k in totals.index if not (values == k).any()]
    if empty:
        raise SatisfactionError(f"population {noun}s for {col!r} categories with no respondents: {empty}", column=col)
    return totals


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
        totals = _categories(data, col, totals, role="margin")
        codes[col] = pd.Categorical(data[col], categories=totals.index).codes
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


# --- calibration with calibrated standard errors -------------------------------------------------------

def _distance(method: str, bounds: tuple[float, float]):
    """R's calibration functions: ``g - 1 = F(u)`` and its derivative, for ``calfun``."""
    low, high = bounds
    if method == "linear":
        def fm1(u):
            return np.clip(u, low - 1, high - 1)

        def df(u):
            return ((u > low - 1) & (u < high - 1)).astype(float)
    elif method == "raking":
        def fm1(u):
            return np.exp(u) - 1

        def df(u):
            return np.exp(u)
    else:  # logit, with finite bounds
        if not (np.isfinite(low) and np.isfinite(high)) or not low < 1 < high:
            raise SatisfactionError("logit calibration needs finite bounds around 1, e.g. bounds=(0.5, 2)")
        a = (high - low) / ((high - 1) * (1 - low))

        def fm1(u):
            e = np.exp(a * u)
            return (low * (high - 1) + high * (1 - low) * e) / (high - 1 + (1 - low) * e) - 1

        def df(u):
            e = np.exp(a * u)
            den = high - 1 + (1 - low) * e
            return high * (1 - low) * e * a / den - (low * (high - 1) + high * (1 - low) * e) * ((1 - low) * e * a) / den**2
    return fm1, df


def _model(data: pd.DataFrame, population: dict, total: float | None) -> tuple[pd.DataFrame, np.ndarray]:
    """The calibration model's columns (dummies of categorical margins, numeric columns as they are) and
    their population totals."""
    columns, totals = {}, []
    if total is not None:
        columns["(intercept)"] = np.ones(len(data))
        totals.append(float(total))
    for col, value in population.items():
        if col not in data.columns:
            raise SatisfactionError(f"calibration variable {col!r} is not in the data", column=col)
        if isinstance(value, (dict, pd.Series)):
            value = _categories(data, col, value, role="calibration")
            values = data[col]
            levels = list(value.index)
            if total is not None:
                levels = levels[1:]  # the intercept stands for the first category
            for level in levels:
                columns[f"{col}={level}"] = (values == level).to_numpy(float)
                totals.append(float(value[level]))
        else:
            numbers = pd.to_numeric(data[col], errors="coerce")
            if numbers.isna().any():
                i = int(np.flatnonzero(numbers.isna().to_numpy())[0])
                raise SatisfactionError(f"calibration variable {col!r} must be numeric with no missing value "
                                        f"(position {i})", column=col)
            columns[col] = numbers.to_numpy(float)
            totals.append(float(value))
    return pd.DataFrame(columns, index=data.index), np.array(totals)


def calibrate(data: pd.DataFrame, design: Design, *, population: dict, total: float | None = None,
              method: str = "linear", bounds: tuple[float, float] = (-np.inf, np.inf), max_iter: int = 50,
              tol: float = 1e-12) -> tuple[pd.DataFrame, Design]:
    """Calibrate the design's weights to population totals, with calibrated standard errors, as R's
    ``calibrate()``.

    The calibrated weights are ``w g`` with ``g = 1 + F(x' lambda)`` solving ``sum w g x = T`` by Newton's
    method (R's ``grake``): ``linear`` (GREG; with ``bounds``, truncated at them), ``raking``
    (``g = exp(x' lambda)``) or ``logit`` (g kept inside ``bounds``). The returned design carries the
    calibration, so every estimator's variance uses the residuals of the influence values from the
    weighted regression on the calibration model, as ``survey::svyrecvar`` does: a variable related to
    the margins gets the smaller standard error calibration buys.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    design : Design
        The design whose weights are calibrated (without weights, every row weighs 1).
    population : dict
        For each calibration variable, its population total (a numeric column) or the population count
        of each of its categories (a dict, for a categorical column).
    total : float, optional
        The population size, as an intercept; give it with categorical margins only when they should not
        carry the count themselves (R's ``~stype`` with ``(Intercept)``, ``stypeH``, ``stypeM``).
    method : {"linear", "raking", "logit"}
        The calibration function (R's ``calfun``).
    bounds : tuple of float
        Bounds on ``g``: truncation for ``linear``, the range of ``logit``.
    max_iter : int
        Newton iterations at most.
    tol : float
        Convergence: every total met to a relative ``tol``.

    Returns
    -------
    data : pandas.DataFrame
        A copy of ``data`` with the calibrated weights in ``cal_weight`` (and, if the design had no
        weights, the base weights in ``base_weight``) and the model's columns ``cal:<name>``.
    design : Design
        The design with ``weight="cal_weight"`` and the calibration recorded.

    Examples
    --------
    >>> df = pd.DataFrame({"psu": range(6), "sex": ["m", "m", "f", "f", "f", "m"], "y": [1.0, 2, 3, 4, 5, 6],
    ...                    "w": [10.0] * 6})
    >>> cal, d = calibrate(df, Design(weight="w", cluster="psu"), population={"sex": {"f": 40, "m": 20}})
    >>> cal.groupby("sex")["cal_weight"].sum().round(9).to_dict()
    {'f': 40.0, 'm': 20.0}
    """
    if method not in ("linear", "raking", "logit"):
        raise SatisfactionError(f"method must be 'linear', 'raking' or 'logit', not {method!r}")
    frame = DesignFrame(data, design)
    out = data.copy()
    base = design.weight
    if base is None:
        base = "base_weight"
        out[base] = frame.w
    model, targets = _model(data, population, total)
    x, w0 = model.to_numpy(float), frame.w
    fm1, df = _distance(method, bounds)
    lam = np.zeros(x.shape[1])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # a failing search overflows
        try:
            for _ in range(max_iter):
                u = x @ lam
                g1 = fm1(u)
                misfit = targets - (x * w0[:, None]).sum(axis=0) - (x * (w0 * g1)[:, None]).sum(axis=0)
                if np.all(np.abs(misfit) / (1 + np.abs(targets)) < tol):
                    break
                jac = (x * (w0 * df(u))[:, None]).T @ x
                lam = lam + np.linalg.pinv(jac, rcond=256 * np.finfo(float).eps) @ misfit
            else:
                raise SatisfactionError(f"calibration ({method}) failed: after {max_iter} iterations a total is still off "
                                        f"by {float(np.max(np.abs(misfit) / (1 + np.abs(targets)))):.2e} (relative); the "
                                        "bounds may be too tight for these totals, or the totals far from the sample's")
        except np.linalg.LinAlgError as exc:
            raise SatisfactionError(f"calibration ({method}) failed: the equations have no solution within the bounds "
                                    f"{bounds} ({exc})") from exc
    names = [f"cal:{c}" for c in model.columns]
    for name, column in zip(names, model.columns, strict=True):
        out[name] = model[column].to_numpy(float)
    out["cal_weight"] = w0 * (1 + fm1(x @ lam))
    step = Calibrated(kind="greg", base=base, columns=tuple(names), weight="cal_weight")
    return out, replace(design, weight="cal_weight", calibration=(*design.calibration, step))


def post_stratify(data: pd.DataFrame, design: Design, *, strata: str, population: dict) -> tuple[pd.DataFrame, Design]:
    """Post-stratify the design's weights to known population counts, as R's ``postStratify()``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, with the design's columns and ``strata``.
    design : Design
        The design whose weights are post-stratified.
    strata : str
        Column of the post-strata.
    population : dict
        The population count of each post-stratum.

    Returns
    -------
    data : pandas.DataFrame
        A copy of ``data`` with the post-stratified weights in ``ps_weight``.
    design : Design
        The design with ``weight="ps_weight"`` and the post-stratification recorded (its variance uses
        the residuals from the post-strata means, as ``svyrecvar``).

    Examples
    --------
    >>> df = pd.DataFrame({"psu": range(4), "g": ["a", "a", "b", "b"], "w": [1.0, 1, 1, 1], "y": [1.0, 2, 3, 5]})
    >>> ps, d = post_stratify(df, Design(weight="w", cluster="psu"), strata="g", population={"a": 10, "b": 30})
    >>> ps["ps_weight"].tolist()
    [5.0, 5.0, 15.0, 15.0]
    """
    frame = DesignFrame(data, design)
    totals = _categories(data, strata, population, role="post-stratum", noun="count")
    values = data[strata]
    sample = pd.Series(frame.w, index=data.index).groupby(values.to_numpy()).sum()
    out = data.copy()
    base = design.weight or "base_weight"
    if design.weight is None:
        out[base] = frame.w
    out["ps_weight"] = frame.w * values.map(totals / sample).to_numpy(float)
    step = Calibrated(kind="poststratify", base=base, columns=(strata,), weight="ps_weight")
    return out, replace(design, weight="ps_weight", calibration=(*design.calibration, step))


def rake_design(data: pd.DataFrame, design: Design, *, margins: dict[str, dict | pd.Series], max_iter: int = 100,
                tol: float = 1e-10) -> tuple[pd.DataFrame, Design, pd.DataFrame]:
    """Rake the design's weights (:func:`rake`) and keep the raking for the variance, as R's ``rake()``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, with the design's columns and the margin columns.
    design : Design
        The design whose weights are raked.
    margins : dict
        As :func:`rake`.
    max_iter : int
        Raking iterations at most.
    tol : float
        Convergence: the largest relative gap to a margin.

    Returns
    -------
    data : pandas.DataFrame
        A copy of ``data`` with the raked weights in ``raked_weight``.
    design : Design
        The design with ``weight="raked_weight"`` and the raking recorded (its variance: ten rounds of
        removing each margin's mean, as ``svyrecvar`` does for ``rake()``).
    report : pandas.DataFrame
        The convergence report of :func:`rake`.
    """
    frame = DesignFrame(data, design)
    out = data.copy()
    base = design.weight or "base_weight"
    if design.weight is None:
        out[base] = frame.w
    weights, report = rake(out, weight=base, margins=margins, max_iter=max_iter, tol=tol)
    out["raked_weight"] = weights.to_numpy()
    step = Calibrated(kind="raking", base=base, columns=tuple(margins), weight="raked_weight")
    return out, replace(design, weight="raked_weight", calibration=(*design.calibration, step)), report


def trim_weights(data: pd.DataFrame, design: Design, *, lower: float = -np.inf, upper: float = np.inf,
                 strict: bool = False) -> tuple[pd.DataFrame, Design]:
    """Trim the weights to ``[lower, upper]``, sharing what was cut equally among the untrimmed rows, as R's
    ``trimWeights()``.

    The total of the weights is kept; any calibration the design records is kept too (as R keeps its
    ``postStrata``). With ``strict``, trimming is repeated until no weight lies outside the bounds (the
    shares given to the untrimmed rows can push some of them over).

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, with the design's columns.
    design : Design
        The design whose weights are trimmed.
    lower, upper : float
        The bounds.
    strict : bool
        Repeat until every weight is inside the bounds.

    Returns
    -------
    data : pandas.DataFrame
        A copy of ``data`` with the trimmed weights in ``trimmed_weight``.
    design : Design
        The design with ``weight="trimmed_weight"``.

    Examples
    --------
    >>> df = pd.DataFrame({"w": [1.0, 1, 1, 7]})
    >>> trim_weights(df, Design(weight="w"), upper=4)[0]["trimmed_weight"].tolist()
    [2.0, 2.0, 2.0, 4.0]
    """
    w = DesignFrame(data, design).w.copy()
    for _ in range(1000):
        outside = (w < lower) | (w > upper)
        if not outside.any():
            break
        if outside.all():
            raise SatisfactionError(f"every weight lies outside [{lower:g}, {upper:g}]: nothing to share the "
                                    "trimmings with", column=design.weight)
        new = np.clip(w, lower, upper)
        new[~outside] += (w - new).sum() / (~outside).sum()
        w = new
        if not strict:
            break
    out = data.copy()
    out["trimmed_weight"] = w
    return out, replace(design, weight="trimmed_weight")

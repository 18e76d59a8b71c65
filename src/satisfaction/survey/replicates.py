"""Replicate-weight variance: jackknife (JK1, JKn) and the rescaled bootstrap, as R's ``as.svrepdesign``.

``replicate_design(data, design, method=...)`` turns a :class:`satisfaction.survey.Design` into a
:class:`ReplicateDesign` holding one column of weights per replicate; ``mean`` here takes it and
returns the same columns as the linearisation estimators (a proportion is the mean of a 0/1 variable;
its interval is then normal, not logit). The variance is
``scale * sum_r rscale_r * (theta_r - centre)^2`` with the centre the mean of the replicates (R's default,
``mse=FALSE``) or the full-sample estimate (``mse=True``).

- ``jk1``: unstratified; replicate r drops PSU r and multiplies the others by n/(n-1); scale (n-1)/n.
- ``jkn``: stratified; replicate (h, j) drops PSU j of stratum h and multiplies the other PSUs of h by
  n_h/(n_h-1); rscale (n_h-1)/n_h (times 1 - f_h with an fpc).
- ``bootstrap``: in each stratum n_h - 1 PSUs drawn with replacement, weights multiplied by
  count * n_h/(n_h-1) (Rao-Wu / Canty-Davison); scale 1/(R-1). Needs ``seed=``; it ignores an fpc.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from satisfaction.errors import SatisfactionError
from satisfaction.survey._common import COLUMNS, _by_names, _domains, _frame_out, _numeric
from satisfaction.survey.design import Design, DesignFrame


@dataclass
class ReplicateDesign:
    """Replicate weights (rows x replicates), the full-sample weights, and the variance's scales.

    Built by :func:`replicate_design`; the variance of an estimate ``theta`` is
    ``scale * sum_r rscales[r] * (theta_r - centre)^2``.

    Parameters
    ----------
    weights : numpy.ndarray
        The replicate weights, one row per row of the data and one column per replicate.
    full : numpy.ndarray
        The full-sample weights, one per row of the data.
    scale : float
        The overall factor of the variance.
    rscales : numpy.ndarray
        The factor of each replicate.
    method : str
        ``"jk1"``, ``"jkn"`` or ``"bootstrap"``.
    mse : bool
        Centre the variance at the full-sample estimate (true) or at the mean of the replicates (false,
        R's default).
    """

    weights: np.ndarray
    full: np.ndarray
    scale: float
    rscales: np.ndarray
    method: str
    mse: bool = False


def replicate_design(data: pd.DataFrame, design: Design, *, method: str = "jkn", replicates: int = 200,
                     seed: int | None = None, mse: bool = False) -> ReplicateDesign:
    """Replicate weights for ``design`` on ``data`` (see the module for the methods).

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    design : Design
        The columns of ``data`` that describe the design. It is resolved as for the linearisation
        estimators (:class:`DesignFrame`), so ``lonely_psu="fail"`` refuses a stratum with one PSU.
    method : {"jkn", "jk1", "bootstrap"}
        ``jk1`` (unstratified designs only), ``jkn`` (every stratum needs at least two PSUs) or
        ``bootstrap`` (a stratum with one PSU keeps its weights in every replicate).
    replicates : int
        The number of bootstrap replicates; the jackknives have one replicate per PSU and ignore it.
    seed : int or None
        Seed of the bootstrap's draws: required for ``bootstrap``, ignored by the jackknives.
    mse : bool
        Centre the variance at the full-sample estimate instead of the mean of the replicates (R's
        ``mse=TRUE``).

    Returns
    -------
    ReplicateDesign
        One column of weights per replicate (for the jackknives, replicate r drops PSU r, numbered in
        order of first appearance), the full-sample weights, and ``scale`` and ``rscales`` as the
        module gives them.

    Raises
    ------
    SatisfactionError
        If the design does not resolve on ``data``, ``jk1`` is asked of a stratified design, ``jkn`` of
        one with a stratum of a single PSU, ``bootstrap`` is asked without a ``seed``, or ``method`` is
        unknown.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6], "s": [1, 1, 1, 2, 2, 2], "c": [1, 2, 3, 4, 5, 6]})
    >>> rd = replicate_design(df, Design(strata="s", cluster="c"), method="jkn")
    >>> rd.weights.shape, rd.rscales.round(4).tolist()
    ((6, 6), [0.6667, 0.6667, 0.6667, 0.6667, 0.6667, 0.6667])
    >>> round(float(mean(df, "y", design=rd)["std_err"].iloc[0]), 4)
    0.4082
    """
    frame = DesignFrame(data, design)
    psu, stratum = frame.psu_codes, frame.psu_stratum
    n_h = frame.n_h
    w = frame.w
    if method == "jk1":
        if len(frame.strata_values) > 1:
            raise SatisfactionError("jk1 is for unstratified designs; use method='jkn' for a stratified one")
        n = frame.n_psu
        reps = np.repeat(w[:, None] * n / (n - 1), n, axis=1)
        reps[np.arange(len(w)), psu] = 0.0
        f = frame.f_h[0]
        return ReplicateDesign(reps, w, (1 - f) * (n - 1) / n, np.ones(n), "jk1", mse)
    if method == "jkn":
        if (n_h < 2).any():
            raise SatisfactionError("jkn needs at least two PSUs in every stratum")
        n_rep = frame.n_psu
        reps = np.repeat(w[:, None], n_rep, axis=1)
        row_stratum = frame.stratum_codes
        # replicate r drops PSU r: rows of PSU r get 0, other rows of its stratum get n_h/(n_h-1)
        same = stratum[None, :] == row_stratum[:, None]  # rows x replicates: is the row in replicate's stratum
        factor = np.where(same, (n_h[stratum] / (n_h[stratum] - 1))[None, :], 1.0)
        reps *= factor
        reps[np.arange(len(w)), psu] = 0.0
        rscales = (n_h[stratum] - 1) / n_h[stratum] * (1 - frame.f_h[stratum])
        return ReplicateDesign(reps, w, 1.0, rscales, "jkn", mse)
    if method == "bootstrap":
        if seed is None:
            raise SatisfactionError("the bootstrap draws at random: give seed=")
        rng = np.random.default_rng(seed)
        mult = np.zeros((frame.n_psu, replicates))
        for h in range(len(n_h)):
            members = np.flatnonzero(stratum == h)
            k = len(members)
            if k < 2:
                mult[members] = 1.0  # a lonely PSU is kept as it is
                continue
            for r in range(replicates):
                counts = np.bincount(rng.integers(0, k, k - 1), minlength=k)
                mult[members, r] = counts * k / (k - 1)
        return ReplicateDesign(w[:, None] * mult[psu], w, 1 / (replicates - 1), np.ones(replicates), "bootstrap", mse)
    raise SatisfactionError(f"unknown method {method!r}; expected 'jk1', 'jkn' or 'bootstrap'")


def _variance(thetas: np.ndarray, full: float, rd: ReplicateDesign) -> float:
    centre = full if rd.mse else thetas.mean()
    return float(rd.scale * (rd.rscales * (thetas - centre) ** 2).sum())


def mean(data: pd.DataFrame, y: str, *, design: ReplicateDesign, by: str | list[str] | None = None,
         level: float = 0.95) -> pd.DataFrame:
    """Mean of ``y`` with a replicate-weight standard error (normal interval, no design effect).

    Parameters
    ----------
    data : pandas.DataFrame
        The sample the replicate design was built on, with its rows in the same order.
    y : str
        The numeric variable to average (a boolean one counts as 0/1). Rows where it is missing are
        left out, as a domain.
    design : ReplicateDesign
        The replicate weights, from :func:`replicate_design`.
    by : str, list of str or None
        Domain column(s): one estimate per combination of their values, in sorted order (rows with a
        missing value form a domain of their own); ``None`` for one estimate of the whole sample.
    level : float
        Confidence level of the intervals, e.g. 0.95.

    Returns
    -------
    pandas.DataFrame
        One row per domain: the ``by`` columns, then :data:`COLUMNS`: ``variable``, ``estimate`` (the
        mean with the full-sample weights), ``std_err`` (from the replicates), ``ci_low`` and
        ``ci_high`` (normal interval), ``deff`` (always NaN), ``n`` (the rows used) and ``n_weighted``
        (their sum of full-sample weights). The standard error is NaN when a replicate leaves the
        domain with no weight, e.g. a domain within a single PSU of a jackknife.

    Raises
    ------
    SatisfactionError
        If ``y`` or a domain column is not in ``data``, or ``y`` is not numeric.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "c": [1, 2, 3, 4]})
    >>> rd = replicate_design(df, Design(cluster="c"), method="jk1")
    >>> out = mean(df, "y", design=rd)
    >>> float(out["estimate"].iloc[0]), round(float(out["std_err"].iloc[0]), 4)
    (2.5, 0.6455)
    """
    yv = _numeric(data, y)
    q = stats.norm.ppf(0.5 + level / 2)
    out = []
    for key, idx in _domains(data, by):
        rows = idx[~np.isnan(yv[idx])]
        w, reps, yy = design.full[rows], design.weights[rows], yv[rows]
        est = float((w * yy).sum() / w.sum()) if w.sum() > 0 else np.nan
        with np.errstate(invalid="ignore", divide="ignore"):
            thetas = (reps * yy[:, None]).sum(axis=0) / reps.sum(axis=0)
        se = float(np.sqrt(_variance(thetas, est, design))) if np.isfinite(est) else np.nan
        out.append({**dict(zip(_by_names(by), key, strict=True)), "variable": y, "estimate": est, "std_err": se,
                    "ci_low": est - q * se, "ci_high": est + q * se, "deff": np.nan, "n": len(rows),
                    "n_weighted": float(w.sum())})
    return _frame_out(out, by)


__all__ = ["COLUMNS", "ReplicateDesign", "mean", "replicate_design"]

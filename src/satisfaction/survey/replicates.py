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
    """Replicate weights (rows x replicates), the full-sample weights, and the variance's scales."""

    weights: np.ndarray
    full: np.ndarray
    scale: float
    rscales: np.ndarray
    method: str
    mse: bool = False


def replicate_design(data: pd.DataFrame, design: Design, *, method: str = "jkn", replicates: int = 200,
                     seed: int | None = None, mse: bool = False) -> ReplicateDesign:
    """Replicate weights for ``design`` on ``data`` (see the module for the methods)."""
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
    """Mean of ``y`` with a replicate-weight standard error (normal interval, no design effect)."""
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

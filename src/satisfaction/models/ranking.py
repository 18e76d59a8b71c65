"""Comparing units fairly: simultaneous rank intervals, change over waves, self-assessment gaps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def rank_intervals(estimates: pd.DataFrame, *, area: str = "district_code", y: str = "estimate",
                   se: str = "std_err", level: float = 0.95, n_sim: int = 4000, seed: int = 0,
                   descending: bool = True, ci: tuple[str, str] | None = None) -> pd.DataFrame:
    """Simultaneous intervals for each area's rank (1 = best when ``descending``).

    Draws the estimates ``n_sim`` times from their joint sampling distribution (independent normals:
    districts are strata, sampled independently), ranks each draw, and widens the marginal percentile
    intervals of the ranks until all areas' intervals hold at once in ``level`` of the draws.

    Parameters
    ----------
    estimates : pandas.DataFrame
        One row per area, e.g. an estimator's output by area; rows with a missing area, estimate or
        standard error are left out.
    area : str
        Column naming the areas.
    y : str
        Column of the estimates.
    se : str
        Column of their standard errors.
    level : float
        The share of draws in which all intervals must hold at once.
    n_sim : int
        The number of draws.
    seed : int
        Seed of the draws.
    descending : bool
        Rank 1 goes to the largest estimate when true, to the smallest when false.
    ci : tuple of (str, str), optional
        Columns of each estimate's interval. An area whose standard error is 0 (a sample of 100%
        satisfied: no variation, no standard error) is then drawn with the standard error its interval
        implies, ``(ci_high - ci_low) / (2 z)``, instead of being held fixed at its estimate (which
        would rank it first in every draw).

    Returns
    -------
    pandas.DataFrame
        The ``area``, ``y`` and ``se`` columns, then ``rank`` (of the point estimate, ties sharing the
        best rank), ``rank_low`` and ``rank_high`` (widened if need be to contain ``rank``); sorted by
        rank, then area.

    Examples
    --------
    >>> est = pd.DataFrame({"district_code": ["a", "b", "c"], "estimate": [99.0, 98.9, 90.0],
    ...                     "std_err": [0.3, 0.3, 1.0]})
    >>> rank_intervals(est, seed=1)[["district_code", "rank", "rank_low", "rank_high"]].to_numpy().tolist()
    [['a', 1, 1, 2], ['b', 2, 1, 2], ['c', 3, 3, 3]]
    """
    full = estimates[[area, y, se, *(ci or ())]].dropna(subset=[area, y, se]).reset_index(drop=True)
    df = full[[area, y, se]]
    spread = df[se].to_numpy(float)
    if ci is not None:
        implied = (full[ci[1]] - full[ci[0]]).to_numpy(float) / (2 * stats.norm.ppf(0.5 + level / 2))
        spread = np.where((spread == 0) & np.isfinite(implied), implied, spread)
    rng = np.random.default_rng(seed)
    draws = df[y].to_numpy(float) + rng.standard_normal((n_sim, len(df))) * spread
    sign = -1 if descending else 1
    ranks = stats.rankdata(sign * draws, axis=1, method="average")
    point = stats.rankdata(sign * df[y].to_numpy(float), method="min").astype(int)
    alpha = 1 - level
    lo_a, hi_a = 0.0, alpha
    for _ in range(30):  # bisection on the marginal tail probability
        a = (lo_a + hi_a) / 2
        lo = np.floor(np.quantile(ranks, a / 2, axis=0))
        hi = np.ceil(np.quantile(ranks, 1 - a / 2, axis=0))
        joint = np.mean(np.all((ranks >= lo) & (ranks <= hi), axis=1))
        if joint >= level:
            lo_a = a
        else:
            hi_a = a
    a = lo_a
    out = df.copy()
    out["rank"] = point
    out["rank_low"] = np.floor(np.quantile(ranks, a / 2, axis=0)).astype(int)
    out["rank_high"] = np.ceil(np.quantile(ranks, 1 - a / 2, axis=0)).astype(int)
    out["rank_low"] = np.minimum(out["rank_low"], out["rank"])
    out["rank_high"] = np.maximum(out["rank_high"], out["rank"])
    return out.sort_values(["rank", area]).reset_index(drop=True)


def change(estimates: pd.DataFrame, *, wave: str = "wave", area: str = "district_code", y: str = "estimate",
           se: str = "std_err", level: float = 0.95) -> pd.DataFrame:
    """Change of each area's estimate between consecutive waves, with SE, p-value and Holm adjustment.

    Waves are independent samples, so the variance of a difference is the sum of the variances.

    Parameters
    ----------
    estimates : pandas.DataFrame
        One row per area and wave; rows with a missing area, wave, estimate or standard error are left
        out.
    wave : str
        Column of the wave, a number (``from_wave`` is converted to int).
    area : str
        Column naming the areas.
    y : str
        Column of the estimates.
    se : str
        Column of their standard errors.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per area and pair of consecutive waves in which it has an estimate (an area missing a
        wave is compared with its previous one): ``area``, ``from_wave``, ``to_wave``,
        ``from_estimate``, ``to_estimate``, ``change``, ``change_se``, ``ci_low`` and ``ci_high``
        (normal interval), ``p_value`` (two-sided, normal) and ``p_holm`` (Holm-adjusted over the
        areas with the same ``to_wave``).

    Examples
    --------
    >>> est = pd.DataFrame({"district_code": ["a", "a", "b", "b"], "wave": [1, 2, 1, 2],
    ...                     "estimate": [80.0, 84.0, 70.0, 71.0], "std_err": [1.0, 1.0, 2.0, 2.0]})
    >>> out = change(est)
    >>> out[["district_code", "from_wave", "to_wave", "change"]].to_numpy().tolist()
    [['a', 1, 2, 4.0], ['b', 1, 2, 1.0]]
    >>> out["p_holm"].round(4).tolist()
    [0.0094, 0.7237]
    """
    from statsmodels.stats.multitest import multipletests

    df = estimates[[area, wave, y, se]].dropna().sort_values([area, wave])
    prev = df.groupby(area).shift(1)
    out = df.assign(from_wave=prev[wave], from_estimate=prev[y], from_se=prev[se]).dropna(subset=["from_wave"])
    out = out.rename(columns={wave: "to_wave", y: "to_estimate", se: "to_se"})
    out["change"] = out["to_estimate"] - out["from_estimate"]
    out["change_se"] = np.sqrt(out["to_se"] ** 2 + out["from_se"] ** 2)
    q = stats.norm.ppf(0.5 + level / 2)
    out["ci_low"], out["ci_high"] = out["change"] - q * out["change_se"], out["change"] + q * out["change_se"]
    with np.errstate(divide="ignore", invalid="ignore"):
        z = out["change"] / out["change_se"]
    out["p_value"] = 2 * stats.norm.sf(np.abs(z))
    out["p_holm"] = np.nan
    for _, idx in out.groupby("to_wave").groups.items():  # one family of tests per pair of waves
        ok = out.loc[idx, "p_value"].notna()
        if ok.any():
            out.loc[idx[ok.to_numpy()], "p_holm"] = multipletests(out.loc[idx, "p_value"][ok], method="holm")[1]
    cols = [area, "from_wave", "to_wave", "from_estimate", "to_estimate", "change", "change_se", "ci_low",
            "ci_high", "p_value", "p_holm"]
    out["from_wave"] = out["from_wave"].astype(int)
    return out[cols].reset_index(drop=True)


def self_assessment_gap(estimates: pd.DataFrame, reported: pd.DataFrame, *, area: str = "district_code",
                        y: str = "estimate", se: str = "std_err", reported_col: str = "self_reported_pct",
                        level: float = 0.95) -> pd.DataFrame:
    """Self-reported satisfaction minus the independent survey's estimate, with the gap's interval.

    The self-reported rate is taken as a fixed number (districts publish no uncertainty), so the gap's
    interval is the survey estimate's interval reflected.

    Parameters
    ----------
    estimates : pandas.DataFrame
        The survey's estimates, one row per area.
    reported : pandas.DataFrame
        The self-reported rates, one row per area.
    area : str
        Column naming the areas in both tables; only areas in both are kept.
    y : str
        Column of ``estimates`` with the estimate.
    se : str
        Column of ``estimates`` with its standard error.
    reported_col : str
        Column of ``reported`` with the self-reported rate, on the scale of ``y``.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        The ``area``, ``y``, ``se`` and ``reported_col`` columns, then ``gap`` (reported minus
        estimate), ``gap_low`` and ``gap_high`` (normal interval) and ``significant`` (true when
        ``gap_low > 0``, i.e. the self-report is significantly above the survey; a significantly lower
        one is not flagged); sorted by gap, largest first.

    Examples
    --------
    >>> est = pd.DataFrame({"district_code": ["a", "b"], "estimate": [80.0, 90.0], "std_err": [2.0, 1.0]})
    >>> rep = pd.DataFrame({"district_code": ["a", "b"], "self_reported_pct": [95.0, 85.0]})
    >>> self_assessment_gap(est, rep)[["district_code", "gap", "significant"]].to_numpy().tolist()
    [['a', 15.0, True], ['b', -5.0, False]]
    """
    df = estimates[[area, y, se]].merge(reported[[area, reported_col]], on=area, how="inner")
    q = stats.norm.ppf(0.5 + level / 2)
    df["gap"] = df[reported_col] - df[y]
    df["gap_low"], df["gap_high"] = df["gap"] - q * df[se], df["gap"] + q * df[se]
    df["significant"] = df["gap_low"] > 0
    return df.sort_values("gap", ascending=False).reset_index(drop=True)

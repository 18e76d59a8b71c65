"""Intervals of a proportion as R's ``svyciprop`` computes them, and honest ones at 0% and 100%.

Every method takes the design-based estimate ``p`` (0-1) and its linearised standard error, the
design's degrees of freedom of the estimate (``df``, PSUs minus strata of its domain) and the number of
rows of its domain (``n``); each returns ``(ci_low, ci_high)``, NaN where no interval can be computed
(a domain in a single PSU has no degrees of freedom).

==============  ========================================================================================
method          interval (``t`` is the quantile of Student's t with ``df`` degrees of freedom)
==============  ========================================================================================
``logit``       ``expit(logit(p) ± t SE / (p (1 - p)))``, R's ``svyciprop(method="logit")``: the Wald
                interval of the intercept-only quasibinomial ``svyglm``, whose standard error on the
                logit scale is the delta-method one
``xlogit``      the same interval computed as R's ``method="xlogit"`` (``svycontrast`` on ``svymean``)
``mean``        ``p ± t SE``; it may leave 0-1
``asin``        ``sin²(asin(√p) ± t SE / (2 √(p (1 - p))))``
``beta``        Korn-Graubard: a Clopper-Pearson interval with the effective sample size
                ``n* = p (1 - p) / SE²`` scaled by ``(t(n - 1) / t(df))²``
``wilson``      Wilson's score interval with ``n*`` and ``t`` (R's survey 4.2 and later)
==============  ========================================================================================

At ``p`` of 0 or 1 the standard error is 0, and R's intervals are a single point (``mean``, ``asin``,
``logit``) or undefined (``beta``, ``wilson``: ``n*`` is 0/0). A district in which all 300 respondents
were satisfied has not shown that everyone is. Here ``beta`` then takes the effective sample size to be
the domain's number of respondents (the design effect, which cannot be estimated, taken as 1), as the
NCHS Data Presentation Standards for Proportions (Parker et al. 2017, Vital Health Stat 2(175)) do for
Korn-Graubard intervals: 100% of 300 respondents in 10 wards gets (98.4%, 100%). Everywhere else every
method equals R's to the last digits (``tests/golden/make_design_golden.R``). ``beta`` is the method
of the SIPAS indices (:func:`satisfaction.sipas.sipas_index`): it never has zero width, it stays inside
0-100%, and its coverage near the ceiling is at least nominal, where Wald-type intervals fall short.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy import special, stats

METHODS = ("logit", "xlogit", "beta", "wilson", "asin", "mean")
#: A standard error at or below this is no variation (rounding leaves 1e-17 where the shares are all equal).
NO_VARIATION = 1e-12


@functools.lru_cache(maxsize=4096)
def _t(level: float, df: float) -> float:
    # cached: the domains of many variables share their degrees of freedom
    return float(stats.t.ppf(0.5 + level / 2, df)) if df > 0 else np.nan


def proportion_ci(p: float, se: float, *, df: float, n: int, level: float = 0.95,
                  method: str = "logit", n_obs: int | None = None) -> tuple[float, float]:
    """The interval of a design-based proportion by one of R's ``svyciprop`` methods (see the module).

    Parameters
    ----------
    p : float
        The estimated proportion, 0-1.
    se : float
        Its linearised standard error.
    df : float
        The design's degrees of freedom of the estimate (PSUs minus strata of the domain).
    n : int
        The number of rows of the domain (``nrow`` of R's subset design, rows without an answer
        included), for ``beta``.
    level : float
        Confidence level.
    method : {"logit", "xlogit", "beta", "wilson", "asin", "mean"}
        The interval.
    n_obs : int or None
        The respondents who answered, for ``beta`` at 0% or 100% (the effective sample size when there is
        no variation); ``n`` when None.

    Returns
    -------
    tuple of float
        ``(ci_low, ci_high)``; NaN when ``df`` is not positive or ``p`` is missing.

    Examples
    --------
    >>> [round(v, 4) for v in proportion_ci(0.9, 0.03, df=20, n=400, method="beta")]
    [0.818, 0.9535]
    >>> [round(v, 4) for v in proportion_ci(1.0, 0.0, df=9, n=300, method="beta")]
    [0.9839, 1.0]
    >>> proportion_ci(1.0, 0.0, df=9, n=300, method="logit")
    (1.0, 1.0)
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if not np.isfinite(p) or not np.isfinite(se):
        return np.nan, np.nan
    t = _t(level, df)
    if np.isnan(t):
        return np.nan, np.nan
    if method in ("logit", "xlogit"):
        if p <= 0 or p >= 1 or se == 0:
            # R: the svyglm of "logit" converges to the point itself; the delta method of "xlogit" is NaN
            return (float(p), float(p)) if method == "logit" else (np.nan, np.nan)
        centre, half = special.logit(p), t * se / (p * (1 - p))
        return float(special.expit(centre - half)), float(special.expit(centre + half))
    if method == "mean":
        return float(p - t * se), float(p + t * se)
    if method == "asin":
        if p <= 0 or p >= 1 or se == 0:
            return np.nan, np.nan  # as R: the delta method divides by sqrt(p (1 - p)) = 0
        centre, half = np.arcsin(np.sqrt(p)), t * se / (2 * np.sqrt(p * (1 - p)))
        return float(np.sin(centre - half) ** 2), float(np.sin(centre + half) ** 2)
    alpha = 1 - level
    if method == "wilson":
        if se == 0:
            return np.nan, np.nan  # as R: the effective sample size is 0/0
        n_eff = p * (1 - p) / se**2
        denom = 1 + t * t / n_eff
        root = np.sqrt(4 * n_eff * p * (1 - p) + t * t)
        centre = p + t * t / (2 * n_eff)
        return float((centre - t / (2 * n_eff) * root) / denom), float((centre + t / (2 * n_eff) * root) / denom)
    # beta (Korn-Graubard)
    # no variation (an SE of 0, or of 1e-17 left by rounding when every PSU has the same share): the
    # respondents who answered (NCHS), never an effective size of 1e30 and a NaN bound
    n_eff = p * (1 - p) / se**2 if se > NO_VARIATION else float(n if n_obs is None else n_obs)
    if n > 1:
        n_eff *= (stats.t.ppf(alpha / 2, n - 1) / stats.t.ppf(alpha / 2, df)) ** 2
    lo = stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1) if p > 0 else 0.0
    hi = stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)) if p < 1 else 1.0
    return float(lo), float(hi)


def proportion_cis(p, se, *, df, n, level: float = 0.95, method: str = "logit", n_obs=None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`proportion_ci` for arrays of estimates at once (the same numbers, one call of each quantile).

    Parameters
    ----------
    p, se, df, n : array-like
        As :func:`proportion_ci`, one entry per estimate.
    level : float
        Confidence level.
    method : str
        One of :data:`METHODS`.
    n_obs : array-like or None
        As :func:`proportion_ci`.

    Returns
    -------
    tuple of numpy.ndarray
        ``(ci_low, ci_high)``.

    Examples
    --------
    >>> lo, hi = proportion_cis([0.9, 1.0], [0.03, 0.0], df=[20, 9], n=[400, 300], method="beta")
    >>> [round(float(v), 4) for v in lo], [round(float(v), 4) for v in hi]
    ([0.818, 0.9839], [0.9535, 1.0])
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    p, se = np.asarray(p, float), np.asarray(se, float)
    df, n = np.broadcast_to(np.asarray(df, float), p.shape), np.broadcast_to(np.asarray(n, float), p.shape)
    n_obs = n if n_obs is None else np.broadcast_to(np.asarray(n_obs, float), p.shape)
    lo, hi = np.full(p.shape, np.nan), np.full(p.shape, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(df > 0, stats.t.ppf(0.5 + level / 2, np.where(df > 0, df, 1.0)), np.nan)
    ok = np.isfinite(p) & np.isfinite(se) & np.isfinite(t)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if method in ("logit", "xlogit"):
            flat = ok & ((p <= 0) | (p >= 1) | (se == 0))
            live = ok & ~flat
            centre, half = special.logit(np.where(live, p, 0.5)), t * se / (p * (1 - p))
            lo = np.where(live, special.expit(centre - half), lo)
            hi = np.where(live, special.expit(centre + half), hi)
            if method == "logit":
                lo, hi = np.where(flat, p, lo), np.where(flat, p, hi)
        elif method == "mean":
            lo, hi = np.where(ok, p - t * se, lo), np.where(ok, p + t * se, hi)
        elif method == "asin":
            live = ok & (p > 0) & (p < 1) & (se != 0)
            centre, half = np.arcsin(np.sqrt(np.where(live, p, 0.5))), t * se / (2 * np.sqrt(p * (1 - p)))
            lo = np.where(live, np.sin(centre - half) ** 2, lo)
            hi = np.where(live, np.sin(centre + half) ** 2, hi)
        elif method == "wilson":
            live = ok & (se != 0)
            n_eff = p * (1 - p) / se**2
            denom = 1 + t * t / n_eff
            root = np.sqrt(4 * n_eff * p * (1 - p) + t * t)
            centre = p + t * t / (2 * n_eff)
            lo = np.where(live, (centre - t / (2 * n_eff) * root) / denom, lo)
            hi = np.where(live, (centre + t / (2 * n_eff) * root) / denom, hi)
        else:  # beta (Korn-Graubard), as proportion_ci
            alpha = 1 - level
            n_eff = np.where(se > NO_VARIATION, p * (1 - p) / se**2, n_obs)
            ratio = stats.t.ppf(alpha / 2, np.where(n > 1, n - 1, 1.0)) / stats.t.ppf(alpha / 2, np.where(df > 0, df, 1.0))
            n_eff = np.where(n > 1, n_eff * ratio**2, n_eff)
            a_lo, b_lo = n_eff * p, n_eff * (1 - p) + 1
            a_hi, b_hi = n_eff * p + 1, n_eff * (1 - p)
            lo = np.where(ok, np.where(p > 0, stats.beta.ppf(alpha / 2, np.where(ok & (p > 0), a_lo, 1.0),
                                                              np.where(ok & (p > 0), b_lo, 1.0)), 0.0), lo)
            hi = np.where(ok, np.where(p < 1, stats.beta.ppf(1 - alpha / 2, np.where(ok & (p < 1), a_hi, 1.0),
                                                              np.where(ok & (p < 1), b_hi, 1.0)), 1.0), hi)
    return lo, hi

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

METHODS = ("logit", "xlogit", "beta", "wilson", "asin", "mean", "likelihood")
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
    if method == "likelihood":
        raise ValueError("the likelihood interval needs the domain's data: use survey.proportion(method='likelihood') "
                         "or likelihood_ci")
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
    if method not in METHODS or method == "likelihood":
        raise ValueError(f"method must be one of {METHODS[:-1]} (the likelihood interval needs the domain's data: "
                         f"likelihood_ci), not {method!r}")
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


# --- R's profile-likelihood interval (svyciprop(method="likelihood")) ---------------------------------



def _regularize(x, y):
    order = np.argsort(x, kind="stable")
    x, y = np.asarray(x, float)[order], np.asarray(y, float)[order]
    ux, inv = np.unique(x, return_inverse=True)
    if len(ux) < len(x):
        y = np.bincount(inv, weights=y) / np.bincount(inv)
        x = ux
    return x, y


def _fmm_spline(x, y):
    """R's ``spline_coef(method="fmm")`` (Forsythe, Malcolm and Moler): the coefficients b, c, d.

    Written out because R's profile intervals interpolate this spline: scipy's ``CubicSpline`` has other
    end conditions (not-a-knot), and its intervals would differ from R's in the fourth digit."""
    n = len(x)
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 2:
        return b, c, d
    if n < 3:
        t = (y[1] - y[0])
        b[0] = t / (x[1] - x[0])
        b[1] = b[0]
        return b, c, d
    nm1 = n - 1
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, nm1):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0] = -d[0]
    b[nm1] = -d[n - 2]
    c[0] = c[nm1] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[nm1] = c[n - 2] / (x[nm1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[nm1] = -c[nm1] * d[n - 2] * d[n - 2] / (x[nm1] - x[n - 4])
    for i in range(1, n):
        t = d[i - 1] / b[i - 1]
        b[i] = b[i] - t * d[i - 1]
        c[i] = c[i] - t * c[i - 1]
    c[nm1] = c[nm1] / b[nm1]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[nm1] = (y[nm1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[nm1])
    for i in range(nm1):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[nm1] = 3.0 * c[nm1]
    d[nm1] = d[n - 2]
    return b, c, d


def _fmm_eval(u, x, y, b, c, d):
    i = np.clip(np.searchsorted(x, u, side="right") - 1, 0, len(x) - 1)
    dx = u - x[i]
    return y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))


def _r_spline(x, y):
    x, y = _regularize(x, y)
    n = 3 * len(x)
    u = np.linspace(x[0], x[-1], n)
    b, c, d = _fmm_spline(x, y)
    return u, _fmm_eval(u, x, y, b, c, d)


def _r_approx(x, y, xout):
    x, y = _regularize(x, y)
    out = np.interp(xout, x, y)
    return np.where((xout < x[0]) | (xout > x[-1]), np.nan, out)


def _r_glm_intercept(y: np.ndarray, w: np.ndarray, epsilon: float = 1e-8, maxit: int = 25) -> tuple[float, float]:
    """R's ``glm.fit`` of an intercept-only logit, step by step: the coefficient where its IRLS stops, and the
    sum of the working weights of its last step (taken at the mean before that step's update), from which
    R's ``summary.glm`` computes the model-based variance that the likelihood interval's design effect uses."""
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = (w * y + 0.5) / (w + 1)  # binomial's mustart
        eta = special.logit(mu)

        def deviance(m):
            return float(np.sum(w * -2 * (y * np.log(m) + (1 - y) * np.log1p(-m))))

        devold, coef, weight_sum = deviance(mu), float("nan"), float("nan")
        for _ in range(maxit):
            var = mu * (1 - mu)
            good = (w > 0) & (var != 0)
            z = eta + (y - mu) / var
            wt2 = w * var
            weight_sum = float(wt2[good].sum())
            coef = float((wt2[good] * z[good]).sum() / weight_sum)
            eta = np.full_like(y, coef)
            mu = special.expit(eta)
            dev = deviance(mu)
            if abs(dev - devold) / (abs(dev) + 0.1) < epsilon:
                break
            devold = dev
    return coef, weight_sum


def likelihood_ci(y, w, p: float, se: float, *, df: float, level: float = 0.95, maxsteps: int = 10,
                  weight_mean: float | None = None) -> tuple[float, float]:
    """R's ``svyciprop(method="likelihood")``: the profile-likelihood interval of the intercept-only
    quasibinomial ``svyglm``, its level adjusted by the design effect (Rao-Scott), as R computes it.

    The deviance of the weighted working model (weights scaled to mean 1) is profiled on R's grid (steps of
    ``zmax / 5`` standard errors from the estimate, at most 9 each side, ``zmax`` from F(1, n - 1) at the
    adjusted level), scaled by the dispersion (the design-based variance of the Pearson residuals, here
    ``n / (n - 1)``), then read off R's cubic spline and linear interpolation. Equal to R to about 1e-7 (R's
    IRLS stops at a relative change of 1e-8).

    Parameters
    ----------
    y, w : array-like
        The 0/1 values and weights of the domain's rows that answered.
    p, se : float
        The design-based proportion and its linearised standard error.
    df : float
        The domain's degrees of freedom.
    level : float
        Confidence level.
    maxsteps : int
        R's ``maxsteps`` of the profile.
    weight_mean : float or None
        The mean weight of the domain's rows, those without an answer included: R scales the working
        model's weights by it before it drops those rows (the mean of ``w`` when None).

    Returns
    -------
    tuple of float
        ``(ci_low, ci_high)``; NaN where R has none (a proportion of 0 or 1, no degrees of freedom, a bound
        beyond the profiled range).

    Examples
    --------
    >>> lo, hi = likelihood_ci([1, 1, 0, 1, 1, 1, 0, 1, 1, 1], [1.0] * 10, 0.8, 0.1333, df=9)
    >>> round(lo, 4), round(hi, 4)
    (0.4117, 0.9818)
    """
    if not (np.isfinite(p) and np.isfinite(se)) or p <= 0 or p >= 1 or se <= 0 or not df > 0:
        return np.nan, np.nan
    w = np.asarray(w, float)
    n_model = len(w)
    w = w / (w.mean() if weight_mean is None else weight_mean)
    y = np.asarray(y, float)
    # as R: the profile is centred at the coefficient where svyglm's IRLS stopped, and the design effect
    # compares the design-based variance with the model-based one of IRLS's last step
    b0, weight_sum = _r_glm_intercept(y, w)
    p = float(special.expit(b0))
    se_b = se / (p * (1 - p))

    def dev(mu):
        return -2 * float(np.sum(w * (y * np.log(mu) + (1 - y) * np.log1p(-mu))))

    dev0 = dev(p)
    n_live = int((w != 0).sum())
    # the dispersion, svyvar of R's Pearson residuals: n / (n - 1), times the ratio of the answered rows' mean
    # weight to the domain's (R scales the residuals by the weights of the design without those rows)
    disp = n_live / (n_live - 1) * float(w.mean())
    naive = 1 / weight_sum
    lam = se_b ** 2 / naive
    alpha = stats.norm.cdf(stats.t.ppf((1 - level) / 2, df) * np.sqrt(lam)) / 2
    zmax = np.sqrt(stats.f.isf(alpha, 1, n_model - 1))
    step_size = zmax / 5
    bs, zs = [b0], [0.0]
    for sgn in (-1, 1):
        step, z = 0, 0.0
        while True:
            step += 1
            if not (step < maxsteps and abs(z) < zmax):
                break
            bi = b0 + sgn * step * step_size * se_b
            zz = (dev(special.expit(bi)) - dev0) / disp
            zz = max(zz, 0.0)
            z = sgn * np.sqrt(zz)
            bs.append(bi)
            zs.append(z)
    order = np.argsort(zs, kind="stable")
    bs, zs = np.array(bs)[order], np.array(zs)[order]
    sx, sy = _r_spline(bs, zs)
    level2 = 2 * alpha
    cutoff = np.array([stats.norm.ppf(level2), stats.norm.isf(level2)])
    lo, hi = _r_approx(sy, sx, cutoff)
    return float(special.expit(lo)), float(special.expit(hi))

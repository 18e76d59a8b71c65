"""Small-area estimation: the Fay-Herriot area-level model (REML, Prasad-Rao MSE).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from satisfaction.errors import ConvergenceWarning, SatisfactionError


@dataclass
class FayHerriot:
    """A fitted Fay-Herriot model: ``table`` (one row per area) and the fit's parameters.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per area (see :func:`fay_herriot`).
    beta : pandas.Series
        The regression coefficients, indexed ``"intercept"`` then the predictors.
    sigma2_u : float
        The REML estimate of the area-effect variance.
    converged : bool
        Whether the bounded search for ``sigma2_u`` converged.
    """

    table: pd.DataFrame
    beta: pd.Series
    sigma2_u: float
    converged: bool


def fay_herriot(estimates: pd.DataFrame, *, x: list[str], area: str = "district_code", y: str = "estimate",
                se: str = "std_err", n: str | None = "n", smooth_variance: bool = True,
                bounds: tuple[float, float] | None = (0.0, 100.0), level: float = 0.95,
                scale: str = "asin") -> FayHerriot:
    """Fay-Herriot EBLUP with REML variance and Prasad-Rao (Datta-Lahiri for REML) MSE.

    Model: ``direct_d = x_d' beta + u_d + e_d``, ``u_d ~ N(0, sigma2_u)``, ``e_d ~ N(0, psi_d)`` with
    ``psi_d`` taken as known. Direct variances of shares near 100% are themselves noisy (a district where
    every respondent was satisfied has a direct SE of 0), so by default ``psi_d`` is smoothed with a
    generalised variance function, ``psi_d = mean(se**2 * n) / n_d`` (one unit variance for all areas,
    divided by each area's sample size); ``smooth_variance=False`` uses ``se_d**2`` as it is. The EBLUP
    is ``gamma_d direct_d + (1 - gamma_d) x_d' beta`` with ``gamma_d = sigma2_u / (sigma2_u + psi_d)``;
    MSE = g1 + g2 + 2 g3.

    On the ``asin`` scale (the default, for shares) the model is fitted to ``asin(sqrt(p_d))`` with ``p_d``
    the direct estimate as a share of ``bounds``: the variance-stabilising transform of a proportion,
    whose sampling variance is ``deff / (4 n_d)`` whatever ``p_d`` is, so a district at 99% or 100% is
    neither given a near-zero variance nor pushed past 100%. With ``smooth_variance`` the design effect is
    the areas' average ``se_d**2 / (p_d (1 - p_d) / n_d)`` over areas with 0 < p_d < 1; without it the
    delta method gives ``se_d**2 / (4 p_d (1 - p_d))``. The EBLUP and its normal interval are computed on
    that scale, cut at its ends (0 and pi/2), and back-transformed with ``sin(.)**2``: the interval lies
    inside ``bounds`` without clipping, and is asymmetric near the ceiling as it should be. ``scale="identity"``
    fits the shares (or any measure) as they are and clips to ``bounds``.

    The returned ``table`` has the area, ``direct``, ``direct_se``, ``model_se`` (``sqrt(psi_d)``, on the
    model's scale), ``synthetic``, ``eblup``, ``eblup_se`` (root MSE; on the ``asin`` scale taken back by the
    delta method), ``gamma``, ``ci_low``, ``ci_high``.

    Parameters
    ----------
    estimates : pandas.DataFrame
        The direct estimates, one row per area, with the area-level predictors; rows with a missing
        value in a column used are left out.
    x : list of str
        The numeric area-level predictors (an intercept is added).
    area : str
        Column naming the areas.
    y : str
        Column of the direct estimates.
    se : str
        Column of their standard errors.
    n : str or None
        Column of each area's sample size; used, and required, only when ``smooth_variance`` is true.
    smooth_variance : bool
        Smooth the sampling variances with the generalised variance function above.
    bounds : tuple of float or None
        The range ``(low, high)`` the EBLUP and its interval are clipped to, ``(0, 100)`` for
        percentages; ``None`` for no clipping.
    level : float
        Confidence level of the intervals.
    scale : {"asin", "identity"}
        The scale of the model (see above); ``asin`` needs ``bounds``.

    Returns
    -------
    FayHerriot
        ``table`` (one row per area, columns as above), ``beta``, ``sigma2_u`` and ``converged``.

    Raises
    ------
    SatisfactionError
        If a column is not in ``estimates``, there are no more than ``len(x) + 2`` areas, or an area's
        sampling variance is 0.

    Examples
    --------
    >>> est = pd.DataFrame({"district_code": list("abcdefgh"), "estimate": [82.0, 75, 90, 68, 88, 79, 71, 85],
    ...                     "std_err": [3.0, 4, 2, 5, 3, 4, 5, 3], "n": [120, 80, 200, 60, 150, 90, 70, 130],
    ...                     "urban": [1.0, 0, 1, 0, 1, 0, 0, 1]})
    >>> fh = fay_herriot(est, x=["urban"])
    >>> fh.table.columns.tolist()[1:]
    ['direct', 'direct_se', 'model_se', 'synthetic', 'eblup', 'eblup_se', 'gamma', 'ci_low', 'ci_high']
    >>> fh.beta.index.tolist(), bool(fh.table["gamma"].between(0, 1).all())
    (['intercept', 'urban'], True)
    """
    for col in [area, y, se, *x]:
        if col not in estimates.columns:
            raise SatisfactionError(f"column {col!r} is not in the estimates", column=col)
    cols = [area, y, se, *x] + ([n] if smooth_variance else [])
    for col in cols:
        if col not in estimates.columns:
            raise SatisfactionError(f"column {col!r} is not in the estimates", column=col)
    df = estimates[cols].dropna()
    if len(df) <= len(x) + 2:
        raise SatisfactionError(f"{len(df)} areas are too few for {len(x)} predictors and a variance")
    if scale not in ("asin", "identity"):
        raise SatisfactionError(f"scale must be 'asin' or 'identity', not {scale!r}")
    if scale == "asin" and bounds is None:
        raise SatisfactionError("the asin scale is for shares: give bounds=(0, 100) or (0, 1), or scale='identity'")
    if scale == "asin":
        lo_b, hi_b = bounds
        share = ((df[y].to_numpy(float) - lo_b) / (hi_b - lo_b)).clip(0, 1)
        se_share = df[se].to_numpy(float) / (hi_b - lo_b)
        theta = np.arcsin(np.sqrt(share))
        if smooth_variance:
            sizes = df[n].to_numpy(float)
            inside = (share > 0) & (share < 1) & (se_share > 0)
            if not inside.any():
                raise SatisfactionError("no area has a share strictly between the bounds: the design effect "
                                        "cannot be estimated", column=y)
            deff = float(np.mean(se_share[inside] ** 2 / (share[inside] * (1 - share[inside]) / sizes[inside])))
            psi = deff / (4 * sizes)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                psi = np.where((share > 0) & (share < 1), se_share**2 / (4 * share * (1 - share)), 0.0)
    else:
        theta = df[y].to_numpy(float)
        psi = df[se].to_numpy(float) ** 2
        if smooth_variance:
            sizes = df[n].to_numpy(float)
            psi = (psi * sizes).mean() / sizes
    if (psi <= 0).any():
        bad = df.loc[psi <= 0, area].tolist()
        raise SatisfactionError(f"areas with a zero sampling variance cannot be shrunk: {bad}", column=se)
    X = np.column_stack([np.ones(len(df)), df[x].to_numpy(float)])
    m, p = X.shape

    def fit_beta(s2: float) -> tuple[np.ndarray, np.ndarray]:
        v_inv = 1 / (s2 + psi)
        xtvx = X.T @ (X * v_inv[:, None])
        return np.linalg.solve(xtvx, X.T @ (v_inv * theta)), xtvx

    def neg_reml(s2: float) -> float:
        v = s2 + psi
        beta, xtvx = fit_beta(s2)
        r = theta - X @ beta
        return 0.5 * (np.log(v).sum() + np.linalg.slogdet(xtvx)[1] + (r**2 / v).sum())

    upper = max(10 * np.var(theta), 10 * psi.max())
    res = optimize.minimize_scalar(neg_reml, bounds=(0.0, upper), method="bounded",
                                   options={"xatol": 1e-12 * max(upper, 1e-12)})
    s2 = float(max(res.x, 0.0))
    beta, xtvx = fit_beta(s2)
    gamma = s2 / (s2 + psi)
    synthetic = X @ beta
    eblup = gamma * theta + (1 - gamma) * synthetic
    # Prasad-Rao MSE with the REML variance of sigma2_u (Datta & Lahiri 2000)
    v = s2 + psi
    var_s2 = 2 / (1 / v**2).sum()
    xtvx_inv = np.linalg.inv(xtvx)
    g1 = gamma * psi
    g2 = (1 - gamma) ** 2 * np.einsum("ij,jk,ik->i", X, xtvx_inv, X)
    g3 = psi**2 / v**3 * var_s2
    mse = g1 + g2 + 2 * g3
    q = stats.norm.ppf(0.5 + level / 2)
    root_mse = np.sqrt(mse)
    if scale == "asin":
        lo_b, hi_b = bounds
        top = np.pi / 2

        def back(th):
            return lo_b + (hi_b - lo_b) * np.sin(np.clip(th, 0.0, top)) ** 2

        table = pd.DataFrame({area: df[area].to_numpy(), "direct": df[y].to_numpy(float),
                              "direct_se": df[se].to_numpy(float), "model_se": np.sqrt(psi),
                              "synthetic": back(synthetic), "eblup": back(eblup),
                              # delta method: d/dtheta of sin(theta)^2 is sin(2 theta)
                              "eblup_se": (hi_b - lo_b) * np.abs(np.sin(2 * np.clip(eblup, 0.0, top))) * root_mse,
                              "gamma": gamma, "ci_low": back(eblup - q * root_mse), "ci_high": back(eblup + q * root_mse)})
    else:
        table = pd.DataFrame({area: df[area].to_numpy(), "direct": theta, "direct_se": df[se].to_numpy(float),
                              "model_se": np.sqrt(psi),
                              "synthetic": synthetic, "eblup": eblup, "eblup_se": root_mse, "gamma": gamma})
        table["ci_low"] = table["eblup"] - q * table["eblup_se"]
        table["ci_high"] = table["eblup"] + q * table["eblup_se"]
        if bounds is not None:  # a percentage's interval stays within 0-100
            table[["eblup", "ci_low", "ci_high"]] = table[["eblup", "ci_low", "ci_high"]].clip(*bounds)
    if not res.success:
        warnings.warn(f"the REML search for the area variance did not converge ({res.message})", ConvergenceWarning,
                      stacklevel=2)
    return FayHerriot(table=table, beta=pd.Series(beta, index=["intercept", *x]), sigma2_u=s2,
                      converged=bool(res.success))

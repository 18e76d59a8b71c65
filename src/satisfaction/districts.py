"""Fair comparisons of districts: shrinkage, rank intervals, change over waves, self-assessment gaps.

At 97-99% satisfied, a ranking of 30 districts by raw percentage is mostly noise. This module gives
what a fair comparison needs:

- ``fay_herriot``: an area-level model (REML) that pulls each district's direct estimate toward a
  regression on district traits in proportion to its sampling variance, with Prasad-Rao MSE;
- ``rank_intervals``: simultaneous intervals for each district's rank, from the joint sampling
  distribution of the estimates (parametric bootstrap, ``seed=``);
- ``change``: wave-to-wave change per district with its standard error and a Holm adjustment;
- ``self_assessment_gap``: each district's self-reported rate against the survey's estimate;
- ``suppress``: disclosure control of published cells with too few respondents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from satisfaction.errors import SatisfactionError


@dataclass
class FayHerriot:
    """A fitted Fay-Herriot model: ``table`` (one row per area) and the fit's parameters."""

    table: pd.DataFrame
    beta: pd.Series
    sigma2_u: float
    converged: bool


def fay_herriot(estimates: pd.DataFrame, *, x: list[str], area: str = "district_code", y: str = "estimate",
                se: str = "std_err", n: str | None = "n", smooth_variance: bool = True,
                bounds: tuple[float, float] | None = (0.0, 100.0), level: float = 0.95) -> FayHerriot:
    """Fay-Herriot EBLUP with REML variance and Prasad-Rao (Datta-Lahiri for REML) MSE.

    Model: ``direct_d = x_d' beta + u_d + e_d``, ``u_d ~ N(0, sigma2_u)``, ``e_d ~ N(0, psi_d)`` with
    ``psi_d`` taken as known. Direct variances of shares near 100% are themselves noisy (a district where
    every respondent was satisfied has a direct SE of 0), so by default ``psi_d`` is smoothed with a
    generalised variance function, ``psi_d = mean(se**2 * n) / n_d`` (one unit variance for all areas,
    divided by each area's sample size); ``smooth_variance=False`` uses ``se_d**2`` as it is. The EBLUP is ``gamma_d direct_d + (1 - gamma_d) x_d' beta`` with
    ``gamma_d = sigma2_u / (sigma2_u + psi_d)``; MSE = g1 + g2 + 2 g3.

    The returned ``table`` has the area, ``direct``, ``direct_se``, ``synthetic``, ``eblup``,
    ``eblup_se`` (root MSE), ``gamma``, ``ci_low``, ``ci_high`` (normal, from the MSE, clipped to ``bounds``).
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
    table = pd.DataFrame({area: df[area].to_numpy(), "direct": theta, "direct_se": df[se].to_numpy(float),
                          "model_se": np.sqrt(psi),
                          "synthetic": synthetic, "eblup": eblup, "eblup_se": np.sqrt(mse), "gamma": gamma})
    table["ci_low"] = table["eblup"] - q * table["eblup_se"]
    table["ci_high"] = table["eblup"] + q * table["eblup_se"]
    if bounds is not None:  # a percentage's interval stays within 0-100
        table[["eblup", "ci_low", "ci_high"]] = table[["eblup", "ci_low", "ci_high"]].clip(*bounds)
    return FayHerriot(table=table, beta=pd.Series(beta, index=["intercept", *x]), sigma2_u=s2,
                      converged=bool(res.success))


def rank_intervals(estimates: pd.DataFrame, *, area: str = "district_code", y: str = "estimate",
                   se: str = "std_err", level: float = 0.95, n_sim: int = 4000, seed: int = 0,
                   descending: bool = True) -> pd.DataFrame:
    """Simultaneous intervals for each area's rank (1 = best when ``descending``).

    Draws the estimates ``n_sim`` times from their joint sampling distribution (independent normals:
    districts are strata, sampled independently), ranks each draw, and widens the marginal percentile
    intervals of the ranks until all areas' intervals hold at once in ``level`` of the draws.

    Examples
    --------
    >>> est = pd.DataFrame({"district_code": ["a", "b", "c"], "estimate": [99.0, 98.9, 90.0],
    ...                     "std_err": [0.3, 0.3, 1.0]})
    >>> rank_intervals(est, seed=1)[["district_code", "rank", "rank_low", "rank_high"]].to_numpy().tolist()
    [['a', 1, 1, 2], ['b', 2, 1, 2], ['c', 3, 3, 3]]
    """
    df = estimates[[area, y, se]].dropna().reset_index(drop=True)
    rng = np.random.default_rng(seed)
    draws = df[y].to_numpy(float) + rng.standard_normal((n_sim, len(df))) * df[se].to_numpy(float)
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
    """
    df = estimates[[area, y, se]].merge(reported[[area, reported_col]], on=area, how="inner")
    q = stats.norm.ppf(0.5 + level / 2)
    df["gap"] = df[reported_col] - df[y]
    df["gap_low"], df["gap_high"] = df["gap"] - q * df[se], df["gap"] + q * df[se]
    df["significant"] = df["gap_low"] > 0
    return df.sort_values("gap", ascending=False).reset_index(drop=True)


def suppress(table: pd.DataFrame, *, n: str = "n", k: int = 10, group: str | list[str] | None = None,
             values: list[str] | None = None) -> pd.DataFrame:
    """Disclosure control: blank cells based on fewer than ``k`` respondents, and enough others.

    Primary suppression blanks every row with ``n < k``. Secondary suppression: within each ``group``
    (cells that add up to a published total), a group with exactly one suppressed cell also blanks its
    next smallest cell, so the total cannot reveal the first. Suppressed values become NA (never 0) and
    ``suppressed`` says why (``primary`` or ``secondary``).

    Examples
    --------
    >>> t = pd.DataFrame({"g": ["a", "a", "a"], "n": [4, 30, 50], "estimate": [90.0, 95.0, 97.0]})
    >>> suppress(t, group="g")[["estimate", "suppressed"]].to_numpy().tolist()
    [[nan, 'primary'], [nan, 'secondary'], [97.0, '']]
    """
    out = table.copy()
    values = values or [c for c in ("estimate", "std_err", "ci_low", "ci_high", "deff", "n_weighted") if c in out]
    out["suppressed"] = np.where(out[n] < k, "primary", "")
    if group is not None:
        for _, idx in out.groupby(group).groups.items():
            cells = out.loc[idx]
            if (cells["suppressed"] == "primary").sum() == 1 and len(cells) > 1:
                others = cells[cells["suppressed"] == ""]
                if len(others):
                    out.loc[others[n].idxmin(), "suppressed"] = "secondary"
    out.loc[out["suppressed"] != "", values] = np.nan
    return out


def _names(codes: pd.Series) -> pd.Series:
    from satisfaction.reference import districts

    return codes.map(districts().set_index("district_code")["district_name"])


def _xerr(estimate: pd.Series, se: pd.Series | None, low: pd.Series | None = None, high: pd.Series | None = None):
    """Error-bar lengths for a rate in percent: the given interval, else estimate ± 1.96 SE kept within 0-100."""
    low = low if low is not None else (estimate - 1.96 * se).clip(0, 100)
    high = high if high is not None else (estimate + 1.96 * se).clip(0, 100)
    return [estimate - low, high - estimate]


def plot_caterpillar(ranks: pd.DataFrame, *, area: str = "district_code", title: str = ""):
    """Each district's estimate with its interval, best first, its rank interval written beside it."""
    import matplotlib.pyplot as plt

    from satisfaction import labels, style

    df = ranks.sort_values("rank").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.5, 9))
    y = np.arange(len(df))
    ax.errorbar(df["estimate"], y, xerr=_xerr(df["estimate"], df.get("std_err"), df.get("ci_low"), df.get("ci_high")),
                fmt="o", ms=4, color=style.PALETTE["blue"], ecolor=style.LIGHT["blue"], capsize=2)
    rank = labels.text("rank_short")
    ax.set_yticks(y, [f"{n}  ({rank} {a}-{b})" for n, a, b in zip(_names(df[area]), df["rank_low"], df["rank_high"],
                                                              strict=True)], fontsize=8)
    ax.invert_yaxis()
    ax.set(xlabel=labels.text("fig.caterpillar.xlabel"), title=title)
    ax.grid(axis="x", alpha=0.3)
    ax.annotate(labels.text("fig.caterpillar.note"), xy=(0, 0), xycoords="axes fraction", xytext=(0, -34),
                textcoords="offset points", va="top", fontsize=7, color=style.NOTE)
    fig.tight_layout()
    return fig


def plot_gap(gaps: pd.DataFrame, *, area: str = "district_code", reported_col: str = "self_reported_pct"):
    """Self-reported rate against the survey's estimate with its interval, per district."""
    import matplotlib.pyplot as plt

    from satisfaction import labels, style

    df = gaps.sort_values("gap").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.5, 9))
    y = np.arange(len(df))
    ax.errorbar(df["estimate"], y, xerr=1.96 * df["std_err"], fmt="o", ms=4, color=style.PALETTE["blue"], capsize=2,
                label=labels.text("fig.gap.survey"))
    ax.scatter(df[reported_col], y, marker="D", s=18, color=style.PALETTE["vermillion"],
               label=labels.text("fig.gap.reported"), zorder=3)
    ax.set_yticks(y, _names(df[area]), fontsize=8)
    ax.set(xlabel=labels.text("satisfied_pct_axis"), title=labels.text("fig.gap.title"))
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_shrinkage(fh: pd.DataFrame, *, area: str = "district_code"):
    """Direct estimates and Fay-Herriot EBLUPs, both with intervals: how far each district is pulled."""
    import matplotlib.pyplot as plt

    from satisfaction import labels, style

    df = fh.sort_values("eblup").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.5, 9))
    y = np.arange(len(df))
    ax.errorbar(df["direct"], y + 0.2, xerr=_xerr(df["direct"], df["direct_se"]), fmt="o", ms=3,
                color=style.PALETTE["grey"], capsize=1.5, label=labels.text("fig.shrinkage.direct"))
    ax.errorbar(df["eblup"], y - 0.2, xerr=_xerr(df["eblup"], df["eblup_se"], df.get("ci_low"), df.get("ci_high")),
                fmt="o", ms=4, color=style.PALETTE["green"], capsize=2, label=labels.text("fig.shrinkage.eblup"))
    ax.set_yticks(y, _names(df[area]), fontsize=8)
    ax.set(xlabel=labels.text("satisfied_pct_axis"), title=labels.text("fig.shrinkage.title"))
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig

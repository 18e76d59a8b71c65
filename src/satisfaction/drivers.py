"""What drives satisfaction: models with design-based uncertainty, results as ``.table`` and ``.fit``.

``ordinal_logit`` fits the proportional-odds (cumulative logit) model of a 5-point item, as R's
``MASS::polr`` without a design and as ``survey::svyolr`` with one: weighted pseudo-likelihood, and a
sandwich variance whose middle is the design-based (linearised) covariance of the score contributions.
statsmodels' ``OrderedModel`` takes no weights; this fills that gap.

``.table`` columns are frozen: ``term, estimate, std_err, statistic, p_value, ci_low, ci_high``; the
cut-points are the rows ``1|2``, ``2|3``, ... as R names them. The model is
``logit P(y <= j) = zeta_j - x'beta``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from satisfaction.errors import SatisfactionError
from satisfaction.survey import Design, _Frame

TABLE_COLUMNS = ["term", "estimate", "std_err", "statistic", "p_value", "ci_low", "ci_high"]


@dataclass
class OrdinalFit:
    """The fitted proportional-odds model: coefficients, cut-points, covariance and what was used."""

    beta: pd.Series
    zeta: pd.Series
    cov: pd.DataFrame
    levels: list
    n: int
    loglik: float
    converged: bool
    x: list[str] = field(default_factory=list)

    def predict_proba(self, data: pd.DataFrame) -> pd.DataFrame:
        """Predicted probability of each category for each row of ``data``."""
        eta = data[self.x].to_numpy(float) @ self.beta.to_numpy()
        cum = special.expit(self.zeta.to_numpy()[None, :] - eta[:, None])
        probs = np.diff(np.column_stack([np.zeros(len(eta)), cum, np.ones(len(eta))]), axis=1)
        return pd.DataFrame(probs, index=data.index, columns=self.levels)

    def marginal_effects(self, data: pd.DataFrame, weights: np.ndarray | None = None) -> pd.DataFrame:
        """Average marginal effect of each predictor on the probability of each category (rows: predictors).

        dP(y=k)/dx_j = beta_j * (f(zeta_{k-1} - eta) - f(zeta_k - eta)), averaged over ``data`` (weighted).
        Each row sums to zero: what one category gains, others lose.
        """
        eta = data[self.x].to_numpy(float) @ self.beta.to_numpy()
        cuts = np.concatenate([[-np.inf], self.zeta.to_numpy(), [np.inf]])
        F = special.expit(cuts[None, :] - eta[:, None])
        dens = np.where(np.isfinite(cuts)[None, :], F * (1 - F), 0.0)
        slope = dens[:, :-1] - dens[:, 1:]  # n x categories
        w = np.ones(len(eta)) if weights is None else np.asarray(weights, float)
        avg = (w[:, None] * slope).sum(axis=0) / w.sum()
        return pd.DataFrame(np.outer(self.beta.to_numpy(), avg), index=self.x, columns=self.levels)


@dataclass
class GLMFit:
    """A fitted linear or logistic model: coefficients (intercept first), covariance, n."""

    params: pd.Series
    cov: pd.DataFrame
    n: int
    family: str


@dataclass
class ModelResult:
    """A tidy ``table`` and the underlying ``fit``."""

    table: pd.DataFrame
    fit: OrdinalFit | GLMFit


def _nll_parts(params: np.ndarray, X: np.ndarray, y: np.ndarray, w: np.ndarray, q: int):
    """Negative log-likelihood and its per-row gradient in (beta, zeta)."""
    p = X.shape[1]
    beta, zeta = params[:p], params[p:]
    eta = X @ beta
    cuts = np.concatenate([[-np.inf], zeta, [np.inf]])
    a, b = cuts[y + 1] - eta, cuts[y] - eta  # y in 0..q
    Fa, Fb = special.expit(a), special.expit(b)
    fa = np.where(np.isfinite(a), Fa * (1 - Fa), 0.0)
    fb = np.where(np.isfinite(b), Fb * (1 - Fb), 0.0)
    pr = np.maximum(Fa - Fb, 1e-300)  # a probability that underflows in a far line search step
    nll = -(w * np.log(pr)).sum()
    g = np.zeros((len(y), p + q))
    g[:, :p] = X * (w * (fa - fb) / pr)[:, None]
    rows = np.arange(len(y))
    upper = y < q
    g[rows[upper], p + y[upper]] -= (w * fa / pr)[upper]
    lower = y > 0
    g[rows[lower], p + y[lower] - 1] += (w * fb / pr)[lower]
    return nll, g


def ordinal_logit(data: pd.DataFrame, y: str, x: list[str], *, design: Design | None = None,
                  level: float = 0.95, categories: list | None = None) -> ModelResult:
    """Proportional-odds logit of the ordered item ``y`` on the predictors ``x``.

    Without a design this is ``MASS::polr`` (standard errors from the observed information); with one it
    is ``survey::svyolr`` (weighted pseudo-likelihood, linearised sandwich variance). Rows with a missing
    ``y`` or predictor are left out (as domains: their PSUs and strata still count).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"x": rng.normal(size=500)})
    >>> latent = df["x"].to_numpy() + rng.logistic(size=500)
    >>> df["y"] = 1 + (latent[:, None] > np.array([-1.0, 0.0, 1.0])).sum(axis=1)
    >>> res = ordinal_logit(df, "y", ["x"])
    >>> res.table["term"].tolist()
    ['x', '1|2', '2|3', '3|4']
    """
    X_with_intercept, _, complete = _design_matrix(data, y, x)  # checks: columns, constants, collinearity
    X = X_with_intercept[:, 1:]
    sub = data.loc[complete]
    levels = sorted(sub[y].unique())
    counts = sub[y].value_counts()
    expected = categories if categories is not None else (
        list(range(int(min(levels)), int(max(levels)) + 1)) if all(float(v).is_integer() for v in levels) else levels)
    empty = [c for c in expected if c not in set(levels)]
    if empty:
        import warnings

        warnings.warn(f"{y!r}: no respondent chose {empty}; the model has cut-points only between the categories "
                      f"chosen ({levels})", UserWarning, stacklevel=2)
    if len(levels) < 3:
        raise SatisfactionError(f"{y!r} has {len(levels)} categories; an ordinal model needs at least 3", column=y)
    yi = pd.Categorical(sub[y], categories=levels).codes.astype(int)
    q = len(levels) - 1
    frame = _Frame(data, design) if design is not None else None
    w = frame.w[complete] if frame is not None else np.ones(len(sub))

    def to_params(theta: np.ndarray) -> np.ndarray:
        p = X.shape[1]
        return np.concatenate([theta[:p], np.cumsum(np.concatenate([[theta[p]], np.exp(theta[p + 1:])]))])

    def objective(theta: np.ndarray):
        params = to_params(theta)
        nll, g = _nll_parts(params, X, yi, w, q)
        grad = g.sum(axis=0)
        # chain rule to the (zeta_1, log differences) parametrisation that keeps the cut-points ordered
        p = X.shape[1]
        gz = grad[p:]
        gt = np.empty(q)
        gt[0] = gz.sum()
        gt[1:] = np.exp(theta[p + 1:]) * np.cumsum(gz[::-1])[::-1][1:]
        return nll, np.concatenate([grad[:p], gt])

    cum = np.cumsum(counts.loc[levels].to_numpy()[:-1]) / len(sub)
    zeta0 = special.logit(cum)
    theta0 = np.concatenate([np.zeros(X.shape[1]), [zeta0[0]], np.log(np.diff(zeta0))])
    res = optimize.minimize(objective, theta0, jac=True, method="BFGS", options={"gtol": 1e-10, "maxiter": 2000})
    params = to_params(res.x)
    # Hessian in (beta, zeta) by central differences of the analytic gradient
    k = len(params)
    H = np.empty((k, k))
    for j in range(k):
        h = 1e-5 * max(1.0, abs(params[j]))
        up, down = params.copy(), params.copy()
        up[j] += h
        down[j] -= h
        H[:, j] = (_nll_parts(up, X, yi, w, q)[1].sum(axis=0) - _nll_parts(down, X, yi, w, q)[1].sum(axis=0)) / (2 * h)
    H = (H + H.T) / 2
    Hinv = np.linalg.inv(H)
    if frame is None:
        cov = Hinv
    else:
        _, g = _nll_parts(params, X, yi, w, q)
        scores = np.zeros((len(data), k))
        scores[complete] = g @ Hinv
        cov = frame.covariance(scores)
    names = list(x) + [f"{levels[i]}|{levels[i + 1]}" for i in range(q)]
    table = _coef_table(names, params, np.sqrt(np.diag(cov)), level)
    fit = OrdinalFit(beta=pd.Series(params[:len(x)], index=x), zeta=pd.Series(params[len(x):], index=names[len(x):]),
                     cov=pd.DataFrame(cov, index=names, columns=names), levels=levels, n=int(len(sub)),
                     loglik=float(-_nll_parts(params, X, yi, w, q)[0]), converged=bool(res.success), x=list(x))
    return ModelResult(table=table, fit=fit)


def _design_matrix(data: pd.DataFrame, y: str, x: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cols = [y, *x]
    for c in cols:
        if c not in data.columns:
            raise SatisfactionError(f"variable {c!r} is not in the data", column=c)
    complete = data[cols].notna().all(axis=1).to_numpy()
    sub = data.loc[complete]
    X = np.column_stack([np.ones(len(sub)), sub[x].astype(float).to_numpy()])
    for j, c in enumerate(x, start=1):
        if np.ptp(X[:, j]) == 0:
            raise SatisfactionError(f"predictor {c!r} is constant: it cannot be estimated", column=c)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise SatisfactionError(f"the predictors {x} are collinear (with each other or the intercept)")
    return X, sub[y].astype(float).to_numpy(), complete


def _coef_table(names: list[str], params: np.ndarray, se: np.ndarray, level: float) -> pd.DataFrame:
    """The frozen model table: Wald statistics, normal p-values and intervals."""
    params, se = np.asarray(params, float), np.asarray(se, float)
    z = params / se
    qn = stats.norm.ppf(0.5 + level / 2)
    return pd.DataFrame({"term": names, "estimate": params, "std_err": se, "statistic": z,
                         "p_value": 2 * stats.norm.sf(np.abs(z)), "ci_low": params - qn * se,
                         "ci_high": params + qn * se}, columns=TABLE_COLUMNS)


def _glm_result(params, influence, complete, data, design, names, level, family, n, w_all) -> ModelResult:
    full = np.zeros((len(data), len(params)))
    full[complete] = influence
    cov = _Frame(data, design).covariance(full)
    table = _coef_table(names, params, np.sqrt(np.diag(cov)), level)
    fit = GLMFit(params=pd.Series(params, index=names), cov=pd.DataFrame(cov, index=names, columns=names), n=n,
                 family=family)
    return ModelResult(table=table, fit=fit)


def linear(data: pd.DataFrame, y: str, x: list[str], *, design: Design, level: float = 0.95) -> ModelResult:
    """Weighted least squares with design-based (linearised sandwich) SEs, as ``svyglm(family=gaussian())``.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 7], "x": [0.0, 1, 2, 3, 4, 5], "w": [1.0] * 6})
    >>> linear(df, "y", ["x"], design=Design(weight="w")).table["estimate"].round(4).tolist()
    [0.8095, 1.1429]
    """
    X, yv, complete = _design_matrix(data, y, x)
    w = _Frame(data, design).w[complete]
    xtwx = X.T @ (X * w[:, None])
    beta = np.linalg.solve(xtwx, X.T @ (w * yv))
    resid = yv - X @ beta
    influence = (X * (w * resid)[:, None]) @ np.linalg.inv(xtwx)
    return _glm_result(beta, influence, complete, data, design, ["(Intercept)", *x], level, "gaussian",
                       int(complete.sum()), w)


def logit(data: pd.DataFrame, y: str, x: list[str], *, design: Design, level: float = 0.95) -> ModelResult:
    """Weighted logistic regression of a 0/1 ``y`` (e.g. top-2-box) with design-based SEs, as
    ``svyglm(family=quasibinomial())``. Perfect separation is refused with the variable named."""
    X, yv, complete = _design_matrix(data, y, x)
    if not np.isin(yv, [0.0, 1.0]).all():
        raise SatisfactionError(f"{y!r} must be 0/1 for a logit model (use top-2-box coding)", column=y)
    w = _Frame(data, design).w[complete]
    beta, influence = _logit_core(X, yv, w, y, ["(Intercept)", *x])
    return _glm_result(beta, influence, complete, data, design, ["(Intercept)", *x], level, "quasibinomial",
                       int(complete.sum()), w)


def _logit_core(X: np.ndarray, yv: np.ndarray, w: np.ndarray, y: str, names: list[str]):
    """Weighted logistic regression by IRLS: coefficients and per-row influence values."""
    beta = np.zeros(X.shape[1])
    for _ in range(100):  # iteratively reweighted least squares
        mu = special.expit(X @ beta)
        var = np.maximum(mu * (1 - mu), 1e-12)
        xtwx = X.T @ (X * (w * var)[:, None])
        step = np.linalg.solve(xtwx, X.T @ (w * (yv - mu)))
        beta = beta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    mu = special.expit(X @ beta)
    if np.max(np.abs(beta)) > 30 or (np.minimum(mu, 1 - mu) < 1e-10).mean() > 0.5:
        big = [n for n, b in zip(names, beta, strict=True) if abs(b) > 30]
        raise SatisfactionError(f"perfect or quasi-perfect separation in the logit of {y!r}: "
                                f"coefficients of {big or names[1:]} diverge; drop or recode those predictors")
    xtwx = X.T @ (X * (w * mu * (1 - mu))[:, None])
    influence = (X * (w * (yv - mu))[:, None]) @ np.linalg.inv(xtwx)
    return beta, influence


def proportional_odds_test(data: pd.DataFrame, y: str, x: list[str], *, design: Design | None = None) -> pd.DataFrame:
    """Does each predictor have the same effect at every cut of ``y``? A design-based Brant-type Wald test.

    Fits a binary logit of ``y > j`` for each cut j; their slopes' joint covariance comes from stacking the
    influence values and taking the design-based covariance; the Wald statistic tests that the slopes are
    equal across cuts, for all predictors together (``term = "omnibus"``) and for each one. A small p-value
    says the proportional-odds assumption fails for that predictor.
    """
    X, yv, complete = _design_matrix(data, y, x)
    frame = _Frame(data, design or Design())
    w = frame.w[complete]
    levels = sorted(np.unique(yv))
    cuts = levels[:-1]
    betas, infl = [], []
    for c in cuts:
        b, inf = _logit_core(X, (yv > c).astype(float), w, f"{y} > {c}", ["(Intercept)", *x])
        betas.append(b[1:])
        infl.append(inf[:, 1:])
    full = np.zeros((len(data), len(x) * len(cuts)))
    full[complete] = np.hstack(infl)
    V = frame.covariance(full)
    est = np.concatenate(betas)
    p, m = len(x), len(cuts)
    rows = []
    for label, cols in [("omnibus", list(range(p)))] + [(name, [j]) for j, name in enumerate(x)]:
        D = []
        for j in cols:
            for k in range(m - 1):
                d = np.zeros(p * m)
                d[k * p + j], d[(k + 1) * p + j] = 1.0, -1.0
                D.append(d)
        D = np.array(D)
        diff = D @ est
        stat = float(diff @ np.linalg.solve(D @ V @ D.T, diff))
        dof = D.shape[0]
        rows.append({"term": label, "statistic": stat, "df": dof, "p_value": float(stats.chi2.sf(stat, dof))})
    return pd.DataFrame(rows)


# --- key drivers ------------------------------------------------------------------------------------

@dataclass
class KeyDriversFit:
    """R² of the full model, the bootstrap draws of both importance measures, and the settings."""

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
    frame = _Frame(data, design)
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


def ipa(data: pd.DataFrame, *, design: Design, y: str = "q_overall", n_boot: int = 200, seed: int | None = 0,
        codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Importance-performance analysis of the five SIPAS factors.

    Performance is each factor's index (top-2-box %, :func:`satisfaction.indices.sipas_index`); derived
    importance is its Shapley share of R² in explaining ``y`` from the factor scores (:func:`key_drivers`);
    stated importance is the mean of its expectation item (mong đợi). Quadrants split at the means:
    "concentrate here" (important, performing below average), "keep up the good work", "low priority",
    "possible overkill".
    """
    from satisfaction.codebook import FACTORS, items, load_codebook
    from satisfaction.indices import sipas_index
    from satisfaction.survey import mean as svymean

    cb = codebook if codebook is not None else load_codebook()
    df = data.copy()
    scores = []
    for f in FACTORS:
        df[f"score_{f}"] = df[items(cb, f)].astype(float).mean(axis=1)
        scores.append(f"score_{f}")
    index = sipas_index(df, design=design, codebook=cb)
    perf = index[(index["level"] == "factor") & (index["measure"] == "satisfied_pct")].set_index("factor")
    kd = key_drivers(df, y, scores, design=design, n_boot=n_boot, seed=seed).table
    kd["factor"] = kd["term"].str.removeprefix("score_")
    stated = pd.concat([svymean(df, f"e_{f}", design=design).assign(factor=f) for f in FACTORS if f"e_{f}" in df])
    out = pd.DataFrame({"factor": list(FACTORS), "label_vi": [FACTORS[f][0] for f in FACTORS],
                        "label_en": [FACTORS[f][1] for f in FACTORS]})
    out = out.merge(perf[["estimate", "ci_low", "ci_high"]].rename(columns=lambda c: f"performance_{c}"),
                    left_on="factor", right_index=True)
    out = out.merge(kd[["factor", "shapley_pct", "shapley_pct_ci_low", "shapley_pct_ci_high"]], on="factor")
    out = out.merge(stated[["factor", "estimate"]].rename(columns={"estimate": "stated_importance"}), on="factor")
    important = out["shapley_pct"] >= out["shapley_pct"].mean()
    good = out["performance_estimate"] >= out["performance_estimate"].mean()
    out["quadrant"] = np.select([important & ~good, important & good, ~important & ~good],
                                ["concentrate here", "keep up the good work", "low priority"], "possible overkill")
    return out


def plot_ipa(table: pd.DataFrame, *, importance: str = "shapley_pct"):
    """The IPA quadrant plot: importance against performance, split at the means."""
    import matplotlib.pyplot as plt

    from satisfaction import labels, style

    fig, ax = plt.subplots(figsize=(7, 5))
    ax.errorbar(table["performance_estimate"], table[importance],
                xerr=[table["performance_estimate"] - table["performance_ci_low"],
                      table["performance_ci_high"] - table["performance_estimate"]],
                yerr=[table[importance] - table["shapley_pct_ci_low"], table["shapley_pct_ci_high"] - table[importance]],
                fmt="o", color=style.PALETTE["blue"], capsize=2)
    for _, row in table.iterrows():
        ax.annotate(row[labels.label_column()], (row["performance_estimate"], row[importance]), xytext=(5, 4),
                    textcoords="offset points", fontsize=8)
    ax.axvline(table["performance_estimate"].mean(), color="grey", linestyle="--", linewidth=1)
    ax.axhline(table[importance].mean(), color="grey", linestyle="--", linewidth=1)
    ax.set(xlabel=labels.text("fig.ipa.xlabel"), ylabel=labels.text("fig.ipa.ylabel"), title=labels.text("fig.ipa.title"))
    fig.tight_layout()
    return fig


def with_factor_scores(data: pd.DataFrame, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``score_<factor>`` (the respondent's mean item score minus 4), ``online`` (0/1) and ``top2``."""
    from satisfaction.codebook import FACTORS, items, load_codebook

    cb = codebook if codebook is not None else load_codebook()
    out = data.copy()
    for f in FACTORS:
        out[f"score_{f}"] = out[items(cb, f)].astype(float).mean(axis=1) - 4
    out["online"] = out["channel"].isin([2, 3]).astype(float)
    out["top2"] = (out["q_overall"] >= 4).astype(float).where(out["q_overall"].notna())
    for c in ("wait_minutes", "visits", "age"):
        if c in out:
            out[c] = out[c].astype(float)
    return out


@dataclass
class MultilevelFit:
    """The fitted random-intercept model: statsmodels' result, variance components and ICC."""

    result: object
    variances: pd.Series
    icc: float

    def group_effects(self, level: float = 0.95) -> pd.DataFrame:
        """Each group's predicted random intercept (BLUP) with an interval from its conditional variance.

        Examples
        --------
        >>> rng = np.random.default_rng(2)
        >>> g = np.repeat(np.arange(20), 30)
        >>> df = pd.DataFrame({"g": g.astype(str), "x": rng.normal(size=600)})
        >>> df["y"] = 1 + 0.5 * df["x"] + rng.normal(0, 1, 20)[g] + rng.normal(size=600)
        >>> eff = multilevel(df, "y", ["x"], groups="g").fit.group_effects()
        >>> list(eff.columns)
        ['group', 'effect', 'std_err', 'ci_low', 'ci_high']
        """
        q = stats.norm.ppf(0.5 + level / 2)
        rows = []
        for group, effect in self.result.random_effects.items():
            var = np.asarray(self.result.random_effects_cov[group])
            est, se = float(np.asarray(effect)[0]), float(np.sqrt(var[0, 0]))
            rows.append({"group": group, "effect": est, "std_err": se, "ci_low": est - q * se, "ci_high": est + q * se})
        return pd.DataFrame(rows).sort_values("effect", ascending=False).reset_index(drop=True)


def multilevel(data: pd.DataFrame, y: str, x: list[str], *, groups: str = "district_code",
               nested: str | None = None, level: float = 0.95) -> ModelResult:
    """Linear model with random intercepts for ``groups`` (and for ``nested`` units within them), REML.

    As ``lme4::lmer(y ~ x + (1 | groups))`` or ``(1 | groups/nested)``; district-level predictors go in
    ``x`` like any other. ``.fit`` holds the statsmodels result, the variance components and the ICC
    (the share of residual variance between ``groups``); ``district_effects`` gives each group's predicted
    intercept with its interval. Unweighted, as lmer.
    """
    import warnings

    import statsmodels.formula.api as smf

    cols = [y, *x, groups] + ([nested] if nested else [])
    for c in cols:
        if c not in data.columns:
            raise SatisfactionError(f"variable {c!r} is not in the data", column=c)
    df = data[cols].dropna().copy()
    if df[groups].nunique() < 2:
        raise SatisfactionError(f"{groups!r} has fewer than two groups: no random intercept to estimate")
    rename = {c: f"v{i}" for i, c in enumerate(cols)}
    df = df.rename(columns=rename)
    formula = f"{rename[y]} ~ " + (" + ".join(rename[c] for c in x) if x else "1")
    vc = {"nested": f"0 + C({rename[nested]})"} if nested else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # re_formula="1" is needed: with a vc_formula and no re_formula statsmodels drops the groups' own
        # intercept and fits the nested units alone (caught by the lme4 golden test of the nested model)
        model = smf.mixedlm(formula, df, groups=df[rename[groups]], re_formula="1", vc_formula=vc)
        res = model.fit(reml=True, method=["nm", "bfgs"], maxiter=5000)  # lbfgs alone stalls at the boundary
    names = {"Intercept": "(Intercept)", **{rename[c]: c for c in x}}
    fe = res.fe_params
    table = _coef_table([names[t] for t in fe.index], fe.to_numpy(), res.bse_fe.to_numpy(), level)
    var = {groups: float(res.cov_re.iloc[0, 0]) if res.cov_re.size else 0.0}
    if nested:
        var[f"{nested}:{groups}"] = float(res.vcomp[0])
    var["residual"] = float(res.scale)
    variances = pd.Series(var)
    return ModelResult(table=table, fit=MultilevelFit(result=res, variances=variances,
                                                      icc=variances[groups] / variances.sum()))

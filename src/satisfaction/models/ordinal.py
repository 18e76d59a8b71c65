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

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from satisfaction.errors import ConvergenceWarning, SatisfactionError, SatisfactionWarning
from satisfaction.models._results import ModelResult, _coef_table, _design_matrix, _logit_core
from satisfaction.survey.design import Design, DesignFrame
from satisfaction.survey.replicates import ReplicateDesign, resolve


@dataclass
class OrdinalFit:
    """The fitted proportional-odds model: coefficients, cut-points, covariance and what was used.

    Parameters
    ----------
    beta : pandas.Series
        The slopes, indexed by the predictors.
    zeta : pandas.Series
        The cut-points, indexed ``"1|2"``, ``"2|3"``, ... (named from the observed categories).
    cov : pandas.DataFrame
        The covariance matrix of the slopes then the cut-points, rows and columns named as they are:
        the inverse observed information without a design, the linearised sandwich with one.
    levels : list
        The categories of ``y`` observed in the rows used, sorted.
    n : int
        The number of rows used.
    loglik : float
        The log-likelihood at the estimates (weighted, a pseudo-log-likelihood, with a design).
    converged : bool
        Whether the optimiser converged.
    x : list of str
        The predictors, in the order of ``beta``.
    """

    beta: pd.Series
    zeta: pd.Series
    cov: pd.DataFrame
    levels: list
    n: int
    loglik: float
    converged: bool
    x: list[str] = field(default_factory=list)

    def predict_proba(self, data: pd.DataFrame) -> pd.DataFrame:
        """Predicted probability of each category for each row of ``data``.

        Parameters
        ----------
        data : pandas.DataFrame
            Rows with the model's numeric predictors :attr:`x` (other columns are ignored).

        Returns
        -------
        pandas.DataFrame
            One row per row of ``data`` (same index) and one column per category of :attr:`levels`; each
            row adds up to 1.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> df = pd.DataFrame({"x": rng.normal(size=500)})
        >>> latent = df["x"].to_numpy() + rng.logistic(size=500)
        >>> df["y"] = 1 + (latent[:, None] > np.array([-1.0, 0.0, 1.0])).sum(axis=1)
        >>> probs = ordinal_logit(df, "y", ["x"]).fit.predict_proba(pd.DataFrame({"x": [-1.0, 0.0, 1.0]}))
        >>> probs.columns.tolist(), probs.sum(axis=1).round(12).tolist()
        ([1, 2, 3, 4], [1.0, 1.0, 1.0])
        """
        eta = data[self.x].to_numpy(float) @ self.beta.to_numpy()
        cum = special.expit(self.zeta.to_numpy()[None, :] - eta[:, None])
        probs = np.diff(np.column_stack([np.zeros(len(eta)), cum, np.ones(len(eta))]), axis=1)
        return pd.DataFrame(probs, index=data.index, columns=self.levels)

    def marginal_effects(self, data: pd.DataFrame, weights: np.ndarray | None = None) -> pd.DataFrame:
        """Average marginal effect of each predictor on the probability of each category (rows: predictors).

        dP(y=k)/dx_j = beta_j * (f(zeta_{k-1} - eta) - f(zeta_k - eta)), averaged over ``data`` (weighted).
        Each row sums to zero: what one category gains, others lose.

        Parameters
        ----------
        data : pandas.DataFrame
            The rows to average over, with the model's numeric predictors :attr:`x`.
        weights : numpy.ndarray or None
            One weight per row of ``data`` (e.g. the design weights); equal weights when ``None``.

        Returns
        -------
        pandas.DataFrame
            One row per predictor and one column per category of :attr:`levels`: the average change of
            that category's probability per unit of the predictor.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> df = pd.DataFrame({"x": rng.normal(size=500)})
        >>> latent = df["x"].to_numpy() + rng.logistic(size=500)
        >>> df["y"] = 1 + (latent[:, None] > np.array([-1.0, 0.0, 1.0])).sum(axis=1)
        >>> effects = ordinal_logit(df, "y", ["x"]).fit.marginal_effects(df)
        >>> effects.index.tolist(), bool(effects.sum(axis=1).abs().max() < 1e-12)
        (['x'], True)
        """
        eta = data[self.x].to_numpy(float) @ self.beta.to_numpy()
        cuts = np.concatenate([[-np.inf], self.zeta.to_numpy(), [np.inf]])
        F = special.expit(cuts[None, :] - eta[:, None])
        dens = np.where(np.isfinite(cuts)[None, :], F * (1 - F), 0.0)
        slope = dens[:, :-1] - dens[:, 1:]  # n x categories
        w = np.ones(len(eta)) if weights is None else np.asarray(weights, float)
        avg = (w[:, None] * slope).sum(axis=0) / w.sum()
        return pd.DataFrame(np.outer(self.beta.to_numpy(), avg), index=self.x, columns=self.levels)


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

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent (with the design's columns when a design is given).
    y : str
        The ordered item, as numbers (e.g. 1-5). Its categories are the values observed in the rows
        used, sorted; at least three are needed.
    x : list of str
        The numeric predictors (no intercept: the cut-points take its place).
    design : Design, ReplicateDesign or None
        The survey design; ``None`` fits unweighted, with each row independent. With replicate weights the
        covariance comes from the model fitted with each replicate's weights, as ``svyolr`` does.
    level : float
        Confidence level of the intervals.
    categories : list or None
        The categories ``y`` can take, used only to warn about those no respondent chose; by default
        every whole number from the smallest to the largest observed value (when all are whole
        numbers).

    Returns
    -------
    ModelResult
        ``.table``: the slopes, then the cut-points (rows ``"a|b"`` named from consecutive observed
        values as they print, e.g. ``"1|2"``), with :data:`TABLE_COLUMNS` (Wald statistics, normal
        p-values and intervals); ``.fit``: an :class:`OrdinalFit`; ``.converged``: whether the BFGS
        optimisation converged (or stopped for precision loss at a negligible gradient).

    Raises
    ------
    SatisfactionError
        If a variable is not in ``data``, a predictor is constant or the predictors are collinear, ``y``
        has fewer than three observed categories, or the design does not resolve on ``data``.

    Warns
    -----
    SatisfactionWarning
        When an expected category (see ``categories``) was chosen by no respondent.
    ConvergenceWarning
        When the optimisation did not converge.

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
        warnings.warn(f"{y!r}: no respondent chose {empty}; the model has cut-points only between the categories "
                      f"chosen ({levels})", SatisfactionWarning, stacklevel=2)
    if len(levels) < 3:
        raise SatisfactionError(f"{y!r} has {len(levels)} categories; an ordinal model needs at least 3", column=y)
    yi = pd.Categorical(sub[y], categories=levels).codes.astype(int)
    q = len(levels) - 1
    frame = resolve(data, design) if design is not None else None
    replicate = isinstance(frame, ReplicateDesign)
    w = (frame.full if replicate else frame.w)[complete] if frame is not None else np.ones(len(sub))

    def to_params(theta: np.ndarray) -> np.ndarray:
        p = X.shape[1]
        return np.concatenate([theta[:p], np.cumsum(np.concatenate([[theta[p]], np.exp(theta[p + 1:])]))])

    def objective(theta: np.ndarray, w=w):
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
    # BFGS with gtol 1e-10 often stops with "precision loss" at the optimum (status 2): the fit has
    # converged when the gradient there is negligible against the size of the log-likelihood
    converged = bool(res.success or (res.status == 2 and np.max(np.abs(res.jac)) < 1e-6 * max(1.0, abs(res.fun))))
    if not converged:
        warnings.warn(f"the ordinal logit of {y!r} did not converge ({res.message}; largest gradient "
                      f"{float(np.max(np.abs(res.jac))):.3g})", ConvergenceWarning, stacklevel=2)
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
    elif replicate:
        # as svyolr on a replicate design: the model fitted again with each replicate's weights, from the estimate
        thetas = np.full((frame.replicates, k), np.nan)
        for r in range(frame.replicates):
            fit_r = optimize.minimize(objective, res.x, args=(frame.weights[complete, r],), jac=True, method="BFGS",
                                      options={"gtol": 1e-10, "maxiter": 2000})
            if fit_r.success or fit_r.status == 2:
                thetas[r] = to_params(fit_r.x)
        cov = frame.covariance(thetas, params, f"the ordinal logit of {y!r}")
    else:
        _, g = _nll_parts(params, X, yi, w, q)
        scores = np.zeros((len(data), k))
        scores[complete] = g @ Hinv
        cov = frame.covariance(scores)
    names = list(x) + [f"{levels[i]}|{levels[i + 1]}" for i in range(q)]
    table = _coef_table(names, params, np.sqrt(np.diag(cov)), level)
    fit = OrdinalFit(beta=pd.Series(params[:len(x)], index=x), zeta=pd.Series(params[len(x):], index=names[len(x):]),
                     cov=pd.DataFrame(cov, index=names, columns=names), levels=levels, n=int(len(sub)),
                     loglik=float(-_nll_parts(params, X, yi, w, q)[0]), converged=converged, x=list(x))
    return ModelResult(table=table, fit=fit, converged=converged)


def proportional_odds_test(data: pd.DataFrame, y: str, x: list[str], *, design: Design | None = None) -> pd.DataFrame:
    """Does each predictor have the same effect at every cut of ``y``? A design-based Brant-type Wald test.

    Fits a binary logit of ``y > j`` for each cut j; their slopes' joint covariance comes from stacking the
    influence values and taking the design-based covariance; the Wald statistic tests that the slopes are
    equal across cuts, for all predictors together (``term = "omnibus"``) and for each one. A small p-value
    says the proportional-odds assumption fails for that predictor.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent (with the design's columns when a design is given); rows with a
        missing value in ``y`` or a predictor are left out, as domains.
    y : str
        The ordered item, as numbers; there is one cut between each two consecutive observed values.
    x : list of str
        The numeric predictors.
    design : Design or None
        The survey design; ``None`` for unweighted rows, each its own PSU.

    Returns
    -------
    pandas.DataFrame
        One row for ``"omnibus"``, then one per predictor; columns ``term``, ``statistic`` (the Wald
        chi-square), ``df`` (its degrees of freedom, the number of equalities tested) and
        ``p_value``.

    Raises
    ------
    SatisfactionError
        If a variable is not in ``data``, a predictor is constant or the predictors are collinear, the
        design does not resolve on ``data``, or one of the binary logits is separated.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"x": rng.normal(size=500)})
    >>> latent = df["x"].to_numpy() + rng.logistic(size=500)
    >>> df["y"] = 1 + (latent[:, None] > np.array([-1.0, 0.0, 1.0])).sum(axis=1)
    >>> test = proportional_odds_test(df, "y", ["x"])
    >>> test["term"].tolist(), test["df"].tolist()
    (['omnibus', 'x'], [2, 2])
    """
    X, yv, complete = _design_matrix(data, y, x)
    frame = DesignFrame(data, design or Design())
    w = frame.w[complete]
    levels = sorted(np.unique(yv))
    cuts = levels[:-1]
    betas, infl = [], []
    for c in cuts:
        b, inf, _ = _logit_core(X, (yv > c).astype(float), w, f"{y} > {c}", ["(Intercept)", *x])
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

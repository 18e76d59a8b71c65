"""Multilevel (random-intercept) linear models, REML, as ``lme4::lmer``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from satisfaction.errors import ConvergenceWarning, SatisfactionError, SatisfactionWarning
from satisfaction.models._results import ModelResult, _coef_table


@dataclass
class MultilevelFit:
    """The fitted random-intercept model: statsmodels' result, variance components and ICC.

    Parameters
    ----------
    result : statsmodels.regression.mixed_linear_model.MixedLMResults
        The statsmodels fit (its variables are renamed ``v0``, ``v1``, ... in the order ``y``, ``x``,
        ``groups``, ``nested``).
    variances : pandas.Series
        The variance components, indexed by the name of the ``groups`` column, then
        ``"{nested}:{groups}"`` for a nested model, then ``"residual"``.
    icc : float
        The intraclass correlation: the ``groups`` component over the sum of all components.
    """

    result: object
    variances: pd.Series
    icc: float

    def group_effects(self, level: float = 0.95) -> pd.DataFrame:
        """Each group's predicted random intercept (BLUP) with an interval from its conditional variance.

        Parameters
        ----------
        level : float
            Confidence level of the normal intervals.

        Returns
        -------
        pandas.DataFrame
            One row per group, from the largest effect down: ``group``, ``effect`` (the predicted random
            intercept), ``std_err`` (the square root of its conditional variance), ``ci_low`` and
            ``ci_high``.

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
    (the share of residual variance between ``groups``); ``.fit.group_effects()`` gives each group's predicted
    intercept with its interval. Unweighted, as lmer.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent; rows with a missing value in any column used are left out.
    y : str
        The numeric outcome.
    x : list of str
        The numeric predictors, of respondents or of groups (empty for an intercept-only model).
    groups : str
        Column of the groups that get a random intercept (at least two).
    nested : str or None
        Column of units nested in ``groups`` that get a random intercept of their own; ``None`` for a
        two-level model.
    level : float
        Confidence level of the intervals of the fixed effects.

    Returns
    -------
    ModelResult
        ``.table``: the fixed effects, ``(Intercept)`` first, with :data:`TABLE_COLUMNS` (statsmodels'
        standard errors, Wald statistics, normal p-values and intervals); ``.fit``: a
        :class:`MultilevelFit`; ``.converged``: statsmodels' verdict on the REML fit.

    Raises
    ------
    SatisfactionError
        If a column is not in ``data`` or ``groups`` has fewer than two groups in the rows used.

    Warns
    -----
    ConvergenceWarning
        When the fit did not converge, or statsmodels warned about convergence or a boundary.
    SatisfactionWarning
        For statsmodels' other warnings (its deprecation and future warnings are dropped), repeated
        with the model they concern.

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> g = np.repeat(np.arange(20), 30)
    >>> df = pd.DataFrame({"g": g.astype(str), "x": rng.normal(size=600)})
    >>> df["y"] = 1 + 0.5 * df["x"] + rng.normal(0, 1, 20)[g] + rng.normal(size=600)
    >>> res = multilevel(df, "y", ["x"], groups="g")
    >>> res.table["term"].tolist(), res.fit.variances.index.tolist(), res.converged
    (['(Intercept)', 'x'], ['g', 'residual'], True)
    """
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
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # re_formula="1" is needed: with a vc_formula and no re_formula statsmodels drops the groups' own
        # intercept and fits the nested units alone (caught by the lme4 golden test of the nested model)
        model = smf.mixedlm(formula, df, groups=df[rename[groups]], re_formula="1", vc_formula=vc)
        res = model.fit(reml=True, method=["nm", "bfgs"], maxiter=5000)  # lbfgs alone stalls at the boundary
    converged = bool(getattr(res, "converged", True))
    for w in caught:  # statsmodels' warnings, said again with what was fitted
        category = ConvergenceWarning if issubclass(w.category, Warning) and (
            "converge" in str(w.message).lower() or "boundary" in str(w.message).lower()) else SatisfactionWarning
        if w.category.__name__ in ("DeprecationWarning", "FutureWarning"):
            continue
        warnings.warn(f"multilevel model of {y!r} by {groups!r}" + (f"/{nested!r}" if nested else "")
                      + f": statsmodels says: {w.message}", category, stacklevel=2)
    if not converged:
        warnings.warn(f"multilevel model of {y!r} by {groups!r}: the REML fit did not converge",
                      ConvergenceWarning, stacklevel=2)
    names = {"Intercept": "(Intercept)", **{rename[c]: c for c in x}}
    fe = res.fe_params
    table = _coef_table([names[t] for t in fe.index], fe.to_numpy(), res.bse_fe.to_numpy(), level)
    var = {groups: float(res.cov_re.iloc[0, 0]) if res.cov_re.size else 0.0}
    if nested:
        var[f"{nested}:{groups}"] = float(res.vcomp[0])
    var["residual"] = float(res.scale)
    variances = pd.Series(var)
    return ModelResult(table=table, fit=MultilevelFit(result=res, variances=variances,
                                                      icc=variances[groups] / variances.sum()),
                       converged=converged)

"""Design-based estimation as R's ``survey`` package does it: weights, strata, clusters, fpc.

A :class:`Design` names the columns that describe the sample; the data is passed to each estimator.
Estimators share one signature, ``f(data, y, *, design, by=None, level=0.95)``, and return a DataFrame
with the ``by`` columns, then ``variable, estimate, std_err, ci_low, ci_high, deff, n, n_weighted``
(:data:`COLUMNS`, a public API).

Variances are Taylor-linearised with the first-stage ("ultimate cluster") estimator of
``survey::svyrecvar``: the influence values of an estimate are summed within PSUs, centred within
strata, and the squared deviations added up with the factor ``(1 - f_h) n_h / (n_h - 1)``, where
``f_h = n_h / N_h`` is the sampling fraction of PSUs when ``fpc`` gives ``N_h``. Domains (``by``) are
subpopulations, not subsets: rows outside a domain keep their PSU and stratum with zero influence, so
domain standard errors are right. Rows where ``y`` is missing are handled the same way (as R's
``na.rm=TRUE``). Intervals are normal for means, totals and ratios (R's ``confint``), and on the
logit scale with the design's degrees of freedom for proportions (R's ``svyciprop(method="logit")``),
so a 99% estimate never gets an interval above 100%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from satisfaction.errors import SatisfactionError
from satisfaction.survey._common import (
    _by_names,
    _domains,
    _frame_out,
    _normal_ci,
    _numeric,
    _srs_variance_of_mean,
)
from satisfaction.survey.design import Design, DesignFrame, domain_codes, means_rows
from satisfaction.survey.intervals import METHODS, likelihood_ci, proportion_ci, proportion_cis
from satisfaction.survey.replicates import ReplicateDesign, replicate_rows


def mean(data: pd.DataFrame, y: str | list[str], *, design: Design, by: str | list[str] | None = None,
         level: float = 0.95) -> pd.DataFrame:
    """Design-based mean of ``y`` (overall or per domain), as ``survey::svymean`` / ``svyby``.

    ``y`` may be a list of variables: their rows are stacked, the design resolved once.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    y : str or list of str
        The numeric variable(s) to average (a boolean one counts as 0/1). Rows where a variable is
        missing are left out of its estimates, as a domain: they keep their PSU and stratum.
    design : Design or ReplicateDesign
        The columns of ``data`` that describe the design, or replicate weights made on ``data``
        (:mod:`satisfaction.survey.replicates`): the standard error then comes from the replicates
        and the design effect is NaN.
    by : str, list of str or None
        Domain column(s): one estimate per combination of their values, in sorted order (rows with a
        missing value belong to no domain, as in R's ``svyby``); ``None`` for the whole sample.
    level : float
        Confidence level of the intervals, e.g. 0.95.

    Returns
    -------
    pandas.DataFrame
        One row per variable (in the order given) and domain: the ``by`` columns, then
        :data:`COLUMNS`: ``variable``, ``estimate``, ``std_err`` (linearised), ``ci_low`` and
        ``ci_high`` (normal interval), ``deff`` (the variance over that of simple random sampling of
        ``n`` rows without replacement from a population of ``n_weighted``, as R's ``deff=TRUE``:
        infinite when the weights add up to ``n``, negative when they add up to less), ``n`` (the rows
        used) and ``n_weighted`` (their sum of weights). A domain with no rows to use, or weights that
        add up to 0, has NaN estimates.

    Raises
    ------
    SatisfactionError
        If a variable or domain column is not in ``data``, a variable is not numeric, or the design
        does not resolve on ``data`` (see :class:`DesignFrame`).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [1.0, 1, 2, 2], "s": [1, 1, 2, 2], "c": [1, 2, 3, 4]})
    >>> row = mean(df, "y", design=Design(weight="w", strata="s", cluster="c")).iloc[0]
    >>> [round(float(row[c]), 4) for c in ["estimate", "std_err", "ci_low", "ci_high", "deff"]]
    [2.8333, 0.3727, 2.1029, 3.5638, 1.0976]

    (R: ``svymean(~y, svydesign(ids=~c, strata=~s, weights=~w, data=df), deff=TRUE)`` gives
    2.83333, SE 0.37268, DEff 1.0976.)
    """
    names = [y] if isinstance(y, str) else list(y)
    values = [_numeric(data, var) for var in names]
    if isinstance(design, ReplicateDesign):
        design.check(data)
        return _frame_out(replicate_rows(data, design, values, by, level, names), by)
    frame = DesignFrame(data, design)
    return _frame_out(means_rows(data, frame, values, by, level, names), by)


def total(data: pd.DataFrame, y: str, *, design: Design, by: str | list[str] | None = None,
          level: float = 0.95) -> pd.DataFrame:
    """Design-based total of ``y``, as ``survey::svytotal`` / ``svyby``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    y : str
        The numeric variable to add up (a boolean one counts as 0/1). Rows where it is missing are
        left out, as a domain: they keep their PSU and stratum.
    design : Design or ReplicateDesign
        The columns of ``data`` that describe the design, or replicate weights made on ``data``
        (:mod:`satisfaction.survey.replicates`): the standard error then comes from the replicates
        and the design effect is NaN.
    by : str, list of str or None
        Domain column(s): one estimate per combination of their values, in sorted order (rows with a
        missing value belong to no domain, as in R's ``svyby``); ``None`` for the whole sample.
    level : float
        Confidence level of the intervals, e.g. 0.95.

    Returns
    -------
    pandas.DataFrame
        One row per domain: the ``by`` columns, then :data:`COLUMNS`: ``variable``, ``estimate``
        (``sum(w y)``), ``std_err`` (linearised), ``ci_low`` and ``ci_high`` (normal interval),
        ``deff`` (against simple random sampling, as for :func:`mean`; NaN with fewer than two rows),
        ``n`` (the rows used) and ``n_weighted`` (their sum of weights). A domain with no rows to use
        has a NaN estimate and standard error (R gives 0 with a standard error of 0).

    Raises
    ------
    SatisfactionError
        If ``y`` or a domain column is not in ``data``, ``y`` is not numeric, or the design does not
        resolve on ``data`` (see :class:`DesignFrame`).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [10.0, 10, 20, 20], "g": ["a", "a", "b", "b"]})
    >>> out = total(df, "y", design=Design(weight="w"), by="g")
    >>> out[["g", "estimate", "std_err", "n_weighted"]].round(4).to_numpy().tolist()
    [['a', 30.0, 19.1485, 20.0], ['b', 140.0, 82.4621, 40.0]]
    """
    yv = _numeric(data, y)
    if isinstance(design, ReplicateDesign):
        design.check(data)
        return _frame_out(replicate_rows(data, design, yv[:, None], by, level, [y], statistic="total"), by)
    frame = DesignFrame(data, design)
    out = []
    for key, idx in _domains(data, by):
        rows = idx[~np.isnan(yv[idx])]
        w, yy = frame.w[rows], yv[rows]
        sw = w.sum()
        # a domain with nothing observed has an unknown total, not a known zero (R: 0 with SE 0)
        est = float((w * yy).sum()) if len(rows) else np.nan
        se = float(np.sqrt(frame.variance(w * yy, rows))) if len(rows) else np.nan
        if len(rows) > 1 and sw > 0:
            m = (w * yy).sum() / sw
            with np.errstate(divide="ignore", invalid="ignore"):
                deff = se**2 / (_srs_variance_of_mean(yy, w, m) * sw**2)
        else:
            deff = np.nan
        lo, hi = _normal_ci(est, se, level)
        out.append({**dict(zip(_by_names(by), key, strict=True)), "variable": y, "estimate": est, "std_err": se,
                    "ci_low": lo, "ci_high": hi, "deff": deff, "n": int((w != 0).sum()), "n_weighted": float(sw)})
    return _frame_out(out, by)


def ratio(data: pd.DataFrame, y: str, x: str, *, design: Design, by: str | list[str] | None = None,
          level: float = 0.95) -> pd.DataFrame:
    """Design-based ratio of totals ``sum(w y) / sum(w x)``, as ``survey::svyratio``; ``variable`` is ``y/x``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    y : str
        The numerator variable (numeric).
    x : str
        The denominator variable (numeric). Rows where ``y`` or ``x`` is missing are left out, as a
        domain: they keep their PSU and stratum.
    design : Design or ReplicateDesign
        The columns of ``data`` that describe the design, or replicate weights made on ``data``
        (:mod:`satisfaction.survey.replicates`): the standard error then comes from the replicates
        and the design effect is NaN.
    by : str, list of str or None
        Domain column(s): one estimate per combination of their values, in sorted order (rows with a
        missing value belong to no domain, as in R's ``svyby``); ``None`` for the whole sample.
    level : float
        Confidence level of the intervals, e.g. 0.95.

    Returns
    -------
    pandas.DataFrame
        One row per domain: the ``by`` columns, then :data:`COLUMNS`: ``variable`` (``"y/x"``),
        ``estimate``, ``std_err`` (linearised, influence values ``w (y - ratio x) / sum(w x)``),
        ``ci_low`` and ``ci_high`` (normal interval), ``deff`` (always NaN), ``n`` (the rows used) and
        ``n_weighted`` (their sum of weights). The estimate and its standard error are NaN where there
        are no rows to use or ``sum(w x)`` is 0.

    Raises
    ------
    SatisfactionError
        If ``y``, ``x`` or a domain column is not in ``data``, ``y`` or ``x`` is not numeric, or the
        design does not resolve on ``data`` (see :class:`DesignFrame`).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [2.0, 3, 5, 4], "x": [1.0, 2, 2, 3]})
    >>> row = ratio(df, "y", "x", design=Design()).iloc[0]
    >>> row["variable"], float(row["estimate"]), round(float(row["std_err"]), 4)
    ('y/x', 1.75, 0.2932)
    """
    yv, xv = _numeric(data, y), _numeric(data, x)
    if isinstance(design, ReplicateDesign):
        design.check(data)
        return _frame_out(replicate_rows(data, design, yv[:, None], by, level, [f"{y}/{x}"], statistic="ratio",
                                         xv=xv[:, None]), by)
    frame = DesignFrame(data, design)
    out = []
    for key, idx in _domains(data, by):
        rows = idx[~(np.isnan(yv[idx]) | np.isnan(xv[idx]))]
        w, yy, xx = frame.w[rows], yv[rows], xv[rows]
        tx = (w * xx).sum()
        if len(rows) == 0 or tx == 0:
            est = se = np.nan
        else:
            est = float((w * yy).sum() / tx)
            se = float(np.sqrt(frame.variance(w * (yy - est * xx) / tx, rows)))
        lo, hi = _normal_ci(est, se, level)
        out.append({**dict(zip(_by_names(by), key, strict=True)), "variable": f"{y}/{x}", "estimate": est,
                    "std_err": se, "ci_low": lo, "ci_high": hi, "deff": np.nan, "n": len(rows),
                    "n_weighted": float(w.sum())})
    return _frame_out(out, by)


def proportion(data: pd.DataFrame, y: str | list[str], *, design: Design, by: str | list[str] | None = None,
               level: float = 0.95, value: int | float | list | None = None, top2: bool = False,
               scale: int = 5, method: str = "logit") -> pd.DataFrame:
    """Design-based proportion with the interval of R's ``svyciprop`` (logit by default).

    The proportion is of rows where ``y`` equals ``value`` (or is in it, for a list), of the top two
    categories of a ``scale``-point item when ``top2=True`` (the SIPAS satisfaction rate), or of
    ``y == 1`` for a 0/1 variable. Missing ``y`` are left out, as a domain.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    y : str or list of str
        The numeric variable(s); for a list, the rows of each are stacked, the design resolved once.
    design : Design or ReplicateDesign
        The columns of ``data`` that describe the design, or replicate weights made on ``data``
        (:mod:`satisfaction.survey.replicates`): the standard error then comes from the replicates
        and the design effect is NaN.
    by : str, list of str or None
        Domain column(s): one estimate per combination of their values, in sorted order (rows with a
        missing value belong to no domain, as in R's ``svyby``); ``None`` for the whole sample.
    level : float
        Confidence level of the intervals, e.g. 0.95.
    value : int, float, list or None
        The value, or list of values, of ``y`` that count as a success; ``None`` counts ``y == 1``
        (every other value is a failure). Ignored when ``top2`` is true.
    top2 : bool
        Count the two top categories of a ``scale``-point item, ``scale - 1`` and ``scale``.
    scale : int
        The number of points of the item, for ``top2``.
    method : {"logit", "xlogit", "beta", "wilson", "asin", "mean", "likelihood"}
        The interval, as ``svyciprop(method=...)`` (see :mod:`satisfaction.survey.intervals`): ``beta``
        (Korn-Graubard) is the one that stays honest at 0% and 100%; ``likelihood`` (the design-adjusted
        profile likelihood, :func:`~satisfaction.survey.intervals.likelihood_ci`) needs a design, not
        replicate weights (R has none there).

    Returns
    -------
    pandas.DataFrame
        One row per variable and domain: the ``by`` columns, then :data:`COLUMNS`: ``variable``
        (``y`` itself when counting ``y == 1``, ``"{y}_top2"``, or ``"{y}=={values}"`` with the
        values joined by ``|``, e.g. ``"q==4|5"``), ``estimate`` (0-1), ``std_err`` (linearised),
        ``ci_low`` and ``ci_high`` (by ``method``, with the domain's degrees of freedom; NaN for a
        domain in a single PSU), ``deff`` (against simple random sampling, as for :func:`mean`), ``n`` (the
        rows used) and ``n_weighted`` (their sum of weights).

    Raises
    ------
    SatisfactionError
        If a variable or domain column is not in ``data``, a variable is not numeric, or the design
        does not resolve on ``data`` (see :class:`DesignFrame`).

    Examples
    --------
    >>> df = pd.DataFrame({"q": [5, 4, 4, 2, 5, 3], "w": [1.0] * 6})
    >>> row = proportion(df, "q", design=Design(weight="w"), top2=True).iloc[0]
    >>> row["variable"], round(float(row["estimate"]), 4), int(row["n"])
    ('q_top2', 0.6667, 6)
    """
    if method not in METHODS:
        raise SatisfactionError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    names = [y] if isinstance(y, str) else list(y)
    if top2:
        wanted = [scale - 1, scale]
    elif value is None:
        wanted = [1]
    else:
        wanted = value if isinstance(value, list) else [value]
    values, labels = [], []
    for var in names:
        yv = _numeric(data, var)
        values.append(np.where(np.isnan(yv), np.nan, np.isin(yv, wanted)))
        labels.append(f"{var}_top2" if top2 else var if value is None else f"{var}=={'|'.join(map(str, wanted))}")
    if isinstance(design, ReplicateDesign):
        if method == "likelihood":
            raise SatisfactionError("no likelihood interval on a replicate design (R's survey 4.1 gives NA there): "
                                    "choose method='logit' or 'beta'")
        design.check(data)
        out = replicate_rows(data, design, values, by, level, labels)
    else:
        frame = DesignFrame(data, design)
        out = means_rows(data, frame, values, by, level, labels, binary=True)
    if method == "likelihood":
        codes, keys = domain_codes(data, by)
        k = len(keys)
        for j, column in enumerate(values):
            for d in range(k):
                row = out[j * k + d]
                domain = codes == d
                rows = np.flatnonzero(domain & ~np.isnan(column))
                row["ci_low"], row["ci_high"] = likelihood_ci(column[rows], frame.w[rows], row["estimate"],
                                                              row["std_err"], df=row["_df"], level=level,
                                                              weight_mean=float(frame.w[domain].mean()))
    else:
        set_cis(out, level, method)
    return _frame_out(out, by)


def set_cis(rows: list[dict], level: float, method: str) -> None:
    """Set ``ci_low`` and ``ci_high`` of every row as :func:`row_ci` would, in one vectorised call.

    Parameters
    ----------
    rows : list of dict
        Rows of :func:`satisfaction.survey.means_rows` or :func:`~satisfaction.survey.replicates.replicate_rows`.
    level : float
        Confidence level.
    method : str
        One of :data:`satisfaction.survey.CI_METHODS`.

    Returns
    -------
    None
        The rows are changed in place.
    """
    if not rows:
        return
    p = np.array([r["estimate"] for r in rows], float)
    se = np.array([r["std_err"] for r in rows], float)
    if method == "logit":
        se_logit = np.array([r.get("_se_logit", np.nan) for r in rows], float)
        se = np.where(np.isfinite(se_logit), se_logit * p * (1 - p), se)
    lo, hi = proportion_cis(p, se, df=[r["_df"] for r in rows], n=[r.get("_nrow", r["n"]) for r in rows],
                            level=level, method=method, n_obs=[r["n"] for r in rows])
    for r, a, b in zip(rows, lo, hi, strict=True):
        r["ci_low"], r["ci_high"] = float(a), float(b)


def row_ci(row: dict, level: float, method: str) -> tuple[float, float]:
    """The ``method`` interval of a proportion from one row of :func:`satisfaction.survey.means_rows` or
    :func:`~satisfaction.survey.replicates.replicate_rows` (which hold the domain's degrees of freedom).

    Parameters
    ----------
    row : dict
        ``estimate``, ``std_err``, ``n`` and ``_df``; on a replicate design also ``_se_logit``.
    level : float
        Confidence level.
    method : str
        One of :data:`satisfaction.survey.CI_METHODS`.

    Returns
    -------
    tuple of float
        ``(ci_low, ci_high)``, as :func:`proportion_ci`: Korn-Graubard's ratio of t quantiles uses the
        domain's rows (``_nrow``, as R's ``nrow`` of the subset), its effective sample size at 0% or 100%
        the respondents who answered, with a positive weight (``n``: a domain's rows without an answer
        are no evidence there). On a replicate design the logit interval uses the
        replicates' variance of the logit, as R's ``svyglm`` on a replicate design does.
    """
    se = row["std_err"]
    p = row["estimate"]
    if method == "logit" and np.isfinite(row.get("_se_logit", np.nan)):
        se = row["_se_logit"] * p * (1 - p)
    return proportion_ci(p, se, df=row["_df"], n=row.get("_nrow", row["n"]), level=level, method=method,
                         n_obs=row["n"])

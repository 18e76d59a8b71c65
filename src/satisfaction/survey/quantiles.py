"""Design-based quantiles with Woodruff intervals, as R's ``svyquantile`` (survey >= 4.1).

The quantile is read off the weighted distribution function by a quantile rule (``qrule``): ``math``,
the smallest value whose weighted cumulative share reaches ``p`` (R's default, Hyndman-Fan type 1),
or ``hf7``, linear interpolation (type 7, R's ``quantile`` default). Its interval is Woodruff's: the
share ``F = P(y <= q)`` is a design-based mean with a linearised standard error, its interval
``F ± t SE`` (t with the design's degrees of freedom) is read back through the same rule, and the
standard error is the interval's width over ``2 t`` (R's ``interval.type="mean"``). Median waiting
times and numbers of visits are the service metrics this is for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from satisfaction.errors import SatisfactionError
from satisfaction.survey._common import COLUMNS, _by_names, _domains, _numeric
from satisfaction.survey.design import Design
from satisfaction.survey.replicates import ReplicateDesign, resolve

QRULES = ("math", "hf7")


def weighted_quantile(x: np.ndarray, w: np.ndarray, p: float, *, qrule: str = "math") -> float:
    """The ``p`` quantile of values ``x`` with weights ``w``, by R's ``qrule_math`` or ``qrule_hf7``.

    Parameters
    ----------
    x, w : numpy.ndarray
        The values and their weights (rows of weight zero are left out).
    p : float
        The probability, 0-1.
    qrule : {"math", "hf7"}
        The quantile rule.

    Returns
    -------
    float
        The quantile (NaN when no value has a positive weight).

    Examples
    --------
    >>> x, w = np.array([1.0, 2, 3, 4]), np.ones(4)
    >>> weighted_quantile(x, w, 0.5), weighted_quantile(x, w, 0.5, qrule="hf7")
    (2.0, 2.5)
    """
    keep = w != 0
    x, w = np.asarray(x, float)[keep], np.asarray(w, float)[keep]
    if len(x) == 0:
        return np.nan
    order = np.argsort(x, kind="stable")
    # R adds weights in extended precision (cumsum and sum accumulate in long double, then round to double):
    # so does this, so that a cumulative share equal to p on paper compares as it does in R
    x = x[order]
    cumw = np.cumsum(w[order].astype(np.longdouble)).astype(float)
    if qrule == "hf7":
        if len(x) == 1:
            return float(x[0])
        pk = np.concatenate([[0.0], cumw[:-1]]) / cumw[-2]
        return float(np.interp(p, pk, x))
    total = float(np.sum(w.astype(np.longdouble)))
    below = np.flatnonzero(cumw <= p * total)
    pos = below[-1] if len(below) else 0  # as R's last(): the first value when none is below
    nxt = min(pos + 1, len(x) - 1)
    wlow = p - cumw[pos] / total
    return float(x[pos] if wlow <= 0 else x[nxt])


def quantile(data: pd.DataFrame, y: str, *, design: Design | ReplicateDesign, quantiles: float | list[float] = 0.5,
             by: str | list[str] | None = None, level: float = 0.95, qrule: str = "math",
             interval: str = "mean") -> pd.DataFrame:
    """Design-based quantiles of ``y`` with Woodruff intervals, as ``svyquantile(..., ci=TRUE)``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    y : str
        The numeric variable (e.g. ``wait_minutes``); missing values are left out, as R's ``na.rm``.
    design : Design or ReplicateDesign
        The columns of ``data`` that describe the design, or replicate weights made on ``data``: the
        share's standard error then comes from the replicates and the degrees of freedom are the rank
        of the replicate weights minus one, as ``svyquantile`` on a replicate design.
    quantiles : float or list of float
        The probabilities, e.g. ``[0.25, 0.5, 0.75]``.
    by : str, list of str or None
        Domain column(s); ``None`` for the whole sample.
    level : float
        Confidence level of the intervals.
    qrule : {"math", "hf7"}
        The quantile rule (see the module).
    interval : {"mean", "quantile"}
        ``mean``: Woodruff's interval (see the module), R's default ``interval.type``. ``quantile``, for a
        replicate design only: the quantile computed with each replicate's weights, its standard error
        from their spread and the interval ``q ± t SE`` (R's ``interval.type="quantile"``, valid for
        the bootstrap and BRR; the jackknife's is known to be poor for quantiles).

    Returns
    -------
    pandas.DataFrame
        One row per domain and probability: the ``by`` columns, ``quantile`` (the probability), then
        :data:`COLUMNS` (``deff`` is NaN); ``ci_low`` or ``ci_high`` is NaN where the interval of the
        share leaves 0-1, as in R.

    Examples
    --------
    >>> df = pd.DataFrame({"wait": [5.0, 10, 15, 20, 30, 45, 60, 90], "psu": [1, 1, 2, 2, 3, 3, 4, 4]})
    >>> quantile(df, "wait", design=Design(cluster="psu"))[["quantile", "estimate", "n"]].to_numpy().tolist()
    [[0.5, 20.0, 8.0]]
    """
    if qrule not in QRULES:
        raise SatisfactionError(f"qrule must be one of {', '.join(QRULES)}, not {qrule!r}")
    probs = [quantiles] if np.isscalar(quantiles) else list(quantiles)
    if not all(0 <= q <= 1 for q in probs):
        raise SatisfactionError(f"quantiles must lie in 0-1, not {probs}")
    if interval not in ("mean", "quantile"):
        raise SatisfactionError(f"interval must be 'mean' or 'quantile', not {interval!r}")
    replicate = isinstance(design, ReplicateDesign)
    if interval == "quantile" and not replicate:
        raise SatisfactionError("interval='quantile' needs a replicate design; a Design gets Woodruff's interval")
    frame = resolve(data, design)
    yv = _numeric(data, y)
    out = []
    for key, idx in _domains(data, by):
        rows = idx[~np.isnan(yv[idx])]
        x, w = yv[rows], (frame.full if replicate else frame.w)[rows]
        # as R: the domain's degrees of freedom once rows missing y are dropped
        dof = frame.df_of(rows) if len(rows) else 0
        t = stats.t.ppf(0.5 + level / 2, dof) if dof > 0 else np.nan
        for p in probs:
            q = weighted_quantile(x, w, p, qrule=qrule)
            lo = hi = se = np.nan
            if interval == "quantile" and np.isfinite(q) and np.isfinite(t):
                thetas = np.array([weighted_quantile(x, frame.weights[rows, r], p, qrule=qrule)
                                   for r in range(frame.replicates)])
                se = float(np.sqrt(frame.variance(thetas, q, f"the {p} quantile of {y}")))
                lo, hi = q - t * se, q + t * se
            elif np.isfinite(q) and np.isfinite(t) and w.sum() > 0:
                sw = w.sum()
                share = (w * (x <= q)).sum() / sw
                if replicate:
                    reps = frame.weights[rows]
                    with np.errstate(invalid="ignore", divide="ignore"):
                        thetas = (x <= q) @ reps / reps.sum(axis=0)
                    s = np.sqrt(frame.variance(thetas, share, f"the share of {y} below its {p} quantile"))
                else:
                    s = np.sqrt(frame.variance(w * ((x <= q) - share) / sw, rows))
                p_lo, p_hi = share - t * s, share + t * s
                lo = weighted_quantile(x, w, p_lo, qrule=qrule) if p_lo >= 0 else np.nan
                hi = weighted_quantile(x, w, p_hi, qrule=qrule) if p_hi <= 1 else np.nan
                se = (hi - lo) / (2 * t)
            out.append({**dict(zip(_by_names(by), key, strict=True)), "quantile": p, "variable": y, "estimate": q,
                        "std_err": se, "ci_low": lo, "ci_high": hi, "deff": np.nan, "n": int((w != 0).sum()),
                        "n_weighted": float(w.sum())})
    return pd.DataFrame(out, columns=_by_names(by) + ["quantile"] + COLUMNS)

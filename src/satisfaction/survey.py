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

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from satisfaction.errors import SatisfactionError

COLUMNS = ["variable", "estimate", "std_err", "ci_low", "ci_high", "deff", "n", "n_weighted"]
LONELY = ("fail", "remove", "certainty", "adjust")


@dataclass(frozen=True)
class Design:
    """Column names of a survey design (the data itself is passed to each estimator).

    Parameters
    ----------
    weight : sampling weights (1 for every row when ``None``).
    strata : stratum of each row (one stratum when ``None``).
    cluster : primary sampling unit (PSU) of each row, nested in strata (each row its own PSU when ``None``).
    fpc : the number of PSUs in the row's stratum in the population (no finite-population correction when ``None``).
    lonely_psu : what a stratum with one PSU contributes to a variance, as R's ``survey.lonely.psu``:
        ``fail`` (an error naming the stratum), ``remove`` or ``certainty`` (nothing), ``adjust``
        (its PSU total left uncentred, as ``survey:::onestrat`` does: for a mean, centred at the grand
        mean of the influence values, zero).

    Examples
    --------
    >>> Design(weight="weight", strata="district_code", cluster="psu_code", fpc="n_wards")
    Design(weight='weight', strata='district_code', cluster='psu_code', fpc='n_wards', lonely_psu='fail')
    """

    weight: str | None = None
    strata: str | None = None
    cluster: str | None = None
    fpc: str | None = None
    lonely_psu: str = "fail"

    def __post_init__(self) -> None:
        if self.lonely_psu not in LONELY:
            raise SatisfactionError(f"lonely_psu must be one of {LONELY}, not {self.lonely_psu!r}")


class _Frame:
    """A design resolved on one DataFrame: weights, PSU and stratum codes, sampling fractions."""

    def __init__(self, data: pd.DataFrame, design: Design) -> None:
        self.design = design
        n = len(data)
        if n == 0:
            raise SatisfactionError("the data has no rows")
        for col in [c for c in (design.weight, design.strata, design.cluster, design.fpc) if c]:
            if col not in data.columns:
                raise SatisfactionError(f"design column {col!r} is not in the data", column=col)
            if data[col].isna().any():
                row = int(np.flatnonzero(data[col].isna().to_numpy())[0])
                raise SatisfactionError(f"design column {col!r} has missing values (first at position {row}): "
                                        "drop or complete those rows first", column=col)
        if design.weight:
            w = pd.to_numeric(data[design.weight], errors="coerce").to_numpy(dtype=float)
            if np.isnan(w).any() or (w < 0).any():
                bad = int(np.flatnonzero(np.isnan(w) | (w < 0))[0])
                raise SatisfactionError(f"weights must be numbers >= 0; position {bad} has "
                                        f"{data[design.weight].iloc[bad]!r}", column=design.weight)
        else:
            w = np.ones(n)
        self.w = w
        strata = data[design.strata].to_numpy() if design.strata else np.zeros(n, dtype=int)
        self.stratum_codes, self.strata_values = pd.factorize(strata, sort=True)
        psu = (pd.Series(strata).astype(str) + "\x1f" + data[design.cluster].astype(str).to_numpy()
               if design.cluster else pd.Series(np.arange(n)))
        self.psu_codes, _ = pd.factorize(psu.to_numpy(), sort=False)
        n_psu = int(self.psu_codes.max()) + 1
        first = np.full(n_psu, -1)
        first[self.psu_codes[::-1]] = np.arange(n)[::-1]
        self.psu_stratum = self.stratum_codes[first]
        self.n_h = np.bincount(self.psu_stratum, minlength=len(self.strata_values)).astype(float)
        if design.fpc:
            pop = pd.to_numeric(data[design.fpc], errors="coerce").to_numpy(dtype=float)
            N_h = pd.Series(pop).groupby(self.stratum_codes).first().to_numpy()
            if (N_h < self.n_h).any():
                h = int(np.flatnonzero(N_h < self.n_h)[0])
                raise SatisfactionError(f"stratum {self.strata_values[h]!r} has {int(self.n_h[h])} sampled PSUs but "
                                        f"an fpc of {N_h[h]:g}: fpc must be the population number of PSUs",
                                        column=design.fpc)
            self.f_h = self.n_h / N_h
        else:
            self.f_h = np.zeros(len(self.strata_values))
        lonely = self.n_h == 1
        if lonely.any() and design.lonely_psu == "fail":
            names = [str(s) for s in self.strata_values[lonely][:5]]
            raise SatisfactionError(f"strata with a single PSU: {names}. Choose Design(lonely_psu=...): "
                                    "'remove', 'certainty' or 'adjust', as in R's survey.lonely.psu")
        self.n_psu = n_psu

    def df(self) -> int:
        """Design degrees of freedom: PSUs minus strata (R's ``degf``)."""
        return int(self.n_psu - len(self.strata_values))

    def _spread(self, totals: np.ndarray) -> np.ndarray:
        """Stratified covariance of PSU totals (PSUs x p): centred within strata, scaled by
        ``(1 - f_h) n_h / (n_h - 1)``, with R's lonely-PSU policies (see :class:`Design`)."""
        k = len(self.n_h)
        sums = np.column_stack([np.bincount(self.psu_stratum, weights=totals[:, j], minlength=k)
                                for j in range(totals.shape[1])])
        means = sums / np.maximum(self.n_h, 1)[:, None]
        lonely = self.n_h == 1
        if self.design.lonely_psu == "adjust":
            # as survey:::onestrat: a lonely PSU's total is not centred at all, i.e. centred at zero, which
            # is the grand mean of the influence values of a mean (but makes totals conservative)
            means[lonely] = 0.0
        dev = totals - means[self.psu_stratum]
        scale = np.where(lonely, 1.0, self.n_h / np.maximum(self.n_h - 1, 1)) * (1 - self.f_h)
        if self.design.lonely_psu in ("remove", "certainty"):
            scale = np.where(lonely, 0.0, scale)
        return (dev * scale[self.psu_stratum][:, None]).T @ dev

    def variance(self, z: np.ndarray, rows: np.ndarray | None = None) -> float:
        """Linearised variance of an estimate whose influence values are ``z`` (on ``rows``, zero elsewhere)."""
        psu = self.psu_codes if rows is None else self.psu_codes[rows]
        totals = np.bincount(psu, weights=z, minlength=self.n_psu)
        return float(self._spread(totals[:, None])[0, 0])

    def covariance(self, z: np.ndarray) -> np.ndarray:
        """Linearised covariance matrix of estimates whose influence values are the columns of ``z`` (n x p)."""
        totals = np.column_stack([np.bincount(self.psu_codes, weights=z[:, j], minlength=self.n_psu)
                                  for j in range(z.shape[1])])
        return self._spread(totals)

    def df_of(self, rows: np.ndarray) -> int:
        """Degrees of freedom of a domain: its PSUs minus its strata (R's ``degf`` of a subset)."""
        return int(len(np.unique(self.psu_codes[rows])) - len(np.unique(self.stratum_codes[rows])))


def _numeric(data: pd.DataFrame, y: str) -> np.ndarray:
    if y not in data.columns:
        raise SatisfactionError(f"variable {y!r} is not in the data", column=y)
    col = data[y]
    if col.dtype == bool or str(col.dtype) == "boolean":
        col = col.astype("Float64")
    if not (pd.api.types.is_numeric_dtype(col)):
        raise SatisfactionError(f"variable {y!r} is not numeric (dtype {col.dtype}); recode it first", column=y)
    values = col.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return values


def _domains(data: pd.DataFrame, by: str | list[str] | None) -> list[tuple[tuple, np.ndarray]]:
    if by is None:
        return [((), np.arange(len(data)))]
    by = [by] if isinstance(by, str) else list(by)
    for b in by:
        if b not in data.columns:
            raise SatisfactionError(f"domain column {b!r} is not in the data", column=b)
    groups = data.groupby(by, sort=True, dropna=False, observed=True).indices
    return [((k,) if len(by) == 1 else tuple(k), idx) for k, idx in groups.items()]


def _frame_out(rows: list[dict], by: str | list[str] | None) -> pd.DataFrame:
    by = [] if by is None else [by] if isinstance(by, str) else list(by)
    return pd.DataFrame(rows, columns=by + COLUMNS)


def _normal_ci(est: float, se: float, level: float) -> tuple[float, float]:
    q = stats.norm.ppf(0.5 + level / 2)
    return est - q * se, est + q * se


def _srs_variance_of_mean(y: np.ndarray, w: np.ndarray, mean: float) -> float:
    """R's deff denominator for a mean: svyvar(y) / n * (1 - n / sum(w))."""
    n = len(y)
    if n < 2:
        return np.nan
    sw = w.sum()
    var = (w * (y - mean) ** 2).sum() / sw * n / (n - 1)
    return var / n * (sw - n) / sw


def _means(data: pd.DataFrame, frame: _Frame, yv: np.ndarray, by, level: float, label: str
           ) -> tuple[list[dict], list[np.ndarray]]:
    """Mean of ``yv`` in each domain: the output rows, and the rows of the data each one used."""
    out, used = [], []
    for key, idx in _domains(data, by):
        rows = idx[~np.isnan(yv[idx])]
        w, yy = frame.w[rows], yv[rows]
        sw = w.sum()
        if len(rows) == 0 or sw == 0:
            est = se = deff = np.nan
        else:
            est = float((w * yy).sum() / sw)
            se = float(np.sqrt(frame.variance(w * (yy - est) / sw, rows)))
            with np.errstate(divide="ignore", invalid="ignore"):  # no spread: deff undefined (NaN)
                deff = se**2 / _srs_variance_of_mean(yy, w, est)
        lo, hi = _normal_ci(est, se, level)
        out.append({**dict(zip(_by_names(by), key, strict=True)), "variable": label, "estimate": est,
                    "std_err": se, "ci_low": lo, "ci_high": hi, "deff": deff, "n": len(rows), "n_weighted": float(sw)})
        used.append(rows)
    return out, used


def mean(data: pd.DataFrame, y: str | list[str], *, design: Design, by: str | list[str] | None = None,
         level: float = 0.95) -> pd.DataFrame:
    """Design-based mean of ``y`` (overall or per domain), as ``survey::svymean`` / ``svyby``.

    ``y`` may be a list of variables: their rows are stacked, the design resolved once.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [1.0, 1, 2, 2], "s": [1, 1, 2, 2], "c": [1, 2, 3, 4]})
    >>> row = mean(df, "y", design=Design(weight="w", strata="s", cluster="c")).iloc[0]
    >>> [round(float(row[c]), 4) for c in ["estimate", "std_err", "ci_low", "ci_high", "deff"]]
    [2.8333, 0.3727, 2.1029, 3.5638, 1.0976]

    (R: ``svymean(~y, svydesign(ids=~c, strata=~s, weights=~w, data=df), deff=TRUE)`` gives
    2.83333, SE 0.37268, DEff 1.0976.)
    """
    frame = _Frame(data, design)
    out = []
    for var in [y] if isinstance(y, str) else y:
        out += _means(data, frame, _numeric(data, var), by, level, var)[0]
    return _frame_out(out, by)


def total(data: pd.DataFrame, y: str, *, design: Design, by: str | list[str] | None = None,
          level: float = 0.95) -> pd.DataFrame:
    """Design-based total of ``y``, as ``survey::svytotal`` / ``svyby``."""
    frame = _Frame(data, design)
    yv = _numeric(data, y)
    out = []
    for key, idx in _domains(data, by):
        rows = idx[~np.isnan(yv[idx])]
        w, yy = frame.w[rows], yv[rows]
        sw = w.sum()
        est = float((w * yy).sum())
        se = float(np.sqrt(frame.variance(w * yy, rows))) if len(rows) else np.nan
        if len(rows) > 1 and sw > 0:
            m = (w * yy).sum() / sw
            with np.errstate(divide="ignore", invalid="ignore"):
                deff = se**2 / (_srs_variance_of_mean(yy, w, m) * sw**2)
        else:
            deff = np.nan
        lo, hi = _normal_ci(est, se, level)
        out.append({**dict(zip(_by_names(by), key, strict=True)), "variable": y, "estimate": est, "std_err": se,
                    "ci_low": lo, "ci_high": hi, "deff": deff, "n": len(rows), "n_weighted": float(sw)})
    return _frame_out(out, by)


def ratio(data: pd.DataFrame, y: str, x: str, *, design: Design, by: str | list[str] | None = None,
          level: float = 0.95) -> pd.DataFrame:
    """Design-based ratio of totals ``sum(w y) / sum(w x)``, as ``survey::svyratio``; ``variable`` is ``y/x``."""
    frame = _Frame(data, design)
    yv, xv = _numeric(data, y), _numeric(data, x)
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
               scale: int = 5) -> pd.DataFrame:
    """Design-based proportion with a logit-scale interval, as ``svyciprop(method="logit")``.

    The proportion is of rows where ``y`` equals ``value`` (or is in it, for a list), of the top two
    categories of a ``scale``-point item when ``top2=True`` (the SIPAS satisfaction rate), or of
    ``y == 1`` for a 0/1 variable. Missing ``y`` are left out, as a domain.

    Examples
    --------
    >>> df = pd.DataFrame({"q": [5, 4, 4, 2, 5, 3], "w": [1.0] * 6})
    >>> row = proportion(df, "q", design=Design(weight="w"), top2=True).iloc[0]
    >>> row["variable"], round(float(row["estimate"]), 4), int(row["n"])
    ('q_top2', 0.6667, 6)
    """
    frame = _Frame(data, design)
    if not isinstance(y, str):
        parts = [_proportion(data, frame, var, by, level, value, top2, scale) for var in y]
        return _frame_out([row for part in parts for row in part], by)
    return _frame_out(_proportion(data, frame, y, by, level, value, top2, scale), by)


def _proportion(data: pd.DataFrame, frame: _Frame, y: str, by, level: float, value, top2: bool,
                scale: int) -> list[dict]:
    yv = _numeric(data, y)
    if top2:
        wanted = [scale - 1, scale]
    elif value is None:
        wanted = [1]
    else:
        wanted = value if isinstance(value, list) else [value]
    indicator = np.where(np.isnan(yv), np.nan, np.isin(yv, wanted).astype(float))
    label = f"{y}_top2" if top2 else y if value is None else f"{y}=={'|'.join(map(str, wanted))}"
    out, used = _means(data, frame, indicator, by, level, label)
    for row, rows in zip(out, used, strict=True):
        p, se = row["estimate"], row["std_err"]
        if not np.isfinite(p) or p in (0.0, 1.0) or se == 0:
            row["ci_low"] = row["ci_high"] = p  # no variation in the domain: the interval is the point
            continue
        dof = frame.df_of(rows)
        q = stats.t.ppf(0.5 + level / 2, dof) if dof > 0 else np.nan
        logit, se_logit = np.log(p / (1 - p)), se / (p * (1 - p))
        row["ci_low"] = float(1 / (1 + np.exp(-(logit - q * se_logit))))
        row["ci_high"] = float(1 / (1 + np.exp(-(logit + q * se_logit))))
    return out


def _by_names(by: str | list[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)

"""The survey design and its resolution on one DataFrame (weights, PSUs, strata, fpc).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse, stats

from satisfaction.errors import SatisfactionError
from satisfaction.survey._common import _by_names, _domains, _normal_ci, _srs_variance_of_mean
from satisfaction.survey.intervals import proportion_ci

LONELY = ("fail", "remove", "certainty", "adjust")


def _plain(value) -> str:
    """A value as a person would write it in a message: ``-33.84``, not ``np.float64(-33.84)``."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, (int, float)) else repr(value)


CALIBRATIONS = ("greg", "poststratify", "raking")


@dataclass(frozen=True)
class Calibrated:
    """One calibration of a design's weights, kept for its variance (one entry of R's ``postStrata``).

    Made by :func:`satisfaction.survey.calibrate`, :func:`~satisfaction.survey.post_stratify` and
    :func:`~satisfaction.survey.rake_design`; the variance of every estimate then uses the residuals
    of its influence values, as ``survey::svyrecvar`` does.

    Parameters
    ----------
    kind : {"greg", "poststratify", "raking"}
        ``greg``: residuals of the regression of each influence value (over the calibrated weight) on
        ``columns``, weighted by the weights before (``base``). ``poststratify``: residuals from the
        post-stratum means with the weights before. ``raking``: ten rounds of removing each margin's
        (unweighted) mean of the influence value over the weight, as R's ``rake()``.
    base : str
        Column of the weights before this calibration.
    columns : tuple of str
        ``greg``: the numeric columns of the calibration model; ``poststratify``: the post-stratum
        column; ``raking``: the margin columns.
    weight : str
        Column of the weights this calibration made. Later steps (trimming, another calibration) change
        the design's weights, but the residuals of this step use these, as R keeps them in ``postStrata``.
    """

    kind: str
    base: str
    columns: tuple[str, ...]
    weight: str

    def __post_init__(self) -> None:
        if self.kind not in CALIBRATIONS:
            raise SatisfactionError(f"a calibration is one of {CALIBRATIONS}, not {self.kind!r}")


@dataclass(frozen=True)
class Design:
    """Column names of a survey design (the data itself is passed to each estimator).

    Parameters
    ----------
    weight : str or None
        Column of the sampling weights, numbers >= 0 (every row weighs 1 when ``None``).
    strata : str or None
        Column of the stratum of each row (one stratum when ``None``).
    cluster : str or None
        Column of the primary sampling unit (PSU) of each row, nested in strata: the same code in two
        strata is two PSUs, as R's ``nest=TRUE`` (each row its own PSU when ``None``).
    fpc : str or None
        Column of the number of PSUs in the row's stratum in the population, or of the stratum's
        sampling fraction when every value is at most 1 (as R's ``fpc``). It must be the same for every
        row of a stratum, and a number below the stratum's number of sampled PSUs is refused (no
        finite-population correction when ``None``).
    lonely_psu : {"fail", "remove", "certainty", "adjust"}
        What a stratum with one PSU contributes to a variance, as R's ``survey.lonely.psu``:
        ``fail`` (an error naming the stratum), ``remove`` or ``certainty`` (nothing), ``adjust``
        (its PSU total left uncentred, as ``survey:::onestrat`` does: for a mean, centred at the grand
        mean of the influence values, zero).
    cluster2 : str or None
        Column of the second-stage unit (SSU) of each row, nested in its PSU, for a two-stage design
        (R's ``ids=~psu+ssu``).
    fpc2 : str or None
        Column of the number of SSUs in the row's PSU in the population (or the second-stage sampling
        fraction), as R's ``fpc=~N1+N2``. The second stage adds to the variance only when ``fpc`` is
        given, as in ``survey::svyrecvar``: its contribution is scaled by the first-stage sampling
        fraction.
    calibration : tuple of Calibrated
        How ``weight`` was calibrated (set by :func:`satisfaction.survey.calibrate` and its kin), in
        order; empty for design weights.

    Without ``weight``, a design with an fpc takes its weights from the sampling fractions of its
    stages, as R does: ``(N_h / n_h) (M_i / m_i)``.

    Raises
    ------
    SatisfactionError
        If ``lonely_psu`` is not one of :data:`LONELY`. The columns are checked against the data only
        when it is resolved (:class:`DesignFrame`).

    Examples
    --------
    >>> Design(weight="weight", strata="district_code", cluster="psu_code", fpc="n_wards")  # doctest: +ELLIPSIS
    Design(weight='weight', strata='district_code', cluster='psu_code', fpc='n_wards', lonely_psu='fail', ...)
    """

    weight: str | None = None
    strata: str | None = None
    cluster: str | None = None
    fpc: str | None = None
    lonely_psu: str = "fail"
    cluster2: str | None = None
    fpc2: str | None = None
    calibration: tuple[Calibrated, ...] = ()

    def __post_init__(self) -> None:
        if self.lonely_psu not in LONELY:
            raise SatisfactionError(f"lonely_psu must be one of {LONELY}, not {self.lonely_psu!r}")
        if self.fpc2 and not self.cluster2:
            raise SatisfactionError("fpc2 is the population size of the second stage: give cluster2 too")
        if self.cluster2 and not self.cluster:
            raise SatisfactionError("cluster2 names the second stage: give the first-stage cluster too")


class DesignFrame:
    """A design resolved on one DataFrame: weights, PSU and stratum codes, sampling fractions.

    The internal interface through which the models and indices of the upper layers compute
    linearised variances: ``w`` (the weights), ``variance(z, rows)`` and ``covariance(z)`` of
    estimates with influence values ``z``, and the degrees of freedom ``df()`` and ``df_of(rows)``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent.
    design : Design
        The columns of ``data`` that describe the design.

    Attributes
    ----------
    design : Design
        The design it resolves.
    w : numpy.ndarray
        The weight of each row.
    stratum_codes : numpy.ndarray
        The stratum of each row, as a position in ``strata_values``.
    strata_values : numpy.ndarray
        The distinct strata, sorted.
    psu_codes : numpy.ndarray
        The PSU of each row, numbered 0 to ``n_psu - 1`` in order of first appearance.
    psu_stratum : numpy.ndarray
        The stratum code of each PSU.
    n_h : numpy.ndarray
        The number of sampled PSUs in each stratum (floats).
    f_h : numpy.ndarray
        The sampling fraction of PSUs in each stratum, ``n_h / N_h`` (zeros without an fpc).
    n_psu : int
        The number of PSUs.

    Raises
    ------
    SatisfactionError
        If ``data`` has no rows; a design column is not in ``data`` or has missing values; a weight is
        not a number >= 0; an fpc is below its stratum's number of sampled PSUs; or a stratum has a
        single PSU and ``design.lonely_psu`` is ``"fail"``.

    Examples
    --------
    >>> df = pd.DataFrame({"s": [1, 1, 2, 2], "c": [1, 2, 3, 3]})
    >>> frame = DesignFrame(df, Design(strata="s", cluster="c", lonely_psu="adjust"))
    >>> frame.n_psu, frame.n_h.tolist(), frame.df()
    (3, [2.0, 1.0], 1)
    """

    def __init__(self, data: pd.DataFrame, design: Design) -> None:
        self.design = design
        n = len(data)
        if n == 0:
            raise SatisfactionError("the data has no rows")
        for col in [c for c in (design.weight, design.strata, design.cluster, design.fpc, design.cluster2,
                                design.fpc2) if c]:
            if col not in data.columns:
                raise SatisfactionError(f"design column {col!r} is not in the data", column=col)
            if data[col].isna().any():
                row = int(np.flatnonzero(data[col].isna().to_numpy())[0])
                raise SatisfactionError(f"design column {col!r} has missing values (first at position {row}): "
                                        "drop or complete those rows first", column=col)
        if design.strata:
            # factorised as a Series: a column of (Arrow) strings is encoded without a detour through objects
            codes, uniques = pd.factorize(data[design.strata], sort=True)
            self.stratum_codes, self.strata_values = np.asarray(codes), np.asarray(uniques)
        else:
            self.stratum_codes, self.strata_values = np.zeros(n, dtype=np.int64), np.array([0])
        if design.cluster:
            # PSUs nested in strata, numbered in order of first appearance; codes compared as text, so that
            # 1 and "1" in one column are one PSU
            cluster = data[design.cluster]
            plain = pd.api.types.is_numeric_dtype(cluster) or pd.api.types.is_string_dtype(cluster.dtype) and \
                cluster.dtype != object
            cluster_codes, uniques = pd.factorize(cluster if plain else cluster.astype(str), sort=False)
            self.psu_codes, _ = pd.factorize(self.stratum_codes.astype(np.int64) * len(uniques) + cluster_codes,
                                             sort=False)
        else:
            self.psu_codes = np.arange(n)
        n_psu = int(self.psu_codes.max()) + 1
        first = np.full(n_psu, -1)
        first[self.psu_codes[::-1]] = np.arange(n)[::-1]
        self.psu_stratum = self.stratum_codes[first]
        self.n_h = np.bincount(self.psu_stratum, minlength=len(self.strata_values)).astype(float)
        self.n_psu = n_psu
        self.f_h = (self._fractions(data, design.fpc, self.stratum_codes, self.n_h, self.strata_values, "stratum")
                    if design.fpc else np.zeros(len(self.strata_values)))
        self._second_stage(data)
        if design.weight:
            raw = data[design.weight]
            w = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
            # a linear (GREG) calibration can make a weight negative, and R estimates with it
            bad = ~np.isfinite(w) | ((w < 0) & (not design.calibration))
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise SatisfactionError(f"weights must be finite numbers >= 0; position {i} has {_plain(raw.iloc[i])}",
                                        column=design.weight)
        elif design.fpc:
            # as R's svydesign: no weights, so the inverse of the sampling fractions of the stages
            with np.errstate(divide="ignore"):
                w = 1 / self.f_h[self.stratum_codes]
                if self.ssu_codes is not None and design.fpc2:
                    w = w / self.f2_psu[self.psu_codes]
        else:
            w = np.ones(n)
        self.w = w
        self._calibration = [self._calibration_step(data, step) for step in design.calibration]
        if self._multistage() and design.lonely_psu == "fail":
            alone = (self.m_i == 1) & (self.f2_psu < 1)
            if alone.any():
                raise SatisfactionError(f"{int(alone.sum())} PSU(s) have a single sampled unit at the second stage "
                                        f"(first: {_plain(self._psu_names(data)[np.flatnonzero(alone)[0]])}). "
                                        "Choose Design(lonely_psu=...), as in R's survey.lonely.psu",
                                        column=design.cluster2)
        lonely = self.n_h == 1
        if lonely.any() and design.lonely_psu == "fail":
            names = [str(s) for s in self.strata_values[lonely][:5]]
            raise SatisfactionError(f"strata with a single PSU: {names}. Choose Design(lonely_psu=...): "
                                    "'remove', 'certainty' or 'adjust', as in R's survey.lonely.psu")

    def _calibration_step(self, data: pd.DataFrame, step: Calibrated) -> tuple:
        for col in (step.base, step.weight, *step.columns):
            if col not in data.columns:
                raise SatisfactionError(f"the calibration's column {col!r} is not in the data", column=col)
        base = pd.to_numeric(data[step.base], errors="coerce").to_numpy(float)
        made = pd.to_numeric(data[step.weight], errors="coerce").to_numpy(float)
        if step.kind == "greg":
            # the weighted regression's design matrix, factorised once for every variance of the design
            root = np.sqrt(base)
            q = np.linalg.qr(data[list(step.columns)].to_numpy(float) * root[:, None])[0]
            return step.kind, root, made, q
        codes = [pd.factorize(data[c], sort=True)[0] for c in step.columns]
        return step.kind, base, made, codes

    def _residuals(self, z: np.ndarray) -> np.ndarray:
        """Influence values (n x p) with each calibration taken out, as ``svyrecvar``'s ``postStrata`` loop."""
        for kind, base, w, model in self._calibration:
            with np.errstate(divide="ignore", invalid="ignore"):
                if kind == "greg":  # base is the root of the weights before, model the QR factor Q
                    root, q = base, model
                    b = np.where(w[:, None] > 0, z / w[:, None], 0.0) * root[:, None]
                    z = (b - q @ (q.T @ b)) * np.where(root > 0, w / root, 0.0)[:, None]
                elif kind == "poststratify":
                    g = model[0]
                    k = int(g.max()) + 1
                    sums = np.column_stack([np.bincount(g, weights=np.where(w > 0, z[:, j] * base / w, 0.0),
                                                        minlength=k) for j in range(z.shape[1])])
                    means = sums / np.bincount(g, weights=base, minlength=k)[:, None]
                    z = z - means[g] * w[:, None]
                else:  # raking, as R's rake(): ten rounds of backfitting on the margins' unweighted means
                    ratio_w = np.where(w > 0, w, 1.0)
                    for _ in range(10):
                        for g in model:
                            k = int(g.max()) + 1
                            counts = np.bincount(g, minlength=k)
                            u = z / ratio_w[:, None]
                            means = np.column_stack([np.bincount(g, weights=u[:, j], minlength=k)
                                                     for j in range(z.shape[1])]) / counts[:, None]
                            z = z - w[:, None] * means[g]
        return z

    @staticmethod
    def _fractions(data, column, groups, sampled, names, what) -> np.ndarray:
        """The sampling fraction of each group (stratum, or PSU at the second stage) from an fpc column."""
        pop = pd.to_numeric(data[column], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(pop).all() or (pop <= 0).any():
            i = int(np.flatnonzero(~np.isfinite(pop) | (pop <= 0))[0])
            raise SatisfactionError(f"the fpc must be a positive number; position {i} has "
                                    f"{_plain(data[column].iloc[i])}", column=column)
        per = pd.Series(pop).groupby(groups)
        varying = per.nunique() > 1
        if varying.any():
            g = int(varying.to_numpy().nonzero()[0][0])
            values = sorted(per.get_group(varying.index[g]).unique().tolist())[:3]
            raise SatisfactionError(f"the fpc differs within {what} {_plain(names[varying.index[g]])} "
                                    f"({', '.join(_plain(v) for v in values)}): it must be one number per {what}",
                                    column=column)
        value = per.first().reindex(range(len(sampled))).to_numpy()
        if (value <= 1).all():  # sampling fractions, as R reads an fpc column whose values are all <= 1
            return value
        if (value < sampled).any():
            h = int(np.flatnonzero(value < sampled)[0])
            raise SatisfactionError(f"{what} {_plain(names[h])} has {int(sampled[h])} sampled units but an fpc of "
                                    f"{_plain(value[h])}: the fpc must be the population number of units",
                                    column=column)
        return sampled / value

    def _second_stage(self, data: pd.DataFrame) -> None:
        """Second-stage units (SSUs within PSUs) and their sampling fractions, for multistage variances."""
        self.ssu_codes = self.ssu_psu = self.m_i = self.f2_psu = None
        if not self.design.cluster2:
            return
        ssu = (pd.Series(self.psu_codes).astype(str) + "\x1f" + data[self.design.cluster2].astype(str).to_numpy())
        self.ssu_codes, _ = pd.factorize(ssu.to_numpy(), sort=False)
        n_ssu = int(self.ssu_codes.max()) + 1
        first = np.full(n_ssu, -1)
        first[self.ssu_codes[::-1]] = np.arange(len(data))[::-1]
        self.ssu_psu = self.psu_codes[first]
        self.m_i = np.bincount(self.ssu_psu, minlength=self.n_psu).astype(float)
        self.f2_psu = (self._fractions(data, self.design.fpc2, self.psu_codes, self.m_i, self._psu_names(data), "PSU")
                       if self.design.fpc2 else np.zeros(self.n_psu))

    def _psu_names(self, data: pd.DataFrame) -> np.ndarray:
        """The PSU code of each PSU number, as the data writes it."""
        first = np.full(self.n_psu, -1)
        first[self.psu_codes[::-1]] = np.arange(len(data))[::-1]
        return data[self.design.cluster].to_numpy()[first]

    def df(self) -> int:
        """Design degrees of freedom: PSUs minus strata (R's ``degf``).

        Returns
        -------
        int
            The number of PSUs minus the number of strata.
        """
        return self.df_of(np.arange(len(self.w)))

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

    def _multistage(self) -> bool:
        return self.ssu_codes is not None and bool(self.f_h.any())

    def _stage2(self, totals: np.ndarray) -> np.ndarray:
        """The second stage's share of the variance (``survey::multistage``): within each PSU, SSU totals
        centred at their PSU's mean, scaled by ``(1 - f_i) m_i / (m_i - 1)`` and by the first-stage
        sampling fraction ``f_h``; a PSU with one sampled SSU adds nothing (after the lonely-PSU check)."""
        p = totals.shape[1]
        sums = np.column_stack([np.bincount(self.ssu_psu, weights=totals[:, j], minlength=self.n_psu)
                                for j in range(p)])
        dev = totals - (sums / np.maximum(self.m_i, 1)[:, None])[self.ssu_psu]
        lonely = self.m_i == 1
        scale = (np.where(lonely, 0.0, self.m_i / np.maximum(self.m_i - 1, 1)) * (1 - self.f2_psu)
                 * self.f_h[self.psu_stratum])
        return (dev * scale[self.ssu_psu][:, None]).T @ dev

    def variance(self, z: np.ndarray, rows: np.ndarray | None = None) -> float:
        """Linearised variance of an estimate whose influence values are ``z`` (on ``rows``, zero elsewhere).

        Parameters
        ----------
        z : numpy.ndarray
            The influence values: one per row of the data, or one per entry of ``rows`` when it is given.
        rows : numpy.ndarray or None
            Positions of the rows ``z`` belongs to (e.g. a domain); the other rows count with influence
            zero but keep their PSU and stratum. ``None`` for all rows.

        Returns
        -------
        float
            The variance: the PSU totals of ``z``, centred within strata, their squares added up with the
            factor ``(1 - f_h) n_h / (n_h - 1)``, with the design's lonely-PSU policy.
        """
        if self._calibration:  # calibrated weights: residuals spread over every row, inside the domain or not
            full = np.zeros(len(self.w))
            full[np.arange(len(self.w)) if rows is None else rows] = z
            return float(self.covariance(full[:, None])[0, 0])
        psu = self.psu_codes if rows is None else self.psu_codes[rows]
        totals = np.bincount(psu, weights=z, minlength=self.n_psu)
        v = float(self._spread(totals[:, None])[0, 0])
        if self._multistage():
            ssu = self.ssu_codes if rows is None else self.ssu_codes[rows]
            v += float(self._stage2(np.bincount(ssu, weights=z, minlength=len(self.ssu_psu))[:, None])[0, 0])
        return v

    def covariance(self, z: np.ndarray) -> np.ndarray:
        """Linearised covariance matrix of estimates whose influence values are the columns of ``z`` (n x p).

        Parameters
        ----------
        z : numpy.ndarray
            Influence values, one row per row of the data and one column per estimate (n x p).

        Returns
        -------
        numpy.ndarray
            The p x p covariance matrix, computed as :meth:`variance` is.
        """
        if self._calibration:
            z = self._residuals(np.asarray(z, float))
        totals = np.column_stack([np.bincount(self.psu_codes, weights=z[:, j], minlength=self.n_psu)
                                  for j in range(z.shape[1])])
        v = self._spread(totals)
        if self._multistage():
            v = v + self._stage2(np.column_stack([np.bincount(self.ssu_codes, weights=z[:, j],
                                                              minlength=len(self.ssu_psu))
                                                  for j in range(z.shape[1])]))
        return v

    def df_of(self, rows: np.ndarray) -> int:
        """Degrees of freedom of a domain: its PSUs minus its strata (R's ``degf`` of a subset).

        Every row of the domain counts, whether or not the variable estimated is missing there (R
        keeps a PSU whose answers are all missing), but rows of weight zero do not (as ``degf``).

        Parameters
        ----------
        rows : numpy.ndarray
            Positions of the rows of the domain.

        Returns
        -------
        int
            The number of distinct PSUs among ``rows`` minus the number of distinct strata among them
            (0 when the domain lies in a single PSU).
        """
        rows = np.asarray(rows)
        rows = rows[self.w[rows] != 0]  # as R's degf: rows of weight zero are not in the sample
        return int(len(np.unique(self.psu_codes[rows])) - len(np.unique(self.stratum_codes[rows])))


def domain_codes(data: pd.DataFrame, by) -> tuple[np.ndarray, list[tuple]]:
    """The domain of each row (its position in the sorted domains, -1 for a row in none) and the domains.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample.
    by : str, list of str or None
        Domain column(s); ``None`` for one domain of all rows.

    Returns
    -------
    codes : numpy.ndarray
        One integer per row: the domain's position, or -1 where a ``by`` value is missing (such rows
        belong to no domain, as in R's ``svyby``).
    keys : list of tuple
        The ``by`` values of each domain, in sorted order.

    Raises
    ------
    SatisfactionError
        If a domain column is not in ``data``.

    Examples
    --------
    >>> domain_codes(pd.DataFrame({"g": ["b", "a", None, "b"]}), "g")
    (array([ 1,  0, -1,  1]), [('a',), ('b',)])
    """
    if by is None:
        return np.zeros(len(data), dtype=np.int64), [()]
    names = _by_names(by)
    for b in names:
        if b not in data.columns:
            raise SatisfactionError(f"domain column {b!r} is not in the data", column=b)
    groups = data.groupby(names, sort=True, dropna=True, observed=True)
    codes = groups.ngroup().to_numpy(dtype=float)
    keys = [k if isinstance(k, tuple) else (k,) for k in groups.size().index]
    return np.where(np.isnan(codes), -1, codes).astype(np.int64), keys


def _group_sum(codes: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Column sums of ``values`` (m x p) within groups ``codes`` (m, 0..k-1): one pass, a sparse product."""
    m = len(codes)
    matrix = sparse.csr_matrix((np.ones(m), (codes, np.arange(m))), shape=(k, m))
    return np.asarray(matrix @ (values if values.dtype == np.float64 else values.astype(np.float64)))


def many_means(frame: DesignFrame, yv: np.ndarray, codes: np.ndarray, n_domains: int, *,
               binary: bool = False) -> dict[str, np.ndarray]:
    """Means of many variables in many domains, with linearised SEs, in one pass over the data.

    The influence values of every (domain, variable) are summed within (PSU, domain) by one sparse
    product, then centred within strata and squared, as :meth:`DesignFrame.variance` does for one
    estimate (PSUs of a stratum without rows of the domain count with a total of zero), so the results
    equal a loop of :func:`domain_means` without a Python loop over domains or variables. For designs
    without a second stage or a calibration (:func:`domain_means` falls back to the loop otherwise).

    Parameters
    ----------
    frame : DesignFrame
        The design resolved on the data.
    yv : numpy.ndarray or list of numpy.ndarray
        The values (rows x variables, or one array per variable), NaN where missing.
    codes : numpy.ndarray
        The domain of each row (0 to ``n_domains - 1``, -1 for none), from :func:`domain_codes`.
    n_domains : int
        The number of domains.
    binary : bool
        Every value is 0, 1 or missing (the indicators of a proportion): then ``y^2 = y`` spares a sum.

    Returns
    -------
    dict of numpy.ndarray
        ``estimate``, ``std_err``, ``deff``, ``n`` (rows with a value and a non-zero weight) and
        ``n_weighted``, each domains x variables; ``df`` (PSUs minus strata of each domain's rows of
        non-zero weight, missing values included, as R's ``degf`` of a subset) and ``nrow`` (the domain's
        rows, as R's ``nrow`` of a subset), one per domain.
    """
    inside = codes >= 0
    dom = np.where(inside, codes, 0)
    # one pass over the rows: sums of w, w y, w y^2 and the count of answers within (PSU, domain) pairs;
    # every later step works on these few thousand pairs, not on the rows
    pair_codes, pair_keys = pd.factorize(frame.psu_codes.astype(np.int64) * n_domains + dom)
    n_pairs = len(pair_keys)
    pair_codes = np.where(inside, pair_codes, n_pairs)  # rows in no domain go to a pair that is dropped
    # variable by variable (each a contiguous column of a million rows stays in cache; one matrix of all of
    # them would be written to fresh memory several times over): four sums per pair by np.bincount
    columns = [yv[:, j] for j in range(yv.shape[1])] if isinstance(yv, np.ndarray) else list(yv)
    p = len(columns)
    nonzero = frame.w != 0
    all_nonzero = bool(nonzero.all())
    sums = np.empty((4, n_pairs, p))
    for j, y in enumerate(columns):
        used = ~np.isnan(y)
        wm = np.where(used, frame.w, 0.0)
        wy = np.where(used, wm * y, 0.0)
        for k, values in enumerate((wm, wy, None if binary else wy * np.where(used, y, 0.0),
                                    used if all_nonzero else used & nonzero)):
            if values is not None:
                sums[k, :, j] = np.bincount(pair_codes, weights=values, minlength=n_pairs + 1)[:n_pairs]
        if binary:
            sums[2, :, j] = sums[1, :, j]
    pair_w, pair_wy, pair_wy2, counts = sums
    pair_psu, pair_dom = pair_keys // n_domains, pair_keys % n_domains
    sw = _group_sum(pair_dom, pair_w, n_domains)
    count = _group_sum(pair_dom, counts, n_domains)
    with np.errstate(invalid="ignore", divide="ignore"):
        est = _group_sum(pair_dom, pair_wy, n_domains) / sw
        # the PSU total of the influence values w (y - mean) / sum(w) of each pair
        totals = (pair_wy - est[pair_dom] * pair_w) / sw[pair_dom]
    totals[~np.isfinite(totals)] = 0.0
    pair_h = frame.psu_stratum[pair_psu]
    hd_codes, hd_keys = pd.factorize(pair_h.astype(np.int64) * n_domains + pair_dom)
    hd_h, hd_dom = hd_keys // n_domains, hd_keys % n_domains
    n_h = frame.n_h[hd_h]
    lonely = n_h == 1
    means = _group_sum(hd_codes, totals, len(hd_keys)) / n_h[:, None]
    if frame.design.lonely_psu == "adjust":
        means[lonely] = 0.0  # as DesignFrame._spread: a lonely PSU's total is not centred
    dev = totals - means[hd_codes]
    present = np.bincount(hd_codes, minlength=len(hd_keys))
    squares = _group_sum(hd_codes, dev**2, len(hd_keys)) + (n_h - present)[:, None] * means**2
    scale = np.where(lonely, 1.0, n_h / np.maximum(n_h - 1, 1)) * (1 - frame.f_h[hd_h])
    if frame.design.lonely_psu in ("remove", "certainty"):
        scale = np.where(lonely, 0.0, scale)
    var = _group_sum(hd_dom, scale[:, None] * squares, n_domains)
    with np.errstate(invalid="ignore", divide="ignore"):
        ss = np.maximum(_group_sum(pair_dom, pair_wy2, n_domains) - est**2 * sw, 0.0)
        var_y = ss / sw * count / (count - 1)
        srs = np.where((count >= 2) & (sw >= count), var_y / count * (sw - count) / sw, np.nan)
        se = np.sqrt(var)
        empty = (count == 0) | (sw == 0)
        est, se = np.where(empty, np.nan, est), np.where(empty, np.nan, se)
        deff = np.where(empty, np.nan, se**2 / srs)
    # degrees of freedom: distinct PSUs minus distinct strata among each domain's rows of non-zero weight
    live = inside & nonzero
    psu_d = np.unique(frame.psu_codes[live].astype(np.int64) * n_domains + dom[live]) % n_domains
    str_d = np.unique(frame.stratum_codes[live].astype(np.int64) * n_domains + dom[live]) % n_domains
    df = np.bincount(psu_d, minlength=n_domains) - np.bincount(str_d, minlength=n_domains)
    nrow = np.bincount(dom[inside], minlength=n_domains)
    return {"estimate": est, "std_err": se, "deff": deff, "n": count.astype(int), "n_weighted": sw, "df": df,
            "nrow": nrow}


def _fast(frame: DesignFrame) -> bool:
    """Whether :func:`many_means` applies: no second stage in the variance and no calibration."""
    return not frame._calibration and not frame._multistage()


def means_rows(data: pd.DataFrame, frame: DesignFrame, yv: np.ndarray, by, level: float,
               labels: list[str], *, binary: bool = False) -> list[dict]:
    """Rows of :data:`COLUMNS` (with the ``by`` values) for the means of the columns of ``yv``, variable by
    variable, each domain in sorted order; each row also holds its domain's degrees of freedom as ``_df``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample (its ``by`` columns define the domains).
    frame : DesignFrame
        The design resolved on ``data``.
    yv : numpy.ndarray or list of numpy.ndarray
        The values, rows x variables (or one array per variable), NaN where missing.
    by : str, list of str or None
        Domain column(s), as :func:`domain_means`.
    level : float
        Confidence level of the normal interval.
    labels : list of str
        The ``variable`` of each column of ``yv``.
    binary : bool
        Every value is 0, 1 or missing (see :func:`many_means`).

    Returns
    -------
    list of dict
        One dict per variable and domain, as the rows of :func:`domain_means`.
    """
    names = _by_names(by)
    if _fast(frame):
        codes, keys = domain_codes(data, by)
        res = many_means(frame, yv, codes, len(keys), binary=binary)
        q = stats.norm.ppf(0.5 + level / 2)
        out = []
        for j, label in enumerate(labels):
            for d, key in enumerate(keys):
                est, se = float(res["estimate"][d, j]), float(res["std_err"][d, j])
                lo, hi = est - q * se, est + q * se
                out.append({**dict(zip(names, key, strict=True)), "variable": label, "estimate": est,
                            "std_err": se, "ci_low": lo, "ci_high": hi, "deff": float(res["deff"][d, j]),
                            "n": int(res["n"][d, j]), "n_weighted": float(res["n_weighted"][d, j]),
                            "_df": int(res["df"][d]), "_nrow": int(res["nrow"][d])})
        return out
    out = []
    columns = [yv[:, j] for j in range(yv.shape[1])] if isinstance(yv, np.ndarray) else list(yv)
    for label, column in zip(labels, columns, strict=True):
        rows, used = _loop_means(data, frame, column, by, level, label)
        for row, idx in zip(rows, used, strict=True):
            row["_df"], row["_nrow"] = frame.df_of(idx), len(idx)
        out += rows
    return out


def domain_means(data: pd.DataFrame, frame: DesignFrame, yv: np.ndarray, by, level: float, label: str
           ) -> tuple[list[dict], list[np.ndarray]]:
    """Design-based mean of ``yv`` in each domain of ``by``: the output rows and the rows each one used.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample (its ``by`` columns define the domains).
    frame : DesignFrame
        The design resolved on ``data``.
    yv : numpy.ndarray
        The values to average, one per row of ``data``, NaN where missing.
    by : str, list of str or None
        Domain columns: one estimate per combination of their values, in sorted order (rows with a
        missing value belong to no domain); ``None`` for one estimate of all rows.
    level : float
        Confidence level of the normal interval.
    label : str
        The ``variable`` of the output rows.

    Returns
    -------
    rows : list of dict
        One dict per domain with the ``by`` values and :data:`COLUMNS` (and the domain's degrees of
        freedom as ``_df``); the estimate, standard error and design effect are NaN in a domain with no
        non-missing value or a zero sum of weights.
    used : list of numpy.ndarray
        The positions of the rows of each domain, missing values included (for its degrees of freedom,
        as R's ``degf`` of the domain).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "g": ["a", "a", "b", "b"]})
    >>> rows, used = domain_means(df, DesignFrame(df, Design()), df["y"].to_numpy(), "g", 0.95, "y")
    >>> [(r["g"], r["estimate"], r["n"]) for r in rows], [u.tolist() for u in used]
    ([('a', 1.5, 2), ('b', 3.5, 2)], [[0, 1], [2, 3]])
    """
    if _fast(frame):
        rows = means_rows(data, frame, np.asarray(yv, float)[:, None], by, level, [label])
        codes, _ = domain_codes(data, by)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(rows) + 1))
        return rows, [order[bounds[d]:bounds[d + 1]] for d in range(len(rows))]
    rows, used = _loop_means(data, frame, yv, by, level, label)
    for row, idx in zip(rows, used, strict=True):
        row["_df"], row["_nrow"] = frame.df_of(idx), len(idx)
    return rows, used


def _loop_means(data: pd.DataFrame, frame: DesignFrame, yv: np.ndarray, by, level: float, label: str
                ) -> tuple[list[dict], list[np.ndarray]]:
    """:func:`domain_means` one domain at a time, for designs :func:`many_means` does not cover."""
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
                    "std_err": se, "ci_low": lo, "ci_high": hi, "deff": deff, "n": int((w != 0).sum()),
                    "n_weighted": float(sw)})
        used.append(idx)
    return out, used


def logit_ci(p: float, se: float, dof: int, level: float) -> tuple[float, float]:
    """Interval of a proportion on the logit scale with ``dof`` degrees of freedom (``svyciprop(method="logit")``).

    Parameters
    ----------
    p, se : float
        The proportion (0-1) and its standard error.
    dof : int
        The design's degrees of freedom of the estimate (PSUs minus strata).
    level : float
        Confidence level.

    Returns
    -------
    tuple of float
        ``(ci_low, ci_high)``: ``logit(p) -/+ t se / (p (1 - p))`` taken back to the 0-1 scale, with
        ``t`` the Student quantile on ``dof`` degrees of freedom; the point itself when there is no
        variation (``p`` 0 or 1, or ``se`` 0) or ``p`` is not finite; NaN when ``dof`` is 0 or less.

    Examples
    --------
    >>> [round(v, 4) for v in logit_ci(0.9, 0.03, 20, 0.95)]
    [0.8179, 0.9475]
    """
    return proportion_ci(p, se, df=dof, n=0, level=level, method="logit")

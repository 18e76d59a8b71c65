"""Replicate-weight designs, as R's ``svrepdesign`` and ``as.svrepdesign``.

A :class:`ReplicateDesign` holds one column of weights per replicate; every estimator of this layer
(``mean``, ``total``, ``ratio``, ``proportion``, ``quantile``) takes it as ``design=`` in place of a
:class:`~satisfaction.survey.Design`, and so do the SIPAS indices and the regression models. An
estimate is computed once with the full-sample weights and once with each replicate's; its variance is
``scale * sum_r rscales[r] * (theta_r - centre)^2`` with the centre the mean of the replicates (R's
default, ``mse=FALSE``) or the full-sample estimate (``mse=True``) — R's ``svrVar``. A replicate
whose estimate cannot be computed (a domain it leaves with no weight) is dropped from the sum with a
warning, the scale unchanged, as R does.

Built from a design by :func:`replicate_design`:

- ``jk1``: unstratified; replicate r drops PSU r and multiplies the others by n/(n-1); scale
  (n-1)/n (times 1 - f with an fpc).
- ``jkn``: stratified; replicate (h, j) drops PSU j of stratum h and multiplies the other PSUs of h by
  n_h/(n_h-1); rscale (n_h-1)/n_h (times 1 - f_h with an fpc).
- ``bootstrap``: Canty and Davison's, as R's ``as.svrepdesign(type="bootstrap")``: in each stratum
  n_h PSUs drawn with replacement, weights multiplied by the number of draws; scale
  ``m / ((m - 1) (R - 1))`` with ``m`` the harmonic mean of the PSUs per stratum. With an fpc the n_h
  PSUs are drawn without replacement from a pseudo-population of the sample's PSUs recycled to N_h,
  as R's ``bootstratum`` does, so a stratum sampled in full adds nothing.
- ``subbootstrap``: the rescaled bootstrap of Rao and Wu, as R's ``subbootweights``: n_h - 1 PSUs
  drawn with replacement, weights multiplied by ``count * n_h/(n_h-1)``; scale 1/(R-1). With an fpc
  (which R ignores here) each multiplier is moved towards 1 by ``sqrt(1 - f_h)`` (Rao, Wu and Yue 1992).

The draws cannot reproduce R's random numbers; R's own replicate weights, exported with the data,
are read by :func:`replicate_weights` and then give R's estimates to the last digits.

Supplied with the data by :func:`replicate_weights` (R's ``svrepdesign``): ``brr`` (scale 1/R),
``fay`` (1/(R (1-rho)^2)), ``jk1`` ((R-1)/R), ``jkn`` (``rscales`` given), ``bootstrap`` (1/(R-1)),
or ``other`` (``scale`` and ``rscales`` given).

Degrees of freedom are R's ``degf``: the rank of the replicate weights (of a domain's rows) minus one.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special, stats

from satisfaction.errors import SatisfactionError, SatisfactionWarning
from satisfaction.survey._common import COLUMNS, _by_names, _frame_out, _numeric
from satisfaction.survey.design import Design, DesignFrame, _plain, domain_codes

METHODS = ("jk1", "jkn", "bootstrap", "subbootstrap")
SUPPLIED = ("brr", "fay", "jk1", "jkn", "bootstrap", "other")


@dataclass
class ReplicateDesign:
    """Replicate weights (rows x replicates), the full-sample weights, and the variance's scales.

    Made by :func:`replicate_design` or :func:`replicate_weights`; the rows are those of the data it was
    made on, in the same order. The variance of an estimate ``theta`` is
    ``scale * sum_r rscales[r] * (theta_r - centre)^2``.

    Parameters
    ----------
    weights : numpy.ndarray
        The replicate (analysis) weights, one row per row of the data and one column per replicate.
    full : numpy.ndarray
        The full-sample weights, one per row of the data.
    scale : float
        The overall factor of the variance.
    rscales : numpy.ndarray
        The factor of each replicate.
    method : str
        How the weights were made: one of :data:`SUPPLIED`.
    mse : bool
        Centre the variance at the full-sample estimate (true) or at the mean of the replicates (false,
        R's default).
    """

    weights: np.ndarray
    full: np.ndarray
    scale: float
    rscales: np.ndarray
    method: str
    mse: bool = False
    _ranks: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.weights = np.asarray(self.weights, dtype=float)
        self.full = np.asarray(self.full, dtype=float)
        self.rscales = np.asarray(self.rscales, dtype=float)
        if self.weights.ndim != 2 or self.weights.shape[0] != len(self.full):
            raise SatisfactionError(f"replicate weights must be rows x replicates with one row per full-sample "
                                    f"weight; got {self.weights.shape} for {len(self.full)} rows")
        if len(self.rscales) != self.weights.shape[1]:
            raise SatisfactionError(f"{len(self.rscales)} rscales for {self.weights.shape[1]} replicates")

    @property
    def replicates(self) -> int:
        """The number of replicates.

        Returns
        -------
        int
            The number of columns of ``weights``.
        """
        return self.weights.shape[1]

    def check(self, data: pd.DataFrame) -> None:
        """Refuse data whose rows are not the design's.

        Parameters
        ----------
        data : pandas.DataFrame
            The data an estimator was given with this design.

        Raises
        ------
        SatisfactionError
            If ``data`` has a different number of rows than the replicate weights.
        """
        if len(data) != len(self.full):
            raise SatisfactionError(f"the replicate design has {len(self.full)} rows but the data has {len(data)}: "
                                    "give the data it was made on, in the same order")

    def df_of(self, rows: np.ndarray) -> int:
        """Degrees of freedom of a domain, R's ``degf`` of the subset: the rank of its replicate weights minus 1.

        Parameters
        ----------
        rows : numpy.ndarray
            Positions of the domain's rows.

        Returns
        -------
        int
            The numerical rank (relative tolerance 1e-5, as R's ``qr(tol=1e-5)``) of the replicate
            weights of ``rows``, minus one; 0 for no rows.
        """
        rows = np.asarray(rows)
        key = hash(rows.astype(np.int64).tobytes())
        if key not in self._ranks:
            sub = self.weights[rows]
            sub = sub[np.any(sub != 0, axis=1)]
            if len(sub) == 0:
                self._ranks[key] = 0
            else:
                # the rank from the Gram matrix (replicates x replicates): one pass over the rows; its
                # eigenvalues are the squared singular values, hence the squared tolerance
                gram = sub.T @ sub
                eig = np.linalg.eigvalsh(gram)
                self._ranks[key] = int((eig > eig.max() * 1e-10).sum()) - 1
        return self._ranks[key]

    def df(self) -> int:
        """Degrees of freedom of the whole sample (R's ``degf``).

        Returns
        -------
        int
            The rank of the replicate weights minus 1.
        """
        return self.df_of(np.arange(len(self.full)))

    def variance(self, thetas: np.ndarray, full: np.ndarray, what: str = "an estimate") -> np.ndarray:
        """The replicate variance of estimates, R's ``svrVar``, dropping replicates that gave no estimate.

        Parameters
        ----------
        thetas : numpy.ndarray
            The estimates of each replicate: replicates x estimates (or one per replicate).
        full : numpy.ndarray
            The full-sample estimates (the centre when ``mse`` is true).
        what : str
            What is estimated, for the warning.

        Returns
        -------
        numpy.ndarray
            One variance per estimate (NaN where the full-sample estimate is missing).

        Warns
        -----
        SatisfactionWarning
            When some replicates gave no estimate and were dropped, as R's "replicates gave NA
            estimates and were dropped from variance estimation".
        """
        thetas = np.asarray(thetas, float)
        one = thetas.ndim == 1
        thetas = thetas[:, None] if one else thetas
        full = np.atleast_1d(np.asarray(full, float))
        out = np.full(thetas.shape[1], np.nan)
        for j in range(thetas.shape[1]):
            if not np.isfinite(full[j]):
                continue
            ok = np.isfinite(thetas[:, j])
            if not ok.all():
                warnings.warn(f"{int((~ok).sum())} of {len(ok)} replicates gave no estimate of {what} and were "
                              "dropped from its variance (as R does)", SatisfactionWarning, stacklevel=3)
            t = thetas[ok, j]
            if len(t) == 0:
                continue
            # as svrVar: the centre is the mean of the replicates whose factor is positive
            centre = full[j] if self.mse else t[self.rscales[ok] > 0].mean()
            out[j] = self.scale * float((self.rscales[ok] * (t - centre) ** 2).sum())
        return out[0] if one else out


    def covariance(self, thetas: np.ndarray, full: np.ndarray, what: str = "the estimates") -> np.ndarray:
        """The replicate covariance matrix of several estimates (R's ``svrVar`` of a coefficient vector).

        Parameters
        ----------
        thetas : numpy.ndarray
            The estimates of each replicate, replicates x estimates; a replicate with any NaN (e.g. a
            model that could not be fitted with its weights) is dropped, with a warning.
        full : numpy.ndarray
            The full-sample estimates (the centre when ``mse`` is true).
        what : str
            What is estimated, for the warning.

        Returns
        -------
        numpy.ndarray
            The estimates x estimates covariance matrix.

        Warns
        -----
        SatisfactionWarning
            When replicates were dropped.
        """
        thetas = np.asarray(thetas, float)
        ok = np.isfinite(thetas).all(axis=1)
        if not ok.all():
            warnings.warn(f"{int((~ok).sum())} of {len(ok)} replicates gave no estimate of {what} and were "
                          "dropped from its variance (as R does)", SatisfactionWarning, stacklevel=3)
        t = thetas[ok]
        centre = np.asarray(full, float) if self.mse else t[self.rscales[ok] > 0].mean(axis=0)
        dev = t - centre
        return self.scale * (dev * self.rscales[ok][:, None]).T @ dev

def resolve(data: pd.DataFrame, design):
    """A :class:`Design` resolved on ``data`` (:class:`DesignFrame`), or a :class:`ReplicateDesign` checked against it.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample.
    design : Design or ReplicateDesign
        The design.

    Returns
    -------
    DesignFrame or ReplicateDesign
        What the estimators compute with.

    Raises
    ------
    SatisfactionError
        If the design does not resolve on ``data``, or is neither kind of design.
    """
    if isinstance(design, ReplicateDesign):
        design.check(data)
        return design
    if isinstance(design, Design):
        return DesignFrame(data, design)
    raise SatisfactionError(f"design must be a Design or a ReplicateDesign, not {type(design).__name__}")


def replicate_design(data: pd.DataFrame, design: Design, *, method: str = "jkn", replicates: int = 200,
                     seed: int | None = None, mse: bool = False) -> ReplicateDesign:
    """Replicate weights for ``design`` on ``data`` (see the module for the methods).

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent, with the design's columns.
    design : Design
        The columns of ``data`` that describe the design. It is resolved as for the linearisation
        estimators (:class:`DesignFrame`), so ``lonely_psu="fail"`` refuses a stratum with one PSU.
    method : {"jkn", "jk1", "bootstrap", "subbootstrap"}
        ``jk1`` (unstratified designs only), ``jkn`` (every stratum needs at least two PSUs),
        ``bootstrap`` or ``subbootstrap`` (a stratum with one PSU keeps its weights in every replicate).
        The jackknives and both bootstraps honour the design's fpc (see the module).
    replicates : int
        The number of bootstrap replicates; the jackknives have one replicate per PSU and ignore it.
    seed : int or None
        Seed of the bootstrap's draws: required for ``bootstrap``, ignored by the jackknives.
    mse : bool
        Centre the variance at the full-sample estimate instead of the mean of the replicates (R's
        ``mse=TRUE``).

    Returns
    -------
    ReplicateDesign
        One column of weights per replicate (for the jackknives, replicate r drops PSU r, numbered in
        order of first appearance), the full-sample weights, and ``scale`` and ``rscales`` as the
        module gives them.

    Raises
    ------
    SatisfactionError
        If the design does not resolve on ``data``, has a second stage or a calibration (the replicates
        would ignore them), ``jk1`` is asked of a stratified design, ``jkn`` of one with a stratum of a
        single PSU, a bootstrap is asked without a ``seed`` or with fewer than 2 replicates, or
        ``method`` is unknown.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6], "s": [1, 1, 1, 2, 2, 2], "c": [1, 2, 3, 4, 5, 6]})
    >>> rd = replicate_design(df, Design(strata="s", cluster="c"), method="jkn")
    >>> rd.weights.shape, rd.rscales.round(4).tolist()
    ((6, 6), [0.6667, 0.6667, 0.6667, 0.6667, 0.6667, 0.6667])
    >>> round(float(mean(df, "y", design=rd)["std_err"].iloc[0]), 4)
    0.4082
    """
    if design.cluster2 or design.calibration:
        raise SatisfactionError("replicate weights are made from the first stage of an uncalibrated design: "
                                "calibrate the replicate design's weights instead, or use linearisation")
    frame = DesignFrame(data, design)
    psu, stratum = frame.psu_codes, frame.psu_stratum
    n_h = frame.n_h
    w = frame.w
    if method == "jk1":
        if len(frame.strata_values) > 1:
            raise SatisfactionError("jk1 is for unstratified designs; use method='jkn' for a stratified one")
        n = frame.n_psu
        reps = np.repeat(w[:, None] * n / (n - 1), n, axis=1)
        reps[np.arange(len(w)), psu] = 0.0
        f = frame.f_h[0]
        return ReplicateDesign(reps, w, (1 - f) * (n - 1) / n, np.ones(n), "jk1", mse)
    if method == "jkn":
        if (n_h < 2).any():
            raise SatisfactionError("jkn needs at least two PSUs in every stratum")
        n_rep = frame.n_psu
        reps = np.repeat(w[:, None], n_rep, axis=1)
        row_stratum = frame.stratum_codes
        # replicate r drops PSU r: rows of PSU r get 0, other rows of its stratum get n_h/(n_h-1)
        same = stratum[None, :] == row_stratum[:, None]  # rows x replicates: is the row in replicate's stratum
        factor = np.where(same, (n_h[stratum] / (n_h[stratum] - 1))[None, :], 1.0)
        reps *= factor
        reps[np.arange(len(w)), psu] = 0.0
        rscales = (n_h[stratum] - 1) / n_h[stratum] * (1 - frame.f_h[stratum])
        return ReplicateDesign(reps, w, 1.0, rscales, "jkn", mse)
    if method in ("bootstrap", "subbootstrap"):
        if seed is None:
            raise SatisfactionError("the bootstrap draws at random: give seed=")
        if replicates < 2:
            raise SatisfactionError(f"the bootstrap needs at least 2 replicates, not {replicates}")
        rng = np.random.default_rng(seed)
        mult = np.ones((frame.n_psu, replicates))
        for h in range(len(n_h)):
            members = np.flatnonzero(stratum == h)
            k = len(members)
            if k < 2:
                continue  # a lonely PSU is kept as it is (R draws it once in every replicate)
            f = frame.f_h[h]
            if method == "subbootstrap":
                draws = rng.integers(0, k, (replicates, k - 1))
                rescaled = np.stack([np.bincount(row, minlength=k) for row in draws], axis=1) * k / (k - 1)
                # Rao-Wu-Yue: with an fpc the multiplier moves towards 1 by sqrt(1 - f), so that the
                # replicate variance of a linear statistic has the linearised variance's (1 - f)
                mult[members] = 1 + np.sqrt(1 - f) * (rescaled - 1)
            elif f > 0:
                # as R's bootstratum with an fpc: k PSUs drawn without replacement from a pseudo-population
                # of the (shuffled) sample's PSUs recycled to the stratum's N_h
                size = int(np.floor(k / f + 1e-9))
                for r in range(replicates):
                    pseudo = np.resize(rng.permutation(k), size)
                    mult[members, r] = np.bincount(pseudo[rng.choice(size, k, replace=False)], minlength=k)
            else:
                draws = rng.integers(0, k, (replicates, k))
                mult[members] = np.stack([np.bincount(row, minlength=k) for row in draws], axis=1)
        if method == "subbootstrap":
            scale = 1 / (replicates - 1)
        else:
            # R's bootweights: the harmonic mean of the PSUs per stratum corrects the with-replacement draws
            hm = 1 / np.mean(1 / n_h)
            if hm <= 1:
                raise SatisfactionError("the bootstrap needs strata with at least two PSUs")
            scale = hm / ((hm - 1) * (replicates - 1))
        return ReplicateDesign(w[:, None] * mult[psu], w, scale, np.ones(replicates), method, mse)
    raise SatisfactionError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")


def replicate_weights(data: pd.DataFrame, columns: str | list[str], *, weight: str | None = None,
                      method: str = "jk1", rho: float | None = None, scale: float | None = None,
                      rscales: list[float] | np.ndarray | None = None, mse: bool = False,
                      combined: bool = True) -> ReplicateDesign:
    """A replicate design from replicate weights supplied with the data, as R's ``svrepdesign``.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample, one row per respondent.
    columns : str or list of str
        The replicate weight columns, in order, or a regular expression that the wanted column names
        contain (R's ``repweights="wt[0-9]+"``), taken in the data's order.
    weight : str or None
        The column of the full-sample weights (``None``: every row weighs 1).
    method : {"brr", "fay", "jk1", "jkn", "bootstrap", "other"}
        How the replicates were made, which fixes the scale (see the module); ``jkn`` and ``other``
        need ``rscales``, ``other`` also ``scale``.
    rho : float or None
        Fay's coefficient, 0 <= rho < 1, for ``fay`` (required there).
    scale : float or None
        The overall factor, for ``other`` (or to override the method's).
    rscales : sequence of float or None
        The factor of each replicate (1 for each when ``None``, except for ``jkn`` and ``other``).
    mse : bool
        Centre the variance at the full-sample estimate (R's ``mse=TRUE``).
    combined : bool
        Whether the replicate columns already include the sampling weights (R's ``combined.weights``,
        default true); when false they are multiplied by ``weight``.

    Returns
    -------
    ReplicateDesign
        The design, with ``method`` as given.

    Raises
    ------
    SatisfactionError
        If a column is missing or no column matches; a weight is missing, negative or not a number (the
        first such cell named by row and column); ``method`` is unknown; ``rho`` is missing or out of
        range for ``fay``; or ``scale``/``rscales`` are missing where required or of the wrong length.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [1.0] * 4, "r1": [0, 4 / 3, 4 / 3, 4 / 3],
    ...                    "r2": [4 / 3, 0, 4 / 3, 4 / 3], "r3": [4 / 3, 4 / 3, 0, 4 / 3], "r4": [4 / 3, 4 / 3, 4 / 3, 0]})
    >>> rd = replicate_weights(df, "^r[0-9]+$", weight="w", method="jk1")
    >>> rd.replicates, round(float(mean(df, "y", design=rd)["std_err"].iloc[0]), 4)
    (4, 0.6455)
    """
    if method not in SUPPLIED:
        raise SatisfactionError(f"unknown replicate method {method!r}; expected one of {', '.join(SUPPLIED)}")
    if isinstance(columns, str):
        pattern = re.compile(columns)
        names = [c for c in data.columns if isinstance(c, str) and pattern.search(c)]
        if not names:
            raise SatisfactionError(f"no column of the data matches the replicate weights' pattern {columns!r}")
    else:
        names = list(columns)
    for c in names + ([weight] if weight else []):
        if c not in data.columns:
            raise SatisfactionError(f"replicate weight column {c!r} is not in the data", column=c)

    def numbers(col: str) -> np.ndarray:
        values = pd.to_numeric(data[col], errors="coerce").to_numpy(float)
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise SatisfactionError(f"replicate weights must be finite numbers >= 0; position {i} has "
                                    f"{_plain(data[col].iloc[i])}", column=col)
        return values

    full = numbers(weight) if weight else np.ones(len(data))
    reps = np.column_stack([numbers(c) for c in names])
    if not combined:
        reps = reps * full[:, None]
    n_rep = reps.shape[1]
    if method == "fay":
        if rho is None or not 0 <= rho < 1:
            raise SatisfactionError(f"Fay's method needs rho with 0 <= rho < 1, not {rho!r}")
    defaults = {"brr": 1 / n_rep, "fay": 1 / (n_rep * (1 - (rho or 0)) ** 2), "jk1": (n_rep - 1) / n_rep,
                "jkn": 1.0, "bootstrap": 1 / max(n_rep - 1, 1), "other": None}
    scale = defaults[method] if scale is None else float(scale)
    if scale is None:
        raise SatisfactionError("method 'other' needs scale= (and rscales=)")
    if rscales is None:
        if method in ("jkn", "other"):
            raise SatisfactionError(f"method {method!r} needs rscales=, one factor per replicate "
                                    "((n_h - 1) / n_h of the replicate's stratum for a stratified jackknife)")
        rscales = np.ones(n_rep)
    rscales = np.asarray(rscales, float)
    if len(rscales) != n_rep:
        raise SatisfactionError(f"rscales has {len(rscales)} values for {n_rep} replicate columns")
    return ReplicateDesign(reps, full, scale, rscales, method, mse)


# --- estimators ---------------------------------------------------------------------------------------------


def _domains(data: pd.DataFrame, by) -> list[tuple[tuple, np.ndarray]]:
    codes, keys = domain_codes(data, by)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(keys) + 1))
    return [(key, order[bounds[d]:bounds[d + 1]]) for d, key in enumerate(keys)]


def _ratio_thetas(rd: ReplicateDesign, rows: np.ndarray, num: np.ndarray, den: np.ndarray | None
                  ) -> tuple[float, np.ndarray]:
    """Full-sample and replicate ratios ``sum(w num) / sum(w den)`` over ``rows`` (``den=None``: a total)."""
    w, reps = rd.full[rows], rd.weights[rows]
    top, top_r = float(w @ num), num @ reps
    if den is None:
        return top, top_r
    bottom, bottom_r = float(w @ den), den @ reps
    with np.errstate(invalid="ignore", divide="ignore"):
        return (top / bottom if bottom != 0 else np.nan), np.where(bottom_r != 0, top_r / bottom_r, np.nan)


def replicate_rows(data: pd.DataFrame, rd: ReplicateDesign, yv: np.ndarray, by, level: float,
                   labels: list[str], *, statistic: str = "mean", xv: np.ndarray | None = None) -> list[dict]:
    """Rows of :data:`COLUMNS` for means, totals or ratios of the columns of ``yv`` on a replicate design.

    Each row also holds its domain's degrees of freedom (``_df``) and, for means, the replicate standard
    error of the logit of the estimate (``_se_logit``, for R's logit interval of a proportion, which is
    the Wald interval of a ``svyglm`` fitted with each replicate's weights).

    Parameters
    ----------
    data : pandas.DataFrame
        The sample the design was made on (its ``by`` columns define the domains).
    rd : ReplicateDesign
        The replicate design.
    yv : numpy.ndarray or list of numpy.ndarray
        The values, rows x variables (or one array per variable), NaN where missing.
    by : str, list of str or None
        Domain column(s); rows with a missing value belong to no domain.
    level : float
        Confidence level of the normal interval.
    labels : list of str
        The ``variable`` of each column of ``yv``.
    statistic : {"mean", "total", "ratio"}
        What to estimate; ``ratio`` divides by ``xv``.
    xv : numpy.ndarray or None
        The denominators of a ratio, rows x variables.

    Returns
    -------
    list of dict
        One dict per variable and domain (variable by variable, domains in sorted order).
    """
    names = _by_names(by)
    q = stats.norm.ppf(0.5 + level / 2)
    out = []
    columns = [yv[:, j] for j in range(yv.shape[1])] if isinstance(yv, np.ndarray) else list(yv)
    for j, (label, y) in enumerate(zip(labels, columns, strict=True)):
        x = xv[:, j] if xv is not None else None
        for key, idx in _domains(data, by):
            missing = np.isnan(y[idx]) if x is None else np.isnan(y[idx]) | np.isnan(x[idx])
            rows = idx[~missing]
            yy = y[rows]
            den = np.ones(len(rows)) if statistic == "mean" else x[rows] if statistic == "ratio" else None
            if len(rows) == 0:
                est, se, thetas = np.nan, np.nan, None
            else:
                est, thetas = _ratio_thetas(rd, rows, yy, den)
                se = float(np.sqrt(rd.variance(thetas, est, f"{label} in {key}" if names else label)))
            se_logit = np.nan
            if statistic == "mean" and thetas is not None and 0 < est < 1:
                with np.errstate(invalid="ignore", divide="ignore"):
                    lt = special.logit(np.clip(thetas, 0, 1))
                se_logit = float(np.sqrt(rd.variance(np.where(np.isfinite(lt), lt, np.nan), special.logit(est),
                                                     label)))
            w = rd.full[rows]
            out.append({**dict(zip(names, key, strict=True)), "variable": label, "estimate": est, "std_err": se,
                        "ci_low": est - q * se, "ci_high": est + q * se, "deff": np.nan,
                        "n": int((w != 0).sum()), "n_weighted": float(w.sum()), "_df": rd.df_of(idx), "_nrow": len(idx),
                        "_se_logit": se_logit})
    return out


def mean(data: pd.DataFrame, y: str | list[str], *, design: ReplicateDesign, by: str | list[str] | None = None,
         level: float = 0.95) -> pd.DataFrame:
    """Mean of ``y`` with a replicate-weight standard error (normal interval, no design effect).

    The same as :func:`satisfaction.survey.mean` given a replicate design.

    Parameters
    ----------
    data : pandas.DataFrame
        The sample the replicate design was built on, with its rows in the same order.
    y : str or list of str
        The numeric variable(s) to average (a boolean one counts as 0/1). Rows where it is missing are
        left out, as a domain.
    design : ReplicateDesign
        The replicate weights, from :func:`replicate_design` or :func:`replicate_weights`.
    by : str, list of str or None
        Domain column(s): one estimate per combination of their values, in sorted order (rows with a
        missing value belong to no domain); ``None`` for one estimate of the whole sample.
    level : float
        Confidence level of the intervals, e.g. 0.95.

    Returns
    -------
    pandas.DataFrame
        One row per variable and domain: the ``by`` columns, then :data:`COLUMNS`: ``variable``,
        ``estimate`` (the mean with the full-sample weights), ``std_err`` (from the replicates),
        ``ci_low`` and ``ci_high`` (normal interval), ``deff`` (always NaN), ``n`` (the rows used) and
        ``n_weighted`` (their sum of full-sample weights). Replicates that leave a domain with no
        weight are dropped from its variance with a warning; with none left the SE is NaN.

    Raises
    ------
    SatisfactionError
        If ``y`` or a domain column is not in ``data``, ``y`` is not numeric, or ``data`` does not have
        the design's rows.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "c": [1, 2, 3, 4]})
    >>> rd = replicate_design(df, Design(cluster="c"), method="jk1")
    >>> out = mean(df, "y", design=rd)
    >>> float(out["estimate"].iloc[0]), round(float(out["std_err"].iloc[0]), 4)
    (2.5, 0.6455)
    """
    design.check(data)
    names = [y] if isinstance(y, str) else list(y)
    values = np.column_stack([_numeric(data, v) for v in names])
    return _frame_out(replicate_rows(data, design, values, by, level, names), by)


__all__ = ["COLUMNS", "METHODS", "SUPPLIED", "ReplicateDesign", "mean", "replicate_design", "replicate_weights",
           "replicate_rows", "resolve"]

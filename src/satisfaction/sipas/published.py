"""The published record: SIPAS, Hanoi's PAR Index, and the official PAPI provincial scores.

``published_indices.csv`` (in ``data/reference``) holds figures as the ministry, the city and the
press published them, one row per unit, year and indicator, each with its source. The official
PAPI workbook (one sheet per year, ``2011_PAPI`` ... ``2016_PAPI``, an English and a Vietnamese
header row, one row per province) is never bundled: the user passes its path
(:func:`satisfaction.config.papi_workbook`) and :func:`read_papi` checks it cell by cell.

``papi_fixed_effects`` asks how the Public Administrative Procedures and Public Service Delivery
dimensions move with the other four within a province over 2011-2016: OLS with province fixed
effects (dummies), standard errors clustered by province (CR1, as R's ``sandwich::vcovCL``), t with
G - 1 degrees of freedom for tests and intervals (Cameron & Miller 2015).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from satisfaction import config
from satisfaction.errors import SatisfactionError, SatisfactionWarning
from satisfaction.ingest.readers import read_sheets

#: The six PAPI dimensions of 2011-2016, by their header in the official workbook.
PAPI_DIMENSIONS = {
    "participation": "Participation at Local Levels",
    "transparency": "Transparency",
    "accountability": "Vertical Accountability",
    "corruption": "Control of Corruption",
    "procedures": "Public Administrative Procedures",
    "services": "Public Service Delivery",
}
#: The two dimensions about public administrative services.
SERVICE_DIMENSIONS = ["procedures", "services"]
PAPI_SHEET = re.compile(r"^(20\d\d)_PAPI$")


def published_indices() -> pd.DataFrame:
    """Every published figure of ``data/reference/published_indices.csv``.

    The file is read from :func:`satisfaction.config.reference_dir`: the reference folder of
    ``$SATISFACTION_DATA`` when it has one, else that function's fallback.

    Returns
    -------
    pandas.DataFrame
        ``unit, level, year, indicator, value, source_url, note``, one row per unit, year and
        indicator, as in the file (``year`` as int).
    """
    return pd.read_csv(config.reference_dir() / "published_indices.csv", dtype={"year": int}, encoding="utf-8")


def sipas_provinces(published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Provincial SIPAS scores (%) as published: ``unit, year, value, source_url``, by year then score.

    Parameters
    ----------
    published : pandas.DataFrame, optional
        The published record, as :func:`published_indices` returns it (read with it when None).

    Returns
    -------
    pandas.DataFrame
        The rows of level ``province`` and indicator ``SIPAS (%)``, columns ``unit, year, value,
        source_url``, sorted by year (ascending) and, within a year, by score (highest first), with a
        new index.

    Examples
    --------
    >>> pub = pd.DataFrame({"unit": ["Hà Nội", "Huế", "Hà Nội"], "level": "province",
    ...                     "year": [2023, 2023, 2024], "indicator": "SIPAS (%)",
    ...                     "value": [80.1, 85.0, 82.0], "source_url": ""})
    >>> sipas_provinces(pub)[["unit", "year", "value"]].values.tolist()
    [['Huế', 2023, 85.0], ['Hà Nội', 2023, 80.1], ['Hà Nội', 2024, 82.0]]
    """
    df = published if published is not None else published_indices()
    out = df[(df["level"] == "province") & (df["indicator"] == "SIPAS (%)")]
    return out[["unit", "year", "value", "source_url"]].sort_values(["year", "value"], ascending=[True, False],
                                                                      ignore_index=True)


def hanoi_par_districts(published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hanoi's PAR Index (city-run) of the district-level units published, with the 30-unit average.

    Parameters
    ----------
    published : pandas.DataFrame, optional
        The published record, as :func:`published_indices` returns it (read with it when None).

    Returns
    -------
    pandas.DataFrame
        The rows of indicator ``Hanoi PAR Index (city-run) (%)`` and level ``district`` or
        ``city-district-average``, columns ``unit, level, year, value, note, source_url``, sorted by
        value (highest first, all years together), with a new index.
    """
    df = published if published is not None else published_indices()
    out = df[df["indicator"].eq("Hanoi PAR Index (city-run) (%)") & df["level"].isin(["district", "city-district-average"])]
    return out[["unit", "level", "year", "value", "note", "source_url"]].sort_values("value", ascending=False,
                                                                                    ignore_index=True)


def read_papi(path: str | Path) -> pd.DataFrame:
    """The six dimension scores of every province and year of the official PAPI workbook, long.

    Returns ``province_code, province, year, dimension, value`` (dimension as in ``PAPI_DIMENSIONS``).
    A blank or 0 is the workbook's mark for "no data" (Bac Giang and Dong Thap, 2014): it becomes NA
    with a warning naming the sheet, row and column. Anything else outside 1-10, a missing dimension column or
    a sheet without the province columns stops with the file, sheet, row and column named.

    Parameters
    ----------
    path : str or pathlib.Path
        The official PAPI workbook. Only its sheets named like ``2011_PAPI`` are read: the first row
        holds the headers (``tinhid``, ``tentinh_vie`` and the six dimensions of
        :data:`PAPI_DIMENSIONS`), the second is skipped, and rows whose ``tinhid`` is not a number
        below 999 (the summary rows) are left out.

    Returns
    -------
    pandas.DataFrame
        ``province_code`` (int), ``province`` (``tentinh_vie``, stripped), ``year`` (from the sheet
        name), ``dimension`` (a key of :data:`PAPI_DIMENSIONS`) and ``value`` (float, NaN where the
        workbook has no data): one row per province, year and dimension.

    Raises
    ------
    satisfaction.errors.SatisfactionError
        When no sheet is named like ``2011_PAPI``, a needed header is missing, or a cell is not a
        number or is outside 1-10 (other than 0).

    Warns
    -----
    UserWarning
        For each province row with a blank or 0 score, naming the dimensions concerned.
    """
    path = Path(path)
    sheets = read_sheets(path)
    years = {int(m.group(1)): name for name in sheets if (m := PAPI_SHEET.match(name))}
    if not years:
        raise SatisfactionError(f"no sheet named like 2011_PAPI; sheets are {', '.join(sheets)}", file=path)
    frames = []
    for year, name in sorted(years.items()):
        raw = sheets[name]
        header = [str(h).strip() for h in raw.iloc[0]]
        for needed in ["tinhid", "tentinh_vie", *PAPI_DIMENSIONS.values()]:
            if needed not in header:
                raise SatisfactionError(f"column {needed!r} is missing from the header row", file=path, sheet=name,
                                        row=1, column=needed)
        body = raw.iloc[2:].copy()
        body.columns = header
        code = pd.to_numeric(body["tinhid"], errors="coerce")
        body = body[code.notna() & (code < 999)]  # 999 and the like are the sheet's summary rows
        missing: dict[int, list[str]] = {}
        for key, column in PAPI_DIMENSIONS.items():
            values = pd.to_numeric(body[column], errors="coerce")
            for idx in values.index[values.isna() & body[column].notna()]:
                raise SatisfactionError(f"{body.at[idx, column]!r} is not a score", file=path, sheet=name,
                                        row=idx + 1, column=column)
            zero = values == 0
            for idx in values.index[zero | values.isna()]:
                missing.setdefault(idx, []).append(column)
            bad = values.notna() & ~zero & ~values.between(1, 10)
            if bad.any():
                idx = values.index[bad][0]
                raise SatisfactionError(f"score {values[idx]} is outside 1-10", file=path, sheet=name, row=idx + 1,
                                        column=column)
            frames.append(pd.DataFrame({"province_code": code[body.index].astype(int).to_numpy(),
                                        "province": body["tentinh_vie"].astype(str).str.strip().to_numpy(),
                                        "year": year, "dimension": key,
                                        "value": values.mask(zero).astype(float).to_numpy()}))
        for idx, columns in missing.items():
            warnings.warn(f"{path.name}, sheet {name}, row {idx + 1} ({body.at[idx, 'tentinh_vie']}): no score "
                          f"(blank or 0) in {', '.join(columns)}; kept as missing", SatisfactionWarning, stacklevel=2)
    return pd.concat(frames, ignore_index=True)


def papi_panel(long: pd.DataFrame) -> pd.DataFrame:
    """Province × year rows with one column per dimension (NA where the workbook had no data).

    Parameters
    ----------
    long : pandas.DataFrame
        The long table of :func:`read_papi`.

    Returns
    -------
    pandas.DataFrame
        ``province_code, province, year`` and the six dimensions, in the order of
        :data:`PAPI_DIMENSIONS`, one row per province and year.

    Examples
    --------
    >>> long = pd.DataFrame({"province_code": 1, "province": "Hà Nội", "year": 2011,
    ...                      "dimension": list(PAPI_DIMENSIONS), "value": [5.0, 6.0, 5.5, 6.1, 7.0, 6.8]})
    >>> papi_panel(long).iloc[0, 3:].tolist()
    [5.0, 6.0, 5.5, 6.1, 7.0, 6.8]
    """
    wide = long.pivot(index=["province_code", "province", "year"], columns="dimension", values="value").reset_index()
    wide.columns.name = None
    return wide[["province_code", "province", "year", *PAPI_DIMENSIONS]]


def dimension_trends(panel: pd.DataFrame) -> pd.DataFrame:
    """Each dimension's mean over provinces by year with a 95% t interval (provinces as the population).

    Parameters
    ----------
    panel : pandas.DataFrame
        A panel as :func:`papi_panel` returns it; every column other than ``province_code``,
        ``province`` and ``year`` is taken as a dimension.

    Returns
    -------
    pandas.DataFrame
        ``year, dimension, estimate, std_err, ci_low, ci_high, n``: the unweighted mean of the
        provinces with a score, its standard error (sd / sqrt(n)), the 95% interval with t on n - 1
        degrees of freedom, and n, the provinces with a score.

    Examples
    --------
    >>> panel = pd.DataFrame({"province_code": [1, 2, 3], "province": ["A", "B", "C"], "year": 2011,
    ...                       "procedures": [6.0, 7.0, 8.0]})
    >>> row = dimension_trends(panel).iloc[0]
    >>> row["dimension"], float(row["estimate"]), round(float(row["ci_low"]), 2), int(row["n"])
    ('procedures', 7.0, 4.52, 3)
    """
    rows = []
    for (year, dim), s in panel.melt(["province_code", "province", "year"], var_name="dimension").groupby(
            ["year", "dimension"], sort=False):
        v = s["value"].dropna()
        half = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
        rows.append({"year": year, "dimension": dim, "estimate": v.mean(), "std_err": v.std(ddof=1) / np.sqrt(len(v)),
                     "ci_low": v.mean() - half, "ci_high": v.mean() + half, "n": len(v)})
    return pd.DataFrame(rows)


def within_correlations(panel: pd.DataFrame) -> pd.DataFrame:
    """Correlation of each service dimension with every other, pooled and within provinces (demeaned).

    Parameters
    ----------
    panel : pandas.DataFrame
        A panel as :func:`papi_panel` returns it. Rows with a missing value in any column are left out.

    Returns
    -------
    pandas.DataFrame
        ``dimension`` (each of :data:`SERVICE_DIMENSIONS`), ``with`` (each of the five other
        dimensions), ``pooled`` (Pearson correlation over all rows), ``within_province`` (the same
        after subtracting each province's mean) and ``n`` (the complete rows): ten rows.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> codes = np.repeat(np.arange(1, 9), 4)
    >>> panel = pd.DataFrame({"province_code": codes, "province": [f"P{c}" for c in codes],
    ...                       "year": np.tile(np.arange(2011, 2015), 8),
    ...                       **{d: rng.uniform(4, 8, 32) for d in PAPI_DIMENSIONS}})
    >>> within_correlations(panel)[["dimension", "with"]].head(2).values.tolist()
    [['procedures', 'participation'], ['procedures', 'transparency']]
    """
    complete = panel.dropna()
    dims = list(PAPI_DIMENSIONS)
    demeaned = complete[dims] - complete.groupby("province_code")[dims].transform("mean")
    rows = []
    for target in SERVICE_DIMENSIONS:
        for other in dims:
            if other == target:
                continue
            rows.append({"dimension": target, "with": other,
                         "pooled": complete[target].corr(complete[other]),
                         "within_province": demeaned[target].corr(demeaned[other]), "n": len(complete)})
    return pd.DataFrame(rows)


def papi_fixed_effects(panel: pd.DataFrame, outcome: str, *, year_effects: bool = False) -> tuple[pd.DataFrame, dict]:
    """OLS of ``outcome`` on the other five dimensions with province fixed effects; slopes and fit.

    Returns the frozen coefficient table (``term, estimate, std_err, statistic, p_value, ci_low,
    ci_high``; the province dummies are left out) and ``{"n_obs", "n_groups", "r2_within"}``.

    Parameters
    ----------
    panel : pandas.DataFrame
        A panel as :func:`papi_panel` returns it. Rows missing the outcome or any of the other five
        dimensions are left out.
    outcome : str
        The dimension explained, a key of :data:`PAPI_DIMENSIONS`.
    year_effects : bool, default False
        Also include year dummies (province and year fixed effects).

    Returns
    -------
    table : pandas.DataFrame
        One row per other dimension: ``term``, ``estimate``, ``std_err`` (clustered by province, with
        statsmodels' small-sample correction), ``statistic`` (t), ``p_value`` (two-sided) and the 95%
        interval ``ci_low``, ``ci_high``, both from t with G - 1 degrees of freedom (G provinces).
    fit : dict
        ``n_obs`` (rows used), ``n_groups`` (provinces) and ``r2_within`` (1 minus the residual sum of
        squares over the sum of squares of the outcome demeaned within provinces).

    Raises
    ------
    satisfaction.errors.SatisfactionError
        When ``outcome`` is not a PAPI dimension.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> codes = np.repeat(np.arange(1, 9), 4)
    >>> panel = pd.DataFrame({"province_code": codes, "province": [f"P{c}" for c in codes],
    ...                       "year": np.tile(np.arange(2011, 2015), 8),
    ...                       **{d: rng.uniform(4, 8, 32) for d in PAPI_DIMENSIONS}})
    >>> table, fit = papi_fixed_effects(panel, "services")
    >>> table["term"].tolist(), fit["n_obs"], fit["n_groups"]
    (['participation', 'transparency', 'accountability', 'corruption', 'procedures'], 32, 8)
    """
    import statsmodels.api as sm

    if outcome not in PAPI_DIMENSIONS:
        raise SatisfactionError(f"outcome {outcome!r} is not a PAPI dimension ({', '.join(PAPI_DIMENSIONS)})")
    x = [d for d in PAPI_DIMENSIONS if d != outcome]
    df = panel.dropna(subset=[outcome, *x]).reset_index(drop=True)
    dummies = pd.get_dummies(df["province_code"], prefix="p", drop_first=True, dtype=float)
    parts = [df[x], dummies]
    if year_effects:
        parts.append(pd.get_dummies(df["year"], prefix="y", drop_first=True, dtype=float))
    design = sm.add_constant(pd.concat(parts, axis=1))
    groups = df["province_code"].to_numpy()
    fit = sm.OLS(df[outcome], design).fit(cov_type="cluster", cov_kwds={"groups": groups})
    g = len(np.unique(groups))
    est, se = fit.params[x], fit.bse[x]
    t = est / se
    crit = stats.t.ppf(0.975, g - 1)
    table = pd.DataFrame({"term": x, "estimate": est.to_numpy(), "std_err": se.to_numpy(), "statistic": t.to_numpy(),
                          "p_value": 2 * stats.t.sf(np.abs(t.to_numpy()), g - 1),
                          "ci_low": (est - crit * se).to_numpy(), "ci_high": (est + crit * se).to_numpy()})
    demeaned = df[[outcome, *x]] - df.groupby("province_code")[[outcome, *x]].transform("mean")
    resid = fit.resid - fit.resid.groupby(df["province_code"]).transform("mean")
    r2_within = 1 - (resid ** 2).sum() / (demeaned[outcome] ** 2).sum()
    return table, {"n_obs": len(df), "n_groups": g, "r2_within": float(r2_within)}


def papi_fixed_effects_table(panel: pd.DataFrame, *, year_effects: bool = False) -> pd.DataFrame:
    """Both service dimensions' fixed-effects models in one table, with the fit beside each row.

    Parameters
    ----------
    panel : pandas.DataFrame
        A panel as :func:`papi_panel` returns it.
    year_effects : bool, default False
        Also include year dummies (as :func:`papi_fixed_effects`).

    Returns
    -------
    pandas.DataFrame
        ``outcome`` (each of :data:`SERVICE_DIMENSIONS`), the columns of the coefficient table of
        :func:`papi_fixed_effects`, and ``n_obs``, ``n_groups``, ``r2_within`` of that outcome's model
        repeated on each of its rows: ten rows.
    """
    parts = []
    for outcome in SERVICE_DIMENSIONS:
        table, fit = papi_fixed_effects(panel, outcome, year_effects=year_effects)
        table.insert(0, "outcome", outcome)
        parts.append(table.assign(**fit))
    return pd.concat(parts, ignore_index=True)

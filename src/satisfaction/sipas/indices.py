"""SIPAS satisfaction indices with design-based uncertainty, and the measures that move at the ceiling.

``sipas_index`` gives, for each item, factor and the overall index, what the ministry publishes (the
top-2-box share, in percent) and beside it the mean score (1-5) and the share dissatisfied (1-2),
which still move when the top-2-box sits at 97-99%. Each comes with its standard error, interval,
design effect and n (the columns of :data:`satisfaction.survey.COLUMNS`).

- An **item** index is the design-based share of respondents answering 4 or 5.
- A **factor** index is the design-based mean of each respondent's share of the factor's answered
  items rated 4-5; with no missing answers it equals the average of the item indices, as the ministry
  computes it, and being one mean it has an honest standard error.
- The **overall** (evaluation) index is the mean of each respondent's five factor shares (equal
  weights, as SIPAS); **satisfaction** is the top-2-box of the overall question; **expectation** is the
  mean importance score of the five expectation items.

Shares get Korn-Graubard (``beta``) intervals with the design's effective sample size and degrees of
freedom (as ``svyciprop(method="beta")``), so an index of 99% never gets an upper limit above 100%,
and one of 100% still gets a lower limit below it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from satisfaction.errors import SatisfactionError
from satisfaction.ingest.codebook import load_codebook
from satisfaction.sipas.questionnaire import SIPAS2017, Instrument
from satisfaction.survey import (
    CI_METHODS,
    COLUMNS,
    Design,
    ReplicateDesign,
    means_rows,
    replicate_rows,
    resolve,
    set_cis,
)

INDEX_COLUMNS = ["level", "factor", "measure", "label_vi", "label_en"] + COLUMNS
MEASURES = {
    "satisfied_pct": ("Tỷ lệ hài lòng (%)", "Satisfied, top-2-box (%)"),
    "mean_score": ("Điểm trung bình (1-5)", "Mean score (1-5)"),
    "dissatisfied_pct": ("Tỷ lệ không hài lòng (%)", "Dissatisfied (%)"),
}
#: Waves whose places follow the units of 2025-07-01 (the district is then the former district, kept
#: as the sampling stratum): comparisons across this break need the flag.
NEW_UNITS_WAVE = 2025


def _share_ci(rows: list[dict], level: float, method: str) -> None:
    set_cis(rows, level, method)


def _scale(rows: list[dict], factor: float) -> None:
    for row in rows:
        for key in ("estimate", "std_err", "ci_low", "ci_high"):
            row[key] = row[key] * factor


def sipas_index(data: pd.DataFrame, *, design: Design | ReplicateDesign, codebook: pd.DataFrame | None = None,
                by: str | list[str] | None = None, level: float = 0.95, ci_method: str = "beta",
                instrument: Instrument | None = None) -> pd.DataFrame:
    """Item, factor and overall SIPAS indices (top-2-box %, mean score, % dissatisfied), with uncertainty.

    Parameters
    ----------
    data : pandas.DataFrame
        Clean survey data (items coded 1-5, missing as NA).
    design : satisfaction.survey.Design or satisfaction.survey.ReplicateDesign
        The survey design, or replicate weights made on ``data``.
    codebook : pandas.DataFrame, optional
        The survey codebook (the package's by default), for the items' labels (a variable it does not
        describe is labelled by its name).
    by : str or list of str, optional
        Domain column(s), e.g. ``"district_code"`` or ``["wave", "district_code"]``; None for the
        whole sample.
    level : float, default 0.95
        Confidence level of the intervals.
    ci_method : {"beta", "logit", "xlogit", "wilson", "asin", "mean"}
        The interval of the shares (:func:`satisfaction.survey.proportion_ci`). ``beta``, Korn-Graubard
        with the design's effective sample size, is the default: at the 97-100% where districts and
        communes sit it keeps its coverage, and a unit whose sample is 100% satisfied still gets an
        interval below 100% (from its number of respondents), where a logit interval has no width.
    instrument : Instrument, optional
        The questionnaire (:func:`satisfaction.sipas.load_instrument`): its factors in reporting order,
        their items, the overall and expectation items, and the codes that count as satisfied and
        dissatisfied. SIPAS 2017 by default.

    Returns
    -------
    pandas.DataFrame
        One row per domain, index and measure: the ``by`` columns, then :data:`INDEX_COLUMNS`.
        ``level`` is ``item``, ``factor``, ``overall``, ``satisfaction`` (the three measures of the
        instrument's overall item, only when ``data`` has it) or ``expectation`` (``mean_score`` only,
        one row per expectation item present); ``factor`` is the factor's key (empty for ``overall`` and
        ``satisfaction``); ``measure`` is a key of :data:`MEASURES`. Shares are in percent (0-100)
        with ``ci_method`` intervals (t on the design's degrees of freedom of the domain); mean scores
        (1-5) have normal intervals. When ``by`` includes
        ``wave``, a last column ``comparability`` flags the waves from :data:`NEW_UNITS_WAVE` on.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> from satisfaction.ingest import clean_file
    >>> data = clean_file(example("khao_sat_2024_sample.xlsx"), wave=2024).data
    >>> design = Design(weight="weight", strata="district_code", cluster="psu_code")
    >>> idx = sipas_index(data, design=design)
    >>> overall = idx[(idx["level"] == "overall") & (idx["measure"] == "satisfied_pct")].iloc[0]
    >>> bool(90 < overall["estimate"] < 100 and overall["ci_high"] <= 100)
    True
    """
    if ci_method == "likelihood":
        raise SatisfactionError("the indices take the intervals of survey.proportion_ci; for a likelihood interval of "
                                "one share use survey.proportion(..., method='likelihood')")
    if ci_method not in CI_METHODS:
        raise SatisfactionError(f"ci_method must be one of {', '.join(CI_METHODS)}, not {ci_method!r}")
    cb = codebook if codebook is not None else load_codebook()
    frame = resolve(data, design)
    labels = cb.set_index("variable")[["label_vi", "label_en"]]
    out: list[dict] = []

    def add(values: np.ndarray, *, level_: str, factor: str, measure: str, variable: str,
            label: tuple[str, str], share: bool) -> None:
        rows = (replicate_rows(data, frame, values[:, None], by, level, [variable])
                if isinstance(frame, ReplicateDesign) else means_rows(data, frame, values[:, None], by, level,
                                                                      [variable]))
        if share:
            _share_ci(rows, level, ci_method)
            _scale(rows, 100.0)
        for row in rows:
            row.update(level=level_, factor=factor, measure=measure, label_vi=label[0], label_en=label[1])
        out.extend(rows)

    inst = instrument if instrument is not None else SIPAS2017
    sat, dis = list(inst.satisfied), list(inst.dissatisfied)
    missing = [v for v in inst.items() if v not in data.columns]
    if missing:
        raise SatisfactionError(f"the data has no column for {len(missing)} item(s) of instrument {inst.name!r}: "
                                f"{', '.join(missing[:8])}", column=missing[0])

    def label_of(var: str) -> tuple[str, str]:
        return tuple(labels.loc[var]) if var in labels.index else (var, var)

    def item_measures(var: str, factor: str, level_: str) -> None:
        y = data[var].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        label = label_of(var)
        add(np.where(np.isnan(y), np.nan, np.isin(y, sat).astype(float)), level_=level_, factor=factor,
            measure="satisfied_pct", variable=var, label=label, share=True)
        add(y, level_=level_, factor=factor, measure="mean_score", variable=var, label=label, share=False)
        add(np.where(np.isnan(y), np.nan, np.isin(y, dis).astype(float)), level_=level_, factor=factor,
            measure="dissatisfied_pct", variable=var, label=label, share=True)

    shares, scores, lows = {}, {}, {}
    for fac in inst.factors:
        factor, its = fac.key, list(fac.items)
        for var in its:
            item_measures(var, factor, "item")
        block = data[its].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        answered = (~np.isnan(block)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares[factor] = np.where(answered > 0, np.isin(block, sat).sum(axis=1) / answered, np.nan)
            lows[factor] = np.where(answered > 0, np.isin(block, dis).sum(axis=1) / answered, np.nan)
            scores[factor] = np.where(answered > 0, np.nansum(block, axis=1) / answered, np.nan)
        name = f"factor_{factor}"
        label = (f"Yếu tố: {fac.label_vi}", f"Factor: {fac.label_en}")
        add(shares[factor], level_="factor", factor=factor, measure="satisfied_pct", variable=name, label=label, share=True)
        add(scores[factor], level_="factor", factor=factor, measure="mean_score", variable=name, label=label, share=False)
        add(lows[factor], level_="factor", factor=factor, measure="dissatisfied_pct", variable=name, label=label, share=True)

    k = len(inst.factors)
    label = (f"Chỉ số đánh giá chung ({k} yếu tố)", f"Overall evaluation index ({k} factors)")
    for measure, parts, share in [("satisfied_pct", shares, True), ("mean_score", scores, False),
                                  ("dissatisfied_pct", lows, True)]:
        with np.errstate(invalid="ignore"):
            combined = (np.nanmean(np.column_stack([parts[f.key] for f in inst.factors]), axis=1) if len(data)
                        else np.array([]))
        add(combined, level_="overall", factor="", measure=measure, variable="sipas_overall", label=label, share=share)
    if inst.overall and inst.overall in data.columns:
        item_measures(inst.overall, "", "satisfaction")
    for factor, var in inst.expectations.items():
        if var not in data.columns:
            continue
        y = data[var].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        add(y, level_="expectation", factor=factor, measure="mean_score", variable=var,
            label=label_of(var), share=False)

    by_cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    table = pd.DataFrame(out, columns=by_cols + INDEX_COLUMNS)
    if "wave" in by_cols:
        table["comparability"] = np.where(table["wave"] >= NEW_UNITS_WAVE,
                                          "places named by the units of 2025-07-01", "")
    return table


#: The design of the bundled survey: each wave's districts as strata, its sampled wards as PSUs. Waves are
#: independent samples, so a ward sampled in two waves is two PSUs: :func:`prepare` builds ``stratum`` and
#: ``psu`` from the wave and the codes. No fpc: in districts with 8-10 wards every ward is sampled, and a
#: first-stage fpc would then give a variance of 0, ignoring the sampling of respondents within wards;
#: the with-replacement (ultimate cluster) variance is the usual, slightly conservative, choice.
SURVEY_DESIGN = Design(weight="weight", strata="stratum", cluster="psu")


def prepare(data: pd.DataFrame) -> pd.DataFrame:
    """Add what the bundled design needs: ``stratum`` and ``psu`` per wave, and ``n_wards`` (the fpc).

    Parameters
    ----------
    data : pandas.DataFrame
        Survey data with ``district_code``, ``psu_code`` and, usually, ``wave``.

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` with ``n_wards`` (the district's number of wards in the reference table of
        districts, float; NaN for a code it does not know), ``stratum`` (``"<wave>|<district_code>"``)
        and ``psu`` (``"<wave>|<psu_code>"``). Without a ``wave`` column the prefix is empty
        (``"|001"``). :data:`SURVEY_DESIGN` itself uses no fpc.

    Examples
    --------
    >>> row = prepare(pd.DataFrame({"wave": [2024], "district_code": ["001"], "psu_code": ["00001"]})).iloc[0]
    >>> row["stratum"], row["psu"], float(row["n_wards"])
    ('2024|001', '2024|00001', 13.0)
    """
    from satisfaction.ingest.reference import districts

    sizes = districts().set_index("district_code")["n_wards"]
    wave = data["wave"].astype(str) if "wave" in data.columns else pd.Series("", index=data.index)
    return data.assign(n_wards=data["district_code"].map(sizes).astype(float),
                       stratum=wave + "|" + data["district_code"].astype(str),
                       psu=wave + "|" + data["psu_code"].astype(str))


def headline(index: pd.DataFrame) -> pd.DataFrame:
    """The rows a report leads with: overall evaluation and satisfaction, and the five factors (top-2-box).

    Parameters
    ----------
    index : pandas.DataFrame
        A table of :func:`sipas_index`.

    Returns
    -------
    pandas.DataFrame
        The rows whose ``level`` is ``overall``, ``satisfaction`` or ``factor``, in their order in
        ``index``, with a new index. Every measure of those rows is kept, not only the top-2-box
        (``satisfied_pct``).

    Examples
    --------
    >>> index = pd.DataFrame({"level": ["item", "factor", "overall"], "measure": "satisfied_pct",
    ...                       "estimate": [97.0, 96.5, 96.8]})
    >>> headline(index)["level"].tolist()
    ['factor', 'overall']
    """
    sel = index[(index["level"].isin(["overall", "satisfaction", "factor"]))]
    return sel.reset_index(drop=True)

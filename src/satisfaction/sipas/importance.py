"""Importance-performance analysis of the SIPAS factors, and respondents' factor scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from satisfaction.models.keydrivers import key_drivers
from satisfaction.survey.design import Design


def ipa(data: pd.DataFrame, *, design: Design, y: str | None = None, n_boot: int = 200, seed: int | None = 0,
        codebook: pd.DataFrame | None = None, ci_method: str = "beta", instrument=None) -> pd.DataFrame:
    """Importance-performance analysis of an instrument's factors (SIPAS 2017's five by default).

    Performance is each factor's index (top-2-box %, :func:`satisfaction.sipas.sipas_index`); derived
    importance is its Shapley share of R² in explaining ``y`` from the factor scores (:func:`key_drivers`);
    stated importance is the mean of its expectation item (mong đợi). Quadrants split at the means:
    "concentrate here" (important, performing below average), "keep up the good work", "low priority",
    "possible overkill".

    Parameters
    ----------
    data : pandas.DataFrame
        Clean survey data: the 22 SIPAS items (coded 1-5), ``y``, the expectation items ``e_<factor>``
        and the design's columns. A factor's score is the respondent's mean over its answered items.
    design : satisfaction.survey.Design
        The survey design, for the indices, the bootstrap of :func:`key_drivers` and the stated means.
    y : str or None
        The outcome whose R² is decomposed over the factor scores; the instrument's overall item when
        ``None``.
    n_boot : int, default 200
        Bootstrap replicates for the intervals of the Shapley shares.
    seed : int or None, default 0
        Seed of the bootstrap (None: a different draw on every call).
    codebook : pandas.DataFrame, optional
        The survey codebook, for the labels of the items (the package's by default).
    ci_method : str
        The interval of the performance indices (see :func:`satisfaction.sipas.sipas_index`).
    instrument : satisfaction.sipas.Instrument, optional
        The questionnaire: its factors, their items and expectation items (SIPAS 2017 by default).

    Returns
    -------
    pandas.DataFrame
        One row per factor, in the instrument's order: ``factor``, ``label_vi``, ``label_en``;
        ``performance_estimate``, ``performance_ci_low``, ``performance_ci_high`` (the factor's
        top-2-box index, %); ``shapley_pct``, ``shapley_pct_ci_low``, ``shapley_pct_ci_high`` (its share
        of R², %); ``stated_importance`` (design-based mean of ``e_<factor>``, 1-5) and ``quadrant``.
        "Important" means ``shapley_pct`` at or above the mean of the five, "performing" means
        ``performance_estimate`` at or above theirs. The tables are joined on the factor, so a factor
        whose ``e_<factor>`` column is missing from ``data`` has no row.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> from satisfaction.ingest import clean_file
    >>> data = clean_file(example("khao_sat_2024_sample.xlsx"), wave=2024).data
    >>> design = Design(weight="weight", strata="district_code", cluster="psu_code")
    >>> res = ipa(data, design=design, n_boot=20, seed=1)
    >>> res["factor"].tolist()
    ['access', 'procedures', 'staff', 'results', 'feedback']
    >>> quadrants = ["concentrate here", "keep up the good work", "low priority", "possible overkill"]
    >>> bool(res["quadrant"].isin(quadrants).all())
    True
    """
    from satisfaction.ingest.codebook import load_codebook
    from satisfaction.sipas.indices import sipas_index
    from satisfaction.sipas.questionnaire import SIPAS2017
    from satisfaction.survey.estimators import mean as svymean

    inst = instrument if instrument is not None else SIPAS2017
    y = y or inst.overall
    cb = codebook if codebook is not None else load_codebook()
    df = data.copy()
    scores = []
    for f in inst.factors:
        df[f"score_{f.key}"] = df[list(f.items)].astype(float).mean(axis=1)
        scores.append(f"score_{f.key}")
    index = sipas_index(df, design=design, codebook=cb, ci_method=ci_method, instrument=inst)
    perf = index[(index["level"] == "factor") & (index["measure"] == "satisfied_pct")].set_index("factor")
    kd = key_drivers(df, y, scores, design=design, n_boot=n_boot, seed=seed).table
    kd["factor"] = kd["term"].str.removeprefix("score_")
    present = {f: v for f, v in inst.expectations.items() if v in df}
    stated = (pd.concat([svymean(df, v, design=design).assign(factor=f) for f, v in present.items()]) if present
              else pd.DataFrame(columns=["factor", "estimate"]))
    out = pd.DataFrame({"factor": [f.key for f in inst.factors], "label_vi": [f.label_vi for f in inst.factors],
                        "label_en": [f.label_en for f in inst.factors]})
    out = out.merge(perf[["estimate", "ci_low", "ci_high"]].rename(columns=lambda c: f"performance_{c}"),
                    left_on="factor", right_index=True)
    out = out.merge(kd[["factor", "shapley_pct", "shapley_pct_ci_low", "shapley_pct_ci_high"]], on="factor")
    out = out.merge(stated[["factor", "estimate"]].rename(columns={"estimate": "stated_importance"}), on="factor")
    important = out["shapley_pct"] >= out["shapley_pct"].mean()
    good = out["performance_estimate"] >= out["performance_estimate"].mean()
    out["quadrant"] = np.select([important & ~good, important & good, ~important & ~good],
                                ["concentrate here", "keep up the good work", "low priority"], "possible overkill")
    return out


def with_factor_scores(data: pd.DataFrame, codebook: pd.DataFrame | None = None, instrument=None) -> pd.DataFrame:
    """Add ``score_<factor>`` (the respondent's mean item score minus 4), ``online`` (0/1) and ``top2``.

    Parameters
    ----------
    data : pandas.DataFrame
        Clean survey data with the 22 SIPAS items (coded 1-5), ``channel`` and ``q_overall``.
    codebook : pandas.DataFrame, optional
        Not used any more (the instrument names the items); kept for callers that pass it.
    instrument : satisfaction.sipas.Instrument, optional
        The questionnaire (SIPAS 2017 by default).

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` with ``score_<factor>`` for each factor of the instrument (the mean of the
        factor's answered items minus 4, so 0 is "satisfied"; NaN when none is answered), ``online``
        (1.0 when ``channel`` is 2 or 3, the two online levels, else 0.0, also when ``channel`` is
        missing) and ``top2`` (1.0 when ``q_overall`` is 4 or 5, 0.0 below, NaN when missing).
        ``wait_minutes``, ``visits`` and ``age`` are cast to float where present.

    Examples
    --------
    >>> from satisfaction.datasets import example
    >>> from satisfaction.ingest import clean_file
    >>> data = clean_file(example("khao_sat_2024_sample.xlsx"), wave=2024).data
    >>> [c for c in with_factor_scores(data).columns if c not in data.columns]
    ['score_access', 'score_procedures', 'score_staff', 'score_results', 'score_feedback', 'online', 'top2']
    """
    from satisfaction.sipas.questionnaire import SIPAS2017

    inst = instrument if instrument is not None else SIPAS2017
    out = data.copy()
    for f in inst.factors:
        out[f"score_{f.key}"] = out[list(f.items)].astype(float).mean(axis=1) - 4
    out["online"] = out["channel"].isin([2, 3]).astype(float)
    out["top2"] = (out["q_overall"] >= 4).astype(float).where(out["q_overall"].notna())
    for c in ("wait_minutes", "visits", "age"):
        if c in out:
            out[c] = out[c].astype(float)
    return out

"""Importance-performance analysis of the SIPAS factors, and respondents' factor scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from satisfaction.models.keydrivers import key_drivers
from satisfaction.survey.design import Design


def ipa(data: pd.DataFrame, *, design: Design, y: str = "q_overall", n_boot: int = 200, seed: int | None = 0,
        codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Importance-performance analysis of the five SIPAS factors.

    Performance is each factor's index (top-2-box %, :func:`satisfaction.sipas.sipas_index`); derived
    importance is its Shapley share of R² in explaining ``y`` from the factor scores (:func:`key_drivers`);
    stated importance is the mean of its expectation item (mong đợi). Quadrants split at the means:
    "concentrate here" (important, performing below average), "keep up the good work", "low priority",
    "possible overkill".
    """
    from satisfaction.ingest.codebook import load_codebook
    from satisfaction.sipas.indices import sipas_index
    from satisfaction.sipas.questionnaire import FACTORS, items
    from satisfaction.survey.estimators import mean as svymean

    cb = codebook if codebook is not None else load_codebook()
    df = data.copy()
    scores = []
    for f in FACTORS:
        df[f"score_{f}"] = df[items(cb, f)].astype(float).mean(axis=1)
        scores.append(f"score_{f}")
    index = sipas_index(df, design=design, codebook=cb)
    perf = index[(index["level"] == "factor") & (index["measure"] == "satisfied_pct")].set_index("factor")
    kd = key_drivers(df, y, scores, design=design, n_boot=n_boot, seed=seed).table
    kd["factor"] = kd["term"].str.removeprefix("score_")
    stated = pd.concat([svymean(df, f"e_{f}", design=design).assign(factor=f) for f in FACTORS if f"e_{f}" in df])
    out = pd.DataFrame({"factor": list(FACTORS), "label_vi": [FACTORS[f][0] for f in FACTORS],
                        "label_en": [FACTORS[f][1] for f in FACTORS]})
    out = out.merge(perf[["estimate", "ci_low", "ci_high"]].rename(columns=lambda c: f"performance_{c}"),
                    left_on="factor", right_index=True)
    out = out.merge(kd[["factor", "shapley_pct", "shapley_pct_ci_low", "shapley_pct_ci_high"]], on="factor")
    out = out.merge(stated[["factor", "estimate"]].rename(columns={"estimate": "stated_importance"}), on="factor")
    important = out["shapley_pct"] >= out["shapley_pct"].mean()
    good = out["performance_estimate"] >= out["performance_estimate"].mean()
    out["quadrant"] = np.select([important & ~good, important & good, ~important & ~good],
                                ["concentrate here", "keep up the good work", "low priority"], "possible overkill")
    return out


def with_factor_scores(data: pd.DataFrame, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``score_<factor>`` (the respondent's mean item score minus 4), ``online`` (0/1) and ``top2``."""
    from satisfaction.ingest.codebook import load_codebook
    from satisfaction.sipas.questionnaire import FACTORS, items

    cb = codebook if codebook is not None else load_codebook()
    out = data.copy()
    for f in FACTORS:
        out[f"score_{f}"] = out[items(cb, f)].astype(float).mean(axis=1) - 4
    out["online"] = out["channel"].isin([2, 3]).astype(float)
    out["top2"] = (out["q_overall"] >= 4).astype(float).where(out["q_overall"].notna())
    for c in ("wait_minutes", "visits", "age"):
        if c in out:
            out[c] = out[c].astype(float)
    return out

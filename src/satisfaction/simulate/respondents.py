"""Respondents and their answers: the data-generating model of the simulated survey.

The overall satisfaction item follows a proportional-odds (ordinal logit) model on *observed*
quantities, so that ``ordinal_logit(q_overall ~ factor scores + visit traits)`` recovers the
coefficients in :data:`OVERALL_MODEL` exactly (up to sampling error):

    y* = alpha_dt + sum_k beta_k * (S_k - 4) + beta_wait * wait_minutes + beta_visits * visits
         + beta_online * online + e,   e ~ logistic(0, 1)

where ``S_k`` is the respondent's mean score on the items of SIPAS factor k, and
``q_overall = 1 + #{j : y* > cut_j}``. Respondent traits (sex, age, education, occupation)
have no direct effect: a model that finds one is finding noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from satisfaction.ingest.codebook import load_codebook
from satisfaction.simulate.world import WAVE_TREND
from satisfaction.sipas.questionnaire import FACTORS, items

#: True coefficients of the overall-satisfaction model (per point of factor score, per minute, per visit).
OVERALL_MODEL = {
    "beta": {"score_staff": 1.10, "score_results": 0.90, "score_procedures": 0.70,
             "score_access": 0.35, "score_feedback": 0.20,
             "wait_minutes": -0.010, "visits": -0.35, "online": 0.30},
    "cutpoints": [-7.0, -5.4, -3.3, 0.6],
    "intercept": 0.0,
    "district_wave_sd": 0.15,
}
#: How strongly each factor's latent level follows the district's service quality.
FACTOR_LOADING = {"access": 0.55, "procedures": 0.6, "staff": 0.7, "results": 0.55, "feedback": 0.45}
FACTOR_LEVEL = {"access": 1.2, "procedures": 1.3, "staff": 1.25, "results": 1.35, "feedback": 1.0}
ITEM_CUTS = np.array([-3.1, -2.4, -1.25, 0.8])
#: Stated importance (expectation items): mean of the 1-5 latent, deliberately ordered unlike
#: the derived importance above, as in real surveys where procedures are said to matter most.
STATED_IMPORTANCE = {"access": 3.9, "procedures": 4.45, "staff": 4.35, "results": 4.25, "feedback": 3.6}

SERVICE_AREA_P = [0.25, 0.10, 0.24, 0.10, 0.18, 0.08, 0.05]
SERVICE_EXTRA_VISITS = np.array([0.5, 0.4, 0.0, 0.2, -0.1, 0.1, 0.0])


def _ordinal(latent: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    return 1 + (latent[..., None] > cuts).sum(axis=-1)


def draw_respondents(rng: np.random.Generator, world: dict, district: pd.Series, wave: int,
                     ward_rows: pd.DataFrame, alpha_dt: float) -> pd.DataFrame:
    """Draw one respondent per row of ``ward_rows`` (wards repeated as often as respondents).

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    world : dict
        The world of :func:`satisfaction.simulate.world.make_world`.
    district : pandas.Series
        The district's row of ``world["districts"]`` with this wave's ``shock``: ``division_type``,
        ``quality``, ``shock``, ``online_share`` and ``counters`` are used.
    wave : int
        The survey year, a key of :data:`satisfaction.simulate.world.WAVE_TREND`.
    ward_rows : pandas.DataFrame
        Rows of ``world["wards"]`` (``ward_code``, ``ward_effect``), one per respondent.
    alpha_dt : float
        The district-wave intercept ``alpha_dt`` of the overall model.

    Returns
    -------
    pandas.DataFrame
        One row per row of ``ward_rows``: ``ward_code``, ``sex``, ``age``, ``education``,
        ``occupation``, ``service_area``, ``channel``, ``mode``, ``wait_minutes``, ``visits``, the 22
        SIPAS items (1-5), ``q_overall``, ``e_<factor>`` for each factor, and for the comment generator
        ``_tone`` (the latent y*), ``_worst_factor`` and ``_best_factor`` (the factors of the lowest and
        highest mean item score).
    """
    n = len(ward_rows)
    cb = load_codebook()
    urban = district["division_type"] == "quận"
    q = district["quality"] + WAVE_TREND[wave] + district["shock"] + ward_rows["ward_effect"].to_numpy()
    df = pd.DataFrame({"ward_code": ward_rows["ward_code"].to_numpy()})
    df["sex"] = np.where(rng.uniform(size=n) < 0.52, 2, 1)
    df["age"] = np.clip(np.round(rng.normal(45, 14, n)), 18, 85).astype(int)
    edu_p = [0.05, 0.15, 0.30, 0.20, 0.30] if urban else [0.12, 0.28, 0.32, 0.16, 0.12]
    df["education"] = rng.choice(np.arange(1, 6), n, p=edu_p)
    occ_p = [0.16, 0.12, 0.03, 0.22, 0.14, 0.05, 0.20, 0.08] if urban else [0.10, 0.16, 0.25, 0.15, 0.12, 0.03, 0.14, 0.05]
    df["occupation"] = rng.choice(np.arange(1, 9), n, p=occ_p)
    df["service_area"] = rng.choice(np.arange(1, 8), n, p=SERVICE_AREA_P)
    p_online = 0.7 * district["online_share"]
    u = rng.uniform(size=n)
    df["channel"] = np.select([u < p_online * 0.45, u < p_online, u < p_online + 0.05], [2, 3, 4], 1)
    online = df["channel"].isin([2, 3]).to_numpy()
    df["mode"] = np.where(rng.uniform(size=n) < 0.7, 1, 2)
    wait_mean = 12 + 20 * np.exp(-0.8 * q) + 60 / district["counters"]
    wait = np.exp(rng.normal(np.log(wait_mean), 0.6))
    wait = np.where(online, rng.choice([0, 0, 0, 5, 10], n), wait)
    df["wait_minutes"] = np.clip(5 * np.round(wait / 5), 0, 240).astype(int)
    lam = np.clip(0.15 + 0.2 * np.exp(-q) + SERVICE_EXTRA_VISITS[df["service_area"] - 1], 0.05, None)
    df["visits"] = 1 + np.minimum(rng.poisson(lam), 7)

    general = rng.normal(0, 0.7, n)
    scores = {}
    effects = {
        "access": -0.004 * df["wait_minutes"].to_numpy(),
        "procedures": -0.25 * (df["visits"].to_numpy() - 1) + 0.2 * online,
        "staff": -0.003 * df["wait_minutes"].to_numpy(),
        "results": -0.30 * (df["visits"].to_numpy() - 1),
        "feedback": np.zeros(n),
    }
    for factor in FACTORS:
        f = FACTOR_LEVEL[factor] + FACTOR_LOADING[factor] * q + general + effects[factor] + rng.normal(0, 0.6, n)
        its = items(cb, factor)
        offsets = np.array([world["item_offsets"][var] for var in its])
        answers = _ordinal(f[:, None] + offsets + rng.normal(0, 0.7, (n, len(its))), ITEM_CUTS)
        for j, var in enumerate(its):
            df[var] = answers[:, j]
        scores[factor] = answers.mean(axis=1)

    beta = OVERALL_MODEL["beta"]
    eta = alpha_dt + sum(beta[f"score_{k}"] * (scores[k] - 4) for k in FACTORS)
    eta = eta + beta["wait_minutes"] * df["wait_minutes"] + beta["visits"] * df["visits"] + beta["online"] * online
    ystar = eta + rng.logistic(0, 1, n)
    df["q_overall"] = _ordinal(np.asarray(ystar), np.array(OVERALL_MODEL["cutpoints"]))
    for factor, mean in STATED_IMPORTANCE.items():
        df[f"e_{factor}"] = np.clip(np.round(rng.normal(mean + 0.2 * general, 0.75)), 1, 5).astype(int)
    df["_tone"] = np.asarray(ystar)  # used by the comment generator, never exported
    df["_worst_factor"] = pd.DataFrame(scores).idxmin(axis=1).to_numpy()
    df["_best_factor"] = pd.DataFrame(scores).idxmax(axis=1).to_numpy()
    return df

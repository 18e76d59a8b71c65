"""The survey design: stratified by district, wards sampled as clusters, design weights.

In each wave and district ``m_d`` wards (8-12, all of them where the district has fewer) are drawn
by simple random sampling from the ``N_d`` wards of the frame, and about 300 respondents are split
across them. The design weight of a respondent in ward ``w`` is ``(N_d / m_d) * (M_w / n_w)``, with
``M_w`` the ward's service users in the reference period and ``n_w`` its respondents, so weights sum
to an estimate of the number of service users. The frame's first-stage size ``N_d`` (the fpc) is
the ``n_wards`` column of ``data/reference/hanoi_districts.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from satisfaction.simulate.respondents import OVERALL_MODEL, draw_respondents
from satisfaction.simulate.world import RESPONDENTS_PER_DISTRICT


def _district_wave(world: dict, code: str, wave: int) -> pd.Series:
    d = world["districts"].set_index("district_code").loc[code].copy()
    dw = world["district_wave"]
    row = dw[(dw["district_code"] == code) & (dw["wave"] == wave)].iloc[0]
    d["shock"] = row["shock"]
    d["alpha"] = OVERALL_MODEL["intercept"] + row["alpha_shock"]
    d["district_code"] = code
    return d


def sample_wave(rng: np.random.Generator, world: dict, wave: int) -> pd.DataFrame:
    """Draw one wave of the survey: every district, its sampled wards and their respondents.

    In each district ``m`` wards (8-12, all of them when the district has fewer) are drawn without
    replacement, about 300 respondents (normal, sd 12) are split across them with at least 15 each,
    and each respondent gets the design weight ``(N_d / m) * (M_w / n_w)`` of the module's docstring.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    world : dict
        The world of :func:`satisfaction.simulate.world.make_world`.
    wave : int
        The survey year, one of :data:`satisfaction.simulate.world.WAVES`.

    Returns
    -------
    pandas.DataFrame
        One row per respondent: ``wave`` first, then the columns of
        :func:`satisfaction.simulate.respondents.draw_respondents`, then ``district_code`` and
        ``weight``.
    """
    frames = []
    for code in world["districts"]["district_code"]:
        d = _district_wave(world, code, wave)
        frame = world["wards"][world["wards"]["district_code"] == code]
        n_frame = len(frame)
        m = min(n_frame, int(rng.integers(8, 13)))
        chosen = frame.iloc[np.sort(rng.choice(n_frame, m, replace=False))]
        total = int(rng.normal(RESPONDENTS_PER_DISTRICT, 12))
        n_w = rng.multinomial(total - 15 * m, np.full(m, 1 / m)) + 15
        rows = chosen.loc[chosen.index.repeat(n_w)].reset_index(drop=True)
        df = draw_respondents(rng, world, d, wave, rows, d["alpha"])
        df["district_code"] = code
        df["weight"] = np.repeat((n_frame / m) * chosen["users"].to_numpy() / n_w, n_w)
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "wave", wave)
    return out


def population_rates(rng: np.random.Generator, world: dict, wave: int, *, n: int = 4000) -> pd.DataFrame:
    """Each district's true (population) satisfaction in a wave, by Monte Carlo over its service users.

    Respondents are drawn from all the district's wards in proportion to their users; the result is
    the expected share satisfied (top-2-box) and the mean score of ``q_overall``, with Monte Carlo
    error about 0.3 percentage points at the ceiling.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    world : dict
        The world of :func:`satisfaction.simulate.world.make_world`.
    wave : int
        The survey year, one of :data:`satisfaction.simulate.world.WAVES`.
    n : int, default 4000
        Simulated service users per district (drawn with replacement from its wards).

    Returns
    -------
    pandas.DataFrame
        ``district_code``, ``wave``, ``true_satisfied_pct`` (% answering 4 or 5 to ``q_overall``, two
        decimals) and ``true_mean_score`` (three decimals): one row per district.
    """
    rows = []
    for code in world["districts"]["district_code"]:
        d = _district_wave(world, code, wave)
        frame = world["wards"][world["wards"]["district_code"] == code]
        pick = rng.choice(len(frame), n, p=frame["users"] / frame["users"].sum())
        df = draw_respondents(rng, world, d, wave, frame.iloc[pick].reset_index(drop=True), d["alpha"])
        rows.append({"district_code": code, "wave": wave,
                     "true_satisfied_pct": round(100 * float((df["q_overall"] >= 4).mean()), 2),
                     "true_mean_score": round(float(df["q_overall"].mean()), 3)})
    return pd.DataFrame(rows)

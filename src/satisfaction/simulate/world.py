"""The simulated world: Hanoi's 30 district-level units, their wards, traits and true parameters.

Everything here is drawn from one ``numpy.random.Generator``; the same seed gives the same world.
The true parameters are collected in :data:`TRUTH` and written to ``data/raw/truth.json`` so that
later analyses can show they recover them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from satisfaction.ingest import reference
from satisfaction.ingest.codebook import load_codebook
from satisfaction.sipas.questionnaire import items

WAVES = (2022, 2023, 2024, 2025)
#: The wave whose place names follow the units of 2025-07-01.
NEW_UNITS_WAVE = 2025
RESPONDENTS_PER_DISTRICT = 300

#: Districts whose published facts (seed articles, DOMAIN.md) anchor the simulation.
ANCHORS = {
    "Huyện Thanh Trì": {"quality": -1.6, "self_report_gap": 11.0},  # 90% self-reported vs 79% surveyed
    "Huyện Mỹ Đức": {"quality": 0.75},        # 99.36% in 2022
    "Quận Long Biên": {"quality": 0.70},      # 99.27% in 2022
    "Quận Nam Từ Liêm": {"online_share": 0.9867, "ontime_share": 0.9919, "quality": 0.55},
    "Huyện Thường Tín": {"online_share": 0.1607},
}

#: How the district's latent service quality depends on its (standardised) traits.
QUALITY_ON_TRAITS = {"ontime_share": 0.30, "online_share": 0.20, "area_per_counter": 0.10}
QUALITY_RESIDUAL_SD = 0.35
WAVE_TREND = {2022: 0.0, 2023: 0.08, 2024: 0.15, 2025: 0.10}
DISTRICT_WAVE_SD = 0.08
WARD_SD = 0.20


def _standardise(x: pd.Series) -> pd.Series:
    return (x - x.mean()) / x.std(ddof=0)


def make_world(rng: np.random.Generator) -> dict:
    """Draw the districts (with traits and latent quality) and the wards (with sizes and effects).

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).

    Returns
    -------
    dict
        ``districts``: the reference table of districts with ``online_share``, ``ontime_share``,
        ``onestop_area_m2``, ``counters``, ``staff``, ``apology_compliance``, ``quality`` (latent, from
        :data:`QUALITY_ON_TRAITS` plus a residual, or the anchor of :data:`ANCHORS`) and
        ``self_report_gap`` (points the district's own report adds); ``wards``: the reference table of
        wards with ``users`` (service users) and ``ward_effect``; ``district_wave``: one row per
        district and wave of :data:`WAVES` with ``shock`` (added to quality) and ``alpha_shock`` (added
        to the intercept of the overall model); ``item_offsets``: a dict from each SIPAS item to its
        offset on the latent scale.
    """
    districts = reference.districts().copy()
    wards = reference.wards().copy()
    urban = districts["division_type"].eq("quận").to_numpy()
    n = len(districts)
    districts["online_share"] = np.where(urban, rng.uniform(0.55, 0.97, n), rng.uniform(0.15, 0.60, n))
    districts["ontime_share"] = rng.uniform(0.935, 0.995, n)
    districts["onestop_area_m2"] = np.round(np.where(urban, rng.uniform(70, 220, n), rng.uniform(40, 130, n)))
    districts["counters"] = np.where(urban, rng.integers(8, 19, n), rng.integers(4, 12, n))
    districts["staff"] = districts["counters"] + rng.integers(1, 6, n)
    districts["apology_compliance"] = rng.uniform(0.70, 0.99, n)
    residual = rng.normal(0, QUALITY_RESIDUAL_SD, n)
    gap = np.where(rng.uniform(size=n) < 0.2, rng.uniform(5, 9, n), rng.uniform(0.0, 2.5, n))
    for name, facts in ANCHORS.items():
        i = districts.index[districts["district_name"] == name][0]
        for key in ("online_share", "ontime_share"):
            if key in facts:
                districts.loc[i, key] = facts[key]
        if "self_report_gap" in facts:
            gap[i] = facts["self_report_gap"]
    districts["area_per_counter"] = districts["onestop_area_m2"] / districts["counters"]
    quality = sum(coef * _standardise(districts[col]) for col, coef in QUALITY_ON_TRAITS.items()) + residual
    for name, facts in ANCHORS.items():
        if "quality" in facts:  # anchored districts: the residual is set so quality hits the anchor
            i = districts.index[districts["district_name"] == name][0]
            quality[i] = facts["quality"]
    districts["quality"] = quality
    districts["self_report_gap"] = gap
    districts = districts.drop(columns="area_per_counter")

    is_urban_ward = wards["division_type"].eq("phường").to_numpy()
    wards["users"] = np.round(np.exp(rng.normal(np.where(is_urban_ward, np.log(2600), np.log(1500)), 0.45)))
    wards["ward_effect"] = rng.normal(0, WARD_SD, len(wards))
    district_wave = pd.DataFrame(
        [(code, wave) for code in districts["district_code"] for wave in WAVES], columns=["district_code", "wave"])
    district_wave["shock"] = rng.normal(0, DISTRICT_WAVE_SD, len(district_wave))
    district_wave["alpha_shock"] = rng.normal(0, 0.15, len(district_wave))  # OVERALL_MODEL district_wave_sd
    cb = load_codebook()
    item_offsets = dict(zip(items(cb), np.round(rng.normal(0, 0.15, len(items(cb))), 4), strict=True))
    return {"districts": districts, "wards": wards, "district_wave": district_wave, "item_offsets": item_offsets}

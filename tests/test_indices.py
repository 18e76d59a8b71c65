"""SIPAS indices: consistent with the R-checked estimators, and right on the simulated truth."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from satisfaction import config, survey
from satisfaction.ingest import load_codebook
from satisfaction.sipas import FACTORS, indices, items


@pytest.fixture(scope="module")
def data(cleaned):
    _, out = cleaned
    return indices.prepare(pd.read_parquet(out / "survey.parquet"))


@pytest.fixture(scope="module")
def by_wave(data):
    return indices.sipas_index(data, design=indices.SURVEY_DESIGN, by="wave")


def test_item_index_is_the_top2_proportion_in_percent(data, by_wave):
    ours = by_wave[(by_wave["variable"] == "q_staff_polite") & (by_wave["measure"] == "satisfied_pct")]
    for method in ("beta", "logit"):
        ref = survey.proportion(data, "q_staff_polite", design=indices.SURVEY_DESIGN, top2=True, by="wave",
                                method=method)
        idx = ours if method == "beta" else indices.sipas_index(data, design=indices.SURVEY_DESIGN, by="wave",
                                                                 ci_method="logit")
        idx = idx[(idx["variable"] == "q_staff_polite") & (idx["measure"] == "satisfied_pct")]
        np.testing.assert_allclose(idx["estimate"], 100 * ref["estimate"], rtol=1e-12)
        np.testing.assert_allclose(idx[["ci_low", "ci_high"]], 100 * ref[["ci_low", "ci_high"]], rtol=1e-12)


def test_factor_index_is_the_average_of_its_items_when_nothing_is_missing(data):
    cb = load_codebook()
    complete = data.dropna(subset=items(cb))
    idx = indices.sipas_index(complete, design=indices.SURVEY_DESIGN)
    sat = idx[idx["measure"] == "satisfied_pct"].set_index("variable")["estimate"]
    for factor in FACTORS:
        assert sat[f"factor_{factor}"] == pytest.approx(sat[items(cb, factor)].mean(), rel=1e-12)


def test_every_interval_stays_within_0_and_100(by_wave):
    shares = by_wave[by_wave["measure"] != "mean_score"]
    assert (shares["ci_low"] >= 0).all() and (shares["ci_high"] <= 100).all()
    assert (shares["ci_low"] <= shares["estimate"]).all() and (shares["estimate"] <= shares["ci_high"]).all()


def test_the_2025_wave_carries_the_comparability_flag(by_wave):
    flags = by_wave.groupby("wave")["comparability"].first()
    assert flags[2025] and not flags[2024]


def test_direct_district_estimates_cover_the_simulated_truth(data):
    """Interval coverage of the true district satisfaction (truth.json, Monte Carlo over each population)."""
    truth = pd.DataFrame(json.loads((config.raw_dir() / "truth.json").read_text())["district_wave_rates"])
    est = survey.proportion(data, "q_overall", design=indices.SURVEY_DESIGN, top2=True, by=["wave", "district_code"])
    both = est.merge(truth, on=["wave", "district_code"])
    covered = (both["ci_low"] * 100 <= both["true_satisfied_pct"] + 0.3) & (
        both["true_satisfied_pct"] - 0.3 <= both["ci_high"] * 100)
    assert len(both) == 120
    assert covered.mean() >= 0.85  # 95% nominal; Monte Carlo truth and ceiling districts cost a little


def test_mean_score_and_dissatisfied_move_at_the_ceiling(data):
    idx = indices.sipas_index(data[data["wave"] == 2024], design=indices.SURVEY_DESIGN, by="district_code")
    sat = idx[(idx["level"] == "satisfaction")].pivot_table(index="district_code", columns="measure", values="estimate")
    ceiling = sat[sat["satisfied_pct"] >= 97]
    assert len(ceiling) >= 10
    # at the ceiling the top-2-box spans a few points, the mean score still orders districts
    assert ceiling["mean_score"].std() > 0.03


def test_indices_accept_a_replicate_design(data):
    """The indices on a jackknife of the same design: the same estimates, SEs from the replicates (close to
    the linearised ones for these smooth statistics, but computed another way), Korn-Graubard intervals
    with the replicates' degrees of freedom."""
    from satisfaction import survey

    wave = data[data["wave"] == data["wave"].min()].reset_index(drop=True)
    rd = survey.replicate_design(wave, indices.SURVEY_DESIGN, method="jkn")
    lin = indices.sipas_index(wave, design=indices.SURVEY_DESIGN)
    rep = indices.sipas_index(wave, design=rd)
    assert np.allclose(lin["estimate"], rep["estimate"], equal_nan=True)
    ratio = (rep["std_err"] / lin["std_err"]).dropna()
    assert ratio.between(0.95, 1.05).mean() > 0.9 and not np.allclose(ratio, 1.0, rtol=1e-6)
    share = rep[rep["measure"] == "satisfied_pct"]
    assert (share["ci_low"] < share["estimate"]).all() and (share["ci_high"] <= 100).all()

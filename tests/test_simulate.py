"""The committed raw data is exactly what the seeded simulator writes, and its world is realistic."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from satisfaction import config
from satisfaction.simulate import MANIFEST, simulate

RAW = config.REPO_ROOT / "data" / "raw"


def _manifest(folder):
    return dict(reversed(line.split("  ", 1)) for line in (folder / MANIFEST).read_text().splitlines())


@pytest.fixture(scope="module")
def truth():
    return json.loads((RAW / "truth.json").read_text(encoding="utf-8"))


def test_committed_files_match_their_manifest():
    from satisfaction.simulate.export import sha256

    for name, digest in _manifest(RAW).items():
        assert sha256(RAW / name) == digest, f"data/raw/{name} differs from MANIFEST.sha256"


def test_simulator_regenerates_the_committed_data(tmp_path):
    simulate(tmp_path)
    assert _manifest(tmp_path) == _manifest(RAW)


def test_world_has_the_ceiling_and_the_laggards(truth):
    rates = pd.DataFrame(truth["district_wave_rates"])
    w22 = rates[rates["wave"] == 2022].set_index("district_code")["true_satisfied_pct"]
    assert (w22 >= 97).sum() >= 10, "several districts should sit at the 97-99% ceiling"
    assert (w22 < 92).sum() >= 2, "some districts should be clearly lower"
    assert w22.idxmin() == "020"  # Thanh Trì, as in the seed article
    assert 70 < w22["020"] < 85


def test_self_reports_exceed_the_survey_where_the_truth_says(truth):
    reports = pd.read_csv(RAW / "bao_cao_quan_huyen.csv", sep=";")
    rates = pd.DataFrame(truth["district_wave_rates"])
    names = {d["district_code"]: d["district_name"] for d in truth["districts"]}
    rates["Đơn vị"] = rates["district_code"].map(names)
    both = reports.merge(rates, left_on=["Năm", "Đơn vị"], right_on=["wave", "Đơn vị"])
    gap = both["Tỷ lệ hài lòng tự đánh giá (%)"] - both["true_satisfied_pct"]
    thanh_tri = both["Đơn vị"] == "Huyện Thanh Trì"
    assert (gap[thanh_tri] > 8).all()
    assert len(both) == 120


def test_true_drivers_are_recorded(truth):
    model = truth["overall_model"]
    assert model["driver_order"][:2] == ["score_staff", "score_results"]
    assert len(model["cutpoints"]) == 4


def test_injected_counts_are_consistent(truth):
    injected = json.loads((RAW / "injected.json").read_text(encoding="utf-8"))
    for wave in (2022, 2023, 2024, 2025):
        inj = injected[f"khao_sat_{wave}.xlsx"]
        assert inj["rows_written"] == (inj["respondents"] + inj["exact_duplicates"]
                                       + len(inj["conflicting_duplicate_ids"]))
        assert 0.30 < inj["comments"]["comments"] / inj["respondents"] < 0.40
    letters = injected["apology_letters"]
    assert 0 < letters["late_without_letter"] < letters["late_cases"]


def test_the_overall_model_in_truth_is_what_the_generator_draws():
    """An unweighted ordinal logit on one simulated wave recovers truth.json's coefficients (within 3 SE)."""
    import numpy as np
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    from satisfaction.ingest import load_codebook
    from satisfaction.simulate import DEFAULT_SEED
    from satisfaction.simulate.respondents import OVERALL_MODEL
    from satisfaction.simulate.sample import sample_wave
    from satisfaction.simulate.world import make_world
    from satisfaction.sipas import FACTORS, items

    cb = load_codebook()
    rng = np.random.default_rng(DEFAULT_SEED)
    df = sample_wave(rng, make_world(rng), 2022)
    x = pd.DataFrame({f"score_{k}": df[items(cb, k)].mean(axis=1) - 4 for k in FACTORS})
    x["wait_minutes"], x["visits"] = df["wait_minutes"], df["visits"]
    x["online"] = df["channel"].isin([2, 3]).astype(float)
    fit = OrderedModel(df["q_overall"].to_numpy(), x, distr="logit").fit(method="bfgs", disp=False, maxiter=1000)
    for term, beta in OVERALL_MODEL["beta"].items():
        assert abs(fit.params[term] - beta) < 3 * fit.bse[term], (term, fit.params[term], beta)

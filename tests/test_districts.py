"""District comparison: Fay-Herriot against a known simulated truth, rank intervals, change, suppression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

from satisfaction.errors import SatisfactionError
from satisfaction.models import change, fay_herriot, rank_intervals, self_assessment_gap
from satisfaction.survey import suppress


def _fh_world(rng, m=40, sigma_u=1.0):
    x = rng.normal(0, 1, m)
    theta = 2.0 + 1.5 * x + rng.normal(0, sigma_u, m)
    psi = rng.uniform(0.3, 3.0, m)
    direct = theta + rng.normal(0, np.sqrt(psi))
    return pd.DataFrame({"area": np.arange(m), "estimate": direct, "std_err": np.sqrt(psi), "x": x}), theta


def test_fay_herriot_beats_direct_estimates_and_covers_the_truth():
    """200 simulated worlds from the model itself: lower MSE than direct, about 95% coverage."""
    rng = np.random.default_rng(11)
    mse_direct, mse_eblup, covered, n = 0.0, 0.0, 0, 0
    for _ in range(200):
        df, theta = _fh_world(rng)
        fit = fay_herriot(df, x=["x"], area="area", smooth_variance=False, bounds=None, scale="identity")
        t = fit.table
        mse_direct += ((t["direct"] - theta) ** 2).sum()
        mse_eblup += ((t["eblup"] - theta) ** 2).sum()
        covered += ((t["ci_low"] <= theta) & (theta <= t["ci_high"])).sum()
        n += len(t)
    assert mse_eblup < 0.8 * mse_direct
    assert 0.93 <= covered / n <= 0.97


def test_fay_herriot_reml_is_the_maximum_of_the_restricted_likelihood():
    df, _ = _fh_world(np.random.default_rng(3))
    fit = fay_herriot(df, x=["x"], area="area", smooth_variance=False, bounds=None, scale="identity")
    X = np.column_stack([np.ones(len(df)), df["x"]])
    y, psi = df["estimate"].to_numpy(), df["std_err"].to_numpy() ** 2

    def reml(s2):  # written out independently: -2 log restricted likelihood, up to a constant
        V = np.diag(s2 + psi)
        Vi = np.linalg.inv(V)
        P = Vi - Vi @ X @ np.linalg.inv(X.T @ Vi @ X) @ X.T @ Vi
        return np.linalg.slogdet(V)[1] + np.linalg.slogdet(X.T @ Vi @ X)[1] + y @ P @ y

    best = optimize.minimize_scalar(reml, bounds=(0, 20), method="bounded", options={"xatol": 1e-10})
    assert fit.sigma2_u == pytest.approx(best.x, rel=1e-5)


def test_rank_intervals_are_simultaneous_and_contain_the_rank():
    rng = np.random.default_rng(5)
    est = pd.DataFrame({"district_code": [f"{i:03d}" for i in range(30)], "estimate": 95 + rng.normal(0, 2, 30),
                        "std_err": rng.uniform(0.2, 1.5, 30)})
    r = rank_intervals(est, seed=7)
    assert ((r["rank_low"] <= r["rank"]) & (r["rank"] <= r["rank_high"])).all()
    assert r["rank"].tolist() == sorted(r["rank"].tolist())
    again = rank_intervals(est, seed=7)
    pd.testing.assert_frame_equal(r, again)  # the same seed, the same table
    wide = rank_intervals(est.assign(std_err=est["std_err"] * 5), seed=7)
    assert (wide["rank_high"] - wide["rank_low"]).mean() > (r["rank_high"] - r["rank_low"]).mean()


def test_change_uses_independent_waves_and_holm():
    est = pd.DataFrame({"district_code": ["a", "a", "b", "b"], "wave": [2023, 2024, 2023, 2024],
                        "estimate": [90.0, 95.0, 98.0, 98.1], "std_err": [1.0, 1.0, 0.3, 0.4]})
    out = change(est).set_index("district_code")
    assert out.loc["a", "change"] == pytest.approx(5.0)
    assert out.loc["a", "change_se"] == pytest.approx(np.sqrt(2))
    assert out.loc["b", "change_se"] == pytest.approx(0.5)
    assert (out["p_holm"] >= out["p_value"]).all()


def test_self_assessment_gap():
    est = pd.DataFrame({"district_code": ["020", "001"], "estimate": [79.0, 98.0], "std_err": [2.0, 0.5]})
    rep = pd.DataFrame({"district_code": ["020", "001"], "self_reported_pct": [90.0, 98.2]})
    gaps = self_assessment_gap(est, rep).set_index("district_code")
    assert gaps.loc["020", "gap"] == pytest.approx(11.0) and bool(gaps.loc["020", "significant"])
    assert not bool(gaps.loc["001", "significant"])


def test_suppression_marks_cells_and_never_shows_zero():
    t = pd.DataFrame({"g": ["a"] * 3 + ["b"] * 2, "n": [4, 30, 50, 12, 40], "estimate": [0.0, 95, 97, 90, 91]})
    out = suppress(t, group="g")
    assert out["suppressed"].tolist() == ["primary", "secondary", "", "", ""]
    assert out.loc[out["suppressed"] != "", "estimate"].isna().all()


def test_fay_herriot_refuses_zero_variances_without_smoothing():
    df = pd.DataFrame({"area": range(6), "estimate": [99.0, 100, 98, 97, 99, 96], "std_err": [0.5, 0, 0.4, 0.6, 0.3, 0.9],
                       "x": range(6), "n": [300] * 6})
    with pytest.raises(SatisfactionError, match="zero sampling variance"):
        fay_herriot(df, x=["x"], area="area", smooth_variance=False)
    assert fay_herriot(df, x=["x"], area="area").table["eblup_se"].gt(0).all()


def test_a_unit_at_100_percent_is_not_held_fixed_in_the_rank_draws():
    """Its standard error is 0 but its Korn-Graubard interval is not: drawn with the standard error that
    interval implies, it no longer ranks first in every draw."""
    est = pd.DataFrame({"district_code": ["a", "b", "c"], "estimate": [100.0, 99.0, 98.9],
                        "std_err": [0.0, 0.3, 0.3], "ci_low": [98.4, 98.2, 98.1], "ci_high": [100.0, 99.5, 99.4]})
    fixed = rank_intervals(est, seed=1).set_index("district_code")
    drawn = rank_intervals(est, seed=1, ci=("ci_low", "ci_high")).set_index("district_code")
    assert (fixed.loc["a", "rank_low"], fixed.loc["a", "rank_high"]) == (1, 1)
    assert drawn.loc["a", "rank_high"] > 1 and list(drawn.columns) == list(fixed.columns)


def _ceiling_world(rng, m=126):
    """Communes as after 2025: true rates mostly 96-100% (asin scale, some exactly at 100%), a few
    hundred respondents each, simple random sampling within the commune."""
    x = rng.normal(0, 1, m)
    theta = np.minimum(1.45 + 0.02 * x + rng.normal(0, 0.045, m), np.pi / 2)
    truth = 100 * np.sin(theta) ** 2
    n = rng.integers(150, 401, m)
    k = rng.binomial(n, truth / 100)
    p = k / n
    df = pd.DataFrame({"area": np.arange(m), "estimate": 100 * p, "std_err": 100 * np.sqrt(p * (1 - p) / n),
                       "n": n, "x": x})
    return df, truth


def test_fay_herriot_on_the_asin_scale_covers_units_at_the_ceiling():
    """200 worlds at 96-100% satisfied: intervals of units whose true rate is 97-100% cover 93-97%, stay
    inside 0-100 without clipping, never have zero width, and the EBLUP beats the direct estimates."""
    rng = np.random.default_rng(2025)
    covered = total = 0
    mse_direct = mse_eblup = 0.0
    for _ in range(200):
        df, truth = _ceiling_world(rng)
        t = fay_herriot(df, x=["x"], area="area").table
        high = truth >= 97
        covered += ((t["ci_low"] <= truth) & (truth <= t["ci_high"]))[high].sum()
        total += high.sum()
        mse_direct += ((t["direct"] - truth) ** 2).sum()
        mse_eblup += ((t["eblup"] - truth) ** 2).sum()
        assert (t["ci_high"] <= 100).all() and (t["ci_low"] >= 0).all() and (t["ci_high"] > t["ci_low"]).all()
    assert 0.93 <= covered / total <= 0.97, covered / total
    assert mse_eblup < 0.8 * mse_direct

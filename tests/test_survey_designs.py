"""Designs and intervals the bundled survey does not use, against R's survey package on its own data.

Golden values: tests/golden/make_design_golden.R (R 4.2.2, survey 4.1.1; the Wilson interval from
survey 4.5's svyciprop): the api schools (apiclus1: one-stage cluster sample with an fpc; apistrat:
stratified; apiclus2: two stages with an fpc at each) and mu284 (two stages). CI does not need R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from satisfaction import survey
from satisfaction.errors import SatisfactionError
from satisfaction.survey import Design

GOLDEN = "tests/golden/"


@pytest.fixture(scope="module")
def ciprop():
    return pd.read_csv(GOLDEN + "ciprop_golden.csv", dtype={"domain": str}, keep_default_na=False,
                       na_values=["NA"])


@pytest.fixture(scope="module")
def golden():
    return pd.read_csv(GOLDEN + "design_golden.csv", dtype={"domain": str}, keep_default_na=False,
                       na_values=["NA"])


def _api(name):
    df = pd.read_csv(GOLDEN + f"api_{name}.csv")
    df["sch_wide"] = (df["sch.wide"] == "Yes").astype(float)
    if "awards" in df:
        df["awards_yes"] = (df["awards"] == "Yes").astype(float)
    df["above_500"] = (df["api00"] > 500).astype(float)
    return df


CLUS1 = Design(weight="pw", cluster="dnum", fpc="fpc")
STRAT = Design(weight="pw", strata="stype", fpc="fpc")
CASES = {"clus1_sch_wide": ("clus1", CLUS1, "sch_wide", None),
         "clus1_sch_wide_by_stype": ("clus1", CLUS1, "sch_wide", "stype"),
         "strat_awards": ("strat", STRAT, "awards_yes", None),
         "strat_awards_by_stype": ("strat", STRAT, "awards_yes", "stype"),
         "clus1_api_above_500": ("clus1", CLUS1, "above_500", None)}


@pytest.mark.parametrize("method", ["logit", "xlogit", "beta", "wilson", "asin", "mean", "likelihood"])
@pytest.mark.parametrize("case", list(CASES))
def test_every_interval_method_equals_svyciprop(ciprop, case, method):
    name, design, y, by = CASES[case]
    ours = survey.proportion(_api(name), y, design=design, by=by, method=method)
    gold = ciprop[(ciprop["case"] == case) & (ciprop["method"] == method)]
    assert len(ours) == len(gold) > 0
    if by:
        ours = ours.set_index(by).loc[gold["domain"]].reset_index()
    # R's "logit" reports expit of the svyglm intercept, converged by IRLS to about 1e-9
    np.testing.assert_allclose(ours["estimate"], gold["estimate"], rtol=1e-9 if method not in ("logit", "likelihood") else 1e-8)
    np.testing.assert_allclose(ours["std_err"], gold["std_err"], rtol=1e-9)
    np.testing.assert_allclose(ours["ci_low"], gold["ci_low"], rtol=1e-6)
    np.testing.assert_allclose(ours["ci_high"], gold["ci_high"], rtol=1e-6)


def test_a_domain_in_a_single_psu_has_no_interval(ciprop):
    """R: degrees of freedom 0, interval NA; here NaN too (never a zero-width interval)."""
    ours = survey.proportion(_api("clus1"), "above_500", design=CLUS1, by="dnum", method="beta")
    gold = ciprop[(ciprop["case"] == "clus1_api_above_500_by_dnum") & (ciprop["method"] == "beta")]
    assert gold["ci_low"].isna().all() and ours["ci_low"].isna().all() and ours["ci_high"].isna().all()
    np.testing.assert_allclose(ours["estimate"], gold["estimate"], rtol=1e-9)


def test_at_the_ceiling_korn_graubard_stays_honest():
    """All 300 respondents of a district satisfied, in 10 wards: the interval is (98.4%, 100%), from the
    district's number of respondents, not the single point a logit interval gives."""
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"ward": np.repeat(np.arange(20), 30), "district": np.repeat(["a", "b"], 300),
                       "w": rng.uniform(1, 3, 600)})
    df["y"] = np.where(df["district"] == "a", 1.0, (rng.uniform(size=600) < 0.9).astype(float))
    design = Design(weight="w", strata="district", cluster="ward")
    kg = survey.proportion(df, "y", design=design, by="district", method="beta").set_index("district")
    assert kg.loc["a", "estimate"] == 1 and kg.loc["a", "std_err"] == 0
    assert kg.loc["a", "ci_low"] == pytest.approx(0.9839, abs=5e-4) and kg.loc["a", "ci_high"] == 1
    lg = survey.proportion(df, "y", design=design, by="district", method="logit").set_index("district")
    assert lg.loc["a", "ci_low"] == lg.loc["a", "ci_high"] == 1  # what R's logit gives: no width
    assert kg.loc["b", "ci_low"] < kg.loc["b", "estimate"] < kg.loc["b", "ci_high"]


def test_a_psu_whose_answers_are_all_missing_keeps_its_degree_of_freedom(ciprop):
    df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5], "y": [1, 0, 1, 1, 0, 1, 1, 1, np.nan, np.nan],
                       "w": 1.0})
    ours = survey.proportion(df, "y", design=Design(weight="w", cluster="psu")).iloc[0]
    gold = ciprop[ciprop["case"] == "y_missing"].iloc[0]
    assert gold["df"] == 4
    assert (ours["ci_low"], ours["ci_high"]) == pytest.approx((gold["ci_low"], gold["ci_high"]), rel=1e-6)


def test_zero_weights_are_outside_the_sample_as_in_r(ciprop):
    df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5], "y": [1, 0, 1, 1, 0, 1, 1, 1, 0, 1],
                       "w": [1, 1, 2, 2, 1, 3, 1, 2, 0, 0]})
    design = Design(weight="w", cluster="psu")
    ours = survey.proportion(df, "y", design=design).iloc[0]
    gold = ciprop[ciprop["case"] == "zero_weights"].iloc[0]
    assert (ours["ci_low"], ours["ci_high"]) == pytest.approx((gold["ci_low"], gold["ci_high"]), rel=1e-6)
    mean = survey.mean(df, "y", design=design).iloc[0]
    deff = ciprop[ciprop["case"] == "zero_weights_mean"].iloc[0]["ci_low"]  # the deff column of that row
    assert mean["deff"] == pytest.approx(deff, rel=1e-9) and mean["n"] == 8


def test_rows_without_a_domain_belong_to_none_and_an_empty_domain_is_unknown():
    """R's svyby drops rows whose domain is NA; a domain whose answers are all missing has no estimate
    (R says mean 0 and total 0, both with SE 0, which would claim an exactly known zero)."""
    df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
                       "y": [1, 0, 1, 1, 0, 1, 1, 1, 0, 1, np.nan, np.nan],
                       "g": ["a", "a", "a", "b", "b", "b", None, "a", "b", "a", "c", "c"], "w": 1.0})
    design = Design(weight="w", cluster="psu")
    tot = survey.total(df, "y", design=design, by="g").set_index("g")
    mean = survey.mean(df, "y", design=design, by="g").set_index("g")
    assert list(tot.index) == ["a", "b", "c"]  # no NaN domain
    assert tot.loc["a", "estimate"] == 4 and tot.loc["a", "std_err"] == pytest.approx(1.264911, rel=1e-6)
    assert mean.loc["a", "estimate"] == pytest.approx(0.8) and mean.loc["a", "std_err"] == pytest.approx(0.1517893,
                                                                                                         rel=1e-6)
    for table in (tot, mean):
        assert np.isnan(table.loc["c", "estimate"]) and np.isnan(table.loc["c", "std_err"])
        assert table.loc["c", "n"] == 0


def test_messages_show_numbers_as_numbers():
    df = pd.DataFrame({"psu": [1, 2, 3], "y": [1.0, 2, 3], "w": [1.0, -33.84, 2]})
    with pytest.raises(SatisfactionError, match=r"position 1 has -33\.84$"):
        survey.mean(df, "y", design=Design(weight="w", cluster="psu"))


@pytest.mark.parametrize("case, design, statistic, y, by", [
    ("clus2_mean_api00", Design(cluster="dnum", cluster2="snum", fpc="fpc1", fpc2="fpc2"), "mean", "api00", None),
    ("clus2_total_enroll", Design(cluster="dnum", cluster2="snum", fpc="fpc1", fpc2="fpc2"), "total", "enroll", None),
    ("clus2_mean_api00_by_stype", Design(cluster="dnum", cluster2="snum", fpc="fpc1", fpc2="fpc2"), "mean",
     "api00", "stype"),
    ("clus2_first_stage_mean_api00", Design(weight="pw", cluster="dnum", fpc="fpc1"), "mean", "api00", None),
])
def test_two_stage_designs_with_an_fpc_at_each_stage_equal_svyrecvar(golden, case, design, statistic, y, by):
    ours = getattr(survey, statistic)(_api("clus2"), y, design=design, by=by)
    gold = golden[golden["case"] == case]
    if by:
        ours = ours.set_index(by).loc[gold["domain"]].reset_index()
    np.testing.assert_allclose(ours["estimate"], gold["estimate"], rtol=1e-9)
    np.testing.assert_allclose(ours["std_err"], gold["std_err"], rtol=1e-9)


@pytest.mark.parametrize("statistic, case", [("mean", "mu284_mean_y1"), ("total", "mu284_total_y1")])
def test_mu284_two_stages(golden, statistic, case):
    mu = pd.read_csv(GOLDEN + "mu284.csv")
    ours = getattr(survey, statistic)(mu, "y1", design=Design(cluster="id1", cluster2="id2", fpc="n1", fpc2="n2"))
    gold = golden[golden["case"] == case].iloc[0]
    assert ours.iloc[0]["estimate"] == pytest.approx(gold["estimate"], rel=1e-9)
    assert ours.iloc[0]["std_err"] == pytest.approx(gold["std_err"], rel=1e-9)


def test_a_second_stage_without_a_first_stage_fpc_adds_nothing():
    """As svyrecvar: the second stage is scaled by the first-stage sampling fraction, 0 without an fpc."""
    df = _api("clus2")
    one = survey.mean(df, "api00", design=Design(weight="pw", cluster="dnum")).iloc[0]
    two = survey.mean(df, "api00", design=Design(weight="pw", cluster="dnum", cluster2="snum")).iloc[0]
    assert two["std_err"] == pytest.approx(one["std_err"], rel=1e-12)


def test_an_fpc_that_varies_within_a_stratum_is_refused():
    df = _api("strat")
    df.loc[df.index[3], "fpc"] = df["fpc"].iloc[3] + 1
    with pytest.raises(SatisfactionError, match="the fpc differs within stratum"):
        survey.mean(df, "api00", design=STRAT)


@pytest.mark.parametrize("qrule", ["math", "hf7"])
@pytest.mark.parametrize("name, design", [("clus1", CLUS1), ("strat", STRAT)])
def test_quantiles_with_woodruff_intervals_equal_svyquantile(golden, name, design, qrule):
    ours = survey.quantile(_api(name), "api00", design=design, quantiles=[0.25, 0.5, 0.75], qrule=qrule)
    gold = golden[(golden["case"] == f"{name}_quantile_api00") & (golden["method"] == f"woodruff_{qrule}")]
    gold = gold.assign(p=gold["domain"].astype(float)).sort_values("p")
    for column in ("estimate", "ci_low", "ci_high", "std_err"):
        np.testing.assert_allclose(ours[column], gold[column], rtol=1e-9, err_msg=column)


def test_quantiles_by_domain(golden):
    ours = survey.quantile(_api("clus1"), "api00", design=CLUS1, by="stype").set_index("stype")
    gold = golden[golden["case"] == "clus1_median_api00_by_stype"].set_index("domain")
    for column in ("estimate", "ci_low", "ci_high", "std_err"):
        np.testing.assert_allclose(ours.loc[gold.index, column], gold[column], rtol=1e-9, err_msg=column)
    assert list(ours.columns[:2]) == ["quantile", "variable"] and (ours["quantile"] == 0.5).all()

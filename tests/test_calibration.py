"""Raking reproduces R's rake() weights to 1e-8 and reports its convergence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from satisfaction import survey
from satisfaction.errors import SatisfactionError
from satisfaction.survey import rake

BASE = __file__.rsplit("/", 1)[0] + "/golden/"


@pytest.fixture(scope="module")
def data():
    return pd.read_csv(BASE + "survey_input.csv", dtype={"district_code": str, "psu_code": str})


def _margins():
    m = pd.read_csv(BASE + "rake_margins.csv", dtype={"level": str})
    district = m[m["margin"] == "district_code"].set_index("level")["total"].to_dict()
    sex = {int(k): v for k, v in m[m["margin"] == "sex"].set_index("level")["total"].items()}
    return {"district_code": district, "sex": sex}


def test_raked_weights_match_r(data):
    weights, report = rake(data, weight="weight", margins=_margins())
    gold = pd.read_csv(BASE + "rake_weights.csv")
    assert gold["resp_id"].tolist() == data["resp_id"].tolist()
    np.testing.assert_allclose(weights.to_numpy(), gold["raked"].to_numpy(), rtol=1e-8)
    assert report["converged"].iloc[-1] and report["max_relative_gap"].iloc[-1] < 1e-10
    for col, totals in _margins().items():
        got = pd.Series(weights.to_numpy()).groupby(data[col].to_numpy()).sum()
        np.testing.assert_allclose(got.loc[list(totals)].to_numpy(), list(totals.values()), rtol=1e-9)


def test_raked_point_estimate_matches_r(data):
    weights, _ = rake(data, weight="weight", margins=_margins())
    est = survey.mean(data.assign(weight=weights), "q_overall",
                      design=survey.Design(weight="weight", strata="district_code", cluster="psu_code"))
    gold = pd.read_csv(BASE + "survey_golden.csv", keep_default_na=False, na_values=["NA"])
    expected = gold.loc[gold["case"] == "raked_mean_q_overall", "estimate"].iloc[0]
    assert est["estimate"].iloc[0] == pytest.approx(expected, rel=1e-8)


def test_margins_that_cannot_fit_are_refused(data):
    margins = _margins()
    margins["sex"] = {1: 10.0, 2: 10.0}
    with pytest.raises(SatisfactionError, match="do not add up to the same population"):
        rake(data, weight="weight", margins=margins)
    with pytest.raises(SatisfactionError, match="no population total"):
        rake(data, weight="weight", margins={"sex": {1: 5.0}})


def test_non_convergence_warns_naming_the_margin():
    df = pd.DataFrame({"a": [1, 1, 2], "b": ["x", "y", "y"], "w": [1.0, 1.0, 1.0]})
    with pytest.warns(UserWarning, match="did not converge"):
        rake(df, weight="w", margins={"a": {1: 1.0, 2: 9.0}, "b": {"x": 9.0, "y": 1.0}}, max_iter=5)


# --- calibrated designs against R (tests/golden/make_calibration_golden.R, survey 4.1.1, apiclus1) ----------

def _clus1():
    df = pd.read_csv(BASE + "api_clus1.csv")
    df["sch_yes"] = (df["sch.wide"] == "Yes").astype(float)
    return df, survey.Design(weight="pw", cluster="dnum", fpc="fpc")


TYPES = {"E": 4421, "H": 755, "M": 1018}
POPULATION = {"stype": TYPES, "api99": 3914069}


def _calibrated(case):
    df, design = _clus1()
    if case == "uncalibrated":
        return df, design
    if case == "post_stratify_stype":
        return survey.post_stratify(df, design, strata="stype", population=TYPES)
    if case == "rake_stype_sch_wide":
        return survey.rake_design(df, design, margins={"stype": TYPES, "sch.wide": {"No": 1072, "Yes": 5122}})[:2]
    if case.startswith("trim_linear_20_50"):
        cal, d = survey.calibrate(df, design, population=POPULATION)
        return survey.trim_weights(cal, d, lower=20, upper=50, strict=case.endswith("strict"))
    kwargs = {"linear_stype_api99": {}, "raking_stype_api99": {"method": "raking"},
              "logit_stype_api99": {"method": "logit", "bounds": (0.7, 1.7)},
              "linear_bounded_stype_api99": {"bounds": (0.7, 1.7)}}[case]
    return survey.calibrate(df, design, population=POPULATION, **kwargs)


@pytest.mark.parametrize("case", ["uncalibrated", "post_stratify_stype", "rake_stype_sch_wide", "linear_stype_api99",
                                  "raking_stype_api99", "logit_stype_api99", "linear_bounded_stype_api99",
                                  "trim_linear_20_50", "trim_linear_20_50_strict"])
def test_calibrated_standard_errors_equal_r(case):
    gold = pd.read_csv(BASE + "calibration_golden.csv").set_index(["case", "statistic"]).loc[case]
    data, design = _calibrated(case)
    w = data[design.weight]
    assert w.sum() == pytest.approx(gold["weight_sum"].iloc[0], rel=1e-9)
    assert (w.min(), w.max()) == pytest.approx((gold["weight_min"].iloc[0], gold["weight_max"].iloc[0]), rel=1e-7)
    for statistic, (fn, y) in {"mean_api00": (survey.mean, "api00"), "total_enroll": (survey.total, "enroll"),
                               "mean_sch_wide": (survey.mean, "sch_yes")}.items():
        ours = fn(data, y, design=design).iloc[0]
        assert ours["estimate"] == pytest.approx(gold.loc[statistic, "estimate"], rel=1e-9), statistic
        # the calibrated variable itself has a standard error of zero (R: about 1e-13)
        assert ours["std_err"] == pytest.approx(gold.loc[statistic, "std_err"], rel=1e-8, abs=1e-10), statistic


def test_a_domain_of_a_calibrated_design_uses_residuals_outside_it_too():
    gold = pd.read_csv(BASE + "calibration_golden.csv").set_index(["case", "statistic"])
    for case in ("post_stratify_stype", "linear_stype_api99", "rake_stype_sch_wide"):
        data, design = _calibrated(case)
        data = data.assign(la=np.where(data["cname"] == "Los Angeles", "la", "other"))
        ours = survey.mean(data, "api00", design=design, by="la").set_index("la").loc["la"]
        expected = gold.loc[(case, "mean_api00_in_los_angeles")]
        assert ours["estimate"] == pytest.approx(expected["estimate"], rel=1e-9)
        assert ours["std_err"] == pytest.approx(expected["std_err"], rel=1e-8)


def test_calibration_errors_name_the_problem():
    df, design = _clus1()
    with pytest.raises(SatisfactionError, match="logit calibration needs finite bounds"):
        survey.calibrate(df, design, population=POPULATION, method="logit")
    with pytest.raises(SatisfactionError, match="no population total"):
        survey.calibrate(df, design, population={"stype": {"E": 1.0}})
    with pytest.raises(SatisfactionError, match="no population count"):
        survey.post_stratify(df, design, strata="stype", population={"E": 1.0})

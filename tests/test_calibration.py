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

"""Design-based estimates agree with R's survey package to 1e-8 (relative).

The golden values in tests/golden/survey_golden.csv were computed by tests/golden/make_survey_golden.R
(R 4.2, survey 4.1.1) from tests/golden/survey_input.csv (the cleaned 2024 wave: strata = districts,
PSU = sampled wards, fpc = wards in the district) and tests/golden/lonely_input.csv (a small design
whose stratum C has a single PSU). CI does not need R.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from satisfaction import survey
from satisfaction.errors import SatisfactionError
from satisfaction.survey import COLUMNS, Design

GOLDEN = pd.read_csv(__file__.rsplit("/", 1)[0] + "/golden/survey_golden.csv", dtype={"domain": str},
                     keep_default_na=False, na_values=["NA"])
BASE = __file__.rsplit("/", 1)[0] + "/golden/"
RTOL = 1e-8


@pytest.fixture(scope="module")
def data():
    return pd.read_csv(BASE + "survey_input.csv", dtype={"district_code": str, "psu_code": str})


@pytest.fixture(scope="module")
def design():
    return Design(weight="weight", strata="district_code", cluster="psu_code", fpc="n_wards")


def _golden(case):
    return GOLDEN[GOLDEN["case"] == case].reset_index(drop=True)


def _compare(ours: pd.DataFrame, case: str, columns=("estimate", "std_err", "ci_low", "ci_high", "deff")):
    gold = _golden(case)
    assert len(ours) == len(gold), case
    for col in columns:
        expected = gold[col].to_numpy(dtype=float)
        got = ours[col].to_numpy(dtype=float)
        mask = ~np.isnan(expected)
        np.testing.assert_allclose(got[mask], expected[mask], rtol=RTOL, atol=1e-12, err_msg=f"{case}: {col}")


def test_mean(data, design):
    _compare(survey.mean(data, "q_overall", design=design), "mean_q_overall")


def test_total(data, design):
    _compare(survey.total(data, "top2", design=design), "total_top2")


def test_ratio(data, design):
    _compare(survey.ratio(data, "wait_minutes", "visits", design=design), "ratio_wait_visits",
             ("estimate", "std_err", "ci_low", "ci_high"))


def test_domain_means_by_stratum_and_across_strata(data, design):
    by_district = survey.mean(data, "q_overall", design=design, by="district_code")
    assert by_district["district_code"].tolist() == _golden("by_district_mean")["domain"].tolist()
    _compare(by_district, "by_district_mean")
    _compare(survey.mean(data, "q_overall", design=design, by="sex"), "by_sex_mean")


def test_domain_totals(data, design):
    _compare(survey.total(data, "top2", design=design, by="district_code"), "by_district_total_top2",
             ("estimate", "std_err", "ci_low", "ci_high"))


def test_proportion_logit_interval_as_svyciprop(data, design):
    _compare(survey.proportion(data, "top2", design=design), "ciprop_top2", ("estimate", "std_err", "ci_low", "ci_high"))
    ours = survey.proportion(data, "q_overall", design=design, top2=True, by="district_code")
    _compare(ours, "by_district_ciprop_top2", ("estimate", "std_err", "ci_low", "ci_high"))
    assert (ours["ci_high"] <= 1).all() and (ours["ci_low"] >= 0).all()


@pytest.mark.parametrize("policy", ["remove", "certainty", "adjust"])
def test_lonely_psu_policies(policy):
    small = pd.read_csv(BASE + "lonely_input.csv")
    design = Design(weight="w", strata="stratum", cluster="psu", lonely_psu=policy)
    _compare(survey.mean(small, "y", design=design), f"lonely_{policy}_mean")
    _compare(survey.total(small, "y", design=design), f"lonely_{policy}_total")
    _compare(survey.mean(small, "y", design=design, by="g"), f"lonely_{policy}_by_g_mean",
             ("estimate", "std_err", "ci_low", "ci_high"))


def test_lonely_psu_fails_by_default_naming_the_stratum():
    small = pd.read_csv(BASE + "lonely_input.csv")
    with pytest.raises(SatisfactionError, match=r"single PSU: \['C'\]"):
        survey.mean(small, "y", design=Design(weight="w", strata="stratum", cluster="psu"))


def test_output_columns_are_fixed(data, design):
    out = survey.proportion(data, "q_overall", design=design, top2=True, by="district_code")
    assert list(out.columns) == ["district_code"] + COLUMNS


@pytest.mark.parametrize("change, message", [
    (lambda d: d.assign(weight=d["weight"].where(d.index != 5, -1.0)), "weights must be finite numbers >= 0; position 5 has -1"),
    (lambda d: d.assign(weight=d["weight"].where(d.index != 5)), "design column 'weight' has missing values"),
    (lambda d: d.assign(q_overall=d["q_overall"].astype(str)), "is not numeric"),
    (lambda d: d.assign(n_wards=2), "the fpc must be the population number of units"),
    (lambda d: d.assign(n_wards=d["n_wards"].where(d.index != 7, 99)), "the fpc differs within stratum"),
    (lambda d: d.assign(weight=d["weight"].where(d.index != 3, float("inf"))), "position 3 has inf"),
])
def test_bad_input_gets_a_clear_message(data, design, change, message):
    with pytest.raises(SatisfactionError, match=message):
        survey.mean(change(data), "q_overall", design=design)


def test_all_na_variable_and_empty_domain_give_documented_nan(data, design):
    out = survey.mean(data.assign(q_overall=np.nan), "q_overall", design=design)
    assert out["n"].iloc[0] == 0 and np.isnan(out["estimate"].iloc[0])

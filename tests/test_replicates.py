"""Replicate-weight variances agree with R's as.svrepdesign (JK1, JKn); the bootstrap with linearisation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from satisfaction import survey
from satisfaction.errors import SatisfactionError
from satisfaction.survey import Design, replicates

BASE = __file__.rsplit("/", 1)[0] + "/golden/"
GOLDEN = pd.read_csv(BASE + "survey_golden.csv", dtype={"domain": str}, keep_default_na=False, na_values=["NA"])


@pytest.fixture(scope="module")
def data():
    return pd.read_csv(BASE + "survey_input.csv", dtype={"district_code": str, "psu_code": str})


def _gold(case):
    return GOLDEN[GOLDEN["case"] == case].reset_index(drop=True)


def test_jk1_matches_r(data):
    rd = replicates.replicate_design(data, Design(weight="weight", cluster="psu_code"), method="jk1")
    ours = replicates.mean(data, "q_overall", design=rd)
    gold = _gold("jk1_mean_q_overall")
    np.testing.assert_allclose(ours[["estimate", "std_err", "ci_low", "ci_high"]].to_numpy(float),
                               gold[["estimate", "std_err", "ci_low", "ci_high"]].to_numpy(float), rtol=1e-8)


def test_jkn_matches_r_overall_and_in_domains(data):
    rd = replicates.replicate_design(data, Design(weight="weight", strata="district_code", cluster="psu_code"),
                                     method="jkn")
    for case, by in [("jkn_mean_q_overall", None), ("jkn_by_sex_mean", "sex")]:
        ours = replicates.mean(data, "q_overall", design=rd, by=by)
        gold = _gold(case)
        np.testing.assert_allclose(ours[["estimate", "std_err", "ci_low", "ci_high"]].to_numpy(float),
                                   gold[["estimate", "std_err", "ci_low", "ci_high"]].to_numpy(float), rtol=1e-8)


def test_bootstrap_is_close_to_linearisation_and_reproducible(data):
    design = Design(weight="weight", strata="district_code", cluster="psu_code")
    rd = replicates.replicate_design(data, design, method="bootstrap", replicates=500, seed=3)
    boot = replicates.mean(data, "q_overall", design=rd)["std_err"].iloc[0]
    lin = survey.mean(data, "q_overall", design=design)["std_err"].iloc[0]
    assert boot == pytest.approx(lin, rel=0.12)  # Monte Carlo error of 500 replicates is ~3%
    again = replicates.replicate_design(data, design, method="bootstrap", replicates=500, seed=3)
    assert np.array_equal(rd.weights, again.weights)


def test_bad_requests(data):
    with pytest.raises(SatisfactionError, match="unstratified"):
        replicates.replicate_design(data, Design(weight="weight", strata="district_code", cluster="psu_code"),
                                    method="jk1")
    with pytest.raises(SatisfactionError, match="seed="):
        replicates.replicate_design(data, Design(weight="weight", cluster="psu_code"), method="bootstrap")

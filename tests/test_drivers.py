"""Ordinal logit agrees with MASS::polr and survey::svyolr, and recovers the simulated truth.

Golden values: tests/golden/make_drivers_golden.R (MASS 7.3-58, survey 4.1.1) on tests/golden/drivers_input.csv.
Estimates agree with R to 1e-6. R's standard errors come from optim's finite-difference Hessian (step
1e-3), which is off by up to 5e-4 relative for a coefficient on the scale of minutes; ours come from
central differences of the analytic gradient, and agree with statsmodels' OrderedModel (an independent
implementation, unweighted) to 1e-5. So standard errors are held to R at 1e-3 and to statsmodels at 1e-5.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from satisfaction import config
from satisfaction.errors import SatisfactionError, SatisfactionWarning
from satisfaction.models import TABLE_COLUMNS, ordinal_logit
from satisfaction.survey import Design

BASE = __file__.rsplit("/", 1)[0] + "/golden/"
X = ["score_access", "score_procedures", "score_staff", "score_results", "score_feedback", "wait_minutes",
     "visits", "online"]


@pytest.fixture(scope="module")
def data():
    return pd.read_csv(BASE + "drivers_input.csv", dtype={"district_code": str, "psu_code": str})


@pytest.fixture(scope="module")
def golden():
    return pd.read_csv(BASE + "drivers_golden.csv")


@pytest.mark.parametrize("model", ["polr", "svyolr"])
def test_matches_r(data, golden, model):
    design = Design(weight="weight", strata="district_code", cluster="psu_code") if model == "svyolr" else None
    res = ordinal_logit(data, "q_overall", X, design=design)
    gold = golden[golden["model"] == model].set_index("term")
    ours = res.table.set_index("term").loc[gold.index]
    np.testing.assert_allclose(ours["estimate"], gold["estimate"], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(ours["std_err"], gold["std_err"], rtol=1e-3)
    assert list(res.table.columns) == TABLE_COLUMNS


def test_standard_errors_match_statsmodels_without_a_design(data):
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    ours = ordinal_logit(data, "q_overall", X).table.set_index("term")
    sm = OrderedModel(data["q_overall"].to_numpy(), data[X], distr="logit").fit(method="bfgs", disp=False,
                                                                                 maxiter=5000, gtol=1e-10)
    se = pd.Series(np.sqrt(np.diag(sm.cov_params()))[: len(X)], index=X)
    np.testing.assert_allclose(ours.loc[X, "std_err"], se, rtol=1e-5)


def test_true_drivers_are_recovered(cleaned):
    """All four waves, the bundled design: every true coefficient of truth.json inside its 95% interval."""
    from satisfaction.ingest import load_codebook
    from satisfaction.sipas import FACTORS, indices, items

    _, out = cleaned
    survey = indices.prepare(pd.read_parquet(out / "survey.parquet"))
    cb = load_codebook()
    for k in FACTORS:
        survey[f"score_{k}"] = survey[items(cb, k)].astype(float).mean(axis=1) - 4
    survey["online"] = survey["channel"].isin([2, 3]).astype(float)
    survey[X] = survey[X].astype(float)
    truth = json.loads((config.raw_dir() / "truth.json").read_text())["overall_model"]
    table = ordinal_logit(survey, "q_overall", X, design=indices.SURVEY_DESIGN).table.set_index("term")
    for term, beta in truth["beta"].items():
        assert table.loc[term, "ci_low"] <= beta <= table.loc[term, "ci_high"], term
    assert table.loc[truth["driver_order"], "estimate"].idxmax() == "score_staff"


def test_predicted_probabilities_sum_to_one(data):
    fit = ordinal_logit(data, "q_overall", X).fit
    probs = fit.predict_proba(data.head(50))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def test_bad_models_get_clear_messages(data):
    with pytest.raises(SatisfactionError, match="'online2' is constant"):
        ordinal_logit(data.assign(online2=1), "q_overall", ["online2"])
    with pytest.raises(SatisfactionError, match="collinear"):
        ordinal_logit(data.assign(w2=data["wait_minutes"] * 2), "q_overall", ["wait_minutes", "w2"])
    with pytest.raises(SatisfactionError, match="needs at least 3"):
        ordinal_logit(data.assign(b=(data["q_overall"] >= 4).astype(int)), "b", ["visits"])


@pytest.mark.parametrize("model, family", [("svyglm_gaussian", "linear"), ("svyglm_quasibinomial", "logit")])
def test_linear_and_logit_match_svyglm(data, golden, model, family):
    from satisfaction import models

    design = Design(weight="weight", strata="district_code", cluster="psu_code")
    df = data.assign(top2=(data["q_overall"] >= 4).astype(float))
    y = "q_overall" if family == "linear" else "top2"
    res = getattr(models, family)(df, y, X, design=design)
    gold = golden[golden["model"] == model].set_index("term")
    ours = res.table.set_index("term").loc[gold.index]
    np.testing.assert_allclose(ours["estimate"], gold["estimate"], rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(ours["std_err"], gold["std_err"], rtol=1e-8)


@pytest.mark.parametrize("model", ["gaussian", "quasibinomial", "gaussian_missing", "gaussian_jkn"])
def test_p_values_are_student_t_on_svyglms_residual_degrees_of_freedom(data, model):
    """summary.svyglm (tests/golden/make_glm_pvalues_golden.R): t on degf(design of the rows used) + 1 - p."""
    from satisfaction import models
    from satisfaction.survey import replicate_design

    gold = pd.read_csv(BASE + "glm_pvalues_golden.csv").query("model == @model").set_index("term")
    df = data.assign(top2=(data["q_overall"] >= 4).astype(float),
                     visits_na=data["visits"].where((np.arange(1, len(data) + 1) % 7) != 0),
                     wait_na=data["wait_minutes"].where(data["psu_code"] != data["psu_code"].iat[0]))
    x = ["score_access", "score_procedures", "score_staff", "score_results", "score_feedback", "online"]
    x += ["wait_na", "visits_na"] if model == "gaussian_missing" else ["wait_minutes", "visits"]
    design = Design(weight="weight", strata="district_code", cluster="psu_code")
    if model == "gaussian_jkn":
        design = replicate_design(df, design, method="jkn")
    fit = (models.logit if model == "quasibinomial" else models.linear)(df, "top2" if model == "quasibinomial"
                                                                          else "q_overall", x, design=design)
    ours = fit.table.set_index("term").loc[gold.index]
    assert fit.fit.df_residual == gold["df_residual"].iat[0]
    np.testing.assert_allclose(ours["statistic"], gold["statistic"], rtol=1e-7)
    np.testing.assert_allclose(ours["p_value"], gold["p_value"], rtol=1e-6, atol=1e-300)


def test_logit_refuses_perfect_separation(data):
    from satisfaction.models import logit

    df = data.assign(top2=(data["q_overall"] >= 4).astype(float))
    df["leak"] = df["top2"] * 10.0
    with pytest.raises(SatisfactionError, match="separation"):
        logit(df, "top2", ["leak"], design=Design(weight="weight"))


def test_key_drivers_shapley_equals_brute_force_and_finds_the_true_order(data):
    import itertools
    from math import factorial

    import statsmodels.api as sm

    from satisfaction.models import key_drivers

    design = Design(weight="weight", strata="district_code", cluster="psu_code")
    res = key_drivers(data, "q_overall", X, design=design, n_boot=100, seed=3)
    table = res.table.set_index("term")
    # brute force: R² of every weighted least-squares subset model (statsmodels), Shapley weights
    k = len(X)
    r2 = {(): 0.0}
    for size in range(1, k + 1):
        for subset in itertools.combinations(range(k), size):
            model = sm.WLS(data["q_overall"], sm.add_constant(data[[X[j] for j in subset]]), weights=data["weight"])
            r2[subset] = model.fit().rsquared
    for j, term in enumerate(X):
        value = sum(factorial(len(s)) * factorial(k - len(s) - 1) / factorial(k) * (r2[tuple(sorted(s + (j,)))] - r2[s])
                    for s in r2 if j not in s)
        assert table.loc[term, "shapley_r2"] == pytest.approx(value, abs=1e-12)
    assert table["relative_weight"].sum() == pytest.approx(res.fit.r2, rel=1e-10)
    truth = json.loads((config.raw_dir() / "truth.json").read_text())["overall_model"]["driver_order"]
    assert table.loc[truth, "shapley_r2"].is_monotonic_decreasing
    assert (table["shapley_ci_low"] <= table["shapley_r2"]).all() and (table["shapley_r2"] <= table["shapley_ci_high"]).all()
    again = key_drivers(data, "q_overall", X, design=design, n_boot=100, seed=3)
    pd.testing.assert_frame_equal(res.table, again.table)


def test_ipa_on_the_simulated_truth(cleaned):
    from satisfaction.simulate.respondents import STATED_IMPORTANCE
    from satisfaction.sipas import indices, ipa

    _, out = cleaned
    survey = indices.prepare(pd.read_parquet(out / "survey.parquet"))
    table = ipa(survey, design=indices.SURVEY_DESIGN, n_boot=50, seed=1).set_index("factor")
    # stated importance comes out in the simulator's true order; derived importance puts staff first
    true_order = sorted(STATED_IMPORTANCE, key=STATED_IMPORTANCE.get, reverse=True)
    assert table.loc[true_order, "stated_importance"].is_monotonic_decreasing
    assert table["shapley_pct"].idxmax() == "staff"
    assert table["shapley_pct"].sum() == pytest.approx(100)
    assert set(table["quadrant"]) <= {"concentrate here", "keep up the good work", "low priority", "possible overkill"}


def test_multilevel_matches_lmer_with_district_intercepts(data):
    """Golden: tests/golden/make_multilevel_golden.R (lme4 1.1-31, REML). The district variance is small
    (an ICC of 0.3% once factor scores are in), where the REML surface is flat: fixed effects agree to 1e-4,
    standard errors and the variance to 2e-3."""
    from satisfaction.models import multilevel

    gold = pd.read_csv(BASE + "multilevel_golden.csv")
    gold = gold[gold["model"] == "district"].set_index("term")
    res = multilevel(data, "q_overall", X)
    fixed = gold[~gold.index.str.startswith("var_")]
    ours = res.table.set_index("term").loc[fixed.index]
    np.testing.assert_allclose(ours["estimate"], fixed["estimate"], rtol=1e-4)
    np.testing.assert_allclose(ours["std_err"], fixed["std_err"], rtol=2e-3)
    assert res.fit.variances["district_code"] == pytest.approx(gold.loc["var_district_code", "estimate"], rel=2e-3)
    assert res.fit.variances["residual"] == pytest.approx(gold.loc["var_Residual", "estimate"], rel=1e-4)
    assert 0 < res.fit.icc < 0.01


def test_multilevel_nested_matches_lmer():
    """Golden: tests/golden/make_nested_golden.R (lme4 1.1-31, REML) on data it simulates with real district
    and ward variance, ward labels repeating across districts."""
    from satisfaction.models import multilevel

    gold = pd.read_csv(BASE + "nested_golden.csv").set_index("term")
    data = pd.read_csv(BASE + "nested_input.csv", dtype={"ward": str})
    res = multilevel(data, "y", ["x", "z"], groups="district", nested="ward")
    ours = res.table.set_index("term")
    fixed = gold.loc[["(Intercept)", "x", "z"]]
    np.testing.assert_allclose(ours.loc[fixed.index, "estimate"], fixed["estimate"], rtol=1e-5)
    np.testing.assert_allclose(ours.loc[fixed.index, "std_err"], fixed["std_err"], rtol=1e-3)
    var = res.fit.variances
    assert var["district"] == pytest.approx(gold.loc["var_district", "estimate"], rel=1e-3)
    assert var["ward:district"] == pytest.approx(gold.loc["var_ward:district", "estimate"], rel=1e-3)
    assert var["residual"] == pytest.approx(gold.loc["var_Residual", "estimate"], rel=1e-4)


def test_proportional_odds_test_accepts_the_simulated_model_and_rejects_a_violation(data):
    from satisfaction.models import proportional_odds_test

    design = Design(weight="weight", strata="district_code", cluster="psu_code")
    # the simulator draws q_overall from a proportional-odds model: no evidence against it
    ok = proportional_odds_test(data[data["q_overall"] >= 3], "q_overall", ["score_staff", "visits"], design=design)
    assert ok.set_index("term").loc["omnibus", "p_value"] > 0.001
    # a predictor that only moves the top cut violates the assumption
    rng = np.random.default_rng(8)
    n = 6000
    z = rng.normal(size=n)
    latent = rng.logistic(size=n)
    y = 1 + (latent > -1).astype(int) + (latent > 0).astype(int) + (latent + 2.0 * z > 1).astype(int)
    bad = proportional_odds_test(pd.DataFrame({"y": y, "z": z}), "y", ["z"]).set_index("term")
    assert bad.loc["z", "p_value"] < 1e-6


def test_marginal_effects_and_empty_categories(data):
    fit = ordinal_logit(data, "q_overall", X).fit
    ame = fit.marginal_effects(data)
    np.testing.assert_allclose(ame.sum(axis=1), 0.0, atol=1e-12)
    assert ame.loc["score_staff", 5] > 0 > ame.loc["score_staff", 4]
    with pytest.warns(SatisfactionWarning, match=r"no respondent chose \[2\]"):
        ordinal_logit(data[data["q_overall"] != 2], "q_overall", ["visits"])


def test_group_effects_cover_the_true_district_intercepts():
    from satisfaction.models import multilevel

    rng = np.random.default_rng(12)
    covered, total = 0, 0
    for _ in range(5):
        g = np.repeat(np.arange(40), 40)
        u = rng.normal(0, 0.5, 40)
        df = pd.DataFrame({"g": g.astype(str), "x": rng.normal(size=len(g))})
        df["y"] = 2 + 0.3 * df["x"] + u[g] + rng.normal(size=len(g))
        res = multilevel(df, "y", ["x"], groups="g")
        eff = res.fit.group_effects().set_index("group")
        truth = pd.Series(u, index=[str(i) for i in range(40)])
        covered += ((eff["ci_low"] <= truth[eff.index]) & (truth[eff.index] <= eff["ci_high"])).sum()
        total += len(eff)
        assert 0.1 < res.fit.icc < 0.35  # true ICC 0.25/1.25 = 0.2
    assert 0.88 <= covered / total <= 0.99


@pytest.mark.parametrize("model", ["polr", "svyolr"])
def test_every_model_result_says_truly_whether_it_converged(data, model):
    """The ordinal fit's BFGS stops with 'precision loss' at the optimum; that is convergence, and it
    says so, with no warning; a fit cut short is not converged and warns."""
    import warnings

    from satisfaction.errors import ConvergenceWarning
    from satisfaction.models import linear, logit

    design = Design(weight="weight", strata="district_code", cluster="psu_code")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        res = ordinal_logit(data, "q_overall", X, design=design if model == "svyolr" else None)
        top = data.assign(top2=(data["q_overall"] >= 4).astype(float))
        fits = [res, linear(top, "q_overall", X, design=design), logit(top, "top2", X, design=design)]
    assert all(f.converged is True for f in fits)
    assert res.fit.converged is True


def test_a_fit_that_does_not_converge_warns_and_says_so(data, monkeypatch):
    from scipy import optimize

    from satisfaction.errors import ConvergenceWarning

    real = optimize.minimize

    def cut_short(*args, **kwargs):
        kwargs["options"] = {**kwargs.get("options", {}), "maxiter": 2}
        return real(*args, **kwargs)

    monkeypatch.setattr(optimize, "minimize", cut_short)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        res = ordinal_logit(data, "q_overall", X)
    assert res.converged is False and res.fit.converged is False


def test_statsmodels_warnings_of_the_multilevel_fit_are_said_again_with_context():
    """The boundary warning that used to be swallowed reaches the user, naming the model."""
    import warnings

    from satisfaction.errors import SatisfactionWarning
    from satisfaction.models import multilevel

    rng = np.random.default_rng(3)
    g = np.repeat(np.arange(15), 20)
    df = pd.DataFrame({"g": g.astype(str), "x": rng.normal(size=300)})
    df["y"] = 1 + 0.5 * df["x"] + rng.normal(size=300)  # no group variance at all: the fit sits on the boundary
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = multilevel(df, "y", ["x"], groups="g")
    ours = [w for w in caught if issubclass(w.category, SatisfactionWarning)]
    assert ours and all("multilevel model of 'y' by 'g'" in str(w.message) for w in ours)
    assert any("boundary" in str(w.message) for w in ours) and res.fit.variances["g"] < 1e-4
    assert isinstance(res.converged, bool)

"""Replicate designs as first-class designs, against R 4.2 / survey 4.1.1 (tests/golden/make_replicate_golden.R).

Every replicate design R made on apiclus1 and apistrat (JK1 with and without an fpc, JKn, BRR, Fay,
the bootstrap with and without an fpc, and weights supplied with the data as JK1, "other" and with
mse=TRUE) is read back from the weights R exported; then every statistic (mean, total, ratio,
proportion with each interval, quantile, linear and logistic model), overall and by domain (one domain
lies in a single PSU, so some replicates leave it empty), must equal R's.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from satisfaction import models, survey
from satisfaction.errors import SatisfactionError, SatisfactionWarning
from satisfaction.survey import Design, replicates

BASE = __file__.rsplit("/", 1)[0] + "/golden/"
GOLDEN = pd.read_csv(BASE + "replicate_golden.csv", keep_default_na=False, na_values=["NA"],
                     dtype={"domain": str, "note": str})
DESIGNS = pd.read_csv(BASE + "replicate_designs.csv", keep_default_na=False, dtype=str)
DATA = {name: pd.read_csv(BASE + f"replicate_{name}.csv", dtype={"stype": str, "e_emptied": str})
        for name in ("apiclus1", "apistrat")}
# design -> (data, weight columns' prefix, our method name)
CASES = {"jk1": ("apiclus1", "jk1", "jk1"), "jk1fpc": ("apiclus1", "jk1fpc", "jk1"),
         "boot": ("apiclus1", "boot", "bootstrap"), "jkn": ("apistrat", "jkn", "jkn"),
         "brr": ("apistrat", "brr", "brr"), "fay": ("apistrat", "fay", "fay"),
         "bootfpc": ("apistrat", "bootfpc", "bootstrap"), "supplied_jk1": ("apiclus1", "jk1", "jk1"),
         "supplied_other": ("apiclus1", "jk1", "other"), "supplied_mse": ("apiclus1", "jk1", "other")}


def _setting(design: str, key: str) -> list[str]:
    rows = DESIGNS[(DESIGNS["design"] == design) & (DESIGNS["key"] == key)]
    return rows["value"].tolist()


def _design(name: str) -> tuple[pd.DataFrame, replicates.ReplicateDesign]:
    data_name, prefix, method = CASES[name]
    data = DATA[data_name]
    rd = replicates.replicate_weights(
        data, f"^{prefix}_r[0-9]+$", weight="pw", method=method,
        rho=float(_setting(name, "rho")[0]) if method == "fay" else None,
        scale=float(_setting(name, "scale")[0]), rscales=[float(v) for v in _setting(name, "rscales")],
        mse=_setting(name, "mse")[0] == "TRUE")
    return data, rd


def _gold(design: str, statistic: str, variable: str, domain: str = "") -> dict[str, float]:
    rows = GOLDEN[(GOLDEN["design"] == design) & (GOLDEN["statistic"] == statistic)
                  & (GOLDEN["variable"] == variable) & (GOLDEN["domain"] == domain)]
    assert len(rows), (design, statistic, variable, domain)
    return dict(zip(rows["quantity"], rows["value"].astype(float), strict=True))


def _domains(data: pd.DataFrame) -> list[tuple[str, str]]:
    return [(col, value) for col in ("stype", "e_emptied") for value in sorted(data[col].unique())]


def _close(ours: float, gold: float, rtol: float = 1e-8, atol: float = 1e-9) -> None:
    if np.isnan(gold):
        assert np.isnan(ours), (ours, gold)
    else:
        assert ours == pytest.approx(gold, rel=rtol, abs=atol), (ours, gold)


def _check(row: pd.Series, gold: dict[str, float], quantities=("estimate", "se", "ci_low", "ci_high"),
           rtol: float = 1e-8) -> None:
    names = {"estimate": "estimate", "se": "std_err", "ci_low": "ci_low", "ci_high": "ci_high"}
    for q in quantities:
        _close(float(row[names[q]]), gold[q], rtol)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SatisfactionWarning)
        yield


@pytest.mark.parametrize("name", list(CASES))
def test_mean_total_ratio_overall_and_by_domain_equal_r(name):
    data, rd = _design(name)
    _check(survey.mean(data, "api00", design=rd).iloc[0], _gold(name, "svymean", "api00"))
    _check(survey.total(data, "enroll", design=rd).iloc[0], _gold(name, "svytotal", "enroll"))
    _check(survey.ratio(data, "api00", "api99", design=rd).iloc[0], _gold(name, "svyratio", "api00/api99"))
    for col in ("stype", "e_emptied"):
        for stat, out, var in [("svymean", survey.mean(data, "api00", design=rd, by=col), "api00"),
                               ("svytotal", survey.total(data, "enroll", design=rd, by=col), "enroll"),
                               ("svyratio", survey.ratio(data, "api00", "api99", design=rd, by=col), "api00/api99")]:
            for _, row in out.iterrows():
                _check(row, _gold(name, stat, var, f"{col}={row[col]}"))


@pytest.mark.parametrize("name", list(CASES))
def test_degrees_of_freedom_are_the_rank_of_the_replicate_weights(name):
    data, rd = _design(name)
    assert rd.df() == int(_setting(name, "degf")[0])
    for col, value in _domains(data):
        rows = np.flatnonzero(data[col].to_numpy() == value)
        assert rd.df_of(rows) == _gold(name, "svymean_domain_degf", "api00", f"{col}={value}")["df"]


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("method", ["beta", "mean", "asin", "xlogit", "logit"])
def test_proportion_intervals_equal_svyciprop(name, method):
    data, rd = _design(name)
    statistic = "svyciprop_logit_tight" if method == "logit" else f"svyciprop_{method}"
    out = survey.proportion(data, "schwide", design=rd, method=method)
    _check(out.iloc[0], _gold(name, statistic, "I(schwide == 1)"))
    for col in ("stype", "e_emptied"):
        for _, row in survey.proportion(data, "schwide", design=rd, by=col, method=method).iterrows():
            domain = f"{col}={row[col]}"
            gold = _gold(name, statistic, "I(schwide == 1)", domain)
            if np.isnan(gold.get("estimate", np.nan)):
                continue  # R failed (a replicate left the domain empty and glm.fit stopped)
            reps = rd.weights[data[col].to_numpy() == row[col]]
            y = data.loc[data[col] == row[col], "schwide"].to_numpy(float)
            with np.errstate(invalid="ignore", divide="ignore"):
                p_r = (y @ reps) / reps.sum(axis=0)
            if method == "logit" and ((p_r == 0) | (p_r == 1)).any():
                continue  # R's svyglm does not converge with a replicate at 0% or 100% (its interval is arbitrary)
            _check(row, gold)


@pytest.mark.parametrize("name", list(CASES))
def test_quantiles_equal_svyquantile(name):
    data, rd = _design(name)
    for interval in ("mean", "quantile"):
        out = survey.quantile(data, "api00", design=rd, quantiles=[0.25, 0.5, 0.9], interval=interval)
        for _, row in out.iterrows():
            gold = _gold(name, f"svyquantile_{interval}", f"api00@{row['quantile']}")
            _check(row, gold)


@pytest.mark.parametrize("name", list(CASES))
def test_models_refit_with_each_replicate_as_svyglm(name):
    data, rd = _design(name)
    lin = models.linear(data, "api00", ["ell", "meals"], design=rd).table.set_index("term")
    for term in ("(Intercept)", "ell", "meals"):
        gold = _gold(name, "svyglm_gaussian", term)
        _close(lin.loc[term, "estimate"], gold["estimate"])
        _close(lin.loc[term, "std_err"], gold["se"])
    logit = models.logit(data, "schwide", ["ell"], design=rd).table.set_index("term")
    for term in ("(Intercept)", "ell"):
        gold = _gold(name, "svyglm_quasibinomial_tight", term)
        _close(logit.loc[term, "estimate"], gold["estimate"], 1e-7)
        _close(logit.loc[term, "std_err"], gold["se"], 1e-7)


def test_jackknives_built_here_are_rs():
    clus, strat = DATA["apiclus1"], DATA["apistrat"]
    jk1 = replicates.replicate_design(clus, Design(weight="pw", cluster="dnum"), method="jk1")
    ours = {tuple(np.round(c, 9)) for c in jk1.weights.T}
    theirs = {tuple(np.round(c, 9)) for c in clus.filter(regex=r"^jk1_r\d+$").to_numpy().T}
    assert ours == theirs and jk1.scale == pytest.approx(float(_setting("jk1", "scale")[0]), rel=1e-12)
    jk1fpc = replicates.replicate_design(clus, Design(weight="pw", cluster="dnum", fpc="fpc"), method="jk1")
    assert jk1fpc.scale == pytest.approx(float(_setting("jk1fpc", "scale")[0]), rel=1e-12)
    jkn = replicates.replicate_design(strat, Design(weight="pw", strata="stype"), method="jkn")
    ours = {tuple(np.round(c, 9)) for c in jkn.weights.T}
    theirs = {tuple(np.round(c, 9)) for c in strat.filter(regex=r"^jkn_r\d+$").to_numpy().T}
    assert ours == theirs
    assert sorted(np.round(jkn.rscales, 12)) == sorted(np.round([float(v) for v in _setting("jkn", "rscales")], 12))
    _check(survey.mean(strat, "api00", design=jkn).iloc[0], _gold("jkn", "svymean", "api00"))


def test_an_emptied_domain_drops_its_replicates_with_a_warning():
    data, rd = _design("brr")
    with pytest.warns(SatisfactionWarning, match="12 of 24 replicates"):
        out = survey.mean(data, "api00", design=rd, by="e_emptied")
    assert out["std_err"].notna().all()


def test_bootstrap_with_an_fpc_honours_it():
    """R's bootstrap draws cannot be reproduced, so its law is checked: with many replicates the
    bootstrap variance approaches the linearised one, fpc included, and a census stratum adds nothing."""
    strat = DATA["apistrat"]
    design = Design(weight="pw", strata="stype", fpc="fpc")
    lin = survey.mean(strat, "api00", design=design)["std_err"].iloc[0]
    no_fpc = survey.mean(strat, "api00", design=Design(weight="pw", strata="stype"))["std_err"].iloc[0]
    for method in ("bootstrap", "subbootstrap"):
        rd = replicates.replicate_design(strat, design, method=method, replicates=4000, seed=11)
        boot = survey.mean(strat, "api00", design=rd)["std_err"].iloc[0]
        assert boot == pytest.approx(lin, rel=0.05), method
    census = strat.assign(fpc=strat.groupby("stype")["stype"].transform("size"))
    rd = replicates.replicate_design(census, design, method="bootstrap", replicates=50, seed=1)
    assert survey.mean(census, "api00", design=rd)["std_err"].iloc[0] == pytest.approx(0, abs=1e-9)
    assert no_fpc > lin


def test_bad_replicate_inputs_are_named():
    data = DATA["apiclus1"]
    with pytest.raises(SatisfactionError, match="no column"):
        replicates.replicate_weights(data, "^nothing_[0-9]+$", weight="pw")
    with pytest.raises(SatisfactionError, match="rho"):
        replicates.replicate_weights(data, "^jk1_r[0-9]+$", weight="pw", method="fay")
    with pytest.raises(SatisfactionError, match="rscales"):
        replicates.replicate_weights(data, "^jk1_r[0-9]+$", weight="pw", method="jkn")
    bad = data.assign(jk1_r3=data["jk1_r3"].where(data.index != 7, -1.0))
    with pytest.raises(SatisfactionError, match="position 7") as err:
        replicates.replicate_weights(bad, "^jk1_r[0-9]+$", weight="pw")
    assert err.value.column == "jk1_r3"
    _, rd = _design("jk1")
    with pytest.raises(SatisfactionError, match="183 rows but the data has 10"):
        survey.mean(data.head(10), "api00", design=rd)
    with pytest.raises(SatisfactionError, match="needs a replicate design"):
        survey.quantile(data, "api00", design=Design(weight="pw"), interval="quantile")


def test_the_ordinal_logit_on_a_replicate_design_is_svyolr():
    """Refitted with each replicate's weights (R's polr stops its optimiser near 1e-5 of the optimum)."""
    data = DATA["apiclus1"].copy()
    data["yc"] = pd.cut(data["api00"], [-np.inf, 600, 700, 800, np.inf], labels=False) + 1
    rd = replicates.replicate_weights(data, "^jk1_r[0-9]+$", weight="pw", method="jk1", scale=14 / 15)
    ours = models.ordinal_logit(data, "yc", ["ell", "meals"], design=rd).table.set_index("term")
    gold = pd.read_csv(BASE + "replicate_olr_golden.csv").set_index("term")
    np.testing.assert_allclose(ours.loc[gold.index, "estimate"], gold["estimate"], rtol=2e-4)
    np.testing.assert_allclose(ours.loc[gold.index, "std_err"], gold["se"], rtol=5e-4)
    # where they differ, ours is the better optimum of the weighted likelihood
    from satisfaction.models.ordinal import _nll_parts

    X, yi, w = data[["ell", "meals"]].to_numpy(float), data["yc"].to_numpy() - 1, data["pw"].to_numpy(float)
    at = lambda params: _nll_parts(np.asarray(params, float), X, yi, w, 3)[0]  # noqa: E731
    assert at(ours.loc[gold.index, "estimate"]) <= at(gold["estimate"]) + 1e-9

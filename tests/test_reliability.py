"""Alpha, KMO and Bartlett agree with R's psych; omega total recovers a known one-factor truth.

Golden: tests/golden/make_reliability_golden.R (psych 2.2.9) on tests/golden/items_input.csv.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from satisfaction.errors import SatisfactionError
from satisfaction.models import efa, factorability, reliability

BASE = __file__.rsplit("/", 1)[0] + "/golden/"


@pytest.fixture(scope="module")
def items():
    return pd.read_csv(BASE + "items_input.csv")


@pytest.fixture(scope="module")
def golden():
    return pd.read_csv(BASE + "reliability_golden.csv").set_index("measure")["value"]


def test_alpha_and_feldt_interval_match_psych(items, golden):
    staff = [c for c in items.columns if c.startswith("q_staff_")]
    out = reliability(items, staff)
    alpha = out[out["measure"] == "alpha"].iloc[0]
    assert alpha["estimate"] == pytest.approx(golden["alpha_staff"], rel=1e-10)
    assert alpha["ci_low"] == pytest.approx(golden["alpha_staff_feldt_low"], rel=1e-8)
    assert alpha["ci_high"] == pytest.approx(golden["alpha_staff_feldt_high"], rel=1e-8)
    dropped = out[out["measure"] == "alpha_if_dropped"].set_index("item")["estimate"]
    for item, value in dropped.items():
        assert value == pytest.approx(golden[f"alpha_if_dropped_{item}"], rel=1e-10)


def test_kmo_and_bartlett_match_psych(items, golden):
    out = factorability(items, list(items.columns)).set_index(["measure", "item"])["value"]
    assert out[("kmo", "")] == pytest.approx(golden["kmo"], rel=1e-10)
    assert out[("bartlett_chisq", "")] == pytest.approx(golden["bartlett_chisq"], rel=1e-8)
    assert out[("bartlett_df", "")] == golden["bartlett_df"]
    for item in items.columns:
        assert out[("kmo_item", item)] == pytest.approx(golden[f"kmo_{item}"], rel=1e-10)


def test_omega_recovers_a_known_one_factor_truth():
    rng = np.random.default_rng(4)
    loadings = np.array([0.8, 0.7, 0.6, 0.5, 0.75])
    f = rng.normal(size=20000)
    df = pd.DataFrame({f"i{j}": lam * f + np.sqrt(1 - lam**2) * rng.normal(size=20000) for j, lam in enumerate(loadings)})
    true_omega = loadings.sum() ** 2 / (loadings.sum() ** 2 + (1 - loadings**2).sum())
    out = reliability(df, list(df.columns)).set_index("measure")["estimate"]
    assert out["omega_total"] == pytest.approx(true_omega, abs=0.005)


def test_efa_separates_two_factors():
    rng = np.random.default_rng(5)
    f1, f2 = rng.normal(size=(2, 3000))
    df = pd.DataFrame({**{f"a{j}": f1 + 0.6 * rng.normal(size=3000) for j in range(3)},
                       **{f"b{j}": f2 + 0.6 * rng.normal(size=3000) for j in range(3)}})
    loadings = efa(df, list(df.columns), 2).set_index("item")[["factor_1", "factor_2"]].abs()
    main = loadings.idxmax(axis=1)
    assert main[["a0", "a1", "a2"]].nunique() == 1 and main[["b0", "b1", "b2"]].nunique() == 1
    assert main["a0"] != main["b0"]


def test_too_few_items_or_rows():
    with pytest.raises(SatisfactionError, match="at least two items"):
        reliability(pd.DataFrame({"a": [1, 2, 3]}), ["a"])

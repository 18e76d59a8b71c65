"""Questionnaires as data: the bundled SIPAS 2017 instrument, a study's own instrument, and bad files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from satisfaction.errors import SatisfactionError
from satisfaction.ingest import load_codebook
from satisfaction.sipas import FACTORS, indices, ipa, items, load_instrument, sipas_index

SIX = """
name = "revised6"
title_vi = "Bộ câu hỏi sửa đổi"
scale = 5
satisfied = [4, 5]
dissatisfied = [1, 2]
overall = "q_overall"

[[factors]]
key = "access"
label_vi = "Tiếp cận"
items = ["q_acc_seating", "q_acc_equipment", "q_acc_modern", "q_acc_easy", "q_acc_signage"]

[[factors]]
key = "procedures"
label_vi = "Thủ tục"
items = ["q_proc_posted", "q_proc_accurate", "q_proc_documents", "q_proc_fees", "q_proc_deadline"]

[[factors]]
key = "attitude"
label_vi = "Thái độ công chức"
label_en = "Attitude"
items = ["q_staff_polite", "q_staff_listen", "q_staff_answer"]
expectation = "e_staff"

[[factors]]
key = "guidance"
label_vi = "Hướng dẫn của công chức"
label_en = "Guidance"
items = ["q_staff_guide", "q_staff_clear", "q_staff_rules"]

[[factors]]
key = "results"
label_vi = "Kết quả"
items = ["q_res_correct", "q_res_info", "q_res_ontime"]

[[factors]]
key = "online"
label_vi = "Dịch vụ công trực tuyến"
label_en = "Online public services"
items = ["q_fb_channel", "q_fb_easy", "q_fb_handled"]
"""


@pytest.fixture(scope="module")
def data(cleaned):
    _, out = cleaned
    d = indices.prepare(pd.read_parquet(out / "survey.parquet"))
    return d[d["wave"] == d["wave"].max()].reset_index(drop=True)


def test_the_bundled_instrument_is_the_2017_questionnaire():
    sipas = load_instrument()
    assert list(sipas.labels) == list(FACTORS) and sipas.labels == FACTORS
    cb = load_codebook()
    assert sipas.items() == items(cb) and all(sipas.items(f) == items(cb, f) for f in FACTORS)
    assert sipas.overall == "q_overall" and sipas.expectations == {f: f"e_{f}" for f in FACTORS}


def test_indices_and_ipa_follow_a_study_instrument(tmp_path, data):
    path = tmp_path / "revised6.toml"
    path.write_text(SIX, encoding="utf-8")
    six = load_instrument(path)
    idx = sipas_index(data, design=indices.SURVEY_DESIGN, instrument=six)
    factors = idx[(idx["level"] == "factor") & (idx["measure"] == "satisfied_pct")]
    assert factors["factor"].tolist() == ["access", "procedures", "attitude", "guidance", "results", "online"]
    assert factors.set_index("factor").loc["online", "label_vi"] == "Yếu tố: Dịch vụ công trực tuyến"
    overall = idx[(idx["level"] == "overall") & (idx["measure"] == "satisfied_pct")].iloc[0]
    assert overall["label_vi"] == "Chỉ số đánh giá chung (6 yếu tố)"
    # the factor share is the weighted mean of each respondent's share of its items answered 4-5
    block = data[list(six.factor("guidance").items)].astype("Float64").to_numpy(float, na_value=np.nan)
    share = np.isin(block, [4, 5]).sum(axis=1) / (~np.isnan(block)).sum(axis=1)
    w = data["weight"].to_numpy(float)
    ok = ~np.isnan(share)
    expected = 100 * (w[ok] * share[ok]).sum() / w[ok].sum()
    assert factors.set_index("factor").loc["guidance", "estimate"] == pytest.approx(expected, rel=1e-12)
    assert idx[idx["level"] == "expectation"]["factor"].tolist() == ["attitude"]
    res = ipa(data, design=indices.SURVEY_DESIGN, n_boot=10, seed=1, instrument=six)
    assert res["factor"].tolist() == ["attitude"]  # the only factor with a stated-importance item


def test_a_stricter_satisfied_code_changes_the_index(tmp_path, data):
    path = tmp_path / "strict.toml"
    path.write_text(SIX.replace("satisfied = [4, 5]", "satisfied = [5]"), encoding="utf-8")
    strict = sipas_index(data, design=indices.SURVEY_DESIGN, instrument=load_instrument(path))
    usual = sipas_index(data, design=indices.SURVEY_DESIGN)
    pick = lambda t: t[(t["variable"] == "q_staff_polite") & (t["measure"] == "satisfied_pct")]["estimate"].iloc[0]  # noqa: E731
    top = (data["q_staff_polite"] == 5).astype(float).where(data["q_staff_polite"].notna())
    w = data["weight"].where(top.notna())
    assert pick(strict) == pytest.approx(100 * (w * top).sum() / w.sum(), rel=1e-12) and pick(strict) < pick(usual)


@pytest.mark.parametrize("change, message", [
    (("scale = 5", "scale = 5\ncolour = 'red'"), "unknown key.*colour"),
    (('key = "online"', 'key = "online"\nweight = 2'), r"factors\[6\]: unknown key.*weight"),
    (('"q_fb_handled"]', '"q_fb_handled", "q_acc_easy"]'), "q_acc_easy.*already in factor 'access'"),
    (("satisfied = [4, 5]", "satisfied = [4, 6]"), "satisfied must be a list of codes between 1 and 5"),
    (("dissatisfied = [1, 2]", "dissatisfied = [1, 4]"), "both satisfied and dissatisfied"),
    (('key = "results"', 'key = "access"'), "factor key 'access' appears twice"),
    (("scale = 5", "scale = 'five'"), "scale must be an integer"),
    (('overall = "q_overall"', 'overall = "q_res_info"'), "overall item 'q_res_info' is also an item"),
])
def test_bad_instruments_are_refused_naming_file_and_key(tmp_path, change, message):
    path = tmp_path / "bad.toml"
    path.write_text(SIX.replace(*change), encoding="utf-8")
    with pytest.raises(SatisfactionError, match=message) as err:
        load_instrument(path)
    assert "bad.toml" in str(err.value)


def test_missing_and_unknown_instruments(tmp_path, data):
    with pytest.raises(SatisfactionError, match="not found"):
        load_instrument(tmp_path / "none.toml")
    with pytest.raises(SatisfactionError, match="bundled ones are sipas2017"):
        load_instrument("sipas2030")
    (tmp_path / "broken.toml").write_text("name = [", encoding="utf-8")
    with pytest.raises(SatisfactionError, match="not a valid TOML"):
        load_instrument(tmp_path / "broken.toml")
    path = tmp_path / "extra.toml"
    path.write_text(SIX.replace('"q_res_ontime"]', '"q_res_ontime", "q_res_fast"]'), encoding="utf-8")
    with pytest.raises(SatisfactionError, match="no column for 1 item.*q_res_fast"):
        sipas_index(data, design=indices.SURVEY_DESIGN, instrument=load_instrument(path))

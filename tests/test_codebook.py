from __future__ import annotations

import pytest

from satisfaction.errors import SatisfactionError
from satisfaction.ingest import load_codebook, raw_header, value_labels
from satisfaction.sipas import FACTORS, items


def test_sipas_structure():
    cb = load_codebook()
    assert len(items(cb)) == 22
    assert [len(items(cb, f)) for f in FACTORS] == [5, 5, 6, 3, 3]
    assert set(cb.loc[cb["factor"] == "expectation", "variable"]) == {f"e_{f}" for f in FACTORS}


def test_every_variable_is_ascii_snake_case_and_labelled():
    cb = load_codebook()
    assert cb["variable"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert (cb["label_vi"] != "").all() and (cb["label_en"] != "").all()
    for var in cb.loc[cb["type"].isin(["likert5", "categorical"]), "variable"]:
        vi, en = value_labels(cb, var), value_labels(cb, var, lang="en")
        assert vi.keys() == en.keys() and len(vi) >= 2, var


def test_raw_headers_with_and_without_diacritics():
    cb = load_codebook()
    assert raw_header(cb, "q_overall") == "F1. Mức độ hài lòng chung"
    assert raw_header(cb, "q_overall", ascii_only=True) == "F1. Muc do hai long chung"


def test_bad_codebooks_get_clear_messages(tmp_path):
    cb = load_codebook()
    bad = cb.copy()
    bad.loc[3, "type"] = "likert7"
    path = tmp_path / "cb.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(SatisfactionError, match=r"cb\.csv, row 5, column 'type': unknown type 'likert7'"):
        load_codebook(path)
    cb.drop(columns="label_en").to_csv(path, index=False)
    with pytest.raises(SatisfactionError, match="lacks the columns"):
        load_codebook(path)
    cb.iloc[[0, 0]].to_csv(path, index=False)
    with pytest.raises(SatisfactionError, match="defined twice"):
        load_codebook(path)

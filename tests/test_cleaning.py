"""Cleaning the bundled exports finds exactly the mess the simulator put in, and loses no row."""

from __future__ import annotations

import pandas as pd
import pytest

from satisfaction.ingest import (
    CCCD,
    CMND,
    EMAIL,
    PHONE,
    QUARANTINE_COLUMNS,
    REASONS,
    crosswalk_2025,
    load_codebook,
)
from satisfaction.sipas import items

WAVES = (2022, 2023, 2024, 2025)


def _survey(cleaned, wave):
    return cleaned[0][f"khao_sat_{wave}.xlsx"]


def _quarantined_ids(result, reason, column):
    q = result.quarantine
    return set(q.loc[q["problems"].str.contains(f"{reason}:{column}", regex=False), "resp_id"])


def test_every_row_is_accounted_for_in_every_file(cleaned):
    for name, result in cleaned[0].items():
        a = result.accounting
        assert a["rows_in"] == a["rows_clean"] + a["rows_quarantined"] + a["exact_duplicates_dropped"], name
        assert not set(result.data["source_row"]) & set(result.quarantine["source_row"]), name


@pytest.mark.parametrize("wave", WAVES)
def test_duplicates_found_as_injected(cleaned, injected, wave):
    result, inj = _survey(cleaned, wave), injected[f"khao_sat_{wave}.xlsx"]
    assert result.exact_duplicates == inj["exact_duplicates"]
    assert _quarantined_ids(result, "conflicting_duplicate", "resp_id") == set(inj["conflicting_duplicate_ids"])
    assert result.data["resp_id"].is_unique


@pytest.mark.parametrize("wave", WAVES)
def test_injected_errors_are_quarantined_with_reason_and_column(cleaned, injected, wave):
    result, inj = _survey(cleaned, wave), injected[f"khao_sat_{wave}.xlsx"]
    assert _quarantined_ids(result, "invalid_value", "q_res_info") == set(inj["unknown_label"])
    assert _quarantined_ids(result, "out_of_range", "age") == set(inj["age_out_of_range"])
    assert _quarantined_ids(result, "invalid_date", "survey_date") == set(inj["impossible_date"])
    assert _quarantined_ids(result, "unmatched_place", "district_name") == set(inj["unmatched_district"])
    assert set(result.quarantine["reason"]) <= set(REASONS)
    assert list(result.quarantine.columns[:len(QUARANTINE_COLUMNS)]) == QUARANTINE_COLUMNS


@pytest.mark.parametrize("wave", WAVES)
def test_typos_in_district_names_are_matched_to_the_right_code(cleaned, injected, wave):
    data = _survey(cleaned, wave).data.set_index("resp_id")
    typos = [i for i in injected[f"khao_sat_{wave}.xlsx"]["district_typos"] if i in data.index]
    assert typos
    assert (data.loc[typos, "district_code"] == [i.split("-")[1] for i in typos]).all()
    # and every clean row's district is the one its ID was issued in
    assert (data["district_code"] == data.index.str.split("-").str[1]).all()


@pytest.mark.parametrize("wave", WAVES)
def test_missing_codes_become_na_and_are_counted(cleaned, injected, wave):
    result, inj = _survey(cleaned, wave), injected[f"khao_sat_{wave}.xlsx"]
    log = result.log[result.log["step"].isin(["missing_code_to_na", "blank_to_na"])]
    counted = log.groupby("variable")["count"].sum()
    extra = len(inj["conflicting_duplicate_ids"])  # conflicting copies carry their original's codes too
    for var, n in inj["missing_codes"].items():
        overwritten = len(inj["unknown_label"]) if var == "q_res_info" else 0  # a label written over a code
        assert n - overwritten <= counted.get(var, 0) <= n + extra, var


def test_answers_are_codes_in_range(cleaned):
    cb = load_codebook()
    data = pd.concat([_survey(cleaned, w).data for w in WAVES])
    for var in items(cb) + ["q_overall", "e_staff"]:
        values = data[var].dropna()
        assert values.between(1, 5).all(), var
        assert str(data[var].dtype) == "Int8"
    assert data[items(cb)].notna().mean().min() > 0.97


def test_no_personal_data_survives_anywhere(cleaned, injected):
    for name, result in cleaned[0].items():
        for frame in (result.data, result.quarantine):
            for col in [c for c in ("comment", "text") if c in frame.columns]:
                text = frame[col].dropna().astype(str)
                for pattern in (PHONE, CCCD, CMND, EMAIL):
                    assert not text.str.contains(pattern).any(), (name, col, pattern.pattern)
    for wave in WAVES:
        log = _survey(cleaned, wave).log
        redacted = log[log["step"] == "redact_personal_data"].set_index("detail")["count"]
        for kind, n in injected[f"khao_sat_{wave}.xlsx"]["comments"]["pii"].items():
            assert redacted.get(kind, 0) >= n, (wave, kind)
    log = cleaned[0]["don_thu_phan_anh.csv"].log
    redacted = log[log["step"] == "redact_personal_data"].set_index("detail")["count"]
    for kind, n in injected["don_thu_phan_anh.csv"]["pii"].items():
        assert redacted.get(kind, 0) >= n, ("petitions", kind)


def test_text_is_repaired_to_nfc_with_canonical_tones(cleaned):
    import unicodedata

    comments = pd.concat([_survey(cleaned, w).data["comment"] for w in WAVES]).dropna()
    assert (comments == comments.map(lambda t: unicodedata.normalize("NFC", t))).all()
    # whole syllables: the closed "hoàn" and "hoài" (hoàn thành, chờ hoài) are already canonical
    assert not comments.str.contains(r"\b(?:hoà|thuỷ|khoẻ)\b", regex=True).any()
    assert not comments.str.contains("  ").any()


def test_2025_wave_names_new_communes_and_keeps_the_old_code(cleaned):
    data = _survey(cleaned, 2025).data
    assert data["new_ward"].notna().all()
    assert set(data["new_ward"]) <= set(crosswalk_2025()["new_ward"])
    assert (data["ward_code"] == data["psu_code"]).all()
    old = _survey(cleaned, 2022).data
    assert old["ward_code"].notna().all() and old["new_ward_candidates"].notna().all()

"""Cases, letters and petitions: derived outcomes agree with what the simulator recorded."""

from __future__ import annotations

import pandas as pd
import pytest

from satisfaction.ingest import apology_compliance, compliance_by_district


def test_case_outcomes_from_dates(cleaned, injected):
    results, _ = cleaned
    cases = results["ho_so_2024.csv"]
    inj = injected["ho_so_2024.csv"]
    q = cases.quarantine
    assert (q["reason"] == "invalid_date").sum() == inj["impossible_received_dates"]
    assert (cases.data["outcome"] == "pending").sum() + q["returned"].isna().sum() == inj["pending"]
    late_clean = (cases.data["outcome"] == "late").sum()
    late_quarantined = (q["status"] == "Quá hạn").sum()
    assert late_clean + late_quarantined == inj["late"]
    # the office system's own status agrees with the dates in the simulated data
    assert not (cases.log["step"] == "status_disagrees_with_dates").any()


def test_every_late_case_is_linked_to_its_apology_letter_or_flagged(cleaned, injected):
    results, out = cleaned
    late = pd.read_parquet(out / "late_cases.parquet")
    inj = injected["apology_letters"]
    quarantined_late = (results["ho_so_2024.csv"].quarantine["status"] == "Quá hạn").sum()
    assert len(late) == inj["late_cases"] - quarantined_late
    assert inj["late_without_letter"] - quarantined_late <= (~late["apology_sent"]).sum() <= inj["late_without_letter"]
    by = compliance_by_district(late)
    assert by["late_cases"].sum() == len(late) and by["compliance_pct"].between(0, 100).all()


def test_the_tcvn3_register_is_read_and_joined(cleaned):
    results, _ = cleaned
    legacy = results["so_thu_thuong_tin_2024_tcvn3.csv"]
    assert legacy.source.get("file") == "so_thu_thuong_tin_2024_tcvn3.csv"
    assert legacy.accounting["rows_quarantined"] == 0
    assert set(legacy.data["district_code"]) == {"279"}  # Thường Tín
    assert set(legacy.data["letter_type"]) <= {1, 2, 3, 4}


def test_petitions_response_times_and_units(cleaned, injected):
    petitions = cleaned[0]["don_thu_phan_anh.csv"].data
    inj = injected["don_thu_phan_anh.csv"]
    assert (~petitions["answered_yet"]).sum() == inj["unanswered"]
    assert (petitions["response_days"].dropna() > 0).all()
    after = petitions["received"] >= "2025-07-01"
    assert petitions.loc[after, "new_ward"].notna().all() and petitions.loc[~after, "district_code"].notna().all()


def test_apology_compliance_small_example():
    cases = pd.DataFrame({"case_id": ["A", "B"], "district_code": ["001", "001"], "outcome": ["late", "late"]})
    letters = pd.DataFrame({"case_id": ["A", "A"], "letter_type": [3, 1]})
    assert apology_compliance(cases, letters)["apology_sent"].tolist() == [True, False]


def test_case_performance_by_district_counts_every_case(cleaned, injected):
    from satisfaction.ingest import case_performance

    results, _ = cleaned
    cases = results["ho_so_2024.csv"].data
    perf = case_performance(cases)
    assert perf["cases"].sum() == len(cases)
    assert perf["late"].sum() == (cases["outcome"] == "late").sum()
    assert perf["ontime_pct"].between(80, 100).all() and len(perf) == 30


def test_a_register_is_cleaned_with_the_studys_own_codebook(tmp_path):
    from satisfaction.errors import SatisfactionError
    from satisfaction.ingest import clean_file, load_codebook

    cb = load_codebook("cases")
    own = cb[cb["variable"] != "status"].copy()  # an office system without a status column
    own.loc[own["variable"] == "channel", ["values", "source_columns"]] = ["1=Tại quầy;2=Qua mạng;3=Bưu điện",
                                                                             "Cách nộp"]
    own.loc[own["variable"] == "case_id", "source_columns"] = "Số biên nhận"
    book = tmp_path / "codebook_cases.csv"
    own.to_csv(book, index=False)
    path = tmp_path / "ho_so.csv"
    path.write_text("Số biên nhận,Đơn vị,Lĩnh vực,Cách nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả\n"
                    "B-1,Quận Ba Đình,1,Qua mạng,01/03/2024,10/03/2024,12/03/2024\n", encoding="utf-8")
    result = clean_file(path, kind="cases", codebook=book)
    row = result.data.iloc[0]
    assert row["case_id"] == "B-1" and row["channel"] == 2 and bool(row["online"]) and row["outcome"] == "late"
    assert pd.isna(row["status"]) and "column_absent" in set(result.log["step"])
    without = own[own["variable"] != "received"]
    without.to_csv(book, index=False)
    with pytest.raises(SatisfactionError, match=r"lacks the variables \['received'\]"):
        clean_file(path, kind="cases", codebook=book)

from __future__ import annotations

import json

import pytest

from satisfaction import config
from satisfaction.ingest import overview


@pytest.fixture(scope="module")
def waves():
    return overview.load_waves()


def test_every_exported_row_is_counted_and_every_district_matched(waves):
    injected = json.loads((config.raw_dir() / "injected.json").read_text(encoding="utf-8"))
    counts = overview.respondents_by_district(waves)
    total = counts[counts["district"] == "Tổng"].iloc[0]
    for wave in (2022, 2023, 2024, 2025):
        assert total[str(wave)] == injected[f"khao_sat_{wave}.xlsx"]["rows_written"]
    unmatched = {i for w in (2022, 2023, 2024, 2025) for i in injected[f"khao_sat_{w}.xlsx"]["unmatched_district"]}
    assert set(waves.loc[waves["district_code"].isna(), "resp_id"]) == unmatched  # "Hà Nội": not guessed
    assert len(counts) == 32 and counts["district"].iloc[-2] == "(không khớp tên)"


def test_summary_finds_the_injected_exact_duplicates(waves):
    injected = json.loads((config.raw_dir() / "injected.json").read_text(encoding="utf-8"))
    summary = overview.data_summary(waves).set_index("wave")
    for wave in (2022, 2023, 2024, 2025):
        assert summary.loc[wave, "exact_duplicate_rows"] == injected[f"khao_sat_{wave}.xlsx"]["exact_duplicates"]
    assert summary.loc[2025, "place_names"] == "communes of 2025-07-01"


def test_national_sipas_flags_the_method_break():
    sipas = overview.national_sipas()
    assert sipas["year"].is_monotonic_increasing
    before = sipas[sipas["year"] < 2022]["method"].unique()
    after = sipas[sipas["year"] >= 2022]["method"].unique()
    assert len(before) == 1 and len(after) == 1 and before[0] != after[0]


def test_raw_files_match_the_manifest():
    files = overview.raw_files()
    assert files["matches_manifest"].all() and len(files) >= 11

from __future__ import annotations

import pytest

from satisfaction import config
from satisfaction.ingest import reference

REF = config.PACKAGE_DATA / "reference"


def test_reference_tables_regenerate_byte_for_byte(tmp_path, shared_data):
    pytest.importorskip("vietnam_provinces")
    written = reference.build_reference_tables(tmp_path)
    assert {p.name for p in written} == {reference.DISTRICTS_FILE, reference.WARDS_FILE,
                                        reference.CROSSWALK_FILE, reference.PUBLISHED_FILE,
                                        reference.PROVINCES_FILE, reference.DISTRICTS_2024_FILE,
                                        reference.UNITS_FILE, reference.VN_CROSSWALK_FILE}
    for path in written:
        assert path.read_bytes() == (REF / path.name).read_bytes(), path.name


def test_reference_agrees_with_the_shared_export(shared_data):
    import pandas as pd

    shared = pd.read_csv(shared_data / "admin_units" / "districts_pre2025_gso.csv")
    hanoi = shared[shared["province_code"] == 1]
    ours = reference.districts()
    assert ours["district_code"].astype(int).tolist() == hanoi["district_code"].tolist()
    assert ours["n_wards"].tolist() == hanoi["n_wards"].tolist()
    assert ours["district_name"].tolist() == hanoi["district_name"].tolist()


def test_hanoi_units():
    d, w, cw = reference.districts(), reference.wards(), reference.crosswalk_2025()
    assert len(d) == 30 and d["district_code"].is_unique
    assert len(w) == d["n_wards"].sum() == 526
    assert set(w["district_code"]) == set(d["district_code"])
    assert set(cw["ward_code"]) == set(w["ward_code"])  # every old ward has a 2025 unit
    assert cw["new_ward"].nunique() == 126


def test_published_indices_keep_their_sources():
    pub = reference.published_indices()
    assert pub["source_url"].str.startswith("http").all()
    sipas = pub[(pub["level"] == "national") & (pub["indicator"] == "SIPAS national average (%)")]
    assert sipas.set_index("year").loc[2024, "value"] == pytest.approx(83.94)

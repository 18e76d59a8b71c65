"""The national tables of units, before (vintage 2024) and after (2025) the reorganisation of 2025-07-01."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from satisfaction.errors import SatisfactionError
from satisfaction.ingest import crosswalk, districts_2024, province_code, provinces, reference, units
from satisfaction.vietnamese import ascii_key

SHARED = Path(__file__).parents[2] / "shared" / "data" / "admin_units"
PREFIX = re.compile(r"^(thị xã|thành phố|quận|huyện)\s+", re.IGNORECASE)
ISLANDS = {"Huyện Bạch Long Vĩ", "Huyện Cồn Cỏ", "Huyện Hoàng Sa", "Huyện Lý Sơn", "Huyện Côn Đảo"}


def test_counts():
    assert provinces()["vintage"].value_counts().to_dict() == {"2024": 63, "2025": 34}
    assert len(districts_2024()) == 696
    assert len(units("2024")) == 10051 == districts_2024()["n_wards"].sum()
    assert len(units("2025")) == 3321
    assert units("2025")["division_type"].value_counts().to_dict() == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert units("2024")["division_type"].value_counts().to_dict() == {"xã": 7717, "phường": 1716, "thị trấn": 618}
    assert len(crosswalk()) == 10602
    assert set(provinces()["division_type"]) == {"tỉnh", "thành phố"}
    assert set(districts_2024()["division_type"]) == {"quận", "huyện", "thị xã", "thành phố"}


def test_codes_are_padded_and_unique():
    p, d, u = provinces(), districts_2024(), pd.concat([units("2024"), units("2025")])
    assert p["province_code"].str.fullmatch(r"\d\d").all() and not p.duplicated(["vintage", "province_code"]).any()
    assert d["district_code"].str.fullmatch(r"\d{3}").all() and d["district_code"].is_unique
    assert u["ward_code"].str.fullmatch(r"\d{5}").all() and u["ward_code"].is_unique  # across both vintages
    new = units("2025")["ward_code"].astype(int)
    assert new.min() == reference.NEW_CODE_BASE + 1 and new.max() == reference.NEW_CODE_BASE + 3321
    assert units("2024")["ward_code"].astype(int).max() < reference.NEW_CODE_BASE  # derived codes never GSO's
    assert (units("2025")["district_code"] == "").all() and (units("2024")["district_code"] != "").all()


def test_every_2024_ward_has_its_district():
    d, w = districts_2024(), units("2024")
    pairs = set(zip(d["province_code"], d["district_code"], strict=True))
    assert set(zip(w["province_code"], w["district_code"], strict=True)) <= pairs
    assert w.groupby("district_code").size().reindex(d["district_code"], fill_value=0).tolist() == d["n_wards"].tolist()
    assert set(d.loc[d["n_wards"] == 0, "district_name"]) == ISLANDS


def test_every_crosswalk_unit_exists():
    cw, d, old, new = crosswalk(), districts_2024(), units("2024"), units("2025")
    coded = cw[cw["old_ward_code"] != ""]
    known = set(zip(old["province_code"], old["district_code"], old["ward_code"], strict=True))
    assert set(zip(coded["old_province_code"], coded["old_district_code"], coded["old_ward_code"], strict=True)) <= known
    assert set(zip(cw["old_province_code"], cw["old_district_code"], strict=True)) <= set(
        zip(d["province_code"], d["district_code"], strict=True))
    assert set(zip(cw["new_province_code"], cw["new_ward_code"], cw["new_ward"], strict=True)) == set(
        zip(new["province_code"], new["ward_code"], new["ward_name"], strict=True))  # every new unit, once named
    # each old province goes whole into one new province (63 -> 34)
    assert cw.groupby("old_province_code")["new_province_code"].nunique().eq(1).all()
    assert cw["old_province_code"].nunique() == 63 and cw["new_province_code"].nunique() == 34
    # without a GSO code: the five island districts (no wards; the district became a special zone) and the
    # eleven wards of the mapping that vietnam-provinces (data of 2025-01-04) does not have
    blank = cw[cw["old_ward_code"] == ""]
    islands = blank[blank["old_ward"] == ""]
    names = d.set_index("district_code")["district_name"]
    assert set(islands["old_district_code"].map(names)) == ISLANDS
    assert islands["new_ward"].str.startswith("Đặc khu ").all()
    assert len(blank) - len(islands) == 11


def test_unmapped_split_and_ambiguous():
    cw, old = crosswalk(), units("2024")
    assert (~old["ward_code"].isin(cw["old_ward_code"])).sum() == 27  # units changed in the first half of 2025
    per_ward = cw[cw["old_ward_code"] != ""].groupby("old_ward_code")["new_ward_code"].nunique()
    assert (per_ward > 1).sum() == 471
    split = cw["old_ward_code"].isin(per_ward[per_ward > 1].index)
    assert (cw.loc[split, "mapping_type"] == "divided").all() and (cw["mapping_type"] == "divided").sum() == split.sum()
    # a name repeats across the districts of a province: "Phường 1" of Ho Chi Minh City is ten wards
    hcm1 = cw[(cw["old_province_code"] == "79") & (cw["old_ward"] == "Phường 1")]
    assert hcm1["old_district_code"].nunique() == 10 and hcm1["new_ward_code"].nunique() > 1


def test_new_units_that_differ_only_by_diacritics_keep_them():
    new = units("2025")
    keys = new.assign(key=new["ward_name"].map(ascii_key)).groupby(["province_code", "key"])["ward_name"].agg(sorted)
    pairs = sorted((p, tuple(v)) for (p, _), v in keys.items() if len(v) > 1)
    assert len(pairs) == 8 and ("31", ("Xã Cẩm Giang", "Xã Cẩm Giàng")) in pairs
    assert not new.duplicated(["province_code", "ward_name"]).any()


def test_hanoi_subsets_agree_with_the_hanoi_tables():
    hd, hw, hc = reference.districts(), reference.wards(), reference.crosswalk_2025()
    d = districts_2024("01")
    assert d.drop(columns="province_code").equals(hd)
    w = units("2024", "01")
    assert w[hw.columns].equals(hw)
    cw = crosswalk("01").rename(columns={"old_district_code": "district_code", "old_ward_code": "ward_code"})
    assert Counter(map(tuple, cw[hc.columns].to_numpy())) == Counter(map(tuple, hc.to_numpy()))
    assert (cw["new_province_code"] == "01").all() and len(crosswalk("01", side="new")) == len(cw)
    assert len(units("2025", "01")) == hc["new_ward"].nunique() == 126
    assert set(units("2025", "01")["ward_name"]) == set(hc["new_ward"])


@pytest.mark.parametrize("name", [1, "1", "01", "Hà Nội", "Thành phố Hà Nội", "ha noi", "HA NOI", "TP. Hà Nội",
                                  "thanh pho ha noi"])
def test_a_province_by_code_or_name(name):
    assert province_code(name, vintage="2024") == province_code(name, vintage="2025") == "01"
    assert len(units("2024", name)) == 526 and len(districts_2024(name)) == 30


def test_codes_change_meaning_between_vintages():
    assert provinces("2024").set_index("province_code").at["15", "province_short"] == "Yên Bái"
    assert provinces("2025").set_index("province_code").at["15", "province_short"] == "Lào Cai"
    assert province_code("Thừa Thiên Huế", vintage="2024") == "46"
    assert province_code("Bà Rịa - Vũng Tàu", vintage="2024") == province_code("ba ria vung tau", vintage="2024") == "77"
    assert set(units("2025", "Lào Cai")["province_code"]) == {"15"}
    tq = crosswalk("Tuyên Quang", side="new")
    assert set(tq["old_province_code"]) == {"02", "08"}  # Hà Giang and Tuyên Quang
    assert len(crosswalk("Hà Giang")) + len(crosswalk("tuyen quang")) == len(tq)


def test_an_unknown_province_is_refused_with_close_names():
    with pytest.raises(SatisfactionError, match="closest: Thành phố Hà Nội"):
        units("2024", "Ha Noii")
    with pytest.raises(SatisfactionError, match="Tỉnh Hà Giang went into Tỉnh Tuyên Quang"):
        province_code("Ha Giang", vintage="2025")
    with pytest.raises(SatisfactionError, match="closest: Tỉnh Tuyên Quang"):
        crosswalk("Tuyen Quan", side="new")
    with pytest.raises(SatisfactionError, match="code"):
        districts_2024(3)
    with pytest.raises(SatisfactionError, match="vintage"):
        units("2023")
    with pytest.raises(SatisfactionError, match="side"):
        crosswalk("01", side="both")


@pytest.fixture
def shared_export():
    if not SHARED.is_dir():
        pytest.skip(f"the checked export of the same packages is not at {SHARED}")
    return SHARED


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_districts_agree_with_the_shared_export(shared_export):
    theirs = _read(shared_export / "districts_pre2025_gso.csv")
    ours = districts_2024()
    assert theirs["province_code"].str.zfill(2).tolist() == ours["province_code"].tolist()
    assert theirs["district_code"].str.zfill(3).tolist() == ours["district_code"].tolist()
    assert theirs["district_name"].tolist() == ours["district_name"].tolist()
    assert theirs["n_wards"].astype(int).tolist() == ours["n_wards"].tolist()
    # the export spells the provincial city out in full
    assert theirs["division_type"].replace("thành phố thuộc tỉnh", "thành phố").tolist() == ours["division_type"].tolist()


def test_provinces_agree_with_the_shared_export(shared_export):
    theirs = _read(shared_export / "provinces_old63_to_new34.csv")
    new = provinces("2025").set_index("province_code")
    assert set(zip(theirs["new_code"], theirs["new_name"], theirs["new_short"], strict=True)) == set(
        zip(new.index, new["province_name"], new["province_short"], strict=True))
    old = provinces("2024").set_index("province_code")
    assert theirs["old_code"].tolist() == old.index.tolist()
    assert (theirs["old_short"].map(ascii_key) == old["province_short"].map(ascii_key).to_numpy()).all()  # Hòa/Hoà
    pairs = crosswalk()[["old_province_code", "new_province_code"]].drop_duplicates()
    assert set(map(tuple, pairs.to_numpy())) == set(zip(theirs["old_code"], theirs["new_code"], strict=True))


def test_crosswalk_rows_agree_with_the_shared_export(shared_export):
    """Row for row, once our codes are named; where the export left a homonym's name empty, ours has it."""
    theirs = _read(shared_export / "ward_crosswalk_2025-07-01.csv")
    provs = _read(shared_export / "provinces_old63_to_new34.csv")
    old_code = dict(zip(provs["old_name"], provs["old_code"], strict=True))
    d = districts_2024()
    by_full = {(p, ascii_key(n)): c for p, n, c in zip(d["province_code"], d["district_name"], d["district_code"], strict=True)}
    short = Counter(zip(d["province_code"], d["district_short"].map(ascii_key), strict=True))
    by_short = {(p, ascii_key(s)): c for p, s, c in zip(d["province_code"], d["district_short"], d["district_code"], strict=True)
                if short[(p, ascii_key(s))] == 1}

    def district(p, name):  # the export names districts as the mapping does ("Thị Xã Việt Yên")
        return by_full.get((p, ascii_key(name))) or by_short[(p, ascii_key(PREFIX.sub("", name)))]

    new_name = provinces("2025").set_index("province_code")["province_name"]
    theirs_rows = [(old_code[r.old_province], district(old_code[r.old_province], r.old_district), r.old_ward,
                    r.new_province, r.new_ward, r.mapping_type) for r in theirs.itertuples()]
    cw = crosswalk()
    ours_rows = list(zip(cw["old_province_code"], cw["old_district_code"], cw["old_ward"],
                         cw["new_province_code"].map(new_name), cw["new_ward"], cw["mapping_type"], strict=True))
    assert len(ours_rows) == len(theirs_rows) == 10602
    full = Counter(r for r in theirs_rows if r[2] and r[4])
    ours = Counter(ours_rows)
    assert not full - ours  # every fully named row of the export is ours
    for blank in ((2,), (4,), (2, 4)):  # and the others match on what they do name
        pattern = [r for r in theirs_rows if all(not r[i] for i in blank) and all(r[i] for i in {2, 4} - set(blank))]
        project = Counter(tuple("" if i in blank else v for i, v in enumerate(r)) for r in ours_rows)
        assert not Counter(pattern) - project, blank
    assert sum(1 for r in theirs_rows if not (r[2] and r[4])) == 90

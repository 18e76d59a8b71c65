from __future__ import annotations

import pandas as pd

from satisfaction.ingest import district_key, match_districts, reference


def test_every_official_name_matches_itself():
    d = reference.districts()
    got = match_districts(d["district_name"])
    assert got["code"].tolist() == d["district_code"].tolist()


def test_variants_match_and_unknowns_do_not():
    names = pd.Series(["Q. Nam Từ Liêm", "quan nam tu liem", "Nam Tu Liem", "TX. Sơn Tây", "huyện ứng hoà",
                       "Quận 1", None, "Thanh"])
    got = match_districts(names)["code"]
    assert got.iloc[:5].tolist() == ["019", "019", "019", "269", "281"]
    assert got.iloc[5:].isna().all()
    assert match_districts(names)["match"].tolist()[5:] == ["unmatched", "blank", "unmatched"]


def test_typos_within_the_bound_match_and_ambiguous_names_are_not_guessed():
    got = match_districts(pd.Series(["Thanh Tri", "Thanh Trl", "Hoang Mal", "Tay Hoo", "Thanh X", "Bam Tu Liem"]))
    assert got["code"].fillna("").tolist() == ["020", "020", "008", "003", "", ""]
    assert got["match"].tolist() == ["exact", "fuzzy", "fuzzy", "fuzzy", "unmatched", "ambiguous"]
    # "Bam Tu Liem" is one letter from both Nam Từ Liêm and Bắc Từ Liêm: never guessed


def test_wards_match_within_their_district_and_map_to_2025_units():
    from satisfaction.ingest import match_wards, new_units

    got = match_wards(pd.Series(["P. Phúc Xá", "Phuc Xa", "xa duc hoa", "Phúc Xá"]), pd.Series(["001", "001", "016", "002"]))
    assert got["code"].fillna("").tolist() == ["00001", "00001", reference.wards().set_index("ward_name").at["Xã Đức Hoà", "ward_code"], ""]
    units = new_units(pd.Series(["00001"]))
    assert units["new_ward"].tolist() == ["Phường Hồng Hà"]


def test_keys_of_the_thirty_districts_are_distinct():
    keys = reference.districts()["district_name"].map(district_key)
    assert keys.is_unique

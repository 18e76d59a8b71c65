from __future__ import annotations

import pandas as pd

from satisfaction import reference
from satisfaction.places import district_key, match_districts


def test_every_official_name_matches_itself():
    d = reference.districts()
    got = match_districts(d["district_name"])
    assert got["district_code"].tolist() == d["district_code"].tolist()


def test_variants_match_and_unknowns_do_not():
    names = pd.Series(["Q. Nam Từ Liêm", "quan nam tu liem", "Nam Tu Liem", "TX. Sơn Tây", "huyện ứng hoà",
                       "Quận 1", None])
    got = match_districts(names)["district_code"]
    assert got.iloc[:5].tolist() == ["019", "019", "019", "269", "281"]
    assert got.iloc[5:].isna().all()


def test_keys_of_the_thirty_districts_are_distinct():
    keys = reference.districts()["district_name"].map(district_key)
    assert keys.is_unique

"""Matching place names as people write them to GSO codes.

A district may be written "Quận Nam Từ Liêm", "Q. Nam Từ Liêm", "quan nam tu liem" or
"Nam Tu Liem": all reduce to the same key once the prefix, diacritics, case and spacing are
removed. A name that matches no unit, or more than one, is reported, never guessed.
"""

from __future__ import annotations

import re

import pandas as pd

from satisfaction import reference
from satisfaction.vietnamese import ascii_key, strip_diacritics

_DISTRICT_PREFIX = re.compile(r"^\s*(thi xa|tx\.?|quan|q\.|huyen|h\.|thanh pho|tp\.?)\s*", re.IGNORECASE)


def district_key(name: str) -> str:
    """The matching key of a district-level name: prefix, diacritics, case and spaces removed.

    Examples
    --------
    >>> {district_key(n) for n in ["Q. Nam Từ Liêm", "quan nam tu liem", "Nam Tu Liem", "Quận Nam Từ Liêm"]}
    {'namtuliem'}
    >>> district_key("TX Sơn Tây")
    'sontay'
    """
    return ascii_key(_DISTRICT_PREFIX.sub("", strip_diacritics(str(name)).strip()))


def match_districts(names: pd.Series) -> pd.DataFrame:
    """GSO code and official name of each district name; unmatched names get ``<NA>``.

    Examples
    --------
    >>> match_districts(pd.Series(["H. Thanh Trì", "Ba Dinh", "Hà Nội"]))["district_code"].tolist()
    ['020', '001', <NA>]
    """
    ref = reference.districts()
    ref = ref.assign(key=ref["district_short"].map(ascii_key))
    lookup = ref.set_index("key")[["district_code", "district_name"]]
    keys = names.astype("string").map(district_key, na_action="ignore")
    out = lookup.reindex(keys.to_numpy())
    out.index = names.index
    return out.astype("string")

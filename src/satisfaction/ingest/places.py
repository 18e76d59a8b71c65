"""Matching place names as people write them to GSO codes, and old units to the units of 2025-07-01.

A district may be written "Quận Nam Từ Liêm", "Q. Nam Từ Liêm", "quan nam tu liem" or "Nam Tu Liem":
all reduce to the same key once the prefix, diacritics, case and spacing are removed. A key that
matches no unit exactly is compared with every unit's key by edit distance (at most 1 for short keys,
2 for keys of 10 characters or more, via rapidfuzz); a name that matches no unit, or several equally
well, is reported as ``unmatched`` or ``ambiguous``, never guessed. Matching works on the distinct
names of a column, so a million rows cost what a few hundred names cost.
"""

from __future__ import annotations

import re

import pandas as pd
from rapidfuzz import distance, process

from satisfaction.ingest import reference
from satisfaction.ingest._unique import map_unique
from satisfaction.vietnamese import ascii_key, strip_diacritics

_DISTRICT_PREFIX = re.compile(r"^\s*(thi xa|tx\.?|quan|q\.|huyen|h\.|thanh pho|tp\.?)\s*", re.IGNORECASE)
_WARD_PREFIX = re.compile(r"^\s*(phuong|p\.|xa|x\.|thi tran|tt\.?)\s*", re.IGNORECASE)
MATCH_COLUMNS = ["code", "name", "match"]


def district_key(name: str) -> str:
    """The matching key of a district-level name: prefix, diacritics, case and spaces removed.

    The value is converted with ``str``, its diacritics removed, and one leading prefix dropped
    (``thi xa``, ``tx``, ``quan``, ``q.``, ``huyen``, ``h.``, ``thanh pho``, ``tp``, in any case,
    ``tx`` and ``tp`` with or without a dot) before :func:`satisfaction.vietnamese.ascii_key`.

    Parameters
    ----------
    name : str
        A district-level name as written.

    Returns
    -------
    str
        The key, such as ``"namtuliem"``.

    Examples
    --------
    >>> {district_key(n) for n in ["Q. Nam Từ Liêm", "quan nam tu liem", "Nam Tu Liem", "Quận Nam Từ Liêm"]}
    {'namtuliem'}
    >>> district_key("TX Sơn Tây")
    'sontay'
    """
    return ascii_key(_DISTRICT_PREFIX.sub("", strip_diacritics(str(name)).strip()))


def ward_key(name: str) -> str:
    """The matching key of a ward or commune name (prefix P./Phường/X./Xã/TT. removed).

    As :func:`district_key`, with the prefixes ``phuong``, ``p.``, ``xa``, ``x.``, ``thi tran`` and
    ``tt`` (with or without a dot). The prefix need not be followed by a space, so a name that merely
    begins with those letters loses them too: ``ward_key("Phương Mai")`` is ``"mai"``.

    Parameters
    ----------
    name : str
        A ward, commune or township name as written.

    Returns
    -------
    str
        The key, such as ``"phucxa"``.

    Examples
    --------
    >>> ward_key("P. Phúc Xá") == ward_key("phuong phuc xa") == ward_key("Phúc Xá")
    True
    """
    return ascii_key(_WARD_PREFIX.sub("", strip_diacritics(str(name)).strip()))


def max_distance(key: str) -> int:
    """Edit distance tolerated for a key: 0 below 5 characters, 1 below 10, 2 from 10.

    Parameters
    ----------
    key : str
        A matching key (:func:`district_key`, :func:`ward_key`).

    Returns
    -------
    int
        The largest Levenshtein distance at which another key still matches.

    Examples
    --------
    >>> [max_distance(k) for k in ["bavi", "badinh", "namtuliem", "thanhxuanbac"]]
    [0, 1, 1, 2]
    """
    return 0 if len(key) < 5 else 1 if len(key) < 10 else 2


def _match_keys(keys: pd.Series, table: pd.DataFrame) -> pd.DataFrame:
    """Match distinct keys against ``table`` (columns key, code, name); returns code, name, match."""
    by_key = table.groupby("key")
    choices = list(by_key.groups)
    rows = {}
    for key in pd.unique(keys.dropna()):
        if key in by_key.groups:
            hit = by_key.get_group(key)
            rows[key] = (hit["code"].iat[0], hit["name"].iat[0], "exact") if len(hit) == 1 else (None, None, "ambiguous")
            continue
        limit = max_distance(key)
        found = process.extract(key, choices, scorer=distance.Levenshtein.distance, score_cutoff=limit,
                                limit=None) if limit else []
        if not found:
            rows[key] = (None, None, "unmatched")
            continue
        best = min(d for _, d, _ in found)
        tops = [k for k, d, _ in found if d == best]
        hits = pd.concat([by_key.get_group(k) for k in tops])
        if len(hits) == 1:
            rows[key] = (hits["code"].iat[0], hits["name"].iat[0], "fuzzy")
        else:
            rows[key] = (None, None, "ambiguous")
    lookup = pd.DataFrame.from_dict(rows, orient="index", columns=MATCH_COLUMNS)
    out = lookup.reindex(keys.to_numpy())
    out.index = keys.index
    out.loc[keys.isna(), "match"] = "blank"
    return out.astype("string")


def match_districts(names: pd.Series) -> pd.DataFrame:
    """GSO code, official name and how each district name matched (exact, fuzzy, ambiguous, unmatched, blank).

    The candidates are Hanoi's district-level units before 2025-07-01 (:func:`reference.districts`).
    A name's :func:`district_key` that is no unit's key is compared by edit distance within
    :func:`max_distance`; one that still matches nothing is tried again without its first word when
    that word is within one edit of ``quan``, ``huyen`` or ``thixa`` (a misspelt prefix). Missing
    values, blank strings and values that are not strings are ``blank``.

    Parameters
    ----------
    names : pandas.Series
        District names as written.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``names``, with the string columns ``code`` (3-digit GSO code), ``name``
        (official name) and ``match``; ``code`` and ``name`` are missing unless ``match`` is
        ``exact`` or ``fuzzy``.

    Examples
    --------
    >>> match_districts(pd.Series(["H. Thanh Trì", "Ba Dinh", "Nam Tu Lien", "Hà Nội"])).fillna("").to_numpy().tolist()
    [['020', 'Huyện Thanh Trì', 'exact'], ['001', 'Quận Ba Đình', 'exact'], ['019', 'Quận Nam Từ Liêm', 'fuzzy'], ['', '', 'unmatched']]
    """
    ref = reference.districts()
    table = pd.DataFrame({"key": ref["district_short"].map(ascii_key), "code": ref["district_code"],
                          "name": ref["district_name"]})
    keys = map_unique(names, lambda v: district_key(v) if isinstance(v, str) and v.strip() else None)
    out = _match_keys(keys, table)
    # a typo in the prefix itself ("huye Phúc Thọ") hides it from the prefix rule: drop a first word
    # within one edit of a prefix and try again, for the names that matched nothing
    retry = out["match"] == "unmatched"
    if retry.any():
        alt = map_unique(names[retry], _drop_misspelt_prefix)
        again = _match_keys(alt, table)
        out.loc[retry] = again.where(again["match"] != "blank", out.loc[retry])
    return out


_PREFIX_WORDS = ("quan", "huyen", "thixa")  # district-level prefixes only: "Phường Ba Đình" is a ward


def _drop_misspelt_prefix(name) -> str | None:
    words = strip_diacritics(str(name)).lower().split()
    if len(words) > 1 and min(distance.Levenshtein.distance(words[0], p) for p in _PREFIX_WORDS) <= 1:
        return ascii_key("".join(words[1:]))
    return None


def match_wards(names: pd.Series, district_codes: pd.Series) -> pd.DataFrame:
    """Old (pre-2025) GSO ward code and official name of each ward name, within its district.

    A name is compared, by :func:`ward_key` and then by edit distance within :func:`max_distance`,
    only with the wards, communes and townships of its own district (:func:`reference.wards`); a
    name whose district code is missing or unknown has no candidates and is ``unmatched``.

    Parameters
    ----------
    names : pandas.Series
        Ward names as written.
    district_codes : pandas.Series
        The 3-digit GSO code of each name's district (as ``match_districts(...)["code"]`` gives
        them), with the same index as ``names``.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``names``, with the string columns ``code`` (5-digit GSO ward code), ``name``
        (official name) and ``match`` (exact, fuzzy, ambiguous, unmatched, blank), as in
        :func:`match_districts`.

    Examples
    --------
    >>> match_wards(pd.Series(["P. Phúc Xá", "phuong truc bach"]), pd.Series(["001", "001"]))["code"].tolist()
    ['00001', '00004']
    """
    ref = reference.wards()
    keys = map_unique(names, lambda v: ward_key(v) if isinstance(v, str) and v.strip() else None)
    parts = []
    for code, idx in district_codes.groupby(district_codes.fillna("")).groups.items():
        wards = ref[ref["district_code"] == code]  # no district, no candidates: unmatched
        table = pd.DataFrame({"key": wards["ward_short"].map(ascii_key), "code": wards["ward_code"],
                              "name": wards["ward_name"]})
        parts.append(_match_keys(keys.loc[idx], table))
    if not parts:
        return pd.DataFrame(columns=MATCH_COLUMNS, index=names.index, dtype="string")
    return pd.concat(parts).reindex(names.index)


def match_new_communes(names: pd.Series, district_codes: pd.Series | None = None) -> pd.DataFrame:
    """Each name matched to a commune-level unit of 2025-07-01 in Hanoi (code is the official name).

    The candidates are the distinct ``new_ward`` names of :func:`reference.crosswalk_2025`: with
    ``district_codes``, only the successors of the row's former district's wards (a name such as Chương
    Dương exists in several former districts, and an old ward maps to its new commune only within its own
    district); without, across the whole city. Names are compared by :func:`ward_key` and then by edit
    distance within :func:`max_distance`.

    Parameters
    ----------
    names : pandas.Series
        Ward or commune names as written.
    district_codes : pandas.Series, optional
        The former district of each row (GSO code), aligned with ``names``; rows without one are matched
        across the whole city.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``names``, with the string columns ``code`` and ``name`` (both the official name
        of the new unit) and ``match`` (exact, fuzzy, ambiguous, unmatched, blank).

    Examples
    --------
    >>> match_new_communes(pd.Series(["xa bat trang", None])).fillna("").to_numpy().tolist()
    [['Xã Bát Tràng', 'Xã Bát Tràng', 'exact'], ['', '', 'blank']]
    >>> names = pd.Series(["Phường Chương Dương"])
    >>> match_new_communes(names)["code"].iloc[0], match_new_communes(names, pd.Series(["002"]))["match"].iloc[0]
    ('Xã Chương Dương', 'unmatched')
    """
    cw = reference.crosswalk_2025()
    keys = map_unique(names, lambda v: ward_key(v) if isinstance(v, str) and v.strip() else None)

    def table(units: pd.Series) -> pd.DataFrame:
        units = pd.Series(sorted(units.unique()))
        return pd.DataFrame({"key": units.map(ward_key), "code": units, "name": units})

    if district_codes is None:
        return _match_keys(keys, table(cw["new_ward"]))
    parts = []
    for code, idx in district_codes.groupby(district_codes.fillna("")).groups.items():
        successors = cw.loc[cw["district_code"] == code, "new_ward"] if code else cw["new_ward"]
        parts.append(_match_keys(keys.loc[idx], table(successors)))
    if not parts:
        return pd.DataFrame(columns=MATCH_COLUMNS, index=names.index, dtype="string")
    return pd.concat(parts).reindex(names.index)


def new_units(ward_codes: pd.Series) -> pd.DataFrame:
    """The unit of 2025-07-01 each old ward became: ``new_ward`` when unique, else the candidates.

    Parameters
    ----------
    ward_codes : pandas.Series
        Old 5-digit GSO ward codes, as strings.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``ward_codes``: ``new_ward`` (the new unit when there is exactly one, else
        missing), ``new_ward_candidates`` (every new unit the ward went into, sorted and joined by
        ``" | "``; missing for a code that is not in :func:`reference.crosswalk_2025`) and
        ``n_candidates`` (their number, 0 for such a code).

    Examples
    --------
    >>> new_units(pd.Series(["00001"])).astype(object).to_numpy().tolist()
    [['Phường Hồng Hà', 'Phường Hồng Hà', 1]]
    """
    cw = reference.crosswalk_2025().groupby("ward_code")["new_ward"].agg(lambda s: " | ".join(sorted(set(s))))
    cand = ward_codes.map(cw)
    n = cand.map(lambda v: len(v.split(" | ")) if isinstance(v, str) else 0)
    return pd.DataFrame({"new_ward": cand.where(n == 1), "new_ward_candidates": cand, "n_candidates": n},
                        index=ward_codes.index)

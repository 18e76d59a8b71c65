"""Building the tables of all of Vietnam's units, before and after 2025-07-01 (used by ``reference``).

Two sources that do not share codes:

- ``vietnam-provinces`` (GSO codes, data of 2025-01-04): 63 provinces, their districts and wards;
- the ``ward_mapping`` of underthesea's ``address/data/mapping.json`` (vietnamadminunits 1.0.4): every
  old ward, by name and district, with the unit of 2025-07-01 it went into, by name; codes only for
  provinces, none for wards or for the new communes.

An old ward of the mapping gets its GSO code by name within its own district, in passes that go from
strict to loose (:data:`PASSES`); whatever no pass settles keeps an empty code. The new communes get a
derived code (:data:`NEW_CODE_BASE` plus their rank by province code, then short name
without diacritics in lower case, then name).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

import pandas as pd
from rapidfuzz.distance import Levenshtein

from satisfaction.errors import SatisfactionError
from satisfaction.vietnamese import ascii_key, strip_diacritics

#: Derived codes of the units of 2025-07-01 are NEW_CODE_BASE + their rank (1, 2, ...): above every GSO
#: commune code (the largest in vietnam-provinces is 32248), so never mistaken for, or joined to, one.
NEW_CODE_BASE = 33000
#: How an old ward of the mapping found its GSO code, strictest first.
PASSES = ("name", "accented key", "short name", "normalised name", "edit distance", "sole pair")

_KINDS = ("thị xã", "thị trấn", "thành phố", "đặc khu", "quận", "huyện", "phường", "xã", "tỉnh")
_ABBREVIATIONS = [(re.compile(r"^n\.?\s?t\.?\s+", re.IGNORECASE), "Nông trường ")]  # "NT Mộc Châu", "N.T ..."
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def unit_parts(name: str) -> tuple[str, str]:
    """(division type in lower case, short name) of an official name; the prefix in any case."""
    low = unicodedata.normalize("NFC", name).lower()
    for kind in _KINDS:
        if low.startswith(kind + " "):
            return kind, unicodedata.normalize("NFC", name)[len(kind) + 1:]
    raise SatisfactionError(f"unit name {name!r} has no known prefix ({', '.join(_KINDS)})")


def accented_key(text: str) -> str:
    """Lower case, NFC, letters and digits only, diacritics kept (the mapping's keys of homonyms)."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFC", text).lower())


def _normalised(short: str) -> str:
    for pattern, full in _ABBREVIATIONS:
        short = pattern.sub(full, short)
    words = short.split()
    if len(words) > 1 and words[-1].lower() in _ROMAN:
        words[-1] = _ROMAN[words[-1].lower()]
    return ascii_key(" ".join(words))


def _limit(key: str) -> int:  # as places.max_distance
    return 0 if len(key) < 5 else 1 if len(key) < 10 else 2


def gso_tables(nested: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Provinces, districts and wards of 2024 from vietnam-provinces' nested JSON (codes zero-padded)."""
    provinces, districts, wards = [], [], []
    for p in nested:
        kind, short = unit_parts(p["name"])
        pc = f"{p['code']:02d}"
        provinces.append({"vintage": "2024", "province_code": pc, "province_name": p["name"],
                          "province_short": short, "division_type": kind})
        for d in p["districts"]:
            dkind, dshort = unit_parts(d["name"])
            dc = f"{d['code']:03d}"  # the package writes two "Thành Phố": the prefix as officially spelt
            districts.append({"province_code": pc, "district_code": dc, "district_name": f"{dkind.capitalize()} {dshort}",
                              "district_short": dshort, "division_type": dkind, "n_wards": len(d["wards"])})
            for w in d["wards"]:
                wkind, wshort = unit_parts(w["name"])
                wards.append({"vintage": "2024", "province_code": pc, "district_code": dc,
                              "ward_code": f"{w['code']:05d}", "ward_name": w["name"], "ward_short": wshort,
                              "division_type": wkind})
    return pd.DataFrame(provinces), pd.DataFrame(districts), pd.DataFrame(wards)


def _district_of(districts: pd.DataFrame, province_code: str, name: str) -> str:
    """GSO code of a district of the mapping: by full name, else by short name when that is unique."""
    own = districts[districts["province_code"] == province_code]
    for column, key in (("district_name", ascii_key(name)), ("district_short", ascii_key(unit_parts(name)[1]))):
        hit = own.loc[own[column].map(ascii_key) == key, "district_code"]
        if len(hit) == 1:
            return hit.iat[0]
    raise SatisfactionError(f"district {name!r} of province {province_code} is not in vietnam-provinces")


def _match_district(old: list[dict], gso: pd.DataFrame) -> dict[tuple, tuple[str, str]]:
    """Old wards of one district (mapping) -> (GSO code, pass); passes as in :data:`PASSES`."""
    free = dict(zip(gso["ward_code"], gso["ward_name"], strict=True))
    todo = {o["key"]: o for o in old}
    found: dict[tuple, tuple[str, str]] = {}

    def claim(key, code, how):
        found[key] = (code, how)
        del todo[key], free[code]

    def by_equal_keys(how, old_key, gso_key):
        gk = defaultdict(list)
        for code, name in free.items():
            gk[gso_key(name)].append(code)
        ok = defaultdict(list)
        for key, o in todo.items():
            ok[old_key(o)].append(key)
        for k, keys in ok.items():
            if k and len(keys) == 1 and len(gk.get(k, ())) == 1:
                claim(keys[0], gk[k][0], how)

    by_equal_keys("name", lambda o: ascii_key(o["name"]) if o["name"] else None, ascii_key)
    # homonyms in ASCII: the mapping keys them with their diacritics and gives them no name
    by_equal_keys("accented key", lambda o: None if o["name"] else o["ward_key"], accented_key)
    by_equal_keys("accented key", lambda o: accented_key(o["name"]) if o["name"] else None, accented_key)
    short = lambda n: ascii_key(unit_parts(n)[1])  # noqa: E731
    by_equal_keys("short name", lambda o: short(o["name"]) if o["name"] else None, short)
    norm = lambda n: _normalised(unit_parts(n)[1])  # noqa: E731
    by_equal_keys("normalised name", lambda o: norm(o["name"]) if o["name"] else None, norm)
    # spelling variants (Quí/Quý, Bha Lêê/Bha Lê): a mutual unique nearest within the places bound
    pairs = []
    for key, o in todo.items():
        if not o["name"]:
            continue
        k = norm(o["name"])
        dist = {code: Levenshtein.distance(k, norm(name)) for code, name in free.items()}
        if not dist:
            break
        best = min(dist.values())
        near = [c for c, d in dist.items() if d == best]
        if best <= _limit(k) and len(near) == 1:
            pairs.append((key, near[0], best))
    wanted = Counter(code for _, code, _ in pairs)
    for key, code, _ in pairs:
        if wanted[code] == 1:
            claim(key, code, "edit distance")
    # one ward left on each side of a district: the same unit written differently (Xá Nhè / Sáng Nhè)
    if len(todo) == 1 and len(free) == 1 and next(iter(todo.values()))["name"]:
        claim(next(iter(todo)), next(iter(free)), "sole pair")
    for key in todo:
        found[key] = ("", "")
    return found


def _new_names(mapping_rows: list[dict], names: list[str]) -> dict[tuple, str]:
    """Official name of each new unit; for the homonyms the mapping leaves unnamed, from their key."""
    spelt = defaultdict(Counter)
    for name in names:
        if name:
            spelt[accented_key(unit_parts(name)[1])][unit_parts(name)[1]] += 1
    out = {}
    for r in mapping_rows:
        key = (r["new_province_key"], r["new_ward_key"])
        if r["new_ward"]:
            out[key] = r["new_ward"]
            continue
        for kind in _KINDS:
            compact = kind.replace(" ", "")
            if r["new_ward_key"].startswith(compact):
                candidates = spelt.get(r["new_ward_key"][len(compact):])
                if candidates:
                    out[key] = kind.capitalize() + " " + candidates.most_common(1)[0][0]
                    break
        else:
            raise SatisfactionError(f"no name found for the new unit {r['new_ward_key']!r} ({r['new_province']})")
    return out


def vietnam_tables(nested: list[dict], mapping: dict) -> dict[str, pd.DataFrame]:
    """The four national tables: provinces, districts (2024), units (both vintages) and the crosswalk.

    Returns a dict with ``provinces``, ``districts``, ``units``, ``crosswalk`` (the CSV tables) and
    ``matches`` (one row per old ward of the mapping: its key, its GSO code or ``""``, the pass).
    """
    prov24, districts, wards24 = gso_tables(nested)
    rows = mapping["ward_mapping"]
    new_prov = pd.DataFrame([{"vintage": "2025", "province_code": v["code"], "province_name": v["name"],
                              "province_short": v["short"], "division_type": unit_parts(v["name"])[0]}
                             for v in mapping["province_names"].values()]).sort_values("province_code")
    new_code = {k: v["code"] for k, v in mapping["province_names"].items()}
    old_code = {k: v["code"] for k, v in mapping["old_province_names"].items()}
    if set(old_code.values()) != set(prov24["province_code"]):
        raise SatisfactionError("the mapping's old provinces are not vietnam-provinces' 63")

    # old wards: district by name, then ward by name within the district
    old = {}
    for r in rows:
        key = (r["old_province_key"], r["old_district_key"], r["old_ward_key"])
        if key not in old:
            pc = old_code[r["old_province_key"]]
            old[key] = {"key": key, "province_code": pc, "district_code": _district_of(districts, pc, r["old_district"]),
                        "name": r["old_ward"], "ward_key": r["old_ward_key"]}
    by_district = defaultdict(list)
    for o in old.values():
        if o["ward_key"]:  # an island district without wards maps as a whole (old_ward_key "")
            by_district[o["district_code"]].append(o)
    codes = {key: ("", "district without wards") for key, o in old.items() if not o["ward_key"]}
    for dc, olds in by_district.items():
        codes.update(_match_district(olds, wards24[wards24["district_code"] == dc]))
    gso_name = dict(zip(wards24["ward_code"], wards24["ward_name"], strict=True))

    # new units: names (recovered for homonyms), derived codes in order of province, name
    names = [r["old_ward"] for r in rows] + [r["new_ward"] for r in rows] + wards24["ward_name"].tolist()
    new_name = _new_names(rows, names)
    units = pd.DataFrame([{"province_code": new_code[pk], "ward_name": name, "_pk": pk, "_wk": wk}
                          for (pk, wk), name in new_name.items()])
    units["_sort"] = units["ward_name"].map(lambda n: strip_diacritics(unit_parts(n)[1]).lower())
    units = units.sort_values(["province_code", "_sort", "ward_name"], kind="stable").reset_index(drop=True)
    units["ward_code"] = [f"{NEW_CODE_BASE + i:05d}" for i in range(1, len(units) + 1)]
    units["ward_short"] = units["ward_name"].map(lambda n: unit_parts(n)[1])
    units["division_type"] = units["ward_name"].map(lambda n: unit_parts(n)[0])
    units["vintage"], units["district_code"] = "2025", ""
    unit_code = dict(zip(zip(units["_pk"], units["_wk"], strict=True), units["ward_code"], strict=True))
    columns = ["vintage", "province_code", "district_code", "ward_code", "ward_name", "ward_short", "division_type"]
    all_units = pd.concat([wards24[columns], units[columns]], ignore_index=True)

    cross = []
    for r in rows:
        o = old[(r["old_province_key"], r["old_district_key"], r["old_ward_key"])]
        code = codes[o["key"]][0]
        cross.append({"old_province_code": o["province_code"], "old_district_code": o["district_code"],
                      "old_ward_code": code, "old_ward": r["old_ward"] or gso_name.get(code, ""),
                      "new_province_code": new_code[r["new_province_key"]],
                      "new_ward_code": unit_code[(r["new_province_key"], r["new_ward_key"])],
                      "new_ward": new_name[(r["new_province_key"], r["new_ward_key"])],
                      "mapping_type": r["mapping_type"]})
    cross = pd.DataFrame(cross).sort_values(
        ["old_province_code", "old_district_code", "old_ward_code", "old_ward", "new_ward_code"], kind="stable")
    matches = pd.DataFrame([{"province_code": o["province_code"], "district_code": o["district_code"],
                             "old_ward": o["name"] or o["ward_key"], "ward_code": codes[k][0],
                             "gso_name": gso_name.get(codes[k][0], ""), "how": codes[k][1]}
                            for k, o in old.items()])
    return {"provinces": pd.concat([prov24, new_prov], ignore_index=True), "districts": districts,
            "units": all_units, "crosswalk": cross.reset_index(drop=True), "matches": matches}

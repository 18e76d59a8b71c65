"""Reference tables: Hanoi's administrative units and the published indices.

``build_reference_tables`` regenerates ``data/reference/`` from two PyPI packages (run it with
``make reference``): the GSO codes of units before 2025-07-01 from ``vietnam-provinces==0.6.0``
and the ward crosswalk of the 2025 reorganisation shipped inside ``underthesea==9.5.0``
(``underthesea/address/data/mapping.json``). The loaders read the committed CSV files and need
neither package.
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pandas as pd

from satisfaction import config
from satisfaction.errors import SatisfactionError
from satisfaction.vietnamese import ascii_key

HANOI_PROVINCE_CODE = 1
DISTRICTS_FILE = "hanoi_districts.csv"
WARDS_FILE = "hanoi_wards.csv"
CROSSWALK_FILE = "hanoi_ward_crosswalk_2025.csv"
PUBLISHED_FILE = "published_indices.csv"

_PREFIXES = {  # name prefix -> division type, longest first
    "Thị xã ": "thị xã", "Thị trấn ": "thị trấn", "Quận ": "quận", "Huyện ": "huyện",
    "Phường ": "phường", "Xã ": "xã", "Thành phố ": "thành phố",
}


def split_prefix(name: str) -> tuple[str, str]:
    """Split an official unit name into its division type and its short name.

    Examples
    --------
    >>> split_prefix("Thị xã Sơn Tây")
    ('thị xã', 'Sơn Tây')
    """
    for prefix, kind in _PREFIXES.items():
        if name.startswith(prefix):
            return kind, name[len(prefix):]
    raise SatisfactionError(f"unit name {name!r} has no known prefix ({', '.join(_PREFIXES)})")


def build_reference_tables(out_dir: Path, *, published_source: Path | None = None) -> list[Path]:
    """Write the Hanoi unit tables (and a copy of the published indices) into ``out_dir``."""
    import vietnam_provinces  # only needed to rebuild; the loaders read the CSV files

    nested = json.loads(Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    hanoi = next(p for p in nested if p["code"] == HANOI_PROVINCE_CODE)
    districts, wards = [], []
    for d in hanoi["districts"]:
        kind, short = split_prefix(d["name"])
        districts.append({"district_code": f"{d['code']:03d}", "district_name": d["name"],
                          "district_short": short, "division_type": kind, "n_wards": len(d["wards"])})
        for w in d["wards"]:
            wkind, wshort = split_prefix(w["name"])
            wards.append({"ward_code": f"{w['code']:05d}", "ward_name": w["name"], "ward_short": wshort,
                          "division_type": wkind, "district_code": f"{d['code']:03d}"})
    districts_df, wards_df = pd.DataFrame(districts), pd.DataFrame(wards)

    mapping_path = resources.files("underthesea").joinpath("address/data/mapping.json")
    mapping = json.loads(mapping_path.read_text(encoding="utf-8"))
    rows = [r for r in mapping["ward_mapping"] if r["old_province_key"] == "thanhphohanoi"]
    cross = pd.DataFrame(rows)[["old_district", "old_ward", "new_ward", "mapping_type"]]
    # The two packages write some names differently (Hoà/Hòa, "Văn Miếu - Quốc Tử Giám"): match
    # on district name plus an accent- and punctuation-insensitive key of the ward name.
    wards_df["_key"] = wards_df["district_code"].map(
        districts_df.set_index("district_code")["district_name"]) + "|" + wards_df["ward_name"].map(ascii_key)
    cross["_key"] = cross["old_district"] + "|" + cross["old_ward"].map(ascii_key)
    cross = cross.merge(wards_df[["_key", "ward_code", "district_code"]], on="_key", how="left")
    if cross["ward_code"].isna().any():
        missing = cross.loc[cross["ward_code"].isna(), ["old_district", "old_ward"]].head().to_dict("records")
        raise SatisfactionError(f"crosswalk wards without a GSO code, e.g. {missing}", file=str(mapping_path))
    cross = (cross[["district_code", "ward_code", "old_ward", "new_ward", "mapping_type"]]
             .sort_values(["ward_code", "new_ward"], kind="stable"))
    wards_df = wards_df.drop(columns="_key")

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for df, name in [(districts_df, DISTRICTS_FILE), (wards_df, WARDS_FILE), (cross, CROSSWALK_FILE)]:
        df.to_csv(out_dir / name, index=False, lineterminator="\n")
        written.append(out_dir / name)
    source = published_source or config.shared_data_dir() / "published_indices" / "news_reported_indices.csv"
    if source.exists():
        shutil.copyfile(source, out_dir / PUBLISHED_FILE)
        written.append(out_dir / PUBLISHED_FILE)
    return written


def _read(name: str) -> pd.DataFrame:
    path = config.reference_dir() / name
    if not path.exists():
        raise SatisfactionError("reference table not found; run `make reference` to rebuild it", file=path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def districts() -> pd.DataFrame:
    """Hanoi's 30 district-level units before 2025-07-01, with GSO codes.

    Examples
    --------
    >>> d = districts()
    >>> len(d), d["division_type"].value_counts().to_dict()
    (30, {'huyện': 17, 'quận': 12, 'thị xã': 1})
    """
    df = _read(DISTRICTS_FILE)
    df["n_wards"] = df["n_wards"].astype(int)
    return df


def wards() -> pd.DataFrame:
    """Hanoi's wards, communes and townships before 2025-07-01, with GSO codes."""
    return _read(WARDS_FILE)


def crosswalk_2025() -> pd.DataFrame:
    """Old ward (GSO code) to the commune-level unit of 2025-07-01; a divided ward has several rows.

    Examples
    --------
    >>> cw = crosswalk_2025()
    >>> sorted(cw["mapping_type"].unique())
    ['divided', 'merged', 'renamed', 'unchanged']
    """
    return _read(CROSSWALK_FILE)


def published_indices() -> pd.DataFrame:
    """Published SIPAS, PAR Index and PAPI figures, one row per unit, year and indicator, with sources."""
    df = _read(PUBLISHED_FILE)
    df["year"] = df["year"].astype(int)
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    return df

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

    The prefix must start the name, spelt as in official names (``Quận``, ``Huyện``, ``Thị xã``,
    ``Thành phố``, ``Phường``, ``Xã``, ``Thị trấn``, capital first) and followed by a space.

    Parameters
    ----------
    name : str
        An official name, such as ``"Quận Ba Đình"``.

    Returns
    -------
    division_type : str
        The prefix in lower case, such as ``"quận"``.
    short : str
        The name without its prefix.

    Raises
    ------
    SatisfactionError
        When the name starts with none of the prefixes.

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
    """Write the Hanoi unit tables (and a copy of the published indices) into ``out_dir``.

    Needs the packages ``vietnam-provinces`` and ``underthesea``. Three CSV files are written:
    :data:`DISTRICTS_FILE` (``district_code``, ``district_name``, ``district_short``,
    ``division_type``, ``n_wards``) and :data:`WARDS_FILE` (``ward_code``, ``ward_name``,
    ``ward_short``, ``division_type``, ``district_code``) for province :data:`HANOI_PROVINCE_CODE`,
    with codes zero-padded to 3 and 5 digits, and :data:`CROSSWALK_FILE` (``district_code``,
    ``ward_code``, ``old_ward``, ``new_ward``, ``mapping_type``, sorted by ward code and new ward).
    The crosswalk's wards get their GSO code by district name plus the
    :func:`satisfaction.vietnamese.ascii_key` of the ward name. :data:`PUBLISHED_FILE` is copied
    from ``published_source`` only when that file exists; otherwise it is left out without a message.

    Parameters
    ----------
    out_dir : pathlib.Path
        The folder to write into; created when missing, its files of the same names overwritten.
    published_source : pathlib.Path or None, optional
        The CSV of published indices to copy; by default ``published_indices/news_reported_indices.csv``
        in :func:`satisfaction.config.shared_data_dir`.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order above.

    Raises
    ------
    SatisfactionError
        When a unit name has no known prefix (:func:`split_prefix`) or a ward of the crosswalk gets
        no GSO code.
    """
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

    Read from :data:`DISTRICTS_FILE` in :func:`satisfaction.config.reference_dir`.

    Returns
    -------
    pandas.DataFrame
        One row per unit: ``district_code`` (3 digits), ``district_name`` (official, with its
        prefix), ``district_short`` (without), ``division_type`` (``quận``, ``huyện`` or ``thị xã``),
        all strings, and ``n_wards`` (int).

    Raises
    ------
    SatisfactionError
        When the table's file does not exist.

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
    """Hanoi's wards, communes and townships before 2025-07-01, with GSO codes.

    Read from :data:`WARDS_FILE` in :func:`satisfaction.config.reference_dir`.

    Returns
    -------
    pandas.DataFrame
        One row per unit, all strings: ``ward_code`` (5 digits), ``ward_name`` (official, with its
        prefix), ``ward_short`` (without), ``division_type`` (``phường``, ``xã`` or ``thị trấn``) and
        ``district_code``.

    Raises
    ------
    SatisfactionError
        When the table's file does not exist.

    Examples
    --------
    >>> w = wards()
    >>> len(w), w["division_type"].value_counts().to_dict()
    (526, {'xã': 345, 'phường': 160, 'thị trấn': 21})
    """
    return _read(WARDS_FILE)


def crosswalk_2025() -> pd.DataFrame:
    """Old ward (GSO code) to the commune-level unit of 2025-07-01; a divided ward has several rows.

    Read from :data:`CROSSWALK_FILE` in :func:`satisfaction.config.reference_dir`.

    Returns
    -------
    pandas.DataFrame
        All strings: ``district_code`` and ``ward_code`` of the old ward, ``old_ward`` (its name),
        ``new_ward`` (the official name of the new unit) and ``mapping_type``.

    Raises
    ------
    SatisfactionError
        When the table's file does not exist.

    Examples
    --------
    >>> cw = crosswalk_2025()
    >>> sorted(cw["mapping_type"].unique())
    ['divided', 'merged', 'renamed', 'unchanged']
    """
    return _read(CROSSWALK_FILE)


def published_indices() -> pd.DataFrame:
    """Published SIPAS, PAR Index and PAPI figures, one row per unit, year and indicator, with sources.

    Read from :data:`PUBLISHED_FILE` in :func:`satisfaction.config.reference_dir`.

    Returns
    -------
    pandas.DataFrame
        The file's columns as strings (empty cells ``""``), except ``year`` (int) and ``value``
        (float, NaN where the cell is not a number).

    Raises
    ------
    SatisfactionError
        When the table's file does not exist.

    Examples
    --------
    >>> published_indices().columns.tolist()
    ['unit', 'level', 'year', 'indicator', 'value', 'source_url', 'note']
    """
    df = _read(PUBLISHED_FILE)
    df["year"] = df["year"].astype(int)
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    return df

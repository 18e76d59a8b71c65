"""Reference tables: Vietnam's administrative units before and after 2025-07-01, and the published indices.

``build_reference_tables`` regenerates ``data/reference/`` from two PyPI packages (run it with
``make reference``): the GSO codes of units before 2025-07-01 from ``vietnam-provinces==0.6.0``
and the ward crosswalk of the 2025 reorganisation shipped inside ``underthesea==9.5.0``
(``underthesea/address/data/mapping.json``). The loaders read the committed CSV files and need
neither package.

Two sets of tables: Hanoi's (:func:`districts`, :func:`wards`, :func:`crosswalk_2025`), which the place
matching reads, and the whole country's (:func:`provinces`, :func:`districts_2024`, :func:`units`,
:func:`crosswalk`), each of the latter restricted to a province given by code or by name
(:func:`province_code`). Codes are GSO codes for the units before 2025-07-01; the packages carry no
code for the communes of 2025-07-01, which get a derived code (:data:`NEW_CODE_BASE`).
"""

from __future__ import annotations

import json
import logging
import numbers
import re
import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from satisfaction import config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest import _admin_units
from satisfaction.vietnamese import ascii_key, strip_diacritics

log = logging.getLogger(__name__)

HANOI_PROVINCE_CODE = 1
DISTRICTS_FILE = "hanoi_districts.csv"
WARDS_FILE = "hanoi_wards.csv"
CROSSWALK_FILE = "hanoi_ward_crosswalk_2025.csv"
PUBLISHED_FILE = "published_indices.csv"
PROVINCES_FILE = "vn_provinces.csv"
DISTRICTS_2024_FILE = "vn_districts_2024.csv"
UNITS_FILE = "vn_wards.csv"
VN_CROSSWALK_FILE = "vn_ward_crosswalk_2025.csv"
#: The derived codes of the units of 2025-07-01 are NEW_CODE_BASE plus their rank (33001-36321): above every
#: GSO commune code, so never taken for one. The packages carry no code for these units.
NEW_CODE_BASE = _admin_units.NEW_CODE_BASE
#: Vintages of the national tables: "2024" for the units before 2025-07-01, "2025" for those after.
VINTAGES = ("2024", "2025")
# Names people write for a province that its official name does not contain (ASCII keys).
_PROVINCE_ALIASES = {"thuathienhue": "hue", "hcm": "hochiminh", "saigon": "hochiminh"}

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
    """Write the Hanoi and the national unit tables (and a copy of the published indices) into ``out_dir``.

    Needs the packages ``vietnam-provinces`` and ``underthesea``. Seven CSV files (UTF-8, no index) are
    written. Hanoi's three: :data:`DISTRICTS_FILE` (``district_code``, ``district_name``,
    ``district_short``, ``division_type``, ``n_wards``) and :data:`WARDS_FILE` (``ward_code``,
    ``ward_name``, ``ward_short``, ``division_type``, ``district_code``) for province
    :data:`HANOI_PROVINCE_CODE`, with codes zero-padded to 3 and 5 digits, and :data:`CROSSWALK_FILE`
    (``district_code``, ``ward_code``, ``old_ward``, ``new_ward``, ``mapping_type``, sorted by ward code
    and new ward). The crosswalk's wards get their GSO code by district name plus the
    :func:`satisfaction.vietnamese.ascii_key` of the ward name.

    The country's four: :data:`PROVINCES_FILE` (``vintage``, ``province_code``, ``province_name``,
    ``province_short``, ``division_type``: 63 provinces of 2024 from vietnam-provinces, 34 of 2025 from
    the mapping, with their GSO codes), :data:`DISTRICTS_2024_FILE` (``province_code``, ``district_code``,
    ``district_name``, ``district_short``, ``division_type``, ``n_wards``), :data:`UNITS_FILE`
    (``vintage``, ``province_code``, ``district_code`` (empty for 2025), ``ward_code``, ``ward_name``,
    ``ward_short``, ``division_type``) and :data:`VN_CROSSWALK_FILE` (``old_province_code``,
    ``old_district_code``, ``old_ward_code``, ``old_ward``, ``new_province_code``, ``new_ward_code``,
    ``new_ward``, ``mapping_type``), one row per record of the mapping: a divided ward has one row per
    new unit. Division types come from the name's prefix (the package labels every unit of a level
    alike), and the prefix of a name is written as officially spelt (the package has two
    ``Thành Phố``). An old ward of the mapping gets its GSO code within its own district: by name, by the
    accented key the mapping gives ASCII homonyms (Tam Đàn, Tam Dân), by name without its prefix, after
    writing "NT" as "Nông trường" and a final roman numeral as a digit, then as the one unit within the
    edit distance of :func:`satisfaction.ingest.max_distance`, and last as the sole unit left on either
    side of a district; a ward none of these settles keeps an empty ``old_ward_code``, and so do the
    five island districts that had no wards and map as a whole to a special zone (``đặc khu``). The 16
    new units the mapping leaves unnamed (homonyms in ASCII, Cẩm Giang and Cẩm Giàng) get their name
    back from their accented key. The units of 2025 get the derived code :data:`NEW_CODE_BASE` plus
    their rank when sorted by province code, short name without diacritics in lower case, then name:
    the packages give no code for them.

    :data:`PUBLISHED_FILE` is copied from ``published_source`` only when that file exists; otherwise it
    is left out without a message.

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
        When a unit name has no known prefix (:func:`split_prefix`), a ward of the Hanoi crosswalk gets
        no GSO code, a district of the mapping is not in vietnam-provinces, or a new unit gets no name.
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

    national = _admin_units.vietnam_tables(nested, mapping)
    matched = national["matches"]["how"].value_counts().to_dict()
    log.info("old wards of the mapping matched to GSO codes: %s", matched)

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for df, name in [(districts_df, DISTRICTS_FILE), (wards_df, WARDS_FILE), (cross, CROSSWALK_FILE),
                     (national["provinces"], PROVINCES_FILE), (national["districts"], DISTRICTS_2024_FILE),
                     (national["units"], UNITS_FILE), (national["crosswalk"], VN_CROSSWALK_FILE)]:
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
    """The district-level units before 2025-07-01 of the study's provinces (Hanoi's 30 by default), with GSO codes.

    Read from :data:`DISTRICTS_FILE` in :func:`satisfaction.config.reference_dir` for Hanoi, else from
    :data:`DISTRICTS_2024_FILE` restricted to :func:`satisfaction.config.provinces`.

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
    codes = _study_provinces()
    if codes is None:
        df = _read(DISTRICTS_FILE)
    else:
        df = _read(DISTRICTS_2024_FILE)
        df = df[df["province_code"].isin(codes)].drop(columns="province_code").reset_index(drop=True)
    df["n_wards"] = df["n_wards"].astype(int)
    return df


def _study_provinces() -> list[str] | None:
    """The provinces of the study being cleaned (:func:`satisfaction.config.provinces`); None for Hanoi's
    own tables (the bundled world), also when the study's only province is Hanoi."""
    codes = config.provinces()
    return None if codes is None or codes == [f"{HANOI_PROVINCE_CODE:02d}"] else codes


def wards() -> pd.DataFrame:
    """The wards, communes and townships before 2025-07-01 of the study's provinces (Hanoi's by default).

    Read from :data:`WARDS_FILE` in :func:`satisfaction.config.reference_dir` for Hanoi, else from
    :data:`UNITS_FILE` restricted to :func:`satisfaction.config.provinces`.

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
    codes = _study_provinces()
    if codes is None:
        return _read(WARDS_FILE)
    df = _read(UNITS_FILE)
    df = df[(df["vintage"] == "2024") & df["province_code"].isin(codes)]
    return df[["ward_code", "ward_name", "ward_short", "division_type", "district_code"]].reset_index(drop=True)


def crosswalk_2025() -> pd.DataFrame:
    """Old ward (GSO code) to the commune-level unit of 2025-07-01, in the study's provinces (Hanoi by default).

    A divided ward has several rows. Read from :data:`CROSSWALK_FILE` in
    :func:`satisfaction.config.reference_dir` for Hanoi, else from :data:`VN_CROSSWALK_FILE` restricted
    to the old wards of :func:`satisfaction.config.provinces` that have a GSO code.

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
    codes = _study_provinces()
    if codes is None:
        return _read(CROSSWALK_FILE)
    df = _read(VN_CROSSWALK_FILE)
    df = df[df["old_province_code"].isin(codes) & (df["old_ward_code"] != "")]
    return (df.rename(columns={"old_district_code": "district_code", "old_ward_code": "ward_code"})
            [["district_code", "ward_code", "old_ward", "new_ward", "mapping_type"]]
            .sort_values(["ward_code", "new_ward"]).reset_index(drop=True))


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


def _vintage(vintage) -> str:
    value = str(vintage).strip()
    if value not in VINTAGES:
        raise SatisfactionError(f"unknown vintage {vintage!r}; expected one of {', '.join(VINTAGES)}")
    return value


def _province_key(name: str) -> str:
    key = ascii_key(re.sub(r"^\s*(thanh pho|tp\b\.?|tinh)\s*", "", strip_diacritics(name).lower()))
    return _PROVINCE_ALIASES.get(key, key)


def province_code(province: str | int, *, vintage: str) -> str:
    """The 2-digit GSO code of a province of ``vintage``, given by code or by name.

    A name is compared without its prefix (``Tỉnh``, ``Thành phố``, ``TP.``), diacritics, case, spaces
    and punctuation, with the province's short name; ``Thừa Thiên Huế``, ``HCM`` and ``Sài Gòn`` are
    known as well. Codes differ between vintages: ``15`` is Yên Bái in 2024 and Lào Cai in 2025.

    Parameters
    ----------
    province : str or int
        A code (``1``, ``"01"``) or a name (``"Hà Nội"``, ``"Thành phố Hà Nội"``, ``"ha noi"``).
    vintage : {"2024", "2025"}
        The units before 2025-07-01 (63 provinces) or after (34).

    Returns
    -------
    str
        The province code, such as ``"01"``.

    Raises
    ------
    SatisfactionError
        When the vintage is unknown, or no province of that vintage has the code or the name; the
        message lists the closest names, or, for a province of 2024 asked in 2025, the province it
        went into.

    Examples
    --------
    >>> [province_code(p, vintage="2024") for p in (1, "01", "Thành phố Hà Nội", "ha noi", "TP. Hồ Chí Minh")]
    ['01', '01', '01', '01', '79']
    >>> province_code("Yên Bái", vintage="2024"), province_code("Lào Cai", vintage="2025")
    ('15', '15')
    >>> province_code("Yên Bái", vintage="2025")
    Traceback (most recent call last):
    ...
    satisfaction.errors.SatisfactionError: no province of 2025 is called 'Yên Bái': Tỉnh Yên Bái went into Tỉnh Lào Cai (15) on 2025-07-01
    """
    table = provinces(vintage)
    if isinstance(province, numbers.Integral) and not isinstance(province, bool) or (
            isinstance(province, str) and province.strip().isdigit()):
        code = f"{int(province):02d}"
        if code in set(table["province_code"]):
            return code
        raise SatisfactionError(f"no province of {vintage} has the code {province!r}; "
                                f"codes are {', '.join(table['province_code'])}")
    if not isinstance(province, str):
        raise SatisfactionError(f"a province is a code or a name, not {type(province).__name__}")
    keys = table["province_short"].map(_province_key)
    hit = table.loc[keys == _province_key(province), "province_code"]
    if len(hit) == 1:
        return hit.iat[0]
    if vintage == "2025":  # a province of 2024 that merged into another: say which
        old = provinces("2024")
        hit = old.loc[old["province_short"].map(_province_key) == _province_key(province), "province_code"]
        if len(hit) == 1:
            cw = _read(VN_CROSSWALK_FILE)
            into = cw.loc[cw["old_province_code"] == hit.iat[0], "new_province_code"].iat[0]
            raise SatisfactionError(
                f"no province of 2025 is called {province!r}: {old.set_index('province_code').at[hit.iat[0], 'province_name']} "
                f"went into {table.set_index('province_code').at[into, 'province_name']} ({into}) on 2025-07-01")
    names = dict(zip(keys, table["province_name"], strict=True))
    close = process.extract(_province_key(province), list(names), scorer=fuzz.ratio, limit=3)
    raise SatisfactionError(f"no province of {vintage} is called {province!r}; closest: "
                            f"{', '.join(names[k] for k, _, _ in close)}")


def provinces(vintage: str | None = None) -> pd.DataFrame:
    """Vietnam's provinces before 2025-07-01 (vintage ``"2024"``, 63) and after (``"2025"``, 34).

    Read from :data:`PROVINCES_FILE` in :func:`satisfaction.config.reference_dir`.

    Parameters
    ----------
    vintage : {"2024", "2025"} or None, optional
        The vintage to keep; None keeps both.

    Returns
    -------
    pandas.DataFrame
        One row per province and vintage, all strings: ``vintage``, ``province_code`` (GSO, 2
        digits), ``province_name`` (official), ``province_short`` (without ``Tỉnh`` or ``Thành phố``)
        and ``division_type`` (``tỉnh`` or ``thành phố``).

    Raises
    ------
    SatisfactionError
        When the vintage is unknown or the table's file does not exist.

    Examples
    --------
    >>> provinces()["vintage"].value_counts().sort_index().to_dict()
    {'2024': 63, '2025': 34}
    >>> provinces("2025").query("division_type == 'thành phố'")["province_short"].tolist()
    ['Hà Nội', 'Hải Phòng', 'Huế', 'Đà Nẵng', 'Hồ Chí Minh', 'Cần Thơ']
    """
    df = _read(PROVINCES_FILE)
    if vintage is not None:
        df = df[df["vintage"] == _vintage(vintage)].reset_index(drop=True)
    return df


def districts_2024(province: str | int | None = None) -> pd.DataFrame:
    """Vietnam's district-level units before 2025-07-01 (there are none after), with GSO codes.

    Read from :data:`DISTRICTS_2024_FILE` in :func:`satisfaction.config.reference_dir`.

    Parameters
    ----------
    province : str or int, optional
        Keep one province of 2024, by code or by name (:func:`province_code`); None keeps all 63.

    Returns
    -------
    pandas.DataFrame
        One row per unit: ``province_code``, ``district_code`` (3 digits), ``district_name``,
        ``district_short``, ``division_type`` (``quận``, ``huyện``, ``thị xã`` or ``thành phố``), all
        strings, and ``n_wards`` (int; 0 for the five island districts that had no wards).

    Raises
    ------
    SatisfactionError
        When the province is unknown (:func:`province_code`) or the table's file does not exist.

    Examples
    --------
    >>> len(districts_2024()), len(districts_2024("Hà Nội")), int(districts_2024("ha noi")["n_wards"].sum())
    (696, 30, 526)
    """
    df = _read(DISTRICTS_2024_FILE)
    df["n_wards"] = df["n_wards"].astype(int)
    if province is not None:
        df = df[df["province_code"] == province_code(province, vintage="2024")].reset_index(drop=True)
    return df


def units(vintage: str, province: str | int | None = None) -> pd.DataFrame:
    """Vietnam's wards, communes, townships (2024) or wards, communes and special zones (2025).

    Read from :data:`UNITS_FILE` in :func:`satisfaction.config.reference_dir`. The 2024 codes are
    GSO's; the 2025 codes are derived (:data:`NEW_CODE_BASE` plus the unit's rank by province and
    name), since neither package has the official ones. In 2025 some units of a province differ only
    by diacritics (Cẩm Giang and Cẩm Giàng, Hải Phòng): match their names with the diacritics.

    Parameters
    ----------
    vintage : {"2024", "2025"}
        Before 2025-07-01 or after.
    province : str or int, optional
        Keep one province of that vintage, by code or by name (:func:`province_code`).

    Returns
    -------
    pandas.DataFrame
        One row per unit, all strings: ``vintage``, ``province_code``, ``district_code`` (3 digits;
        ``""`` in 2025, when there are no districts), ``ward_code`` (5 digits), ``ward_name``
        (official), ``ward_short`` (without its prefix) and ``division_type`` (``phường``, ``xã``,
        ``thị trấn`` or ``đặc khu``).

    Raises
    ------
    SatisfactionError
        When the vintage or the province is unknown, or the table's file does not exist.

    Examples
    --------
    >>> len(units("2024")), len(units("2025")), len(units("2025", "Thành phố Hà Nội"))
    (10051, 3321, 126)
    >>> units("2025", "hai phong").query("ward_short.str.startswith('Cẩm Gi')")["ward_name"].tolist()
    ['Xã Cẩm Giang', 'Xã Cẩm Giàng']
    """
    df = _read(UNITS_FILE)
    vintage = _vintage(vintage)
    keep = df["vintage"] == vintage
    if province is not None:
        keep &= df["province_code"] == province_code(province, vintage=vintage)
    return df[keep].reset_index(drop=True)


def crosswalk(province: str | int | None = None, *, side: str = "old") -> pd.DataFrame:
    """Every old ward of Vietnam, with its district, to the unit(s) of 2025-07-01 it went into.

    Read from :data:`VN_CROSSWALK_FILE` in :func:`satisfaction.config.reference_dir`. One row per old
    ward and new unit: a divided ward (``mapping_type`` ``divided``) has one row per unit it went into.
    Match an old ward by its code, or by its name within its district: names repeat across the districts
    of a province. ``old_ward_code`` is empty for the five island districts that had no wards (the
    district maps as a whole to a special zone, ``old_ward`` empty too) and for the few wards of the
    mapping that vietnam-provinces does not have (units changed in the first half of 2025).

    Parameters
    ----------
    province : str or int, optional
        Keep one province, by code or by name (:func:`province_code`); None keeps all.
    side : {"old", "new"}, default "old"
        Whether ``province`` is an old province (of 2024, matched against ``old_province_code``) or a
        new one (of 2025, against ``new_province_code``).

    Returns
    -------
    pandas.DataFrame
        All strings: ``old_province_code``, ``old_district_code``, ``old_ward_code`` (GSO),
        ``old_ward``, ``new_province_code``, ``new_ward_code`` (as in :func:`units`), ``new_ward`` and
        ``mapping_type`` (``unchanged``, ``renamed``, ``merged`` or ``divided``).

    Raises
    ------
    SatisfactionError
        When ``side`` or the province is unknown, or the table's file does not exist.

    Examples
    --------
    >>> cw = crosswalk("Hà Giang")
    >>> sorted(cw["new_province_code"].unique()), len(crosswalk("Tuyên Quang", side="new")) > len(cw)
    (['08'], True)
    """
    if side not in ("old", "new"):
        raise SatisfactionError(f"side is 'old' or 'new', not {side!r}")
    df = _read(VN_CROSSWALK_FILE)
    if province is not None:
        vintage, column = ("2024", "old_province_code") if side == "old" else ("2025", "new_province_code")
        df = df[df[column] == province_code(province, vintage=vintage)].reset_index(drop=True)
    return df

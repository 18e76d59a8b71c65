"""What the data is: the survey waves, respondents per district and wave, and the published record.

Backs notebook ``00_overview.ipynb``. Counts here are of rows as exported (before cleaning); the
cleaning module removes duplicates and quarantines bad rows.
"""

from __future__ import annotations

import re

import pandas as pd

from satisfaction import config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest import reference
from satisfaction.ingest.places import match_districts
from satisfaction.ingest.readers import read_export

#: SIPAS changed method in 2022 (random residents instead of recent service users).
SIPAS_METHOD_BREAK = 2022
#: The district level was abolished on 2025-07-01; waves from 2025 name the new communes.
UNITS_BREAK = 2025


def survey_files(raw: str | None = None) -> dict[int, config.Path]:
    """The survey exports in the raw folder, by wave (from the file name ``khao_sat_<year>.xlsx``).

    Only files named exactly ``khao_sat_<four digits>.xlsx`` are found; other formats are not looked
    for.

    Parameters
    ----------
    raw : str, pathlib.Path or None, optional
        The folder of raw files; :func:`satisfaction.config.raw_dir` when None.

    Returns
    -------
    dict of int to pathlib.Path
        The wave (year) -> its file, in the order of the years.

    Raises
    ------
    SatisfactionError
        When the folder holds no such file.
    """
    folder = config.raw_dir() if raw is None else config.Path(raw)
    found = {int(m.group(1)): p for p in sorted(folder.glob("khao_sat_*.xlsx"))
             if (m := re.fullmatch(r"khao_sat_(\d{4})\.xlsx", p.name))}
    if not found:
        raise SatisfactionError("no survey exports named khao_sat_<year>.xlsx", file=folder)
    return found


def load_waves(raw: str | None = None) -> pd.DataFrame:
    """Every wave's export, stacked, with ``wave`` and the matched ``district_code``.

    Each file of :func:`survey_files` is read with :func:`satisfaction.ingest.readers.read_export`;
    the values are as exported, not cleaned.

    Parameters
    ----------
    raw : str, pathlib.Path or None, optional
        The folder of raw files; :func:`satisfaction.config.raw_dir` when None.

    Returns
    -------
    pandas.DataFrame
        ``wave`` and ``source_file`` (the file's name) first, then the exports' columns
        (``source_row`` and the codebook's variables), then ``district_code`` and ``district`` (the
        official name), from :func:`satisfaction.ingest.places.match_districts`; both are missing
        for a name that matches no unit or several. The index runs from 0.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from satisfaction.datasets import example
    >>> raw = Path(tempfile.mkdtemp())
    >>> _ = shutil.copy(example("khao_sat_2024_sample.xlsx"), raw / "khao_sat_2024.xlsx")
    >>> waves = load_waves(raw)
    >>> sorted(waves["wave"].unique().tolist()), len(waves)
    ([2024], 575)
    """
    frames = []
    for wave, path in survey_files(raw).items():
        df = read_export(path)
        df.insert(0, "wave", wave)
        df.insert(1, "source_file", path.name)
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    matched = match_districts(out["district_name"])
    out["district_code"] = matched["code"]
    out["district"] = matched["name"]
    return out


def respondents_by_district(waves: pd.DataFrame) -> pd.DataFrame:
    """Rows per district (GSO code order) and wave, with a total row and the count of unmatched names.

    Parameters
    ----------
    waves : pandas.DataFrame
        Stacked exports with ``wave``, ``district_code``, ``district`` and ``source_row``, as
        :func:`load_waves` returns them.

    Returns
    -------
    pandas.DataFrame
        ``district_code``, ``district`` and one column per wave (named by the year as a string) with
        the number of rows; rows whose district matched no unit are counted under the code ``999``
        and the name ``(không khớp tên)``, and the last row, ``Tổng`` (with an empty code), holds the
        totals.

    Examples
    --------
    >>> waves = pd.DataFrame({"wave": [2024, 2024, 2025], "source_row": [2, 3, 2],
    ...                       "district_code": ["001", None, "001"],
    ...                       "district": ["Quận Ba Đình", None, "Quận Ba Đình"]})
    >>> respondents_by_district(waves).to_numpy().tolist()
    [['001', 'Quận Ba Đình', 1, 1], ['999', '(không khớp tên)', 1, 0], ['', 'Tổng', 2, 1]]
    """
    table = (waves.assign(district=waves["district"].fillna("(không khớp tên)"),
                          district_code=waves["district_code"].fillna("999"))
             .pivot_table(index=["district_code", "district"], columns="wave", values="source_row",
                          aggfunc="count", fill_value=0)
             .reset_index())
    table.columns = [str(c) for c in table.columns]
    total = table.drop(columns=["district_code", "district"]).sum()
    total_row = pd.DataFrame([{"district_code": "", "district": "Tổng", **total.to_dict()}])
    return pd.concat([table, total_row], ignore_index=True)


def data_summary(waves: pd.DataFrame) -> pd.DataFrame:
    """One row per wave: rows exported, districts, sampling units (wards), comments, exact duplicate rows.

    Parameters
    ----------
    waves : pandas.DataFrame
        Stacked exports as :func:`load_waves` returns them; ``wave``, ``source_file``,
        ``district_code``, ``psu_code`` and ``comment`` are used.

    Returns
    -------
    pandas.DataFrame
        One row per wave, in order: ``wave``, ``file`` (the wave's first ``source_file``), ``rows``,
        ``districts`` (distinct matched codes), ``wards_sampled`` (distinct ``psu_code``; both NA for a
        study whose exports have no such columns),
        ``comments`` (comments that are not blank), ``exact_duplicate_rows`` (rows identical to an
        earlier row of the wave in every column but ``source_row`` and ``source_file``) and
        ``place_names`` (``pre-2025 wards``, or ``communes of 2025-07-01`` from :data:`UNITS_BREAK`).

    Examples
    --------
    >>> waves = pd.DataFrame({"wave": [2024, 2024, 2025], "source_file": ["a.xlsx", "a.xlsx", "b.xlsx"],
    ...                       "source_row": [2, 3, 2], "district_code": ["001", "001", "001"],
    ...                       "psu_code": ["00001", "00004", "00001"], "comment": ["Tốt", " ", None]})
    >>> data_summary(waves)[["wave", "rows", "wards_sampled", "comments", "place_names"]].to_numpy().tolist()
    [[2024, 2, 2, 1, 'pre-2025 wards'], [2025, 1, 1, 0, 'communes of 2025-07-01']]
    """
    data_cols = [c for c in waves.columns if c not in ("source_row", "source_file")]
    rows = []
    for wave, df in waves.groupby("wave"):
        comments = (df["comment"].astype("string").str.strip().replace("", pd.NA).notna().sum()
                    if "comment" in df else 0)
        # a study's exports may have neither column
        districts = df["district_code"].nunique() if "district_code" in df else pd.NA
        wards = df["psu_code"].nunique() if "psu_code" in df else pd.NA
        rows.append({"wave": wave, "file": df["source_file"].iat[0], "rows": len(df),
                     "districts": districts, "wards_sampled": wards,
                     "comments": int(comments), "exact_duplicate_rows": int(df[data_cols].duplicated().sum()),
                     "place_names": "communes of 2025-07-01" if wave >= UNITS_BREAK else "pre-2025 wards"})
    return pd.DataFrame(rows)


def national_sipas() -> pd.DataFrame:
    """The published national SIPAS series with its source and the 2022 method-break flag.

    The rows of :func:`satisfaction.ingest.reference.published_indices` at level ``national`` for
    the indicator ``SIPAS national average (%)``, one per year (the first when a year has several).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``sipas_pct``, ``source_url``, ``note`` and ``method`` (``2017-2021: recent service
        users`` before :data:`SIPAS_METHOD_BREAK`, ``2022+: random residents`` from it), by year.

    Examples
    --------
    >>> sipas = national_sipas()
    >>> sipas.loc[sipas["year"] == 2022, ["sipas_pct", "method"]].to_numpy().tolist()
    [[80.08, '2022+: random residents']]
    """
    pub = reference.published_indices()
    sel = pub[(pub["level"] == "national") & (pub["indicator"] == "SIPAS national average (%)")]
    sel = sel.sort_values("year").drop_duplicates("year", keep="first")
    out = sel[["year", "value", "source_url", "note"]].rename(columns={"value": "sipas_pct"})
    out["method"] = out["year"].map(lambda y: "2022+: random residents" if y >= SIPAS_METHOD_BREAK
                                    else "2017-2021: recent service users")
    return out.reset_index(drop=True)


def raw_files(raw: str | None = None) -> pd.DataFrame:
    """The raw files with their size and whether they still match ``MANIFEST.sha256``.

    The manifest holds one ``<sha256> <name>`` line per file.

    Parameters
    ----------
    raw : str, pathlib.Path or None, optional
        The folder of raw files; :func:`satisfaction.config.raw_dir` when None.

    Returns
    -------
    pandas.DataFrame
        One row per file directly in the folder, the manifest left out, by name: ``file``, ``kb``
        (the size in KiB, one decimal) and ``matches_manifest`` (whether the file's SHA-256 is the
        one the manifest gives; False when the manifest or its line is missing).

    Examples
    --------
    >>> import hashlib, tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.csv").write_bytes(b"x")
    ...     _ = (Path(tmp) / "b.csv").write_bytes(b"y")
    ...     _ = (Path(tmp) / "MANIFEST.sha256").write_text(hashlib.sha256(b"x").hexdigest() + "  a.csv")
    ...     raw_files(tmp).to_numpy().tolist()
    [['a.csv', 0.0, True], ['b.csv', 0.0, False]]
    """
    import hashlib

    folder = config.raw_dir() if raw is None else config.Path(raw)
    manifest = folder / "MANIFEST.sha256"
    expected = {}
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            digest, name = line.split(maxsplit=1)
            expected[name.strip()] = digest
    rows = []
    for p in sorted(folder.iterdir()):
        if p.is_file() and p.name != manifest.name:
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
            rows.append({"file": p.name, "kb": round(p.stat().st_size / 1024, 1),
                         "matches_manifest": expected.get(p.name) == digest})
    return pd.DataFrame(rows)

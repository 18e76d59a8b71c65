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
    """The survey exports in the raw folder, by wave (from the file name ``khao_sat_<year>.xlsx``)."""
    folder = config.raw_dir() if raw is None else config.Path(raw)
    found = {int(m.group(1)): p for p in sorted(folder.glob("khao_sat_*.xlsx"))
             if (m := re.fullmatch(r"khao_sat_(\d{4})\.xlsx", p.name))}
    if not found:
        raise SatisfactionError("no survey exports named khao_sat_<year>.xlsx", file=folder)
    return found


def load_waves(raw: str | None = None) -> pd.DataFrame:
    """Every wave's export, stacked, with ``wave`` and the matched ``district_code``.

    Examples
    --------
    >>> waves = load_waves()
    >>> sorted(waves["wave"].unique().tolist())
    [2022, 2023, 2024, 2025]
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
    """Rows per district (GSO code order) and wave, with a total row and the count of unmatched names."""
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
    """One row per wave: rows exported, districts, sampling units (wards), comments, exact duplicate rows."""
    data_cols = [c for c in waves.columns if c not in ("source_row", "source_file")]
    rows = []
    for wave, df in waves.groupby("wave"):
        comments = df["comment"].astype("string").str.strip().replace("", pd.NA).notna().sum()
        rows.append({"wave": wave, "file": df["source_file"].iat[0], "rows": len(df),
                     "districts": df["district_code"].nunique(), "wards_sampled": df["psu_code"].nunique(),
                     "comments": int(comments), "exact_duplicate_rows": int(df[data_cols].duplicated().sum()),
                     "place_names": "communes of 2025-07-01" if wave >= UNITS_BREAK else "pre-2025 wards"})
    return pd.DataFrame(rows)


def national_sipas() -> pd.DataFrame:
    """The published national SIPAS series with its source and the 2022 method-break flag."""
    pub = reference.published_indices()
    sel = pub[(pub["level"] == "national") & (pub["indicator"] == "SIPAS national average (%)")]
    sel = sel.sort_values("year").drop_duplicates("year", keep="first")
    out = sel[["year", "value", "source_url", "note"]].rename(columns={"value": "sipas_pct"})
    out["method"] = out["year"].map(lambda y: "2022+: random residents" if y >= SIPAS_METHOD_BREAK
                                    else "2017-2021: recent service users")
    return out.reset_index(drop=True)


def raw_files(raw: str | None = None) -> pd.DataFrame:
    """The raw files with their size and whether they still match ``MANIFEST.sha256``."""
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

"""Cleaning a whole data folder: every raw file in, processed data, quarantine and log out.

``clean_file`` cleans one file of a known kind; ``clean_folder`` cleans the bundled layout (survey
waves ``khao_sat_<year>.*``, case records ``ho_so_*``, letter registers ``so_thu_*``, petitions
``don_thu_*``) and writes, under ``build/processed/``:

- ``survey.parquet``, ``cases.parquet``, ``letters.parquet``, ``petitions.parquet``, ``late_cases.parquet``
  ``reports.parquet`` (the districts' own reports), (the clean data; Parquet keeps the types),
- ``quarantine/<file>.csv`` (every row that could not be cleaned, with its reason and column),
- ``logs/<file>.csv`` (every rule applied to that file, with its count),
- ``cleaning_log.csv`` (every rule applied, with its count, per file) and ``cleaning_summary.csv``
  (rows in, clean, quarantined and dropped as exact duplicates, per file).
"""

from __future__ import annotations

import logging
import re
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from satisfaction import __version__, config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest.cleaning import CleanResult, clean_survey, clean_table
from satisfaction.ingest.codebook import load_codebook
from satisfaction.ingest.readers import read
from satisfaction.ingest.records import apology_compliance, clean_cases, clean_letters, clean_petitions

log = logging.getLogger(__name__)
KINDS = ("survey", "cases", "letters", "petitions", "reports")
PATTERNS = {"survey": "khao_sat_*", "cases": "ho_so_*", "letters": "so_thu_*", "petitions": "don_thu_*",
            "reports": "bao_cao_*"}
_DATA_SUFFIXES = {".xlsx", ".xls", ".csv", ".txt", ".sav", ".dta", ".parquet"}


def wave_of(path: Path) -> int | None:
    """The survey year in a file name (``khao_sat_2024.xlsx`` -> 2024), or ``None``."""
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", path.stem)
    return int(m.group(1)) if m else None


def clean_file(path: str | Path, *, kind: str = "survey", codebook: str | Path | None = None,
               sheet: str | int | None = None, wave: int | None = None) -> CleanResult:
    """Read and clean one file of the given kind (``survey``, ``cases``, ``letters`` or ``petitions``)."""
    path = Path(path)
    if kind not in KINDS:
        raise SatisfactionError(f"unknown kind {kind!r}; expected one of {KINDS}")
    cb = load_codebook(codebook if codebook is not None else kind)
    raw = read(path, codebook=cb, sheet=sheet)
    if kind == "survey":
        return clean_survey(raw, codebook=cb, wave=wave if wave is not None else wave_of(path))
    if kind == "cases":
        return clean_cases(raw)
    if kind == "letters":
        return clean_letters([raw])
    if kind == "reports":  # the districts' own yearly reports: one row per district and year
        return clean_table(raw, codebook=cb)
    return clean_petitions(raw)


def write_result(result: CleanResult, out_dir: Path, stem: str) -> dict[str, Path]:
    """Write one result: ``<stem>.parquet``, ``quarantine/<stem>.csv`` and ``logs/<stem>.csv``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {"data": out_dir / f"{stem}.parquet", "quarantine": out_dir / "quarantine" / f"{stem}.csv",
             "log": out_dir / "logs" / f"{stem}.csv"}
    write_parquet(result.data, files["data"])
    for key in ("quarantine", "log"):
        files[key].parent.mkdir(parents=True, exist_ok=True)
        getattr(result, key).to_csv(files[key], index=False, encoding="utf-8-sig", lineterminator="\n")
    return files


def write_parquet(data: pd.DataFrame, path: Path) -> None:
    """Parquet with the versions that produced it in its metadata."""
    data = data.copy()
    data.attrs = {"satisfaction": __version__, "underthesea": version("underthesea")}
    data.to_parquet(path, index=False)


def _files(raw: Path, kind: str) -> list[Path]:
    return sorted(p for p in raw.glob(PATTERNS[kind]) if p.suffix.lower() in _DATA_SUFFIXES)


def clean_folder(raw: Path | None = None, out: Path | None = None) -> dict[str, CleanResult]:
    """Clean every raw file of the data folder and write the processed data; returns the results by file."""
    raw = raw or config.raw_dir()
    out = out or config.build_dir() / "processed"
    results: dict[str, CleanResult] = {}
    frames: dict[str, list[pd.DataFrame]] = {k: [] for k in KINDS}
    for kind in KINDS:
        for path in _files(raw, kind):
            log.info("cleaning %s (%s)", path.name, kind)
            result = clean_file(path, kind=kind)
            results[path.name] = result
            frames[kind].append(result.data)
            for key, folder in (("quarantine", "quarantine"), ("log", "logs")):
                target = out / folder / f"{path.stem}.csv"
                target.parent.mkdir(parents=True, exist_ok=True)
                getattr(result, key).to_csv(target, index=False, encoding="utf-8-sig", lineterminator="\n")
    if not frames["survey"]:
        raise SatisfactionError("no survey files (khao_sat_<year>.xlsx) to clean", file=raw)
    for kind, parts in frames.items():
        if parts:
            write_parquet(pd.concat(parts, ignore_index=True), out / f"{kind}.parquet")
    if frames["cases"] and frames["letters"]:
        late = apology_compliance(pd.concat(frames["cases"]), pd.concat(frames["letters"]))
        write_parquet(late, out / "late_cases.parquet")
    summary(results).to_csv(out / "cleaning_summary.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    pd.concat([r.log.assign(file=name) for name, r in results.items()], ignore_index=True).to_csv(
        out / "cleaning_log.csv", index=False, encoding="utf-8-sig", lineterminator="\n")
    return results


def summary(results: dict[str, CleanResult]) -> pd.DataFrame:
    """Rows in, clean, quarantined and dropped as exact duplicates, per file."""
    return pd.DataFrame([{"file": name, **r.accounting} for name, r in results.items()])


def load_processed(kind: str, folder: Path | None = None) -> pd.DataFrame:
    """A processed table written by :func:`clean_folder` (``survey``, ``cases``, ``letters``, ...)."""
    path = (folder or config.build_dir() / "processed") / f"{kind}.parquet"
    if not path.exists():
        raise SatisfactionError("processed data not found: run the cleaning notebook or "
                                "`python -m satisfaction clean` first", file=path)
    return pd.read_parquet(path)


def quarantine_by_reason(results: dict[str, CleanResult]) -> pd.DataFrame:
    """Quarantined rows per file, reason and column, with what the reason means."""
    from satisfaction.ingest.cleaning import REASONS

    parts = [r.quarantine.assign(file=name) for name, r in results.items() if len(r.quarantine)]
    if not parts:
        return pd.DataFrame(columns=["file", "reason", "column", "rows", "meaning"])
    q = pd.concat(parts, ignore_index=True)
    out = q.groupby(["file", "reason", "column"], as_index=False).size().rename(columns={"size": "rows"})
    out["meaning"] = out["reason"].map(REASONS)
    return out


def log_steps(results: dict[str, CleanResult], steps: list[str]) -> pd.DataFrame:
    """The log rows of the given steps across files, one column per file (counts)."""
    parts = [r.log.assign(file=name) for name, r in results.items()]
    log_ = pd.concat(parts, ignore_index=True)
    sel = log_[log_["step"].isin(steps)]
    table = sel.pivot_table(index=["step", "variable"], columns="file", values="count", aggfunc="sum", fill_value=0)
    table.columns = [str(c) for c in table.columns]
    return table.reset_index()


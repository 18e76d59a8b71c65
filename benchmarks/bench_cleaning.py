"""Cleaning 1,000,000 survey rows: wall time and peak memory (`python benchmarks/bench_cleaning.py`).

The four bundled survey exports (36,000 rows) are replicated to a million rows with varied place
names and answer labels (case, diacritics, prefixes changed in each copy, IDs made unique), then
cleaned by ``clean_survey`` in one call. Target: <= 60 s and <= 4 GB peak resident memory on 2 cores.
Reading the XLSX files is not timed (see bench_suite.py); the same rows as Parquet read in ~1 s.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from satisfaction.ingest import clean_survey, read_export, survey_files
from satisfaction.vietnamese import strip_diacritics


def _vary(frame: pd.DataFrame, copy: int, rng: np.random.Generator) -> pd.DataFrame:
    out = frame.copy()
    out["resp_id"] = out["resp_id"].astype(str) + f"-r{copy}"
    style = copy % 4
    for col in ["district_name", "ward_name", "q_overall", "q_staff_polite", "sex", "education"]:
        values = out[col]
        is_text = values.map(lambda v: isinstance(v, str))
        if style == 1:
            out.loc[is_text, col] = values[is_text].str.lower()
        elif style == 2:
            out.loc[is_text, col] = values[is_text].map(strip_diacritics)
        elif style == 3:
            out.loc[is_text, col] = values[is_text].str.upper()
    return out


def build(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = pd.concat([read_export(p).assign(wave=w) for w, p in survey_files().items()], ignore_index=True)
    copies = -(-rows // len(base))
    big = pd.concat([_vary(base, k, rng) for k in range(copies)], ignore_index=True).head(rows)
    big["source_row"] = np.arange(2, len(big) + 2)
    return big


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    start = time.perf_counter()
    raw = build(args.rows)
    built = time.perf_counter() - start
    start = time.perf_counter()
    result = clean_survey(raw)
    seconds = time.perf_counter() - start
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    a = result.accounting
    print(f"rows in {a['rows_in']:,}: clean {a['rows_clean']:,}, quarantined {a['rows_quarantined']:,}, "
          f"exact duplicates dropped {a['exact_duplicates_dropped']:,}")
    print(f"building the input: {built:.1f} s; clean_survey: {seconds:.1f} s; peak resident memory {peak_gb:.2f} GB")


if __name__ == "__main__":
    main()

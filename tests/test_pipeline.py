"""The processed data written by clean_folder holds to its codebooks and records its provenance."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq

from satisfaction.ingest import load_codebook

DTYPES = {"likert5": "Int8", "categorical": "Int8", "integer": "Int64", "numeric": "Float64", "id": "string",
          "text": "string", "place": "string"}


def test_processed_files_exist(cleaned):
    _, out = cleaned
    for name in ["survey", "cases", "letters", "petitions", "late_cases"]:
        assert (out / f"{name}.parquet").exists(), name
    assert (out / "cleaning_summary.csv").exists() and (out / "cleaning_log.csv").exists()
    assert len(list((out / "quarantine").glob("*.csv"))) == 9


def test_processed_data_holds_to_the_codebook(cleaned):
    _, out = cleaned
    for kind in ["survey", "cases", "letters", "petitions", "reports"]:
        cb = load_codebook(kind)
        data = pd.read_parquet(out / f"{kind}.parquet")
        for var, typ in zip(cb["variable"], cb["type"], strict=True):
            if var not in data.columns:
                assert kind == "survey" and var == "wave" or cb.set_index("variable").at[var, "required"] == "no", var
                continue
            if typ == "date":
                assert str(data[var].dtype).startswith("datetime64"), (kind, var)
            else:
                assert str(data[var].dtype) == DTYPES[typ], (kind, var, data[var].dtype)
            if typ in ("likert5", "categorical"):
                allowed = {int(p.split("=")[0]) for p in cb.set_index("variable").at[var, "values"].split(";")}
                assert set(data[var].dropna().astype(int)) <= allowed, (kind, var)


def test_parquet_records_the_versions_that_made_it(cleaned):
    _, out = cleaned
    meta = pq.read_metadata(out / "survey.parquet").metadata
    attrs = json.loads(meta[b"PANDAS_ATTRS"])
    assert attrs["underthesea"] == "9.5.0" and "satisfaction" in attrs

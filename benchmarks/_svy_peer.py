"""The svy side of bench_indices.py, run in the peers' environment (`.peers/bin/python`): reads a parquet
file, estimates the top-2-box share of each item by domain with svy 0.35's Taylor SEs, writes the results.

usage: python _svy_peer.py IN.parquet OUT.parquet BY ITEM [ITEM ...]; prints "SECONDS <s>" (the estimation
call alone: the conversion to polars and the 0/1 indicators are not timed).
"""

import sys
import time

import pandas as pd
import polars as pl
import svy

src, dst, by, *items = sys.argv[1:]
data = pl.read_parquet(src).with_columns([pl.col(v).cast(pl.Float64) for v in items])
# NaN is not null in polars, and NaN >= 4 is true there: missing answers are made null first
indicators = {f"t2_{v}": v for v in items}
data = data.with_columns([
    pl.when(pl.col(v).is_null() | pl.col(v).is_nan()).then(None)
    .otherwise(pl.col(v).is_in([4.0, 5.0]).cast(pl.Float64)).alias(k) for k, v in indicators.items()
]).drop(items)
sample = svy.Sample(data, svy.Design(stratum="district_code", psu="psu", wgt="weight"))
start = time.perf_counter()
results = sample.estimation.mean(list(indicators), by=by, drop_nulls=True)
seconds = time.perf_counter() - start
parts = []
for key, res in zip(indicators, results, strict=True):
    p = res.to_polars().to_pandas()
    parts.append(pd.DataFrame({by: p[by].astype(str), "variable": indicators[key], "estimate": p["est"],
                               "std_err": p["se"]}))
pd.concat(parts, ignore_index=True).to_parquet(dst)
print("SECONDS", seconds)

"""Top-2-box proportions by district for 28 items on 1,000,000 respondents (`python benchmarks/bench_indices.py`).

The cleaned 2024 wave is replicated to a million respondents (each copy's wards made new PSUs, so the
design has 30 strata and ~8,000 PSUs), then ``survey.proportion(..., top2=True, by="district_code")``
estimates the 28 five-point items (22 SIPAS criteria, overall satisfaction, 5 expectations) with
linearisation SEs and logit intervals. Target: <= 10 s on 2 cores. When ``Rscript`` with the survey
package is on the PATH, the same estimates are timed with ``svyby(~..., ~district_code, design,
svymean)`` and the ratio is reported.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from satisfaction import config, survey
from satisfaction.ingest import clean_file, load_codebook
from satisfaction.sipas import items

R_SCRIPT = """
suppressMessages(library(survey))
x <- read.csv("{csv}", colClasses = c(district_code = "character", psu = "character"))
d <- svydesign(ids = ~psu, strata = ~district_code, weights = ~weight, data = x)
f <- as.formula(paste("~", paste(sprintf("I(as.numeric(%s >= 4))", {items}), collapse = " + ")))
t0 <- Sys.time()
r <- svyby(f, ~district_code, d, svymean, na.rm = TRUE)
cat(as.numeric(difftime(Sys.time(), t0, units = "secs")), "\\n")
"""


def build(rows: int) -> pd.DataFrame:
    base = clean_file(config.raw_dir() / "khao_sat_2024.xlsx").data
    copies = -(-rows // len(base))
    parts = [base.assign(psu=base["psu_code"] + f"-{k}") for k in range(copies)]
    return pd.concat(parts, ignore_index=True).head(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--r-rows", type=int, default=200_000, help="rows for the R timing (R is slow)")
    args = parser.parse_args()
    cb = load_codebook()
    variables = items(cb) + ["q_overall"] + [f"e_{f}" for f in ["access", "procedures", "staff", "results", "feedback"]]
    data = build(args.rows)
    design = survey.Design(weight="weight", strata="district_code", cluster="psu")
    start = time.perf_counter()
    out = survey.proportion(data, variables, design=design, top2=True, by="district_code")
    seconds = time.perf_counter() - start
    print(f"{len(data):,} respondents, {len(variables)} items x {data['district_code'].nunique()} districts = "
          f"{len(out)} estimates with SEs and logit intervals: {seconds:.2f} s")
    if shutil.which("Rscript"):
        small = data.head(args.r_rows)
        start = time.perf_counter()
        survey.proportion(small, variables, design=design, top2=True, by="district_code")
        ours = time.perf_counter() - start
        with tempfile.TemporaryDirectory() as tmp:
            csv = Path(tmp) / "x.csv"
            small[["district_code", "psu", "weight", *variables]].to_csv(csv, index=False)
            script = R_SCRIPT.format(csv=csv, items="c(" + ", ".join(f'"{v}"' for v in variables) + ")")
            res = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=True)
            r_seconds = float(res.stdout.split()[-1])
        print(f"on {len(small):,} rows: satisfaction {ours:.2f} s, R svyby(svymean) {r_seconds:.2f} s "
              f"(R / satisfaction = {r_seconds / ours:.0f}x)")
    else:
        print("Rscript not found: no comparison with R")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()

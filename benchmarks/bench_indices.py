"""Top-2-box shares by district for 28 items on 1,000,000 respondents, side by side with svy and R, same SEs.

`python benchmarks/bench_indices.py` (after `make peers` for svy; R's survey package from Debian for R).

The cleaned 2024 wave is replicated to a million respondents (each copy's wards made new PSUs, so the
design has 30 strata and 32,027 PSUs), then ``survey.proportion(..., top2=True, by="district_code")``
estimates the 28 five-point items (22 SIPAS criteria, overall satisfaction, 5 expectations) with
linearisation SEs and Korn-Graubard intervals. The same 840 shares and SEs are then computed, in the same
run on the same data, by

- svy 0.35.0 (Rust core; `make peers` installs it into ``.peers/``, never into the project's venv):
  ``Sample(...).estimation.mean([28 indicators], by=..., drop_nulls=True)``, one call;
- R's survey: one ``svyby(~I(as.numeric(q >= 4)), ~district_code, design, svymean, na.rm=TRUE)`` per item.
  (A single ``svyby`` with all 28 items in one formula would be faster, but R then drops every row with
  any item missing, so its SEs are not the same estimates: its time is printed too, marked so.)

Only the estimation is timed on each side (not the reading of files, nor svy's conversion to polars).
Targets: at least 10x faster than svy and 5x faster than R's ``svyby``, with SEs equal to 1e-9.
"""

from __future__ import annotations

import argparse
import os
import platform
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

HERE = Path(__file__).resolve().parent
PEERS = HERE.parent / ".peers" / "bin" / "python"

R_SCRIPT = r"""
suppressMessages(library(survey))
items <- strsplit("{items}", ",")[[1]]
x <- read.csv("{csv}", colClasses = c(district_code = "character", psu = "character"))
d <- svydesign(ids = ~psu, strata = ~district_code, weights = ~weight, data = x, nest = TRUE)
term <- function(v) sprintf("I(as.numeric(%s >= 4))", v)
t0 <- Sys.time()
out <- do.call(rbind, lapply(items, function(v) {{
  r <- svyby(as.formula(paste("~", term(v))), ~district_code, d, svymean, na.rm = TRUE)
  data.frame(district_code = as.character(r[[1]]), variable = v, estimate = as.numeric(coef(r)),
             std_err = as.numeric(SE(r)))
}}))
per_item <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
t0 <- Sys.time()
joint <- svyby(as.formula(paste("~", paste(term(items), collapse = " + "))), ~district_code, d, svymean,
               na.rm = TRUE)
joint_s <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
write.csv(out, "{out}", row.names = FALSE)
cat("SECONDS", per_item, joint_s, "\n")
"""


def machine() -> str:
    cpu = "unknown CPU"
    info = Path("/proc/cpuinfo")
    if info.exists():
        names = [ln.split(":", 1)[1].strip() for ln in info.read_text().splitlines() if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def build(rows: int) -> pd.DataFrame:
    base = clean_file(config.raw_dir() / "khao_sat_2024.xlsx").data
    copies = -(-rows // len(base))
    parts = [base.assign(psu=base["psu_code"] + f"-{k}") for k in range(copies)]
    return pd.concat(parts, ignore_index=True).head(rows)


def compare(ours: pd.DataFrame, theirs: pd.DataFrame) -> tuple[float, float]:
    """Largest absolute difference of the estimates and largest relative difference of the non-zero SEs."""
    a = ours.assign(variable=ours["variable"].str.replace("_top2", "", regex=False))
    a["district_code"] = a["district_code"].astype(str)
    b = theirs.assign(district_code=theirs["district_code"].astype(str))
    m = a.merge(b, on=["district_code", "variable"], suffixes=("", "_peer"), validate="one_to_one")
    assert len(m) == len(a) == len(b), (len(m), len(a), len(b))
    # a district at 100% has an SE of 0 here and of about 1e-18 in R (rounding): relative differences are
    # taken where the SE is not zero
    live = m["std_err_peer"] > 1e-12
    return (float((m["estimate"] - m["estimate_peer"]).abs().max()),
            float(((m["std_err"] - m["std_err_peer"]).abs() / m["std_err_peer"])[live].max()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs of the project's call")
    parser.add_argument("--no-r", action="store_true", help="skip R (its per-item svyby takes minutes)")
    args = parser.parse_args()
    cb = load_codebook()
    variables = items(cb) + ["q_overall"] + [f"e_{f}" for f in ["access", "procedures", "staff", "results", "feedback"]]
    data = build(args.rows)
    design = survey.Design(weight="weight", strata="district_code", cluster="psu")
    print(machine())
    print(f"{len(data):,} respondents, {len(variables)} items x {data['district_code'].nunique()} districts, "
          f"{data['psu'].nunique():,} PSUs")
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        ours = survey.proportion(data, variables, design=design, top2=True, by="district_code", method="beta")
        times.append(time.perf_counter() - start)
    best = min(times)
    print(f"satisfaction {best:.2f} s (best of {args.repeat}; {len(ours)} shares with SEs and Korn-Graubard "
          "intervals)")
    with tempfile.TemporaryDirectory() as tmp:
        frame = data[["district_code", "psu", "weight", *variables]]
        if PEERS.exists():
            frame.to_parquet(Path(tmp) / "x.parquet")
            res = subprocess.run([str(PEERS), str(HERE / "_svy_peer.py"), str(Path(tmp) / "x.parquet"),
                                  str(Path(tmp) / "svy.parquet"), "district_code", *variables],
                                 capture_output=True, text=True)
            if res.returncode:
                raise SystemExit(f"svy failed:\n{res.stderr[-3000:]}")
            svy_s = float(res.stdout.split()[-1])
            d_est, d_se = compare(ours, pd.read_parquet(Path(tmp) / "svy.parquet"))
            print(f"svy 0.35.0  {svy_s:.2f} s: satisfaction is {svy_s / best:.1f}x faster "
                  f"(estimates differ by at most {d_est:.1e}, SEs by {d_se:.1e} relative)")
        else:
            print("svy: not installed (`make peers`)")
        if shutil.which("Rscript") and not args.no_r:
            csv, out = Path(tmp) / "x.csv", Path(tmp) / "r.csv"
            frame.to_csv(csv, index=False)
            script = R_SCRIPT.format(items=",".join(variables), csv=csv.as_posix(), out=out.as_posix())
            res = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=True)
            per_item, joint = (float(v) for v in res.stdout.split("SECONDS")[-1].split())
            d_est, d_se = compare(ours, pd.read_csv(out, dtype={"district_code": str}))
            print(f"R svyby, one per item  {per_item:.2f} s: satisfaction is {per_item / best:.1f}x faster "
                  f"(estimates differ by at most {d_est:.1e}, SEs by {d_se:.1e} relative)")
            print(f"R svyby, all items in one formula  {joint:.2f} s ({joint / best:.1f}x; not the same "
                  "estimates: R keeps only the rows that answered every item)")
        else:
            print("R: not run")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()

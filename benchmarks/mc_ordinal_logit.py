"""Monte Carlo check of ordinal_logit with a design (`python benchmarks/mc_ordinal_logit.py`).

One simulated world (the bundled seed; ``--new-world`` draws a new one each time), ``--reps`` fresh samples
(default 1000) of one survey wave drawn from it with the
stratified cluster design (districts as strata, wards as PSUs, ~9,000 respondents), each fitted with
``ordinal_logit(q_overall ~ factor scores + wait + visits + online, design=...)``. Reports, per coefficient
of truth.json, the coverage of the 95% intervals (target 93-97%), the bias, and the mean standard error
against the spread of the estimates; and the time of one fit on 36,000 respondents x 10 predictors
(target <= 5 s).

The simulator draws overall satisfaction with a district-wave intercept on top of the true coefficients.
The model that matches it has district indicators (``--district-effects``): that is the check of the
estimator. Without them the model is the marginal one, whose coefficients are not the conditional truth
(logit coefficients are not collapsible, and the omitted intercept correlates with district traits).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from satisfaction.ingest import load_codebook
from satisfaction.models import ordinal_logit
from satisfaction.simulate import DEFAULT_SEED
from satisfaction.simulate.respondents import OVERALL_MODEL
from satisfaction.simulate.sample import sample_wave
from satisfaction.simulate.world import make_world
from satisfaction.sipas import FACTORS, items
from satisfaction.survey import Design

X = [f"score_{k}" for k in FACTORS] + ["wait_minutes", "visits", "online"]
DESIGN = Design(weight="weight", strata="district_code", cluster="ward_code")


def _prepare(df: pd.DataFrame, cb: pd.DataFrame) -> pd.DataFrame:
    for k in FACTORS:
        df[f"score_{k}"] = df[items(cb, k)].mean(axis=1) - 4
    df["online"] = df["channel"].isin([2, 3]).astype(float)
    df[["wait_minutes", "visits"]] = df[["wait_minutes", "visits"]].astype(float)
    return df


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=1000,
                        help="replications (1000: a coverage of 0.95 is then known to +-0.014; 200 gives +-0.03)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--district-effects", action="store_true",
                        help="add district indicators to the model (the simulator adds a district-wave intercept)")
    parser.add_argument("--new-world", action="store_true",
                        help="draw a new world (district and ward effects) for every replication")
    parser.add_argument("--equal-weights", action="store_true",
                        help="fit with weight 1 (same strata and PSUs): isolates what unequal weights do")
    parser.add_argument("--no-time", action="store_true", help="skip the timing of one large fit")
    args = parser.parse_args()
    cb = load_codebook()
    world = make_world(np.random.default_rng(DEFAULT_SEED))
    rng = np.random.default_rng(args.seed)
    truth = pd.Series(OVERALL_MODEL["beta"])
    hits, errors, ses = [], [], []
    start = time.perf_counter()
    for _ in range(args.reps):
        if args.new_world:
            world = make_world(rng)
        df = _prepare(sample_wave(rng, world, 2024), cb)
        if args.equal_weights:
            df["weight"] = 1.0
        terms = X
        if args.district_effects:
            dummies = pd.get_dummies(df["district_code"], prefix="d", drop_first=True, dtype=float)
            df = pd.concat([df, dummies], axis=1)
            terms = X + list(dummies.columns)
        table = ordinal_logit(df, "q_overall", terms, design=DESIGN).table.set_index("term").loc[truth.index]
        hits.append((table["ci_low"] <= truth) & (truth <= table["ci_high"]))
        errors.append(table["estimate"] - truth)
        ses.append(table["std_err"])
    seconds = time.perf_counter() - start
    coverage = pd.concat(hits, axis=1).mean(axis=1)
    bias = pd.concat(errors, axis=1).mean(axis=1)
    print(f"{args.reps} replications in {seconds:.0f} s (seed {args.seed})")
    sd = pd.concat(errors, axis=1).std(axis=1)
    mean_se = pd.concat(ses, axis=1).mean(axis=1)
    print(pd.DataFrame({"true": truth, "bias": bias.round(4), "bias_in_sd": (bias / sd).round(2),
                        "sd_of_estimates": sd.round(4), "mean_se": mean_se.round(4),
                        "se_over_sd": (mean_se / sd).round(3), "coverage_95": coverage.round(3)}).to_string())
    print(f"mean coverage {coverage.mean():.3f}; Monte Carlo standard error of one coverage near 0.95: "
          f"{np.sqrt(0.95 * 0.05 / args.reps):.3f}")
    if args.no_time:
        return

    big = pd.concat([_prepare(sample_wave(rng, world, w), cb) for w in (2022, 2023, 2024, 2025)], ignore_index=True)
    big["stratum"] = big["wave"].astype(str) + big["district_code"]
    big["psu"] = big["wave"].astype(str) + big["ward_code"]
    big["age"], big["sex"] = big["age"].astype(float), big["sex"].astype(float)
    start = time.perf_counter()
    ordinal_logit(big, "q_overall", [*X, "age", "sex"], design=Design(weight="weight", strata="stratum", cluster="psu"))
    print(f"one fit, {len(big):,} respondents x {len(X) + 2} predictors, with the design: "
          f"{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()

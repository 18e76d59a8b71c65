"""Redaction on real comments (`python benchmarks/eval_privacy.py [--show 20] [--seed 0] [--forms]`).

Runs :func:`satisfaction.ingest.redact` over every comment of UIT-ViSFD (smartphone reviews from an online
shop; train, dev and test splits), which were written by the public and published, so hold little personal
data: most changes are false positives to judge. Prints how many comments changed, the counts per kind, and a
random sample of changed comments before and after (the seed makes the sample the same each run). With
``--forms`` it also counts the changes in the same comments written without diacritics, in capitals, both,
and in title case, where the rules cannot lean on capitals or diacritics (about 10 s more).

Reads ../shared/data/uit_visfd beside the repository (or $SATISFACTION_SHARED/uit_visfd); the corpus is never
committed. Without it the script says so and exits with status 0.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import numpy as np
import pandas as pd

from satisfaction import config
from satisfaction.ingest import redact
from satisfaction.vietnamese import strip_diacritics

SPLITS = ("train", "dev", "test")
FORMS = {"without diacritics": strip_diacritics, "in capitals": str.upper,
         "in capitals without diacritics": lambda t: strip_diacritics(t).upper(), "in title case": str.title}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="changed comments to print (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--forms", action="store_true", help="also count changes in other written forms")
    args = parser.parse_args(argv)

    folder = config.shared_data_dir() / "uit_visfd"
    files = [folder / f"{s}.csv" for s in SPLITS]
    if not all(f.is_file() for f in files):
        print(f"skipped: UIT-ViSFD not found at {folder} (see benchmarks/eval_privacy.py)")
        return 0
    comments = pd.concat([pd.read_csv(f, usecols=["comment"]) for f in files], ignore_index=True)["comment"]
    comments = comments.dropna().astype(str)

    counts: Counter[str] = Counter()
    changed = []
    for text in comments:
        clean, found = redact(text)
        if found:
            counts.update(found)
            changed.append((text, clean, found))
    print(f"UIT-ViSFD: {len(comments)} comments, {len(changed)} changed ({len(changed) / len(comments):.2%})")
    print("replacements per kind:", dict(sorted(counts.items())) or "none")
    rng = np.random.default_rng(args.seed)
    pick = sorted(rng.choice(len(changed), size=min(args.show, len(changed)), replace=False)) if changed else []
    for k, i in enumerate(pick, 1):
        before, after, found = changed[i]
        print(f"\n[{k}] {found}\n  before: {before}\n  after:  {after}")
    if args.forms:
        print()
        for name, form in FORMS.items():
            found = Counter()
            n = 0
            for text in comments:
                counts = redact(form(text))[1]
                n += bool(counts)
                found.update(counts)
            print(f"{name}: {n} changed, {dict(sorted(found.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

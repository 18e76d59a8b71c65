"""Write tests/golden/study_hanoi_2026_clean.csv: the example study's cleaned survey (the columns R reads).

Run from the repository root after ``python scripts/make_example_study.py``, then
``cd tests/golden && Rscript make_study_golden.R``.
"""

import tempfile
from pathlib import Path

import pandas as pd

from satisfaction import config
from satisfaction.datasets import example_study
from satisfaction.study import clean_study, load_study

COLUMNS = ["resp_id", "new_ward", "cluster", "n_communes", "n_clusters", "weight", "q_overall", "q_16", "q_17", "q_18"]

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        clean_study(load_study(example_study()), Path(tmp))
        data = pd.read_parquet(Path(tmp) / "survey.parquet")
    data[COLUMNS].to_csv(config.REPO_ROOT / "tests" / "golden" / "study_hanoi_2026_clean.csv", index=False)

"""Topics of real Vietnamese customer comments (`python benchmarks/eval_topics.py [--k K] [--seed S]`).

UIT-ViSFD (smartphone reviews from an online shop, ../shared/data/uit_visfd, research use only, never
committed): the train split's comments are normalised and word-segmented as the survey's are, and
:func:`satisfaction.text.discover_topics` chooses the number of topics by split-half stability. Printed:
the stability of each k, each topic's top terms and share, and the agreement of the dominant topic with
the corpus's own aspect labels (the share of each topic's comments labelled with each aspect), so a
person can judge whether the topics are the ones a reader would name. Takes about a minute (most of it
word segmentation; ``--cache`` keeps the segmentation between runs).
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from satisfaction import config
from satisfaction.text import discover_topics, prepare_texts, tokenize

ASPECTS = ["battery", "camera", "design", "features", "general", "performance", "price", "screen", "ser_acc",
           "storage"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--k", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--split", default="train")
    parser.add_argument("--cache", default=None, help="a folder for the word-segmentation cache")
    args = parser.parse_args()
    df = pd.read_csv(config.shared_data_dir() / "uit_visfd" / f"{args.split}.csv")
    start = time.perf_counter()
    prep = prepare_texts(df["comment"])
    tokens = tokenize(prep["normalised"], cache=args.cache, progress=False)
    t_tok = time.perf_counter() - start
    start = time.perf_counter()
    result = discover_topics(tokens, k=args.k, seed=args.seed, top_words=12, texts=df.loc[prep.index, "comment"])
    t_topics = time.perf_counter() - start
    print(f"UIT-ViSFD {args.split}: {len(tokens):,} comments, {result.vocabulary:,} terms; segmentation "
          f"{t_tok:.0f} s, topics {t_topics:.1f} s; k = {result.k}")
    if not result.stability.empty:
        pairs = zip(result.stability["k"], result.stability["stability"], strict=True)
        print("stability by k: " + ", ".join(f"{k}: {s:.3f}" for k, s in pairs))
    labelled = df.loc[prep.index, ASPECTS].notna()
    for row in result.topics.itertuples():
        members = result.dominant == row.topic
        aspects = labelled[members.to_numpy()].mean().sort_values(ascending=False).head(3)
        print(f"\ntopic {row.topic}: {row.documents} comments ({row.share_pct}%); aspects labelled: "
              + ", ".join(f"{a} {100 * v:.0f}%" for a, v in aspects.items()))
        print("  " + ", ".join(result.words.loc[result.words["topic"] == row.topic, "term"]))


if __name__ == "__main__":
    main()

"""Every figure of the suite."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from satisfaction.ingest.overview import SIPAS_METHOD_BREAK
from satisfaction.report import labels, style
from satisfaction.sipas.indices import MEASURES
from satisfaction.sipas.published import PAPI_DIMENSIONS, SERVICE_DIMENSIONS
from satisfaction.sipas.questionnaire import FACTORS
from satisfaction.text.aspects import ASPECTS
from satisfaction.text.sentiment import LABELS


def compliance(table: pd.DataFrame, *, year: int):
    """Dot plot of each district's apology-letter compliance, with the count of late cases."""
    import matplotlib.pyplot as plt

    from satisfaction.report import labels, style

    fig, ax = plt.subplots(figsize=(7, 8))
    ax.hlines(table["district"], 0, table["compliance_pct"], color=style.LIGHT["grey"], linewidth=1)
    ax.scatter(table["compliance_pct"], table["district"], s=12 + 3 * table["late_cases"], color=style.PALETTE["blue"], zorder=3)
    for y, (pct, n) in enumerate(zip(table["compliance_pct"], table["late_cases"], strict=True)):
        ax.annotate(labels.text("late_cases_n", n=n), (pct, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=7)
    ax.set(xlim=(0, 128), xticks=range(0, 101, 20), xlabel=labels.text("fig.compliance.xlabel"), ylabel="",
           title=labels.text("fig.compliance.title", year=year))
    ax.invert_yaxis()
    return fig


def ontime_vs_satisfaction(table: pd.DataFrame, *, year: int):
    """Each district's on-time case share against its surveyed satisfaction (with the interval)."""
    import matplotlib.pyplot as plt

    from satisfaction.ingest.reference import split_prefix
    from satisfaction.report import labels, style

    fig, ax = plt.subplots(figsize=(7, 5))
    ax.errorbar(table["ontime_pct"], 100 * table["estimate"],
                yerr=[100 * (table["estimate"] - table["ci_low"]), 100 * (table["ci_high"] - table["estimate"])],
                fmt="o", color=style.PALETTE["blue"], ecolor=style.LIGHT["blue"], capsize=2)
    for _, row in table.iterrows():
        ax.annotate(split_prefix(row["district"])[1], (row["ontime_pct"], 100 * row["estimate"]), xytext=(3, 3),
                    textcoords="offset points", fontsize=6)
    ax.set(xlabel=labels.text("fig.ontime.xlabel", year=year), ylabel=labels.text("fig.ontime.ylabel"),
           title=labels.text("fig.ontime.title"))
    fig.tight_layout()
    return fig


def national_sipas(sipas: pd.DataFrame) -> plt.Figure:
    """Line chart of the national SIPAS series, the two methods drawn apart, never joined."""
    fig, ax = plt.subplots(figsize=(7, 3.8))
    for method, part in sipas.groupby("method", sort=False):
        ax.plot(part["year"], part["sipas_pct"], marker="o", label=labels.value_label("method", method))
    ax.axvline(SIPAS_METHOD_BREAK - 0.5, color="grey", linestyle="--", linewidth=1)
    ax.annotate(labels.text("method_break"), xy=(SIPAS_METHOD_BREAK - 0.45, 0.97), xycoords=("data", "axes fraction"),
                va="top", fontsize=8, color="grey")
    ax.set(xlabel=labels.text("year"), ylabel=labels.text("fig.national.ylabel"), title=labels.text("fig.national.title"))
    ax.legend(fontsize=8, loc="lower left")
    return fig


def respondents(table: pd.DataFrame) -> plt.Figure:
    """Heat map of respondents per district (rows, GSO order) and wave (columns), counts written in."""
    import seaborn as sns

    body = table[table["district_code"] != ""].set_index("district")
    waves = [c for c in body.columns if c.isdigit()]
    fig, ax = plt.subplots(figsize=(6, 9))
    sns.heatmap(body[waves], annot=True, fmt="d", cmap=style.SEQUENTIAL, cbar_kws={"label": labels.text("fig.respondents.cbar")}, ax=ax,
                annot_kws={"fontsize": 8})
    ax.set(xlabel=labels.text("survey_year"), ylabel="", title=labels.text("fig.respondents.title"))
    return fig


def aspect_heatmap(shares: pd.DataFrame, *, group: str = "district_code", names: pd.Series | None = None):
    """Heat map of the share (%) of comments mentioning each aspect, one row per group."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from satisfaction.report import labels, style

    body = shares.set_index(group)[list(ASPECTS)]
    if names is not None:
        body.index = body.index.map(names)
    body.columns = [labels.pick(ASPECTS[a][:2]) for a in body.columns]
    fig, ax = plt.subplots(figsize=(9, 0.28 * len(body) + 2))
    sns.heatmap(body, annot=True, fmt=".0f", cmap=style.SEQUENTIAL, cbar_kws={"label": labels.text("fig.aspects.cbar")}, ax=ax,
                annot_kws={"fontsize": 7})
    ax.set(xlabel="", ylabel="", title=labels.text("fig.aspects.title"))
    ax.tick_params(axis="x", labelrotation=35, labelsize=8)
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    return fig


def sentiment_by_score(table: pd.DataFrame, *, score: str = "q_overall"):
    """Stacked bars: negative, neutral and positive comments by the respondent's own score."""
    import matplotlib.pyplot as plt

    from satisfaction.report import labels, style

    colours = {"negative": style.PALETTE["vermillion"], "neutral": style.PALETTE["grey"],
               "positive": style.PALETTE["green"]}
    names = {label: labels.column_label("comment_sentiment_by_score", label) for label in colours}
    fig, ax = plt.subplots(figsize=(7, 3.8))
    left = np.zeros(len(table))
    for label in LABELS:
        if label in table:
            ax.barh(table[score].astype(str), table[label], left=left, color=colours[label], label=names[label])
            left += table[label].to_numpy()
    ax.set(xlabel=labels.text("fig.sentiment.xlabel"), ylabel=labels.text("fig.sentiment.ylabel"),
           title=labels.text("fig.sentiment.title"))
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def distinctive(table: pd.DataFrame, groups: list, *, n: int = 12, names: dict | None = None):
    """Bar charts of the most distinctive words (z-score) of each group, words written with spaces."""
    import matplotlib.pyplot as plt

    from satisfaction.report import labels, style

    emoji = {"emo neg": labels.text("fig.distinctive.emo_neg"), "emo pos": labels.text("fig.distinctive.emo_pos")}
    fig, axes = plt.subplots(1, len(groups), figsize=(5 * len(groups), 0.32 * n + 1.5), squeeze=False)
    for ax, g in zip(axes[0], groups, strict=True):
        top = table[table["group"] == g].head(n)[::-1]
        words = top["word"].str.replace("_", " ").replace(emoji)
        ax.barh(words, top["z"], color=style.PALETTE["blue"])
        ax.set_title((names or {}).get(g, str(g)), fontsize=10)
        ax.set_xlabel(labels.text("fig.distinctive.xlabel"))
    fig.suptitle(labels.text("fig.distinctive.title"), fontsize=11)
    fig.tight_layout()
    return fig


def factor_indices(index: pd.DataFrame, *, by: str = "wave"):
    """Factor and overall indices (top-2-box %) per wave with their intervals, one panel per measure."""
    import matplotlib.pyplot as plt

    from satisfaction.report import labels, style

    sel = index[index["level"].isin(["factor", "overall"])].copy()
    sel["name"] = np.where(sel["level"] == "overall", labels.text("overall_factors"),
                           sel["factor"].map({k: labels.pick(v) for k, v in FACTORS.items()}))
    measures = ["satisfied_pct", "mean_score", "dissatisfied_pct"]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.5), sharey=True)
    names = list(dict.fromkeys(sel["name"]))
    waves = sorted(sel[by].unique())
    for ax, measure in zip(axes, measures, strict=True):
        part = sel[sel["measure"] == measure]
        for j, wave in enumerate(waves):
            w = part[part[by] == wave].set_index("name").reindex(names)
            y = np.arange(len(names)) + (j - (len(waves) - 1) / 2) * 0.18
            ax.errorbar(w["estimate"], y, xerr=[w["estimate"] - w["ci_low"], w["ci_high"] - w["estimate"]],
                        fmt="o", ms=4, color=style.CYCLE[j % len(style.CYCLE)], label=str(wave), capsize=2)
        ax.set_title(labels.pick(MEASURES[measure]), fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(range(len(names)), names)
    axes[0].invert_yaxis()
    axes[-1].legend(title=labels.text("year"), fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False)
    fig.suptitle(labels.text("fig.factors.title"))
    fig.tight_layout()
    return fig


def sipas_provinces(table: pd.DataFrame):
    """Each published provincial SIPAS score by year (a dot per province; the range it spans)."""
    import matplotlib.pyplot as plt

    from satisfaction.report import style

    fig, ax = plt.subplots(figsize=(7, 4))
    for year, part in table.groupby("year"):
        ax.vlines(year, part["value"].min(), part["value"].max(), color=style.LIGHT["grey"], linewidth=6)
        ax.scatter(np.full(len(part), year), part["value"], s=14, color=style.PALETTE["blue"], zorder=3)
    ax.set(xlabel=labels.text("year"), ylabel="SIPAS (%)", title=labels.text("fig.published.provinces.title"))
    ax.grid(axis="y", alpha=0.3)
    return fig


def hanoi_par(table: pd.DataFrame):
    """Bars of the published district PAR Index scores, the 30-unit average as a line."""
    import matplotlib.pyplot as plt

    from satisfaction.report import style

    units = table[table["level"] == "district"].iloc[::-1]
    average = table.loc[table["level"] == "city-district-average", "value"]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(units) + 1.8))
    ax.barh(units["unit"], units["value"], color=style.PALETTE["blue"])
    for y, v in enumerate(units["value"]):
        ax.annotate(_decimal(v), (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    if len(average):
        ax.axvline(average.iloc[0], color=style.PALETTE["vermillion"], linestyle="--", linewidth=1.2,
                   label=f"{labels.text('fig.published.hanoi.average')}: {_decimal(average.iloc[0])}")
        ax.legend(fontsize=8, loc="lower right")
    lo = min(units["value"].min(), average.min() if len(average) else np.inf)
    ax.set(xlim=(np.floor(lo) - 3, 100), xlabel=labels.text("fig.published.hanoi.xlabel"),
           title=labels.text("fig.published.hanoi.title", year=int(table["year"].max())))
    return fig


def _decimal(x: float) -> str:
    """A number with one decimal, the decimal mark of the label language."""
    text = f"{x:.1f}"
    return text.replace(".", ",") if labels.language() == "vi" else text


def dimension_trends(trends: pd.DataFrame):
    """The six dimensions' means by year with their 95% intervals, the two service dimensions in colour."""
    import matplotlib.pyplot as plt

    from satisfaction.report import style

    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    colours = dict(zip(PAPI_DIMENSIONS, style.CYCLE, strict=False))
    for j, (dim, part) in enumerate(trends.groupby("dimension", sort=False)):
        part = part.sort_values("year")
        x = part["year"] + (j - 2.5) * 0.06
        strong = dim in SERVICE_DIMENSIONS
        ax.errorbar(x, part["estimate"], yerr=[part["estimate"] - part["ci_low"], part["ci_high"] - part["estimate"]],
                    marker="o", ms=4 if strong else 3, lw=2 if strong else 1, capsize=2, color=colours[dim],
                    alpha=1 if strong else 0.7, label=labels.value_label("dimension", dim))
    ax.set(xlabel=labels.text("year"), ylabel=labels.text("fig.papi.ylabel"), title=labels.text("fig.papi.title"))
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return fig


def _names(codes: pd.Series) -> pd.Series:
    from satisfaction.ingest.reference import districts

    return codes.map(districts().set_index("district_code")["district_name"])


def _xerr(estimate: pd.Series, se: pd.Series | None, low: pd.Series | None = None, high: pd.Series | None = None):
    """Error-bar lengths for a rate in percent: the given interval, else estimate ± 1.96 SE kept within 0-100."""
    low = low if low is not None else (estimate - 1.96 * se).clip(0, 100)
    high = high if high is not None else (estimate + 1.96 * se).clip(0, 100)
    return [estimate - low, high - estimate]


def caterpillar(ranks: pd.DataFrame, *, area: str = "district_code", title: str = ""):
    """Each district's estimate with its interval, best first, its rank interval written beside it."""
    import matplotlib.pyplot as plt

    from satisfaction.report import labels, style

    df = ranks.sort_values("rank").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.5, 9))
    y = np.arange(len(df))
    ax.errorbar(df["estimate"], y, xerr=_xerr(df["estimate"], df.get("std_err"), df.get("ci_low"), df.get("ci_high")),
                fmt="o", ms=4, color=style.PALETTE["blue"], ecolor=style.LIGHT["blue"], capsize=2)
    rank = labels.text("rank_short")
    ax.set_yticks(y, [f"{n}  ({rank} {a}-{b})" for n, a, b in zip(_names(df[area]), df["rank_low"], df["rank_high"],
                                                              strict=True)], fontsize=8)
    ax.invert_yaxis()
    ax.set(xlabel=labels.text("fig.caterpillar.xlabel"), title=title)
    ax.grid(axis="x", alpha=0.3)
    ax.annotate(labels.text("fig.caterpillar.note"), xy=(0, 0), xycoords="axes fraction", xytext=(0, -34),
                textcoords="offset points", va="top", fontsize=7, color=style.NOTE)
    fig.tight_layout()
    return fig


def self_assessment_gap(gaps: pd.DataFrame, *, area: str = "district_code", reported_col: str = "self_reported_pct"):
    """Self-reported rate against the survey's estimate with its interval, per district."""
    import matplotlib.pyplot as plt

    from satisfaction.report import labels, style

    df = gaps.sort_values("gap").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.5, 9))
    y = np.arange(len(df))
    ax.errorbar(df["estimate"], y, xerr=1.96 * df["std_err"], fmt="o", ms=4, color=style.PALETTE["blue"], capsize=2,
                label=labels.text("fig.gap.survey"))
    ax.scatter(df[reported_col], y, marker="D", s=18, color=style.PALETTE["vermillion"],
               label=labels.text("fig.gap.reported"), zorder=3)
    ax.set_yticks(y, _names(df[area]), fontsize=8)
    ax.set(xlabel=labels.text("satisfied_pct_axis"), title=labels.text("fig.gap.title"))
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def shrinkage(fh: pd.DataFrame, *, area: str = "district_code"):
    """Direct estimates and Fay-Herriot EBLUPs, both with intervals: how far each district is pulled."""
    import matplotlib.pyplot as plt

    from satisfaction.report import labels, style

    df = fh.sort_values("eblup").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.5, 9))
    y = np.arange(len(df))
    ax.errorbar(df["direct"], y + 0.2, xerr=_xerr(df["direct"], df["direct_se"]), fmt="o", ms=3,
                color=style.PALETTE["grey"], capsize=1.5, label=labels.text("fig.shrinkage.direct"))
    ax.errorbar(df["eblup"], y - 0.2, xerr=_xerr(df["eblup"], df["eblup_se"], df.get("ci_low"), df.get("ci_high")),
                fmt="o", ms=4, color=style.PALETTE["green"], capsize=2, label=labels.text("fig.shrinkage.eblup"))
    ax.set_yticks(y, _names(df[area]), fontsize=8)
    ax.set(xlabel=labels.text("satisfied_pct_axis"), title=labels.text("fig.shrinkage.title"))
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def ipa_quadrants(table: pd.DataFrame, *, importance: str = "shapley_pct"):
    """The IPA quadrant plot: importance against performance, split at the means."""
    import matplotlib.pyplot as plt

    from satisfaction.report import labels, style

    fig, ax = plt.subplots(figsize=(7, 5))
    ax.errorbar(table["performance_estimate"], table[importance],
                xerr=[table["performance_estimate"] - table["performance_ci_low"],
                      table["performance_ci_high"] - table["performance_estimate"]],
                yerr=[table[importance] - table["shapley_pct_ci_low"], table["shapley_pct_ci_high"] - table[importance]],
                fmt="o", color=style.PALETTE["blue"], capsize=2)
    for _, row in table.iterrows():
        ax.annotate(row[labels.label_column()], (row["performance_estimate"], row[importance]), xytext=(5, 4),
                    textcoords="offset points", fontsize=8)
    ax.axvline(table["performance_estimate"].mean(), color="grey", linestyle="--", linewidth=1)
    ax.axhline(table[importance].mean(), color="grey", linestyle="--", linewidth=1)
    ax.set(xlabel=labels.text("fig.ipa.xlabel"), ylabel=labels.text("fig.ipa.ylabel"), title=labels.text("fig.ipa.title"))
    fig.tight_layout()
    return fig

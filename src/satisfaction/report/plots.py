"""Every figure of the suite, each drawn on the caller's axes.

Single-panel plots take ``ax=None`` and return the :class:`~matplotlib.axes.Axes` they drew on (a new
figure of a fitting size when ``ax`` is None); multi-panel plots return the
:class:`~matplotlib.figure.Figure`. Every interval drawn is the table's own (``ci_low``/``ci_high``
and their kin), never recomputed from a standard error. Every string comes from the output codebook
in the language ``lang`` (Vietnamese by default), and everything is drawn inside
:func:`satisfaction.report.style.theme`, so nothing changes matplotlib's global settings.

Examples
--------
>>> import pandas as pd
>>> ranks = pd.DataFrame({"district_code": ["001", "002"], "estimate": [97.0, 98.5], "ci_low": [95.0, 97.1],
...                       "ci_high": [98.2, 99.3], "rank": [2, 1], "rank_low": [1, 1], "rank_high": [2, 2]})
>>> ax = caterpillar(ranks, names={"001": "Quận Ba Đình", "002": "Quận Hoàn Kiếm"}, lang="en")
>>> [t.get_text() for t in ax.get_yticklabels()]
['Quận Hoàn Kiếm  (rank 1-2)', 'Quận Ba Đình  (rank 1-2)']
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from satisfaction.errors import SatisfactionError
from satisfaction.ingest.overview import SIPAS_METHOD_BREAK
from satisfaction.report import labels, style
from satisfaction.sipas.indices import MEASURES
from satisfaction.sipas.published import PAPI_DIMENSIONS, SERVICE_DIMENSIONS
from satisfaction.sipas.questionnaire import FACTORS
from satisfaction.text.aspects import ASPECTS
from satisfaction.text.sentiment import LABELS


def _axes(ax, figsize: tuple[float, float]):
    """The caller's axes, or those of a new figure of ``figsize`` (marked as the plot's own)."""
    if ax is not None:
        return ax
    ax = plt.subplots(figsize=figsize)[1]
    ax.figure._satisfaction_own = True  # only a figure the plot made is laid out by it
    return ax


def _layout(ax) -> None:
    """Tighten the layout of a figure the plot made; a caller's figure is the caller's to arrange."""
    if getattr(ax.figure, "_satisfaction_own", False):
        ax.figure.tight_layout()


def _need(table: pd.DataFrame, columns: list[str], plot: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise SatisfactionError(f"{plot} needs the columns {missing} in its table (it draws the table's own "
                                "intervals)")


def _err(estimate: pd.Series, low: pd.Series, high: pd.Series) -> list[pd.Series]:
    """Error-bar lengths below and above each estimate, from its interval."""
    return [estimate - low, high - estimate]


def _unit_names(codes: pd.Series, names: Mapping | pd.Series | None) -> pd.Series:
    """Units shown by name: ``names`` (code -> name), else the reference table of districts."""
    if names is None:
        from satisfaction.ingest.reference import districts

        names = districts().set_index("district_code")["district_name"]
    shown = codes.map(names)
    return shown.where(shown.notna(), codes.astype(str))


def _decimal(x: float, lang: str | None) -> str:
    """A number with one decimal, the decimal mark of the label language."""
    text = f"{x:.1f}"
    return text.replace(".", ",") if labels.language(lang) == "vi" else text


def compliance(table: pd.DataFrame, *, year: int, lang: str | None = None, ax=None):
    """Dot plot of each district's apology-letter compliance, with the count of late cases.

    Parameters
    ----------
    table : pandas.DataFrame
        ``district``, ``compliance_pct``, ``late_cases`` (as :func:`satisfaction.ingest.compliance_by_district`).
    year : int
        The year of the case register (in the title).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    t = lambda key, **kw: labels.text(key, lang=lang, **kw)  # noqa: E731
    with style.theme():
        ax = _axes(ax, (7, 8))
        ax.hlines(table["district"], 0, table["compliance_pct"], color=style.LIGHT["grey"], linewidth=1)
        ax.scatter(table["compliance_pct"], table["district"], s=12 + 3 * table["late_cases"],
                   color=style.PALETTE["blue"], zorder=3)
        for y, (pct, n) in enumerate(zip(table["compliance_pct"], table["late_cases"], strict=True)):
            ax.annotate(t("late_cases_n", n=n), (pct, y), xytext=(6, 0), textcoords="offset points", va="center",
                        fontsize=7)
        ax.set(xlim=(0, 128), xticks=range(0, 101, 20), xlabel=t("fig.compliance.xlabel"), ylabel="",
               title=t("fig.compliance.title", year=year))
        ax.invert_yaxis()
    return ax


def ontime_vs_satisfaction(table: pd.DataFrame, *, year: int, lang: str | None = None, ax=None):
    """Each district's on-time case share against its surveyed satisfaction, with the survey's interval.

    Parameters
    ----------
    table : pandas.DataFrame
        ``district``, ``ontime_pct`` and the satisfaction ``estimate``, ``ci_low``, ``ci_high`` (0-1).
    year : int
        The year of the case register.
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from satisfaction.ingest.reference import split_prefix

    _need(table, ["ontime_pct", "estimate", "ci_low", "ci_high"], "ontime_vs_satisfaction")
    with style.theme():
        ax = _axes(ax, (7, 5))
        ax.errorbar(table["ontime_pct"], 100 * table["estimate"],
                    yerr=_err(100 * table["estimate"], 100 * table["ci_low"], 100 * table["ci_high"]),
                    fmt="o", color=style.PALETTE["blue"], ecolor=style.LIGHT["blue"], capsize=2)
        for _, row in table.iterrows():
            ax.annotate(split_prefix(row["district"])[1], (row["ontime_pct"], 100 * row["estimate"]), xytext=(3, 3),
                        textcoords="offset points", fontsize=6)
        ax.set(xlabel=labels.text("fig.ontime.xlabel", year=year, lang=lang),
               ylabel=labels.text("fig.ontime.ylabel", lang=lang), title=labels.text("fig.ontime.title", lang=lang))
        _layout(ax)
    return ax


def national_sipas(sipas: pd.DataFrame, *, lang: str | None = None, ax=None):
    """Line chart of the national SIPAS series, the two methods drawn apart, never joined.

    Parameters
    ----------
    sipas : pandas.DataFrame
        ``year``, ``sipas_pct``, ``method`` (as :func:`satisfaction.ingest.national_sipas`).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    t = lambda key: labels.text(key, lang=lang)  # noqa: E731
    with style.theme():
        ax = _axes(ax, (7, 3.8))
        for method, part in sipas.groupby("method", sort=False):
            ax.plot(part["year"], part["sipas_pct"], marker="o", label=labels.value_label("method", method, lang=lang))
        ax.axvline(SIPAS_METHOD_BREAK - 0.5, color="grey", linestyle="--", linewidth=1)
        ax.annotate(t("method_break"), xy=(SIPAS_METHOD_BREAK - 0.45, 0.97), xycoords=("data", "axes fraction"),
                    va="top", fontsize=8, color="grey")
        ax.set(xlabel=t("year"), ylabel=t("fig.national.ylabel"), title=t("fig.national.title"))
        ax.legend(fontsize=8, loc="lower left")
    return ax


def respondents(table: pd.DataFrame, *, lang: str | None = None, ax=None):
    """Heat map of respondents per district (rows, GSO order) and wave (columns), counts written in.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`satisfaction.ingest.respondents_by_district`: ``district_code``, ``district`` and one
        column per wave.
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    body = table[table["district_code"] != ""].set_index("district")
    waves = [c for c in body.columns if c.isdigit()]
    with style.theme():
        ax = _axes(ax, (6, 9))
        sns.heatmap(body[waves], annot=True, fmt="d", cmap=style.SEQUENTIAL, ax=ax, annot_kws={"fontsize": 8},
                    cbar_kws={"label": labels.text("fig.respondents.cbar", lang=lang)})
        ax.set(xlabel=labels.text("survey_year", lang=lang), ylabel="",
               title=labels.text("fig.respondents.title", lang=lang))
    return ax


def aspect_heatmap(shares: pd.DataFrame, *, group: str = "district_code", names: Mapping | pd.Series | None = None,
                   lang: str | None = None, ax=None):
    """Heat map of the share (%) of comments mentioning each aspect, one row per group.

    Parameters
    ----------
    shares : pandas.DataFrame
        ``group`` and one column per aspect (as :func:`satisfaction.text.aspect_shares`).
    group : str
        The column naming the groups.
    names : mapping or Series, optional
        Group code -> name shown (the codes themselves when None).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    body = shares.set_index(group)[list(ASPECTS)]
    if names is not None:
        body.index = body.index.map(names)
    body.columns = [labels.pick(ASPECTS[a][:2], lang=lang) for a in body.columns]
    with style.theme():
        ax = _axes(ax, (9, 0.28 * len(body) + 2))
        sns.heatmap(body, annot=True, fmt=".0f", cmap=style.SEQUENTIAL, ax=ax, annot_kws={"fontsize": 7},
                    cbar_kws={"label": labels.text("fig.aspects.cbar", lang=lang)})
        ax.set(xlabel="", ylabel="", title=labels.text("fig.aspects.title", lang=lang))
        ax.tick_params(axis="x", labelrotation=35, labelsize=8)
        ax.tick_params(axis="y", labelsize=8)
        _layout(ax)
    return ax


def sentiment_by_score(table: pd.DataFrame, *, score: str = "q_overall", lang: str | None = None, ax=None):
    """Stacked bars: negative, neutral and positive comments by the respondent's own score.

    Parameters
    ----------
    table : pandas.DataFrame
        ``score`` and the share (%) of each sentiment label (as :func:`satisfaction.text.sentiment_by_score`).
    score : str
        The score column.
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    colours = {"negative": style.PALETTE["vermillion"], "neutral": style.PALETTE["grey"],
               "positive": style.PALETTE["green"]}
    names = {label: labels.column_label("comment_sentiment_by_score", label, lang=lang) for label in colours}
    with style.theme():
        ax = _axes(ax, (7, 3.8))
        left = np.zeros(len(table))
        for label in LABELS:
            if label in table:
                ax.barh(table[score].astype(str), table[label], left=left, color=colours[label], label=names[label])
                left += table[label].to_numpy()
        ax.set(xlabel=labels.text("fig.sentiment.xlabel", lang=lang), ylabel=labels.text("fig.sentiment.ylabel", lang=lang),
               title=labels.text("fig.sentiment.title", lang=lang))
        ax.legend(fontsize=8, loc="lower right")
        _layout(ax)
    return ax


def distinctive(table: pd.DataFrame, groups: list, *, n: int = 12, names: Mapping | None = None,
                lang: str | None = None):
    """Bar charts of the most distinctive words (z-score) of each group, words written with spaces.

    Parameters
    ----------
    table : pandas.DataFrame
        ``group``, ``word``, ``z`` (as :func:`satisfaction.text.log_odds`), best first within groups.
    groups : list
        The groups to show, one panel each.
    n : int
        Words per panel.
    names : mapping, optional
        Group -> panel title.
    lang : {"vi", "en"} or None

    Returns
    -------
    matplotlib.figure.Figure
    """
    t = lambda key: labels.text(key, lang=lang)  # noqa: E731
    emoji = {"emo neg": t("fig.distinctive.emo_neg"), "emo pos": t("fig.distinctive.emo_pos")}
    with style.theme():
        fig, axes = plt.subplots(1, len(groups), figsize=(5 * len(groups), 0.32 * n + 1.5), squeeze=False)
        for ax, g in zip(axes[0], groups, strict=True):
            top = table[table["group"] == g].head(n)[::-1]
            words = top["word"].str.replace("_", " ").replace(emoji)
            ax.barh(words, top["z"], color=style.PALETTE["blue"])
            ax.set_title((names or {}).get(g, str(g)), fontsize=10)
            ax.set_xlabel(t("fig.distinctive.xlabel"))
        fig.suptitle(t("fig.distinctive.title"), fontsize=11)
        fig.tight_layout()
    return fig


def factor_indices(index: pd.DataFrame, *, by: str = "wave", lang: str | None = None):
    """Factor and overall indices per wave with their intervals, one panel per measure.

    Parameters
    ----------
    index : pandas.DataFrame
        As :func:`satisfaction.sipas.sipas_index` with ``by``.
    by : str
        The column of waves.
    lang : {"vi", "en"} or None

    Returns
    -------
    matplotlib.figure.Figure
    """
    sel = index[index["level"].isin(["factor", "overall"])].copy()
    # the factor's own name, as the index table gives it ("Yếu tố: ..." / "Factor: ..."): any instrument's factors
    own = sel["label_vi" if labels.language(lang) == "vi" else "label_en"].astype(str).str.split(": ", n=1).str[-1] \
        if {"label_vi", "label_en"} <= set(sel.columns) else sel["factor"].map(
            {k: labels.pick(v, lang=lang) for k, v in FACTORS.items()})
    sel["name"] = np.where(sel["level"] == "overall", labels.text("overall_factors", lang=lang), own)
    measures = ["satisfied_pct", "mean_score", "dissatisfied_pct"]
    names = list(dict.fromkeys(sel["name"]))
    waves = sorted(sel[by].unique())
    with style.theme():
        fig, axes = plt.subplots(1, 3, figsize=(13, 4.5), sharey=True)
        for ax, measure in zip(axes, measures, strict=True):
            part = sel[sel["measure"] == measure]
            for j, wave in enumerate(waves):
                w = part[part[by] == wave].set_index("name").reindex(names)
                y = np.arange(len(names)) + (j - (len(waves) - 1) / 2) * 0.18
                ax.errorbar(w["estimate"], y, xerr=_err(w["estimate"], w["ci_low"], w["ci_high"]),
                            fmt="o", ms=4, color=style.CYCLE[j % len(style.CYCLE)], label=str(wave), capsize=2)
            ax.set_title(labels.pick(MEASURES[measure], lang=lang), fontsize=10)
            ax.grid(axis="x", alpha=0.3)
        axes[0].set_yticks(range(len(names)), names)
        axes[0].invert_yaxis()
        axes[-1].legend(title=labels.text("year", lang=lang), fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1),
                        frameon=False)
        fig.suptitle(labels.text("fig.factors.title", lang=lang))
        fig.tight_layout()
    return fig


def sipas_provinces(table: pd.DataFrame, *, lang: str | None = None, ax=None):
    """Each published provincial SIPAS score by year (a dot per province; the range it spans).

    Parameters
    ----------
    table : pandas.DataFrame
        ``year``, ``value`` (as :func:`satisfaction.sipas.sipas_provinces`).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    with style.theme():
        ax = _axes(ax, (7, 4))
        for year, part in table.groupby("year"):
            ax.vlines(year, part["value"].min(), part["value"].max(), color=style.LIGHT["grey"], linewidth=6)
            ax.scatter(np.full(len(part), year), part["value"], s=14, color=style.PALETTE["blue"], zorder=3)
        ax.set(xlabel=labels.text("year", lang=lang), ylabel="SIPAS (%)",
               title=labels.text("fig.published.provinces.title", lang=lang))
        ax.grid(axis="y", alpha=0.3)
    return ax


def hanoi_par(table: pd.DataFrame, *, lang: str | None = None, ax=None):
    """Bars of the published district PAR Index scores, the 30-unit average as a line.

    Parameters
    ----------
    table : pandas.DataFrame
        ``level``, ``unit``, ``value``, ``year`` (as :func:`satisfaction.sipas.hanoi_par_districts`).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    units = table[table["level"] == "district"].iloc[::-1]
    average = table.loc[table["level"] == "city-district-average", "value"]
    with style.theme():
        ax = _axes(ax, (7, 0.45 * len(units) + 1.8))
        ax.barh(units["unit"], units["value"], color=style.PALETTE["blue"])
        for y, v in enumerate(units["value"]):
            ax.annotate(_decimal(v, lang), (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
        if len(average):
            ax.axvline(average.iloc[0], color=style.PALETTE["vermillion"], linestyle="--", linewidth=1.2,
                       label=f"{labels.text('fig.published.hanoi.average', lang=lang)}: "
                             f"{_decimal(average.iloc[0], lang)}")
            ax.legend(fontsize=8, loc="lower right")
        lo = min(units["value"].min(), average.min() if len(average) else np.inf)
        ax.set(xlim=(np.floor(lo) - 3, 100), xlabel=labels.text("fig.published.hanoi.xlabel", lang=lang),
               title=labels.text("fig.published.hanoi.title", year=int(table["year"].max()), lang=lang))
    return ax


def dimension_trends(trends: pd.DataFrame, *, lang: str | None = None, ax=None):
    """The PAPI dimensions' means by year with their intervals, the two service dimensions in colour.

    Parameters
    ----------
    trends : pandas.DataFrame
        ``dimension``, ``year``, ``estimate``, ``ci_low``, ``ci_high`` (as :func:`satisfaction.sipas.dimension_trends`).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    colours = dict(zip(PAPI_DIMENSIONS, style.CYCLE, strict=False))
    with style.theme():
        ax = _axes(ax, (7.5, 4.5))
        for j, (dim, part) in enumerate(trends.groupby("dimension", sort=False)):
            part = part.sort_values("year")
            x = part["year"] + (j - 2.5) * 0.06
            strong = dim in SERVICE_DIMENSIONS
            ax.errorbar(x, part["estimate"], yerr=_err(part["estimate"], part["ci_low"], part["ci_high"]),
                        marker="o", ms=4 if strong else 3, lw=2 if strong else 1, capsize=2, color=colours[dim],
                        alpha=1 if strong else 0.7, label=labels.value_label("dimension", dim, lang=lang))
        ax.set(xlabel=labels.text("year", lang=lang), ylabel=labels.text("fig.papi.ylabel", lang=lang),
               title=labels.text("fig.papi.title", lang=lang))
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        ax.grid(axis="y", alpha=0.3)
    return ax


def caterpillar(ranks: pd.DataFrame, *, area: str = "district_code", title: str = "",
                names: Mapping | pd.Series | None = None, lang: str | None = None, ax=None):
    """Each unit's estimate with its interval, best first, its rank interval written beside it.

    Parameters
    ----------
    ranks : pandas.DataFrame
        ``area``, ``estimate``, ``ci_low``, ``ci_high``, ``rank``, ``rank_low``, ``rank_high``
        (as :func:`satisfaction.models.rank_intervals` with the estimates' intervals).
    area : str
        The column of unit codes.
    title : str
        The panel's title.
    names : mapping or Series, optional
        Unit code -> name (default: the reference table's district names).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _need(ranks, ["estimate", "ci_low", "ci_high", "rank", "rank_low", "rank_high"], "caterpillar")
    df = ranks.sort_values("rank").reset_index(drop=True)
    rank = labels.text("rank_short", lang=lang)
    with style.theme():
        ax = _axes(ax, (7.5, 9))
        y = np.arange(len(df))
        ax.errorbar(df["estimate"], y, xerr=_err(df["estimate"], df["ci_low"], df["ci_high"]),
                    fmt="o", ms=4, color=style.PALETTE["blue"], ecolor=style.LIGHT["blue"], capsize=2)
        shown = _unit_names(df[area], names)
        ax.set_yticks(y, [f"{n}  ({rank} {a}-{b})" for n, a, b in zip(shown, df["rank_low"], df["rank_high"], strict=True)],
                      fontsize=8)
        ax.invert_yaxis()
        ax.set(xlabel=labels.text("fig.caterpillar.xlabel", lang=lang), title=title)
        ax.grid(axis="x", alpha=0.3)
        ax.annotate(labels.text("fig.caterpillar.note", lang=lang), xy=(0, 0), xycoords="axes fraction",
                    xytext=(0, -34), textcoords="offset points", va="top", fontsize=7, color=style.NOTE)
        _layout(ax)
    return ax


def self_assessment_gap(gaps: pd.DataFrame, *, area: str = "district_code", reported_col: str = "self_reported_pct",
                        names: Mapping | pd.Series | None = None, lang: str | None = None, ax=None):
    """Self-reported rate against the survey's estimate with the estimate's interval, per unit.

    Parameters
    ----------
    gaps : pandas.DataFrame
        ``area``, ``estimate``, ``ci_low``, ``ci_high``, ``reported_col`` and ``gap``.
    area, reported_col : str
        The columns of unit codes and of self-reported rates.
    names : mapping or Series, optional
        Unit code -> name (default: the reference table's district names).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _need(gaps, ["estimate", "ci_low", "ci_high", reported_col, "gap"], "self_assessment_gap")
    df = gaps.sort_values("gap").reset_index(drop=True)
    with style.theme():
        ax = _axes(ax, (7.5, 9))
        y = np.arange(len(df))
        ax.errorbar(df["estimate"], y, xerr=_err(df["estimate"], df["ci_low"], df["ci_high"]), fmt="o", ms=4,
                    color=style.PALETTE["blue"], capsize=2, label=labels.text("fig.gap.survey", lang=lang))
        ax.scatter(df[reported_col], y, marker="D", s=18, color=style.PALETTE["vermillion"],
                   label=labels.text("fig.gap.reported", lang=lang), zorder=3)
        ax.set_yticks(y, _unit_names(df[area], names), fontsize=8)
        ax.set(xlabel=labels.text("satisfied_pct_axis", lang=lang), title=labels.text("fig.gap.title", lang=lang))
        ax.legend(fontsize=8, loc="lower left")
        ax.grid(axis="x", alpha=0.3)
        _layout(ax)
    return ax


def shrinkage(fh: pd.DataFrame, *, area: str = "district_code", names: Mapping | pd.Series | None = None,
              lang: str | None = None, ax=None):
    """Direct estimates and Fay-Herriot EBLUPs, both with their intervals: how far each unit is pulled.

    Parameters
    ----------
    fh : pandas.DataFrame
        The Fay-Herriot table (``direct``, ``eblup``, ``ci_low``, ``ci_high``) with the direct estimates'
        own interval as ``direct_ci_low``, ``direct_ci_high``.
    area : str
        The column of unit codes.
    names : mapping or Series, optional
        Unit code -> name (default: the reference table's district names).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _need(fh, ["direct", "direct_ci_low", "direct_ci_high", "eblup", "ci_low", "ci_high"], "shrinkage")
    df = fh.sort_values("eblup").reset_index(drop=True)
    with style.theme():
        ax = _axes(ax, (7.5, 9))
        y = np.arange(len(df))
        ax.errorbar(df["direct"], y + 0.2, xerr=_err(df["direct"], df["direct_ci_low"], df["direct_ci_high"]),
                    fmt="o", ms=3, color=style.PALETTE["grey"], capsize=1.5,
                    label=labels.text("fig.shrinkage.direct", lang=lang))
        ax.errorbar(df["eblup"], y - 0.2, xerr=_err(df["eblup"], df["ci_low"], df["ci_high"]), fmt="o", ms=4,
                    color=style.PALETTE["green"], capsize=2, label=labels.text("fig.shrinkage.eblup", lang=lang))
        ax.set_yticks(y, _unit_names(df[area], names), fontsize=8)
        ax.set(xlabel=labels.text("satisfied_pct_axis", lang=lang), title=labels.text("fig.shrinkage.title", lang=lang))
        ax.legend(fontsize=8, loc="lower right")
        ax.grid(axis="x", alpha=0.3)
        _layout(ax)
    return ax


def ipa_quadrants(table: pd.DataFrame, *, importance: str = "shapley_pct", lang: str | None = None, ax=None):
    """The IPA quadrant plot: importance against performance with both intervals, split at the means.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`satisfaction.sipas.ipa`.
    importance : str
        The importance column (its interval is ``<importance>_ci_low``/``_ci_high``).
    lang : {"vi", "en"} or None
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _need(table, ["performance_estimate", "performance_ci_low", "performance_ci_high", importance,
                  f"{importance}_ci_low", f"{importance}_ci_high"], "ipa_quadrants")
    with style.theme():
        ax = _axes(ax, (7, 5))
        ax.errorbar(table["performance_estimate"], table[importance],
                    xerr=_err(table["performance_estimate"], table["performance_ci_low"], table["performance_ci_high"]),
                    yerr=_err(table[importance], table[f"{importance}_ci_low"], table[f"{importance}_ci_high"]),
                    fmt="o", color=style.PALETTE["blue"], capsize=2)
        for _, row in table.iterrows():
            ax.annotate(row[labels.label_column(lang)], (row["performance_estimate"], row[importance]), xytext=(5, 4),
                        textcoords="offset points", fontsize=8)
        ax.axvline(table["performance_estimate"].mean(), color="grey", linestyle="--", linewidth=1)
        ax.axhline(table[importance].mean(), color="grey", linestyle="--", linewidth=1)
        ax.set(xlabel=labels.text("fig.ipa.xlabel", lang=lang), ylabel=labels.text("fig.ipa.ylabel", lang=lang),
               title=labels.text("fig.ipa.title", lang=lang))
        _layout(ax)
    return ax

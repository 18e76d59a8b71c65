"""Writing a run's tables (CSV) and figures (PNG 300 dpi and SVG), the same bytes for the same inputs.

Tables go to ``<out>/<name>.csv`` (UTF-8 with BOM, so Excel opens Vietnamese correctly; column names
stay the stable machine names, so scripts and the brief can read them back) and figures to
``<out>/<name>.png`` and ``.svg``, each with its source line. Every function takes its folder as
``out=`` and its label language as ``lang=``; :class:`Outputs` holds both for a notebook.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from satisfaction import __version__
from satisfaction.errors import SatisfactionError
from satisfaction.ingest.writers import safe_frame
from satisfaction.report import labels, style

log = logging.getLogger(__name__)
#: The title of each table (and figure) of the run, in the run's language, for the workbook and the brief.
TITLES = "titles.json"
DPI = 300


def save_table(table: pd.DataFrame, name: str, *, out: str | Path, lang: str | None = None,
               title: str | None = None, **fields) -> Path:
    """Write a table of the run as CSV, its title taken from the output codebook.

    Parameters
    ----------
    table : pandas.DataFrame
        The table; its column names are kept as they are.
    name : str
        The file stem, and the key of the title in the output codebook (kind ``table``).
    out : str or pathlib.Path
        The run's tables folder.
    lang : {"vi", "en"} or None
        The language of the title (Vietnamese by default).
    title : str, optional
        For tables of your own that the codebook does not know; when given, the codebook is not
        consulted and ``fields`` are not used.
    **fields
        Values that fill the title's ``{placeholders}`` (e.g. ``year=2024``).

    Returns
    -------
    pathlib.Path
        The CSV written; the title is also recorded in ``<out>/titles.json``.

    Raises
    ------
    satisfaction.errors.SatisfactionError
        When neither ``title`` nor the codebook gives the table a title.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> save_table(pd.DataFrame({"a": [1.5]}), "mine", out=folder, title="My table").name
    'mine.csv'
    """
    title = title or labels.table_title(name, lang=lang, **fields)
    if not title:
        raise SatisfactionError(f"table {name!r} has no title: add it to {labels.CODEBOOK.name} "
                                f"(kind 'table') or pass title=")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.csv"
    # a text cell that a spreadsheet would run as a formula is written with a leading apostrophe
    safe_frame(table).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n", float_format="%.6g")
    _record_title(out / TITLES, name, title)
    log.info("table written: %s", path.name)
    return path


def save_figure(fig, name: str, *, source: str, out: str | Path, lang: str | None = None) -> list[Path]:
    """Write a figure of the run as PNG (300 dpi) and SVG, with the source line ``source.<source>`` under it.

    The SVG draws text as outlines, with fixed ids and no date, so the same figure gives the same bytes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (its suptitle, else its first panel's title, becomes its caption in the report).
        The source line is added to ``fig`` itself, so saving the same figure twice draws it twice.
    name : str
        The file stem.
    source : str
        The key of the source line in the output codebook (``source.<source>``).
    out : str or pathlib.Path
        The run's figures folder.
    lang : {"vi", "en"} or None
        The language of the source line.

    Returns
    -------
    list of pathlib.Path
        The PNG and the SVG written; the caption is also recorded in ``<out>/titles.json``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    title = fig.get_suptitle() or next((ax.get_title() for ax in fig.axes if ax.get_title()), name)
    _record_title(out / TITLES, name, " ".join(title.split()))
    fig.text(0.01, 0.0, labels.text(f"source.{source}", lang=lang), fontsize=7, color=style.NOTE, ha="left", va="top")
    written = []
    stamp = f"satisfaction {__version__}"
    with style.theme():
        for ext, meta in (("png", {"Software": stamp}), ("svg", {"Date": None, "Creator": stamp})):
            path = out / f"{name}.{ext}"
            fig.savefig(path, dpi=DPI, bbox_inches="tight", metadata=meta)
            written.append(path)
    log.info("figure written: %s (.png, .svg)", name)
    return written


def _record_title(file: Path, name: str, title: str) -> None:
    """Add one title to a run's ``titles.json`` (tables and figures each keep one)."""
    titles = json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}
    titles[name] = title
    file.write_text(json.dumps(titles, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Outputs:
    """Where one run writes, and in which language: what a notebook passes to every table and figure.

    Parameters
    ----------
    build : str or pathlib.Path
        The run's output folder (tables go to ``tables/``, figures to ``figures/``).
    lang : {"vi", "en"}, default "vi"
        The label language.

    Raises
    ------
    satisfaction.errors.SatisfactionError
        For an unknown language, when the object is made.

    Examples
    --------
    >>> import tempfile
    >>> out = Outputs(tempfile.mkdtemp(), lang="en")
    >>> out.table(pd.DataFrame({"a": [1]}), "mine", title="Mine")
    >>> sorted(p.name for p in out.tables.iterdir())
    ['mine.csv', 'titles.json']
    """

    build: str | Path
    lang: str = "vi"

    def __post_init__(self) -> None:
        object.__setattr__(self, "build", Path(self.build))
        labels.language(self.lang)  # refuse an unknown language here, not at the first table

    @property
    def tables(self) -> Path:
        """The run's tables folder, ``<build>/tables``.

        Returns
        -------
        pathlib.Path
        """
        return self.build / "tables"

    @property
    def figures(self) -> Path:
        """The run's figures folder, ``<build>/figures``.

        Returns
        -------
        pathlib.Path
        """
        return self.build / "figures"

    def table(self, table: pd.DataFrame, name: str, *, title: str | None = None, **fields) -> None:
        """Write ``table`` as :func:`save_table` does (returns nothing, so a notebook cell shows nothing).

        Parameters
        ----------
        table : pandas.DataFrame
            The table; its column names are kept as they are.
        name : str
            The file stem in :attr:`tables`, and the key of the title in the output codebook.
        title : str, optional
            For tables of your own that the codebook does not know.
        **fields
            Values that fill the title's ``{placeholders}`` (e.g. ``year=2024``).

        Returns
        -------
        None
        """
        save_table(table, name, out=self.tables, lang=self.lang, title=title, **fields)

    def figure(self, fig, name: str, *, source: str) -> None:
        """Write ``fig`` as :func:`save_figure` does; the notebook still shows the figure inline.

        Parameters
        ----------
        fig : matplotlib.figure.Figure
            The figure (the source line is added to it).
        name : str
            The file stem in :attr:`figures`.
        source : str
            The key of the source line in the output codebook (``source.<source>``).

        Returns
        -------
        None
        """
        save_figure(fig, name, source=source, out=self.figures, lang=self.lang)

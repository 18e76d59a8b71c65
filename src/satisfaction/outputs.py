"""Writing a run's tables and figures, the same bytes for the same inputs.

Tables go to ``build/tables/<name>.csv`` (UTF-8 with BOM, so Excel opens Vietnamese correctly)
and figures to ``build/figures/<name>.png``. ``collect_workbook`` gathers every table of the run
into one XLSX workbook with a contents sheet first.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from satisfaction import __version__, paths  # noqa: E402
from satisfaction.io import FIXED_TIME, normalise_zip  # noqa: E402

log = logging.getLogger(__name__)
WORKBOOK = "satisfaction_tables.xlsx"
#: The Vietnamese title of each table of the run, for the workbook's contents sheet.
TITLES = "titles.json"


def save_table(table: pd.DataFrame, name: str, *, title: str = "") -> Path:
    """Write a table of the run as CSV; ``title`` (Vietnamese) is kept for the workbook's contents sheet."""
    out = paths.tables_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.csv"
    table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n", float_format="%.6g")
    titles_file = out / TITLES
    titles = json.loads(titles_file.read_text(encoding="utf-8")) if titles_file.exists() else {}
    titles[name] = title or titles.get(name, name)
    titles_file.write_text(json.dumps(titles, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log.info("table written: %s", path)
    return path


def save_figure(fig: plt.Figure, name: str) -> Path:
    """Write a figure of the run as PNG (200 dpi, no timestamps in the file)."""
    out = paths.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    fig.savefig(path, dpi=200, bbox_inches="tight", metadata={"Software": f"satisfaction {__version__}"})
    log.info("figure written: %s", path)
    return path


def collect_workbook(tables_dir: Path | None = None) -> Path:
    """Gather every CSV table of the run into one workbook, a contents sheet first."""
    tables_dir = tables_dir or paths.tables_dir()
    csvs = sorted(tables_dir.glob("*.csv"))
    titles_file = tables_dir / TITLES
    titles = json.loads(titles_file.read_text(encoding="utf-8")) if titles_file.exists() else {}
    wb = Workbook()
    contents = wb.active
    contents.title = "Mục lục"
    contents.append(["Bảng (sheet)", "Nội dung", "Tệp CSV"])
    for i, csv in enumerate(csvs, start=1):
        title = titles.get(csv.stem, csv.stem)
        sheet = f"T{i:02d}"
        contents.append([sheet, title, csv.name])
        ws = wb.create_sheet(sheet)
        df = pd.read_csv(csv, encoding="utf-8-sig", dtype=object, keep_default_na=False)
        ws.append(list(df.columns))
        for row in df.itertuples(index=False):
            ws.append([_number(v) for v in row])
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = f"satisfaction {__version__}"
    buf = io.BytesIO()
    wb.save(buf)
    path = tables_dir / WORKBOOK
    normalise_zip(buf.getvalue(), path)
    return path


def _number(value: str):
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value

"""Running the whole suite: execute every notebook, render the HTML report, gather the tables.

Notebooks are executed with nbclient, the Jupyter project's own executor (papermill wraps it and
adds parameter injection, which the suite does not need: notebooks read their paths from
:mod:`satisfaction.paths`, which the run points at the chosen data and build folders through
``SATISFACTION_DATA`` and ``SATISFACTION_BUILD``). nbconvert renders each executed notebook to a
standalone HTML page; ``index.html`` links them and shows the figures. Everything opens from disk.
"""

from __future__ import annotations

import html
import logging
import os
import time
from contextlib import contextmanager
from pathlib import Path

from satisfaction import __version__, paths
from satisfaction.errors import SatisfactionError
from satisfaction.outputs import collect_workbook
from satisfaction.overview import survey_files

log = logging.getLogger(__name__)
CELL_TIMEOUT = 900


def notebook_list(folder: Path | None = None) -> list[Path]:
    """The suite's notebooks in run order (their file names start with a number)."""
    folder = folder or paths.notebooks_dir()
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def execute_notebook(source: Path, target: Path) -> float:
    """Execute one notebook in a fresh kernel and write the executed copy; returns the seconds taken."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(source, as_version=4)
    start = time.perf_counter()
    try:
        NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                       resources={"metadata": {"path": str(source.parent)}}).execute()
    except CellExecutionError as exc:
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)  # keep the partly executed notebook to look at
        raise SatisfactionError(f"a cell failed ({exc.ename}: {exc.evalue}); the partly executed notebook "
                                f"is {target}", file=source) from exc
    nb.metadata["satisfaction"] = {"version": __version__}
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return time.perf_counter() - start


def render_html(executed: Path, target: Path) -> None:
    """Render an executed notebook as a standalone HTML page (code folded under its output)."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")


def _title(nb_path: Path) -> str:
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("# ").strip()
    return nb_path.stem


def write_index(build: Path, pages: list[tuple[str, str, float]]) -> Path:
    """The report's index page: links to every notebook page and the figures, with the run's versions."""
    figures = sorted((build / "figures").glob("*.png"))
    items = "\n".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a> '
                      f"<small>({seconds:.1f} s)</small></li>" for title, href, seconds in pages)
    figs = "\n".join(f'<figure><img src="../figures/{f.name}" alt="{f.stem}" style="max-width:100%">'
                     f"<figcaption>{f.stem}</figcaption></figure>" for f in figures)
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Sự hài lòng của người dân: báo cáo</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}figure{{margin:1em 0}}</style>
</head><body>
<h1>Sự hài lòng của người dân với dịch vụ hành chính công</h1>
<p>Báo cáo tự động của bộ công cụ <code>satisfaction</code> {html.escape(__version__)}.
Dữ liệu khảo sát là dữ liệu mô phỏng; số liệu công bố lấy từ nguồn ghi trong
<code>data/reference/published_indices.csv</code>.</p>
<h2>Sổ tay phân tích (notebooks)</h2>
<ol>
{items}
</ol>
<h2>Bảng</h2>
<p><a href="../tables/satisfaction_tables.xlsx">satisfaction_tables.xlsx</a> (mọi bảng, một sheet mỗi bảng) và các tệp CSV trong
<code>build/tables/</code>.</p>
<h2>Hình</h2>
{figs}
</body></html>
"""
    path = build / "report" / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


@contextmanager
def _environment(**values: Path | None):
    """Set environment variables (seen by the kernels) for the duration of a run, then restore them."""
    saved = {k: os.environ.get(k) for k in values}
    try:
        for key, value in values.items():
            if value is not None:
                os.environ[key] = str(Path(value).resolve())
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def run_suite(*, data: Path | None = None, build: Path | None = None,
              notebooks: list[Path] | None = None) -> Path:
    """Run every notebook on the data folder and write ``build/``; returns the index page."""
    with _environment(SATISFACTION_DATA=data, SATISFACTION_BUILD=build):
        return _run_suite(notebooks)


def _run_suite(notebooks: list[Path] | None) -> Path:
    survey_files()  # fail early, with the folder named, when there is nothing to run on
    build = paths.build_dir()
    for sub in ("notebooks", "report", "tables", "figures"):
        (build / sub).mkdir(parents=True, exist_ok=True)
    for stale in [*(build / "tables").glob("*"), *(build / "figures").glob("*")]:
        stale.unlink()  # outputs of an earlier run must not pass for this run's
    pages = []
    for nb in notebooks or notebook_list():
        log.info("executing %s", nb.name)
        executed = build / "notebooks" / nb.name
        seconds = execute_notebook(nb, executed)
        render_html(executed, build / "report" / f"{nb.stem}.html")
        pages.append((_title(nb), f"{nb.stem}.html", seconds))
        log.info("%s done in %.1f s", nb.name, seconds)
    collect_workbook(build / "tables")
    return write_index(build, pages)

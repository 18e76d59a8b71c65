"""Running the whole suite: execute every notebook, render the HTML report, gather the tables.

Notebooks are executed with nbclient, the Jupyter project's own executor (papermill wraps it and
adds parameter injection, which the suite does not need: notebooks read their paths from
:mod:`satisfaction.paths`, which the run points at the chosen data and build folders through
``SATISFACTION_DATA`` and ``SATISFACTION_BUILD``). nbconvert renders each executed notebook to a
standalone HTML page; ``index.html`` links them and shows the figures. Everything opens from disk.
"""

from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager
from pathlib import Path

from satisfaction import __version__, config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest.overview import survey_files
from satisfaction.report import labels
from satisfaction.report.brief import BRIEF, write_brief
from satisfaction.report.site import _title, render_html, write_index
from satisfaction.report.workbook import collect_workbook, write_provenance

log = logging.getLogger(__name__)


CELL_TIMEOUT = 900


def notebook_list(folder: Path | None = None) -> list[Path]:
    """The suite's notebooks in run order (their file names start with a number)."""
    folder = folder or config.notebooks_dir()
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


@contextmanager
def _environment(**values: Path | str | None):
    """Set environment variables (seen by the kernels) for the duration of a run, then restore them.

    Paths are made absolute; None leaves a variable as it is.
    """
    saved = {k: os.environ.get(k) for k in values}
    try:
        for key, value in values.items():
            if value is not None:
                os.environ[key] = str(value.resolve()) if isinstance(value, Path) else value
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def run_suite(*, data: Path | None = None, build: Path | None = None, lang: str | None = None,
              notebooks: list[Path] | None = None, papi: Path | None = None) -> Path:
    """Run every notebook on the data folder and write ``build/``; returns the index page.

    ``lang`` (``vi`` or ``en``) is the language of labels in tables and figures; ``papi`` the official
    PAPI workbook for the province panel of notebook 07 (skipped without it).
    """
    data, build, papi = (Path(p) if p is not None else None for p in (data, build, papi))
    with _environment(SATISFACTION_DATA=data, SATISFACTION_BUILD=build, SATISFACTION_PAPI=papi,
                      SATISFACTION_LANG=labels.language(lang)):
        return _run_suite(notebooks)


def _run_suite(notebooks: list[Path] | None) -> Path:
    survey_files()  # fail early, with the folder named, when there is nothing to run on
    build = config.build_dir()
    for sub in ("notebooks", "report", "tables", "figures"):
        (build / sub).mkdir(parents=True, exist_ok=True)
    for stale in [*(build / "tables").glob("*"), *(build / "figures").glob("*"), build / BRIEF]:
        stale.unlink(missing_ok=True)  # outputs of an earlier run must not pass for this run's
    write_provenance(build / "tables")
    pages = []
    for nb in notebooks or notebook_list():
        log.info("executing %s", nb.name)
        executed = build / "notebooks" / nb.name
        seconds = execute_notebook(nb, executed)
        render_html(executed, build / "report" / f"{nb.stem}.html")
        pages.append((_title(nb), f"{nb.stem}.html", seconds))
        log.info("%s done in %.1f s", nb.name, seconds)
    collect_workbook(build / "tables")
    write_brief(build / "tables", build / BRIEF)
    return write_index(build, pages)

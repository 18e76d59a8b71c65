"""Everything a reader sees: labels in vi/en, the house style, plots drawn on the caller's axes,
tables and figures written to a run's folder, the workbook, the Word brief, the HTML site and the
suite runner.

Modules: ``labels`` (every label from one codebook), ``style`` (palette, :func:`theme`), ``plots``
(one function per figure, each with ``ax=``), ``outputs`` (CSV tables, PNG/SVG figures),
``workbook`` (the readers' XLSX and the run's provenance), ``brief`` (the Word brief), ``site``
(the HTML pages) and ``runner`` (executes the notebooks).
"""

from satisfaction.report import labels, outputs, plots, style
from satisfaction.report.brief import BRIEF, brief_text, findings, read_tables, write_brief
from satisfaction.report.outputs import Outputs, save_figure, save_table
from satisfaction.report.runner import execute_notebook, notebook_list, run_suite
from satisfaction.report.site import render_html, write_index
from satisfaction.report.style import theme
from satisfaction.report.workbook import (
    RUN,
    WORKBOOK,
    collect_workbook,
    provenance,
    read_provenance,
    write_provenance,
)

__all__ = [
    "labels", "outputs", "plots", "style", "theme",
    "save_table", "save_figure", "Outputs",
    "collect_workbook", "provenance", "write_provenance", "read_provenance", "WORKBOOK", "RUN",
    "write_brief", "brief_text", "findings", "read_tables", "BRIEF",
    "render_html", "write_index",
    "run_suite", "notebook_list", "execute_notebook",
]

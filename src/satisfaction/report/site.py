"""The HTML report: each executed notebook as a page, and an index with the headline and key figures.
"""

from __future__ import annotations

import html
from pathlib import Path

from satisfaction import __version__
from satisfaction.report import labels
from satisfaction.report.brief import BRIEF


def render_html(executed: Path, target: Path) -> None:
    """Render an executed notebook as a standalone HTML page, its figures embedded as images.

    Parameters
    ----------
    executed : pathlib.Path
        The executed notebook.
    target : pathlib.Path
        The HTML page to write.

    Returns
    -------
    None
    """
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    # The template's monospace font lacks some stacked Vietnamese marks (seen in Chromium): fall back to
    # fonts that have them.
    body = body.replace("</head>", f"<style>{_PAGE_CSS}</style>\n</head>", 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")


_PAGE_CSS = (":root{--jp-code-font-family:'DejaVu Sans Mono','Noto Sans Mono','Liberation Mono',Menlo,Consolas,"
             "monospace;--jp-content-font-family:'DejaVu Sans','Noto Sans',Arial,sans-serif}")


def _title(nb_path: Path) -> str:
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("# ").strip()
    return nb_path.stem


#: Figures shown first on the index page, in this order; every other figure follows.
KEY_FIGURES = ["sipas_factors_by_wave", "district_caterpillar", "drivers_ipa", "comment_aspects_by_district",
               "cases_ontime_vs_satisfaction"]


def _headline(build: Path) -> str:
    """One sentence with the latest overall satisfaction and its interval, read from the run's table."""
    import pandas as pd

    from satisfaction.report.brief import interval, number, pct

    table = build / "tables" / "sipas_index_by_wave.csv"
    if not table.exists():
        return ""
    f = pd.read_csv(table, encoding="utf-8-sig")
    sel = f[(f["measure"] == "satisfied_pct") & (f["level"] == "satisfaction")].sort_values("wave")
    if sel.empty:
        return ""
    row = sel.iloc[-1]
    return (f"<p class=\"headline\">Năm {int(row['wave'])}: <strong>{pct(row['estimate'])}</strong> người dân hài lòng "
            f"(KTC 95% {interval(row['ci_low'], row['ci_high'])}, {number(row['n'], 0)} phiếu).</p>")


def write_index(build: Path, pages: list[tuple[str, str, float]], *, lang: str | None = None,
                skipped: list[tuple[str, str]] | None = None) -> Path:
    """The report's index page: the headline, the key figures, links to every notebook page and download.

    Parameters
    ----------
    build : pathlib.Path
        The run's output folder.
    pages : list of (title, file, seconds)
        The notebook pages, in order.
    lang : {"vi", "en"} or None
        The page's language attribute.
    skipped : list of (title, reason) or None
        The notebooks not run because the study lacks what they need, each listed with its reason.

    Returns
    -------
    pathlib.Path
        ``<build>/report/index.html``. Its title and the note on the data come from the study recorded
        in the run's ``run.json`` (the data are called simulated only when the study says so).
    """
    import json

    from satisfaction.report.workbook import RUN

    run_file = build / "tables" / RUN
    study = json.loads(run_file.read_text(encoding="utf-8")).get("study", {}) if run_file.exists() else {}
    title = study.get("title", "Sự hài lòng của người dân với dịch vụ hành chính công")
    data_note = ("Dữ liệu khảo sát là dữ liệu mô phỏng; " if study.get("simulated", True) else
                 "Dữ liệu khảo sát do nghiên cứu cung cấp; ")
    skipped_items = "\n".join(f"<li>{html.escape(t)}: {html.escape(r)}</li>" for t, r in (skipped or []))
    skipped_block = f"<h2>Phần được bỏ qua</h2>\n<ul>\n{skipped_items}\n</ul>\n" if skipped else ""
    figures = {f.stem: f for f in sorted((build / "figures").glob("*.png"))}
    titles = _figure_titles(build)
    order = [k for k in KEY_FIGURES if k in figures] + [k for k in figures if k not in KEY_FIGURES]
    items = "\n".join(f'<li><a href="{html.escape(href)}">{html.escape(title)}</a> '
                      f"<small>({seconds:.1f} s)</small></li>" for title, href, seconds in pages)

    def figure(stem: str) -> str:
        caption = html.escape(titles.get(stem, stem))
        return (f'<figure><a href="../figures/{stem}.svg"><img src="../figures/{stem}.png" alt="{caption}"></a>'
                f'<figcaption>{caption} <small>(<a href="../figures/{stem}.png">PNG</a>, '
                f'<a href="../figures/{stem}.svg">SVG</a>)</small></figcaption></figure>')

    key = "\n".join(figure(k) for k in order if k in KEY_FIGURES)
    rest = "\n".join(figure(k) for k in order if k not in KEY_FIGURES)
    brief_link = f'<li><a href="../{BRIEF}">{BRIEF}</a>: bản tóm tắt 2-4 trang (Word)</li>' \
        if (build / BRIEF).exists() else ""
    page = f"""<!DOCTYPE html>
<html lang="{labels.language(lang)}"><head><meta charset="utf-8"><title>Sự hài lòng của người dân: báo cáo</title>
<style>body{{font-family:'DejaVu Sans','Noto Sans',Arial,sans-serif;max-width:64em;margin:2em auto;padding:0 1em;
line-height:1.45}}figure{{margin:1.5em 0}}img{{max-width:100%;border:1px solid #ddd}}
.headline{{font-size:1.25em;background:#eef5fb;padding:.6em 1em;border-left:4px solid #0072B2}}
figcaption{{font-size:.9em;color:#333}}</style>
</head><body>
<h1>{html.escape(title)}</h1>
{_headline(build)}
<p>Báo cáo tự động của bộ công cụ <code>satisfaction</code> {html.escape(__version__)}.
{data_note}số liệu công bố lấy từ nguồn ghi trong
<code>data/reference/published_indices.csv</code>.</p>
<h2>Tải về</h2>
<ul>
{brief_link}
<li><a href="../tables/satisfaction_tables.xlsx">satisfaction_tables.xlsx</a>: mọi bảng, một sheet mỗi bảng,
sheet cuối "Nguồn và phương pháp"; các tệp CSV trong <code>tables/</code></li>
</ul>
<h2>Hình chính</h2>
{key}
<h2>Sổ tay phân tích (notebooks)</h2>
<ol>
{items}
</ol>
{skipped_block}<h2>Các hình khác</h2>
{rest}
</body></html>
"""
    path = build / "report" / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def _figure_titles(build: Path) -> dict[str, str]:
    """Each figure's caption: its title, as save_figure kept it."""
    import json

    from satisfaction.report.outputs import TITLES

    path = build / "figures" / TITLES
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

"""What a run writes for readers: figures, the workbook, the report as seen in a browser."""

from __future__ import annotations

import importlib.util

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from satisfaction import config, report
from satisfaction.errors import SatisfactionError
from satisfaction.report import style


def test_figures_are_png_at_300_dpi_and_svg_with_a_source_line(build_dir):
    from PIL import Image

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([1, 2], [3, 4])
    ax.set_title("Tỷ lệ hài lòng")
    png, svg = report.save_figure(fig, "demo", source="survey", out=build_dir / "figures")
    plt.close(fig)
    dpi = Image.open(png).info["dpi"]
    assert round(dpi[0]) == report.outputs.DPI == 300
    assert svg.read_text(encoding="utf-8").startswith("<?xml")
    assert any(t.get_text().startswith("Nguồn: khảo sát độc lập") for t in fig.texts)
    assert style.CYCLE[0] == "#0072B2"  # Okabe-Ito, the colour-blind-safe palette


def _table(build_dir):
    t = pd.DataFrame({"district_code": ["001", "002", "003"], "measure": ["satisfied_pct"] * 3,
                      "estimate": [97.25, np.nan, 88.0], "std_err": [0.5, np.nan, 1.2],
                      "ci_low": [96.1, np.nan, 85.0], "ci_high": [98.0, np.nan, 90.3], "n": [300, 8, 250],
                      "label_vi": ["Hài lòng"] * 3, "label_en": ["Satisfied"] * 3,
                      "suppressed": ["", "primary", ""]})
    out = report.Outputs(build_dir)
    out.table(t, "sipas_index_by_district", year=2024)
    out.table(pd.DataFrame({"term": ["a"], "estimate": [0.5], "p_value": [1e-9]}), "drivers_linear")
    report.write_provenance(out.tables, raw=config.raw_dir())
    return out.tables


def test_the_workbook_has_contents_first_sources_last_percent_formats_and_marked_cells(build_dir):
    tables = _table(build_dir)
    wb = load_workbook(report.collect_workbook(tables))
    assert wb.sheetnames[0] == "Mục lục" and wb.sheetnames[-1] == "Nguồn và phương pháp"
    contents = [r for r in wb["Mục lục"].iter_rows(min_row=4, values_only=True)]
    assert contents[0][:3] == ("Bảng 01", "Hồ sơ trễ hạn và thư xin lỗi theo quận, huyện (2024)", 1) or \
        contents[1][1] == "Chỉ số SIPAS theo quận, huyện, năm 2024"
    ws = wb["Bảng 02"]
    assert ws["A1"].value == "Chỉ số SIPAS theo quận, huyện, năm 2024"
    header = [c.value for c in ws[3]]
    assert header[:3] == ["Mã quận, huyện", "Chỉ tiêu", "Ước lượng"] and "Nội dung (tiếng Anh)" not in header
    est = ws.cell(4, 3)
    assert est.value == pytest.approx(0.9725) and est.number_format == "0.0%"
    assert ws.cell(5, 3).value == "x" and ws.cell(6, 2).value == "Tỷ lệ hài lòng (%)"
    notes = [ws.cell(r, 1).value for r in range(7, ws.max_row + 1)]
    assert any(n and n.startswith("x: số liệu bị ẩn") for n in notes)
    p_cell = wb["Bảng 01"].cell(4, 3)
    assert p_cell.value == pytest.approx(1e-9) and "<0.001" in p_cell.number_format
    sources = [r for r in wb["Nguồn và phương pháp"].iter_rows(values_only=True)]
    flat = " ".join(str(v) for r in sources for v in r if v)
    for expected in ("Ngày chạy", "khao_sat_2022.xlsx", "SHA-256", "Thiết kế mẫu", "pandas", "underthesea"):
        assert expected in flat


def test_the_workbook_in_english(build_dir):
    tables = _table(build_dir)
    wb = load_workbook(report.collect_workbook(tables, lang="en"))
    assert wb.sheetnames[0] == "Contents" and wb.sheetnames[-1] == "Sources and methods"
    header = [c.value for c in wb["Table 02"][3]]
    assert header[:3] == ["District code", "Measure", "Estimate"] and "Label" in header


def test_a_table_without_a_title_is_refused(build_dir):
    with pytest.raises(SatisfactionError, match="table 'my_table' has no title"):
        report.save_table(pd.DataFrame({"a": [1]}), "my_table", out=build_dir)
    assert report.save_table(pd.DataFrame({"a": [1]}), "my_table", out=build_dir, title="Bảng của tôi").exists()


def test_the_workbook_needs_the_runs_provenance(build_dir):
    report.save_table(pd.DataFrame({"a": [1]}), "my_table", out=build_dir / "tables", title="Mine")
    with pytest.raises(SatisfactionError, match="no run.json"):
        report.collect_workbook(build_dir / "tables")


def test_nothing_is_written_where_no_folder_was_given(tmp_path, monkeypatch):
    """Folders are arguments: the environment no longer moves where a table goes."""
    monkeypatch.setenv("SATISFACTION_BUILD", str(tmp_path / "elsewhere"))
    report.save_table(pd.DataFrame({"a": [1]}), "mine", out=tmp_path / "here", title="Mine")
    assert (tmp_path / "here" / "mine.csv").exists() and not (tmp_path / "elsewhere").exists()


def test_the_run_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert config.run_date().isoformat() == "2026-01-01"


def _screenshot_script():
    from satisfaction import config

    spec = importlib.util.spec_from_file_location("screenshot_report",
                                                  config.REPO_ROOT / "scripts" / "screenshot_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_report_renders_in_headless_chromium(suite_runs, tmp_path):
    shot = _screenshot_script()
    if shot.browser() is None:
        pytest.skip("no Chromium on PATH (Debian: apt install chromium); the screenshot script needs it")
    build, _, _ = suite_runs
    assert shot.main(["--build", str(build)]) == 0
    for name in ("index", "03_district_comparison"):
        png = build / "screenshots" / f"{name}.png"
        assert shot.blank_share(png) < 0.97

"""What policy staff get: labels in two languages, figures, the workbook, the brief, the report as seen."""

from __future__ import annotations

import importlib.util
import shutil
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from satisfaction import labels, outputs, style
from satisfaction.brief import BRIEF, brief_text, findings, number, pct, read_tables, write_brief
from satisfaction.errors import SatisfactionError

VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ")


def test_the_output_codebook_has_both_languages_for_every_label():
    cb = labels._codebook().reset_index()
    assert (cb["label_vi"] != "").all() and (cb["label_en"] != "").all()
    assert set(cb["kind"]) == labels.KINDS


def test_a_contradictory_output_codebook_is_refused_with_its_row(tmp_path, monkeypatch):
    bad = tmp_path / "codebook_outputs.csv"
    bad.write_text("kind,key,label_vi,label_en,format\ncolumn,x,Một,,int\ncolumn,y,Hai,Two,percent\n",
                   encoding="utf-8")
    monkeypatch.setattr(labels, "CODEBOOK", bad)
    labels._codebook.cache_clear()
    try:
        with pytest.raises(SatisfactionError, match=r"row 2 \(x\).*both.*row 3 \(y\): format 'percent'"):
            labels._codebook()
    finally:
        labels._codebook.cache_clear()


def test_language_comes_from_the_environment_and_bad_values_are_refused(monkeypatch):
    monkeypatch.setenv("SATISFACTION_LANG", "en")
    assert labels.text("fig.gap.reported") == "District's own report"
    assert labels.column_label("cases_by_district", "ontime_pct") == "On time or early"
    monkeypatch.setenv("SATISFACTION_LANG", "fr")
    with pytest.raises(SatisfactionError, match="unknown label language 'fr'"):
        labels.text("ci95")


def test_a_missing_text_key_is_an_error_not_a_blank():
    with pytest.raises(SatisfactionError, match="no text 'fig.nothing'"):
        labels.text("fig.nothing")


def test_every_vietnamese_letter_with_every_tone_renders_without_a_missing_glyph(tmp_path):
    """The font of every figure has all of Vietnamese, capitals included, and every label of the codebook."""
    cb = labels._codebook()
    texts = [VIETNAMESE, VIETNAMESE.upper(), *cb["label_vi"]]
    fig, ax = plt.subplots(figsize=(8, 3))
    for i, t in enumerate(texts):
        ax.text(0, i, t.replace("$", ""), fontsize=6)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "glyphs.png", dpi=50)
        fig.savefig(tmp_path / "glyphs.svg")
    plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:3]


def test_a_missing_glyph_would_be_caught(tmp_path):
    """The check above can fail: a letter outside DejaVu Sans (Devanagari) raises the warning it looks for."""
    fig, ax = plt.subplots()
    ax.set_title("\u0915")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "x.png", dpi=30)
    plt.close(fig)
    assert any("missing from font" in str(w.message) for w in caught)


def test_figures_are_png_at_300_dpi_and_svg_with_a_source_line(build_dir):
    from PIL import Image

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([1, 2], [3, 4])
    ax.set_title("Tỷ lệ hài lòng")
    png, svg = outputs.save_figure(fig, "demo", source="survey")
    plt.close(fig)
    dpi = Image.open(png).info["dpi"]
    assert round(dpi[0]) == outputs.DPI == 300
    assert svg.read_text(encoding="utf-8").startswith("<?xml")
    assert any(t.get_text().startswith("Nguồn: khảo sát độc lập") for t in fig.texts)
    assert style.CYCLE[0] == "#0072B2"  # Okabe-Ito, the colour-blind-safe palette


def _table(build_dir):
    t = pd.DataFrame({"district_code": ["001", "002", "003"], "measure": ["satisfied_pct"] * 3,
                      "estimate": [97.25, np.nan, 88.0], "std_err": [0.5, np.nan, 1.2],
                      "ci_low": [96.1, np.nan, 85.0], "ci_high": [98.0, np.nan, 90.3], "n": [300, 8, 250],
                      "label_vi": ["Hài lòng"] * 3, "label_en": ["Satisfied"] * 3,
                      "suppressed": ["", "primary", ""]})
    outputs.save_table(t, "sipas_index_by_district", year=2024)
    outputs.save_table(pd.DataFrame({"term": ["a"], "estimate": [0.5], "p_value": [1e-9]}), "drivers_linear")
    return build_dir / "tables"


def test_the_workbook_has_contents_first_sources_last_percent_formats_and_marked_cells(build_dir):
    tables = _table(build_dir)
    outputs.write_provenance(tables)
    wb = load_workbook(outputs.collect_workbook(tables))
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
    wb = load_workbook(outputs.collect_workbook(tables, lang="en"))
    assert wb.sheetnames[0] == "Contents" and wb.sheetnames[-1] == "Sources and methods"
    header = [c.value for c in wb["Table 02"][3]]
    assert header[:3] == ["District code", "Measure", "Estimate"] and "Label" in header


def test_a_table_without_a_title_is_refused(build_dir):
    with pytest.raises(SatisfactionError, match="table 'my_table' has no title"):
        outputs.save_table(pd.DataFrame({"a": [1]}), "my_table")
    assert outputs.save_table(pd.DataFrame({"a": [1]}), "my_table", title="Bảng của tôi").exists()


def test_the_run_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert outputs.run_date().isoformat() == "2026-01-01"


def test_numbers_are_written_the_vietnamese_way():
    assert number(1234567.891, 2) == "1.234.567,89"
    assert pct(96.4949) == "96,5%"


def test_the_brief_quotes_the_run_tables(suite_runs):
    build, _, _ = suite_runs
    text = brief_text(build / BRIEF)
    f = findings(read_tables(build / "tables"))
    head = f["overall"].loc[f["latest"]]
    assert f"{pct(head['estimate'])} người dân" in text
    assert pct(head["ci_low"])[:-1] in text
    best = f["ranks"].iloc[0]
    assert best["district"] in text and f"{int(best['rank_low'])}–{int(best['rank_high'])}" in text
    assert f["drivers"].iloc[0]["label"].lower() in text
    assert "Dữ liệu và phương pháp" in text
    words = len(text.split())
    assert 500 < words < 1600, f"{words} words: not a 2-4 page brief"


def test_the_brief_changes_when_a_table_changes(suite_runs, tmp_path):
    """No number is typed: editing the headline in the table changes the brief."""
    build, _, _ = suite_runs
    tables = tmp_path / "tables"
    shutil.copytree(build / "tables", tables)
    idx = pd.read_csv(tables / "sipas_index_by_wave.csv", encoding="utf-8-sig")
    sel = (idx["level"] == "satisfaction") & (idx["measure"] == "satisfied_pct") & (idx["wave"] == idx["wave"].max())
    idx.loc[sel, "estimate"] = 12.34
    idx.to_csv(tables / "sipas_index_by_wave.csv", index=False, encoding="utf-8-sig")
    assert "12,3% người dân" in brief_text(write_brief(tables, tmp_path / "b.docx"))


def test_the_brief_names_a_missing_table(tmp_path):
    with pytest.raises(SatisfactionError, match="needs the tables sipas_index_by_wave"):
        write_brief(tmp_path, tmp_path / "b.docx")


def _screenshot_script():
    from satisfaction import paths

    spec = importlib.util.spec_from_file_location("screenshot_report",
                                                  paths.REPO_ROOT / "scripts" / "screenshot_report.py")
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

"""A short Word brief in Vietnamese for policy staff, every number read from the run's tables.

``write_brief(tables_dir, out)`` reads the CSV tables a run wrote (``build/tables``) and its
``run.json``, and writes a 2-4 page document (python-docx): headline indices with intervals,
districts with rank intervals, the strongest drivers, what the comments say, case handling, and
data and method in one paragraph. No number is typed here: a table that is missing stops the
brief with the table named. Numbers are written the Vietnamese way (``97,3%``, ``9.038``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from satisfaction import __version__, config
from satisfaction.errors import SatisfactionError
from satisfaction.ingest import reference
from satisfaction.ingest.codebook import load_codebook
from satisfaction.ingest.readers import FIXED_TIME, normalise_zip
from satisfaction.report import labels
from satisfaction.report.outputs import TITLES
from satisfaction.report.workbook import read_provenance
from satisfaction.sipas.questionnaire import FACTORS

BRIEF = "ban_tom_tat.docx"
#: The tables the brief reads.
NEEDS = ["sipas_index_by_wave", "survey_waves"]
#: Tables of sections a study may lack (no registers, no comments): the brief then says the section is skipped.
OPTIONAL = ["district_rank_intervals", "drivers_key_drivers", "comment_aspect_sentiment", "comments_overview",
            "apology_compliance", "cases_by_district"]
#: The unit columns a rank table may name its units by, in the order tried.
UNIT_COLUMNS = ("district_code", "new_ward")


def number(x: float, digits: int = 1) -> str:
    """A number as Vietnamese writes it: decimal comma, dot between thousands.

    Parameters
    ----------
    x : float
        The number.
    digits : int, default 1
        Decimals kept (rounded as Python's ``format`` rounds).

    Returns
    -------
    str
        The number with ``,`` as the decimal mark and ``.`` between thousands.

    Examples
    --------
    >>> number(97.2534), number(9038, 0), number(0.5, 2)
    ('97,3', '9.038', '0,50')
    """
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def pct(x: float, digits: int = 1) -> str:
    """A percentage as Vietnamese writes it: :func:`number` followed by ``%``.

    Parameters
    ----------
    x : float
        The percentage, 0-100 (not a share of 1).
    digits : int, default 1
        Decimals kept.

    Returns
    -------
    str
        The number as :func:`number` writes it, then ``%``.

    Examples
    --------
    >>> pct(97.26), pct(5, 0)
    ('97,3%', '5%')
    """
    return number(x, digits) + "%"


def interval(lo: float, hi: float, digits: int = 1) -> str:
    """An interval of percentages as the brief writes it: both limits, an en dash between, one ``%``.

    Parameters
    ----------
    lo, hi : float
        The lower and upper limits, 0-100.
    digits : int, default 1
        Decimals kept.

    Returns
    -------
    str
        ``<lo>–<hi>%``, each limit as :func:`number` writes it.

    Examples
    --------
    >>> interval(95.04, 98.5)
    '95,0–98,5%'
    """
    return f"{number(lo, digits)}–{number(hi, digits)}%"


def read_tables(tables_dir: Path) -> dict[str, pd.DataFrame]:
    """Read the tables the brief needs (:data:`NEEDS`), and those of :data:`OPTIONAL` it finds, from a run's tables folder.

    Parameters
    ----------
    tables_dir : pathlib.Path
        The run's tables folder, holding ``<name>.csv`` for every name of :data:`NEEDS`. It must be a
        :class:`~pathlib.Path`: a str is not converted, and fails.

    Returns
    -------
    dict of str to pandas.DataFrame
        Each table by name, in the order of :data:`NEEDS` then :data:`OPTIONAL` (those present), read
        as UTF-8 with BOM and with ``district_code`` kept as text.

    Raises
    ------
    satisfaction.errors.SatisfactionError
        When any of the tables is missing, naming all of them.

    Examples
    --------
    >>> import tempfile
    >>> read_tables(Path(tempfile.mkdtemp()))
    Traceback (most recent call last):
    ...
    satisfaction.errors.SatisfactionError: ...: the brief needs the tables sipas_index_by_wave, ...
    """
    missing = [n for n in NEEDS if not (tables_dir / f"{n}.csv").exists()]
    if missing:
        raise SatisfactionError(f"the brief needs the tables {', '.join(missing)}; run `python -m satisfaction run` "
                                f"first", file=tables_dir)
    return {n: pd.read_csv(tables_dir / f"{n}.csv", encoding="utf-8-sig", dtype={"district_code": str})
            for n in NEEDS + OPTIONAL if (tables_dir / f"{n}.csv").exists()}


def _factor_name(label: str) -> str:
    """A factor's name from its index label (``"Yếu tố: Tiếp cận dịch vụ"`` -> ``"Tiếp cận dịch vụ"``)."""
    return str(label).split(": ", 1)[-1]


def findings(tables: dict[str, pd.DataFrame]) -> dict:
    """The figures the brief quotes, each taken from a table of the run.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        The tables of :func:`read_tables`.

    Returns
    -------
    dict
        ``latest`` and ``previous`` (the last two waves of ``sipas_index_by_wave``; ``previous`` is None
        with one wave); ``overall`` (the top-2-box rows of level ``satisfaction``, indexed by wave);
        ``factors`` (the latest wave's top-2-box factor rows, indexed by factor); ``ranks``
        (``district_rank_intervals`` by rank, with a ``district`` name from the reference table of
        districts, the code where it has none); ``rank_wave`` (the latest wave of that table, else
        ``latest``); ``drivers`` (``drivers_key_drivers`` by rank, with a Vietnamese ``label``: the
        factor's name for ``score_<factor>``, else the codebook's label, else the term); ``aspects``
        (``comment_aspect_sentiment``, most mentioned first); ``comments`` (int, from
        ``comments_overview``, 0 when absent); ``late`` and ``apology`` (int, sums of
        ``apology_compliance``); ``cases`` and ``cases_late`` (int, sums of ``cases_by_district``);
        ``cases_online`` (float, % of all cases submitted online, weighting each district's
        ``online_pct`` by its cases); ``waves`` (the ``survey_waves`` table) and ``comparability``
        (the latest satisfaction row's ``comparability``, ``""`` when the table has no such column);
        ``factor_names`` (each factor's name, from the index table's labels); ``unit`` (the rank table's
        unit column). A section whose table the run did not make (a study without registers or
        comments) has None (``comments``: 0). ``tables`` may also hold ``_study``, the run's study record
        (``run.json``), whose provinces name the districts of a study outside Hanoi.
    """
    idx = tables["sipas_index_by_wave"]
    sat = idx[idx["measure"] == "satisfied_pct"]
    latest = int(sat["wave"].max())
    waves = sorted(sat["wave"].unique())
    previous = int(waves[-2]) if len(waves) > 1 else None
    overall = sat[sat["level"] == "satisfaction"].set_index("wave")
    factors = sat[(sat["level"] == "factor") & (sat["wave"] == latest)].set_index("factor")
    factor_names = {k: _factor_name(v) for k, v in factors["label_vi"].items()}
    ranks, rank_wave, unit = None, latest, None
    if "district_rank_intervals" in tables:
        ranks = tables["district_rank_intervals"].sort_values("rank").copy()
        rank_wave = int(ranks["wave"].max()) if "wave" in ranks else latest
        unit = next((c for c in UNIT_COLUMNS if c in ranks.columns), ranks.columns[1 if "wave" in ranks else 0])
        provinces = (tables.get("_study") or {}).get("provinces")
        with config.using(provinces=provinces):  # the study's own districts, not Hanoi's, named
            names = reference.districts().set_index("district_code")["district_name"] if unit == "district_code" \
                else {}
        ranks["district"] = ranks[unit].map(names).fillna(ranks[unit]) if len(names) else ranks[unit]
    kd = None
    if "drivers_key_drivers" in tables:
        kd = tables["drivers_key_drivers"].sort_values("rank")
        cb = load_codebook().set_index("variable")["label_vi"]
        kd["label"] = [factor_names.get(t[6:], FACTORS.get(t[6:], (t,))[0]) if t.startswith("score_") else cb.get(t, t)
                       for t in kd["term"]]
    aspects = tables.get("comment_aspect_sentiment")
    if aspects is not None:
        aspects = aspects.sort_values("share_of_comments_pct", ascending=False)
    overview = tables["comments_overview"].set_index("measure")["value"] if "comments_overview" in tables else {}
    letters, cases = tables.get("apology_compliance"), tables.get("cases_by_district")
    return {
        "latest": latest, "previous": previous, "overall": overall, "factors": factors,
        "factor_names": factor_names, "ranks": ranks, "rank_wave": rank_wave, "unit": unit,
        "drivers": kd, "aspects": aspects, "comments": int(overview.get("comments", 0)),
        "late": int(letters["late_cases"].sum()) if letters is not None else None,
        "apology": int(letters["apology_sent"].sum()) if letters is not None else None,
        "cases": int(cases["cases"].sum()) if cases is not None else None,
        "cases_late": int(cases["late"].sum()) if cases is not None else None,
        "cases_online": ((cases["cases"] * cases["online_pct"] / 100).sum() / cases["cases"].sum() * 100
                         if cases is not None else None),
        "waves": tables["survey_waves"], "comparability": overall.loc[latest].get("comparability", ""),
    }


_UNIT_WORDS = {"new_ward": "xã, phường", "district_code": "quận, huyện", "psu_code": "phường, xã (trước 2025)",
               "ward_code": "phường, xã (trước 2025)"}


def design_sentence(design: dict) -> str:
    """The brief's sentence on a study's sampling design, from the study file's ``[design]``.

    Parameters
    ----------
    design : dict
        The study's design settings (``strata``, ``cluster``, ``cluster2``, ``fpc``, ``fpc2``,
        ``replicates``, ``replicate_method``).

    Returns
    -------
    str
        One Vietnamese sentence.

    Examples
    --------
    >>> design_sentence({"cluster": "new_ward", "cluster2": "cluster", "fpc": "n", "fpc2": "m"})
    'Khảo sát độc lập theo mẫu hai giai đoạn: đơn vị mẫu bậc một là xã, phường, bậc hai là «cluster»; có hiệu chỉnh tổng thể hữu hạn ở cả hai giai đoạn; trọng số theo xác suất chọn.'
    """
    def word(col: str) -> str:
        return _UNIT_WORDS.get(col, f"«{col}»")

    if design.get("replicates"):
        return (f"Sai số chuẩn tính từ các bộ trọng số lặp ({design.get('replicate_method', 'jk1').upper()}) do "
                "nghiên cứu cung cấp.")
    strata = f"phân tầng theo {word(design['strata'])}, " if design.get("strata") else ""
    if design.get("cluster2"):
        stages = (f"{strata}hai giai đoạn: đơn vị mẫu bậc một là {word(design['cluster'])}, bậc hai là "
                  f"{word(design['cluster2'])}")
    elif design.get("cluster"):
        stages = f"{strata}một giai đoạn: đơn vị mẫu là {word(design['cluster'])}"
    else:
        stages = f"{strata}ngẫu nhiên, mỗi người trả lời là một đơn vị mẫu"
    fpc = {(True, True): "; có hiệu chỉnh tổng thể hữu hạn ở cả hai giai đoạn",
           (True, False): "; có hiệu chỉnh tổng thể hữu hạn ở giai đoạn một"}.get(
        (bool(design.get("fpc")), bool(design.get("fpc2"))), "")
    return f"Khảo sát độc lập theo mẫu {stages}{fpc}; trọng số theo xác suất chọn."


def write_brief(tables_dir: str | Path, out: str | Path | None = None) -> Path:
    """Write the Vietnamese Word brief from a run's tables.

    Parameters
    ----------
    tables_dir : str or pathlib.Path
        The run's tables folder (every number of the brief is read from its CSVs).
    out : str or pathlib.Path, optional
        The ``.docx`` to write (default: ``ban_tom_tat.docx`` beside the tables' folder).

    Returns
    -------
    pathlib.Path
        The brief written.
    """
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    tables_dir = Path(tables_dir)
    out = Path(out) if out is not None else tables_dir.parent / BRIEF
    tables = read_tables(tables_dir)  # first: a folder without a run is named by the tables it lacks
    run = read_provenance(tables_dir)
    f = findings({**tables, "_study": run.get("study", {})})
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(11)

    latest, prev = f["latest"], f["previous"]
    head = f["overall"].loc[latest]
    study = run.get("study", {})
    skip = "Nghiên cứu này không có dữ liệu cho phần này: phần này được bỏ qua."
    doc.add_heading("Sự hài lòng của người dân với dịch vụ hành chính công", level=0)
    p = doc.add_paragraph(f"Bản tóm tắt kết quả khảo sát độc lập năm {latest}"
                          + (f" ({study['title']})" if study.get("title") else "") + f". Ngày chạy: {run['date']}. "
                          + ("Dữ liệu khảo sát là dữ liệu mô phỏng." if study.get("simulated", True) else ""))
    p.runs[0].italic = True

    doc.add_heading("1. Kết quả chính", level=1)
    text = (f"Năm {latest}, {pct(head['estimate'])} người dân được khảo sát hài lòng với dịch vụ hành chính công "
            f"(khoảng tin cậy 95%: {interval(head['ci_low'], head['ci_high'])}; {number(head['n'], 0)} phiếu).")
    if prev is not None:
        before = f["overall"].loc[prev]
        text += (f" Năm {prev}: {pct(before['estimate'])} ({interval(before['ci_low'], before['ci_high'])}).")
    if isinstance(f["comparability"], str) and f["comparability"]:
        text += (" Lưu ý: từ năm 2025 địa danh theo đơn vị hành chính mới (01/07/2025), so sánh với các năm trước "
                 "cần thận trọng.")
    doc.add_paragraph(text)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Light Grid Accent 1"
    for cell, h in zip(table.rows[0].cells, ["Yếu tố", "Tỷ lệ hài lòng", "KTC 95%"], strict=True):
        cell.text = h
    names = f["factor_names"]
    for factor, row in f["factors"].iterrows():
        cells = table.add_row().cells
        cells[0].text = names.get(factor, FACTORS.get(factor, (factor,))[0])
        cells[1].text = pct(row["estimate"])
        cells[2].text = interval(row["ci_low"], row["ci_high"])
    low = f["factors"]["estimate"].idxmin()
    doc.add_paragraph(f"Yếu tố có tỷ lệ hài lòng thấp nhất năm {latest}: {names.get(low, low).lower()} "
                      f"({pct(f['factors'].loc[low, 'estimate'])}).")

    districts = f["unit"] in (None, "district_code")
    units = "quận, huyện" if districts else "xã, phường"
    doc.add_heading(f"2. Các {units}", level=1)
    ranks = f["ranks"]
    if ranks is None:
        doc.add_paragraph(skip)
    else:
        wide = int((ranks["rank_high"] - ranks["rank_low"] >= 10).sum())
        doc.add_paragraph(
            f"Xếp hạng {len(ranks)} {units} theo tỷ lệ hài lòng chung năm {f['rank_wave']}, kèm khoảng hạng 95% "
            f"(hạng có thể có khi tính đến sai số mẫu). {wide} trong {len(ranks)} {units} có khoảng hạng rộng từ 10 "
            "hạng trở lên: chênh lệch nhỏ về tỷ lệ không đủ để khẳng định đơn vị này hơn đơn vị kia.")
        table = doc.add_table(rows=1, cols=4)
        table.style = "Light Grid Accent 1"
        for cell, h in zip(table.rows[0].cells, [units.capitalize(), "Tỷ lệ hài lòng", "KTC 95%", "Khoảng hạng"],
                           strict=True):
            cell.text = h
        shown = pd.concat([ranks.head(3), ranks.tail(3)])
        for _, row in shown.iterrows():
            cells = table.add_row().cells
            cells[0].text = str(row["district"])
            cells[1].text = pct(row["estimate"])
            cells[2].text = interval(row["ci_low"], row["ci_high"])
            cells[3].text = f"{int(row['rank_low'])}–{int(row['rank_high'])}"
        titles_file = tables_dir / TITLES
        titles = json.loads(titles_file.read_text(encoding="utf-8")) if titles_file.exists() else {}
        where = (f"«{titles['district_rank_intervals']}»" if "district_rank_intervals" in titles
                 else "district_rank_intervals")
        note = f"Bảng nêu ba đơn vị đứng đầu và ba đơn vị cuối bảng; đủ các đơn vị trong bảng {where} của tệp Excel."
        if f["rank_wave"] != latest:
            note += (f" Xếp hạng dùng năm {f['rank_wave']}, năm cuối cùng trước khi sắp xếp lại đơn vị hành chính, "
                     "để so sánh cùng một địa giới.")
        doc.add_paragraph(note).runs[0].italic = True

    doc.add_heading("3. Điều gì quyết định sự hài lòng", level=1)
    if f["drivers"] is None:
        doc.add_paragraph(skip)
    else:
        top = f["drivers"].head(3)
        parts = [f"{row['label'].lower()} ({pct(row['shapley_pct'])} R², KTC "
                 f"{interval(row['shapley_pct_ci_low'], row['shapley_pct_ci_high'])})" for _, row in top.iterrows()]
        doc.add_paragraph("Ba yếu tố giải thích nhiều nhất sự khác biệt trong mức hài lòng chung (phân rã R² theo "
                          f"Shapley, {len(f['drivers'])} biến giải thích): " + "; ".join(parts) + ".")

    doc.add_heading("4. Người dân góp ý điều gì", level=1)
    if f["aspects"] is None or f["aspects"].empty:
        doc.add_paragraph("Khảo sát của nghiên cứu này không có câu hỏi mở (góp ý bằng lời): phần này được bỏ qua.")
    else:
        asp = f["aspects"].head(3)
        parts = [f"{row['label_vi'].lower()} ({pct(row['share_of_comments_pct'], 0)} số góp ý, trong đó "
                 f"{pct(row['negative_pct'], 0)} tiêu cực)" for _, row in asp.iterrows()]
        worst = f["aspects"].sort_values("negative_pct", ascending=False).iloc[0]
        doc.add_paragraph(f"Trong {number(f['comments'], 0)} góp ý bằng lời, nội dung được nhắc đến nhiều nhất là: "
                          + "; ".join(parts) + ". Khía cạnh có tỷ lệ góp ý tiêu cực cao nhất: "
                          f"{worst['label_vi'].lower()} ({pct(worst['negative_pct'], 0)}).")

    doc.add_heading("5. Giải quyết hồ sơ và thư xin lỗi", level=1)
    if f["cases"] is None or f["late"] is None:
        doc.add_paragraph("Nghiên cứu này không có sổ theo dõi hồ sơ và sổ thư: phần này được bỏ qua.")
    else:
        doc.add_paragraph(
            f"Sổ theo dõi ghi {number(f['cases'], 0)} hồ sơ, {pct(f['cases_online'])} nộp trực tuyến, "
            f"{number(f['cases_late'], 0)} hồ sơ trễ hạn. Trong {number(f['late'], 0)} hồ sơ trễ hạn đã trả kết quả, "
            f"{number(f['apology'], 0)} ({pct(100 * f['apology'] / f['late'] if f['late'] else 0)}) có thư xin lỗi "
            "gửi người dân như quy định.")

    doc.add_heading("6. Dữ liệu và phương pháp", level=1)
    waves = f["waves"]
    rows = "; ".join(f"{int(w)}: {number(r, 0)} phiếu" for w, r in zip(waves["wave"], waves["rows"], strict=True))
    n_districts = pd.to_numeric(waves.get("districts"), errors="coerce").max() if "districts" in waves else None
    where = (f"{int(n_districts)} quận, huyện" if n_districts is not None and pd.notna(n_districts) and n_districts > 0
             else f"{len(f['ranks'])} {units}" if f["ranks"] is not None else "các đơn vị được chọn")
    doc.add_paragraph(
        f"Khảo sát độc lập tại {where} ({rows}); {len(run['data'])} tệp dữ liệu "
        f"gốc, mã SHA-256 ghi trong tệp Excel. "
        f"{design_sentence(study['design']) if study.get('design') and study.get('level') != 'district' else labels.text('method.design', lang='vi')} "
        f"{labels.text('method.index', lang='vi')} {labels.text('method.drivers', lang='vi')} "
        f"{labels.text('method.text', lang='vi')} Bộ công cụ satisfaction {__version__}, "
        f"Python {run['software'].get('python', '')}.")
    foot = doc.add_paragraph("Mọi con số trong bản tóm tắt được đọc từ các bảng của cùng một lần chạy "
                             "(satisfaction_tables.xlsx).")
    foot.alignment = WD_ALIGN_PARAGRAPH.LEFT
    foot.runs[0].italic = True
    foot.runs[0].font.size = Pt(9)

    props = doc.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.author = props.last_modified_by = f"satisfaction {__version__}"
    props.title = "Sự hài lòng của người dân: bản tóm tắt"
    props.revision = 1
    props.language = "vi-VN"
    buf = io.BytesIO()
    doc.save(buf)
    out.parent.mkdir(parents=True, exist_ok=True)
    normalise_zip(buf.getvalue(), out)
    return out


def brief_text(path: Path) -> str:
    """Every paragraph and table cell of a brief, for checking what it says.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.docx`` file, such as the one :func:`write_brief` writes.

    Returns
    -------
    str
        The text of every paragraph, then of every cell of every table (row by row), one per line.
    """
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


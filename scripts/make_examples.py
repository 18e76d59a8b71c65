"""Write the small example files that ship inside the package (``src/satisfaction/data/examples/``).

The docstrings' examples run on them, so that they pass from an installed wheel without the
repository's ``data/raw``. They are cut from the simulated raw exports (never edited otherwise):
the 2024 survey wave's respondents of its first two survey districts with the export's title rows
and header, the first 300 cases of the 2024 case register, and both letters registers whole.

Run from the repository root: ``python scripts/make_examples.py``.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from satisfaction import config
from satisfaction.ingest.readers import normalise_zip
from satisfaction.ingest.writers import openpyxl_stdlib

RAW = config.REPO_ROOT / "data" / "raw"
OUT = config.PACKAGE_DATA / "examples"
DISTRICTS = 2
CASES = 300


def survey_sample(source: Path, target: Path) -> int:
    openpyxl = openpyxl_stdlib()
    wb = openpyxl.load_workbook(source, read_only=True)
    ws = wb[wb.sheetnames[0]]
    out = openpyxl.Workbook(write_only=True)
    sheet = out.create_sheet(ws.title)
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Mã phiếu")
    # the district of each row as its respondent ID says (the name column carries the injected typos)
    wanted = list(dict.fromkeys(str(r[0]).split("-")[1] for r in rows[header + 1:] if r and r[0]))[:DISTRICTS]
    kept = 0
    for i, r in enumerate(rows):
        if i <= header or (r and r[0] and str(r[0]).split("-")[1] in wanted):
            sheet.append(list(r))
            kept += i > header
    buf = io.BytesIO()
    out.save(buf)
    normalise_zip(buf.getvalue(), target)
    return kept


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    n = survey_sample(RAW / "khao_sat_2024.xlsx", OUT / "khao_sat_2024_sample.xlsx")
    lines = (RAW / "ho_so_2024.csv").read_bytes().splitlines(keepends=True)
    (OUT / "ho_so_2024_sample.csv").write_bytes(b"".join(lines[:CASES + 1]))
    for name in ("so_thu_2024.xlsx", "so_thu_thuong_tin_2024_tcvn3.csv"):
        shutil.copyfile(RAW / name, OUT / name)
    print(f"{OUT}: {n} survey rows, {CASES} cases, two letters registers")


if __name__ == "__main__":
    main()

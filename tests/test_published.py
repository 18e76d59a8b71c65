"""The published record and the PAPI province panel, against R (lm + sandwich::vcovCL)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from openpyxl import Workbook

from satisfaction import config
from satisfaction.errors import SatisfactionError
from satisfaction.sipas import published

GOLDEN = config.REPO_ROOT / "tests" / "golden" / "published_golden.csv"


def test_published_series_are_read_with_their_sources():
    provinces = published.sipas_provinces()
    assert provinces["value"].between(50, 100).all() and provinces["source_url"].str.startswith("http").all()
    hanoi = published.hanoi_par_districts()
    assert (hanoi["level"] == "city-district-average").sum() == 1
    assert hanoi["year"].eq(2023).all()


@pytest.fixture(scope="module")
def panel():
    folder = config.shared_data_dir()
    workbook = folder / "papi" / "PAPI_2011-2016.xlsx"
    if not workbook.is_file():
        pytest.skip(f"the PAPI workbook is not at {workbook} (set SATISFACTION_SHARED); CI always has it")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        long = published.read_papi(workbook)
    return published.papi_panel(long), [str(w.message) for w in caught]


@pytest.fixture(scope="module")
def csv_panel(panel):
    """The same panel from the shared tidy extract (values rounded to 6 digits), which the R script reads."""
    tidy = pd.read_csv(config.shared_data_dir() / "papi" / "papi_province_2011_2016.csv", dtype={"unit_code": str})
    names = {f"PAPI: {v}": k for k, v in published.PAPI_DIMENSIONS.items()}
    tidy = tidy[tidy["indicator"].isin(names)]
    long = pd.DataFrame({"province_code": tidy["unit_code"].astype(int), "province": tidy["unit"],
                         "year": tidy["year"], "dimension": tidy["indicator"].map(names), "value": tidy["value"]})
    return published.papi_panel(long)


def test_the_workbook_reader_agrees_with_the_tidy_extract(panel, csv_panel):
    """Two routes to the same scores: the official workbook (our reader) and the published tidy CSV."""
    wide = panel[0].dropna()
    key = ["province_code", "year"]
    both = wide.merge(csv_panel, on=key, suffixes=("", "_csv"))
    assert len(both) == len(wide) == len(csv_panel) == 376
    for dim in published.PAPI_DIMENSIONS:
        pd.testing.assert_series_equal(both[dim], both[f"{dim}_csv"], check_names=False, rtol=1e-5)


def test_the_papi_workbook_gives_63_provinces_over_six_years(panel):
    wide, caught = panel
    assert wide["province_code"].nunique() == 63 and sorted(wide["year"].unique()) == list(range(2011, 2017))
    assert len(wide) == 378 and wide.dropna().shape[0] == 376  # Bắc Giang and Đồng Tháp have no 2014 scores
    assert len(caught) == 2 and all("2014_PAPI" in m for m in caught)


@pytest.mark.parametrize("outcome", published.SERVICE_DIMENSIONS)
def test_fixed_effects_match_r(csv_panel, outcome):
    gold = pd.read_csv(GOLDEN)
    table, fit = published.papi_fixed_effects(csv_panel, outcome)
    ref = gold[gold["model"] == outcome].set_index("term")
    got = table.set_index("term")
    pd.testing.assert_series_equal(got["estimate"], ref.loc[got.index, "estimate"], check_names=False, rtol=1e-8)
    pd.testing.assert_series_equal(got["std_err"], ref.loc[got.index, "std_err"], check_names=False, rtol=1e-8)
    assert fit["n_obs"] == gold.loc[gold["term"] == "n_obs", "estimate"].item() and fit["n_groups"] == 63
    cors = published.within_correlations(csv_panel)
    cors = cors[cors["dimension"] == outcome].set_index("with")["within_province"]
    ref = gold[gold["model"] == f"within_cor_{outcome}"].set_index("term")["estimate"]
    pd.testing.assert_series_equal(cors, ref.loc[cors.index], check_names=False, rtol=1e-8)


def _workbook(path, *, header=None, score=6.5):
    header = header or ["tinhid", "tentinh_eng", "tentinh_vie", *published.PAPI_DIMENSIONS.values()]
    wb = Workbook()
    ws = wb.active
    ws.title = "2015_PAPI"
    ws.append(header)
    ws.append(header)
    ws.append([1, "Ha Noi", "Hà Nội", *[score] * (len(header) - 3)])
    ws.append([999, "Highest", "Điểm cao nhất", *[9.0] * (len(header) - 3)])
    wb.save(path)
    return path


def test_a_small_workbook_is_read_and_summary_rows_are_dropped(tmp_path):
    long = published.read_papi(_workbook(tmp_path / "p.xlsx"))
    assert len(long) == 6 and long["province"].eq("Hà Nội").all() and long["year"].eq(2015).all()


def test_a_missing_dimension_names_the_sheet_and_column(tmp_path):
    header = ["tinhid", "tentinh_eng", "tentinh_vie", *list(published.PAPI_DIMENSIONS.values())[:-1]]
    with pytest.raises(SatisfactionError, match=r"2015_PAPI.*Public Service Delivery"):
        published.read_papi(_workbook(tmp_path / "p.xlsx", header=header))


def test_a_score_outside_1_to_10_names_the_row(tmp_path):
    with pytest.raises(SatisfactionError, match=r"row 3, column .Participation.*outside 1-10"):
        published.read_papi(_workbook(tmp_path / "p.xlsx", score=65))


def test_a_workbook_without_papi_sheets_is_refused(tmp_path):
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(SatisfactionError, match="no sheet named like 2011_PAPI"):
        published.read_papi(tmp_path / "x.xlsx")

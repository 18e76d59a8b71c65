from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from satisfaction.ingest import parse_date, parse_dates


@pytest.mark.parametrize("value", ["05/03/2024", "5/3/2024", "2024-03-05", "45356", 45356, 45356.0,
                                   "ngày 5 tháng 3 năm 2024", "Ngay 5 thang 3 nam 2024", dt.datetime(2024, 3, 5, 0, 0)])
def test_formats(value):
    assert parse_date(value) == dt.date(2024, 3, 5)


@pytest.mark.parametrize("value", ["30/02/2024", "31/09/2024", "2024-13-01", "hôm qua", "123", None])
def test_not_dates(value):
    assert parse_date(value) is None


def test_series_blank_is_missing_not_invalid():
    dates, invalid = parse_dates(pd.Series(["05/03/2024", "", None, "30/02/2024"], dtype=object))
    assert invalid.tolist() == [False, False, False, True]
    assert dates.notna().tolist() == [True, False, False, False]

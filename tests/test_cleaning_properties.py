"""Property: on any messy input, cleaning either stops with a clear error or accounts for every row."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satisfaction.errors import SatisfactionError
from satisfaction.ingest import clean_survey, load_codebook

CB = load_codebook()
LIKERT = ["Hài lòng", "hai long", "RẤT HÀI LÒNG", "Bình thường", "4", 5, 2.0, "KTL", 98, "99", None, "",
          "Không trả lời", "tốt lắm", 7, "  hài   lòng "]
DISTRICTS = ["Q. Ba Đình", "quan ba dinh", "Ba Dinh", "H. Thanh Trì", "Thanh Tri", "Nam Tu Lien", "Hà Nội", "",
             None, "Bam Tu Liem", "TX Sơn Tây"]
WARDS = ["P. Phúc Xá", "Phúc Xá", "xa van phuc", "Phường Hồng Hà", "", None, "Không rõ"]
DATES = ["05/03/2024", "2024-03-05", "45356", "ngày 5 tháng 3 năm 2024", "31/02/2024", "hôm qua", None]
TEXT = st.text(alphabet=st.sampled_from(list("abc đêơ ư0123456789.+@ hòa thuỷ")), max_size=30)

row = st.fixed_dictionaries({
    "resp_id": st.sampled_from(["A", "B", "C", "D", "E", "F", None]),
    "district_name": st.sampled_from(DISTRICTS),
    "ward_name": st.sampled_from(WARDS),
    "psu_code": st.sampled_from(["00001", "1", "99999", None, "abc"]),
    "weight": st.sampled_from([12.5, "3,5", 0, -1, None, "x", 100]),
    "age": st.sampled_from([30, "45", 150, None, "ba mươi"]),
    "q_overall": st.sampled_from(LIKERT),
    "q_staff_polite": st.sampled_from(LIKERT),
    "survey_date": st.sampled_from(DATES),
    "comment": st.one_of(st.none(), TEXT),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=1, max_size=40))
def test_every_row_is_clean_quarantined_or_an_exact_duplicate(rows):
    raw = pd.DataFrame(rows, dtype=object)
    raw.insert(0, "source_row", range(2, len(raw) + 2))
    try:
        result = clean_survey(raw, codebook=CB, wave=2024, source_file="generated.csv")
    except SatisfactionError as err:  # too many unreadable values: a clear message, naming the file
        assert str(err).startswith("generated.csv")
        return
    a = result.accounting
    assert a["rows_in"] == len(raw) == a["rows_clean"] + a["rows_quarantined"] + a["exact_duplicates_dropped"]
    kept = set(result.data["source_row"]) | set(result.quarantine["source_row"])
    assert len(kept) == a["rows_clean"] + a["rows_quarantined"]
    assert kept <= set(raw["source_row"])
    assert result.data["resp_id"].is_unique
    assert result.data["q_overall"].dropna().between(1, 5).all()

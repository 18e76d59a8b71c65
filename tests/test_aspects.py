from __future__ import annotations

import pandas as pd
import pytest

from satisfaction.text import ASPECTS, aspect_shares, tag_aspects


@pytest.mark.parametrize("text, expected", [
    ("Cán bộ hướng dẫn tận tình", {"staff"}),
    ("Phòng chờ nóng quá, không có quạt", {"access", "facilities"}),
    ("Thủ tục rườm rà, phải bổ sung giấy tờ", {"procedures"}),
    ("Trả kết quả trễ hẹn, không có thư xin lỗi", {"results"}),
    ("Gọi đường dây nóng không ai nghe máy", {"feedback"}),
    ("Xếp hàng mất cả buổi sáng", {"waiting"}),
    ("Nộp trực tuyến xong vẫn phải nộp bản giấy", {"online"}),
    ("Cán bộ gợi ý phải có phí bồi dưỡng", {"staff", "fees"}),
    ("khong co y kien", set()),
])
def test_aspects_on_hand_written_examples(text, expected):
    tags = tag_aspects(pd.Series([text])).iloc[0]
    assert set(tags[tags].index) == expected


def test_every_aspect_has_labels_and_cues():
    assert len(ASPECTS) == 9 and all(len(cues) >= 5 for _, _, cues in ASPECTS.values())


def test_shares_by_group():
    tags = tag_aspects(pd.Series(["chờ lâu", "cán bộ tốt", "chờ đợi"]))
    out = aspect_shares(tags, pd.Series(["a", "a", "b"]))
    assert out.set_index("index" if "index" in out else out.columns[0]).loc["b", "waiting"] == 100.0

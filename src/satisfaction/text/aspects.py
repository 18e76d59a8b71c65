"""What comments are about: multi-label tagging with the five SIPAS factors and four practical aspects.

Each aspect has a lexicon of cue words and phrases (below, documented in the code as the reference);
a comment gets every aspect whose cues it contains, matched on whole syllables of the normalised text
and without regard to diacritics, so "cho lau" counts as "chờ lâu".
"""

from __future__ import annotations

import re

import pandas as pd

from satisfaction.text.normalisation import normalise
from satisfaction.vietnamese import strip_diacritics

#: aspect -> (Vietnamese name, English name, cue phrases)
ASPECTS = {
    "access": ("Tiếp cận dịch vụ", "Access", [
        "biển chỉ dẫn", "chỉ dẫn", "khó tìm", "dễ tìm", "gửi xe", "bãi xe", "giờ làm việc", "máy lấy số",
        "lấy số", "bấm số", "số thứ tự", "quầy", "phòng chờ", "chỗ ngồi", "ghế"]),
    "procedures": ("Thủ tục hành chính", "Procedures", [
        "thủ tục", "hồ sơ", "giấy tờ", "niêm yết", "bổ sung", "rườm rà", "phức tạp", "đơn giản", "quy trình",
        "biểu mẫu", "kê khai", "thành phần hồ sơ"]),
    "staff": ("Công chức", "Civil servants", [
        "cán bộ", "công chức", "nhân viên", "thái độ", "nhiệt tình", "tận tình", "lịch sự", "hướng dẫn",
        "giải thích", "3 xin", "trống không", "thờ ơ", "hách dịch", "chu đáo", "thân thiện"]),
    "results": ("Kết quả", "Results", [
        "kết quả", "trả kết quả", "giấy hẹn", "đúng hẹn", "trễ hẹn", "lỡ hẹn", "sai thông tin", "quá hạn",
        "trả chậm", "sớm hơn hẹn", "thư xin lỗi"]),
    "feedback": ("Tiếp nhận, xử lý góp ý", "Feedback handling", [
        "góp ý", "phản ánh", "kiến nghị", "đường dây nóng", "hòm thư", "trả lời", "không ai nghe máy", "khiếu nại",
        "nghe máy"]),
    "waiting": ("Thời gian chờ", "Waiting time", [
        "chờ", "đợi", "xếp hàng", "lâu", "cả buổi", "tiếng", "phút", "đông"]),
    "online": ("Dịch vụ công trực tuyến", "Online services", [
        "online", "trực tuyến", "dịch vụ công", "cổng", "website", "trang web", "mạng", "nộp online", "bản giấy"]),
    "fees": ("Phí, lệ phí và chi phí không chính thức", "Fees and informal payments", [
        "phí", "lệ phí", "biên lai", "tiền", "bồi dưỡng", "phong bì", "nhũng nhiễu", "gây khó dễ", "ngoài lệ phí"]),
    "facilities": ("Cơ sở vật chất", "Facilities", [
        "điều hòa", "quạt", "nóng", "chật", "chật chội", "rộng rãi", "sạch sẽ", "khang trang", "máy", "trang thiết bị",
        "thiết bị", "nước uống", "nhà vệ sinh", "wifi"]),
}


# One pattern for all cues, longest first: a longer cue consumes the shorter ones inside it, so
# "phòng chờ" (a waiting room: access) is not also "chờ" (waiting time), nor "đường dây nóng" "nóng".
_CUE_ASPECT = {strip_diacritics(c).lower(): a for a, (_, _, cues) in ASPECTS.items() for c in cues}
_PATTERN = re.compile(r"(?<![\w])(" + "|".join(re.escape(k) for k in sorted(_CUE_ASPECT, key=len, reverse=True))
                      + r")(?![\w])")


def tag_aspects(texts: pd.Series) -> pd.DataFrame:
    """One boolean column per aspect: does the comment speak of it?

    Examples
    --------
    >>> tag_aspects(pd.Series(["Cán bộ nhiệt tình nhưng chờ lâu quá", "nop online bi loi"])).astype(int).to_numpy().tolist()
    [[0, 0, 1, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 1, 0, 0]]
    """
    present = texts.dropna().astype(str)
    keys = {t: strip_diacritics(normalise(t)).lower() for t in pd.unique(present)}
    found = {t: {_CUE_ASPECT[m.group(1)] for m in _PATTERN.finditer(k)} for t, k in keys.items()}
    rows = {t: [a in found[t] for a in ASPECTS] for t in keys}
    out = pd.DataFrame([rows[t] for t in present], index=present.index, columns=list(ASPECTS))
    return out


def aspect_shares(tags: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Share (%) of comments mentioning each aspect, per group (e.g. district)."""
    out = tags.groupby(groups.loc[tags.index]).mean().mul(100).round(1)
    out.insert(0, "comments", tags.groupby(groups.loc[tags.index]).size())
    return out.reset_index()

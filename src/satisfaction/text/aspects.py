"""What comments are about: multi-label tagging with the five SIPAS factors and four practical aspects.

Each aspect has a lexicon of cue words and phrases (below, documented in the code as the reference);
a comment gets every aspect whose cues it contains, matched on whole syllables of the normalised text;
a comment typed without diacritics is matched on the cues' ASCII forms, so "cho lau" counts as "chờ lâu".
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
        "giải thích", "3 xin", "trống không", "thờ ơ", "hách dịch", "chu đáo", "thân thiện", "nv", "tư vấn",
        "phục vụ", "tiếp đón", "chuyên viên", "người tiếp nhận", "vui tính", "niềm nở", "cáu gắt", "cáu kỉnh",
        "hạch sách"]),
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
        "phí", "lệ phí", "biên lai", "tiền", "bồi dưỡng", "phong bì", "nhũng nhiễu", "gây khó dễ", "ngoài lệ phí",
        "giá", "giá cả", "mức giá", "giá tiền", "chi phí", "rẻ", "đắt", "mắc", "tốn kém", "triệu", "nghìn",
        "miễn phí", "thu phí"]),
    "facilities": ("Cơ sở vật chất", "Facilities", [
        "điều hòa", "quạt", "nóng", "chật", "chật chội", "rộng rãi", "sạch sẽ", "khang trang", "máy", "trang thiết bị",
        "thiết bị", "nước uống", "nhà vệ sinh", "wifi"]),
}


# One pattern for all cues, longest first: a longer cue consumes the shorter ones inside it, so
# "phòng chờ" (a waiting room: access) is not also "chờ" (waiting time), nor "đường dây nóng" "nóng".
# A comment written with diacritics is matched on its diacritics ("tiện" is not "tiền"); one typed
# without them on the cues' ASCII forms, leaving out those that are also common words ("gia" is
# "giá" and "gia đình", "re" "rẻ" and "rẽ", "dat" "đắt" and "đất", "mac" "mắc" and "mặc").
_ASCII_SKIP = {"gia", "re", "dat", "mac"}
# Words that hold a cue's syllable without its sense: matched (and so consumed) but tagging nothing.
_BLOCKERS = ("đánh giá", "giá trị", "mắc lỗi", "mắc phải")


def _pattern(keys) -> re.Pattern:
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
                      + r")(?![\w])")


_CUE_ASPECT = {**{normalise(c).lower(): a for a, (_, _, cues) in ASPECTS.items() for c in cues},
               **{b: "" for b in _BLOCKERS}}
_CUE_ASPECT_ASCII = {strip_diacritics(c): a for c, a in _CUE_ASPECT.items() if strip_diacritics(c) not in _ASCII_SKIP}
_PATTERN = _pattern(_CUE_ASPECT)
_PATTERN_ASCII = _pattern(_CUE_ASPECT_ASCII)


def _found(text: str) -> set[str]:
    key = normalise(text).lower()
    if all(ch.isascii() for ch in text if ch.isalpha()):  # typed without diacritics (teencode may add some)
        found = {_CUE_ASPECT_ASCII[m.group(1)] for m in _PATTERN_ASCII.finditer(strip_diacritics(key))}
    else:
        found = {_CUE_ASPECT[m.group(1)] for m in _PATTERN.finditer(key)}
    return found - {""}


def tag_aspects(texts: pd.Series) -> pd.DataFrame:
    """One boolean column per aspect: does the comment speak of it?

    A comment is normalised (:func:`normalise`) and lower-cased, then matched against every cue of
    :data:`ASPECTS` on whole words, the longest cue first: on its diacritics, or, for a comment typed
    without diacritics, on the cues' ASCII forms.

    Parameters
    ----------
    texts : pandas.Series
        The comments; missing ones are left out.

    Returns
    -------
    pandas.DataFrame
        One row per non-missing comment (with its index) and one boolean column per key of
        :data:`ASPECTS`, in its order.

    Examples
    --------
    >>> tag_aspects(pd.Series(["Cán bộ nhiệt tình nhưng chờ lâu quá", "nop online bi loi"])
    ...             ).astype(int).to_numpy().tolist()
    [[0, 0, 1, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 1, 0, 0]]
    """
    present = texts.dropna().astype(str)
    found = {t: _found(t) for t in pd.unique(present)}
    rows = {t: [a in f for a in ASPECTS] for t, f in found.items()}
    out = pd.DataFrame([rows[t] for t in present], index=present.index, columns=list(ASPECTS))
    return out


def aspect_shares(tags: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Share (%) of comments mentioning each aspect, per group (e.g. district).

    Parameters
    ----------
    tags : pandas.DataFrame
        The aspect columns of :func:`tag_aspects`.
    groups : pandas.Series
        The group of each comment, with an entry for every index label of ``tags``.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted (comments with a missing group are left out): the group (a column
        named as ``groups``, ``"index"`` when it has no name), ``comments`` (their number) and, for
        each aspect, the percentage of the group's comments that mention it, rounded to 0.1.

    Examples
    --------
    >>> tags = tag_aspects(pd.Series(["chờ lâu quá", "cán bộ nhiệt tình", "phí cao"]))
    >>> shares = aspect_shares(tags, pd.Series(["A", "A", "B"], name="district_code"))
    >>> shares[["district_code", "comments", "staff", "waiting", "fees"]].to_numpy().tolist()
    [['A', 2, 50.0, 50.0, 0.0], ['B', 1, 0.0, 0.0, 100.0]]
    """
    out = tags.groupby(groups.loc[tags.index]).mean().mul(100).round(1)
    out.insert(0, "comments", tags.groupby(groups.loc[tags.index]).size())
    return out.reset_index()

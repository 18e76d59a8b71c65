"""Personal data in free text, replaced by placeholders and counted.

Citizens write their phone number, ID number, insurance or bank details, address or a person's name into
comments, petitions and letters. Cleaning replaces them before anything else sees the text (the quarantine
table included), and counts what it replaced. What is no personal datum is kept: amounts, years, dates, times,
durations, percentages, document and case numbers, respondent IDs, and the names of wards, communes, districts
and provinces (the units the analysis is about). Each rule is one pattern below with its limits; the order in
which they apply is :data:`RULES`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import numpy as np
import pandas as pd

from satisfaction.ingest import _privacy_words as words
from satisfaction.vietnamese import ascii_key, canonical_tones, strip_diacritics, tone_on_second_vowel

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SEP = r"[\s.\-]{0,2}"
# Vietnamese phone numbers in every way people write them: mobile (0 + 9 digits) and landline (0 + 10 digits,
# the area code often in brackets), with +84, (+84), 0084 or a bare 84 instead of the 0, digits grouped by
# spaces, dots or dashes, glued to a word ("sdt0968..."). The digits are counted by _phone() below.
PHONE = re.compile(r"(?<![\d+])(?:(?:\(\s*\+?\s*84\s*\)|\+\s*84|0084|84)(?:\s*\(0\))?|\(\s*0\d{1,3}\s*\)|0)"
                   r"(?:" + _SEP + r"\d){8,10}(?!\d)")
# ID numbers: the citizen identity card (căn cước công dân, 12 digits) and the older ID card (chứng minh nhân
# dân, 9 digits), plain or in groups separated by single spaces ("001 085 012 347", "0010 8501 2348")
# (not glued to a letter or to a digit group before: "HN24-001-0001" is a respondent ID, "1 000 000 000" an amount)
CCCD = re.compile(r"(?<![\w])(?<!\d[ .,\-])\d(?:[ .\-]?\d){11}(?!\d|[ .,\-]\d)")
CMND = re.compile(r"(?<![\w])(?<!\d[ .,\-])\d(?:[ .\-]?\d){8}(?!\d|[ .,\-]\d)")
PLACEHOLDERS = {"email": "[EMAIL]", "phone": "[SĐT]", "cccd": "[CCCD]", "cmnd": "[CMND]",
                "passport": "[HỘ CHIẾU]", "bhxh": "[BHXH]", "bhyt": "[BHYT]", "tax_code": "[MST]",
                "bank_account": "[STK]", "plate": "[BIỂN SỐ]", "address": "[ĐỊA CHỈ]", "name": "[HỌ TÊN]"}


def _grouped_like_a_number(text: str) -> bool:
    """``100.000.000``, ``84.500.000.000``, ``100 000 000``, ``201 202 203``: thousands groups after a first
    group without a leading zero (an amount, a list of rooms), or groups that are all years (2019 2020 2021);
    never a phone or an ID, which start with 0 or are grouped otherwise."""
    groups = re.split(r"[\s.\-]+", text.strip())
    if len(groups) < 2 or not all(g.isdigit() for g in groups):
        return False
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return True
    return not groups[0].startswith("0") and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _identity(placeholder: str):
    def replace(match: re.Match) -> str:
        return match.group(0) if _grouped_like_a_number(match.group(0)) else placeholder
    return replace


def _phone(match: re.Match) -> str:
    """The placeholder when a match has the digits of a Vietnamese number, else the text as it was."""
    text = match.group(0)
    if _grouped_like_a_number(text):
        return text
    digits = re.sub(r"\D", "", text)
    if "(0)" in text.replace(" ", ""):
        digits = digits.replace("0", "", 1) if digits.startswith("840") else digits
    if digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("84") and not text.lstrip("( ").startswith("0"):
        national = digits[2:]
    else:
        national = digits[1:] if digits.startswith("0") else None
    # mobile: 9 digits after the 0 (first 3, 5, 7, 8 or 9), or 10 for the old 01x mobiles; landline: 10 (a
    # 2-digit area code starting with 2)
    ok = national is not None and ((len(national) == 9 and national[0] in "35789")
                                   or (len(national) == 10 and national[0] in "12"))
    return PLACEHOLDERS["phone"] if ok else text


# --- keywords in any spelling -----------------------------------------------------------------

def _vi(phrase: str) -> str:
    """A pattern for a phrase written with its diacritics or without any (matched ignoring case): each letter
    is itself or its ASCII letter (``số``, ``so``; not ``sổ``, ``sở``), so that words differing only in their
    diacritics do not collide (``đường``, not ``dương``)."""
    out = []
    for ch in phrase.lower():
        base = strip_diacritics(ch)
        if ch == " ":
            out.append(r"\s+")
        elif base != ch and base.isalpha():
            out.append(f"[{ch}{base}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _any(phrases) -> str:
    """One pattern for a list of phrases (with the older tone placement too: ``hoá đơn``), longest first,
    not inside a word or a placeholder."""
    variants = {v for p in phrases for v in (p, tone_on_second_vowel(p))}
    return (r"(?<![\w\[\]])(?:" + "|".join(_vi(p) for p in sorted(variants, key=len, reverse=True))
            + r")(?![^\W\d_])")


def _fold(word: str) -> str:
    return strip_diacritics(word).lower()


class _Vocabulary:
    """Lower-case words. In text without diacritics a word is looked up folded to ASCII (``Vi`` may be "Vi" or
    "Vì"), except the words of ``names``: there ``Minh`` is taken for a name, not for "mình", and ``Tran`` for
    "Trần", not "trấn". In text with diacritics a word is looked up as written (tones placed one way), so an
    ASCII word there is a foreign word ("SAM SUNG" is no "Sầm Sùng")."""

    def __init__(self, vocabulary, *, names=()):
        self.written = {canonical_tones(w) for w in vocabulary}
        self.folded = {_fold(w) for w in self.written} - {_fold(w) for w in names}

    def has(self, word: str, plain: bool) -> bool:
        word = word.lower()
        return word in self.folded if plain else canonical_tones(word) in self.written


_PLACED = re.compile(r"\[[^\[\]]*\]")  # a placeholder already in the text


@functools.lru_cache(maxsize=256)
def _plain(text: str) -> bool:
    """Whether a text is written without diacritics (its placeholders aside)."""
    text = _PLACED.sub(" ", text)
    return strip_diacritics(text) == text


_SURNAMES = _Vocabulary(words.SURNAMES)
_GIVEN_NAMES = _Vocabulary(words.GIVEN_NAMES)
_NOT_NAME = _Vocabulary(words.NOT_NAME, names=words.GIVEN_NAMES | set(words.SURNAMES))
_NOT_STREET = _Vocabulary(words.NOT_STREET, names=words.GIVEN_NAMES | set(words.SURNAMES))
# titles that written without diacritics are also common words (có, bộ, bỏ, mở, mê, đi, cũ, chủ, câu, bán, thấy)
# in text in capitals without diacritics almost every word is some name's syllable and every title a common
# word (ONG: ông, ống; TOI LA: tôi là, tội là): a name only after these
_NAMING_IN_PLAIN_CAPITALS = {"ho ten", "ho va ten", "ten la", "ten toi la", "nguoi lam don", "nguoi viet don",
                             "nguoi gui", "nguoi phan anh", "nguoi kien nghi", "nguoi khieu nai", "chu ho",
                             "nguoi dai dien"}
_AMBIGUOUS_TITLES = {"co", "bo", "mo", "me", "di", "cu", "chu", "cau", "ban", "ba", "chi", "bac", "thay"}


# A number after a keyword: the keyword, up to `gap` characters without a digit, a bracket or a line break
# ("mã số BHXH của tôi là: "), then the number, not followed by another digit group.
def _after(keywords, number: str, gap: int) -> re.Pattern:
    return re.compile(r"(?P<kw>" + _any(keywords) + r")(?P<gap>[^\d\n\[\]]{0," + str(gap) + r"}?)(?P<num>" + number
                      + r")(?![ .\-]?\d)", re.IGNORECASE)


_KINDS_OF_KEYWORD = {  # the words that say which kind a number after them is
    "bhyt": ["bhyt", "bảo hiểm y tế", "thẻ bảo hiểm y tế", "thẻ bảo hiểm", "thẻ bh", "health insurance"],
    "tax_code": ["mã số thuế", "mst", "mã số thuế cá nhân", "mã số doanh nghiệp", "mã thuế", "tax code"],
    "bhxh": ["bhxh", "bảo hiểm xã hội", "mã số bảo hiểm", "mã bảo hiểm", "sổ bảo hiểm", "sổ bh", "mã số bh",
             "social insurance"],
    "bank_account": ["số tài khoản", "tài khoản", "stk", "tk", "số tk", "account", "acc", "số thẻ", "thẻ atm",
                     "ngân hàng", "chuyển khoản", "ck", "vietcombank", "vcb", "agribank", "bidv", "techcombank",
                     "tcb", "mb", "mbbank", "mb bank", "vpbank", "acb", "sacombank", "tpbank", "vietinbank", "vib",
                     "shb", "hdbank", "ocb", "seabank", "msb", "eximbank", "lpbank", "lienvietpostbank",
                     "pvcombank", "abbank", "scb", "kienlongbank", "bac a bank", "nam a bank", "oceanbank"],
    "passport": ["hộ chiếu", "passport", "số hc"],
    "phone": ["sđt", "số điện thoại", "điện thoại", "đt", "phone", "zalo", "hotline", "di động"],
    "cccd": ["cccd", "căn cước", "căn cước công dân", "định danh", "số định danh"],
    "cmnd": ["cmnd", "chứng minh", "chứng minh nhân dân", "cmt"],
    "email": ["email", "e-mail", "mail"],
}
_KEYWORD_OF = {k: re.compile(_any(v), re.IGNORECASE) for k, v in _KINDS_OF_KEYWORD.items()}
# words in the gap that make the number a date, an amount or a count, whatever the keyword before
_NOT_AN_IDENTIFIER = re.compile(_any(["ngày", "tháng", "năm", "lúc", "hạn", "hết hạn", "số dư", "trừ", "nạp", "rút",
                                      "tiền", "lãi", "phí", "nợ", "vay", "giải ngân", "hoàn", "lần", "thứ"]),
                                re.IGNORECASE)
_MONEY_AFTER = re.compile(r"\s*(?:đ|đồng|dong|vnđ|vnd|k|triệu|trieu|tr|nghìn|nghin|ngàn|ngan|usd|\$|%)(?![^\W\d_])",
                          re.IGNORECASE)


def _keyword_rule(kind: str):
    """The replacement for a number after a keyword of ``kind``: the number replaced, the keyword and the
    words between kept; None (no match here) when the gap names another kind or a date or amount."""
    def replace(m: re.Match) -> str | None:
        gap = m["gap"]
        if _NOT_AN_IDENTIFIER.search(gap) or any(p.search(gap) for k, p in _KEYWORD_OF.items() if k != kind):
            return None
        if gap and gap[-1].isalpha() and not m["num"][0].isalpha():  # "HS2024...": the number glued to a word
            return None
        return m["kw"] + gap + PLACEHOLDERS[kind]
    return replace


# --- e-mail addresses written so that a machine would not read them ---------------------------

# "nguyenvana [at] gmail [dot] com", "nguyenvana(at)gmail.com", "nguyenvana @ gmail . com",
# "nguyenvana a còng gmail chấm com": an "at" (@ with spaces, at in brackets, the words at/a còng/a móc),
# labels joined by dots (a spaced dot, dot in brackets, the words dot/chấm), ending in a known top-level domain.
# Plain addresses are EMAIL's. Limit: a local part in Vietnamese letters or a domain ending in another
# top-level domain is missed.
_AT = (r"(?:\s*[\[({<]\s*(?:at|@|" + _vi("a còng") + r")\s*[\])}>]\s*|\s*@\s*|\s+(?:at|" + _vi("a còng") + "|"
       + _vi("a móc") + r")\s+)")
_DOT = r"(?:\s*[\[({<]\s*(?:dot|\.|" + _vi("chấm") + r")\s*[\])}>]\s*|\s*\.\s*|\s+(?:dot|" + _vi("chấm") + r")\s+)"
_TLD = r"(?:com|net|org|edu|gov|info|biz|io|me|co|vn|us|uk|jp|kr|au|fr|de)"
EMAIL_OBFUSCATED = re.compile(r"(?<![\w.+\-@\]])[A-Za-z0-9][A-Za-z0-9._+\-]*" + _AT + r"[A-Za-z0-9][A-Za-z0-9\-]*(?:"
                              + _DOT + r"[A-Za-z0-9\-]+)*" + _DOT + _TLD + r"(?![\w@])", re.IGNORECASE)

# --- insurance, tax, bank, passport -----------------------------------------------------------

# Health-insurance card (thẻ BHYT): 2 letters (the group: DN, HS, HT, ...) + the benefit level 1-5 + the
# province (2 digits) + the BHXH number (10 digits), glued or grouped ("DN4010123456789", "HS 4 01 0123456789").
# After a BHYT keyword in any case, and the 10 digits alone (the cards since 2021 print only them); without a
# keyword only with the letters in capitals. Limit: "TK"/"CK" + 13 digits after no BHYT keyword is taken for a
# bank account (both are redacted).
_BHYT_NUMBER = r"[A-Za-z]{2}[ .\-]?[1-5](?:[ .\-]?\d){12}|\d(?:[ .\-]?\d){9}"
BHYT = _after(_KINDS_OF_KEYWORD["bhyt"], _BHYT_NUMBER, 25)
BHYT_CARD = re.compile(r"(?<![\w\[\]])[A-Z]{2}[ .\-]?[1-5](?:[ .\-]?\d){12}(?![ .\-]?\d)")
# Tax code (mã số thuế, MST): 10 digits, 10 + "-" + 3 for a branch, or 12 (a person's ID number, the tax code
# since 2025-07-01), after a tax keyword. Limit: a tax code without its keyword is left to the phone and ID rules.
TAX_CODE = _after(_KINDS_OF_KEYWORD["tax_code"], r"\d(?:[ .]?\d){9}(?:(?:[ .]?\d){2}|\s?-\s?\d{3})?", 25)
# Social-insurance number (mã số BHXH): 10 digits, grouped or not, after a BHXH keyword.
BHXH = _after(_KINDS_OF_KEYWORD["bhxh"], r"\d(?:[ .\-]?\d){9}", 25)
# Bank account: 8-19 digits grouped by spaces, dots or dashes, within 30 characters after an account keyword or
# a bank's name (STK, tài khoản, TK, account, Vietcombank/VCB, Agribank, BIDV, MB, ...). Kept: an amount
# (thousands groups "15.000.000", a currency after it, or 8+ digits ending 000 without a leading 0), a date
# ("12-03-2025"), a number whose gap names another kind (CMND, SĐT, ...) or a date or money word, and after a
# generic keyword (tài khoản, TK, account, ngân hàng) a mobile number, which the phone rule takes.
BANK_ACCOUNT = _after(_KINDS_OF_KEYWORD["bank_account"], r"\d(?:[ .\-]?\d){7,18}", 30)
_GENERIC_BANK_WORD = re.compile(_any(["tài khoản", "tk", "account", "acc", "ngân hàng", "chuyển khoản", "ck"]) + "$",
                                re.IGNORECASE)
# Passport (hộ chiếu): one letter + 7 digits. After a passport keyword in any case and with a space
# ("hộ chiếu số b 7654321"); without one only a capital glued to the digits, alone ("C1234567").
PASSPORT = _after(_KINDS_OF_KEYWORD["passport"], r"[A-Za-z]\s?\d{7}", 25)
PASSPORT_NUMBER = re.compile(r"(?<![\w\-/.\[\]])[A-Z]\d{7}(?![\w\-/]|[.,]\d)")


def _bank(m: re.Match) -> str | None:
    number, after = m["num"], m.string[m.end():m.end() + 12]
    digits = re.sub(r"\D", "", number)
    if (_grouped_like_a_number(number) or _MONEY_AFTER.match(after)
            or re.fullmatch(r"\d{1,2}[.\-]\d{1,2}[.\-]\d{2,4}", number)
            or (number.isdigit() and number[0] != "0" and number.endswith("000"))):
        return None
    if _GENERIC_BANK_WORD.search(m["kw"]) and len(digits) == 10 and digits[0] == "0" and digits[1] in "35789":
        return None
    return _keyword_rule("bank_account")(m)


# --- vehicle licence plates -------------------------------------------------------------------

# Province (11-99) + series (1-2 letters, a motorbike's letter + digit) + 4-5 digits or 3.2 ("29A-123.45",
# "30E 12345", "51F1-234.56", "29-B1 123.45", "29AA-123.45", "30LD12345"). Series letters as issued (no I, J, O,
# Q, R, W); in capitals, or in lower case only as 3.2 digits or after "biển số"/"BKS"/"xe". A 4-digit number
# (old plates) only glued or after a dash ("29A-1234"). Kept: units ("64GB 4000 mAh", "18W"), dates, models.
PLATE = re.compile(r"(?<![\w.,/\-\[\]])(?P<prov>[1-9]\d)(?P<s1>[ \-]?)(?P<series>[A-Za-z]{1,2}\d?)(?P<s2>[ .\-]?)"
                   r"(?P<num>\d{3}\.\d{2}|\d{4,5})(?![\w]|[.,/\-]\d)")
_SERIES = set("ABCDEFGHKLMNPSTUVXYZ")
_UNITS = {"GB", "MB", "KB", "TB", "MP", "HZ", "HD", "CM", "MM", "KM", "KG", "MG", "ML", "PM", "AM", "FM", "TV"}
_PLATE_BEFORE = re.compile(_any(["biển số", "biển kiểm soát", "bks", "bsx", "biển", "xe", "ô tô", "xe máy"])
                           + r"\W{0,3}(?:" + _any(["số", "xe"]) + r"\W{0,3})?$", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"\s*(?:mah|gb|mb|w|hz|mp|k|đ|vnd|vnđ|đồng|dong|triệu|trieu|tr|%|nits|giờ|gio|h|phút|phut"
                         r"|năm|nam)(?![^\W\d_])", re.IGNORECASE)


def _plate(m: re.Match) -> str | None:
    letters = re.sub(r"\d", "", m["series"])
    before = m.string[max(0, m.start() - 20):m.start()]
    if (int(m["prov"]) < 11 or not set(letters.upper()) <= _SERIES or letters.upper() in _UNITS
            or _UNIT_AFTER.match(m.string[m.end():m.end() + 6])):
        return None
    if len(m["num"]) == 4 and m["s2"] not in ("", "-"):
        return None
    if not letters.isupper() and "." not in m["num"] and not _PLATE_BEFORE.search(before):
        return None
    return PLACEHOLDERS["plate"]


# --- street addresses: the house number and its lanes -----------------------------------------

# Rule: the house number and the lanes it sits in (ngõ, ngách, hẻm, kiệt) are replaced; the street, and the
# units (tổ, thôn, xóm, ấp, khu phố, ward, commune, district, province) are kept: they are shared by hundreds of
# households and the ward is the unit of analysis. "số 12 ngõ 34 ngách 5 phố Hàng Bông" -> "[ĐỊA CHỈ] phố
# Hàng Bông". A house number is
# - "số nhà 15", "nhà số 8", "căn hộ 1203": always;
# - any number before lanes ("12 ngõ 34", "số 12, ngõ 34"), unless it is itself a lane's ("ngõ 34 ngách 5");
# - "số 12"/"nhà 12", the slash form of Hồ Chí Minh City ("12/3", "123/45A") or a number after an address word
#   (ở, tại, địa chỉ, trú tại, ...) before a street word (phố, đường, tổ, thôn, ...);
# - "số 12" before a capitalised street name ("số 12 Hàng Bông"); the slash form before a street named after
#   a person ("12/3 Nguyễn Trãi", not "hôm 15/2 Samsung") or after an address word; a bare number after an
#   address word before a street named after a person ("ở 45 Lê Lợi"). In text in capitals or title case,
#   where every word is capitalised, only the last: "Ở SỐ 5 TRẦN HƯNG ĐẠO", not "CÒN SỐ 8 TRIỆU".
# Kept: a document's, counter's or parcel's number ("Quyết định số 12", "quầy số 3", "thửa đất số 12"), an
# organisation's right after its name or after "mua ở" ("cửa hàng số 473", "TGDD số 282", "mua tại 12 Lê
# Lợi"). Limits: a lane without a house number ("ngõ 34 bị ngập") is kept, and so is a house number written
# without "số" and without lanes or an address word ("12A Hàng Bông"), and a parcel ("thửa đất số 123").
_HOUSE = r"\d{1,5}[A-Za-z]?(?:\s?/\s?\d{1,5}[A-Za-z]?)*(?![\w/])"
_LANE = _any(["ngõ", "ngách", "hẻm", "kiệt"])
ADDRESS = re.compile(r"(?<![\w/.,\-\[\]])(?:(?P<explicit>"
                     + _any(["nhà số", "số nhà", "căn hộ số", "căn hộ", "căn số"]) + r")\s*\.?\s*|(?P<so>"
                     + _any(["số", "nhà"]) + r")\s*\.?\s*)?(?P<house>" + _HOUSE + r")"
                     r"(?P<lanes>(?:\s*,?\s*" + _LANE + r"\s*(?:" + _any(["số"]) + r"\s*)?" + _HOUSE + r")*)",
                     re.IGNORECASE)
_DOCUMENT_BEFORE = re.compile(_any(words.NOT_HOUSE_BEFORE) + r"\s*[:.]?\s*(?:" + _any(["số"]) + r"\s*[:.]?\s*)?$",
                              re.IGNORECASE)
# "đc"/"dc" is no cue: in teencode it is "được"; "sống" neither: without diacritics it is "sóng"
_ADDRESS_CUE_BEFORE = re.compile(_any(["ở", "tại", "địa chỉ", "đ/c", "trú", "trú tại", "sinh sống", "cư trú",
                                       "ngụ", "thường trú", "tạm trú"]) + r"\s*:?\s*$", re.IGNORECASE)
# a shop, a branch, an office: the address after "mua ở", "cửa hàng tại", "nhân viên TGDĐ ở" is no household's
_ORGANISATION_BEFORE = re.compile(_any(["mua ở", "mua tại", "mua máy", "mua hàng", "nhân viên", "cửa hàng",
                                        "siêu thị", "chi nhánh", "showroom", "đại lý", "công ty", "tgdd", "tgdđ",
                                        "điện máy xanh", "thế giới di động", "văn phòng", "trụ sở", "ngân hàng"])
                                  + r"[^\d,.;!?\n]{0,20}$", re.IGNORECASE)
_UNIT_BEFORE = re.compile(_any(["tổ", "tổ dân phố", "thôn", "xóm", "ấp", "khóm", "khu", "khu phố", "phường", "quận",
                                "xã", "huyện", "tầng", "phòng", "lô", "tòa"]) + r"\s*$", re.IGNORECASE)
_LANE_BEFORE = re.compile(_LANE + r"\s*(?:" + _any(["số"]) + r")?\s*\.?\s*$", re.IGNORECASE)
_DATE_BEFORE = re.compile(_any(["ngày", "hôm", "từ", "đến", "tới", "sáng", "chiều", "tối", "trưa", "đêm", "hạn",
                                "mua", "hẹn", "nộp", "nhận", "trả", "lúc", "tháng"]) + r"\s*:?\s*$", re.IGNORECASE)
_STREET_AFTER = re.compile(r"\s*,?\s*" + _any(words.STREET_WORDS), re.IGNORECASE)
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_]+)")
_NAME_OR_NUMBER = re.compile(r"[ \t]+(?:\d|[^\W\d_]*[^\W\d_a-z])")  # a number, or a word with a capital


def _street_name_after(text: str, plain: bool) -> bool:
    """Whether a capitalised street name follows (not an office, a unit, a day or a function word)."""
    m = _WORD_AFTER.match(text)
    if not m or not m[1][0].isupper():
        return False
    word = m[1]
    return not _NOT_STREET.has(word, plain)


def _family_name_after(text: str, plain: bool) -> bool:
    """Whether a street named after a person follows ("12/3 Nguyễn Trãi", "5 TRẦN HƯNG ĐẠO")."""
    m = _WORD_AFTER.match(text)
    return bool(m) and _capitalised(m[1]) and _SURNAMES.has(m[1], plain)


def _could_be_a_date(house: str) -> bool:
    parts = re.split(r"\s?/\s?", house)
    if not all(p.isdigit() for p in parts) or len(parts) not in (2, 3):
        return False
    return 1 <= int(parts[0]) <= 31 and 1 <= int(parts[1]) <= 12 and (len(parts) == 2 or len(parts[2]) in (2, 4))


def _address(m: re.Match) -> str | None:
    if m["explicit"]:
        return PLACEHOLDERS["address"]
    before, slash = m.string[max(0, m.start() - 40):m.start()], "/" in m["house"]
    cue = bool(_ADDRESS_CUE_BEFORE.search(before))
    if not (m["so"] or m["lanes"] or slash or cue):
        return None  # a bare number: most numbers in any text
    after = m.string[m.end():m.end() + 40]
    plain, capitals = _plain(m.string), _in_capitals(m.string, m.start(), m.end())
    if _DOCUMENT_BEFORE.search(before) or _LANE_BEFORE.search(before):
        return None  # a document's number, or a lane's ("ngõ 34 ngách 5": no house)
    if not m["so"] and _UNIT_BEFORE.search(before):
        return None  # a unit's number ("tổ 12, ngõ 5")
    if m["lanes"]:
        return PLACEHOLDERS["address"]
    if _ORGANISATION_BEFORE.search(before):
        return None
    street_word = _STREET_AFTER.match(after)
    if street_word and not plain:
        return PLACEHOLDERS["address"] if m["so"] or slash or cue else None
    if street_word and (m["so"] or cue) and _NAME_OR_NUMBER.match(after[street_word.end():]):
        return PLACEHOLDERS["address"]  # without diacritics "duong", "pho", "to" may be dương, phở, to
    # a street's name after the number. In capitals or title case, where every word is capitalised, and
    # after a bare number, only after an address word and a family name ("Ở SỐ 5 TRẦN HƯNG ĐẠO", "ở 45 Lê
    # Lợi"; not "CÒN SỐ 8 TRIỆU", "ở 2024 Samsung"); the slash form also without an address word before a
    # family name that no date word precedes ("12/3 Nguyễn Trãi"; not "hôm 15/2 Samsung", "24/24 Điện")
    family = _family_name_after(after, plain)
    if capitals or not (m["so"] or slash):
        street = cue and family
    elif m["so"]:
        street = _street_name_after(after, plain)
    else:
        street = (cue and _street_name_after(after, plain)) or (
            family and not (_could_be_a_date(m["house"]) and _DATE_BEFORE.search(before)))
    return PLACEHOLDERS["address"] if street else None


# --- a person's name after a title ------------------------------------------------------------

# A kinship or civil-status title (ông, bà, anh, chị, em, cháu, cô, chú, bác, cụ, thầy, bác sĩ, đồng chí,
# ông/bà, Mr, ...) or a naming phrase (tôi là, tên là, họ và tên:, người làm đơn:, chủ hộ) followed by 2-4
# capitalised syllables, the first a Vietnamese family name: "ông Nguyễn Văn An" -> "ông [HỌ TÊN]", "ong
# Nguyen Van An", "ÔNG NGUYỄN VĂN AN". The title is kept. The name ends at a word that is no name (an office,
# a unit, a function word). Where a capital says nothing (text in capitals or title case) only known given
# names and family names follow the family name; after a title that without diacritics is also a common word
# (co: có/cô, chi: chỉ/chị, ba, bo, thay, ...) only known given names; in text in capitals without diacritics
# a name only after a naming phrase ("HO TEN:", "TEN LA"). Kept: a title alone or before lower-case words
# ("anh ấy", "ông chủ tịch"), before an office ("ông Chủ tịch UBND", "bà Giám Đốc Sở"), before a name that
# is no family name ("chú Bảo Vệ", "em Samsung"), a title inside a place's name ("phố Bà Triệu", "Hai Bà
# Trưng", "huyện Cô Tô", "Bac Tu Liem": a Hanoi unit, within the place matching's edit distance). Limits: a
# given name alone ("chị Hà", "anh Minh Tuấn"), a rare family name, a name without a title, a given name
# that is also an office or function word ("... Văn Tịch") are kept; "BA TRAN THI BICH" is kept.
NAME = re.compile(r"(?P<title>" + _any(words.TITLES + words.NAME_KEYWORDS) + r")(?P<sep>\.?[ \t]*:?[ \t]*)"
                  r"(?P<name>[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,4})", re.IGNORECASE)
_NAMED_AFTER = re.compile(_any(["mang", "đặt", "lấy", "đổi", "gọi", "đường", "phố", "trường"]) + r"\s+$",
                          re.IGNORECASE)
_PLACE_BEFORE_TITLE = re.compile(_any(words.PLACE_BEFORE_TITLE) + r"\s+$", re.IGNORECASE)
_SYLLABLE = re.compile(r"[^\W\d_]+")


def _capitalised(word: str) -> bool:
    return word[0].isupper() and (word[1:].islower() or word.isupper() or len(word) == 1)


def _in_capitals(text: str, start: int, end: int) -> bool:
    """Whether a text is in capitals, or in title case around ``text[start:end]``: where a capital says
    nothing. Title case: 4 in 5 of the other words, and at least 3, start with a capital."""
    if _PLACED.sub(" ", text).upper() == _PLACED.sub(" ", text):
        return True
    ws = _SYLLABLE.findall(_PLACED.sub(" ", text[:start] + " " + text[end:]))
    return len(ws) >= 3 and sum(w[0].isupper() for w in ws) >= 0.8 * len(ws)


def _place_keys(ascii: bool) -> tuple[str, ...]:
    """The districts, wards and communes (before and after 2025-07-01) of the study's provinces (Hanoi's by
    default): their ASCII keys, or in lower case with their diacritics and without spaces."""
    from satisfaction import config

    return _place_keys_of(ascii, tuple(config.provinces() or ()), str(config.reference_dir()))


@functools.cache
def _place_keys_of(ascii: bool, provinces: tuple[str, ...], folder: str) -> tuple[str, ...]:
    """:func:`_place_keys` for one set of provinces and reference folder (the cache's key; the tables follow
    config.provinces and config.reference_dir)."""
    from satisfaction.ingest import reference  # read on the first name met, not at import

    names = [*reference.districts()["district_short"], *reference.wards()["ward_short"],
             *(reference.split_prefix(n)[1] for n in reference.crosswalk_2025()["new_ward"] if n)]
    return tuple(sorted({_place_key(n, ascii) for n in names}))


def _place_key(text: str, ascii: bool) -> str:
    return ascii_key(text) if ascii else re.sub(r"[\W_]", "", unicodedata.normalize("NFC", text).lower())


def _a_place(text: str, *, fuzzy: bool = False) -> bool:
    """Whether a title and the words after it are a Hanoi unit's name ("Ba Dinh", not "bà Đinh"), or with
    ``fuzzy`` within the edit distance the place matching allows ("Bac Tu Lim"); text without diacritics
    compared without them."""
    from rapidfuzz import distance, process

    from satisfaction.ingest.places import max_distance

    key = _place_key(text, text.isascii())
    return process.extractOne(key, _place_keys(text.isascii()), scorer=distance.Levenshtein.distance,
                              score_cutoff=max_distance(key) if fuzzy else 0) is not None


def _name(m: re.Match) -> str | tuple[str, int] | None:
    before = m.string[max(0, m.start() - 20):m.start()]
    title = m["title"]
    if _PLACE_BEFORE_TITLE.search(before):
        return None
    if _fold(title) == "ten" and _NAMED_AFTER.search(before):
        return None  # "con đường mang tên Trần Hưng Đạo": a street, a school named after someone
    previous = re.search(r"([^\W\d_]+)\s+$", before)
    if previous and title[0].isupper() and not title.isupper() and _capitalised(previous[1]):
        return None  # "Hai Bà Trưng": a title inside a capitalised name
    plain, capitals = _plain(m.string), _in_capitals(m.string, m.start(), m.end())
    ambiguous = plain and _fold(title) in _AMBIGUOUS_TITLES  # "co", "chi", "ba": có, chỉ, ba?
    if capitals and plain and re.sub(r"\s+", " ", _fold(title)) not in _NAMING_IN_PLAIN_CAPITALS:
        return None  # "CO DIEU HOA": có, not cô; "CAC ONG CU BAO LOI": các ông cứ bảo lỗi
    syllables = list(_SYLLABLE.finditer(m["name"]))
    n = 0
    for s in syllables[:4]:
        w = s[0]
        if not _capitalised(w) or (_NOT_NAME.has(w, plain) and not _SURNAMES.has(w, plain)):
            break
        if n and capitals and not (_GIVEN_NAMES.has(w, plain) or _SURNAMES.has(w, plain)):
            break  # where a capital says nothing, only known syllables of names follow the family name
        if n and ambiguous and not _GIVEN_NAMES.has(w, plain):
            break  # "chi Nhan Vien": chị or chỉ? only given names follow ("chi Pham Thu Ha")
        n += 1
    if n < 2 or not _SURNAMES.has(syllables[0][0], plain):
        return None
    said = m.string[m.start():m.start("name") + syllables[n - 1].end()]
    if _a_place(said, fuzzy=True) or any(_a_place(said[:s.end() + m.start("name") - m.start()])
                                         for s in syllables[:n - 1]):
        return None
    return title + m["sep"] + PLACEHOLDERS["name"], m.start("name") + syllables[n - 1].end()


#: The rules in the order they apply: (kind, pattern, replacement, what the text must hold for the pattern to
#: match: a digit, an "at", a capital; a house number and a name also a space, for the words that follow them).
#: E-mails first (their digits are no phone), then numbers after a keyword (the keyword says the kind), the
#: cards and passports on their own, plates and house numbers (before phones and IDs, which are no ID when
#: another digit group stands beside them, so that a second pass finds nothing new), phones and IDs, and last
#: the names.
RULES = [
    ("email", EMAIL, None, "at"),
    ("email", EMAIL_OBFUSCATED, None, "at"),
    ("bhyt", BHYT, _keyword_rule("bhyt"), "digit"),
    ("tax_code", TAX_CODE, _keyword_rule("tax_code"), "digit"),
    ("bhxh", BHXH, _keyword_rule("bhxh"), "digit"),
    ("bank_account", BANK_ACCOUNT, _bank, "digit"),
    ("bhyt", BHYT_CARD, None, "digit"),
    ("passport", PASSPORT, _keyword_rule("passport"), "digit"),
    ("passport", PASSPORT_NUMBER, None, "digit"),
    ("plate", PLATE, _plate, "digit"),
    ("address", ADDRESS, _address, "digit and space"),
    ("phone", PHONE, _phone, "digit"),
    ("cccd", CCCD, _identity(PLACEHOLDERS["cccd"]), "digit"),
    ("cmnd", CMND, _identity(PLACEHOLDERS["cmnd"]), "digit"),
    ("name", NAME, _name, "capital and space"),
]
_HOLDS = {"digit": re.compile(r"\d").search, "at": re.compile(r"@|at|c[oò]ng|m[oó]c", re.IGNORECASE).search,
          "digit and space": re.compile(r"\d.*\s|\s.*\d", re.DOTALL).search,
          "capital and space": lambda text: text.lower() != text and re.search(r"\s", text)}


_MAX_PASSES = 4


def redact(text: str) -> tuple[str, dict[str, int]]:
    """Replace personal data in free text by placeholders; returns the text and the counts per kind.

    The rules of :data:`RULES` apply in order (those whose pattern cannot match the text skipped), each
    match replaced by its placeholder in :data:`PLACEHOLDERS`: e-mail addresses (also written "[at]",
    "a còng ... chấm com"), health-insurance cards, tax codes, social-insurance numbers, bank accounts and
    passports (after their keyword, and the cards and passports on their own), licence plates, house
    numbers with their lanes, phone numbers, 12- and 9-digit ID numbers, and names after a title ("ông",
    "chị", ...), with or without diacritics, in any case. The rules apply again while a pass replaced something, so that redacting the result finds
    nothing more. Text not in NFC (decomposed, from some phones) is matched in NFC; it keeps its own form
    unless the rules find more in NFC than as written (a name, a keyword with diacritics), and then it is
    returned in NFC.

    Parameters
    ----------
    text : str
        Free text.

    Returns
    -------
    text : str
        The text with the placeholders.
    counts : dict of str to int
        Replacements per kind (``email``, ``phone``, ``cccd``, ``cmnd``, ``passport``, ``bhxh``, ``bhyt``,
        ``tax_code``, ``bank_account``, ``plate``, ``address``, ``name``), only for the kinds found.

    Examples
    --------
    >>> redact("Gọi 0912.345.678 hoặc +84 912 345 678, CCCD 001203004567, email an.nguyen@gmail.com")
    ('Gọi [SĐT] hoặc [SĐT], CCCD [CCCD], email [EMAIL]', {'email': 1, 'phone': 2, 'cccd': 1})
    >>> redact("Chờ 45 phút, 3 lần đi lại")
    ('Chờ 45 phút, 3 lần đi lại', {})
    >>> redact("sdt0968257413, (024) 3791 5826, (+84) 917 462 358, CCCD 001 085 012 347")[0]
    'sdt[SĐT], [SĐT], [SĐT], CCCD [CCCD]'
    >>> redact("Phí 100.000.000 đồng, hồ sơ HS2024-000001 ngày 02/09/2024")[1]
    {}
    >>> redact("Ông Nguyễn Văn An, số 12 ngõ 34 phố Hàng Bông, phường Hoàn Kiếm, STK Vietcombank 0011004123456")[0]
    'Ông [HỌ TÊN], [ĐỊA CHỈ] phố Hàng Bông, phường Hoàn Kiếm, STK Vietcombank [STK]'
    >>> redact("xe 29A-123.45, thẻ BHYT DN4010123456789, mã số thuế 0101234567-001, ông chủ tịch UBND")
    ('xe [BIỂN SỐ], thẻ BHYT [BHYT], mã số thuế [MST], ông chủ tịch UBND', {'bhyt': 1, 'tax_code': 1, 'plate': 1})
    """
    if unicodedata.is_normalized("NFC", text):
        return _apply_rules(text)
    composed = _apply_rules(unicodedata.normalize("NFC", text))
    if not composed[1]:
        return text, {}
    as_written = _apply_rules(text)  # the writer's own form kept when the rules find the same in it
    return as_written if as_written[1] == composed[1] else composed


def _apply_rules(text: str) -> tuple[str, dict[str, int]]:
    counts: dict[str, int] = {}
    for _ in range(_MAX_PASSES):  # again while a pass replaced something: a number that stood beside
        found = False            # another digit group is an ID once that group is a placeholder
        holds = {need: bool(test(text)) for need, test in _HOLDS.items()}
        for kind, pattern, replace, need in RULES:
            if not holds[need]:
                continue
            text, n = _substitute(pattern, PLACEHOLDERS[kind] if replace is None else replace, text)
            if n:
                counts[kind] = counts.get(kind, 0) + n
                found = True
        if not found:
            break
    return text, counts


def _substitute(pattern: re.Pattern, replace, text: str) -> tuple[str, int]:
    """``pattern.sub`` that counts replacements, where a replacement function may also return None: no match
    at this place, search again one character further (``tôi tên là Nguyễn ...`` is no name after "tôi tên",
    but is after "tên là"), or a pair (replacement, end) that replaces the text up to ``end`` only (a name
    followed by other words). A function returning the match unchanged keeps it, and the search goes on
    after it."""
    out, pos, last, n = [], 0, 0, 0
    while (m := pattern.search(text, pos)) is not None:
        new = replace if isinstance(replace, str) else replace(m)
        end = m.end()
        if isinstance(new, tuple):
            new, end = new
        if new is None:
            pos = m.start() + 1
            continue
        pos = end if end > m.start() else end + 1
        if new != text[m.start():end]:
            out += [text[last:m.start()], new]
            last, n = end, n + 1
    return "".join(out) + text[last:], n


def redact_series(values: pd.Series) -> tuple[pd.Series, dict[str, int]]:
    """Redact a column of text, working on its distinct values; returns the column and total counts.

    Each distinct string is redacted once with :func:`redact`; values that are not strings are kept
    as they are, and missing values become ``None``.

    Parameters
    ----------
    values : pandas.Series
        A column of free text.

    Returns
    -------
    redacted : pandas.Series
        The redacted column (object dtype), indexed like ``values``.
    totals : dict of str to int
        Replacements per kind over all rows (a value that occurs in n rows counts n times), only for
        the kinds found.

    Examples
    --------
    >>> out, totals = redact_series(pd.Series(["Gọi 0912345678", None, "Gọi 0912345678"]))
    >>> out.tolist(), totals
    (['Gọi [SĐT]', None, 'Gọi [SĐT]'], {'phone': 2})
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    frequency = np.bincount(codes[codes >= 0], minlength=len(uniques))
    cleaned = np.empty(len(uniques) + 1, dtype=object)
    cleaned[-1] = None
    totals: dict[str, int] = {}
    for k, value in enumerate(uniques):
        if isinstance(value, str):
            cleaned[k], counts = redact(value)
            for kind, n in counts.items():
                totals[kind] = totals.get(kind, 0) + n * int(frequency[k])
        else:
            cleaned[k] = value
    return pd.Series(cleaned[codes], index=values.index, dtype=object), totals


# --- columns whose header says they hold personal data ---------------------------------------------------------

#: Header phrases (diacritics, case and punctuation ignored) that name a column of personal data, by kind, in
#: the order they are tried (``"Địa chỉ email"`` is an e-mail, ``"Số điện thoại người gửi"`` a phone). A column so
#: named is withheld whole wherever the text rules would copy it (the quarantine, a proposed study's examples): a
#: bare name ("Nguyễn Văn An") or a number without its keyword is caught by no text rule. Each phrase is searched
#: as whole words; ``whole`` ones must be the entire header (``"Tên"`` is a name, ``"Tên thủ tục"`` is not).
PERSONAL_HEADERS = {
    "email": [r"e ?mail", r"thu dien tu"],
    "phone": [r"(so )?(dien thoai|sdt|dtdd|di dong)", r"(tele)?phone", r"mobile", r"whole:(dt|tel|zalo)"],
    "cccd": [r"cccd|cmnd|cmt|can cuoc|chung minh|dinh danh", r"national id", r"id (card|number)"],
    "passport": [r"ho chieu", r"passport"],
    "bhyt": [r"bhyt|bao hiem y te|bhxh|bao hiem xa hoi|social (insurance|security)|health insurance"],
    "tax_code": [r"ma so thue|mst", r"tax (code|id|number)"],
    "bank_account": [r"tai khoan|stk", r"(bank )?account"],
    "plate": [r"bien (so|kiem soat)", r"(licen[cs]e )?plate"],
    "birth_date": [r"ngay (thang nam )?sinh|nam sinh", r"date of birth|dob|birth ?date"],
    "address": [r"dia chi", r"address", r"noi o|cho o"],
    "name": [r"ho (va )?ten", r"ten (nguoi|cong dan|khach|chu ho|can bo|ca nhan)",
             r"whole:nguoi (gui|tra loi|nop|phan anh|khieu nai|lien he|de nghi)( don| thu| ho so)?",
             r"(full|respondent|applicant|citizen|contact|person) ?name", r"whole:(ten|name|names)"],
}
_HEADER_RULES = [(kind, [re.compile(f"^(?:{f[6:]})$") if f.startswith("whole:") else re.compile(rf"\b(?:{f})\b")
                         for f in forms]) for kind, forms in PERSONAL_HEADERS.items()]
#: Placeholders of whole withheld columns (the text placeholders, and one for a birth date).
COLUMN_PLACEHOLDERS = {**PLACEHOLDERS, "birth_date": "[NGÀY SINH]"}


def personal_column(header) -> str | None:
    """The kind of personal data a column's header says it holds (a key of :data:`PERSONAL_HEADERS`), or None.

    The header is compared without diacritics, case or punctuation, phrase by phrase in the order of
    :data:`PERSONAL_HEADERS`, so that ``"Tên thủ tục"`` (no name) and ``"Địa chỉ email"`` (an e-mail, not an
    address) are told apart.

    Parameters
    ----------
    header : object
        The column's header.

    Returns
    -------
    str or None
        ``name``, ``phone``, ``email``, ``address``, ``cccd``, ``passport``, ``bhyt``, ``tax_code``,
        ``bank_account``, ``plate`` or ``birth_date``; None for any other header.

    Examples
    --------
    >>> [personal_column(h) for h in ["Họ và tên", "SĐT", "Số điện thoại", "Địa chỉ", "Tên thủ tục", "Ghi chú"]]
    ['name', 'phone', 'phone', 'address', None, None]
    >>> personal_column("Full name"), personal_column("Số CCCD"), personal_column("Ngày sinh")
    ('name', 'cccd', 'birth_date')
    """
    if not isinstance(header, str):
        return None
    text = " ".join(re.sub(r"[^0-9a-z]+", " ", strip_diacritics(header).lower().replace("đ", "d")).split())
    text = re.sub(r"\s*\d+$", "", text)  # "Họ tên 2", "phone_1"
    for kind, rules in _HEADER_RULES:
        if any(rule.search(text) for rule in rules):
            return kind
    return None


def withhold(values: pd.Series, kind: str) -> pd.Series:
    """Every value of a personal-data column replaced by its kind's placeholder (blanks stay blank).

    Parameters
    ----------
    values : pandas.Series
        The column.
    kind : str
        A key of :data:`COLUMN_PLACEHOLDERS`.

    Returns
    -------
    pandas.Series
        The placeholder where a value was, on the same index (object dtype).

    Examples
    --------
    >>> withhold(pd.Series(["Nguyễn Văn An", None, " "]), "name").tolist()
    ['[HỌ TÊN]', None, None]
    """
    present = values.notna() & values.astype(str).str.strip().ne("")
    return pd.Series(np.where(present, COLUMN_PLACEHOLDERS[kind], None), index=values.index, dtype=object)

from __future__ import annotations

import unicodedata

import pytest

from satisfaction import config
from satisfaction.simulate import LEGACY_LETTERS_FILE
from satisfaction.vietnamese import (
    ascii_key,
    strip_diacritics,
    tcvn3_decode,
    tcvn3_encode,
    tone_on_second_vowel,
)

LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"


def test_tcvn3_round_trips_every_lower_case_letter():
    assert tcvn3_decode(tcvn3_encode(LOWER)) == LOWER
    assert len(tcvn3_encode(LOWER)) == len(LOWER)  # one byte per letter


def test_tcvn3_known_codes():
    # ư is 0xAD (soft hyphen in cp1252), ơ 0xAC, đ 0xAE, Đ 0xA7 in the TCVN3 (ABC) table
    assert tcvn3_encode("ư ơ đ Đ") == bytes([0xAD, 0x20, 0xAC, 0x20, 0xAE, 0x20, 0xA7])


def test_tcvn3_capital_with_tone_falls_back_to_lower_case():
    assert tcvn3_decode(tcvn3_encode("Ứng Hòa")) == "ứng Hòa"


def test_legacy_register_decodes_to_vietnamese():
    text = tcvn3_decode((config.raw_dir() / LEGACY_LETTERS_FILE).read_bytes())
    assert text.splitlines()[0] == "Số thư,Loại thư,Mã hồ sơ,Đơn vị,Ngày gửi"
    assert "Huyện Thường Tín" in text and "Thư xin lỗi" in text


@pytest.mark.parametrize("a, b", [("Hòa", "hoa"), ("Đống Đa", "dong da"), ("Văn Miếu - Quốc Tử Giám", "vanmieuquoctugiam")])
def test_ascii_key(a, b):
    assert ascii_key(a) == ascii_key(b)


def test_ascii_key_is_blind_to_nfd():
    assert ascii_key(unicodedata.normalize("NFD", "Thường Tín")) == "thuongtin"


def test_strip_diacritics_keeps_length_of_plain_text():
    assert strip_diacritics("Hà Nội 2025") == "Ha Noi 2025"


@pytest.mark.parametrize("new, old", [("hòa", "hoà"), ("Thủy", "Thuỷ"), ("khỏe", "khoẻ"), ("tòa án", "toà án")])
def test_tone_on_second_vowel(new, old):
    assert tone_on_second_vowel(new) == old


@pytest.mark.parametrize("word", ["hoàn", "thuyền", "quý", "hoa", "Thanh Trì"])
def test_tone_on_second_vowel_leaves_other_syllables(word):
    assert tone_on_second_vowel(word) == word

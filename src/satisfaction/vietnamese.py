"""Vietnamese text at the character level: keys for matching, tone placement, legacy encodings.

Only what the rest of the project needs to read and write Vietnamese reliably lives here; word
segmentation and everything that calls underthesea lives in the text module.
"""

from __future__ import annotations

import re
import unicodedata

# --- accent-insensitive keys ---------------------------------------------------------------

_DD = str.maketrans({"đ": "d", "Đ": "D"})


def strip_diacritics(text: str) -> str:
    """Remove every Vietnamese diacritic (tones, hats, horns, the bar of đ).

    Examples
    --------
    >>> strip_diacritics("Quận Nam Từ Liêm, Đống Đa")
    'Quan Nam Tu Liem, Dong Da'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_DD))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def ascii_key(text: str) -> str:
    """An accent-, case-, space- and punctuation-insensitive key for matching names.

    Examples
    --------
    >>> ascii_key("Phường Văn Miếu - Quốc Tử Giám") == ascii_key("phuong van mieu quoc tu giam")
    True
    >>> ascii_key("Xã Đức Hoà") == ascii_key("Xã Đức Hòa")
    True
    """
    return re.sub(r"[^a-z0-9]", "", strip_diacritics(text).lower())


# --- tone placement ------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng (combining marks)
# Open syllables whose tone may sit on either vowel: oa, oe, uy (hòa/hoà, khỏe/khoẻ, thủy/thuỷ).
_PAIR = re.compile(r"(?i)(?<![a-zđ\u0300-\u036f])([^\W\d_]*?)(o|u)([" + _TONES + r"])(a|e|y)(?![\w])")


def tone_on_second_vowel(text: str) -> str:
    """Write the tone of open ``oa``/``oe``/``uy`` syllables on the second vowel (hòa → hoà).

    This is the older placement many office files and phones still produce; underthesea's
    ``text_normalize`` writes the first-vowel form (hòa, thủy), which the project uses as canonical.

    Examples
    --------
    >>> tone_on_second_vowel("Ứng Hòa, Thủy Lâm, khỏe")
    'Ứng Hoà, Thuỷ Lâm, khoẻ'
    >>> tone_on_second_vowel("hoàn thành")  # closed syllable: unchanged
    'hoàn thành'
    """
    nfd = unicodedata.normalize("NFD", text)
    moved = _PAIR.sub(lambda m: m.group(1) + m.group(2) + m.group(4) + m.group(3), nfd)
    return unicodedata.normalize("NFC", moved)


# --- TCVN3 (ABC), the 8-bit encoding of the .VnTime fonts ---------------------------------------
# No maintained Python package provides this codec (checked PyPI for tcvn/vni/abc converters); the
# table is short and fixed by the standard TCVN 5712:1993 "VN3" layout, so it is written out here.
# TCVN3 has no precomposed capitals with tone marks (offices used the separate .VnTimeH font for
# capitals), so encoding writes such a capital as its lower-case code, as a .VnTime file would.
_TCVN3_LOWER = (
    "àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ" "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ"
    "ĂÂĐÊÔƠƯ"
)
_TCVN3_CODES = bytes([
    0xB5, 0xB8, 0xB6, 0xB7, 0xB9,
    0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6,
    0xA9, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB,
    0xAE,
    0xCC, 0xD0, 0xCE, 0xCF, 0xD1,
    0xAA, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6,
    0xD7, 0xDD, 0xD8, 0xDC, 0xDE,
    0xDF, 0xE3, 0xE1, 0xE2, 0xE4,
    0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9,
    0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE,
    0xEF, 0xF3, 0xF1, 0xF2, 0xF4,
    0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9,
    0xFA, 0xFD, 0xFB, 0xFC, 0xFE,
    0xA1, 0xA2, 0xA7, 0xA3, 0xA4, 0xA5, 0xA6,
])
_TO_TCVN3 = dict(zip(_TCVN3_LOWER, _TCVN3_CODES, strict=True))
_FROM_TCVN3 = {code: ch for ch, code in _TO_TCVN3.items()}


def tcvn3_encode(text: str, *, errors: str = "replace") -> bytes:
    """Encode Unicode Vietnamese text in TCVN3 (ABC), as a .VnTime-era office file holds it.

    Examples
    --------
    >>> tcvn3_encode("Thư xin lỗi").decode("latin-1")
    'Th\\xad xin lçi'
    >>> tcvn3_decode(tcvn3_encode("Đơn thư, phản ánh"))
    'Đơn thư, phản ánh'
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = _TO_TCVN3.get(ch) or _TO_TCVN3.get(ch.lower())  # toned capital -> its lower-case code
        if code is None:
            out.extend(ch.encode("ascii", errors=errors))
        else:
            out.append(code)
    return bytes(out)


def tcvn3_decode(data: bytes) -> str:
    """Decode TCVN3 (ABC) bytes to Unicode (NFC).

    Examples
    --------
    >>> tcvn3_decode("Ph\\xadêng Thanh Tr×".encode("latin-1"))
    'Phường Thanh Trì'
    """
    return "".join(_FROM_TCVN3.get(b, chr(b)) for b in data)

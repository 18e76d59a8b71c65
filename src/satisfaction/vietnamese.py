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

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    str
        The text with đ/Đ written d/D and every combining mark removed after canonical decomposition
        (NFD), so the diacritics of other languages go too.

    Examples
    --------
    >>> strip_diacritics("Quận Nam Từ Liêm, Đống Đa")
    'Quan Nam Tu Liem, Dong Da'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_DD))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def ascii_key(text: str) -> str:
    """An accent-, case-, space- and punctuation-insensitive key for matching names.

    Parameters
    ----------
    text : str
        A name.

    Returns
    -------
    str
        :func:`strip_diacritics` of the text in lower case, keeping only ``a-z`` and ``0-9``.

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
_PAIR = re.compile(r"(?i)(?<![a-zđ\u0300-\u036f])([^\W\d_]*?)(o|u)([" + _TONES + r"])(a|e|y)(?![\w\u0300-\u036f])")


def tone_on_second_vowel(text: str) -> str:
    """Write the tone of open ``oa``/``oe``/``uy`` syllables on the second vowel (hòa → hoà).

    This is the older placement many office files and phones still produce; underthesea's
    ``text_normalize`` writes the first-vowel form (hòa, thủy), which the project uses as canonical.

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    str
        The text with the tones moved, in NFC.

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

    A capital with a tone mark, which TCVN3 lacks, is written as its lower-case letter.

    Parameters
    ----------
    text : str
        The text.
    errors : str, default "replace"
        What to do with a character that is neither in the TCVN3 table nor ASCII, as the ``errors``
        of ``str.encode`` with the ASCII codec (``"replace"`` writes ``?``; ``"strict"`` raises
        :class:`UnicodeEncodeError`).

    Returns
    -------
    bytes
        The TCVN3 bytes of the text, taken in NFC.

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

    Parameters
    ----------
    data : bytes
        TCVN3 bytes.

    Returns
    -------
    str
        Each byte of the TCVN3 table as its letter, every other byte as the character of the same
        number (Latin-1). Toned capitals come back in lower case, as :func:`tcvn3_encode` wrote them.

    Examples
    --------
    >>> tcvn3_decode("Ph\\xadêng Thanh Tr×".encode("latin-1"))
    'Phường Thanh Trì'
    """
    return "".join(_FROM_TCVN3.get(b, chr(b)) for b in data)


# --- VNI-Windows, the other legacy 8-bit encoding --------------------------------------------
# VNI writes a toned letter as a base letter followed by one or two cp1252 characters ("aù" = á,
# "oá" = ố, "ö" = ư, "ñ" = đ). No maintained Python package decodes it (see TCVN3 above), so the
# table is built here from the layout's regular structure and checked letter by letter in tests.
_TONE_ORDER = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # none, sắc, huyền, hỏi, ngã, nặng
_VNI_PLAIN_TONES = ("", "ù", "ø", "û", "õ", "ï")
_VNI_BASES = {  # Unicode base vowel -> (VNI base, VNI tone suffixes)
    "a": ("a", _VNI_PLAIN_TONES), "e": ("e", _VNI_PLAIN_TONES), "o": ("o", _VNI_PLAIN_TONES),
    "u": ("u", _VNI_PLAIN_TONES), "ơ": ("ô", _VNI_PLAIN_TONES), "ư": ("ö", _VNI_PLAIN_TONES),
    "y": ("y", ("", "ù", "ø", "û", "õ", "î")),
    "â": ("a", ("â", "á", "à", "å", "ã", "ä")), "ê": ("e", ("â", "á", "à", "å", "ã", "ä")),
    "ô": ("o", ("â", "á", "à", "å", "ã", "ä")), "ă": ("a", ("ê", "é", "è", "ú", "ü", "ë")),
    "i": ("", ("i", "í", "ì", "æ", "ó", "ò")),
}


def _vni_table() -> dict[str, str]:
    table = {"đ": "ñ", "Đ": "Ñ"}
    for base, (vni_base, suffixes) in _VNI_BASES.items():
        for tone, suffix in zip(_TONE_ORDER, suffixes, strict=True):
            letter = unicodedata.normalize("NFC", base + tone)
            if letter == vni_base + suffix:
                continue  # plain ASCII letter, nothing to map
            table[letter] = vni_base + suffix
            table[letter.upper()] = (vni_base + suffix).upper()
    return table


_TO_VNI = _vni_table()
_FROM_VNI = {v: k for k, v in _TO_VNI.items()}
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _FROM_VNI), key=len, reverse=True)))


def vni_encode(text: str) -> bytes:
    """Encode Unicode Vietnamese text in VNI-Windows (as the VNI-Times fonts store it).

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    bytes
        The cp1252 bytes; a character cp1252 lacks is written ``?``.

    Examples
    --------
    >>> vni_encode("Hòa Bình").decode("cp1252")
    'Hoøa Bình'
    """
    out = "".join(_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    return out.encode("cp1252", errors="replace")


def vni_decode(data: bytes | str) -> str:
    """Decode VNI-Windows bytes (or text that was read as cp1252) to Unicode.

    Parameters
    ----------
    data : bytes or str
        VNI bytes (decoded as cp1252, undefined bytes replaced), or text already read as cp1252.

    Returns
    -------
    str
        The text with each VNI letter sequence replaced by its Unicode letter (precomposed).

    Examples
    --------
    >>> vni_decode("Quaän Ñoáng Ña, Phöôøng Thöôïng Thanh".encode("cp1252"))
    'Quận Đống Đa, Phường Thượng Thanh'
    """
    text = data.decode("cp1252", errors="replace") if isinstance(data, bytes) else data
    return _VNI_PATTERN.sub(lambda m: _FROM_VNI[m.group(0)], text)


# --- repair -----------------------------------------------------------------------------------

_FIRST_VOWEL = re.compile(r"(?i)(?<![a-zđ\u0300-\u036f])((?:[^\W\d_]*?[^\Wq\d_])?)(o|u)(a|e|y)([" + _TONES + r"])(?![\w\u0300-\u036f])")
_SPACES = re.compile(r"\s+")


def canonical_tones(text: str) -> str:
    """Write the tone of open ``oa``/``oe``/``uy`` syllables on the first vowel (hoà → hòa, thuỷ → thủy).

    This is the placement underthesea's ``text_normalize`` produces, which the project uses as canonical;
    ``quý`` keeps its tone on the ``y`` because ``qu`` is one consonant.

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    str
        The text with the tones moved, in NFC.

    Examples
    --------
    >>> canonical_tones("Ứng Hoà, Thuỷ Lâm, khoẻ, quý, hoàn, thuận, thuế")
    'Ứng Hòa, Thủy Lâm, khỏe, quý, hoàn, thuận, thuế'
    """
    nfd = unicodedata.normalize("NFD", text)
    moved = _FIRST_VOWEL.sub(lambda m: m.group(1) + m.group(2) + m.group(4) + m.group(3), nfd)
    return unicodedata.normalize("NFC", moved)


def repair_text(text: str) -> str:
    """Repair one Vietnamese string: mojibake, NFC, canonical tone placement, whitespace.

    Mojibake (UTF-8 read as cp1252 or latin-1, "Quáº­n") is undone with ftfy's ``fix_encoding``;
    text in a legacy 8-bit encoding must be decoded first (:func:`tcvn3_decode`, :func:`vni_decode`),
    which the readers do when they detect it.

    Parameters
    ----------
    text : str
        The string.

    Returns
    -------
    str
        The repaired string, runs of whitespace collapsed to one space and stripped. A string that is
        all ASCII only has its whitespace repaired.

    Examples
    --------
    >>> repair_text("  Quận  Ba Đình ".encode("utf-8").decode("latin-1"))
    'Quận Ba Đình'
    >>> repair_text(unicodedata.normalize("NFD", "Xã Đức Hoà"))
    'Xã Đức Hòa'
    """
    import ftfy

    if not text.isascii():
        text = ftfy.fix_encoding(text)
        text = canonical_tones(unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


_VI_MARKS = set(_TONES) | {"\u0302", "\u0306", "\u031b"}  # tones, circumflex, breve, horn


def _plausible_word(word: str) -> bool:
    """A word made of Vietnamese letters carrying at most one tone mark."""
    tones = 0
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tones += 1
        elif unicodedata.combining(ch):
            if ch not in _VI_MARKS:
                return False
        elif not (ch.isascii() or ch in "đĐ"):
            return False
    return tones <= 1


def _vietnamese_score(text: str) -> float:
    words = [w.strip(".,;:!?()\"'") for w in text.split()]
    words = [w for w in words if w and not w.isascii()]
    return sum(map(_plausible_word, words)) / len(words) if words else 1.0


def detect_encoding(data: bytes) -> str:
    """Guess the encoding of a Vietnamese text file.

    Returns ``utf-8-sig`` or ``utf-16`` when a byte-order mark says so, ``utf-8`` when the bytes
    decode as UTF-8 (or nearly: at least 10 valid non-ASCII letters and at most 1% as many invalid bytes, or 2,
    which :func:`decode_bytes` then replaces by U+FFFD), and otherwise whichever of ``cp1258`` (Windows Vietnamese), ``tcvn3`` or ``vni``
    yields the most plausible Vietnamese words (letters of the Vietnamese alphabet, one tone mark
    per syllable), ``cp1258`` winning ties.

    Parameters
    ----------
    data : bytes
        The file's bytes; only the first 200,000 are scored for the legacy encodings.

    Returns
    -------
    str
        ``"utf-8-sig"``, ``"utf-16"``, ``"utf-8"``, ``"cp1258"``, ``"tcvn3"`` or ``"vni"``.

    Examples
    --------
    >>> detect_encoding("Thư xin lỗi".encode("utf-8"))
    'utf-8'
    >>> detect_encoding(tcvn3_encode("Thư xin lỗi, Phường Thượng Thanh"))
    'tcvn3'
    >>> detect_encoding(vni_encode("Thư xin lỗi, Phường Thượng Thanh"))
    'vni'
    >>> detect_encoding(cp1258_encode("Thư xin lỗi, Phường Thượng Thanh"))
    'cp1258'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes (a cut-and-paste, a truncated copy): many valid multi-byte letters and
    # few invalid bytes. The legacy encodings' single high bytes almost never form valid UTF-8 sequences.
    head = data[:200_000].decode("utf-8", errors="replace")
    invalid = head.count("\ufffd")
    letters = sum(1 for ch in head if ord(ch) > 127) - invalid
    if letters >= 10 and invalid <= max(2, 0.01 * letters):
        return "utf-8"
    sample = data[:200_000]
    scores = {enc: _vietnamese_score(decode_bytes(sample, enc)[0]) for enc in ("cp1258", "tcvn3", "vni")}
    return max(scores, key=lambda enc: scores[enc])  # max keeps the first of equal scores


def cp1258_encode(text: str) -> bytes:
    """Encode in Windows-1258, which stores most toned letters as a letter plus a combining tone mark.

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    bytes
        The cp1258 bytes; a character cp1258 cannot hold, even as a letter plus tone mark, is written
        ``?``.

    Examples
    --------
    >>> cp1258_encode("Lỗi").decode("cp1258") == unicodedata.normalize("NFD", "Lỗi").replace("o\u0302", "ô")
    True
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.extend(ch.encode("cp1258"))
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in nfd if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
            out.extend((base + tone).encode("cp1258", errors="replace"))
    return bytes(out)


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes, detecting the encoding when none is given; returns (text, encoding).

    Parameters
    ----------
    data : bytes
        The file's bytes.
    encoding : str, optional
        ``"tcvn3"``, ``"vni"`` or a Python codec name; :func:`detect_encoding` guesses it when None.

    Returns
    -------
    text : str
        The decoded text: in NFC for a Python codec, undecodable bytes replaced.
    encoding : str
        The encoding used.

    Examples
    --------
    >>> decode_bytes(tcvn3_encode("Thư xin lỗi, Phường Thượng Thanh"))
    ('Thư xin lỗi, Phường Thượng Thanh', 'tcvn3')
    >>> decode_bytes("Hà Nội".encode("utf-8-sig"))
    ('Hà Nội', 'utf-8-sig')
    """
    encoding = encoding or detect_encoding(data)
    if encoding == "tcvn3":
        return tcvn3_decode(data), encoding
    if encoding == "vni":
        return vni_decode(data), encoding
    return unicodedata.normalize("NFC", data.decode(encoding, errors="replace")), encoding

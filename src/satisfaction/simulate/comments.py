"""Free-text comments and petitions, composed from a phrase bank and written as people write them.

A comment's tone follows the respondent's own latent satisfaction and its topic follows the
respondent's weakest (for complaints) or strongest (for praise) SIPAS factor, long waits and the
channel used, so text analysis has a real signal to find. The phrases are data, not code: the bank
``data/simulate/comments_vi.toml`` (written for the project, no text copied from any corpus) holds
praise and complaints by factor, neutral remarks, requests, openers and closers in several registers,
and slot fillers (the procedures people come for, their documents, the staff, places, family, reasons,
consequences, comparisons with before) that multiply the variety; a waiting complaint may quote the
respondent's own wait. Lengths run from one word ("ok") to several sentences.

The surface is then roughened the way real feedback is: text without diacritics, teencode, emoji and
emoticons, decomposed Unicode (NFD) from some phones, the older tone placement (hoà, thuỷ), odd spacing
and case; colloquial and southern forms swapped into one sentence (a mixed register); typing errors
(a dropped, doubled or swapped letter, a neighbouring key, a tone mark on the wrong vowel or missing,
telex residue such as "dduwowcj"), words run together and letters repeated for emphasis ("lâuuuu");
and, in a few comments, a phone number, an ID card number, an e-mail address, a passport number or a
health-insurance card number.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata

import numpy as np
import pandas as pd

from satisfaction.config import PACKAGE_DATA
from satisfaction.vietnamese import strip_diacritics, tone_on_second_vowel

#: Latent satisfaction (y* of the overall model) above which a comment praises, below which it complains.
TONE_POSITIVE, TONE_NEGATIVE = 1.8, -1.0

#: The phrase bank (TOML), shipped with the package.
BANK_FILE = PACKAGE_DATA / "simulate" / "comments_vi.toml"


@functools.cache
def phrase_bank() -> dict:
    """The phrase bank of :data:`BANK_FILE`, read once.

    Returns
    -------
    dict
        Its sections: ``short``, ``context``, ``praise`` and ``complaint`` (by topic: the SIPAS
        factors, ``online`` and, for complaints, ``wait``), ``neutral``, ``request``, ``opener``,
        ``closer``, ``mixed``, ``detail``, ``slots`` and ``register``; each with its ``provenance``.

    Examples
    --------
    >>> bank = phrase_bank()
    >>> sorted(bank["complaint"]) == sorted(["provenance", "access", "procedures", "staff", "results",
    ...                                      "feedback", "wait", "online"])
    True
    >>> "đăng ký khai sinh" in bank["slots"]["procedure"]
    True
    """
    with open(BANK_FILE, "rb") as fh:
        return tomllib.load(fh)


_BANK = phrase_bank()
PRAISE = {k: v for k, v in _BANK["praise"].items() if k != "provenance"}
COMPLAINT = {k: v for k, v in _BANK["complaint"].items() if k != "provenance"}
REQUESTS = _BANK["request"]["sentences"]
NEUTRAL = _BANK["neutral"]["sentences"]
OPENERS_POS, OPENERS_NEG = _BANK["opener"]["positive"], _BANK["opener"]["negative"]
CLOSERS_POS, CLOSERS_NEG = _BANK["closer"]["positive"], _BANK["closer"]["negative"]
#: The SIPAS factors, in the order of :data:`satisfaction.sipas.questionnaire.FACTORS`.
_FACTORS = ["access", "procedures", "staff", "results", "feedback"]

TEENCODE = [("không", ["ko", "k", "hok", "khong"]), ("được", ["dc", "đc", "dk"]), ("bình thường", ["bt"]),
            ("gì", ["j"]), ("người", ["ng"]), ("như thế nào", ["ntn"]), ("rồi", ["r", "rùi"]),
            ("vậy", ["v"]), ("quá", ["wa", "qá"]), ("biết", ["bít"]), ("cán bộ", ["cb"]), ("với", ["vs"]),
            ("cảm ơn", ["cám ơn", "thanks", "tks"])]
EMOJI_POS = ["😊", "👍", "❤️", ":)", "^^", "🥰", "👏"]
EMOJI_NEG = ["😡", "😤", "👎", ":(", "😞", "-_-"]

PETITION_TOPICS = {
    "Đất đai": ["Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất cho gia đình tôi đã nộp hồ sơ từ lâu",
                "Phản ánh việc đo đạc ranh giới thửa đất không đúng hiện trạng",
                "Kiến nghị giải quyết tranh chấp lối đi chung giữa các hộ"],
    "Trật tự xây dựng": ["Phản ánh hộ bên cạnh xây dựng lấn chiếm ngõ đi chung",
                         "Công trình xây dựng không phép gây nứt tường nhà tôi", "Xây dựng sai giấy phép, cơi nới tầng"],
    "Môi trường": ["Phản ánh tình trạng rác thải tập kết không đúng nơi quy định",
                   "Xưởng sản xuất gây tiếng ồn và khói bụi ban đêm", "Cống thoát nước bị tắc gây ngập úng khu dân cư"],
    "Thái độ cán bộ": ["Phản ánh cán bộ một cửa có thái độ không đúng mực khi tiếp công dân",
                       "Cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định",
                       "Phản ánh việc cán bộ gợi ý nộp thêm tiền ngoài lệ phí"],
    "Thủ tục hành chính": ["Hồ sơ đăng ký kinh doanh bị trả chậm so với giấy hẹn",
                           "Kiến nghị đơn giản hóa thủ tục chứng thực bản sao",
                           "Nộp hồ sơ trực tuyến nhưng vẫn bị yêu cầu nộp bản giấy"],
    "Hạ tầng": ["Đèn chiếu sáng ngõ xóm hỏng lâu ngày chưa được sửa", "Mặt đường xuống cấp, nhiều ổ gà",
                "Đề nghị lắp đặt biển báo giao thông tại ngã ba gần trường học"],
}
PETITION_CLOSERS = ["Đề nghị các cơ quan chức năng xem xét giải quyết.", "Kính mong UBND quan tâm giải quyết.",
                    "Tôi đã phản ánh nhiều lần nhưng chưa được trả lời.", "Xin trân trọng cảm ơn."]


def _pick(rng: np.random.Generator, options: list[str]) -> str:
    return options[int(rng.integers(len(options)))]


def _pii(rng: np.random.Generator) -> tuple[str, str]:
    kind = _pick(rng, ["phone", "phone", "phone", "cccd", "cccd", "cmnd", "email", "email", "passport", "bhyt"])
    if kind == "passport":  # one letter and 7 digits
        number = _pick(rng, ["B", "C", "N"]) + "".join(str(d) for d in rng.integers(0, 10, 7))
        return kind, _pick(rng, [f"hộ chiếu số {number}", f"số hộ chiếu: {number}", f"passport {number}"])
    if kind == "bhyt":  # the group (2 letters), the benefit level (1-5), the province (2 digits), 10 digits
        number = (_pick(rng, ["DN", "HS", "HT", "GD", "TE", "CN"]) + str(int(rng.integers(1, 6))) + "01"
                  + "".join(str(d) for d in rng.integers(0, 10, 10)))
        return kind, _pick(rng, [f"thẻ BHYT {number}", f"mã thẻ BHYT: {number}", f"thẻ bảo hiểm y tế số {number}"])
    if kind == "phone":
        digits = "0" + _pick(rng, ["9", "8", "3", "7"]) + "".join(str(d) for d in rng.integers(0, 10, 8))
        fmt = _pick(rng, ["plain", "dots", "intl"])
        if fmt == "dots":
            digits = f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
        elif fmt == "intl":
            digits = f"+84 {digits[1:4]} {digits[4:7]} {digits[7:]}"
        return kind, _pick(rng, [f"SĐT liên hệ: {digits}", f"gọi cho tôi số {digits}", f"sdt {digits}"])
    if kind == "email":
        user = _pick(rng, ["nguyenvana", "tran.thi.b", "hoanglong82", "minhthu.ha"]) + str(int(rng.integers(1, 99)))
        return kind, f"email {user}@{_pick(rng, ['gmail.com', 'yahoo.com.vn', 'outlook.com'])}"
    n = 12 if kind == "cccd" else 9
    number = "0" + "".join(str(d) for d in rng.integers(0, 10, n - 1))
    return kind, _pick(rng, [f"CCCD số {number}", f"số CMND {number}", f"CCCD: {number}"])


# --- typing errors -------------------------------------------------------------------------

_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_VOWELS = set("aeiouyAEIOUY")
_KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEIGHBOURS = {}
for _r, _row in enumerate(_KEYS):
    for _c, _k in enumerate(_row):
        _NEIGHBOURS[_k] = "".join(_KEYS[r][c] for r in range(max(_r - 1, 0), min(_r + 2, 3))
                                  for c in range(_c - 1, _c + 2)
                                  if 0 <= c < len(_KEYS[r]) and (r, c) != (_r, _c))
#: Words whose last letter people repeat for emphasis.
_EMPHATIC = ("lâu", "quá", "tốt", "chậm", "lắm", "ghê", "luôn", "tệ", "mệt", "đẹp", "nhanh", "vời", "ơi")
_TYPO_KINDS = ("drop", "double", "swap", "neighbour", "tone_moved", "tone_missing")


def _clusters(word: str) -> list[str]:
    """The letters of a word in NFD, each with its combining marks."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if out and unicodedata.category(ch) == "Mn":
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _join(clusters: list[str]) -> str:
    return unicodedata.normalize("NFC", "".join(clusters))


def typo(rng: np.random.Generator, word: str) -> str:
    """One typing error in a word: a dropped, doubled or swapped letter, a neighbouring key, or its tone moved or lost.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from.
    word : str
        A word of letters only, of two letters or more.

    Returns
    -------
    str
        The word with one error (unchanged if the error drawn cannot apply, e.g. a tone moved in a
        word with one vowel).

    Examples
    --------
    >>> typo(np.random.default_rng(1), "thủ") != "thủ"
    True
    """
    cl = _clusters(word)
    kind = _pick(rng, list(_TYPO_KINDS))
    i = int(rng.integers(len(cl)))
    if kind == "drop" and len(cl) > 2:
        del cl[i]
    elif kind == "double":
        cl.insert(i, cl[i][0])
    elif kind == "swap" and len(cl) > 2:
        i = min(i, len(cl) - 2)
        cl[i], cl[i + 1] = cl[i + 1], cl[i]
    elif kind == "neighbour":
        base = cl[i][0].lower()
        if base in _NEIGHBOURS and len(cl[i]) == 1:
            cl[i] = _pick(rng, list(_NEIGHBOURS[base])) + cl[i][1:]
    elif kind in ("tone_moved", "tone_missing"):
        marked = [j for j, c in enumerate(cl) if any(t in c for t in _TONES)]
        if marked:
            j = marked[0]
            tone = next(t for t in _TONES if t in cl[j])
            cl[j] = cl[j].replace(tone, "")
            vowels = [k for k, c in enumerate(cl) if c[0] in _VOWELS and k != j]
            if kind == "tone_moved" and vowels:
                k = _pick(rng, vowels)
                cl[k] += tone
    return _join(cl)


def telex(word: str) -> str:
    """A word as typed with the telex method when the keyboard's Vietnamese input was off.

    Parameters
    ----------
    word : str
        A Vietnamese word.

    Returns
    -------
    str
        The keys typed: a hat as the vowel doubled, a breve or a horn as ``w``, đ as ``dd``, the tone as
        its key (s, f, r, x, j) at the end.

    Examples
    --------
    >>> telex("được"), telex("Tiến"), telex("lâu")
    ('dduwowcj', 'Tieens', 'laau')
    """
    keys, tone = [], ""
    for c in _clusters(word):
        base, marks = c[0], c[1:]
        if base in "đĐ":
            keys.append("dd" if base == "đ" else "DD")
            continue
        keys.append(base)
        for m in marks:
            if m == "\u0302":
                keys.append(base.lower())
            elif m in ("\u0306", "\u031b"):
                keys.append("w")
            elif m in _TONES:
                tone = _TONES[m]
    return "".join(keys) + tone


def _candidates(words: list[str]) -> list[int]:
    """Words that may be mistyped: letters only, two or more, not among the five before a number."""
    return [i for i, w in enumerate(words) if len(w) >= 2 and w.isalpha()
            and not any(re.search(r"\d|@", v) for v in words[i + 1:i + 6])]


def _register(rng: np.random.Generator, text: str) -> str:
    """Colloquial and southern forms swapped into one sentence of the text, the others left as they were."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    k = int(rng.integers(len(sentences)))
    s = sentences[k]
    for plain, forms in _BANK["register"]["swaps"]:
        if re.search(rf"\b{plain}\b", s) and rng.uniform() < 0.6:
            s = re.sub(rf"\b{plain}\b", _pick(rng, forms), s)
    sentences[k] = s
    return " ".join(sentences)


def roughen(rng: np.random.Generator, text: str, *, positive: bool | None) -> tuple[str, list[str]]:
    """Write a clean comment the way people type it; returns the text and the roughening applied.

    Each step is drawn on its own, in this order and with this probability: older tone placement
    (0.15), a colloquial or southern register in one sentence (0.12), teencode (0.22), typing errors
    in one to three words (0.18), one word in telex residue (0.03), no diacritics (0.25), a letter
    repeated for emphasis (0.07), emoji (0.18, unless ``positive`` is None), all lower or upper case
    (0.08), odd spacing (0.06), two words run together (0.05) and NFD (0.10). Typing errors, telex and
    run-together words leave alone the five words before a number or an e-mail address (the personal
    data a comment may carry, and the words that announce it).

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    text : str
        The clean comment.
    positive : bool or None
        Which emoji may be added: positive (True), negative (False), or none (None).

    Returns
    -------
    text : str
        The roughened text.
    applied : list of str
        The steps drawn, in order, among ``old_tone``, ``register``, ``teencode``, ``typo``, ``telex``,
        ``no_diacritics``, ``elongation``, ``emoji``, ``case``, ``spacing``, ``run_together`` and
        ``nfd``. A step is listed whenever it is drawn, even if no word of the text was changed.

    Examples
    --------
    >>> text, applied = roughen(np.random.default_rng(0), "Cán bộ nhiệt tình.", positive=True)
    >>> set(applied) <= {"old_tone", "register", "teencode", "typo", "telex", "no_diacritics", "elongation",
    ...                  "emoji", "case", "spacing", "run_together", "nfd"}
    True
    """
    applied = []
    if rng.uniform() < 0.15:
        text = tone_on_second_vowel(text)
        applied.append("old_tone")
    if rng.uniform() < 0.12:
        text = _register(rng, text)
        applied.append("register")
    if rng.uniform() < 0.22:
        for word, codes in TEENCODE:
            if word in text.lower() and rng.uniform() < 0.8:
                text = re.sub(word, _pick(rng, codes), text, flags=re.IGNORECASE)
        applied.append("teencode")
    if rng.uniform() < 0.18:
        words = text.split(" ")
        cands = _candidates(words)
        for i in rng.permutation(cands)[:int(rng.integers(1, 4))] if cands else []:
            words[i] = typo(rng, words[i])
        text = " ".join(words)
        applied.append("typo")
    if rng.uniform() < 0.03:
        words = text.split(" ")
        cands = _candidates(words)
        if cands:
            i = _pick(rng, cands)
            words[i] = telex(words[i])
        text = " ".join(words)
        applied.append("telex")
    if rng.uniform() < 0.25:
        text = strip_diacritics(text)
        applied.append("no_diacritics")
    if rng.uniform() < 0.07:
        words = text.split(" ")
        emphatic = [i for i, w in enumerate(words) if w.lower().strip(".,!?") in _EMPHATIC]
        cands = emphatic or _candidates(words)
        if cands:
            i = _pick(rng, cands)
            core = words[i].rstrip(".,!?")
            tail = words[i][len(core):]
            last = strip_diacritics(core[-1]) if core else ""
            words[i] = core + last * int(rng.integers(2, 6)) + tail
        text = " ".join(words)
        applied.append("elongation")
    if positive is not None and rng.uniform() < 0.18:
        emo = _pick(rng, EMOJI_POS if positive else EMOJI_NEG)
        text = f"{text} {emo * int(rng.integers(1, 4)) if len(emo) < 3 else emo}"
        applied.append("emoji")
    if rng.uniform() < 0.08:
        text = text.lower() if rng.uniform() < 0.7 else text.upper()
        applied.append("case")
    if rng.uniform() < 0.06:
        text = re.sub(r"\s+", lambda m: m.group(0) * int(rng.integers(1, 3)), text).strip() + "  "
        applied.append("spacing")
    if rng.uniform() < 0.05:
        words = text.split(" ")
        cands = [i for i in _candidates(words) if i + 1 < len(words) and words[i + 1].isalpha()]
        if cands:
            i = _pick(rng, cands)
            words[i:i + 2] = [words[i] + words[i + 1]]
        text = " ".join(words)
        applied.append("run_together")
    if rng.uniform() < 0.10:
        text = unicodedata.normalize("NFD", text)
        applied.append("nfd")
    return text, applied


# --- composing ------------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")


def _fill(rng: np.random.Generator, template: str, wait: int) -> str:
    """A template with its slots filled: fillers from the bank's ``slots``, numbers drawn (``wait`` given)."""
    numbers = {"wait": lambda: wait, "hours": lambda: int(rng.integers(2, 5)),
               "days": lambda: int(rng.integers(2, 16)), "times": lambda: int(rng.integers(2, 6))}
    slots = _BANK["slots"]

    def one(m: re.Match) -> str:
        name = m.group(1)
        return str(numbers[name]()) if name in numbers else _pick(rng, slots[name])

    for _ in range(3):  # a filler may hold a slot of its own
        template = _SLOT.sub(one, template)
    return template


def _phrase(rng: np.random.Generator, options: list[str], wait: int) -> str:
    """One phrase, filled; a phrase quoting the wait only when the respondent waited 30 minutes or more."""
    if wait < 30:
        options = [o for o in options if "{wait}" not in o] or options
    return _fill(rng, _pick(rng, options), wait)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text[-1] in ".!?" else ".")


def compose_comment(rng: np.random.Generator, *, tone: float, worst: str, best: str, wait: int,
                    online: bool) -> tuple[str, str]:
    """One clean comment and its polarity (``positive``, ``negative``, ``neutral`` or ``mixed``).

    Above :data:`TONE_POSITIVE` the comment praises the best factor (or, half the time when the
    respondent applied online, the online service). Below :data:`TONE_NEGATIVE` it complains about
    the wait (with probability 0.6 when it was 60 minutes or more), else the online service (0.4
    when the respondent applied online), else the worst factor. In between, it is a short or longer
    neutral remark (0.55), a request (0.25) or a mixed comment (0.2).

    About one comment in ten is a word or two ("ok", "Chờ lâu", "bình thường"). Longer ones may
    start with why the respondent came (the procedure, for whom, when), add a second phrase, a
    sentence on a cause, a consequence or a comparison with before, a closing remark and, for
    complaints, a request; so the length runs from one word to 60 and more.

    Mixed comments praise one factor and complain about another. Their polarity follows the
    respondent's tone, as the share of each side does: above :data:`TONE_POSITIVE` (probability
    0.18) the praise leads and the complaint is a reservation ("..., mỗi tội chờ lâu"): ``positive``;
    below :data:`TONE_NEGATIVE` (0.2) the praise is a concession and the complaint leads ("Tuy cán
    bộ nhiệt tình nhưng hồ sơ trễ hẹn"): ``negative``; in between, praise of the best factor and a
    complaint about the worst weigh alike: ``mixed``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    tone : float
        The respondent's latent satisfaction (y* of the overall model).
    worst : str
        The respondent's lowest-scoring factor, a key of
        :data:`satisfaction.sipas.questionnaire.FACTORS`.
    best : str
        The respondent's highest-scoring factor.
    wait : int
        The respondent's waiting time, in minutes (a complaint about the wait may quote it).
    online : bool
        Whether the respondent applied online.

    Returns
    -------
    text : str
        The comment, its first letter capitalised.
    polarity : str
        ``positive``, ``negative``, ``neutral`` or ``mixed``.

    Examples
    --------
    >>> compose_comment(np.random.default_rng(0), tone=3.0, worst="staff", best="results", wait=10,
    ...                 online=False)[1]
    'positive'
    >>> sorted({compose_comment(np.random.default_rng(s), tone=0.5, worst="staff", best="results", wait=10,
    ...                         online=False)[1] for s in range(40)})
    ['mixed', 'neutral']
    """
    bank = _BANK
    sentences: list[str] = []
    if tone > TONE_POSITIVE:
        polarity = "positive"
        if rng.uniform() < 0.1:
            return _pick(rng, bank["short"]["positive"]), polarity
        if rng.uniform() < 0.45:
            sentences.append(_fill(rng, _pick(rng, bank["context"]["sentences"]), wait))
        topic = "online" if online and rng.uniform() < 0.5 else best
        others = [f for f in _FACTORS if f != topic]  # a second phrase is on another topic
        main = _phrase(rng, PRAISE[topic], wait)
        if rng.uniform() < 0.18:
            against = "wait" if wait >= 45 and rng.uniform() < 0.5 else worst
            main += _pick(rng, bank["mixed"]["reservation"]) + _phrase(rng, COMPLAINT[against], wait)
        elif rng.uniform() < 0.4:
            main += ", " + _phrase(rng, PRAISE[_pick(rng, others)], wait)
        sentences.append(_sentence(_pick(rng, OPENERS_POS) + main))
        if rng.uniform() < 0.25:
            sentences.append(_sentence(_phrase(rng, PRAISE[_pick(rng, others)], wait)))
        if rng.uniform() < 0.3:
            sentences.append(_sentence(_fill(rng, _pick(rng, bank["detail"]["positive"]), wait)))
        closer = _pick(rng, CLOSERS_POS)
    elif tone < TONE_NEGATIVE:
        polarity = "negative"
        if rng.uniform() < 0.08:
            return _pick(rng, bank["short"]["negative"]), polarity
        if rng.uniform() < 0.45:
            sentences.append(_fill(rng, _pick(rng, bank["context"]["sentences"]), wait))
        topic = "wait" if wait >= 60 and rng.uniform() < 0.6 else ("online" if online and rng.uniform() < 0.4 else worst)
        others = [t for t in COMPLAINT if t != topic]  # a second phrase is on another topic
        main = _phrase(rng, COMPLAINT[topic], wait)
        if rng.uniform() < 0.2:
            text = (_pick(rng, bank["mixed"]["concession"]) + _phrase(rng, PRAISE[best], wait)
                    + _pick(rng, bank["mixed"]["turn"]) + main)
        else:
            if rng.uniform() < 0.35:
                main += ", " + _phrase(rng, COMPLAINT[_pick(rng, others)], wait)
            text = _pick(rng, OPENERS_NEG) + main
        sentences.append(_sentence(text))
        for p in (0.35, 0.15):  # a cause, a consequence, a comparison; a long story now and then
            if rng.uniform() < p:
                sentences.append(_sentence(_fill(rng, _pick(rng, bank["detail"]["negative"]), wait)))
        if rng.uniform() < 0.2:
            sentences.append(_sentence(_phrase(rng, COMPLAINT[_pick(rng, others)], wait)))
        closer = _pick(rng, CLOSERS_NEG)
        if rng.uniform() < 0.4:
            closer += " " + _fill(rng, _pick(rng, REQUESTS), wait)
    else:
        u = rng.uniform()
        closer = ""
        if u < 0.55:
            polarity = "neutral"
            if rng.uniform() < 0.45:
                return _pick(rng, bank["short"]["neutral"]), polarity
            sentences.append(_pick(rng, bank["opener"]["neutral"]) + _fill(rng, _pick(rng, NEUTRAL), wait))
        elif u < 0.8:
            polarity = "neutral"
            if rng.uniform() < 0.3:
                sentences.append(_fill(rng, _pick(rng, bank["context"]["sentences"]), wait))
            sentences.append(_fill(rng, _pick(rng, REQUESTS), wait))
        else:
            polarity = "mixed"
            topic = "wait" if wait >= 45 and rng.uniform() < 0.5 else worst
            sentences.append(_sentence(_phrase(rng, PRAISE[best], wait) + _pick(rng, bank["mixed"]["turn"])
                                       + _phrase(rng, COMPLAINT[topic], wait)))
    text = " ".join(_sentence(s) for s in sentences) + closer
    return text[0].upper() + text[1:], polarity


def add_comments(rng: np.random.Generator, survey: pd.DataFrame, *, share: float = 0.35,
                 pii_share: float = 0.02) -> tuple[pd.Series, dict]:
    """Comments for about ``share`` of respondents; returns the column and counts of what was injected.

    The simulator gives this function a generator of its own (seeded by the seed, the wave and a
    constant), not its main one: the comments then draw nothing from the stream every other
    simulated quantity comes from, so a change to the phrase bank or to the composition changes the
    comments only.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    survey : pandas.DataFrame
        Respondents as :func:`satisfaction.simulate.respondents.draw_respondents` draws them
        (``channel``, ``wait_minutes``, ``_tone``, ``_worst_factor``, ``_best_factor``).
    share : float, default 0.35
        Probability that a respondent writes a comment.
    pii_share : float, default 0.02
        Probability that a comment carries a phone number, ID card number, e-mail address, passport or
        health-insurance card number.

    Returns
    -------
    comments : pandas.Series
        One comment per respondent, on the index of ``survey``; ``""`` for those without one.
    counts : dict
        ``comments`` (int), and dicts of counts ``pii`` (by kind), ``roughening`` (by step of
        :func:`roughen`) and ``polarity`` (:func:`compose_comment`).

    Examples
    --------
    >>> survey = pd.DataFrame({"channel": [1, 2], "wait_minutes": [10, 90], "_tone": [3.0, -2.0],
    ...                        "_worst_factor": "staff", "_best_factor": "results"})
    >>> comments, counts = add_comments(np.random.default_rng(0), survey, share=1.0)
    >>> counts["comments"], counts["polarity"]
    (2, {'positive': 1, 'negative': 1})
    """
    n = len(survey)
    has = rng.uniform(size=n) < share
    out = pd.Series([""] * n, index=survey.index, dtype=object)
    counts = {"comments": int(has.sum()), "pii": {}, "roughening": {}, "polarity": {}}
    online = survey["channel"].isin([2, 3]).to_numpy()
    for i in np.flatnonzero(has):
        text, polarity = compose_comment(
            rng, tone=float(survey["_tone"].iat[i]), worst=survey["_worst_factor"].iat[i],
            best=survey["_best_factor"].iat[i], wait=int(survey["wait_minutes"].iat[i]), online=bool(online[i]))
        if rng.uniform() < pii_share:
            kind, pii = _pii(rng)
            text = f"{text} {pii}"
            counts["pii"][kind] = counts["pii"].get(kind, 0) + 1
        text, applied = roughen(rng, text, positive={"positive": True, "negative": False}.get(polarity))
        for a in applied:
            counts["roughening"][a] = counts["roughening"].get(a, 0) + 1
        counts["polarity"][polarity] = counts["polarity"].get(polarity, 0) + 1
        out.iat[i] = text
    return out, counts


def compose_petition(rng: np.random.Generator, category: str, *, pii_share: float = 0.25) -> tuple[str, str | None]:
    """The free text of a citizen's petition (phản ánh, kiến nghị) and the kind of personal data in it.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    category : str
        A key of :data:`PETITION_TOPICS`.
    pii_share : float, default 0.25
        Probability that the text carries a phone number, ID card number, e-mail address, passport or
        health-insurance card number.

    Returns
    -------
    text : str
        A topic sentence and a closing sentence of the category, roughened by :func:`roughen` (no emoji).
    kind : str or None
        ``phone``, ``cccd``, ``cmnd``, ``email``, ``passport`` or ``bhyt`` when personal data was added, else None.

    Examples
    --------
    >>> compose_petition(np.random.default_rng(0), "Môi trường", pii_share=0.0)[1] is None
    True
    """
    text = _pick(rng, PETITION_TOPICS[category]) + ". " + _pick(rng, PETITION_CLOSERS)
    kind = None
    if rng.uniform() < pii_share:
        kind, pii = _pii(rng)
        text = f"{text} {pii}"
    text, _ = roughen(rng, text, positive=None)
    return text, kind

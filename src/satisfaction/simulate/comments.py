"""Free-text comments and petitions, composed from phrase parts and written as people write them.

A comment's tone follows the respondent's own latent satisfaction and its topic follows the
respondent's weakest (for complaints) or strongest (for praise) SIPAS factor, long waits and the
channel used, so text analysis has a real signal to find. The surface is then roughened the way
real feedback is: text without diacritics, teencode, emoji and emoticons, decomposed Unicode
(NFD) from some phones, the older tone placement (hoà, thuỷ), odd spacing and case, and, in a few
comments, a phone number, an ID card number or an e-mail address.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from satisfaction.vietnamese import strip_diacritics, tone_on_second_vowel

#: Latent satisfaction (y* of the overall model) above which a comment praises, below which it complains.
TONE_POSITIVE, TONE_NEGATIVE = 1.8, -1.0

PRAISE = {
    "access": ["phòng chờ rộng rãi, sạch sẽ", "có đủ ghế ngồi chờ, có nước uống", "máy bấm số thứ tự dễ dùng",
               "bộ phận một cửa khang trang, có điều hòa mát mẻ", "biển chỉ dẫn rõ ràng, dễ tìm quầy"],
    "procedures": ["thủ tục đơn giản, niêm yết công khai rõ ràng", "hồ sơ giấy tờ không phải bổ sung nhiều lần",
                   "lệ phí đúng quy định, có biên lai đầy đủ", "thủ tục nhanh gọn hơn trước nhiều"],
    "staff": ["cán bộ nhiệt tình, lịch sự", "chị cán bộ hướng dẫn rất tận tình, chu đáo",
              "cán bộ một cửa vui vẻ, thực hiện 3 xin rất tốt", "anh cán bộ giải thích dễ hiểu",
              "công chức thân thiện, không gây khó dễ"],
    "results": ["nhận kết quả đúng hẹn", "được trả kết quả sớm hơn hẹn 2 ngày", "kết quả chính xác, không phải sửa",
                "giải quyết hồ sơ nhanh chóng"],
    "feedback": ["góp ý được tiếp nhận và trả lời nhanh", "có hòm thư góp ý và đường dây nóng rõ ràng"],
    "online": ["nộp hồ sơ trực tuyến rất tiện, không phải đi lại", "dịch vụ công trực tuyến dễ dùng",
               "làm online ở nhà cũng xong, rất tiện lợi"],
}
COMPLAINT = {
    "access": ["phòng chờ chật chội, thiếu ghế ngồi", "nóng quá, không có quạt", "khó tìm chỗ gửi xe",
               "máy lấy số hay bị hỏng", "không có biển chỉ dẫn, phải hỏi mãi mới biết nộp ở đâu"],
    "procedures": ["thủ tục rườm rà, phải bổ sung giấy tờ nhiều lần", "giấy tờ yêu cầu không giống như niêm yết",
                   "phải đi lại nhiều lần mới xong", "hướng dẫn trên mạng và ở quầy không khớp nhau"],
    "staff": ["cán bộ thiếu nhiệt tình", "thái độ cán bộ chưa tốt, nói trống không", "cán bộ hướng dẫn không rõ ràng",
              "hỏi thì cán bộ trả lời qua loa", "cán bộ gây khó dễ, gợi ý phải có phí bồi dưỡng"],
    "results": ["trả kết quả chậm so với giấy hẹn", "hẹn rồi lại lỡ hẹn, không có thư xin lỗi",
                "kết quả bị sai thông tin phải làm lại", "hồ sơ để quá hạn mà không ai báo"],
    "feedback": ["góp ý mãi không thấy trả lời", "gọi đường dây nóng không ai nghe máy",
                 "phản ánh rồi mà không thấy xử lý"],
    "wait": ["chờ đợi quá lâu", "xếp hàng mất cả buổi sáng", "đợi hơn 2 tiếng mới đến lượt", "chờ lâu quá"],
    "online": ["trang dịch vụ công hay bị lỗi, không nộp được", "nộp online xong vẫn phải lên nộp bản giấy"],
}
REQUESTS = ["Đề nghị bố trí thêm cán bộ vào giờ cao điểm.", "Mong được cải thiện thời gian chờ.",
            "Đề nghị thêm ghế ngồi chờ.", "Mong cán bộ hướng dẫn kỹ hơn.", "Nên có thêm quầy hỗ trợ nộp online.",
            "Đề nghị niêm yết rõ lệ phí.", "Mong thủ tục đơn giản hơn nữa."]
OPENERS_POS = ["", "", "Nhìn chung ", "Tôi thấy ", "Mình thấy ", "Rất hài lòng, ", "Hài lòng. "]
OPENERS_NEG = ["", "", "Tôi không hài lòng vì ", "Chưa hài lòng: ", "Thật sự thất vọng, ", "Mình thấy "]
CLOSERS_POS = ["", "", " Cảm ơn cán bộ.", " Cảm ơn!", " Sẽ giới thiệu cho người quen.", " Rất tốt."]
CLOSERS_NEG = ["", "", " Mong được khắc phục.", " Rất bức xúc.", " Cần chấn chỉnh ngay."]
NEUTRAL = ["Bình thường, không có ý kiến gì.", "Không có ý kiến.", "Tạm được.", "Cũng được, không có gì đặc biệt.",
           "Thủ tục bình thường, chờ hơi lâu một chút."]

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
    kind = _pick(rng, ["phone", "phone", "cccd", "cmnd", "email"])
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


def roughen(rng: np.random.Generator, text: str, *, positive: bool | None) -> tuple[str, list[str]]:
    """Write a clean comment the way people type it; returns the text and the roughening applied.

    Each step is drawn on its own, in this order and with this probability: older tone placement
    (0.15), teencode (0.22), no diacritics (0.25), emoji (0.18, unless ``positive`` is None), all
    lower or upper case (0.08), odd spacing (0.06) and NFD (0.10).

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
        The steps drawn, in order, among ``old_tone``, ``teencode``, ``no_diacritics``, ``emoji``,
        ``case``, ``spacing`` and ``nfd``. ``teencode`` is listed whenever that step is drawn, even if
        no word of the text was replaced.

    Examples
    --------
    >>> text, applied = roughen(np.random.default_rng(0), "Cán bộ nhiệt tình.", positive=True)
    >>> set(applied) <= {"old_tone", "teencode", "no_diacritics", "emoji", "case", "spacing", "nfd"}
    True
    """
    applied = []
    if rng.uniform() < 0.15:
        text = tone_on_second_vowel(text)
        applied.append("old_tone")
    if rng.uniform() < 0.22:
        for word, codes in TEENCODE:
            if word in text.lower() and rng.uniform() < 0.8:
                text = re.sub(word, _pick(rng, codes), text, flags=re.IGNORECASE)
        applied.append("teencode")
    if rng.uniform() < 0.25:
        text = strip_diacritics(text)
        applied.append("no_diacritics")
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
    if rng.uniform() < 0.10:
        text = unicodedata.normalize("NFD", text)
        applied.append("nfd")
    return text, applied


def compose_comment(rng: np.random.Generator, *, tone: float, worst: str, best: str, wait: int,
                    online: bool) -> tuple[str, str]:
    """One clean comment and its polarity (``positive``, ``negative`` or ``neutral``).

    Above :data:`TONE_POSITIVE` the comment praises the best factor (or, half the time when the
    respondent applied online, the online service). Below :data:`TONE_NEGATIVE` it complains about
    the wait (with probability 0.6 when it was 60 minutes or more), else the online service (0.4
    when the respondent applied online), else the worst factor. Either may add a second phrase
    (praise of a factor, or a complaint on any topic), and a complaint may end with a request. In
    between, it is a neutral remark or a request.

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
        The respondent's waiting time, in minutes.
    online : bool
        Whether the respondent applied online.

    Returns
    -------
    text : str
        The comment, its first letter capitalised.
    polarity : str
        ``positive``, ``negative`` or ``neutral``.

    Examples
    --------
    >>> compose_comment(np.random.default_rng(0), tone=3.0, worst="staff", best="results", wait=10,
    ...                 online=False)[1]
    'positive'
    """
    if tone > TONE_POSITIVE:
        parts = [_pick(rng, PRAISE["online"] if online and rng.uniform() < 0.5 else PRAISE[best])]
        if rng.uniform() < 0.4:
            parts.append(_pick(rng, PRAISE[_pick(rng, list(COMPLAINT.keys())[:5])]))
        text = _pick(rng, OPENERS_POS) + ", ".join(parts) + "." + _pick(rng, CLOSERS_POS)
        polarity = "positive"
    elif tone < TONE_NEGATIVE:
        topic = "wait" if wait >= 60 and rng.uniform() < 0.6 else ("online" if online and rng.uniform() < 0.4 else worst)
        parts = [_pick(rng, COMPLAINT[topic])]
        if rng.uniform() < 0.35:
            parts.append(_pick(rng, COMPLAINT[_pick(rng, list(COMPLAINT))]))
        text = _pick(rng, OPENERS_NEG) + ", ".join(parts) + "." + _pick(rng, CLOSERS_NEG)
        if rng.uniform() < 0.4:
            text += " " + _pick(rng, REQUESTS)
        polarity = "negative"
    else:
        text = _pick(rng, NEUTRAL) if rng.uniform() < 0.6 else _pick(rng, REQUESTS)
        polarity = "neutral"
    text = text[0].upper() + text[1:]
    return text, polarity


def add_comments(rng: np.random.Generator, survey: pd.DataFrame, *, share: float = 0.35,
                 pii_share: float = 0.02) -> tuple[pd.Series, dict]:
    """Comments for about ``share`` of respondents; returns the column and counts of what was injected.

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
        Probability that a comment carries a phone number, ID card number or e-mail address.

    Returns
    -------
    comments : pandas.Series
        One comment per respondent, on the index of ``survey``; ``""`` for those without one.
    counts : dict
        ``comments`` (int), and dicts of counts ``pii`` (by kind), ``roughening`` (by step of
        :func:`roughen`) and ``polarity``.

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
        Probability that the text carries a phone number, ID card number or e-mail address.

    Returns
    -------
    text : str
        A topic sentence and a closing sentence of the category, roughened by :func:`roughen` (no emoji).
    kind : str or None
        ``phone``, ``cccd``, ``cmnd`` or ``email`` when personal data was added, else None.

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

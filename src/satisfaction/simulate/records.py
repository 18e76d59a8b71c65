"""Administrative records: case files (hồ sơ), the letters register and citizens' petitions.

Cases of 2024 follow each district's reported online and on-time shares. Every late case should
have an apology letter (thư xin lỗi); each district sends one for a share of its late cases given
by its ``apology_compliance``, so the missing ones are a known compliance gap. Birth and marriage
registrations bring congratulation letters, death registrations condolence letters, and a few
cases a thank-you letter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from satisfaction.simulate.comments import PETITION_TOPICS, compose_petition

CASES_PER_DISTRICT = 400
CASE_YEAR = 2024
#: Procedures by service area, with the legal time limit in days and their relative frequency.
PROCEDURES = [
    ("Hộ tịch", "Đăng ký khai sinh", 1, 0.12), ("Hộ tịch", "Đăng ký kết hôn", 3, 0.06),
    ("Hộ tịch", "Đăng ký khai tử", 1, 0.04), ("Hộ tịch", "Cấp bản sao trích lục hộ tịch", 1, 0.06),
    ("Chứng thực", "Chứng thực bản sao từ bản chính", 1, 0.18), ("Chứng thực", "Chứng thực hợp đồng, giao dịch", 2, 0.05),
    ("Đất đai", "Đăng ký biến động đất đai", 10, 0.12), ("Đất đai", "Cấp giấy chứng nhận quyền sử dụng đất", 30, 0.06),
    ("Xây dựng", "Cấp giấy phép xây dựng nhà ở riêng lẻ", 15, 0.08),
    ("Đăng ký kinh doanh", "Đăng ký hộ kinh doanh", 3, 0.10),
    ("Lao động, thương binh và xã hội", "Trợ cấp xã hội hằng tháng", 7, 0.08),
    ("Khác", "Xác nhận thông tin cư trú", 3, 0.05),
]
CHANNELS = ["Trực tiếp", "Trực tuyến", "Bưu chính công ích"]


def make_cases(rng: np.random.Generator, world: dict) -> pd.DataFrame:
    """Case records of 2024, clean (the export step makes them messy).

    Each district gets about 400 cases (normal, sd 25) received in 2024, late with probability
    ``1 - ontime_share`` (1-10 days past the legal limit), submitted online with probability
    ``online_share`` and by post with probability 0.03; about 1% are still pending.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    world : dict
        The world of :func:`satisfaction.simulate.world.make_world`; only ``world["districts"]`` is
        used (``district_code``, ``district_name``, ``ontime_share``, ``online_share``).

    Returns
    -------
    pandas.DataFrame
        ``case_id`` (``HS2024-000001``, ...), ``district_code``, ``district_name``, ``service_area``,
        ``procedure`` (of :data:`PROCEDURES`), ``channel`` (of :data:`CHANNELS`), ``received``,
        ``due``, ``returned`` (NaT while pending) and ``late`` (1.0, 0.0, or NaN while pending), sorted
        by date received and district.

    Examples
    --------
    >>> districts = pd.DataFrame({"district_code": ["001"], "district_name": ["Quận Ba Đình"],
    ...                           "ontime_share": [0.95], "online_share": [0.6]})
    >>> cases = make_cases(np.random.default_rng(0), {"districts": districts})
    >>> cases["case_id"].iloc[0], bool(cases["received"].dt.year.eq(2024).all())
    ('HS2024-000001', True)
    """
    probs = np.array([p[3] for p in PROCEDURES])
    probs = probs / probs.sum()
    frames = []
    start = np.datetime64(f"{CASE_YEAR}-01-02")
    for _, d in world["districts"].iterrows():
        n = int(rng.normal(CASES_PER_DISTRICT, 25))
        proc = rng.choice(len(PROCEDURES), n, p=probs)
        received = start + rng.integers(0, 355, n).astype("timedelta64[D]")
        limit = np.array([PROCEDURES[k][2] for k in proc])
        due = received + limit.astype("timedelta64[D]")
        late = rng.uniform(size=n) > d["ontime_share"]
        early = ~late & (rng.uniform(size=n) < 0.55) & (limit > 1)
        took = np.where(late, limit + rng.integers(1, 11, n),
                        np.where(early, np.maximum(limit - rng.integers(1, 4, n), 0), limit))
        returned = received + took.astype("timedelta64[D]")
        pending = rng.uniform(size=n) < 0.01
        u = rng.uniform(size=n)
        channel = np.where(u < d["online_share"], 1, np.where(u < d["online_share"] + 0.03, 2, 0))
        frames.append(pd.DataFrame({
            "district_code": d["district_code"], "district_name": d["district_name"],
            "service_area": [PROCEDURES[k][0] for k in proc], "procedure": [PROCEDURES[k][1] for k in proc],
            "channel": [CHANNELS[c] for c in channel], "received": received, "due": due,
            "returned": pd.Series(returned).where(~pending), "late": np.where(pending, np.nan, late),
        }))
    cases = pd.concat(frames, ignore_index=True).sort_values(["received", "district_code"], kind="stable")
    cases.insert(0, "case_id", [f"HS{CASE_YEAR}-{i:06d}" for i in range(1, len(cases) + 1)])
    return cases.reset_index(drop=True)


def make_letters(rng: np.random.Generator, world: dict, cases: pd.DataFrame) -> pd.DataFrame:
    """The letters register of 2024: apology, thanks, congratulation and condolence letters.

    Each late case gets an apology (thư xin lỗi), sent the day after it was due, with probability its
    district's ``apology_compliance``. Returned birth and marriage registrations get a congratulation
    letter and returned death registrations a condolence letter (each with probability 0.85), and
    returned on-time cases a thank-you letter (probability 0.04); these are sent the day the case was
    returned.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    world : dict
        The world of :func:`satisfaction.simulate.world.make_world`; only ``world["districts"]`` is
        used (``district_code``, ``apology_compliance``).
    cases : pandas.DataFrame
        The cases of :func:`make_cases`.

    Returns
    -------
    pandas.DataFrame
        ``letter_no`` (``00001/TL``, ...), ``case_id``, ``district_code``, ``district_name``,
        ``letter_type`` and ``sent``, sorted by date sent.

    Examples
    --------
    >>> districts = pd.DataFrame({"district_code": ["001"], "district_name": ["Quận Ba Đình"],
    ...                           "ontime_share": [0.95], "online_share": [0.6], "apology_compliance": [0.9]})
    >>> rng = np.random.default_rng(0)
    >>> letters = make_letters(rng, {"districts": districts}, make_cases(rng, {"districts": districts}))
    >>> sorted(letters["letter_type"].unique())
    ['Thư chia buồn', 'Thư chúc mừng', 'Thư cảm ơn', 'Thư xin lỗi']
    """
    comp = world["districts"].set_index("district_code")["apology_compliance"]
    late = cases[cases["late"] == 1]
    sent = rng.uniform(size=len(late)) < late["district_code"].map(comp).to_numpy()
    parts = [late[sent].assign(letter_type="Thư xin lỗi", sent=lambda x: x["due"] + pd.Timedelta(days=1))]
    for procs, kind, p in [(["Đăng ký khai sinh", "Đăng ký kết hôn"], "Thư chúc mừng", 0.85),
                           (["Đăng ký khai tử"], "Thư chia buồn", 0.85)]:
        sel = cases[cases["procedure"].isin(procs) & cases["returned"].notna()]
        sel = sel[rng.uniform(size=len(sel)) < p]
        parts.append(sel.assign(letter_type=kind, sent=sel["returned"]))
    thanks = cases[cases["returned"].notna() & (cases["late"] == 0)]
    thanks = thanks[rng.uniform(size=len(thanks)) < 0.04]
    parts.append(thanks.assign(letter_type="Thư cảm ơn", sent=thanks["returned"]))
    letters = pd.concat(parts, ignore_index=True)[["case_id", "district_code", "district_name", "letter_type", "sent"]]
    letters = letters.sort_values(["sent", "case_id", "letter_type"], kind="stable").reset_index(drop=True)
    letters.insert(0, "letter_no", [f"{i:05d}/TL" for i in range(1, len(letters) + 1)])
    return letters


def make_petitions(rng: np.random.Generator, world: dict, crosswalk: pd.DataFrame,
                   n_per_year: int = 400, *, text_rng: np.random.Generator | None = None) -> tuple[pd.DataFrame, dict]:
    """Citizens' petitions 2022-2025 with free text; those after 2025-07-01 name the new communes.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw is taken from (the same state gives the same result).
    world : dict
        The world of :func:`satisfaction.simulate.world.make_world`.
    crosswalk : pandas.DataFrame
        Old ward to new commune (``ward_code``, ``new_ward``), as
        :func:`satisfaction.ingest.reference.crosswalk_2025`; a divided ward's first row is used.
    n_per_year : int, default 400
        Petitions per year.
    text_rng : numpy.random.Generator or None
        The generator the texts are drawn from (:func:`satisfaction.simulate.comments.compose_petition`);
        None: ``rng``. The simulator gives one of its own, so that a change to the texts leaves every
        other draw as it was.

    Returns
    -------
    petitions : pandas.DataFrame
        ``petition_id`` (``PA-00001``, ...), ``received``, ``answered`` (None for about 8%),
        ``unit`` (the district, or the new commune for petitions received from 2025-07-01),
        ``ward`` (None from 2025-07-01), ``category`` (a key of
        :data:`satisfaction.simulate.comments.PETITION_TOPICS`), ``channel`` and ``text``, sorted by
        date received.
    pii : dict
        How many texts carry each kind of personal data (``phone``, ``cccd``, ``cmnd``, ``email``, ``passport``,
        ``bhyt``).
    """
    wards = world["wards"]
    names = world["districts"].set_index("district_code")["district_name"]
    new_of = crosswalk.groupby("ward_code")["new_ward"].first()
    cats = list(PETITION_TOPICS)
    rows, pii = [], {}
    for year in (2022, 2023, 2024, 2025):
        for _ in range(n_per_year):
            w = wards.iloc[int(rng.integers(len(wards)))]
            received = np.datetime64(f"{year}-01-01") + np.timedelta64(int(rng.integers(0, 365)), "D")
            category = cats[int(rng.integers(len(cats)))]
            text, kind = compose_petition(rng if text_rng is None else text_rng, category)
            if kind:
                pii[kind] = pii.get(kind, 0) + 1
            answered = received + np.timedelta64(int(rng.gamma(2.0, 9.0)) + 1, "D")
            new_units = received >= np.datetime64("2025-07-01")
            rows.append({
                "received": received, "answered": answered if rng.uniform() > 0.08 else None,
                "unit": new_of[w["ward_code"]] if new_units else names[w["district_code"]],
                "ward": None if new_units else w["ward_name"],
                "category": category,
                "channel": ["Trực tiếp", "Qua thư", "Cổng dịch vụ công", "Đường dây nóng"][int(rng.integers(4))],
                "text": text})
    pet = pd.DataFrame(rows).sort_values("received", kind="stable").reset_index(drop=True)
    pet.insert(0, "petition_id", [f"PA-{i:05d}" for i in range(1, len(pet) + 1)])
    return pet, pii

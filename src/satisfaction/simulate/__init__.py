"""A seeded simulator of the survey world, and the raw files it writes to ``data/raw/``.

No real microdata can be shipped, so the project ships this simulator and the files it produced.
``simulate(out_dir, seed=...)`` regenerates them byte for byte (a test checks the checksums in
``data/raw/MANIFEST.sha256``), so anyone can see how the data came to be.

Examples
--------
>>> from satisfaction.simulate.world import WAVES
>>> WAVES
(2022, 2023, 2024, 2025)
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from satisfaction import __version__
from satisfaction.ingest import reference
from satisfaction.simulate import export
from satisfaction.simulate.comments import TONE_NEGATIVE, TONE_POSITIVE, add_comments
from satisfaction.simulate.records import make_cases, make_letters, make_petitions
from satisfaction.simulate.respondents import ITEM_CUTS, OVERALL_MODEL, STATED_IMPORTANCE
from satisfaction.simulate.sample import population_rates, sample_wave
from satisfaction.simulate.world import ANCHORS, NEW_UNITS_WAVE, QUALITY_ON_TRAITS, WAVES, make_world
from satisfaction.sipas.questionnaire import FACTORS

log = logging.getLogger(__name__)

DEFAULT_SEED = 20250701
#: The constant of the comments' and petition texts' own generators (``[seed, wave or 0, TEXT_STREAM]``).
TEXT_STREAM = 16
SURVEY_FILE = "khao_sat_{wave}.xlsx"
REPORTS_FILE = "bao_cao_quan_huyen.csv"
CASES_FILE = "ho_so_2024.csv"
LETTERS_FILE = "so_thu_2024.xlsx"
LEGACY_LETTERS_FILE = "so_thu_thuong_tin_2024_tcvn3.csv"
LEGACY_DISTRICT = "Huyện Thường Tín"
PETITIONS_FILE = "don_thu_phan_anh.csv"
MANIFEST = "MANIFEST.sha256"

__all__ = ["simulate", "DEFAULT_SEED", "SURVEY_FILE", "REPORTS_FILE", "CASES_FILE", "LETTERS_FILE",
           "LEGACY_LETTERS_FILE", "LEGACY_DISTRICT", "PETITIONS_FILE", "MANIFEST"]


def simulate(out_dir: str | Path, *, seed: int = DEFAULT_SEED) -> list[Path]:
    """Simulate the world and write every raw file, ``truth.json``, ``injected.json`` and the manifest.

    Returns the paths written. The same seed (and the pinned numpy) gives the same bytes.

    Parameters
    ----------
    out_dir : str or pathlib.Path
        The folder to write (created if needed); files of the same names are overwritten.
    seed : int, default DEFAULT_SEED
        Seed of the :func:`numpy.random.default_rng` every draw comes from (20250701, the seed of
        the committed data). The free texts have generators of their own, seeded
        ``[seed, wave, TEXT_STREAM]`` for a wave's comments and ``[seed, 0, TEXT_STREAM]`` for the
        petitions: they draw nothing from the main stream, so a change to the phrase bank or to how
        comments are composed and roughened changes the texts and nothing else of the world.

    Returns
    -------
    list of pathlib.Path
        In the order written: ``khao_sat_<wave>.xlsx`` for each wave, ``bao_cao_quan_huyen.csv``,
        ``ho_so_2024.csv``, ``so_thu_2024.xlsx``, ``so_thu_thuong_tin_2024_tcvn3.csv``,
        ``don_thu_phan_anh.csv``, ``truth.json``, ``injected.json`` and last ``MANIFEST.sha256`` (the
        SHA-256 of every other file).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    world = make_world(rng)
    crosswalk = reference.crosswalk_2025()
    written: list[Path] = []
    injected: dict = {}
    truth_rates = []
    districts = world["districts"]

    for wave in WAVES:
        log.info("simulating wave %s", wave)
        survey = sample_wave(rng, world, wave)
        comments, counts = add_comments(np.random.default_rng([seed, wave, TEXT_STREAM]), survey)
        survey["comment"] = comments
        survey["resp_id"] = [f"HN{wave % 100:02d}-{c}-{i:04d}" for i, c in
                             enumerate(survey["district_code"], start=1)]
        title = [[f"KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC ĐỐI VỚI SỰ PHỤC VỤ CỦA CƠ QUAN "
                  f"HÀNH CHÍNH NHÀ NƯỚC NĂM {wave}"],
                 ["Đơn vị thực hiện: Viện nghiên cứu phát triển kinh tế - xã hội (dữ liệu mô phỏng)"], []]
        header, rows, inj = export.survey_export(rng, survey, world, crosswalk, wave)
        inj["comments"] = counts
        inj["respondents"] = len(survey)
        injected[SURVEY_FILE.format(wave=wave)] = inj
        path = out / SURVEY_FILE.format(wave=wave)
        export.write_xlsx(path, {"Du lieu" if wave == 2023 else "Dữ liệu": (title, header, rows)})
        written.append(path)
        rates = population_rates(rng, world, wave)
        rates["sample_n"] = rates["district_code"].map(survey["district_code"].value_counts())
        truth_rates.append(rates)

    rates = pd.concat(truth_rates, ignore_index=True)
    # the districts' own reports: traits, and a self-assessed satisfaction rate above the truth
    rep = rates.merge(districts, on="district_code")
    self_rate = np.minimum(rep["true_satisfied_pct"] + rep["self_report_gap"] + rng.normal(0, 0.4, len(rep)), 99.9)
    rep = rep.assign(self_rate=np.round(self_rate, 2))
    header = ["Năm", "Đơn vị", "Tỷ lệ hồ sơ trực tuyến (%)", "Tỷ lệ hồ sơ đúng hạn (%)",
              "Diện tích bộ phận một cửa (m2)", "Số quầy", "Số cán bộ", "Tỷ lệ hài lòng tự đánh giá (%)"]
    jitter = rng.normal(0, 0.8, (len(rep), 2))
    rows = [[r.wave, r.district_name, round(min(99.5, 100 * r.online_share + j[0]), 2),
             round(min(99.9, 100 * r.ontime_share + j[1] / 4), 2), int(r.onestop_area_m2), int(r.counters),
             int(r.staff), r.self_rate] for r, j in zip(rep.itertuples(), jitter, strict=True)]
    path = out / REPORTS_FILE
    export.write_csv(path, header, rows, delimiter=";")
    written.append(path)

    cases = make_cases(rng, world)
    impossible = rng.uniform(size=len(cases)) < 0.002
    case_rows = [[c.case_id, c.district_name, c.service_area, c.procedure, c.channel,
                  export._date_variants(rng, c.received, impossible=bool(bad)),
                  export._date_variants(rng, c.due), export._date_variants(rng, c.returned),
                  "" if pd.isna(c.late) else ("Quá hạn" if c.late else "Đúng hạn")]
                 for c, bad in zip(cases.itertuples(), impossible, strict=True)]
    path = out / CASES_FILE
    export.write_csv(path, ["Mã hồ sơ", "Đơn vị", "Lĩnh vực", "Thủ tục", "Kênh nộp", "Ngày tiếp nhận",
                            "Ngày hẹn trả", "Ngày trả kết quả", "Trạng thái"], case_rows, encoding="utf-8-sig")
    written.append(path)
    injected[CASES_FILE] = {"rows_written": len(cases), "impossible_received_dates": int(impossible.sum()),
                            "late": int((cases["late"] == 1).sum()), "pending": int(cases["returned"].isna().sum())}

    letters = make_letters(rng, world, cases)
    late_ids = set(cases.loc[cases["late"] == 1, "case_id"])
    apology_ids = set(letters.loc[letters["letter_type"] == "Thư xin lỗi", "case_id"])
    head = ["Số thư", "Loại thư", "Mã hồ sơ", "Đơn vị", "Ngày gửi"]
    legacy = letters["district_name"] == LEGACY_DISTRICT

    def letter_rows(df: pd.DataFrame) -> list[list]:
        return [[r.letter_no, r.letter_type, r.case_id, r.district_name, r.sent.strftime("%d/%m/%Y")]
                for r in df.itertuples()]

    path = out / LETTERS_FILE
    export.write_xlsx(path, {"Sổ theo dõi thư": ([["SỔ THEO DÕI GỬI THƯ NĂM 2024"], []], head, letter_rows(letters[~legacy]))})
    written.append(path)
    path = out / LEGACY_LETTERS_FILE
    export.write_csv(path, head, letter_rows(letters[legacy]), encoding="tcvn3")
    written.append(path)
    injected[LETTERS_FILE] = {"rows_written": int((~legacy).sum())}
    injected[LEGACY_LETTERS_FILE] = {"rows_written": int(legacy.sum()), "encoding": "TCVN3 (ABC)"}
    injected["apology_letters"] = {"late_cases": len(late_ids), "late_with_letter": len(late_ids & apology_ids),
                                   "late_without_letter": len(late_ids - apology_ids)}

    pet, pii = make_petitions(rng, world, crosswalk, text_rng=np.random.default_rng([seed, 0, TEXT_STREAM]))
    path = out / PETITIONS_FILE
    export.write_csv(path, ["Số đơn", "Ngày nhận", "Ngày trả lời", "Đơn vị", "Phường/xã", "Lĩnh vực",
                            "Hình thức tiếp nhận", "Nội dung"],
                     [[p.petition_id, pd.Timestamp(p.received).strftime("%d/%m/%Y"),
                       "" if pd.isna(p.answered) else pd.Timestamp(p.answered).strftime("%d/%m/%Y"),
                       p.unit, p.ward or "", p.category, p.channel, p.text] for p in pet.itertuples()])
    written.append(path)
    injected[PETITIONS_FILE] = {"rows_written": len(pet), "pii": pii,
                                "unanswered": int(pet["answered"].isna().sum())}

    truth = _truth(world, rates, seed)
    for name, obj in [("truth.json", truth), ("injected.json", injected)]:
        (out / name).write_text(json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        written.append(out / name)
    manifest = "".join(f"{export.sha256(p)}  {p.name}\n" for p in sorted(written))
    (out / MANIFEST).write_text(manifest, encoding="utf-8")
    return [*written, out / MANIFEST]


def _truth(world: dict, rates: pd.DataFrame, seed: int) -> dict:
    d = world["districts"]
    districts = d[["district_code", "district_name", "online_share", "ontime_share", "onestop_area_m2",
                   "counters", "staff", "apology_compliance", "quality", "self_report_gap"]].round(4)
    return {
        "generator": f"satisfaction.simulate {__version__}", "seed": seed,
        "overall_model": {
            "description": "proportional-odds logit of q_overall (1-5) on the respondent's mean score of each "
                           "SIPAS factor's items minus 4 (score_<factor>), wait_minutes, visits and online "
                           "(channel 2 or 3); logit P(q_overall <= j) = cutpoint_j - eta; a district-wave "
                           "random intercept with sd district_wave_sd is added to eta",
            **OVERALL_MODEL,
            "driver_order": sorted([f"score_{k}" for k in FACTORS],
                                   key=lambda k: -OVERALL_MODEL["beta"][k]),
        },
        "item_cutpoints": ITEM_CUTS.tolist(),
        "stated_importance_mean": STATED_IMPORTANCE,
        "district_quality_on_traits": QUALITY_ON_TRAITS,
        "anchors": ANCHORS,
        "new_units_wave": NEW_UNITS_WAVE,
        "comment_tone_thresholds": {"positive_above": TONE_POSITIVE, "negative_below": TONE_NEGATIVE},
        "districts": districts.to_dict(orient="records"),
        "district_wave_rates": rates.to_dict(orient="records"),
    }

"""Write the bundled example study ``study_hanoi_2026`` (``src/satisfaction/data/examples/study_hanoi_2026/``).

A small simulated study that takes the other path through the suite from the bundled Hanoi world: a 2026
survey of Hanoi after the 2025-07-01 reorganisation, compared at commune level (no districts), exported by a
consultant as an SPSS ``.sav`` file with English variable names and value labels, with its own questionnaire
(six factors, one on online public services, no expectation items) and a two-stage design: 40 of the city's
126 communes and wards, then 4 of the residential groups (tổ dân phố, thôn) of each, 6 respondents per
group, with the population counts of both stages for the fpc. No case, letter or petition register.

Run from the repository root: ``python scripts/make_example_study.py`` (seeded; the same files every run).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat

from satisfaction import config
from satisfaction.ingest import reference
from satisfaction.vietnamese import strip_diacritics

OUT = config.PACKAGE_DATA / "examples" / "study_hanoi_2026"
SEED = 2026
N_COMMUNES, GROUPS, PER_GROUP = 40, 4, 6
FACTORS = {  # key: (label_vi, label_en, item labels in English, mean shift of the latent score)
    "access": ("Tiếp cận dịch vụ", "Access to the service",
               ["Waiting area is comfortable", "Equipment is sufficient", "Signs are clear"], 0.3),
    "procedures": ("Thủ tục hành chính", "Administrative procedures",
                   ["Procedures are posted", "Documents asked are as posted", "Fees are as regulated"], 0.2),
    "attitude": ("Thái độ của công chức", "Attitude of civil servants",
                 ["Staff are polite", "Staff listen", "Staff do not harass"], 0.1),
    "guidance": ("Hướng dẫn của công chức", "Guidance by civil servants",
                 ["Staff explain clearly", "Guidance is complete", "Staff follow the rules"], 0.0),
    "results": ("Kết quả giải quyết", "Results",
                ["Result is correct", "Result is on time", "Result has full information"], 0.2),
    "online": ("Dịch vụ công trực tuyến", "Online public services",
               ["Portal is easy to use", "Online payment works", "Status can be tracked online"], -0.9),
}
LABELS = {1.0: "Very dissatisfied", 2.0: "Dissatisfied", 3.0: "Neither", 4.0: "Satisfied",
          5.0: "Very satisfied", 9.0: "Don't know"}
COMMENTS = ["Cán bộ nhiệt tình, hướng dẫn rõ ràng", "Phải chờ lâu quá", "Cổng dịch vụ công hay bị lỗi, không nộp được",
            "Thanh toán trực tuyến chưa thuận tiện", "Thủ tục nhanh gọn", "Nhân viên không niềm nở",
            "Phòng chờ chật, nóng", "Hài lòng", "Cần thêm hướng dẫn nộp hồ sơ online", "Được trả kết quả đúng hẹn"]


def _written(name: str, rng: np.random.Generator) -> str:
    """A commune's name as interviewers type it: official, without diacritics, or abbreviated."""
    r = rng.random()
    if r < 0.15:
        return strip_diacritics(name)
    if r < 0.3:
        return name.replace("Phường ", "P. ").replace("Xã ", "X. ")
    return name


def build() -> tuple[pd.DataFrame, dict, dict, dict]:
    rng = np.random.default_rng(SEED)
    units = sorted(reference.crosswalk_2025()["new_ward"].unique())
    assert len(units) == 126, len(units)
    chosen = sorted(rng.choice(units, N_COMMUNES, replace=False))
    rows = []
    items = {f: [f"q{i}" for i in range(k * 3 + 1, k * 3 + 4)] for k, f in enumerate(FACTORS)}
    rid = 0
    for commune in chosen:
        effect = rng.normal(0, 0.45)
        n_groups = int(rng.integers(8, 21))
        for g in sorted(rng.choice(np.arange(1, n_groups + 1), GROUPS, replace=False)):
            adults = int(rng.integers(300, 900))
            group_effect = rng.normal(0, 0.2)
            for _ in range(PER_GROUP):
                rid += 1
                person = rng.normal(0, 1)
                row = {"resp_no": f"HN26-{rid:04d}", "commune": _written(commune, rng),
                       "cluster": f"TDP{int(g):02d}", "n_communes": 126.0, "n_clusters": float(n_groups),
                       "wgt": round((126 / N_COMMUNES) * (n_groups / GROUPS) * (adults / PER_GROUP), 4),
                       "sex": float(rng.integers(1, 3)), "age": float(rng.integers(18, 80))}
                for f, (_, _, _, shift) in FACTORS.items():
                    latent = 1.9 + shift + effect + group_effect + 0.8 * person
                    for item in items[f]:
                        score = latent + rng.normal(0, 0.7)
                        code = 1 + int(np.digitize(score, [-0.6, 0.2, 1.1, 2.4]))
                        row[item] = float(code) if rng.random() > 0.02 else 9.0  # "don't know"
                overall = 1.9 + effect + group_effect + 0.9 * person + rng.normal(0, 0.6)
                row["q_overall"] = float(1 + int(np.digitize(overall, [-0.6, 0.2, 1.1, 2.4])))
                row["comment"] = str(rng.choice(COMMENTS)) if rng.random() < 0.35 else ""
                rows.append(row)
    data = pd.DataFrame(rows)
    labels = {"resp_no": "Respondent number", "commune": "Commune or ward (units of 2025-07-01)",
              "cluster": "Residential group (to dan pho / thon) sampled", "n_communes": "Communes and wards in the city",
              "n_clusters": "Residential groups in the commune", "wgt": "Design weight", "sex": "Sex",
              "age": "Age", "q_overall": "Overall satisfaction", "comment": "Comments (open question)"}
    for f, (_, _, names, _) in FACTORS.items():
        labels.update(dict(zip(items[f], names, strict=True)))
    value_labels = {v: LABELS for f in items for v in items[f]}
    value_labels["q_overall"] = {k: v for k, v in LABELS.items() if k != 9.0}
    value_labels["sex"] = {1.0: "Male", 2.0: "Female"}
    return data, labels, value_labels, items


def codebook(items: dict) -> pd.DataFrame:
    likert_vi = "1=Rất không hài lòng;2=Không hài lòng;3=Bình thường;4=Hài lòng;5=Rất hài lòng"
    likert_en = "1=Very dissatisfied;2=Dissatisfied;3=Neither;4=Satisfied;5=Very satisfied"
    rows = [
        ("resp_id", "Mã phiếu", "Respondent number", "id", "", "", "", "", "yes", "resp_no"),
        ("ward_name", "Phường, xã (đơn vị từ 01/07/2025)", "Commune or ward (units of 2025-07-01)", "place", "", "", "",
         "", "yes", "commune"),
        ("cluster", "Tổ dân phố, thôn được chọn", "Residential group sampled", "id", "", "", "", "", "yes", "cluster"),
        ("n_communes", "Số phường, xã của thành phố", "Communes and wards in the city", "numeric", "", "", "", "", "yes",
         "n_communes"),
        ("n_clusters", "Số tổ dân phố, thôn của phường, xã", "Residential groups in the commune", "numeric", "", "", "",
         "", "yes", "n_clusters"),
        ("weight", "Trọng số thiết kế", "Design weight", "numeric", "", "", "", "", "yes", "wgt"),
        ("sex", "Giới tính", "Sex", "categorical", "", "1=Nam;2=Nữ", "1=Male;2=Female", "", "no", "sex"),
        ("age", "Tuổi", "Age", "integer", "", "18-90", "", "", "no", "age"),
    ]
    for f, (_, _, names, _) in FACTORS.items():
        for item, name in zip(items[f], names, strict=True):
            rows.append((f"q_{item[1:]}", name, name, "likert5", f, likert_vi, likert_en, "9", "no", item))
    rows.append(("q_overall", "Mức độ hài lòng chung", "Overall satisfaction", "likert5", "overall", likert_vi, likert_en,
                 "", "no", "q_overall"))
    rows.append(("comment", "Ý kiến khác", "Comments", "text", "", "", "", "", "no", "comment"))
    return pd.DataFrame(rows, columns=["variable", "label_vi", "label_en", "type", "factor", "values", "values_en",
                                       "missing_codes", "required", "source_columns"])


def instrument(items: dict) -> str:
    lines = ['# The study\'s own questionnaire: six factors, one on online public services (docs/instruments.md).',
             'name = "hanoi2026"', 'title_vi = "Phiếu khảo sát sự hài lòng, Hà Nội 2026"',
             'title_en = "Satisfaction survey questionnaire, Hanoi 2026"', "scale = 5", "satisfied = [4, 5]",
             "dissatisfied = [1, 2]", 'overall = "q_overall"', ""]
    for f, (vi, en, _, _) in FACTORS.items():
        lines += ["[[factors]]", f'key = "{f}"', f'label_vi = "{vi}"', f'label_en = "{en}"',
                  "items = [" + ", ".join(f'"q_{i[1:]}"' for i in items[f]) + "]", ""]
    return "\n".join(lines)


STUDY = """# A 2026 commune-level survey of Hanoi (simulated): the format is in docs/study.md.
title = "Khảo sát sự hài lòng cấp xã, Hà Nội 2026 (ví dụ mô phỏng)"
language = "vi"
simulated = true

[geography]
provinces = ["Hà Nội"]
vintage = "2025"       # the file names the communes and wards of 2025-07-01
level = "commune"      # compare communes (there are no districts after 2025-07-01)

[instrument]
file = "instrument.toml"

[design]
weight = "weight"
cluster = "new_ward"    # stage 1: communes and wards (the cleaned unit of 2025-07-01)
fpc = "n_communes"      # of the city's 126
cluster2 = "cluster"    # stage 2: residential groups within each
fpc2 = "n_clusters"     # of the commune's groups
lonely_psu = "fail"

[[waves]]
file = "survey_2026.sav"
codebook = "codebook.csv"
year = 2026
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    data, labels, value_labels, items = build()
    pyreadstat.write_sav(data, OUT / "survey_2026.sav", column_labels=labels, variable_value_labels=value_labels,
                         missing_ranges={v: [9.0] for f in items for v in items[f]})
    codebook(items).to_csv(OUT / "codebook.csv", index=False, encoding="utf-8", lineterminator="\n")
    (OUT / "instrument.toml").write_text(instrument(items), encoding="utf-8")
    (OUT / "study.toml").write_text(STUDY, encoding="utf-8")
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(config.REPO_ROOT), path.stat().st_size)


if __name__ == "__main__":
    main()

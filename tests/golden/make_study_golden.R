## Golden values for the bundled example study study_hanoi_2026 (two-stage design, commune comparison).
## Run from this folder: cd tests/golden && Rscript make_study_golden.R  (R 4.2, survey 4.1.1)
## Reads study_hanoi_2026_clean.csv (the cleaned survey, written by tests/test_study.py's fixture maker)
## and writes study_golden.csv.
suppressPackageStartupMessages(library(survey))
options(digits = 15)
x <- read.csv("study_hanoi_2026_clean.csv", stringsAsFactors = FALSE)
x$top2 <- as.numeric(x$q_overall >= 4)
x$online <- as.numeric(x$q_16 >= 4)   # an item of the online factor
out <- list()
add <- function(what, unit, r) out[[length(out) + 1]] <<- data.frame(what = what, unit = unit,
  estimate = r[1], se = r[2], ci_low = r[3], ci_high = r[4])
## the whole city: communes sampled, then residential groups within them, an fpc at each stage
full <- svydesign(ids = ~new_ward + cluster, fpc = ~n_communes + n_clusters, weights = ~weight, data = x)
for (v in c("top2", "online")) {
  for (m in c("beta", "logit", "likelihood")) {
    p <- svyciprop(as.formula(paste0("~I(", v, " == 1)")), full, method = m, na.rm = TRUE)
    add(paste(v, m, sep = "_"), "", c(coef(p), SE(p), attr(p, "ci")))
  }
}
m <- svymean(~q_overall, full, na.rm = TRUE)
add("mean_q_overall", "", c(coef(m), SE(m), confint(m, df = degf(full))))
## each commune, conditional on its selection: a stratum whose PSUs are its groups (second-stage fpc)
within <- svydesign(ids = ~cluster, strata = ~new_ward, fpc = ~n_clusters, weights = ~weight, data = x, nest = TRUE)
b <- svyby(~I(top2 == 1), ~new_ward, within, svyciprop, method = "beta", vartype = c("se", "ci"), na.rm = TRUE)
for (i in seq_len(nrow(b))) add("top2_beta", b$new_ward[i], c(b[i, 2], b[i, 3], b[i, 4], b[i, 5]))
res <- do.call(rbind, out)
write.csv(res, "study_golden.csv", row.names = FALSE)

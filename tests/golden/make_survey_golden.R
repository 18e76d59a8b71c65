# Golden values for tests/test_survey.py, computed with R's survey package (Lumley).
# Run from the repository root:  Rscript tests/golden/make_survey_golden.R
# (R 4.x with r-cran-survey from Debian's packages; survey 4.1.1 produced the committed file.)
suppressMessages(library(survey))
out <- list()
add <- function(case, domain, est, se, lo, hi, deff = NA) {
  out[[length(out) + 1]] <<- data.frame(case = case, domain = as.character(domain), estimate = unname(est),
                                        std_err = unname(se), ci_low = unname(lo), ci_high = unname(hi),
                                        deff = unname(deff))
}
stat <- function(case, s, domain = "") {
  ci <- confint(s)
  d <- tryCatch(deff(s), error = function(e) NA, warning = function(w) NA)
  if (length(d) == 0) d <- NA
  add(case, domain, coef(s), SE(s), ci[, 1], ci[, 2], d)
}

x <- read.csv("tests/golden/survey_input.csv", colClasses = c(district_code = "character", psu_code = "character"))
d <- svydesign(ids = ~psu_code, strata = ~district_code, weights = ~weight, fpc = ~n_wards, data = x)
stat("mean_q_overall", svymean(~q_overall, d, na.rm = TRUE, deff = TRUE))
stat("total_top2", svytotal(~top2, d, na.rm = TRUE, deff = TRUE))
r <- svyratio(~wait_minutes, ~visits, d)
ci <- confint(r)
add("ratio_wait_visits", "", coef(r), SE(r), ci[, 1], ci[, 2])
b <- svyby(~q_overall, ~district_code, d, svymean, na.rm = TRUE, deff = TRUE)
ci <- confint(b)
add("by_district_mean", b$district_code, coef(b), SE(b), ci[, 1], ci[, 2], deff(b))
b <- svyby(~q_overall, ~sex, d, svymean, na.rm = TRUE, deff = TRUE)
ci <- confint(b)
add("by_sex_mean", b$sex, coef(b), SE(b), ci[, 1], ci[, 2], deff(b))
b <- svyby(~top2, ~district_code, d, svytotal, na.rm = TRUE)
ci <- confint(b)
add("by_district_total_top2", b$district_code, coef(b), SE(b), ci[, 1], ci[, 2])
dp <- subset(d, !is.na(top2))
p <- svyciprop(~top2, dp, method = "logit")
add("ciprop_top2", "", as.numeric(coef(p)), as.numeric(SE(p)), confint(p)[1], confint(p)[2])
b <- svyby(~top2, ~district_code, dp, svyciprop, method = "logit", vartype = c("se", "ci"))
add("by_district_ciprop_top2", b$district_code, coef(b), SE(b), b$ci_l, b$ci_u)

s <- read.csv("tests/golden/lonely_input.csv")
for (policy in c("remove", "certainty", "adjust")) {
  options(survey.lonely.psu = policy)
  ds <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = s)
  stat(paste0("lonely_", policy, "_mean"), svymean(~y, ds, na.rm = TRUE, deff = TRUE))
  stat(paste0("lonely_", policy, "_total"), svytotal(~y, ds, na.rm = TRUE, deff = TRUE))
  b <- svyby(~y, ~g, ds, svymean, na.rm = TRUE)
  ci <- confint(b)
  add(paste0("lonely_", policy, "_by_g_mean"), b$g, coef(b), SE(b), ci[, 1], ci[, 2])
}
# replicate weights: JK1 on the unstratified cluster design, JKn on the stratified one (no fpc)
options(survey.lonely.psu = "fail")
d1 <- svydesign(ids = ~psu_code, weights = ~weight, data = x)
r1 <- as.svrepdesign(d1, type = "JK1")
stat("jk1_mean_q_overall", svymean(~q_overall, r1, na.rm = TRUE))
d2 <- svydesign(ids = ~psu_code, strata = ~district_code, weights = ~weight, data = x)
r2 <- as.svrepdesign(d2, type = "JKn")
stat("jkn_mean_q_overall", svymean(~q_overall, r2, na.rm = TRUE))
b <- svyby(~q_overall, ~sex, r2, svymean, na.rm = TRUE)
ci <- confint(b)
add("jkn_by_sex_mean", b$sex, coef(b), SE(b), ci[, 1], ci[, 2])

# raking to margins of sex and district (tests/golden/rake_margins.csv), run to full convergence
m <- read.csv("tests/golden/rake_margins.csv", colClasses = c(level = "character"))
pop_d <- data.frame(district_code = m$level[m$margin == "district_code"], Freq = m$total[m$margin == "district_code"])
pop_s <- data.frame(sex = as.integer(m$level[m$margin == "sex"]), Freq = m$total[m$margin == "sex"])
rd <- rake(d2, sample.margins = list(~district_code, ~sex), population.margins = list(pop_d, pop_s),
           control = list(maxit = 200, epsilon = 1e-13, verbose = FALSE))
write.csv(data.frame(resp_id = x$resp_id, raked = weights(rd)), "tests/golden/rake_weights.csv", row.names = FALSE)
e <- svymean(~q_overall, rd, na.rm = TRUE)
add("raked_mean_q_overall", "", coef(e), SE(e), NA, NA)

res <- do.call(rbind, out)
write.csv(res, "tests/golden/survey_golden.csv", row.names = FALSE)
cat(sprintf("%d golden values written with survey %s\n", nrow(res), packageVersion("survey")))

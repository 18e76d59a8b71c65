# Golden values for calibrated designs (tests/test_calibration.py), computed with R's survey package.
# Run from the repository root:  Rscript tests/golden/make_calibration_golden.R
# (R 4.2.2, r-cran-survey 4.1.1 from Debian's packages.) Data: apiclus1 (tests/golden/api_clus1.csv).
suppressMessages(library(survey))
data(api)
rows <- list()
add <- function(case, statistic, s, weights) {
  ci <- confint(s, df = Inf)
  rows[[length(rows) + 1]] <<- data.frame(case = case, statistic = statistic, estimate = unname(coef(s)),
                                          std_err = unname(SE(s)), ci_low = unname(ci[, 1]),
                                          ci_high = unname(ci[, 2]), weight_sum = sum(weights),
                                          weight_min = min(weights), weight_max = max(weights))
}
both <- function(case, d) {
  w <- weights(d)
  add(case, "mean_api00", svymean(~api00, d), w)
  add(case, "total_enroll", svytotal(~enroll, d, na.rm = TRUE), w)
  add(case, "mean_sch_wide", svymean(~I(as.numeric(sch.wide == "Yes")), d), w)
  b <- svyby(~api00, ~cname == "Los Angeles", d, svymean)
  rows[[length(rows) + 1]] <<- data.frame(case = case, statistic = "mean_api00_in_los_angeles",
                                          estimate = coef(b)[2], std_err = SE(b)[2], ci_low = NA, ci_high = NA,
                                          weight_sum = sum(w), weight_min = min(w), weight_max = max(w))
}
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
both("uncalibrated", dclus1)
pop_types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
both("post_stratify_stype", postStratify(dclus1, ~stype, pop_types))
pop_sch_wide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
both("rake_stype_sch_wide", rake(dclus1, list(~stype, ~sch.wide), list(pop_types, pop_sch_wide),
                                  control = list(maxit = 1000, epsilon = 1e-13)))
totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069)
both("linear_stype_api99", calibrate(dclus1, ~stype + api99, totals, epsilon = 1e-12, maxit = 200))
both("raking_stype_api99", calibrate(dclus1, ~stype + api99, totals, calfun = "raking", epsilon = 1e-12, maxit = 200))
both("logit_stype_api99", calibrate(dclus1, ~stype + api99, totals, calfun = "logit", bounds = c(0.7, 1.7),
                                      epsilon = 1e-12, maxit = 200))
both("linear_bounded_stype_api99", calibrate(dclus1, ~stype + api99, totals, bounds = c(0.7, 1.7),
                                               epsilon = 1e-12, maxit = 200))
lin <- calibrate(dclus1, ~stype + api99, totals, epsilon = 1e-12, maxit = 200)
both("trim_linear_20_50", trimWeights(lin, upper = 50, lower = 20))
both("trim_linear_20_50_strict", trimWeights(lin, upper = 50, lower = 20, strict = TRUE))
write.csv(do.call(rbind, rows), "tests/golden/calibration_golden.csv", row.names = FALSE)

# Golden values for tests/test_drivers.py::test_multilevel_matches_lmer, with lme4 (REML) on
# tests/golden/drivers_input.csv. Rscript tests/golden/make_multilevel_golden.R
suppressMessages(library(lme4))
x <- read.csv("tests/golden/drivers_input.csv", colClasses = c(district_code = "character", psu_code = "character"))
f <- "q_overall ~ score_access + score_procedures + score_staff + score_results + score_feedback + wait_minutes + visits + online"
out <- NULL
# (the nested model is checked on data with real ward variance: make_nested_golden.R)
for (spec in c("district")) {
  re <- "(1 | district_code)"
  m <- lmer(as.formula(paste(f, "+", re)), data = x, REML = TRUE,
            control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e6)))
  s <- coef(summary(m))
  vc <- as.data.frame(VarCorr(m))
  out <- rbind(out, data.frame(model = spec, term = rownames(s), estimate = s[, 1], std_err = s[, 2]),
               data.frame(model = spec, term = paste0("var_", vc$grp), estimate = vc$vcov, std_err = NA))
}
write.csv(out, "tests/golden/multilevel_golden.csv", row.names = FALSE)
cat(sprintf("%d values with lme4 %s\n", nrow(out), packageVersion("lme4")))

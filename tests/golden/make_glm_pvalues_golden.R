# Golden p-values and residual degrees of freedom of svyglm (summary.svyglm: Student t on df.residual =
# degf(design) + 1 - p for the gaussian and quasibinomial families) for tests/test_drivers.py, on
# tests/golden/drivers_input.csv. Run from the repository root:
#   Rscript tests/golden/make_glm_pvalues_golden.R
suppressMessages(library(survey))
x <- read.csv("tests/golden/drivers_input.csv", colClasses = c(district_code = "character", psu_code = "character"))
x$top2 <- as.numeric(x$q_overall >= 4)
# some answers missing, by a rule the test repeats: visits of every 7th row, the whole of the first PSU's waits
x$visits_na <- ifelse(seq_len(nrow(x)) %% 7 == 0, NA, x$visits)
x$wait_na <- ifelse(x$psu_code == x$psu_code[1], NA, x$wait_minutes)
d <- svydesign(ids = ~psu_code, strata = ~district_code, weights = ~weight, data = x)
rhs <- "score_access + score_procedures + score_staff + score_results + score_feedback + online"
fits <- list(
  gaussian = svyglm(as.formula(paste("q_overall ~", rhs, "+ wait_minutes + visits")), design = d),
  quasibinomial = svyglm(as.formula(paste("top2 ~", rhs, "+ wait_minutes + visits")), design = d,
                         family = quasibinomial(), control = glm.control(epsilon = 1e-14, maxit = 100)),
  gaussian_missing = svyglm(as.formula(paste("q_overall ~", rhs, "+ wait_na + visits_na")), design = d),
  gaussian_jkn = svyglm(as.formula(paste("q_overall ~", rhs, "+ wait_minutes + visits")),
                        design = as.svrepdesign(d, type = "JKn"))
)
out <- do.call(rbind, lapply(names(fits), function(k) {
  s <- coef(summary(fits[[k]]))
  data.frame(model = k, term = rownames(s), estimate = s[, 1], std_err = s[, 2], statistic = s[, 3],
             p_value = s[, 4], df_residual = fits[[k]]$df.residual)
}))
write.csv(out, "tests/golden/glm_pvalues_golden.csv", row.names = FALSE)
cat(sprintf("%d rows with survey %s\n", nrow(out), packageVersion("survey")))

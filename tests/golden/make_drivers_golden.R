# Golden values for tests/test_drivers.py: MASS::polr and survey::svyolr on tests/golden/drivers_input.csv
# (the cleaned 2024 wave, complete cases). Run from the repository root:
#   Rscript tests/golden/make_drivers_golden.R
# Both are run to tight convergence (reltol 1e-15); their Hessians are optim's finite differences.
suppressMessages({library(MASS); library(survey)})
x <- read.csv("tests/golden/drivers_input.csv", colClasses = c(district_code = "character", psu_code = "character"))
x$y <- factor(x$q_overall, ordered = TRUE)
f <- y ~ score_access + score_procedures + score_staff + score_results + score_feedback + wait_minutes + visits + online
m <- polr(f, data = x, Hess = TRUE, control = list(reltol = 1e-15, maxit = 5000))
s <- coef(summary(m))
out <- data.frame(model = "polr", term = rownames(s), estimate = s[, 1], std_err = s[, 2])
d <- svydesign(ids = ~psu_code, strata = ~district_code, weights = ~weight, data = x)
sm <- svyolr(f, d, control = list(reltol = 1e-15, maxit = 5000))
est <- c(coef(sm))
out <- rbind(out, data.frame(model = "svyolr", term = names(est), estimate = est, std_err = sqrt(diag(vcov(sm)))))
write.csv(out, "tests/golden/drivers_golden.csv", row.names = FALSE)
cat(sprintf("%d values with MASS %s and survey %s\n", nrow(out), packageVersion("MASS"), packageVersion("survey")))

# svyglm: linear (gaussian) and logit (quasibinomial) of the top-2-box, same design
x$top2 <- as.numeric(x$q_overall >= 4)
g <- svyglm(q_overall ~ score_access + score_procedures + score_staff + score_results + score_feedback +
            wait_minutes + visits + online, design = d)
out2 <- data.frame(model = "svyglm_gaussian", term = names(coef(g)), estimate = coef(g), std_err = SE(g))
d <- svydesign(ids = ~psu_code, strata = ~district_code, weights = ~weight, data = x)
l <- svyglm(top2 ~ score_access + score_procedures + score_staff + score_results + score_feedback +
            wait_minutes + visits + online, design = d, family = quasibinomial(),
            control = glm.control(epsilon = 1e-14, maxit = 100))
out2 <- rbind(out2, data.frame(model = "svyglm_quasibinomial", term = names(coef(l)), estimate = coef(l), std_err = SE(l)))
write.csv(rbind(read.csv("tests/golden/drivers_golden.csv"), out2), "tests/golden/drivers_golden.csv", row.names = FALSE)

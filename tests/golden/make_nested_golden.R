# Golden values for tests/test_drivers.py::test_multilevel_nested_matches_lmer: a simulated two-level
# nesting (wards within districts, both with real variance; ward labels repeat across districts, as in
# survey exports) fitted with lme4 (REML). The R script simulates the data itself and writes both files.
# Rscript tests/golden/make_nested_golden.R
suppressMessages(library(lme4))
set.seed(2026)
G <- 25; W <- 6; n <- 20
d <- expand.grid(i = seq_len(n), ward = seq_len(W), district = sprintf("D%02d", seq_len(G)))
z <- rnorm(G); u <- rnorm(G, 0, 0.4); v <- rnorm(G * W, 0, 0.3)
gi <- as.integer(factor(d$district)); wi <- (gi - 1) * W + d$ward
d$x <- rnorm(nrow(d))
d$z <- round(z[gi], 6)
d$y <- round(1 + 0.5 * d$x - 0.3 * d$z + u[gi] + v[wi] + rnorm(nrow(d)), 6)
d$x <- round(d$x, 6)
write.csv(d[, c("district", "ward", "x", "z", "y")], "tests/golden/nested_input.csv", row.names = FALSE)
d <- read.csv("tests/golden/nested_input.csv", colClasses = c(ward = "character"))
m <- lmer(y ~ x + z + (1 | district/ward), data = d, REML = TRUE,
          control = lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e6)))
s <- coef(summary(m))
vc <- as.data.frame(VarCorr(m))
out <- rbind(data.frame(term = rownames(s), estimate = s[, 1], std_err = s[, 2]),
             data.frame(term = paste0("var_", vc$grp), estimate = vc$vcov, std_err = NA))
write.csv(out, "tests/golden/nested_golden.csv", row.names = FALSE)
cat(sprintf("%d values with lme4 %s\n", nrow(out), packageVersion("lme4")))

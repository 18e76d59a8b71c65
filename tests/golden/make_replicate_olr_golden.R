## svyolr on a replicate design (JK1 weights of apiclus1 from make_replicate_golden.R): coefficients and SEs.
## Run from this folder: cd tests/golden && Rscript make_replicate_olr_golden.R  (R 4.2, survey 4.1.1)
suppressPackageStartupMessages(library(survey))
options(digits = 15)
x <- read.csv("replicate_apiclus1.csv")
x$yc <- cut(x$api00, c(-Inf, 600, 700, 800, Inf), labels = FALSE)
rep <- grep("^jk1_r[0-9]+$", names(x), value = TRUE)
d <- svrepdesign(data = x, repweights = x[, rep], weights = ~pw, type = "JK1", scale = 14/15, combined.weights = TRUE)
m <- svyolr(factor(yc) ~ ell + meals, d)
write.csv(data.frame(term = names(coef(m)), estimate = coef(m), se = sqrt(diag(vcov(m)))),
          "replicate_olr_golden.csv", row.names = FALSE)

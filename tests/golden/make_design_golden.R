# Golden values for tests/test_survey_designs.py, computed with R's survey package (Lumley).
# Run from the repository root:  Rscript tests/golden/make_design_golden.R
# R 4.2.2 with r-cran-survey 4.1.1 from Debian's packages produced the committed files. The Wilson
# interval of svyciprop arrived in survey 4.2; it is taken from survey 4.5's R/svyttest.R (function
# svyciprop, copied below verbatim for method "wilson" only), run on survey 4.1.1's svymean.
suppressMessages(library(survey))
data(api)
data(mu284)
keep <- c("cds", "stype", "cname", "dnum", "snum", "pw", "fpc", "fpc1", "fpc2", "api00", "api99", "enroll",
          "sch.wide", "awards", "meals")
out_dir <- "tests/golden"
write.csv(apiclus1[, intersect(keep, names(apiclus1))], file.path(out_dir, "api_clus1.csv"), row.names = FALSE)
write.csv(apistrat[, intersect(keep, names(apistrat))], file.path(out_dir, "api_strat.csv"), row.names = FALSE)
write.csv(apiclus2[, intersect(keep, names(apiclus2))], file.path(out_dir, "api_clus2.csv"), row.names = FALSE)
write.csv(mu284, file.path(out_dir, "mu284.csv"), row.names = FALSE)

wilson <- function(formula, design, level = 0.95, df = degf(design)) {
  m <- eval(bquote(svymean(~as.numeric(.(formula[[2]])), design)))
  n.eff <- coef(m) * (1 - coef(m)) / vcov(m)
  ci_df <- df
  alpha <- 1 - level
  t_alpha <- qt(p = alpha / 2, df = ci_df, ncp = 0, lower.tail = FALSE)
  the_denom <- 1 + t_alpha * t_alpha / n.eff
  the_sqrt <- sqrt(4 * n.eff * m * (1 - m) + t_alpha * t_alpha)
  ci <- c((m + t_alpha * t_alpha / (2 * n.eff) - t_alpha / (2 * n.eff) * the_sqrt) / the_denom,
          (m + t_alpha * t_alpha / (2 * n.eff) + t_alpha / (2 * n.eff) * the_sqrt) / the_denom)
  c(estimate = unname(coef(m)), se = unname(SE(m)), lo = unname(ci[1]), hi = unname(ci[2]))
}

rows <- list()
add <- function(case, domain, method, est, se, lo, hi, df = NA) {
  rows[[length(rows) + 1]] <<- data.frame(case = case, domain = as.character(domain), method = method,
                                          estimate = unname(est), std_err = unname(se), ci_low = unname(lo),
                                          ci_high = unname(hi), df = df)
}
methods <- c("logit", "likelihood", "asin", "beta", "mean", "xlogit")
ciprop <- function(case, formula, design, domain = "") {
  for (m in methods) {
    r <- tryCatch(svyciprop(formula, design, method = m), error = function(e) NULL)
    if (is.null(r)) next
    ci <- attr(r, "ci")
    add(case, domain, m, as.numeric(r), sqrt(as.numeric(vcov(r))), ci[1], ci[2], degf(design))
  }
  w <- wilson(formula, design)
  add(case, domain, "wilson", w["estimate"], w["se"], w["lo"], w["hi"], degf(design))
}

clus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
strat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
ciprop("clus1_sch_wide", ~I(sch.wide == "Yes"), clus1)
for (s in c("E", "H", "M")) ciprop("clus1_sch_wide_by_stype", ~I(sch.wide == "Yes"), subset(clus1, stype == s), s)
ciprop("strat_awards", ~I(awards == "Yes"), strat)
for (s in c("E", "H", "M")) ciprop("strat_awards_by_stype", ~I(awards == "Yes"), subset(strat, stype == s), s)
# near the ceiling: 96-100% of schools above 500 in some districts
ciprop("clus1_api_above_500", ~I(api00 > 500), clus1)
for (d in sort(unique(apiclus1$dnum))) ciprop("clus1_api_above_500_by_dnum", ~I(api00 > 500), subset(clus1, dnum == d), d)

# the issue's reproducers: y missing in a whole PSU; zero weights
y_missing <- data.frame(psu = c(1, 1, 2, 2, 3, 3, 4, 4, 5, 5), y = c(1, 0, 1, 1, 0, 1, 1, 1, NA, NA), w = 1)
dm <- svydesign(id = ~psu, weights = ~w, data = y_missing)
r <- svyciprop(~y, dm, method = "logit", na.rm = TRUE)
add("y_missing", "", "logit", as.numeric(r), sqrt(as.numeric(vcov(r))), attr(r, "ci")[1], attr(r, "ci")[2], degf(dm))
zero_w <- data.frame(psu = c(1, 1, 2, 2, 3, 3, 4, 4, 5, 5), y = c(1, 0, 1, 1, 0, 1, 1, 1, 0, 1),
                     w = c(1, 1, 2, 2, 1, 3, 1, 2, 0, 0))
dz <- svydesign(id = ~psu, weights = ~w, data = zero_w)
r <- svyciprop(~y, dz, method = "logit")
add("zero_weights", "", "logit", as.numeric(r), sqrt(as.numeric(vcov(r))), attr(r, "ci")[1], attr(r, "ci")[2], degf(dz))
mz <- svymean(~y, dz, deff = TRUE)
add("zero_weights_mean", "", "deff", coef(mz), SE(mz), deff(mz), NA, degf(dz))
write.csv(do.call(rbind, rows), file.path(out_dir, "ciprop_golden.csv"), row.names = FALSE)

# multistage designs with an fpc at each stage, and quantiles (Woodruff intervals)
# The "math" quantile rule as survey >= 4.2 has it: survey 4.1.1 compares the weight below p with
# `== 0` where later versions use `<= 0`, so that for p below the first cumulative share 4.1.1 returns
# the second smallest value instead of the smallest. Restated here (not copied) and passed as qrule.
qrule_math_fixed <- function(x, w, p) {
  keep <- w != 0
  x <- x[keep]; w <- w[keep]
  o <- order(x); x <- x[o]; cw <- cumsum(w[o])
  below <- cw <= p * sum(w)
  pos <- if (any(below)) max(which(below)) else 1
  nxt <- if (pos == length(x)) pos else pos + 1
  if (p - cw[pos] / sum(w) <= 0) x[pos] else x[nxt]
}
rows <- list()
stat <- function(case, s, domain = "") {
  ci <- confint(s, df = Inf)
  add(case, domain, "linearisation", coef(s), SE(s), ci[, 1], ci[, 2])
}
clus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
stat("clus2_mean_api00", svymean(~api00, clus2))
stat("clus2_total_enroll", svytotal(~enroll, clus2, na.rm = TRUE))
b <- svyby(~api00, ~stype, clus2, svymean)
add("clus2_mean_api00_by_stype", b$stype, "linearisation", coef(b), SE(b), confint(b)[, 1], confint(b)[, 2])
clus2_first <- svydesign(id = ~dnum, fpc = ~fpc1, weights = ~pw, data = apiclus2)
stat("clus2_first_stage_mean_api00", svymean(~api00, clus2_first))
mu <- svydesign(id = ~id1 + id2, fpc = ~n1 + n2, data = mu284)
stat("mu284_mean_y1", svymean(~y1, mu))
stat("mu284_total_y1", svytotal(~y1, mu))
for (p in c(0.25, 0.5, 0.75)) {
  for (dn in c("clus1", "strat")) {
    d <- if (dn == "clus1") clus1 else strat
    q <- svyquantile(~api00, d, quantiles = p, ci = TRUE, interval.type = "mean", qrule = qrule_math_fixed)
    add(paste0(dn, "_quantile_api00"), p, "woodruff_math", q$api00[1, 1], q$api00[1, 4], q$api00[1, 2],
        q$api00[1, 3], degf(d))
    q <- svyquantile(~api00, d, quantiles = p, ci = TRUE, interval.type = "mean", qrule = "hf7")
    add(paste0(dn, "_quantile_api00"), p, "woodruff_hf7", q$api00[1, 1], q$api00[1, 4], q$api00[1, 2],
        q$api00[1, 3], degf(d))
  }
}
for (s in c("E", "H", "M")) {
  d <- subset(clus1, stype == s)
  q <- svyquantile(~api00, d, quantiles = 0.5, ci = TRUE, interval.type = "mean", qrule = qrule_math_fixed)
  add("clus1_median_api00_by_stype", s, "woodruff_math", q$api00[1, 1], q$api00[1, 4], q$api00[1, 2],
      q$api00[1, 3], degf(d))
}
write.csv(do.call(rbind, rows), file.path(out_dir, "design_golden.csv"), row.names = FALSE)

## make_replicate_golden.R
## Golden values for replicate-weight survey designs (R survey package).
## Run from this folder:   cd tests/golden && Rscript make_replicate_golden.R (R 4.2, survey 4.1.1)
##
## Writes (next to this script):
##   replicate_apiclus1.csv   data + replicate (analysis) weights of the apiclus1 designs
##   replicate_apistrat.csv   data + replicate (analysis) weights of the apistrat designs
##   replicate_designs.csv    design, key, index, value  (scale, rscales, mse, type, degf, ...)
##   replicate_golden.csv     design, statistic, variable, domain, quantity, value, note
##   replicate_thetas.csv     replicate estimates (return.replicates=TRUE), long format
##   replicate_conditions.csv every warning / message / error R raised, per computation
##   bootstrap_fpc_notes.txt  how bootweights() uses the fpc, and what scale/rscales/mse R stores
##   r_sources.txt            the printed R sources the README quotes
##   sessionInfo.txt

suppressPackageStartupMessages(library(survey))
options(digits = 15, width = 200, warn = 1)
stopifnot(packageVersion("survey") == "4.1.1")

## all numbers go out with 15 significant digits
fmt <- function(x) {
  x <- as.numeric(x)
  vapply(x, function(v) if (is.na(v) && !is.nan(v)) "NA" else format(v, digits = 15), "")
}

data(api)

## ------------------------------------------------------------------------
## Data preparation
## ------------------------------------------------------------------------
SOLO_DNUM <- 61   # apiclus1: the district (PSU) that forms the "solo" domain (13 schools, 11 Yes / 2 No sch.wide)

prep <- function(d) {
  data.frame(row = seq_len(nrow(d)),
             stype = as.character(d$stype),
             dnum = d$dnum, snum = d$snum, cname = as.character(d$cname),
             pw = d$pw, fpc = d$fpc,
             api00 = d$api00, api99 = d$api99, enroll = d$enroll,
             ell = d$ell, meals = d$meals,
             both = as.integer(d$both == "Yes"),
             schwide = as.integer(d$sch.wide == "Yes"),
             stringsAsFactors = FALSE)
}

clus <- prep(apiclus1)
clus$e_emptied <- ifelse(clus$dnum == SOLO_DNUM, "solo", "rest")

strat <- prep(apistrat)
## BRR / Fay construction on apistrat (documented for the Python side):
##   within each stype, rows are ranked in their original order (rank = 1..n_h);
##   pair  = stype + two-digit ceiling(rank/10)  -> pseudo-strata of 10 consecutive rows
##           (E: E01..E10, H: H01..H05, M: M01..M05  => 20 strata)
##   half  = 1 for odd rank, 2 for even rank      -> exactly 2 PSUs of 5 rows per pair
##   psu_brr = paste(pair, half, sep="_")         -> globally unique PSU id (what nest=TRUE does)
##   design: svydesign(id=~half, strata=~pair, nest=TRUE, weights=~pw, data=strat)
##   pw is apistrat's pw unchanged (a pseudo design: it exists to test BRR/Fay arithmetic).
strat$rank_in_stype <- ave(strat$row, strat$stype, FUN = seq_along)
strat$pair <- paste0(strat$stype, sprintf("%02d", as.integer(ceiling(strat$rank_in_stype / 10))))
strat$half <- ifelse(strat$rank_in_stype %% 2 == 1, 1L, 2L)
strat$psu_brr <- paste(strat$pair, strat$half, sep = "_")
## apistrat domain contained in ONE BRR PSU: the 5 rows of PSU "E01_1" -> "solo", others "rest".
## (In BRR it is empty in every replicate where that PSU gets weight 0; in Fay it never empties;
##  in JKn/bootfpc each row is its own PSU, so the domain is 5 PSUs there.)
strat$e_emptied <- ifelse(strat$psu_brr == "E01_1", "solo", "rest")

## ------------------------------------------------------------------------
## Designs
## ------------------------------------------------------------------------
des <- list()
des$jk1    <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = clus), type = "JK1")
des$jk1fpc <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = clus), type = "JK1")
des$jkn    <- as.svrepdesign(svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat), type = "JKn")
brr_base   <- svydesign(id = ~half, strata = ~pair, nest = TRUE, weights = ~pw, data = strat)
des$brr    <- as.svrepdesign(brr_base, type = "BRR")
des$fay    <- as.svrepdesign(brr_base, type = "Fay", fay.rho = 0.3)
set.seed(20261201)
des$boot   <- as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, data = clus),
                             type = "bootstrap", replicates = 50)
set.seed(20261201)
des$bootfpc <- as.svrepdesign(svydesign(id = ~1, strata = ~stype, fpc = ~fpc, weights = ~pw, data = strat),
                              type = "bootstrap", replicates = 50)

## replicate weights as analysis (combined) weights
anw <- function(d) { w <- weights(d, "analysis"); dimnames(w) <- NULL; w }
addcols <- function(df, name, d) {
  w <- anw(d)
  colnames(w) <- paste0(name, "_r", seq_len(ncol(w)))
  cbind(df, as.data.frame(w))
}
clus_out <- clus
for (nm in c("jk1", "jk1fpc", "boot")) clus_out <- addcols(clus_out, nm, des[[nm]])
strat_out <- strat
for (nm in c("jkn", "brr", "fay", "bootfpc")) strat_out <- addcols(strat_out, nm, des[[nm]])

## Designs built from supplied (combined) weight columns = the jk1 columns
jkcols <- grep("^jk1_r[0-9]+$", names(clus_out), value = TRUE)
R_jk1 <- length(jkcols)
supp_data <- clus_out
conds_build <- list()
capture_build <- function(tag, expr) {
  withCallingHandlers(expr,
    warning = function(w) { conds_build[[length(conds_build) + 1]] <<- c(tag, "warning", conditionMessage(w)); invokeRestart("muffleWarning") },
    message = function(m) { conds_build[[length(conds_build) + 1]] <<- c(tag, "message", conditionMessage(m)); invokeRestart("muffleMessage") })
}
## (scale is guessed by R as (R-1)/R with a warning, R = number of replicate columns = 15)
des$supplied_jk1 <- capture_build("supplied_jk1",
  svrepdesign(data = supp_data, repweights = supp_data[, jkcols], weights = ~pw,
              type = "JK1", combined.weights = TRUE))
des$supplied_other <- capture_build("supplied_other",
  svrepdesign(data = supp_data, repweights = supp_data[, jkcols], weights = ~pw,
              type = "other", scale = 0.07, rscales = rep(1, R_jk1), combined.weights = TRUE))
des$supplied_mse <- capture_build("supplied_mse",
  svrepdesign(data = supp_data, repweights = supp_data[, jkcols], weights = ~pw,
              type = "JK1", scale = (R_jk1 - 1) / R_jk1, combined.weights = TRUE, mse = TRUE))

design_data <- c(jk1 = "apiclus1", jk1fpc = "apiclus1", boot = "apiclus1",
                 supplied_jk1 = "apiclus1", supplied_other = "apiclus1", supplied_mse = "apiclus1",
                 jkn = "apistrat", brr = "apistrat", fay = "apistrat", bootfpc = "apistrat")
weight_cols <- c(jk1 = "jk1", jk1fpc = "jk1fpc", boot = "boot", supplied_jk1 = "jk1",
                 supplied_other = "jk1", supplied_mse = "jk1",
                 jkn = "jkn", brr = "brr", fay = "fay", bootfpc = "bootfpc")

## The input files are written with 17 significant digits (exact double round trip), NOT 15:
## with 15 digits e.g. 2*33.847 is read back as a different double, and svyquantile's qrule
## (exact comparisons cumw <= p*sum(w)) then picks a different order statistic in some
## bootstrap replicates (checked: 5 of 50 boot replicates changed at p=0.5).
exact_csv <- function(df, file) {
  out <- df
  for (nm in names(out)) if (is.double(out[[nm]])) out[[nm]] <- sprintf("%.17g", out[[nm]])
  write.csv(out, file, row.names = FALSE)
}
exact_csv(clus_out, "replicate_apiclus1.csv")
exact_csv(strat_out, "replicate_apistrat.csv")

## check that the written weights reproduce R's analysis weights
chk <- function(file, d, prefix) {
  x <- read.csv(file)
  w <- as.matrix(x[, grep(paste0("^", prefix, "_r[0-9]+$"), names(x))])
  stopifnot(identical(unname(w), anw(d)))   # exact round trip
}
for (nm in names(des)) chk(if (design_data[nm] == "apiclus1") "replicate_apiclus1.csv" else "replicate_apistrat.csv",
                           des[[nm]], weight_cols[nm])

## ------------------------------------------------------------------------
## Design descriptors
## ------------------------------------------------------------------------
drows <- list()
dadd <- function(design, key, index, value) {
  drows[[length(drows) + 1]] <<- data.frame(design = design, key = key, index = index,
                                            value = as.character(value), stringsAsFactors = FALSE)
}
for (nm in names(des)) {
  d <- des[[nm]]
  dadd(nm, "data", "", design_data[nm])
  dadd(nm, "weight_columns", "", paste0(weight_cols[nm], "_r<k>"))
  dadd(nm, "type", "", d$type)
  dadd(nm, "nrep", "", ncol(anw(d)))
  dadd(nm, "scale", "", fmt(d$scale))
  for (k in seq_along(d$rscales)) dadd(nm, "rscales", k, fmt(d$rscales[k]))
  dadd(nm, "mse", "", if (is.null(d$mse)) "NULL(->FALSE)" else as.character(d$mse))
  dadd(nm, "degf", "", fmt(degf(d)))
  dadd(nm, "combined.weights", "", as.character(d$combined.weights))
  dadd(nm, "rho", "", if (is.null(d$rho)) "NULL" else fmt(d$rho))
  dadd(nm, "selfrep_any", "", if (is.null(d$selfrep)) "NULL" else as.character(any(d$selfrep)))
  dadd(nm, "nrow", "", nrow(d))
  dadd(nm, "qr_rank_analysis_weights_tol1e-5", "", qr(anw(d), tol = 1e-05)$rank)
}
designs_df <- do.call(rbind, drows)
write.csv(designs_df, "replicate_designs.csv", row.names = FALSE)

## ------------------------------------------------------------------------
## Golden values
## ------------------------------------------------------------------------
grows <- list()
crows <- list()
for (cb in conds_build) crows[[length(crows) + 1]] <- data.frame(design = cb[1], statistic = "svrepdesign",
  domain = "", type = cb[2], text = cb[3], stringsAsFactors = FALSE)

gadd <- function(design, statistic, variable, domain, quantity, value, note = "") {
  grows[[length(grows) + 1]] <<- data.frame(design = design, statistic = statistic, variable = variable,
    domain = domain, quantity = quantity, value = fmt(value), note = note, stringsAsFactors = FALSE)
}

## run expr, collecting warnings/messages; errors return NULL
run <- function(design, statistic, domain, expr) {
  conds <- character(0)
  val <- tryCatch(
    withCallingHandlers(expr,
      warning = function(w) { conds <<- c(conds, paste0("warning: ", conditionMessage(w))); invokeRestart("muffleWarning") },
      message = function(m) { conds <<- c(conds, paste0("message: ", trimws(conditionMessage(m)))); invokeRestart("muffleMessage") }),
    error = function(e) { conds <<- c(conds, paste0("ERROR: ", conditionMessage(e))); NULL })
  for (cc in conds) {
    type <- sub(":.*$", "", cc)
    crows[[length(crows) + 1]] <<- data.frame(design = design, statistic = statistic, domain = domain,
      type = type, text = sub("^[^:]*: ", "", cc), stringsAsFactors = FALSE)
  }
  list(value = val, note = paste(unique(conds), collapse = " | "))
}

err_row <- function(design, statistic, variable, domain, note) gadd(design, statistic, variable, domain, "estimate", NA, note)

## domains per data set
domain_vars <- list(apiclus1 = c("stype", "e_emptied"), apistrat = c("stype", "e_emptied"))

for (nm in names(des)) {
  d <- des[[nm]]
  df_des <- degf(d)
  dvars <- domain_vars[[design_data[nm]]]

  ## -------- svymean / svytotal / svyratio, overall --------
  for (st in c("svymean", "svytotal", "svyratio")) {
    r <- run(nm, st, "", switch(st,
      svymean = svymean(~api00, d),
      svytotal = svytotal(~enroll, d),
      svyratio = svyratio(~api00, ~api99, d)))
    vname <- switch(st, svymean = "api00", svytotal = "enroll", svyratio = "api00/api99")
    if (is.null(r$value)) { err_row(nm, st, vname, "", r$note); next }
    x <- r$value
    est <- unname(coef(x)); se <- unname(SE(x))
    ci_inf <- confint(x)            # R default: df = Inf
    ci_t <- confint(x, df = df_des) # t with degf(design)
    gadd(nm, st, vname, "", "estimate", est, r$note)
    gadd(nm, st, vname, "", "se", se, r$note)
    gadd(nm, st, vname, "", "ci_low", ci_inf[1, 1], "confint() default df=Inf")
    gadd(nm, st, vname, "", "ci_high", ci_inf[1, 2], "confint() default df=Inf")
    gadd(nm, st, vname, "", "df", Inf, "confint() default df=Inf")
    st_t <- paste0(st, "_tdegf")
    gadd(nm, st_t, vname, "", "estimate", est, r$note)
    gadd(nm, st_t, vname, "", "se", se, r$note)
    gadd(nm, st_t, vname, "", "ci_low", ci_t[1, 1], "confint(df=degf(design))")
    gadd(nm, st_t, vname, "", "ci_high", ci_t[1, 2], "confint(df=degf(design))")
    gadd(nm, st_t, vname, "", "df", df_des, "degf(design)")
  }

  ## -------- the same by domain (svyby) --------
  for (dv in dvars) {
    byf <- as.formula(paste0("~", dv))
    levs <- sort(unique(d$variables[[dv]]))
    for (st in c("svymean", "svytotal", "svyratio")) {
      r <- run(nm, paste0("svyby_", st), dv, switch(st,
        svymean = svyby(~api00, byf, d, svymean),
        svytotal = svyby(~enroll, byf, d, svytotal),
        svyratio = svyby(~api00, byf, d, svyratio, denominator = ~api99)))
      vname <- switch(st, svymean = "api00", svytotal = "enroll", svyratio = "api00/api99")
      if (is.null(r$value)) { for (lv in levs) err_row(nm, st, vname, paste0(dv, "=", lv), r$note); next }
      x <- r$value
      est <- coef(x); se <- SE(x); ci <- confint(x)
      lv_out <- as.character(x[[dv]])
      for (i in seq_along(lv_out)) {
        dom <- paste0(dv, "=", lv_out[i])
        dsub <- d[d$variables[[dv]] == lv_out[i], ]
        gadd(nm, st, vname, dom, "estimate", est[i], r$note)
        gadd(nm, st, vname, dom, "se", se[i], r$note)
        gadd(nm, st, vname, dom, "ci_low", ci[i, 1], "confint(svyby) default df=Inf")
        gadd(nm, st, vname, dom, "ci_high", ci[i, 2], "confint(svyby) default df=Inf")
        gadd(nm, st, vname, dom, "df", Inf, "confint(svyby) default df=Inf")
        ## degf of the domain subset design (what svyciprop inside svyby uses)
        gadd(nm, paste0(st, "_domain_degf"), vname, dom, "df", degf(dsub), "degf(design[domain rows, ])")
      }
    }
  }

  ## -------- svyciprop, overall and by domain --------
  methods_cp <- c("logit", "likelihood", "asin", "beta", "mean", "xlogit")
  for (m in methods_cp) {
    st <- paste0("svyciprop_", m)
    vname <- "I(schwide == 1)"
    r <- run(nm, st, "", svyciprop(~I(schwide == 1), d, method = m))
    if (is.null(r$value)) { err_row(nm, st, vname, "", r$note) } else {
      x <- r$value
      ci <- attr(x, "ci")
      gadd(nm, st, vname, "", "estimate", unname(coef(x)), r$note)
      gadd(nm, st, vname, "", "se", sqrt(unname(drop(attr(x, "var")))), r$note)
      gadd(nm, st, vname, "", "ci_low", ci[1], r$note)
      gadd(nm, st, vname, "", "ci_high", ci[2], r$note)
      gadd(nm, st, vname, "", "df", df_des, "df = degf(design) (svyciprop default)")
    }
    for (dv in dvars) {
      byf <- as.formula(paste0("~", dv))
      levs <- sort(unique(d$variables[[dv]]))
      r <- run(nm, paste0("svyby_", st), dv,
               svyby(~I(schwide == 1), byf, d, svyciprop, method = m, vartype = c("se", "ci")))
      if (!is.null(r$value)) {
        x <- r$value
        ## NB: confint(<svyby of svyciprop>) would give a symmetric Wald interval (tconfint, df=Inf);
        ## the svyciprop intervals are the ci_l / ci_u columns that svyby's unwrap() stored.
        est <- coef(x); se <- SE(x); ci <- cbind(x$ci_l, x$ci_u)
        lv_out <- as.character(x[[dv]])
        for (i in seq_along(lv_out)) {
          dom <- paste0(dv, "=", lv_out[i])
          dsub <- d[d$variables[[dv]] == lv_out[i], ]
          gadd(nm, st, vname, dom, "estimate", est[i], r$note)
          gadd(nm, st, vname, dom, "se", se[i], r$note)
          gadd(nm, st, vname, dom, "ci_low", ci[i, 1], r$note)
          gadd(nm, st, vname, dom, "ci_high", ci[i, 2], r$note)
          gadd(nm, st, vname, dom, "df", degf(dsub), "df = degf(design[domain rows, ]) (svyciprop default inside svyby)")
        }
      } else {
        ## svyby failed as a whole (one domain errors -> whole call errors). svyby evaluates
        ## FUN(formula, design[byfactor %in% level, ], ...) per level, so do exactly that per domain.
        for (lv in levs) {
          dom <- paste0(dv, "=", lv)
          dsub <- d[d$variables[[dv]] == lv, ]
          r2 <- run(nm, paste0("svyciprop_", m, "_on_domain_subset"), dom,
                    svyciprop(~I(schwide == 1), dsub, method = m))
          nt <- paste0("svyby call failed (", r$note, "); value = svyciprop(~I(schwide==1), design[", dv, "==\"", lv,
                       "\", ], method=\"", m, "\")", if (nzchar(r2$note)) paste0(" | ", r2$note) else "")
          if (is.null(r2$value)) { err_row(nm, st, vname, dom, nt); next }
          x <- r2$value; ci <- attr(x, "ci")
          gadd(nm, st, vname, dom, "estimate", unname(coef(x)), nt)
          gadd(nm, st, vname, dom, "se", sqrt(unname(drop(attr(x, "var")))), nt)
          gadd(nm, st, vname, dom, "ci_low", ci[1], nt)
          gadd(nm, st, vname, dom, "ci_high", ci[2], nt)
          gadd(nm, st, vname, dom, "df", degf(dsub), "df = degf(design[domain rows, ])")
        }
      }
    }
  }

  ## -------- svyciprop logit with tight IRLS convergence --------
  ## svyciprop(method="logit") fits svyglm(y ~ 1, family=quasibinomial) with glm's default
  ## control (epsilon = 1e-8), so R's logit CI (and even the point estimate expit(coef)) carries
  ## IRLS convergence error of up to ~1e-8 relative. Same computation as svyciprop's logit branch,
  ## but with control = glm.control(epsilon = 1e-15, maxit = 200) (passed by svyglm.svyrep.design to
  ## glm() and, via full$control, to every replicate glm.fit). This is the exact-arithmetic limit.
  tight <- glm.control(epsilon = 1e-15, maxit = 200)
  logit_tight <- function(dd) {
    mm <- svyglm(I(schwide == 1) ~ 1, dd, family = quasibinomial, control = tight)
    dfx <- degf(dd)
    ci <- suppressMessages(as.numeric(survey:::expit(confint(mm, 1, level = 0.95, method = "Wald", ddf = dfx))))
    p <- svymean(~as.numeric(I(schwide == 1)), dd)
    list(est = unname(survey:::expit(coef(mm))[1]), se = unname(SE(p)), ci = ci, df = dfx,
         logit_se = unname(SE(mm)))
  }
  for (dom in c("", unlist(lapply(dvars, function(dv) paste0(dv, "=", sort(unique(d$variables[[dv]]))))))) {
    if (dom == "") dd <- d else {
      dv <- sub("=.*$", "", dom); lv <- sub("^[^=]*=", "", dom)
      dd <- d[d$variables[[dv]] == lv, ]
    }
    st <- "svyciprop_logit_tight"
    r <- run(nm, st, dom, logit_tight(dd))
    if (is.null(r$value)) { err_row(nm, st, "I(schwide == 1)", dom, r$note); next }
    v <- r$value
    nt <- paste(c("svyciprop logit branch with glm.control(epsilon=1e-15, maxit=200)", if (nzchar(r$note)) r$note), collapse = " | ")
    gadd(nm, st, "I(schwide == 1)", dom, "estimate", v$est, nt)
    gadd(nm, st, "I(schwide == 1)", dom, "se", v$se, nt)
    gadd(nm, st, "I(schwide == 1)", dom, "ci_low", v$ci[1], nt)
    gadd(nm, st, "I(schwide == 1)", dom, "ci_high", v$ci[2], nt)
    gadd(nm, st, "I(schwide == 1)", dom, "df", v$df, nt)
    gadd(nm, st, "logit(I(schwide == 1))", dom, "se", v$logit_se, "replicate SE of the logit (intercept) coefficient")
  }

  ## -------- svyquantile --------
  probs <- c(0.25, 0.5, 0.9)
  for (it in c("mean", "quantile", "beta", "xlogit", "asin")) {
    st <- paste0("svyquantile_", it)
    r <- run(nm, st, "", svyquantile(~api00, d, probs, interval.type = it))   # qrule = "math" (default), alpha=0.05
    if (is.null(r$value)) { for (p in probs) err_row(nm, st, paste0("api00@", p), "", r$note); next }
    q <- r$value$api00
    for (k in seq_along(probs)) {
      vname <- paste0("api00@", probs[k])
      nt <- paste(c(paste0("interval.type=", it, ", qrule=math"), if (nzchar(r$note)) r$note), collapse = " | ")
      gadd(nm, st, vname, "", "estimate", q[k, 1], nt)
      gadd(nm, st, vname, "", "se", q[k, 4], nt)
      gadd(nm, st, vname, "", "ci_low", q[k, 2], nt)
      gadd(nm, st, vname, "", "ci_high", q[k, 3], nt)
      gadd(nm, st, vname, "", "df", df_des, "df = degf(design) (svyquantile default)")
    }
  }

  ## -------- svyglm --------
  for (g in c("gaussian", "quasibinomial", "quasibinomial_tight")) {
    ## quasibinomial_tight: same fit with control = glm.control(epsilon=1e-15, maxit=200)
    ## (R's default epsilon=1e-8 leaves IRLS error in coefficients and replicate coefficients)
    st <- paste0("svyglm_", g)
    r <- run(nm, st, "", switch(g,
      gaussian = svyglm(api00 ~ ell + meals, d),
      quasibinomial = svyglm(schwide ~ ell, d, family = quasibinomial()),
      quasibinomial_tight = svyglm(schwide ~ ell, d, family = quasibinomial(),
                                   control = glm.control(epsilon = 1e-15, maxit = 200))))
    if (is.null(r$value)) { err_row(nm, st, "(all)", "", r$note); next }
    fit <- r$value
    cf <- coef(fit); se <- SE(fit); ci <- confint(fit)   # confint: Wald, ddf = fit$df.residual
    for (j in seq_along(cf)) {
      gadd(nm, st, names(cf)[j], "", "estimate", cf[j], r$note)
      gadd(nm, st, names(cf)[j], "", "se", se[j], r$note)
      gadd(nm, st, names(cf)[j], "", "ci_low", ci[j, 1], "confint.svyglm Wald, ddf=df.residual")
      gadd(nm, st, names(cf)[j], "", "ci_high", ci[j, 2], "confint.svyglm Wald, ddf=df.residual")
      gadd(nm, st, names(cf)[j], "", "df", fit$df.residual, "df.residual = degf(design) + 1 - #coef")
    }
  }

  ## -------- svymean(~api00+api99) with return.replicates --------
  r <- run(nm, "svymean_rr", "", svymean(~api00 + api99, d, return.replicates = TRUE))
  x <- r$value
  gadd(nm, "svymean2", "api00", "", "estimate", x$mean[1], r$note)
  gadd(nm, "svymean2", "api99", "", "estimate", x$mean[2], r$note)
  V <- attr(x$mean, "var")
  gadd(nm, "svymean2", "api00", "", "se", sqrt(V[1, 1]), r$note)
  gadd(nm, "svymean2", "api99", "", "se", sqrt(V[2, 2]), r$note)
  gadd(nm, "svymean2", "api00:api99", "", "cov", V[1, 2], "off-diagonal of vcov")
}

golden <- do.call(rbind, grows)
write.csv(golden, "replicate_golden.csv", row.names = FALSE)
conds_df <- do.call(rbind, crows)
write.csv(conds_df, "replicate_conditions.csv", row.names = FALSE)

## ------------------------------------------------------------------------
## Replicate estimates (one row per replicate and variable)
## ------------------------------------------------------------------------
trows <- list()
tadd <- function(design, statistic, domain, reps, coef) {
  reps <- as.matrix(reps)
  for (j in seq_len(ncol(reps))) {
    trows[[length(trows) + 1]] <<- data.frame(design = design, statistic = statistic, domain = domain,
      variable = colnames(reps)[j], replicate = seq_len(nrow(reps)), value = fmt(reps[, j]),
      full_estimate = fmt(coef[j]), stringsAsFactors = FALSE)
  }
}
for (nm in names(des)) {
  d <- des[[nm]]
  x <- svymean(~api00 + api99, d, return.replicates = TRUE)
  reps <- x$replicates; colnames(reps) <- c("api00", "api99")
  tadd(nm, "svymean", "", reps, x$mean)
  ## domain means (the subset design svyby uses), NaN where the domain is empty in a replicate
  for (dv in domain_vars[[design_data[nm]]]) {
    for (lv in sort(unique(d$variables[[dv]]))) {
      dsub <- d[d$variables[[dv]] == lv, ]
      xs <- suppressWarnings(svymean(~api00 + api99, dsub, return.replicates = TRUE))
      reps <- xs$replicates; colnames(reps) <- c("api00", "api99")
      tadd(nm, "svymean", paste0(dv, "=", lv), reps, xs$mean)
    }
  }
  xr <- svyratio(~api00, ~api99, d, return.replicates = TRUE)
  reps <- as.matrix(xr$replicates); colnames(reps) <- "api00/api99"
  tadd(nm, "svyratio", "", reps, xr$ratio)
  xt <- svytotal(~enroll, d, return.replicates = TRUE)
  reps <- as.matrix(xt$replicates); colnames(reps) <- "enroll"
  tadd(nm, "svytotal", "", reps, xt$mean)
}
thetas <- do.call(rbind, trows)
write.csv(thetas, "replicate_thetas.csv", row.names = FALSE)

## ------------------------------------------------------------------------
## Bootstrap-with-fpc notes
## ------------------------------------------------------------------------
bf <- des$bootfpc
nh <- table(strat$stype)
Nh <- tapply(strat$fpc, strat$stype, unique)
hm <- 1 / mean(1 / as.numeric(nh))
notes <- c(
  "How survey 4.1.1 uses the fpc in the bootstrap (as.svrepdesign(type='bootstrap') -> bootweights -> bootstratum)",
  "=====================================================================================================",
  "",
  "as.svrepdesign.default passes fpc <- design$fpc$popsize (population PSU count per row; first stage only),",
  "fpctype = 'population', to bootweights(design$strata[,1], design$cluster[,1], fpc=, fpctype=, compress=, replicates=).",
  "",
  "survey:::bootweights:",
  capture.output(print(survey:::bootweights)),
  "",
  "survey:::bootstratum:",
  capture.output(print(survey:::bootstratum)),
  "",
  "So, per stratum h with n_h sampled PSUs and popsize N_h:",
  "  * without fpc: the n_h PSUs are shuffled (upsu <- sample(unique(psu))), then a with-replacement sample of",
  "    size n_h is drawn; the replicate multiplier of a PSU = number of times it is drawn (0,1,2,...).",
  "  * with fpc (fpctype='population'): a pseudo-population rep(upsu, length = N_h) (the shuffled PSUs recycled",
  "    to length N_h) is built and n_h elements are drawn WITHOUT replacement from it; the multiplier of a PSU is",
  "    the number of its copies drawn. (fpctype='fraction' gives popsize = n_h/f, 'correction' gives 1 - n_h/fpc,",
  "    exactly as coded above; a stratum with N_h > 100 n_h warns 'Sampling fraction <1% ... treated as zero'",
  "    but the weights are still drawn with popsize = N_h.)",
  "  * The fpc is used ONLY in how multipliers are drawn. It does NOT enter scale or rscales:",
  "      scale   = psu.per.strata / ((psu.per.strata - 1) * (replicates - 1)),",
  "                psu.per.strata = 1/mean(1/table(ustrata)) = harmonic mean of n_h over strata",
  "      rscales = rep(1, replicates)",
  "  * as.svrepdesign stores pweights = 1/design$prob and repweights = the multipliers (compressed, per PSU);",
  "    analysis weights = multiplier * pw (combined.weights = FALSE). The multipliers are random: the Python",
  "    side must READ the bootfpc_r<k> columns, not regenerate them.",
  "",
  "Values for des$bootfpc (svydesign(id=~1, strata=~stype, fpc=~fpc, weights=~pw, data=apistrat), 50 replicates,",
  "set.seed(20261201) immediately before as.svrepdesign):",
  paste0("  n_h      = ", paste(names(nh), as.numeric(nh), sep = ":", collapse = ", ")),
  paste0("  N_h(fpc) = ", paste(names(Nh), Nh, sep = ":", collapse = ", ")),
  paste0("  harmonic mean of n_h = ", format(hm, digits = 15)),
  paste0("  des$scale   = ", format(bf$scale, digits = 15),
         "   (check hm/((hm-1)*49) = ", format(hm / ((hm - 1) * 49), digits = 15), ")"),
  paste0("  des$rscales = ", paste(unique(bf$rscales), collapse = ","), " (all ", length(bf$rscales), " equal)"),
  paste0("  des$mse     = ", if (is.null(bf$mse)) "NULL" else bf$mse,
         "   (getOption('survey.replicates.mse') default FALSE -> variance centred at the mean of replicates)"),
  paste0("  des$type    = ", bf$type, ";  degf(des) = ", degf(bf)),
  paste0("  multiplier values seen per stratum: ",
         paste(sapply(names(nh), function(s) paste0(s, ":{", paste(sort(unique(as.vector(bf$repweights$weights[
           bf$repweights$index[strat$stype == s], ]))), collapse = ","), "}")), collapse = "  ")),
  paste0("  column sums of multipliers per stratum (always n_h): ",
         paste(sapply(names(nh), function(s) paste(unique(colSums(bf$repweights$weights[
           unique(bf$repweights$index[strat$stype == s]), , drop = FALSE])), collapse = ",")), collapse = " / ")),
  "",
  "For comparison des$boot (apiclus1, no fpc, 15 PSUs, 1 stratum):",
  paste0("  des$scale = ", format(des$boot$scale, digits = 15), " = 15/(14*49) = ", format(15 / (14 * 49), digits = 15),
         "; rscales all 1; mse = ", des$boot$mse, "; degf = ", degf(des$boot)),
  "",
  "Note also: as.svrepdesign(type='JK1'/'JKn') DOES use the fpc, via the scale: jk1weights scale = fpc*(n-1)/n with",
  "fpc = (N-n)/N for fpctype='population'; jknweights rscales_h = (N_h-n_h)/N_h * (n_h-1)/n_h.",
  paste0("  des$jk1fpc$scale = ", format(des$jk1fpc$scale, digits = 15), " = (757-15)/757*14/15 = ",
         format((757 - 15) / 757 * 14 / 15, digits = 15))
)
writeLines(notes, "bootstrap_fpc_notes.txt")

## ------------------------------------------------------------------------
## R sources quoted in README_helper.md
## ------------------------------------------------------------------------
srcs <- c("svrVar", "svymean.svyrep.design", "svytotal.svyrep.design", "svyratio.svyrep.design",
          "svrepdesign.default", "as.svrepdesign.default", "degf.svyrep.design", "[.svyrep.design",
          "[.repweights_compressed", "weights.svyrep.design", "svyciprop", "confint.svyciprop",
          "svyglm.svyrep.design", "confint.svyglm", "svycontrast.svrepstat", "nlcon", "tconfint",
          "confint.svrepstat", "svyquantile.svyrep.design", "woodruffCI", "repCI", "qrule_math", "qs",
          "last", "expit", "bootweights", "bootstratum", "jk1weights", "jknweights", "brrweights", "svyby.default",
          "SE.svyby", "confint.svyby", "summary.svrepglm", "residuals.svrepglm", "MASSprofile_glm",
          "confint_profile", "vcov.svyglm", "SE.svrepstat", "vcov.svrepstat", "SE.svyratio", "coef.svyciprop",
          "vcov.svyciprop")
src_txt <- unlist(lapply(srcs, function(f) c(paste0("##### survey:::", f), capture.output(print(get(f, envir = asNamespace("survey")))), "")))
writeLines(src_txt, "r_sources.txt")
writeLines(capture.output(sessionInfo()), "sessionInfo.txt")

## ------------------------------------------------------------------------
## Completeness checks
## ------------------------------------------------------------------------
stopifnot(all(names(des) %in% golden$design))
cat("designs:", paste(names(des), collapse = ", "), "\n")
cat("golden rows:", nrow(golden), " NA values:", sum(golden$value == "NA"), " NaN values:", sum(golden$value == "NaN"), "\n")
cat("conditions recorded:", nrow(conds_df), "\n")
cat("thetas rows:", nrow(thetas), "\n")
cat("done\n")

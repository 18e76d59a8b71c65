# Golden values for tests/test_published.py: PAPI 2011-2016 province fixed effects with R's lm and
# sandwich::vcovCL (CR1, clustered by province), and within-province correlations. It reads the tidy
# extract papi_province_2011_2016.csv of the shared corpora (not the workbook the Python code reads,
# so the workbook reader is checked too); only the derived numbers are committed.
# Rscript tests/golden/make_published_golden.R   (apt: r-base-core r-cran-sandwich)
suppressMessages(library(sandwich))
shared <- Sys.getenv("SATISFACTION_SHARED", "../shared/data")
x <- read.csv(file.path(shared, "papi", "papi_province_2011_2016.csv"), colClasses = c(unit_code = "character"))
dims <- c(participation = "PAPI: Participation at Local Levels", transparency = "PAPI: Transparency",
          accountability = "PAPI: Vertical Accountability", corruption = "PAPI: Control of Corruption",
          procedures = "PAPI: Public Administrative Procedures", services = "PAPI: Public Service Delivery")
x <- x[x$indicator %in% dims, ]
x$dimension <- names(dims)[match(x$indicator, dims)]
w <- reshape(x[, c("unit_code", "year", "dimension", "value")], idvar = c("unit_code", "year"),
             timevar = "dimension", direction = "wide")
names(w) <- sub("^value\\.", "", names(w))
w <- w[complete.cases(w), ]
out <- NULL
for (y in c("procedures", "services")) {
  xs <- setdiff(names(dims), y)
  m <- lm(as.formula(paste(y, "~", paste(xs, collapse = " + "), "+ factor(unit_code)")), data = w)
  v <- vcovCL(m, cluster = ~unit_code, type = "HC1")
  out <- rbind(out, data.frame(model = y, term = xs, estimate = coef(m)[xs], std_err = sqrt(diag(v))[xs]))
  dm <- sapply(names(dims), function(d) w[[d]] - ave(w[[d]], w$unit_code))
  out <- rbind(out, data.frame(model = paste0("within_cor_", y), term = xs,
                               estimate = cor(dm[, y], dm[, xs])[1, ], std_err = NA))
}
out <- rbind(out, data.frame(model = "n", term = "n_obs", estimate = nrow(w), std_err = NA))
write.csv(out, "tests/golden/published_golden.csv", row.names = FALSE)
cat(sprintf("%d values with R %s, sandwich %s\n", nrow(out), getRversion(), packageVersion("sandwich")))

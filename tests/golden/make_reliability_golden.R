# Golden values for tests/test_reliability.py with psych (Revelle) on tests/golden/items_input.csv
# (the 22 SIPAS items of the cleaned 2024 wave, complete cases). Rscript tests/golden/make_reliability_golden.R
suppressMessages(library(psych))
x <- read.csv("tests/golden/items_input.csv")
staff <- x[, grep("^q_staff_", names(x))]
a <- psych::alpha(staff, check.keys = FALSE)
feldt <- a$feldt
k <- KMO(x)
b <- cortest.bartlett(cor(x), n = nrow(x))
out <- data.frame(measure = c("alpha_staff", "alpha_staff_feldt_low", "alpha_staff_feldt_high", "kmo", "bartlett_chisq",
                              "bartlett_df"),
                  value = c(a$total$raw_alpha, feldt$lower.ci$raw_alpha, feldt$upper.ci$raw_alpha, k$MSA, b$chisq, b$df))
out <- rbind(out, data.frame(measure = paste0("kmo_", names(k$MSAi)), value = unname(k$MSAi)))
out <- rbind(out, data.frame(measure = paste0("alpha_if_dropped_", rownames(a$alpha.drop)), value = a$alpha.drop$raw_alpha))
write.csv(out, "tests/golden/reliability_golden.csv", row.names = FALSE)
cat(sprintf("%d values with psych %s\n", nrow(out), packageVersion("psych")))

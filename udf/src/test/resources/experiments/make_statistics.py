#!/usr/bin/python3
"""Reference values for Sorrel's experiment statistics, from SciPy and NumPy.

Writes samples.csv (case, group, value: group 0 is control, 1 treatment) and
statistics.csv (case, name, value) with, per case:
  welch_t, welch_df, welch_p      scipy.stats.ttest_ind(treatment, control, equal_var=False)
  student_t, student_df, student_p scipy.stats.ttest_ind(treatment, control)
  seed_p                          the seed's analyze_results: ttest_ind(control, treatment)
  cohens_d                        the seed's definition (numpy std, ddof 0)
  diff_lo95, diff_hi95, diff_lo90, diff_hi90
      Welch interval of mean(treatment) - mean(control):
      diff -/+ t.ppf((1 + level) / 2, welch_df) * sqrt(var_t/n_t + var_c/n_c)
  lift, lift_lo95, lift_hi95      GrowthBook's relative lift and delta-method interval
and srm.csv (case, observed counts, weights, scipy.stats.chisquare p-value).

Run with Debian's Python: /usr/bin/python3 make_statistics.py
"""
import csv

import numpy as np
from scipy import stats


def cases():
    rng = np.random.default_rng(20261207)
    yield "tiny", rng.normal(10, 2, 5), rng.normal(11, 3, 7)
    yield "normal", rng.normal(100, 15, 1000), rng.normal(101.5, 15, 1200)
    yield "revenue", rng.lognormal(3, 1, 1000), rng.lognormal(3.05, 1, 1000)
    yield "conversion", (rng.random(3000) < 0.10).astype(float), \
        (rng.random(3000) < 0.115).astype(float)
    yield "unequal", rng.normal(5, 0.1, 50), rng.normal(5.02, 4, 1000)
    yield "strong", rng.normal(0, 1, 800), rng.normal(0.5, 1, 800)
    yield "negative", rng.normal(-20, 5, 300), rng.normal(-19, 5, 310)


def welch_interval(c, t, level):
    r = stats.ttest_ind(t, c, equal_var=False)
    se = np.sqrt(t.var(ddof=1) / len(t) + c.var(ddof=1) / len(c))
    df = (t.var(ddof=1) / len(t) + c.var(ddof=1) / len(c)) ** 2 / (
        (t.var(ddof=1) / len(t)) ** 2 / (len(t) - 1)
        + (c.var(ddof=1) / len(c)) ** 2 / (len(c) - 1))
    half = stats.t.ppf((1 + level) / 2, df) * se
    diff = t.mean() - c.mean()
    return df, diff - half, diff + half


def lift_interval(c, t, level, df):
    mc, mt = c.mean(), t.mean()
    lift = (mt - mc) / abs(mc)
    var = t.var(ddof=1) / len(t) / mc ** 2 + c.var(ddof=1) / len(c) * mt ** 2 / mc ** 4
    half = stats.t.ppf((1 + level) / 2, df) * np.sqrt(var)
    return lift, lift - half, lift + half


def main():
    with open("samples.csv", "w", newline="") as sf, \
            open("statistics.csv", "w", newline="") as rf:
        samples = csv.writer(sf, lineterminator="\n")
        results = csv.writer(rf, lineterminator="\n")
        samples.writerow(["case", "group", "value"])
        results.writerow(["case", "name", "value"])
        for name, control, treatment in cases():
            for group, values in ((0, control), (1, treatment)):
                for v in values:
                    samples.writerow([name, group, repr(float(v))])
            welch = stats.ttest_ind(treatment, control, equal_var=False)
            student = stats.ttest_ind(treatment, control)
            seed = stats.ttest_ind(control, treatment)
            pooled = np.sqrt((control.std() ** 2 + treatment.std() ** 2) / 2)
            df, lo95, hi95 = welch_interval(control, treatment, 0.95)
            _, lo90, hi90 = welch_interval(control, treatment, 0.90)
            lift, llo, lhi = lift_interval(control, treatment, 0.95, df)
            values = {
                "welch_t": welch.statistic, "welch_df": df, "welch_p": welch.pvalue,
                "student_t": student.statistic,
                "student_df": len(control) + len(treatment) - 2,
                "student_p": student.pvalue, "seed_p": seed.pvalue,
                "cohens_d": (treatment.mean() - control.mean()) / pooled,
                "diff_lo95": lo95, "diff_hi95": hi95, "diff_lo90": lo90, "diff_hi90": hi90,
                "lift": lift, "lift_lo95": llo, "lift_hi95": lhi,
            }
            for key, value in values.items():
                results.writerow([name, key, repr(float(value))])
    with open("srm.csv", "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["case", "observed", "weights", "p"])
        for case, observed, weights in [
                ("balanced", [5000, 5000], [50, 50]),
                ("slight", [5050, 4950], [50, 50]),
                ("mismatch", [5300, 4700], [50, 50]),
                ("three", [2010, 2960, 5030], [20, 30, 50]),
                ("extreme", [60000, 40000], [50, 50]),
                ("small", [7, 3], [1, 1])]:
            total = sum(observed)
            expected = [w / sum(weights) * total for w in weights]
            p = stats.chisquare(observed, expected).pvalue
            out.writerow([case, " ".join(map(str, observed)), " ".join(map(str, weights)),
                          repr(float(p))])


if __name__ == "__main__":
    main()

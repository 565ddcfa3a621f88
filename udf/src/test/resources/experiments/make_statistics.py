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

For the results view (EXPERIMENT_RESULTS) it writes results_units.csv (case, unit,
variant, value, covariate: one row per unit, the variant being the seed's router,
sha256 of "name:unit" mod 100 against the cumulative whole-percent weights) and
results.csv (case, variant, name, value) with, per variant (v) against the control (c):
  n, mean, stddev                 len, np.mean, np.std(ddof=1)
  mean_diff, mean_diff_lower/upper, lift, lift_lower/upper
                                  as above (Welch interval, GrowthBook lift) at the case's level
  p_value                         ttest_ind(v, c, equal_var=False).pvalue
  cohens_d                        the seed's definition
  srm_p                           chisquare of the counts against the weights
  cuped_*                         the same figures of y_adj = y - theta (x - mean(x)), with
                                  theta = np.cov(y, x, ddof=1)[0, 1] / np.var(x, ddof=1) over
                                  the units of all variants pooled into one sample
  cuped_theta, cuped_variance_reduction   theta; 1 - var(y_adj[v]) / var(y[v]) (ddof 1)

Run with Debian's Python: /usr/bin/python3 make_statistics.py
"""
import csv
import hashlib

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


def seed_variant(name, unit, variants):
    """The seed's router: sha256 of "name:unit" as an integer mod 100, cumulative weights."""
    bucket = int(hashlib.sha256(f"{name}:{unit}".encode()).hexdigest(), 16) % 100
    cumulative = 0
    for variant, weight in variants:
        cumulative += weight
        if bucket < cumulative:
            return variant
    return variants[-1][0]


def result_cases():
    """(case = experiment name, variants with weights, level, units, y(variant, x), x)."""
    rng = np.random.default_rng(20261208)
    revenue_units = list(range(100001, 103001))
    yield ("cuped_revenue", [("control", 50), ("treatment", 50)], 0.95, revenue_units,
           lambda v, x: (8 + 0.8 * x + rng.normal(0, 10)) * (1.03 if v == "treatment" else 1),
           lambda: float(rng.lognormal(3, 0.6)))
    three_units = [f"user_{i}" for i in range(2000)]
    yield ("three_arms", [("old", 34), ("new", 33), ("bold", 33)], 0.90, three_units,
           lambda v, x: 50 + 2 * x + rng.normal(0, 4) + {"old": 0, "new": 0.6, "bold": -0.3}[v],
           lambda: float(rng.normal(10, 3)))


def results(case, variants, level, units, y_of, x_of):
    rows = []
    for unit in units:
        variant = seed_variant(case, unit, variants)
        x = x_of()
        rows.append((unit, variant, float(y_of(variant, x)), x))
    names = [v for v, _ in variants]
    y = {v: np.array([r[2] for r in rows if r[1] == v]) for v in names}
    x = {v: np.array([r[3] for r in rows if r[1] == v]) for v in names}
    all_y = np.concatenate([y[v] for v in names])
    all_x = np.concatenate([x[v] for v in names])
    theta = np.cov(all_y, all_x, ddof=1)[0, 1] / np.var(all_x, ddof=1)
    adj = {v: y[v] - theta * (x[v] - all_x.mean()) for v in names}
    counts = [len(y[v]) for v in names]
    weights = [w for _, w in variants]
    expected = [w / sum(weights) * sum(counts) for w in weights]
    srm = stats.chisquare(counts, expected).pvalue
    figures = []
    control = names[0]
    for v in names:
        f = {"n": len(y[v]), "mean": y[v].mean(), "stddev": y[v].std(ddof=1), "srm_p": srm,
             "cuped_mean": adj[v].mean(), "cuped_theta": theta,
             "cuped_variance_reduction": 1 - adj[v].var(ddof=1) / y[v].var(ddof=1)}
        if v != control:
            for prefix, data in (("", y), ("cuped_", adj)):
                c, t = data[control], data[v]
                df, lo, hi = welch_interval(c, t, level)
                lift, llo, lhi = lift_interval(c, t, level, df)
                f.update({prefix + "mean_diff": t.mean() - c.mean(),
                          prefix + "mean_diff_lower": lo, prefix + "mean_diff_upper": hi,
                          prefix + "lift": lift, prefix + "lift_lower": llo,
                          prefix + "lift_upper": lhi,
                          prefix + "p_value": stats.ttest_ind(t, c, equal_var=False).pvalue})
            pooled = np.sqrt((y[control].std() ** 2 + y[v].std() ** 2) / 2)
            f["cohens_d"] = (y[v].mean() - y[control].mean()) / pooled
        figures.append((v, f))
    return rows, figures


def write_results():
    with open("results_units.csv", "w", newline="") as uf, \
            open("results.csv", "w", newline="") as rf:
        units = csv.writer(uf, lineterminator="\n")
        out = csv.writer(rf, lineterminator="\n")
        units.writerow(["case", "unit", "variant", "value", "covariate"])
        out.writerow(["case", "variant", "name", "value"])
        for case, variants, level, unit_ids, y_of, x_of in result_cases():
            rows, figures = results(case, variants, level, unit_ids, y_of, x_of)
            for unit, variant, value, covariate in rows:
                units.writerow([case, unit, variant, repr(value), repr(covariate)])
            out.writerow([case, "", "level", repr(level)])
            for v, f in figures:
                for key, value in f.items():
                    out.writerow([case, v, key, repr(float(value))])


if __name__ == "__main__":
    main()
    write_results()

#!/usr/bin/python3
"""Reference values for Sorrel's drift aggregates, from SciPy and NumPy.

Writes
  samples.csv     case, is_reference (1 reference, 0 current), value
  values.csv      case, name, value with, per numeric case:
    ks_d, ks_p          scipy.stats.ks_2samp(reference, current) (method='auto')
    ks_method           1 exact, 0 asymptotic (max(n, m) <= 10,000 is exact)
    psi_w10, psi_w20    PSI on numpy.linspace(min(ref), max(ref), bins + 1) edges,
                        current clipped into the outer bins, proportions clipped at 1e-6
    psi_q10             PSI on numpy.quantile(ref, numpy.linspace(0, 1, 11)) edges
    psi_seed            the seed article's _calculate_psi (each sample on its own range)
    js_w10, js_q10      scipy.spatial.distance.jensenshannon of the same proportions
    wasserstein         scipy.stats.wasserstein_distance(reference, current)
  categories.csv  case, is_reference, category
  chi2.csv        case, statistic, p (scipy.stats.chi2_contingency(table, correction=False))
  kstwo.csv       n, x, sf (scipy.stats.kstwo.sf(x, n), the asymptotic p-value)

Run with Debian's Python (SciPy 1.10.1): /usr/bin/python3 make_drift.py
"""
import csv
import time

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance


def numeric_cases():
    rng = np.random.default_rng(20261207)
    yield "tiny", rng.normal(0, 1, 5), rng.normal(0.5, 1, 7)
    yield "small_equal", rng.normal(0, 1, 40), rng.normal(0.6, 1, 40)
    yield "ties", rng.integers(0, 6, 30).astype(float), rng.integers(1, 7, 45).astype(float)
    yield "unequal", rng.normal(10, 2, 100), rng.normal(10.3, 2.5, 250)
    yield "identical", np.round(rng.normal(0, 1, 60), 3), None
    yield "shifted", rng.normal(0, 1, 500), rng.normal(0.4, 1, 700)
    yield "stable", rng.lognormal(3, 1, 2000), rng.lognormal(3, 1, 1500)
    yield "exact_10000", np.round(rng.normal(0, 1, 10000), 4), \
        np.round(rng.normal(0.03, 1, 10000), 4)
    yield "exact_unequal", np.round(rng.normal(0, 1, 10000), 4), \
        np.round(rng.normal(0.05, 1, 8000), 4)
    yield "asymp_10001", np.round(rng.normal(0, 1, 10001), 4), \
        np.round(rng.normal(0.03, 1, 10001), 4)
    yield "asymp_drifted", np.round(rng.normal(0, 1, 10001), 4), \
        np.round(rng.normal(0.2, 1.1, 6000), 4)
    yield "asymp_lopsided", np.round(rng.normal(0, 1, 20000), 4), \
        np.round(rng.normal(0.3, 1, 60), 4)
    yield "outside_range", rng.uniform(0, 1, 300), rng.uniform(-0.5, 1.5, 300)


def edges_psi(ref, cur, edges):
    r = np.histogram(np.clip(ref, edges[0], edges[-1]), bins=edges)[0] / len(ref)
    c = np.histogram(np.clip(cur, edges[0], edges[-1]), bins=edges)[0] / len(cur)
    return r, c


def psi(r, c):
    r = np.clip(r, 1e-6, None)
    c = np.clip(c, 1e-6, None)
    return np.sum((c - r) * np.log(c / r))


def seed_psi(reference, current, bins=10):
    """The seed article's ModelMonitor._calculate_psi, verbatim in effect."""
    ref_percents = np.histogram(reference, bins=bins)[0] / len(reference)
    curr_percents = np.histogram(current, bins=bins)[0] / len(current)
    ref_percents = np.clip(ref_percents, 1e-6, None)
    curr_percents = np.clip(curr_percents, 1e-6, None)
    return np.sum((curr_percents - ref_percents) * np.log(curr_percents / ref_percents))


def numeric_values(ref, cur):
    ks = stats.ks_2samp(ref, cur)
    w10 = np.linspace(ref.min(), ref.max(), 11)
    w20 = np.linspace(ref.min(), ref.max(), 21)
    q10 = np.quantile(ref, np.linspace(0, 1, 11))
    pw10 = edges_psi(ref, cur, w10)
    pq10 = edges_psi(ref, cur, q10)
    return {
        "ks_d": ks.statistic, "ks_p": ks.pvalue,
        "ks_method": 1.0 if max(len(ref), len(cur)) <= 10000 else 0.0,
        "psi_w10": psi(*pw10), "psi_w20": psi(*edges_psi(ref, cur, w20)),
        "psi_q10": psi(*pq10), "psi_seed": seed_psi(ref, cur),
        "js_w10": distance.jensenshannon(*pw10), "js_q10": distance.jensenshannon(*pq10),
        "wasserstein": stats.wasserstein_distance(ref, cur),
    }


def category_cases():
    rng = np.random.default_rng(7)
    yield "balanced", rng.choice(["a", "b", "c"], 500, p=[0.5, 0.3, 0.2]), \
        rng.choice(["a", "b", "c"], 400, p=[0.5, 0.3, 0.2])
    yield "drifted", rng.choice(["a", "b", "c", "d"], 1000, p=[0.4, 0.3, 0.2, 0.1]), \
        rng.choice(["a", "b", "c", "d"], 800, p=[0.3, 0.3, 0.2, 0.2])
    # "e" only in the current sample, "x" only in the reference
    yield "one_sided", rng.choice(["a", "b", "x"], 300, p=[0.5, 0.45, 0.05]), \
        rng.choice(["a", "b", "e"], 200, p=[0.5, 0.4, 0.1])
    yield "single", np.array(["a"] * 10), np.array(["a"] * 5)


def main():
    with open("samples.csv", "w", newline="") as sf, open("values.csv", "w", newline="") as vf:
        samples = csv.writer(sf, lineterminator="\n")
        values = csv.writer(vf, lineterminator="\n")
        samples.writerow(["case", "is_reference", "value"])
        values.writerow(["case", "name", "value"])
        for name, ref, cur in numeric_cases():
            if cur is None:
                cur = ref.copy()
            for flag, sample in ((1, ref), (0, cur)):
                for v in sample:
                    samples.writerow([name, flag, repr(float(v))])
            for key, value in numeric_values(ref, cur).items():
                values.writerow([name, key, repr(float(value))])
    with open("categories.csv", "w", newline="") as cf, open("chi2.csv", "w", newline="") as rf:
        cats = csv.writer(cf, lineterminator="\n")
        results = csv.writer(rf, lineterminator="\n")
        cats.writerow(["case", "is_reference", "category"])
        results.writerow(["case", "statistic", "p"])
        for name, ref, cur in category_cases():
            for flag, sample in ((1, ref), (0, cur)):
                for v in sample:
                    cats.writerow([name, flag, v])
            levels = sorted(set(ref) | set(cur))
            table = np.array([[np.sum(ref == c) for c in levels],
                              [np.sum(cur == c) for c in levels]])
            chi2, p, _, _ = stats.chi2_contingency(table, correction=False)
            results.writerow([name, repr(float(chi2)), repr(float(p))])
    with open("kstwo.csv", "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["n", "x", "sf"])
        for n in [1, 2, 3, 7, 20, 50, 140, 141, 500, 1000, 5000, 5001, 20000, 100000, 100001,
                  500000, 1000001, 2000000]:
            for z in [0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5, 2.0, 3.0, 5.0]:
                x = z / np.sqrt(n)
                if x < 1:
                    out.writerow([n, repr(float(x)), repr(float(stats.kstwo.sf(x, n)))])
            for x in [0.51, 0.75, 0.99]:
                out.writerow([n, repr(x), repr(float(stats.kstwo.sf(x, n)))])
    # SciPy's time for the benchmark comparison (not a reference value)
    rng = np.random.default_rng(1)
    a, b = rng.normal(0, 1, 1_000_000), rng.normal(0.001, 1, 1_000_000)
    start = time.perf_counter()
    stats.ks_2samp(a, b)
    print(f"scipy {scipy.__version__} ks_2samp 1M vs 1M: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()

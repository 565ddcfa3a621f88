#!/usr/bin/python3
"""Reference values for Sorrel's model-metric aggregates, from scikit-learn.

Writes
  predictions.csv  case, label (0/1), predicted (0/1), score (a probability in [0, 1])
  values.csv       case, metric, value ('nan' where scikit-learn raises), with metrics
    accuracy, precision, recall, f1   sklearn.metrics.*_score(label, predicted)
                                      (binary, pos_label=1, zero_division='warn' -> 0.0)
    roc_auc                           sklearn.metrics.roc_auc_score(label, score)
                                      (nan: one class only, where it raises ValueError)
    log_loss                          sklearn.metrics.log_loss(label, score, labels=[0, 1])
                                      (eps='auto': probabilities clipped to
                                      [2.22e-16, 1 - 2.22e-16], then renormalized)
  regression.csv   case, actual, predicted
  regression_values.csv  case, metric, value with metrics
    mae, mse, rmse, r2   sklearn.metrics.mean_absolute_error(actual, predicted),
                         mean_squared_error, mean_squared_error(squared=False), r2_score

Prints scikit-learn's time for roc_auc_score over 1M scores (for docs/benchmarks.md).

Run with Debian's Python (scikit-learn 1.2.1): /usr/bin/python3 make_metrics.py
"""
import csv
import time
import warnings

import numpy as np
import sklearn
from sklearn import metrics


def classification_cases():
    rng = np.random.default_rng(20261207)

    def scored(labels, separation, decimals=6):
        # A logistic score: positives shifted up by `separation` on the logit scale.
        logits = rng.normal(0, 1, len(labels)) + separation * labels
        return np.round(1 / (1 + np.exp(-logits)), decimals)

    y = rng.integers(0, 2, 200)
    yield "balanced", y, scored(y, 1.5)
    y = (rng.random(2000) < 0.03).astype(int)
    yield "imbalanced", y, scored(y, 2.0)
    y = rng.integers(0, 2, 500)
    yield "ties", y, scored(y, 0.8, decimals=1)
    y = rng.integers(0, 2, 50)
    yield "perfect", y, np.where(y == 1, rng.uniform(0.6, 1, 50), rng.uniform(0, 0.4, 50)).round(4)
    y = rng.integers(0, 2, 50)
    yield "worst", y, np.where(y == 1, rng.uniform(0, 0.4, 50), rng.uniform(0.6, 1, 50)).round(4)
    y = np.ones(30, dtype=int)
    yield "all_positive", y, scored(y, 1.0)
    y = np.zeros(30, dtype=int)
    yield "all_negative", y, scored(y, 1.0)
    # Nothing scores 0.5 or more: no predicted positives, so precision (and F1) divide by 0.
    y = rng.integers(0, 2, 40)
    yield "no_predicted_positive", y, rng.uniform(0, 0.45, 40).round(3)
    # Probabilities of exactly 0 and 1, right and wrong, for log loss's clipping.
    y = np.array([1, 0, 1, 0, 1, 0, 1, 0, 1, 1])
    yield "extreme_probabilities", y, np.array([1.0, 0.0, 0.0, 1.0, 0.9, 0.1, 0.5, 0.5, 1.0,
                                                 0.75])
    yield "one_row", np.array([1]), np.array([0.8])
    y = rng.integers(0, 2, 20)
    yield "all_tied", y, np.full(20, 0.5)


def regression_cases():
    rng = np.random.default_rng(7)
    actual = rng.normal(100, 15, 300).round(3)
    yield "regression", actual, (actual + rng.normal(0, 5, 300)).round(3)
    actual = rng.lognormal(2, 1, 1000).round(4)
    yield "skewed", actual, (actual * rng.uniform(0.8, 1.25, 1000)).round(4)
    yield "perfect_fit", actual[:40], actual[:40].copy()
    yield "worse_than_mean", actual[:40], actual[40:80].copy()
    yield "constant_actual", np.full(10, 3.5), np.arange(10, dtype=float)
    yield "constant_perfect", np.full(10, 3.5), np.full(10, 3.5)
    yield "one_value", np.array([2.0]), np.array([2.5])


def undefined(f):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = f()
    except ValueError:
        return float("nan")
    return float(value)


def main():
    with open("predictions.csv", "w", newline="") as p, open("values.csv", "w", newline="") as v:
        pw = csv.writer(p, lineterminator="\n")
        vw = csv.writer(v, lineterminator="\n")
        pw.writerow(["case", "label", "predicted", "score"])
        vw.writerow(["case", "metric", "value"])
        for name, label, score in classification_cases():
            predicted = (score >= 0.5).astype(int)
            for y, yhat, s in zip(label, predicted, score):
                pw.writerow([name, int(y), int(yhat), repr(float(s))])
            values = {
                "accuracy": undefined(lambda: metrics.accuracy_score(label, predicted)),
                "precision": undefined(lambda: metrics.precision_score(label, predicted)),
                "recall": undefined(lambda: metrics.recall_score(label, predicted)),
                "f1": undefined(lambda: metrics.f1_score(label, predicted)),
                "roc_auc": undefined(lambda: metrics.roc_auc_score(label, score)),
                "log_loss": undefined(lambda: metrics.log_loss(label, score, labels=[0, 1])),
            }
            for metric, value in values.items():
                vw.writerow([name, metric, repr(value)])

    with open("regression.csv", "w", newline="") as r, \
            open("regression_values.csv", "w", newline="") as v:
        rw = csv.writer(r, lineterminator="\n")
        vw = csv.writer(v, lineterminator="\n")
        rw.writerow(["case", "actual", "predicted"])
        vw.writerow(["case", "metric", "value"])
        for name, actual, predicted in regression_cases():
            for a, b in zip(actual, predicted):
                rw.writerow([name, repr(float(a)), repr(float(b))])
            values = {
                "mae": undefined(lambda: metrics.mean_absolute_error(actual, predicted)),
                "mse": undefined(lambda: metrics.mean_squared_error(actual, predicted)),
                "rmse": undefined(
                    lambda: metrics.mean_squared_error(actual, predicted, squared=False)),
                "r2": undefined(lambda: metrics.r2_score(actual, predicted)),
            }
            for metric, value in values.items():
                vw.writerow([name, metric, repr(value)])

    rng = np.random.default_rng(1)
    label = (rng.random(1_000_000) < 0.1).astype(int)
    score = rng.random(1_000_000) + 0.2 * label
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        auc = metrics.roc_auc_score(label, score)
        best = min(best, time.perf_counter() - start)
    print(f"scikit-learn {sklearn.__version__}: roc_auc_score over 1,000,000 scores "
          f"{best * 1000:.0f} ms (best of 3), AUC {auc:.6f}")


if __name__ == "__main__":
    main()

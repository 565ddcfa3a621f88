-- Model-quality aggregates: the first argument is what the model said, the
-- second what happened (a 0/1 or BOOLEAN label; a value for regression).
-- Rows where either is NULL are left out. Expected values are scikit-learn
-- 1.2.1's sklearn.metrics on the same rows:
--   label = [1, 0, 1, 0, 1, 0, 1, 1], score = [0.9, 0.6, 0.3, 0.2, 0.7, 0.7, 0.7, 0.0]
--   accuracy_score, precision_score, recall_score, f1_score of (score >= 0.5)
--     -> 0.5, 0.6, 0.6, 0.6
--   roc_auc_score(label, score) -> 0.6 (ties in 0.7 count one half)
--   log_loss(label, score) -> 5.051217960561586 (the positive scored 0.0 costs
--     -ln(2.22e-16) = 36.04: probabilities are clipped to machine epsilon)
--   actual = [3, 5, 2.5, 7], predicted = [2.5, 5, 4, 8]: mean_absolute_error
--     0.75, mean_squared_error 0.875, its root 0.9354143466934853, r2_score
--     0.7241379310344828
CREATE TABLE scored (id INTEGER PRIMARY KEY, label INTEGER, outcome BOOLEAN, score DOUBLE, actual DOUBLE, predicted DOUBLE, segment VARCHAR(5));

INSERT INTO scored VALUES (1, 1, TRUE, 0.9, 3.0, 2.5, 'a'), (2, 0, FALSE, 0.6, 5.0, 5.0, 'a'), (3, 1, TRUE, 0.3, 2.5, 4.0, 'a'), (4, 0, FALSE, 0.2, 7.0, 8.0, 'a'), (5, 1, TRUE, 0.7, NULL, 1.0, 'b'), (6, 0, FALSE, 0.7, 1.0, NULL, 'b'), (7, 1, TRUE, 0.7, NULL, NULL, 'b'), (8, 1, TRUE, 0.0, NULL, NULL, 'b'), (9, NULL, NULL, 0.5, NULL, NULL, 'c'), (10, 0, FALSE, NULL, NULL, NULL, 'c');
> 10 rows

SELECT ACCURACY(score >= 0.5, label) AS acc, PRECISION_SCORE(score >= 0.5, label) AS p, RECALL_SCORE(score >= 0.5, outcome) AS r, ROUND(F1_SCORE(score >= 0.5, outcome), 12) AS f1, ROUND(ROC_AUC(score, label), 12) AS auc, ROUND(LOG_LOSS(score, outcome), 12) AS ll FROM scored;
> ACC | P | R | F1 | AUC | LL
> 0.5 | 0.6 | 0.6 | 0.6 | 0.6 | 5.051217960562

SELECT MEAN_ABSOLUTE_ERROR(predicted, actual) AS mae, MEAN_SQUARED_ERROR(predicted, actual) AS mse, ROUND(ROOT_MEAN_SQUARED_ERROR(predicted, actual), 12) AS rmse, ROUND(R2_SCORE(predicted, actual), 12) AS r2 FROM scored;
> MAE | MSE | RMSE | R2
> 0.75 | 0.875 | 0.935414346693 | 0.724137931034

-- Labels may be BOOLEAN, integers or any number that is 0 or 1; a predicted
-- class too. The idiom for a probability is a comparison with a threshold.
SELECT ACCURACY(outcome, label) AS same, ACCURACY(CAST(label AS DECIMAL(3, 1)), outcome) AS decimals, F1_SCORE(CASE WHEN score >= 0.5 THEN 1.0 ELSE 0.0 END, label) AS f1 FROM scored;
> SAME | DECIMALS | F1
> 1.0 | 1.0 | 0.6

-- Per group (scikit-learn: a 0.75 and 0.612191900793, b 1/3 and
-- 9.490244020331). Segment c has no complete pair: NULL. A group of one
-- class has no AUC (scikit-learn raises) but has a log loss (scikit-learn's
-- with labels=[0, 1]: 7.613267319396).
SELECT segment, COUNT(*) AS n, ACCURACY(score >= 0.5, label) AS acc, ROUND(ROC_AUC(score, label), 12) AS auc, ROUND(LOG_LOSS(score, label), 12) AS ll FROM scored GROUP BY segment ORDER BY segment;
> SEGMENT | N | ACC | AUC | LL
> a | 4 | 0.5 | 0.75 | 0.612191900793
> b | 4 | 0.5 | 0.333333333333 | 9.49024402033
> c | 2 | NULL | NULL | NULL

SELECT ROC_AUC(score, label) AS auc, ROUND(LOG_LOSS(score, label), 12) AS ll, PRECISION_SCORE(score >= 0.5, label) AS p FROM scored WHERE label = 1;
> AUC | LL | P
> NULL | 7.613267319396 | 1.0

-- No predicted positive: precision, recall and F1 are 0.0 (scikit-learn's
-- zero_division default warns and gives 0). No rows at all: NULL.
SELECT PRECISION_SCORE(score > 2, label) AS p, RECALL_SCORE(score > 2, label) AS r, F1_SCORE(score > 2, label) AS f1 FROM scored;
> P | R | F1
> 0.0 | 0.0 | 0.0

SELECT ACCURACY(score >= 0.5, label) AS acc, ROC_AUC(score, label) AS auc, R2_SCORE(predicted, actual) AS r2 FROM scored WHERE id < 0;
> ACC | AUC | R2
> NULL | NULL | NULL

-- R² of one pair is undefined (scikit-learn: nan).
SELECT R2_SCORE(predicted, actual) AS r2, MEAN_ABSOLUTE_ERROR(predicted, actual) AS mae FROM scored WHERE id = 1;
> R2 | MAE
> NULL | 0.5

-- Windowed, and compared with a baseline in plain SQL.
SELECT id, ROC_AUC(score, label) OVER (PARTITION BY segment) AS auc FROM scored WHERE segment = 'a' ORDER BY id;
> ID | AUC
> 1 | 0.75
> 2 | 0.75
> 3 | 0.75
> 4 | 0.75

-- Performance decay: predictions recorded with PREDICT, labels that arrive
-- later joined by id (ids 4 and 9 have none yet), metrics per day against a
-- baseline. Expected: scikit-learn on the model's own predict_proba (see
-- ${resources}/models/multi_input_tips.csv, rows 1-10):
--   day 1: accuracy 1.0, roc_auc 1.0, log_loss 0.272967408828
--   day 2: accuracy 0.5, roc_auc 0.666666666667, log_loss 0.508973693719
-- (ONNX Runtime computes in float32: log losses agree to about 1e-8.)
CREATE MODEL tips FROM '${resources}/models/multi_input_tips.onnx';

CREATE TABLE tx (id INTEGER PRIMARY KEY, event_date DATE, amount DOUBLE, age DOUBLE, channel VARCHAR(10));

INSERT INTO tx VALUES (1, DATE '2026-12-01', 22.6, 64, 'web'), (2, DATE '2026-12-01', 21.57, 21, 'web'), (3, DATE '2026-12-01', 49, 53, 'app'), (4, DATE '2026-12-01', 40.26, 27, 'store'), (5, DATE '2026-12-01', 15.25, 52, 'store'), (6, DATE '2026-12-02', 13.49, 35, 'web'), (7, DATE '2026-12-02', 9.97, 52, 'app'), (8, DATE '2026-12-02', 12.62, 56, 'web'), (9, DATE '2026-12-02', 43.14, 58, 'app'), (10, DATE '2026-12-02', 14.03, 79, 'web');
> 10 rows

CREATE TABLE predictions (id INTEGER PRIMARY KEY, event_date DATE, model VARCHAR(20), p DOUBLE);

INSERT INTO predictions SELECT id, event_date, 'tips:1', PREDICT('tips', amount, age, channel) FROM tx;
> 10 rows

CREATE TABLE labels (id INTEGER PRIMARY KEY, tipped BOOLEAN);

INSERT INTO labels VALUES (1, FALSE), (2, TRUE), (3, TRUE), (5, FALSE), (6, FALSE), (7, TRUE), (8, FALSE), (10, FALSE);
> 8 rows

SELECT event_date, COUNT(*) AS n, ACCURACY(p >= 0.5, tipped) AS acc, ROUND(ROC_AUC(p, tipped), 6) AS auc, ROUND(LOG_LOSS(p, tipped), 6) AS ll FROM predictions JOIN labels USING (id) GROUP BY event_date ORDER BY event_date;
> EVENT_DATE | N | ACC | AUC | LL
> 2026-12-01 | 4 | 1.0 | 1.0 | 0.272967
> 2026-12-02 | 4 | 0.5 | 0.666667 | 0.508974

-- A LEFT JOIN keeps unlabelled predictions; their NULL labels are left out.
SELECT COUNT(*) AS n, COUNT(tipped) AS labelled, ROUND(ROC_AUC(p, tipped), 6) AS auc FROM predictions LEFT JOIN labels USING (id);
> N | LABELLED | AUC
> 10 | 8 | 0.933333

CREATE TABLE baselines (model VARCHAR(20), metric VARCHAR(20), baseline DOUBLE, tolerance DOUBLE);

INSERT INTO baselines VALUES ('tips:1', 'roc_auc', 0.93, 0.05);
> 1 row

SELECT w.event_date, ROUND(w.auc, 6) AS auc, w.auc < b.baseline - b.tolerance AS degraded FROM (SELECT event_date, model, ROC_AUC(p, tipped) AS auc FROM predictions JOIN labels USING (id) GROUP BY event_date, model) w JOIN baselines b ON b.model = w.model AND b.metric = 'roc_auc' ORDER BY w.event_date;
> EVENT_DATE | AUC | DEGRADED
> 2026-12-01 | 1.0 | FALSE
> 2026-12-02 | 0.666667 | TRUE

-- Bad input. A label or predicted class other than 0 or 1, or a probability
-- outside [0, 1], is a data error naming the value.
SELECT ACCURACY(score >= 0.5, id) FROM scored;
> ERROR 22023 ACCURACY: label 2 is not a class label; binary metrics take 0 or 1 (or FALSE and TRUE)

SELECT F1_SCORE(score, label) FROM scored;
> ERROR 22023 F1_SCORE: predicted class 0.9 is not a class label; binary metrics take 0 or 1 (or FALSE and TRUE); to rate scores, compare them with a threshold, e.g. F1_SCORE(score >= 0.5, label)

SELECT ROC_AUC(score, label * 2) FROM scored;
> ERROR 22023 ROC_AUC: label 2 is not a class label

SELECT LOG_LOSS(score * 2, label) FROM scored;
> ERROR 22023 LOG_LOSS: probability 1.8 is not between 0 and 1

SELECT ROC_AUC(score / 0e0, label) FROM scored;
> ERROR 22023 ROC_AUC: score NaN cannot be ranked

-- An argument of the wrong type is refused before the query runs, with its position.
SELECT segment, ACCURACY(segment, label) FROM scored GROUP BY segment;
> ERROR 42804 From line 1, column 17 to line 1, column 40: Cannot apply 'ACCURACY' to arguments of type ACCURACY(<VARCHAR>, <INTEGER>). Supported form(s): 'ACCURACY(<BOOLEAN | NUMERIC>, <BOOLEAN | NUMERIC>)'

SELECT ROC_AUC(outcome, label) FROM scored;
> ERROR 42804 Supported form(s): 'ROC_AUC(<NUMERIC>, <BOOLEAN | NUMERIC>)'

SELECT LOG_LOSS(score, 'yes') FROM scored;
> ERROR 42804 Cannot apply 'LOG_LOSS'

SELECT R2_SCORE(predicted, outcome) FROM scored;
> ERROR 42804 Supported form(s): 'R2_SCORE(<NUMERIC>, <NUMERIC>)'

-- PRECISION is a type keyword in SQL, hence the _SCORE names.
SELECT PRECISION(score >= 0.5, label) FROM scored;
> ERROR 42000 Incorrect syntax near the keyword 'PRECISION'

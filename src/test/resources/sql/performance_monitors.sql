-- Performance monitors: the columns are metric aggregates; CREATE MONITOR
-- stores each metric's value on the reference (the reference query gives one
-- row of them), CHECK MONITOR computes the metrics over the current window
-- and flags those worse than the baseline by more than the tolerance (the
-- seed's check_performance_degradation: baseline - recent > tolerance, or
-- recent - baseline > tolerance for a loss or an error). Scores are those of
-- the aggregates over the same rows (metrics.sql has scikit-learn's numbers):
--   segment a: accuracy(score >= 0.5) 0.5, roc_auc 0.75, log_loss 0.612191900793
--   segment b: accuracy 0.5, roc_auc 1/3, log_loss 9.490244020331
--   all rows: precision 0.6, recall 0.6, f1 0.6; regression (segment a):
--   mae 0.75, mse 0.875, rmse 0.935414346693, r2 0.724137931034
CREATE TABLE scored (id INTEGER PRIMARY KEY, label INTEGER, outcome BOOLEAN, score DOUBLE, actual DOUBLE, predicted DOUBLE, segment VARCHAR(5));

INSERT INTO scored VALUES (1, 1, TRUE, 0.9, 3.0, 2.5, 'a'), (2, 0, FALSE, 0.6, 5.0, 5.0, 'a'), (3, 1, TRUE, 0.3, 2.5, 4.0, 'a'), (4, 0, FALSE, 0.2, 7.0, 8.0, 'a'), (5, 1, TRUE, 0.7, NULL, 1.0, 'b'), (6, 0, FALSE, 0.7, 1.0, NULL, 'b'), (7, 1, TRUE, 0.7, NULL, NULL, 'b'), (8, 1, TRUE, 0.0, NULL, NULL, 'b'), (9, NULL, NULL, 0.5, NULL, NULL, 'c'), (10, 0, FALSE, NULL, NULL, NULL, 'c');
> 10 rows

-- The reference is segment a; a column's tolerance overrides the monitor's.
-- A metric column without AS is named after its aggregate.
CREATE MONITOR quality ON scored (ROC_AUC(score, label) AS auc WITH (tolerance = 0.1), ACCURACY(score >= 0.5, label) AS acc, LOG_LOSS(score, outcome) WITH (tolerance = 1)) WITH (tolerance = 0.02) COMMENT 'model quality' REFERENCE AS SELECT ROC_AUC(score, label), ACCURACY(score >= 0.5, label), LOG_LOSS(score, outcome) FROM scored WHERE segment = 'a';

SELECT monitor_name, kind, column_count, columns, reference_rows, baseline_bytes, comment FROM sys.monitors;
> MONITOR_NAME | KIND | COLUMN_COUNT | COLUMNS | REFERENCE_ROWS | BASELINE_BYTES | COMMENT
> QUALITY | performance | 3 | AUC roc_auc 0.65, ACC accuracy 0.48, LOG_LOSS log_loss 1.6121919007930319 | 1 | 39 | model quality

-- THRESHOLD is the tolerance, APPLIED_THRESHOLD the bound a score may not
-- cross, BASELINE_VALUE the metric on the reference.
SELECT column_name, expression, data_type, method, threshold, applied_threshold, bins, baseline, n_reference, baseline_bytes, baseline_value FROM sys.monitor_columns ORDER BY ordinal_position;
> COLUMN_NAME | EXPRESSION | DATA_TYPE | METHOD | THRESHOLD | APPLIED_THRESHOLD | BINS | BASELINE | N_REFERENCE | BASELINE_BYTES | BASELINE_VALUE
> AUC | "ROC_AUC"("SCORE", "LABEL") | DOUBLE | roc_auc | 0.1 | 0.65 | NULL | metric value | NULL | 13 | 0.75
> ACC | "ACCURACY"("SCORE" >= 0.5, "LABEL") | DOUBLE | accuracy | 0.02 | 0.48 | NULL | metric value | NULL | 13 | 0.5
> LOG_LOSS | "LOG_LOSS"("SCORE", "OUTCOME") | DOUBLE | log_loss | 1.0 | 1.6121919007930319 | NULL | metric value | NULL | 13 | 0.6121919007930318

-- A degraded window: AUC fell from 0.75 to 1/3, the log loss rose by 8.9;
-- accuracy held. N_CURRENT counts the rows the metric used.
CHECK MONITOR quality WHERE segment = 'b';
> (contains)
> QUALITY | AUC | roc_auc | 0.3333333333333333 | NULL | 0.65 | TRUE | NULL | 4 | 0 |
> QUALITY | ACC | accuracy | 0.5 | NULL | 0.48 | FALSE | NULL | 4 | 0 |
> QUALITY | LOG_LOSS | log_loss | 9.490244020330138 | NULL | 1.6121919007930319 | TRUE | NULL | 4 | 0 |

SELECT ROC_AUC(score, label) AS auc, ACCURACY(score >= 0.5, label) AS acc, LOG_LOSS(score, outcome) AS ll FROM scored WHERE segment = 'b';
> AUC | ACC | LL
> 0.3333333333333333 | 0.5 | 9.490244020330138

-- A stable window: the reference's own rows.
CHECK MONITOR quality WHERE segment = 'a';
> (contains)
> QUALITY | AUC | roc_auc | 0.75 | NULL | 0.65 | FALSE | NULL | 4 | 0 |
> QUALITY | ACC | accuracy | 0.5 | NULL | 0.48 | FALSE | NULL | 4 | 0 |
> QUALITY | LOG_LOSS | log_loss | 0.6121919007930318 | NULL | 1.6121919007930319 | FALSE | NULL | 4 | 0 |

-- A window without one complete pair (NULL labels or scores): NULL scores,
-- nothing degraded, the rows counted as NULLS_CURRENT.
CHECK MONITOR quality WHERE segment = 'c';
> (contains)
> QUALITY | AUC | roc_auc | NULL | NULL | 0.65 | FALSE | NULL | 0 | 2 |
> QUALITY | ACC | accuracy | NULL | NULL | 0.48 | FALSE | NULL | 0 | 2 |
> QUALITY | LOG_LOSS | log_loss | NULL | NULL | 1.6121919007930319 | FALSE | NULL | 0 | 2 |

-- An empty window too.
CHECK MONITOR quality WHERE segment = 'zz';
> (contains)
> QUALITY | AUC | roc_auc | NULL | NULL | 0.65 | FALSE | NULL | 0 | 0 |

-- All rows: 10 in the window, 8 complete pairs (rows 9 and 10 have a NULL).
CHECK MONITOR quality;
> (contains)
> QUALITY | AUC | roc_auc | 0.6 | NULL | 0.65 | TRUE | NULL | 8 | 2 |
> QUALITY | ACC | accuracy | 0.5 | NULL | 0.48 | FALSE | NULL | 8 | 2 |

SELECT check_id, column_name, method, score, threshold, drifted, n_reference, n_current, nulls_current, window_filter, baseline_value FROM sys.monitor_results WHERE column_name = 'AUC' ORDER BY check_id;
> CHECK_ID | COLUMN_NAME | METHOD | SCORE | THRESHOLD | DRIFTED | N_REFERENCE | N_CURRENT | NULLS_CURRENT | WINDOW_FILTER | BASELINE_VALUE
> 1 | AUC | roc_auc | 0.3333333333333333 | 0.65 | TRUE | NULL | 4 | 0 | "SEGMENT" = 'b' | 0.75
> 2 | AUC | roc_auc | 0.75 | 0.65 | FALSE | NULL | 4 | 0 | "SEGMENT" = 'a' | 0.75
> 3 | AUC | roc_auc | NULL | 0.65 | FALSE | NULL | 0 | 2 | "SEGMENT" = 'c' | 0.75
> 4 | AUC | roc_auc | NULL | 0.65 | FALSE | NULL | 0 | 0 | "SEGMENT" = 'zz' | 0.75
> 5 | AUC | roc_auc | 0.6 | 0.65 | TRUE | NULL | 8 | 2 | NULL | 0.75

-- Each degraded column is an alert, with the baseline it fell from.
SELECT alert_id, check_id, column_name, method, score, threshold, baseline_value, acknowledged_at FROM sys.alerts ORDER BY alert_id;
> ALERT_ID | CHECK_ID | COLUMN_NAME | METHOD | SCORE | THRESHOLD | BASELINE_VALUE | ACKNOWLEDGED_AT
> 1 | 1 | AUC | roc_auc | 0.3333333333333333 | 0.65 | 0.75 | NULL
> 2 | 1 | LOG_LOSS | log_loss | 9.490244020330138 | 1.6121919007930319 | 0.6121919007930318 | NULL
> 3 | 5 | AUC | roc_auc | 0.6 | 0.65 | 0.75 | NULL
> 4 | 5 | LOG_LOSS | log_loss | 5.051217960561585 | 1.6121919007930319 | 0.6121919007930318 | NULL

ALTER MONITOR quality ACKNOWLEDGE ALERTS;
> 4 rows

-- Per window: the plain aggregates with GROUP BY give every segment at once.
SELECT segment, ROUND(ROC_AUC(score, label), 12) AS auc, ROC_AUC(score, label) < 0.65 AS degraded FROM scored GROUP BY segment ORDER BY segment;
> SEGMENT | AUC | DEGRADED
> a | 0.75 | FALSE
> b | 0.333333333333 | TRUE
> c | NULL | NULL

-- REFRESH runs the reference query again: segment a's scores reversed make
-- its AUC 0.25, and segment b is no longer worse than the reference.
UPDATE scored SET score = 1 - score WHERE segment = 'a';
> 4 rows

REFRESH MONITOR quality REFERENCE;
> 1 row

SELECT column_name, applied_threshold, baseline_value FROM sys.monitor_columns WHERE column_name = 'AUC';
> COLUMN_NAME | APPLIED_THRESHOLD | BASELINE_VALUE
> AUC | 0.15 | 0.25

CHECK MONITOR quality WHERE segment = 'b';
> (contains)
> QUALITY | AUC | roc_auc | 0.3333333333333333 | NULL | 0.15 | FALSE | NULL | 4 | 0 |

UPDATE scored SET score = 1 - score WHERE segment = 'a';
> 4 rows

-- A fixed baseline is a reference query of constants. Lower is better for
-- errors and losses: the bound is baseline + tolerance, and a score above it
-- degrades. MAE rose by exactly the tolerance (0.25): not more, so no alert.
CREATE MONITOR errors ON scored (MEAN_ABSOLUTE_ERROR(predicted, actual) AS mae, MEAN_SQUARED_ERROR(predicted, actual) AS mse WITH (tolerance = 0.1), ROOT_MEAN_SQUARED_ERROR(predicted, actual) AS rmse, R2_SCORE(predicted, actual) AS r2 WITH (tolerance = 0.2)) WITH (tolerance = 0.25) REFERENCE AS VALUES (0.5, 0.8, 0.5, 0.9);

CHECK MONITOR errors WHERE segment = 'a';
> (contains)
> ERRORS | MAE | mean_absolute_error | 0.75 | NULL | 0.75 | FALSE | NULL | 4 | 0 |
> ERRORS | MSE | mean_squared_error | 0.875 | NULL | 0.9 | FALSE | NULL | 4 | 0 |
> ERRORS | RMSE | root_mean_squared_error | 0.9354143466934853 | NULL | 0.75 | TRUE | NULL | 4 | 0 |
> ERRORS | R2 | r2_score | 0.7241379310344828 | NULL | 0.7 | FALSE | NULL | 4 | 0 |

-- Segment b has no complete (predicted, actual) pair.
CHECK MONITOR errors WHERE segment = 'b';
> (contains)
> ERRORS | MAE | mean_absolute_error | NULL | NULL | 0.75 | FALSE | NULL | 0 | 4 |

CREATE MONITOR classes ON scored (PRECISION_SCORE(score >= 0.5, label) AS p, RECALL_SCORE(score >= 0.5, label) AS r, F1_SCORE(score >= 0.5, outcome) AS f1) REFERENCE AS VALUES (0.7, 0.6, 0.66);

CHECK MONITOR classes;
> (contains)
> CLASSES | P | precision_score | 0.6 | NULL | 0.6499999999999999 | TRUE | NULL | 8 | 2 |
> CLASSES | R | recall_score | 0.6 | NULL | 0.5499999999999999 | FALSE | NULL | 8 | 2 |
> CLASSES | F1 | f1_score | 0.6 | NULL | 0.61 | TRUE | NULL | 8 | 2 |

-- Predictions recorded when they are made, labels that arrive later, and a
-- view joining them: the monitor watches the view. The reference is the
-- metrics of day 1 (scikit-learn: accuracy 1.0, roc_auc 1.0; day 2: 0.5 and
-- 0.666666666667, see metrics.sql).
CREATE MODEL tips FROM '${resources}/models/multi_input_tips.onnx';

CREATE TABLE tx (id INTEGER PRIMARY KEY, event_date DATE, amount DOUBLE, age DOUBLE, channel VARCHAR(10));

INSERT INTO tx VALUES (1, DATE '2026-12-01', 22.6, 64, 'web'), (2, DATE '2026-12-01', 21.57, 21, 'web'), (3, DATE '2026-12-01', 49, 53, 'app'), (4, DATE '2026-12-01', 40.26, 27, 'store'), (5, DATE '2026-12-01', 15.25, 52, 'store'), (6, DATE '2026-12-02', 13.49, 35, 'web'), (7, DATE '2026-12-02', 9.97, 52, 'app'), (8, DATE '2026-12-02', 12.62, 56, 'web'), (9, DATE '2026-12-02', 43.14, 58, 'app'), (10, DATE '2026-12-02', 14.03, 79, 'web');
> 10 rows

CREATE TABLE predictions (id INTEGER PRIMARY KEY, event_date DATE, p DOUBLE, predicted_at TIMESTAMP);

INSERT INTO predictions SELECT id, event_date, PREDICT('tips', amount, age, channel), CURRENT_TIMESTAMP FROM tx;
> 10 rows

CREATE TABLE labels (id INTEGER PRIMARY KEY, tipped BOOLEAN, labeled_at TIMESTAMP);

INSERT INTO labels VALUES (1, FALSE, TIMESTAMP '2026-12-02 09:00:00'), (2, TRUE, TIMESTAMP '2026-12-02 09:00:00'), (3, TRUE, TIMESTAMP '2026-12-02 09:00:00'), (5, FALSE, TIMESTAMP '2026-12-02 09:00:00'), (6, FALSE, TIMESTAMP '2026-12-03 09:00:00'), (7, TRUE, TIMESTAMP '2026-12-03 09:00:00'), (8, FALSE, TIMESTAMP '2026-12-03 09:00:00'), (10, FALSE, TIMESTAMP '2026-12-03 09:00:00');
> 8 rows

CREATE VIEW scored_with_labels AS SELECT p.id, p.event_date, p.p, l.tipped, l.labeled_at FROM predictions p LEFT JOIN labels l ON l.id = p.id;

CREATE MONITOR tips_quality ON scored_with_labels (ROC_AUC(p, tipped) AS auc, ACCURACY(p >= 0.5, tipped) AS acc WITH (tolerance = 0.1)) REFERENCE AS SELECT ROC_AUC(p, tipped), ACCURACY(p >= 0.5, tipped) FROM scored_with_labels WHERE event_date = DATE '2026-12-01';

CHECK MONITOR tips_quality WHERE labeled_at >= DATE '2026-12-03';
> (contains)
> TIPS_QUALITY | AUC | roc_auc | 0.6666666666666666 | NULL | 0.95 | TRUE | NULL | 4 | 0 |
> TIPS_QUALITY | ACC | accuracy | 0.5 | NULL | 0.9 | TRUE | NULL | 4 | 0 |

-- By prediction date, unlabelled predictions count as NULLS_CURRENT.
CHECK MONITOR tips_quality WHERE event_date = DATE '2026-12-02';
> (contains)
> TIPS_QUALITY | AUC | roc_auc | 0.6666666666666666 | NULL | 0.95 | TRUE | NULL | 4 | 1 |

-- Bad input: kinds mixed, arguments of the wrong type or number, options of
-- the other kind or out of range, and references that are not one row of
-- possible values. Nothing is created.
CREATE MONITOR m ON scored (ROC_AUC(score, label), score) REFERENCE AS VALUES (0.9, 0.1);
> ERROR 42P16 a monitor's columns are either all metric aggregates (a performance monitor) or none (a drift monitor), but "SCORE" is not a metric aggregate; create one monitor for each at line 1, column 52

CREATE MONITOR m ON scored (score, ACCURACY(score >= 0.5, label) AS acc) REFERENCE AS SELECT score, 0.5 FROM scored;
> ERROR 42P16 but "ACCURACY"("SCORE" >= 0.5, "LABEL") is one; create one monitor for each at line 1, column 36

CREATE MONITOR m ON scored (ROC_AUC(segment, label) AS auc) REFERENCE AS VALUES (0.9);
> ERROR 42804 From line 1, column 29 to line 1, column 51: Cannot apply 'ROC_AUC' to arguments of type ROC_AUC(<VARCHAR>, <INTEGER>)

CREATE MONITOR m ON scored (ACCURACY(score >= 0.5, segment) AS acc) REFERENCE AS VALUES (0.9);
> ERROR 42804 From line 1, column 29 to line 1, column 59: Cannot apply 'ACCURACY'

CREATE MONITOR m ON scored (ROC_AUC(score) AS auc) REFERENCE AS VALUES (0.9);
> ERROR 42000 From line 1, column 29 to line 1, column 42: No match found for function signature ROC_AUC(<NUMERIC>)

CREATE MONITOR m ON scored (ROC_AUC(score, nosuch) AS auc) REFERENCE AS VALUES (0.9);
> ERROR 42S22 From line 1, column 44 to line 1, column 49: Column 'NOSUCH' not found in any table

CREATE MONITOR m ON scored (ROC_AUC(score, label), ROC_AUC(score, outcome)) REFERENCE AS VALUES (0.9, 0.9);
> ERROR 42P16 names column ROC_AUC twice

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc WITH (tolerance = -0.1)) REFERENCE AS VALUES (0.9);
> ERROR 22023 tolerance -0.1 is out of range: a metric may get worse by a tolerance of at least 0 before it alerts at line 1, column 76

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc) WITH (tolerance = 1) REFERENCE AS VALUES (0.9);
> ERROR 22023 tolerance 1.0 of ROC_AUC is out of range: a score between 0 and 1 is compared with a tolerance in [0, 1) at line 1, column 77

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc) WITH (tolerance = 'high') REFERENCE AS VALUES (0.9);
> ERROR 22023 monitor option tolerance takes a number at line 1, column 77

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc) WITH (method = 'ks') REFERENCE AS VALUES (0.9);
> ERROR 22023 option method applies to drift monitors; the columns of a performance monitor are metrics, compared with their baseline and a tolerance (option tolerance) at line 1, column 65

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc WITH (threshold = 0.05)) REFERENCE AS VALUES (0.9);
> ERROR 22023 option threshold applies to drift monitors

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc) WITH (colour = 'red') REFERENCE AS VALUES (0.9);
> ERROR 22023 unknown monitor option 'COLOUR'; the option of a performance monitor is tolerance at line 1, column 65

CREATE MONITOR m ON scored (score WITH (tolerance = 0.1)) REFERENCE AS SELECT score FROM scored;
> ERROR 22023 option tolerance applies to performance monitors, whose columns are metric aggregates such as ROC_AUC(score, label); a drift column takes a threshold at line 1, column 41

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc, ACCURACY(score >= 0.5, label) AS acc) REFERENCE AS VALUES (0.9);
> ERROR 42P16 the reference query returns 1 column(s) where the monitor watches 2; it gives one value per monitored column, in order at line 1, column 110

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc) REFERENCE AS VALUES ('high');
> ERROR 42804 column 1 of the reference query (EXPR$0, CHAR) does not match monitored column AUC (DOUBLE)

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc) REFERENCE AS VALUES (0.9), (0.8);
> ERROR 21000 the reference query of a performance monitor returned more than one row

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc) REFERENCE AS SELECT 0.9 FROM scored WHERE id < 0;
> ERROR 22000 the reference query of a performance monitor returned no row

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc) REFERENCE AS SELECT ROC_AUC(score, label) FROM scored WHERE label = 1;
> ERROR 22000 the reference query gave NULL for column AUC: ROC_AUC is NULL over no rows or where it is undefined (an AUC needs both classes)

CREATE MONITOR m ON scored (ROC_AUC(score, label) AS auc) REFERENCE AS VALUES (1.5);
> ERROR 22023 baseline 1.5 of column AUC is not a possible value of ROC_AUC (between 0 and 1)

CREATE MONITOR m ON scored (LOG_LOSS(score, label) AS ll) REFERENCE AS VALUES (-0.5);
> ERROR 22023 baseline -0.5 of column LL is not a possible value of LOG_LOSS (at least 0)

SELECT COUNT(*) AS monitors FROM sys.monitors WHERE monitor_name = 'M';
> MONITORS
> 0

-- A label other than 0 or 1 in the window is the aggregate's error; the
-- check records nothing.
INSERT INTO scored VALUES (11, 2, TRUE, 0.5, NULL, NULL, 'd');
> 1 row

SELECT COUNT(*) AS results FROM sys.monitor_results WHERE monitor_name = 'QUALITY';
> RESULTS
> 18

CHECK MONITOR quality WHERE segment = 'd';
> ERROR 22023 ROC_AUC: label 2 is not a class label

SELECT COUNT(*) AS results FROM sys.monitor_results WHERE monitor_name = 'QUALITY';
> RESULTS
> 18

-- A monitored table dropped later: the check names what it cannot read.
CREATE TABLE events (id INTEGER PRIMARY KEY, p DOUBLE, y BOOLEAN);

CREATE MONITOR event_quality ON events (ROC_AUC(p, y) AS auc) REFERENCE AS VALUES (0.8);

DROP TABLE events;

CHECK MONITOR event_quality;
> ERROR 42S02 monitor EVENT_QUALITY cannot read its table EVENTS

DROP MONITOR event_quality;

-- Dropping a monitor drops its results and alerts.
DROP MONITOR quality;

SELECT COUNT(*) AS results FROM sys.monitor_results WHERE monitor_name = 'QUALITY';
> RESULTS
> 0

SELECT COUNT(*) AS alerts FROM sys.alerts WHERE monitor_name = 'QUALITY';
> ALERTS
> 0

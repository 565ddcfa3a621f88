-- Drift monitors: CREATE MONITOR stores what each test needs of the reference
-- query's rows; CHECK MONITOR tests a window of the monitored table against it
-- and records the results. Values are those of the drift aggregates over the
-- same rows (see drift.sql for SciPy's numbers):
--   reference = [0.5, 1.5, 2.5, 3.5, 4.5], current = [2, 3, 4, 5, 6]
--   ks_2samp -> (0.4, 0.873015873015873); wasserstein_distance -> 1.5
--   PSI (10 equal-width bins) -> 17.227045697345716; jensenshannon -> 0.7086557204111891
--   chi2_contingency([[3, 2, 0], [0, 2, 3]], correction=False) -> (6.0, 0.049787068367864)
CREATE TABLE training (id INTEGER PRIMARY KEY, amount DOUBLE, qty INTEGER, country VARCHAR(2));

INSERT INTO training VALUES (1, 0.5, 1, 'DE'), (2, 1.5, 2, 'FR'), (3, 2.5, 3, 'DE'), (4, 3.5, 4, 'DE'), (5, 4.5, 5, 'FR'), (6, NULL, NULL, NULL);
> 6 rows

CREATE TABLE tx (id INTEGER PRIMARY KEY, d INTEGER, amount DOUBLE, qty INTEGER, country VARCHAR(2));

INSERT INTO tx VALUES (1, 1, 0.5, 1, 'DE'), (2, 1, 1.5, 2, 'FR'), (3, 1, 2.5, 3, 'DE'), (4, 1, 3.5, 4, 'DE'), (5, 1, 4.5, 5, 'FR'), (6, 2, 2.0, 6, 'FR'), (7, 2, 3.0, 7, 'US'), (8, 2, 4.0, 8, 'US'), (9, 2, 5.0, 9, 'US'), (10, 2, 6.0, 10, 'FR'), (11, 2, NULL, NULL, NULL);
> 11 rows

CREATE MONITOR inputs ON tx (amount WITH (method = 'ks'), country WITH (method = 'chi2'), amount * 2 AS doubled WITH (method = 'psi'), amount AS js_amount WITH (method = 'js'), amount AS w WITH (method = 'wasserstein')) COMMENT 'daily inputs' REFERENCE AS SELECT amount, country, amount * 2, amount, amount FROM training;

SELECT monitor_name, table_name, column_count, columns, correction, reference_rows, comment FROM sys.monitors;
> MONITOR_NAME | TABLE_NAME | COLUMN_COUNT | COLUMNS | CORRECTION | REFERENCE_ROWS | COMMENT
> INPUTS | TX | 5 | AMOUNT ks 0.05, COUNTRY chi2 0.05, DOUBLED psi 0.2, JS_AMOUNT js 0.1, W wasserstein 0.1 | none | 6 | daily inputs

-- Sorted values for KS and Wasserstein, bins for PSI and JS, counts for chi-square.
SELECT column_name, expression, data_type, requested_method, method, threshold, bins, binning, baseline, n_reference, nulls_reference, baseline_bytes FROM sys.monitor_columns ORDER BY ordinal_position;
> COLUMN_NAME | EXPRESSION | DATA_TYPE | REQUESTED_METHOD | METHOD | THRESHOLD | BINS | BINNING | BASELINE | N_REFERENCE | NULLS_REFERENCE | BASELINE_BYTES
> AMOUNT | "AMOUNT" | DOUBLE | ks | ks | 0.05 | NULL | NULL | sorted values | 5 | 1 | 45
> COUNTRY | "COUNTRY" | VARCHAR | chi2 | chi2 | 0.05 | NULL | NULL | category counts | 5 | 1 | 33
> DOUBLED | "AMOUNT" * 2 | DOUBLE | psi | psi | 0.2 | 10 | equal_width | bin edges and counts | 5 | 1 | 173
> JS_AMOUNT | "AMOUNT" | DOUBLE | js | js | 0.1 | 10 | equal_width | bin edges and counts | 5 | 1 | 173
> W | "AMOUNT" | DOUBLE | wasserstein | wasserstein | 0.1 | NULL | NULL | sorted values | 5 | 1 | 45

-- A drifted window: the scores of DRIFT_KS, DRIFT_CHI2, DRIFT_PSI, DRIFT_JS and
-- DRIFT_WASSERSTEIN / std(reference) = 1.5 / sqrt(2).
CHECK MONITOR inputs WHERE d = 2;
> (contains)
> INPUTS | AMOUNT | ks | 0.4 | 0.873015873015873 | 0.05 | FALSE | 5 | 5 | 1 |
> INPUTS | COUNTRY | chi2 | 6.0 | 0.04978706836786395 | 0.05 | TRUE | 5 | 5 | 1 |
> INPUTS | DOUBLED | psi | 17.227045697345712 | NULL | 0.2 | TRUE | 5 | 5 | 1 |
> INPUTS | JS_AMOUNT | js | 0.7086557204111891 | NULL | 0.1 | TRUE | 5 | 5 | 1 |
> INPUTS | W | wasserstein | 1.0606601717798212 | NULL | 0.1 | TRUE | 5 | 5 | 1 |

-- A stable window: the reference's own values.
CHECK MONITOR inputs WHERE d = 1;
> (contains)
> INPUTS | AMOUNT | ks | 0.0 | 1.0 | 0.05 | FALSE | 5 | 5 | 0 |
> INPUTS | COUNTRY | chi2 | 0.0 | 1.0 | 0.05 | FALSE | 5 | 5 | 0 |
> INPUTS | DOUBLED | psi | 0.0 | NULL | 0.2 | FALSE | 5 | 5 | 0 |
> INPUTS | JS_AMOUNT | js | 0.0 | NULL | 0.1 | FALSE | 5 | 5 | 0 |
> INPUTS | W | wasserstein | 0.0 | NULL | 0.1 | FALSE | 5 | 5 | 0 |

-- An empty window: NULL scores, nothing drifted.
CHECK MONITOR inputs WHERE d = 99;
> (contains)
> INPUTS | AMOUNT | ks | NULL | NULL | 0.05 | FALSE | 5 | 0 | 0 |
> INPUTS | COUNTRY | chi2 | NULL | NULL | 0.05 | FALSE | 5 | 0 | 0 |

SELECT check_id, column_position, column_name, method, score, p_value, drifted, n_current, nulls_current, window_filter FROM sys.monitor_results WHERE column_name IN ('AMOUNT', 'COUNTRY') ORDER BY check_id, column_position;
> CHECK_ID | COLUMN_POSITION | COLUMN_NAME | METHOD | SCORE | P_VALUE | DRIFTED | N_CURRENT | NULLS_CURRENT | WINDOW_FILTER
> 1 | 1 | AMOUNT | ks | 0.4 | 0.873015873015873 | FALSE | 5 | 1 | "D" = 2
> 1 | 2 | COUNTRY | chi2 | 6.0 | 0.04978706836786395 | TRUE | 5 | 1 | "D" = 2
> 2 | 1 | AMOUNT | ks | 0.0 | 1.0 | FALSE | 5 | 0 | "D" = 1
> 2 | 2 | COUNTRY | chi2 | 0.0 | 1.0 | FALSE | 5 | 0 | "D" = 1
> 3 | 1 | AMOUNT | ks | NULL | NULL | FALSE | 0 | 0 | "D" = 99
> 3 | 2 | COUNTRY | chi2 | NULL | NULL | FALSE | 0 | 0 | "D" = 99

-- Each drifted column of a check is an alert.
SELECT alert_id, check_id, column_name, method, score, p_value, threshold, acknowledged_at FROM sys.alerts ORDER BY alert_id;
> ALERT_ID | CHECK_ID | COLUMN_NAME | METHOD | SCORE | P_VALUE | THRESHOLD | ACKNOWLEDGED_AT
> 1 | 1 | COUNTRY | chi2 | 6.0 | 0.04978706836786395 | 0.05 | NULL
> 2 | 1 | DOUBLED | psi | 17.227045697345712 | NULL | 0.2 | NULL
> 3 | 1 | JS_AMOUNT | js | 0.7086557204111891 | NULL | 0.1 | NULL
> 4 | 1 | W | wasserstein | 1.0606601717798212 | NULL | 0.1 | NULL

ALTER MONITOR inputs ACKNOWLEDGE ALERTS;
> 4 rows

SELECT COUNT(*) AS open_alerts FROM sys.alerts WHERE acknowledged_at IS NULL;
> OPEN_ALERTS
> 0

ALTER MONITOR inputs ACKNOWLEDGE ALERTS;
> 0 rows

ALTER MONITOR inputs CLEAR ALERTS;
> 4 rows

SELECT COUNT(*) AS alerts FROM sys.alerts;
> ALERTS
> 0

-- Results and alerts are written by the monitor statements only.
DELETE FROM sys.alerts;
> ERROR 0A000 SYS.ALERTS is written by CHECK MONITOR

UPDATE sys.monitor_results SET drifted = FALSE;
> ERROR 0A000 SYS.MONITOR_RESULTS is written by CHECK MONITOR

ALTER MONITOR inputs SET COMMENT 'inputs of the fraud model';

SELECT comment FROM sys.monitors;
> COMMENT
> inputs of the fraud model

-- 'auto' picks per column from the reference (Evidently's rule): at most 1000
-- values, KS for numbers with more than 5 distinct values, chi-square for
-- anything else (here AMOUNT and QTY have 5 each, so they are categories).
-- With Bonferroni, each p-value threshold is divided by the number of columns
-- tested with a p-value.
CREATE MONITOR auto_inputs ON tx (amount, qty, country) WITH (correction = 'bonferroni') REFERENCE AS SELECT amount, qty, country FROM training;

SELECT column_name, requested_method, method, threshold, applied_threshold, baseline FROM sys.monitor_columns WHERE monitor_name = 'AUTO_INPUTS' ORDER BY ordinal_position;
> COLUMN_NAME | REQUESTED_METHOD | METHOD | THRESHOLD | APPLIED_THRESHOLD | BASELINE
> AMOUNT | auto | chi2 | 0.05 | 0.016666666666666666 | category counts
> QTY | auto | chi2 | 0.05 | 0.016666666666666666 | category counts
> COUNTRY | auto | chi2 | 0.05 | 0.016666666666666666 | category counts

-- QTY as categories: DRIFT_CHI2 of the same rows (10 categories, 5 each side).
CHECK MONITOR auto_inputs WHERE d = 2;
> (contains)
> AUTO_INPUTS | AMOUNT | chi2 | 10.0 | 0.35048521232336194 | 0.016666666666666666 | FALSE | 5 | 5 | 1 |
> AUTO_INPUTS | QTY | chi2 | 10.0 | 0.35048521232336194 | 0.016666666666666666 | FALSE | 5 | 5 | 1 |
> AUTO_INPUTS | COUNTRY | chi2 | 6.0 | 0.04978706836786395 | 0.016666666666666666 | FALSE | 5 | 5 | 1 |

SELECT ROUND(DRIFT_CHI2(qty, is_ref), 12) AS p, DRIFT_CHI2_STATISTIC(qty, is_ref) AS chi2 FROM (SELECT qty, TRUE AS is_ref FROM training UNION ALL SELECT qty, FALSE FROM tx WHERE d = 2);
> P | CHI2
> 0.350485212323 | 10.0

-- The baseline is stored: the reference table can change or go away.
DELETE FROM training;
> 6 rows

CHECK MONITOR auto_inputs WHERE d = 2;
> (contains)
> AUTO_INPUTS | AMOUNT | chi2 | 10.0 | 0.35048521232336194 |

-- A refresh reads the reference again; an empty reference is refused and
-- leaves the monitor as it was.
REFRESH MONITOR auto_inputs REFERENCE;
> ERROR 22000 the reference query returned no rows for column AMOUNT

INSERT INTO training SELECT id, amount, qty, country FROM tx WHERE d = 2;
> 6 rows

REFRESH MONITOR auto_inputs REFERENCE;
> 6 rows

CHECK MONITOR auto_inputs WHERE d = 2;
> (contains)
> AUTO_INPUTS | AMOUNT | chi2 | 0.0 | 1.0 |

-- Label drift: an outcome column; prediction drift: a model's scores (the
-- reference scores the training rows, the check scores the logged rows).
CREATE TABLE outcomes (id INTEGER PRIMARY KEY, d INTEGER, label BOOLEAN);

INSERT INTO outcomes VALUES (1, 1, TRUE), (2, 1, FALSE), (3, 1, FALSE), (4, 1, FALSE), (5, 2, TRUE), (6, 2, TRUE), (7, 2, TRUE), (8, 2, FALSE);
> 8 rows

CREATE MONITOR label_drift ON outcomes (label) REFERENCE AS SELECT label FROM outcomes WHERE d = 1;

CHECK MONITOR label_drift WHERE d = 2;
> (contains)
> LABEL_DRIFT | LABEL | chi2 | 2.0 | 0.157299207050285 | 0.05 | FALSE | 4 | 4 | 0 |

SELECT DRIFT_CHI2_STATISTIC(label, d = 1) AS chi2, DRIFT_CHI2(label, d = 1) AS p FROM outcomes;
> CHI2 | P
> 2.0 | 0.157299207050285

CREATE MODEL tips FROM '${resources}/models/multi_input_tips.onnx';

CREATE TABLE tips_log (id INTEGER PRIMARY KEY, amount DOUBLE, age DOUBLE, channel VARCHAR(10));

INSERT INTO tips_log VALUES (1, 22.6, 64, 'web'), (2, 12.5, 30, 'kiosk'), (3, 250, 18, 'web'), (4, 40, 41, 'app'), (5, 8, 25, 'kiosk');
> 5 rows

CREATE MONITOR tips_scores ON tips_log (PREDICT('tips', amount, age, channel) AS p1 WITH (method = 'ks')) REFERENCE AS SELECT PREDICT('tips', amount, age, channel) FROM tips_log WHERE id <= 3;

CHECK MONITOR tips_scores WHERE id > 3;
> (contains)
> TIPS_SCORES | P1 | ks | 0.6666666666666666 | 0.6 | 0.05 | FALSE | 3 | 2 | 0 |

-- Bad input.
CREATE MONITOR inputs ON tx (amount) REFERENCE AS SELECT amount FROM training;
> ERROR 42S01 monitor INPUTS already exists

CREATE MONITOR IF NOT EXISTS inputs ON tx (amount) REFERENCE AS SELECT amount FROM training;

CREATE MONITOR m ON nosuch (amount) REFERENCE AS SELECT amount FROM training;
> ERROR 42S02 From line 1, column 21 to line 1, column 26: Object 'NOSUCH' not found

CREATE MONITOR m ON tx (amount, nosuch) REFERENCE AS SELECT amount, amount FROM training;
> ERROR 42S22 From line 1, column 33 to line 1, column 38: Column 'NOSUCH' not found in any table

CREATE MONITOR m ON tx (amount + 1) REFERENCE AS SELECT amount FROM training;
> ERROR 42P16 a monitored expression needs a name: add AS name at line 1, column 25

CREATE MONITOR m ON tx (amount, amount) REFERENCE AS SELECT amount, amount FROM training;
> ERROR 42P16 names column AMOUNT twice

CREATE MONITOR m ON tx (amount) REFERENCE AS SELECT amount, qty FROM training;
> ERROR 42P16 the reference query returns 2 column(s) where the monitor watches 1; it gives one value per monitored column, in order at line 1, column 46

CREATE MONITOR m ON tx (amount) REFERENCE AS SELECT country FROM training;
> ERROR 42804 column 1 of the reference query (COUNTRY, VARCHAR) does not match monitored column AMOUNT (DOUBLE)

CREATE MONITOR m ON tx (country WITH (method = 'ks')) REFERENCE AS SELECT country FROM training;
> ERROR 42804 method 'ks' needs numbers, but column COUNTRY is VARCHAR; use 'chi2' or 'js' for categories at line 1, column 25

CREATE MONITOR m ON tx (amount) WITH (method = 'bogus') REFERENCE AS SELECT amount FROM training;
> ERROR 22023 unknown monitor method 'bogus'; use 'auto' (the default), 'ks', 'psi', 'js', 'wasserstein' or 'chi2' at line 1, column 48

CREATE MONITOR m ON tx (amount) WITH (method = 'ks', threshold = 1.5) REFERENCE AS SELECT amount FROM training;
> ERROR 22023 threshold 1.5 of method 'ks' is out of range: a p-value threshold lies between 0 and 1 (exclusive) at line 1, column 66

CREATE MONITOR m ON tx (amount) WITH (threshold = 0) REFERENCE AS SELECT amount FROM training;
> ERROR 22023 threshold 0.0 is out of range for method 'auto'

CREATE MONITOR m ON tx (amount WITH (method = 'psi', threshold = -1)) REFERENCE AS SELECT amount FROM training;
> ERROR 22023 threshold -1.0 of method 'psi' is out of range: a distance threshold is positive

CREATE MONITOR m ON tx (amount) WITH (window = 7) REFERENCE AS SELECT amount FROM training;
> ERROR 42000 syntax error at line 1, column 39

CREATE MONITOR m ON tx (amount) WITH (colour = 'red') REFERENCE AS SELECT amount FROM training;
> ERROR 22023 unknown monitor option 'COLOUR'; the options are method, threshold, bins, binning and correction at line 1, column 39

CREATE MONITOR m ON tx (amount WITH (method = 'ks', bins = 20)) REFERENCE AS SELECT amount FROM training;
> ERROR 22023 bins and binning apply to methods 'psi' and 'js' (and 'auto'), not to 'ks' of column AMOUNT

CREATE MONITOR m ON tx (amount WITH (method = 'psi', bins = 0)) REFERENCE AS SELECT amount FROM training;
> ERROR 22023 number of bins 0 is not a whole number between 1 and 10000

CREATE MONITOR m ON tx (amount WITH (correction = 'bonferroni')) REFERENCE AS SELECT amount FROM training;
> ERROR 22023 correction applies to the whole monitor

CREATE MONITOR m ON tx (amount) REFERENCE AS SELECT amount FROM training WHERE id > ?;
> ERROR 0A000 the reference query of a monitor cannot take parameters

CREATE MONITOR m ON tx (amount) REFERENCE AS SELECT amount FROM training WHERE id < 0;
> ERROR 22000 the reference query returned no rows for column AMOUNT; a monitor needs reference values to compare with

CREATE MONITOR m ON tx (amount) REFERENCE AS SELECT CAST(NULL AS DOUBLE) FROM training;
> ERROR 22000 the reference query returned only NULLs for column AMOUNT

SELECT COUNT(*) AS monitors FROM sys.monitors WHERE monitor_name = 'M';
> MONITORS
> 0

CHECK MONITOR nosuch;
> ERROR 42S02 monitor NOSUCH does not exist

CHECK MONITOR inputs WHERE nosuch = 1;
> ERROR 42S22 From line 1, column 28 to line 1, column 33: Column 'NOSUCH' not found in any table

CHECK MONITOR inputs WHERE amount;
> ERROR 42000 From line 1, column 28 to line 1, column 33: WHERE clause must be a condition

-- A monitored column dropped later: the check names it; the monitor can still be dropped.
CREATE TABLE events (id INTEGER PRIMARY KEY, score DOUBLE, kind VARCHAR(5));

INSERT INTO events VALUES (1, 0.1, 'a'), (2, 0.5, 'b');
> 2 rows

CREATE MONITOR event_drift ON events (score, kind) REFERENCE AS SELECT score, kind FROM events;

DROP TABLE events;

CREATE TABLE events (id INTEGER PRIMARY KEY, kind VARCHAR(5));

CHECK MONITOR event_drift;
> ERROR 42S22 monitor EVENT_DRIFT cannot read its column SCORE ("SCORE") from EVENTS

DROP TABLE events;

CHECK MONITOR event_drift;
> ERROR 42S02 monitor EVENT_DRIFT cannot read its table EVENTS

DROP MONITOR event_drift;

DROP MONITOR event_drift;
> ERROR 42S02 monitor EVENT_DRIFT does not exist

DROP MONITOR IF EXISTS event_drift;

-- Dropping a monitor drops its results and alerts.
DROP MONITOR inputs;

SELECT COUNT(*) AS results FROM sys.monitor_results WHERE monitor_name = 'INPUTS';
> RESULTS
> 0

SELECT monitor_name FROM sys.monitors ORDER BY monitor_name;
> MONITOR_NAME
> AUTO_INPUTS
> LABEL_DRIFT
> TIPS_SCORES

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
> INPUTS | TX | 5 | x | none | 6 | daily inputs

SELECT column_name, expression, data_type, requested_method, method, threshold, bins, binning, baseline, n_reference, nulls_reference, baseline_bytes FROM sys.monitor_columns ORDER BY ordinal_position;
> x

CHECK MONITOR inputs WHERE d = 2;
> (contains)
> INPUTS | AMOUNT | ks | 0.4 | 0.873015873015873 | 0.05 | FALSE | 5 | 5 | 1 |

CHECK MONITOR inputs WHERE d = 1;
> (contains)
> x

SELECT check_id, column_position, column_name, method, score, p_value, threshold, drifted, n_reference, n_current, nulls_current, window_filter FROM sys.monitor_results ORDER BY check_id, column_position;
> x

SELECT alert_id, check_id, column_name, method, score, p_value, threshold, acknowledged_at FROM sys.alerts ORDER BY alert_id;
> x

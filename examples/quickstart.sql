-- Sorrel quickstart: tables, models, feature views and experiments on an embedded database.
-- Run it with bin/quickstart (or: bin/sorrel --echo -f examples/quickstart.sql ./demo.db).
-- Each step's comment says what it shows; --echo prints it with the statement.

-- Start over on the database of an earlier run, quietly.
\quiet on
DROP VIEW IF EXISTS big_spenders;
DROP MONITOR IF EXISTS tipper_quality;
DROP VIEW IF EXISTS tips_scored;
DROP TABLE IF EXISTS tip_predictions;
DROP TABLE IF EXISTS tip_outcomes;
DROP TABLE IF EXISTS tx;
DROP TABLE IF EXISTS users;
DROP TABLE IF EXISTS visits;
DROP TABLE IF EXISTS checkout_outcomes;
DROP EXPERIMENT IF EXISTS "checkout_v2";
DROP EXPERIMENT IF EXISTS "tipper_ab";
DROP MODEL IF EXISTS tipper_challenger;
DROP MODEL IF EXISTS tipper;
DROP TABLE IF EXISTS orders;
DROP FEATURE VIEW IF EXISTS driver_hourly_stats;
DROP ENTITY IF EXISTS driver;
DROP MONITOR IF EXISTS model_inputs_drift;
DROP TABLE IF EXISTS model_inputs;
\quiet off

-- Tables live in RocksDB, keyed by their primary key.
CREATE TABLE users (
  user_id   VARCHAR(20) PRIMARY KEY,
  country   VARCHAR(2) NOT NULL,
  signed_up DATE
);

-- A second table; ts defaults to the time of the insert.
CREATE TABLE tx (
  id      BIGINT PRIMARY KEY,
  user_id VARCHAR(20) NOT NULL,
  amount  DECIMAL(10, 2),
  ts      TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Multi-row inserts, each one atomic.
INSERT INTO users VALUES
  ('alice', 'DE', DATE '2025-01-10'),
  ('bob',   'US', DATE '2025-03-02'),
  ('carol', 'FR', DATE '2025-06-21');

INSERT INTO tx (id, user_id, amount, ts) VALUES
  (1, 'alice',  12.50, TIMESTAMP '2026-11-01 09:15:00'),
  (2, 'bob',   250.00, TIMESTAMP '2026-11-01 10:02:00'),
  (3, 'alice',  40.00, TIMESTAMP '2026-11-02 18:45:00'),
  (4, 'carol',   7.99, TIMESTAMP '2026-11-03 08:00:00'),
  (5, 'bob',    99.95, TIMESTAMP '2026-11-04 21:30:00');

-- A primary-key equality is a single RocksDB point lookup ...
EXPLAIN PLAN FOR SELECT amount FROM tx WHERE id = 3;
SELECT amount FROM tx WHERE id = 3;

-- ... and a range on the key's leading column is one bounded range scan.
EXPLAIN PLAN FOR SELECT id, amount FROM tx WHERE id BETWEEN 2 AND 4;
SELECT id, amount FROM tx WHERE id BETWEEN 2 AND 4;

-- Joins and aggregates: spend per country.
SELECT u.country, COUNT(*) AS n, SUM(t.amount) AS total
FROM tx t JOIN users u ON t.user_id = u.user_id
GROUP BY u.country
ORDER BY total DESC;

-- Window functions: a running total per user and a rank over all.
SELECT id, user_id, amount,
       SUM(amount) OVER (PARTITION BY user_id ORDER BY ts) AS running_total,
       RANK() OVER (ORDER BY amount DESC) AS amount_rank
FROM tx
ORDER BY id;

-- Writes are atomic per statement: double carol's amounts, then drop the small ones.
UPDATE tx SET amount = amount * 2 WHERE user_id = 'carol';
DELETE FROM tx WHERE amount < 10;

-- Views expand at query time.
CREATE VIEW big_spenders AS
  SELECT user_id, SUM(amount) AS total FROM tx GROUP BY user_id HAVING SUM(amount) > 50;
SELECT * FROM big_spenders ORDER BY total DESC;

-- Definitions are tables too: the tables of this database ...
SELECT table_name, table_type, primary_key FROM sys.tables ORDER BY table_name;
-- ... and the columns of one of them.
SELECT column_name, data_type, is_nullable, key_position
FROM sys.columns WHERE table_name = 'TX' ORDER BY ordinal_position;

-- Models live in the database: a scikit-learn ONNX model of tipping, validated and copied in.
CREATE MODEL tipper FROM 'examples/models/multi_input_tips.onnx'
  COMMENT 'logistic regression: amount, age, channel -> tip';
-- An alias names a version, so queries can say 'tipper@production'.
ALTER MODEL tipper SET ALIAS production = 1;

-- Visits to score: amount, the customer's age and the sales channel.
CREATE TABLE visits (id INTEGER PRIMARY KEY, amount DOUBLE, age INTEGER, channel VARCHAR(10));
INSERT INTO visits VALUES
  (1, 12.50, 23, 'web'), (2, 80.00, 61, 'store'), (3, 33.10, 45, 'app'),
  (4, 5.20, 19, 'web'), (5, NULL, 30, 'app');

-- PREDICT scores a batch of rows per ONNX Runtime call; a NULL input gives NULL.
SELECT id, channel,
       PREDICT('tipper', amount, age, channel) AS p_tip,
       PREDICT_LABEL('tipper@production', amount, age, channel) AS tips
FROM visits ORDER BY id;

-- The plan shows where PREDICT runs.
EXPLAIN PLAN FOR
  SELECT id FROM visits WHERE PREDICT('tipper', amount, age, channel) > 0.5;

-- Each model version with its aliases and its signature.
SELECT model_name, version, aliases, inputs, outputs FROM sys.model_versions;

-- Feature views: an entity names the key; the view keeps every value with its event time.
CREATE ENTITY driver (driver_id BIGINT) COMMENT 'a ride-hailing driver';
-- One definition for training and serving, whose values count for two hours.
CREATE FEATURE VIEW driver_hourly_stats ENTITY driver
  (conv_rate DOUBLE, acc_rate DOUBLE, avg_daily_trips BIGINT)
  TTL INTERVAL '2' HOUR
  COMMENT 'hourly driver quality stats' WITH (owner = 'ml-team');

-- Stats of two drivers over a morning.
INSERT INTO driver_hourly_stats (driver_id, event_timestamp, conv_rate, acc_rate, avg_daily_trips) VALUES
  (1001, TIMESTAMP '2026-05-01 08:00:00', 0.52, 0.91, 14),
  (1001, TIMESTAMP '2026-05-01 09:00:00', 0.55, 0.90, 15),
  (1001, TIMESTAMP '2026-05-01 12:00:00', 0.61, 0.88, 17),
  (1002, TIMESTAMP '2026-05-01 09:30:00', 0.31, 0.75, 6);

-- Orders to train on, each with its driver and time.
CREATE TABLE orders (order_id INTEGER PRIMARY KEY, driver_id BIGINT, ordered_at TIMESTAMP, tipped BOOLEAN);
INSERT INTO orders VALUES
  (1, 1001, TIMESTAMP '2026-05-01 08:30:00', TRUE),
  (2, 1001, TIMESTAMP '2026-05-01 11:59:00', FALSE),
  (3, 1002, TIMESTAMP '2026-05-01 10:00:00', TRUE),
  (4, 1003, TIMESTAMP '2026-05-01 10:00:00', FALSE);

-- Compaction writes the view's columnar history segment, which point-in-time joins search.
ALTER FEATURE VIEW driver_hourly_stats COMPACT;

-- A point-in-time training set: each order gets the newest stats at most 2 hours old, or NULL.
SELECT o.order_id, o.ordered_at, f.event_timestamp, f.conv_rate, f.acc_rate, o.tipped
FROM orders o
LEFT ASOF JOIN driver_hourly_stats f
  MATCH_CONDITION (o.ordered_at >= f.event_timestamp)
  ON o.driver_id = f.driver_id
ORDER BY o.order_id;

-- Serving: the latest values per driver, one RocksDB get; months-old values read as NULL ...
SELECT driver_id, conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = 1001;
-- ... and fresh ones are served.
INSERT INTO driver_hourly_stats (driver_id, event_timestamp, conv_rate, acc_rate, avg_daily_trips)
  VALUES (1001, CURRENT_TIMESTAMP, 0.64, 0.87, 18);
SELECT driver_id, conv_rate, acc_rate FROM online.driver_hourly_stats WHERE driver_id = 1001;

-- The plan of an online read is a point lookup.
EXPLAIN PLAN FOR SELECT conv_rate FROM online.driver_hourly_stats WHERE driver_id = 1001;
-- Each feature view with its entity, features, TTL and size.
SELECT view_name, entity_name, features, ttl_seconds, row_count, entity_count FROM sys.feature_views;
-- The segment is one write behind now: joins seek the newer rows in RocksDB.
SELECT view_name, data_version, segment_version, segment_bytes FROM sys.feature_views;

-- A model A/B test: a challenger model with the same inputs ...
CREATE MODEL tipper_challenger FROM 'examples/models/challenger_tips.onnx'
  COMMENT 'logistic regression, C=0.05, balanced classes';
-- ... and an experiment that routes each visit to one of the two models.
CREATE EXPERIMENT "tipper_ab" (
  control MODEL 'tipper@production' WEIGHT 50,
  challenger MODEL 'tipper_challenger' WEIGHT 50);
ALTER EXPERIMENT "tipper_ab" START;
-- PREDICT_VARIANT scores each visit with the model of its variant.
SELECT id, ASSIGN_VARIANT('tipper_ab', id) AS variant,
       ROUND(PREDICT_VARIANT('tipper_ab', id, amount, age, channel), 4) AS p_tip,
       ROUND(PREDICT('tipper', amount, age, channel), 4) AS p_control,
       ROUND(PREDICT('tipper_challenger', amount, age, channel), 4) AS p_challenger
FROM visits ORDER BY id;

-- Experiments: a unit's variant is a pure function of experiment and unit (SHA-256, as in Python).
CREATE EXPERIMENT "checkout_v2" (control WEIGHT 50, treatment WEIGHT 50)
  COMMENT 'one-page checkout';
ALTER EXPERIMENT "checkout_v2" START;
-- Which variant each user sees.
SELECT user_id, ASSIGN_VARIANT('checkout_v2', user_id) AS variant FROM users ORDER BY user_id;

-- Outcomes per unit, with the same metric over the weeks before the experiment.
CREATE TABLE checkout_outcomes (user_id VARCHAR(20) PRIMARY KEY, revenue DOUBLE,
  pre_revenue DOUBLE);
INSERT INTO checkout_outcomes VALUES
  ('u1', 12.0, 11.0), ('u2', 15.5, 13.0), ('u3', 9.0, 9.5), ('u4', 14.0, 12.5),
  ('u5', 11.5, 10.0), ('u6', 16.0, 14.5), ('u7', 10.0, 10.5), ('u8', 13.5, 12.0),
  ('u9', 17.0, 15.0), ('u10', 8.5, 8.0), ('u11', 12.5, 12.0), ('u12', 15.0, 13.5);
-- Units and mean revenue per variant.
SELECT ASSIGN_VARIANT('checkout_v2', user_id) AS variant, COUNT(*) AS n, AVG(revenue) AS mean
FROM checkout_outcomes GROUP BY ASSIGN_VARIANT('checkout_v2', user_id) ORDER BY variant;
-- The analysis is aggregates, equal to SciPy's: Welch's t-test and the lift with its interval.
SELECT TTEST_P(revenue, ASSIGN_VARIANT('checkout_v2', user_id) = 'treatment') AS p_value,
       LIFT(revenue, ASSIGN_VARIANT('checkout_v2', user_id) = 'treatment') AS lift,
       LIFT_LOWER(revenue, ASSIGN_VARIANT('checkout_v2', user_id) = 'treatment', 0.95) AS lift_lo,
       LIFT_UPPER(revenue, ASSIGN_VARIANT('checkout_v2', user_id) = 'treatment', 0.95) AS lift_hi
FROM checkout_outcomes;
-- Stop the experiment with its winner, as the catalog then shows.
ALTER EXPERIMENT "checkout_v2" STOP WINNER treatment;
SELECT experiment_name, status, winner, variants FROM sys.experiments ORDER BY experiment_name;
-- The results view: one row per variant against the control, with CUPED on pre-period revenue.
SELECT variant, n, ROUND(mean, 3) AS mean, ROUND(lift, 4) AS lift,
       ROUND(lift_lower, 4) AS lift_lo, ROUND(lift_upper, 4) AS lift_hi,
       ROUND(p_value, 4) AS p_value, ROUND(srm_p, 4) AS srm_p,
       ROUND(cuped_lift_lower, 4) AS cuped_lift_lo, ROUND(cuped_lift_upper, 4) AS cuped_lift_hi,
       ROUND(cuped_p_value, 4) AS cuped_p, ROUND(cuped_variance_reduction, 3) AS var_reduction
FROM TABLE(EXPERIMENT_RESULTS('checkout_v2',
  CURSOR(SELECT user_id, revenue, pre_revenue FROM checkout_outcomes), 0.95));

-- Drift: the model inputs of week 1 against those of the training window, week 0.
CREATE TABLE model_inputs (id INTEGER PRIMARY KEY, week INTEGER, amount DOUBLE, country VARCHAR(2));
INSERT INTO model_inputs VALUES
  (1, 0, 12.0, 'DE'), (2, 0, 15.5, 'DE'), (3, 0, 9.0, 'FR'), (4, 0, 14.0, 'DE'),
  (5, 0, 11.5, 'FR'), (6, 0, 16.0, 'DE'), (7, 0, 10.0, 'US'), (8, 0, 13.5, 'DE'),
  (9, 1, 17.0, 'US'), (10, 1, 19.5, 'US'), (11, 1, 15.0, 'DE'), (12, 1, 21.0, 'US'),
  (13, 1, 18.5, 'FR'), (14, 1, 16.5, 'US'), (15, 1, 20.0, 'US'), (16, 1, NULL, 'US');
-- The KS test, PSI and chi-square test, as SciPy computes them.
SELECT DRIFT_KS(amount, week = 0) AS ks_p, DRIFT_KS_STATISTIC(amount, week = 0) AS ks_d,
       DRIFT_PSI(amount, week = 0) AS psi, DRIFT_CHI2(country, week = 0) AS country_p
FROM model_inputs;

-- A monitor keeps what the tests need of the training window, once.
CREATE MONITOR model_inputs_drift ON model_inputs
  (amount WITH (method = 'ks'), country WITH (method = 'chi2'))
  COMMENT 'weekly check of the model inputs'
  REFERENCE AS SELECT amount, country FROM model_inputs WHERE week = 0;
-- A check reads only the current window; each drifted column becomes an alert.
CHECK MONITOR model_inputs_drift WHERE week = 1;
-- The open alerts, which are then acknowledged.
SELECT monitor_name, column_name, method, ROUND(score, 4) AS score, threshold
FROM sys.alerts WHERE acknowledged_at IS NULL;
ALTER MONITOR model_inputs_drift ACKNOWLEDGE ALERTS;

-- Model quality: more visits, whose predictions are recorded when made ...
INSERT INTO visits VALUES
  (6, 22.6, 64, 'web'), (7, 21.57, 21, 'web'), (8, 49, 53, 'app'), (9, 40.26, 27, 'store'),
  (10, 15.25, 52, 'store'), (11, 13.49, 35, 'web'), (12, 9.97, 52, 'app'),
  (13, 12.62, 56, 'web'), (14, 43.14, 58, 'app'), (15, 14.03, 79, 'web');
CREATE TABLE tip_predictions (visit_id INTEGER PRIMARY KEY, week INTEGER, p_tip DOUBLE,
  predicted_at TIMESTAMP);
INSERT INTO tip_predictions
SELECT id, CASE WHEN id <= 10 THEN 0 ELSE 1 END, PREDICT('tipper', amount, age, channel),
       CURRENT_TIMESTAMP
FROM visits WHERE id >= 6;
-- ... outcomes that arrive later, and a view that joins the two.
CREATE TABLE tip_outcomes (visit_id INTEGER PRIMARY KEY, tipped BOOLEAN);
INSERT INTO tip_outcomes VALUES (6, FALSE), (7, TRUE), (8, TRUE), (10, FALSE),
  (11, FALSE), (12, TRUE), (13, FALSE), (15, FALSE);
CREATE VIEW tips_scored AS
  SELECT p.visit_id, p.week, p.p_tip, o.tipped
  FROM tip_predictions p LEFT JOIN tip_outcomes o ON o.visit_id = p.visit_id;
-- A performance monitor keeps week 0's ROC AUC and accuracy ...
CREATE MONITOR tipper_quality ON tips_scored
  (ROC_AUC(p_tip, tipped) AS auc, ACCURACY(p_tip >= 0.5, tipped) AS accuracy)
  WITH (tolerance = 0.1)
  REFERENCE AS SELECT ROC_AUC(p_tip, tipped), ACCURACY(p_tip >= 0.5, tipped)
               FROM tips_scored WHERE week = 0;
-- ... and flags week 1, where both fell by more than the tolerance.
CHECK MONITOR tipper_quality WHERE week = 1;

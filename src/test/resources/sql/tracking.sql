-- Tracked training runs: START RUN, LOG PARAM, LOG METRIC, LOG INPUT, SET TAG
-- and END RUN write the TRACKING tables, which queries read like any table.
-- Run ids are random, so this script uses the connection's current run and
-- finds ids with queries.

START RUN 'baseline' IN PROJECT fraud WITH (team = 'risk');

SELECT project, run_name, status, end_time IS NULL AS is_running, CHAR_LENGTH(run_id) AS id_length FROM tracking.runs;
> PROJECT | RUN_NAME | STATUS | IS_RUNNING | ID_LENGTH
> FRAUD | baseline | RUNNING | TRUE | 32

-- Params: numbers are kept as written; the same value again is accepted.
LOG PARAM 'lr' = 0.01, 'optimizer' = 'adam', 'max_depth' = 6;
> 3 rows

LOG PARAM 'lr' = 0.01;
> 1 row

LOG PARAM 'lr' = '0.02';
> ERROR 23505 param 'lr' of run

-- The failed statement wrote nothing: its first param is not there either.
LOG PARAM 'depth' = 4, 'lr' = '0.5';
> ERROR 23505 params are written once

SELECT param_key, param_value FROM tracking.params ORDER BY param_key;
> PARAM_KEY | PARAM_VALUE
> lr | 0.01
> max_depth | 6
> optimizer | adam

-- Metrics: many values per key, by step; LATEST_METRICS keeps the latest and the best.
LOG METRIC 'loss' = 0.9 STEP 1;
> 1 row

LOG METRIC 'loss' = 0.4, 'auc' = 0.81 STEP 2;
> 2 rows

LOG METRIC 'loss' = 0.6 STEP 3;
> 1 row

LOG METRIC 'loss' = -1.5E0 STEP 0;
> 1 row

SELECT metric_key, metric_value, step FROM tracking.metrics ORDER BY metric_key, step;
> METRIC_KEY | METRIC_VALUE | STEP
> auc | 0.81 | 2
> loss | -1.5 | 0
> loss | 0.9 | 1
> loss | 0.4 | 2
> loss | 0.6 | 3

SELECT metric_key, metric_value, step, min_value, max_value, value_count FROM tracking.latest_metrics ORDER BY metric_key;
> METRIC_KEY | METRIC_VALUE | STEP | MIN_VALUE | MAX_VALUE | VALUE_COUNT
> auc | 0.81 | 2 | 0.81 | 0.81 | 1
> loss | 0.6 | 3 | -1.5 | 0.9 | 4

LOG METRIC 'auc' = 'high';
> ERROR 42804 the value of metric 'auc' must be a number

LOG METRIC 'auc' = 0.9 STEP 1.5;
> ERROR 42804 STEP is a whole number

LOG METRIC auc = 0.9;
> ERROR 42000

-- Tags overwrite; a NULL value deletes one.
SET TAG 'stage' = 'tuning', 'note' = 'first try';
> 2 rows

SET TAG 'stage' = 'final', 'note' = NULL;
> 2 rows

SELECT tag_key, tag_value FROM tracking.tags ORDER BY tag_key;
> TAG_KEY | TAG_VALUE
> stage | final
> team | risk

-- Inputs: what the run read, with its size then.
CREATE TABLE tx (id BIGINT PRIMARY KEY, amount DOUBLE);

INSERT INTO tx VALUES (1, 10.0), (2, 20.0), (3, 30.0);
> 3 rows

LOG INPUT tx CONTEXT 'training';
> 1 row

LOG INPUT missing;
> ERROR 42S02 table, view or feature view MISSING does not exist

SELECT input_name, input_type, context, row_count FROM tracking.inputs;
> INPUT_NAME | INPUT_TYPE | CONTEXT | ROW_COUNT
> TX | TABLE | training | 3

-- The tables are read-only to DML.
INSERT INTO tracking.params VALUES ('x', 'k', 'v');
> ERROR 0A000 TRACKING.PARAMS is written by START RUN

DELETE FROM tracking.runs;
> ERROR 0A000 TRACKING.RUNS is written by

-- A model version made by the run; an unknown run is refused.
CREATE MODEL fraud_model FROM '${resources}/models/logreg_breast_cancer.onnx' RUN 'no-such-run';
> ERROR 42704 run 'no-such-run' does not exist

END RUN STATUS FAILED;
> 1 row

SELECT status, end_time IS NOT NULL AS ended FROM tracking.runs;
> STATUS | ENDED
> FAILED | TRUE

-- Without a current run, a log must name one.
LOG PARAM 'a' = 1;
> ERROR 55000 this connection has no current run

END RUN;
> ERROR 55000 START RUN first

LOG PARAM 'a' = 1 FOR RUN 'no-such-run';
> ERROR 42704 run 'no-such-run' does not exist

END RUN 'no-such-run';
> ERROR 42704 run 'no-such-run' does not exist

END RUN 'x' STATUS DONE;
> ERROR 22023 a run ends as FINISHED, FAILED or KILLED, not DONE

-- A second run; the first has ended and takes no more logs (tags still).
START RUN IN PROJECT 'fraud-v2';

LOG PARAM 'lr' = 0.1;
> 1 row

END RUN;
> 1 row

SELECT project, run_name, status FROM tracking.runs ORDER BY project;
> PROJECT | RUN_NAME | STATUS
> FRAUD | baseline | FAILED
> fraud-v2 | NULL | FINISHED

-- Search: runs by param and latest metric, with OR, in plain SQL.
SELECT r.run_name, m.metric_value AS auc FROM tracking.runs r JOIN tracking.latest_metrics m ON m.run_id = r.run_id AND m.metric_key = 'auc' WHERE r.run_id IN (SELECT run_id FROM tracking.params WHERE param_key = 'lr' AND (param_value = '0.01' OR param_value = '0.1'));
> RUN_NAME | AUC
> baseline | 0.81

EXPLAIN PLAN FOR SELECT run_id FROM tracking.params WHERE param_key = 'lr' AND param_value = '0.01';
> (contains)
> index PARAMS_KEY_VALUE

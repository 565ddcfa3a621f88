-- Views over Sorrel's own functions and syntax: a view is analysed at CREATE
-- and expanded at every use with Sorrel's parser, functions and validator.

CREATE TABLE users (id BIGINT PRIMARY KEY, spend DOUBLE, country VARCHAR, in_training BOOLEAN);
INSERT INTO users VALUES (1, 10.0, 'de', TRUE), (2, 12.5, 'fr', TRUE), (3, 9.0, 'de', FALSE), (4, 30.0, 'us', FALSE);

CREATE EXPERIMENT checkout (control WEIGHT 50, treatment WEIGHT 50) SALT 'views';

CREATE VIEW assigned AS SELECT id, ASSIGN_VARIANT('checkout', id) AS variant FROM users;

SELECT a.id, a.variant = ASSIGN_VARIANT('checkout', a.id) AS same FROM assigned a ORDER BY a.id;
> ID | SAME
> 1 | TRUE
> 2 | TRUE
> 3 | TRUE
> 4 | TRUE

SELECT COUNT(*) AS n FROM assigned WHERE variant IN ('control', 'treatment');
> N
> 4

-- An empty IN list is Sorrel's grammar, not Calcite's.
CREATE VIEW nobody AS SELECT id FROM users WHERE country IN ();

SELECT COUNT(*) AS n FROM nobody;
> N
> 0

-- Drift and statistics aggregates.
CREATE VIEW spend_drift AS SELECT ROUND(DRIFT_KS_STATISTIC(spend, in_training), 6) AS d FROM users;

SELECT d FROM spend_drift;
> D
> 0.5

-- The results table function.
CREATE VIEW results AS SELECT variant, n FROM TABLE(EXPERIMENT_RESULTS('checkout', CURSOR(SELECT id, spend FROM users)));

SELECT SUM(n) AS n FROM results;
> N
> 4

-- Models: PREDICT in a view.
CREATE MODEL tips FROM '${resources}/models/multi_input_tips.onnx';

CREATE VIEW scored AS SELECT id, ROUND(PREDICT('tips', spend, 30, 'web'), 4) AS tip FROM users;

SELECT COUNT(tip) AS n FROM scored;
> N
> 4

-- A function that does not exist still fails at CREATE, with Sorrel's code.
CREATE VIEW broken AS SELECT NO_SUCH_FUNCTION(id) FROM users;
> ERROR 42000 No match found for function signature NO_SUCH_FUNCTION

-- An experiment dropped after the view was made: the view fails when used.
DROP EXPERIMENT checkout;

SELECT COUNT(*) FROM assigned;
> ERROR 42S02 checkout

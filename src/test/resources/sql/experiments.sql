-- A/B experiments: CREATE / ALTER / DROP EXPERIMENT, SYS.EXPERIMENTS and
-- SYS.EXPERIMENT_VARIANTS, and their errors. Models are the scikit-learn
-- fixtures in ${resources}/models.

CREATE MODEL fraud FROM '${resources}/models/logreg_breast_cancer.onnx';
ALTER MODEL fraud ADD VERSION FROM '${resources}/models/forest_breast_cancer.onnx';
ALTER MODEL fraud SET ALIAS challenger = 2;
CREATE MODEL iris FROM '${resources}/models/mlp_iris.onnx';

-- The first variant is the control. Unquoted variant names are lower-case
-- (they are the values ASSIGN_VARIANT returns); quoted ones keep their case.
CREATE EXPERIMENT "fraud_model_v2.1" (
  control MODEL 'fraud:1' WEIGHT 50,
  treatment MODEL 'fraud@challenger' WEIGHT 50
) COMMENT 'forest against logistic regression' WITH (owner = 'risk-team');

CREATE EXPERIMENT checkout ("Old" WEIGHT 34, "New" WEIGHT 33, holdout WEIGHT 33) SALT 'checkout-2026' HASH 'fnv1a';

SELECT experiment_name, status, hash, salt, variant_count, variants, winner, comment, tags FROM sys.experiments ORDER BY experiment_name;
> EXPERIMENT_NAME | STATUS | HASH | SALT | VARIANT_COUNT | VARIANTS | WINNER | COMMENT | TAGS
> CHECKOUT | draft | fnv1a | checkout-2026 | 3 | Old 34, New 33, holdout 33 | NULL | NULL | NULL
> fraud_model_v2.1 | draft | sha256 | fraud_model_v2.1 | 2 | control 'fraud:1' 50, treatment 'fraud@challenger' 50 | NULL | forest against logistic regression | {owner=risk-team}

SELECT experiment_name, ordinal_position, variant_name, is_control, model, model_version, weight, ROUND(share, 4) AS share FROM sys.experiment_variants ORDER BY experiment_name, ordinal_position;
> EXPERIMENT_NAME | ORDINAL_POSITION | VARIANT_NAME | IS_CONTROL | MODEL | MODEL_VERSION | WEIGHT | SHARE
> CHECKOUT | 1 | Old | TRUE | NULL | NULL | 34.0 | 0.34
> CHECKOUT | 2 | New | FALSE | NULL | NULL | 33.0 | 0.33
> CHECKOUT | 3 | holdout | FALSE | NULL | NULL | 33.0 | 0.33
> fraud_model_v2.1 | 1 | control | TRUE | fraud:1 | 1 | 50.0 | 0.5
> fraud_model_v2.1 | 2 | treatment | FALSE | fraud@challenger | 2 | 50.0 | 0.5

-- Starting and stopping; the status and times follow.
ALTER EXPERIMENT "fraud_model_v2.1" START;

SELECT status, started IS NOT NULL AS started, stopped IS NULL AS is_running FROM sys.experiments WHERE experiment_name = 'fraud_model_v2.1';
> STATUS | STARTED | IS_RUNNING
> running | TRUE | TRUE

ALTER EXPERIMENT "fraud_model_v2.1" START;
> ERROR 22023 experiment fraud_model_v2.1 is already running

-- A model (or version) a running experiment uses cannot be dropped.
DROP MODEL fraud VERSION 2;
> ERROR 2BP01 model FRAUD version 2 is used by variant treatment of running experiment fraud_model_v2.1; stop the experiment first

DROP MODEL fraud;
> ERROR 2BP01 is used by variant control of running experiment fraud_model_v2.1

ALTER EXPERIMENT "fraud_model_v2.1" STOP WINNER nobody;
> ERROR 22023 experiment fraud_model_v2.1 has no variant nobody; variants: control, treatment

ALTER EXPERIMENT "fraud_model_v2.1" STOP WINNER treatment;

SELECT status, winner, stopped IS NOT NULL AS stopped FROM sys.experiments WHERE experiment_name = 'fraud_model_v2.1';
> STATUS | WINNER | STOPPED
> stopped | treatment | TRUE

ALTER EXPERIMENT "fraud_model_v2.1" STOP;
> ERROR 22023 is already stopped

ALTER EXPERIMENT checkout SET COMMENT 'new checkout page';

SELECT comment FROM sys.experiments WHERE experiment_name = 'CHECKOUT';
> COMMENT
> new checkout page

-- Bad definitions, each refused with nothing created.
CREATE EXPERIMENT checkout (a WEIGHT 50, b WEIGHT 50);
> ERROR 42S01 experiment CHECKOUT already exists

CREATE EXPERIMENT IF NOT EXISTS checkout (a WEIGHT 50, b WEIGHT 50);

CREATE EXPERIMENT dup (a WEIGHT 50, a WEIGHT 50);
> ERROR 42P16 experiment DUP names variant a twice

CREATE EXPERIMENT lonely (a WEIGHT 100);
> ERROR 42P16 needs at least two variants

CREATE EXPERIMENT nothing (a WEIGHT 0, b WEIGHT 0);
> ERROR 22023 the weights of experiment NOTHING add up to zero

CREATE EXPERIMENT badhash (a WEIGHT 1, b WEIGHT 1) HASH 'md5';
> ERROR 22023 unknown assignment hash 'md5'; use one of [sha256, fnv1a]

CREATE EXPERIMENT nomodel (a MODEL 'nosuch' WEIGHT 1, b WEIGHT 1);
> ERROR 42S02 variant a: model nosuch does not exist

CREATE EXPERIMENT mixed (a MODEL 'fraud' WEIGHT 1, b MODEL 'iris' WEIGHT 1);
> ERROR 42804 the variants' models must take the same inputs

CREATE EXPERIMENT neg (a WEIGHT -1, b WEIGHT 2);
> ERROR 42000

SELECT COUNT(*) AS n FROM sys.experiments;
> N
> 2

-- VARIANT is an ordinary column name, as in every outcome table.
CREATE TABLE outcomes (unit VARCHAR(20) PRIMARY KEY, variant VARCHAR(20), revenue DOUBLE);

INSERT INTO outcomes (unit, variant, revenue) VALUES ('u1', 'control', 1.5);
> 1 row

SELECT variant, revenue FROM outcomes;
> VARIANT | REVENUE
> control | 1.5

DROP EXPERIMENT checkout;

DROP EXPERIMENT checkout;
> ERROR 42S02 experiment CHECKOUT does not exist; experiments: fraud_model_v2.1

DROP EXPERIMENT IF EXISTS checkout;

-- Stopped, the experiment no longer holds its models.
DROP EXPERIMENT "fraud_model_v2.1";
DROP MODEL fraud;

SELECT COUNT(*) AS n FROM sys.experiments;
> N
> 0

-- Two-sample aggregates: the second argument says whether a row is in the
-- treatment (TRUE) or the control (FALSE); rows with a NULL in either are left
-- out. Expected values are SciPy's (scipy.stats.ttest_ind(treatment, control,
-- equal_var=False) and friends), rounded to 12 places; interval bounds to 9,
-- since SciPy 1.10's t.ppf is itself off by 1.4e-9 at these 3.8 degrees of
-- freedom (Sorrel's quantile agrees with mpmath to the last digit).
CREATE TABLE o (unit INTEGER PRIMARY KEY, arm VARCHAR(10), revenue DOUBLE, qty INTEGER, amount DECIMAL(10, 2));

INSERT INTO o VALUES (1, 'control', 10.0, 1, 1.50), (2, 'control', 12.0, 2, 2.50), (3, 'control', 11.0, 3, 3.00), (4, 'treatment', 14.0, 4, 4.00), (5, 'treatment', 13.0, 5, 1.25), (6, 'treatment', 15.5, 6, 2.75);
> 6 rows

INSERT INTO o (unit, arm, qty) VALUES (7, 'treatment', 7);
> 1 row

INSERT INTO o (unit, revenue, qty, amount) VALUES (8, 99.0, 8, 5.0);
> 1 row

SELECT ROUND(TTEST_P(revenue, arm = 'treatment'), 12) AS welch_p, ROUND(TTEST_P(revenue, arm = 'treatment', 'student'), 12) AS student_p, ROUND(TTEST_T(revenue, arm = 'treatment'), 12) AS t, ROUND(COHENS_D(revenue, arm = 'treatment'), 12) AS d FROM o;
> WELCH_P | STUDENT_P | T | D
> 0.029145305862 | 0.026965319737 | 3.412500738509 | 3.412500738509

SELECT ROUND(MEAN_DIFF(revenue, arm = 'treatment'), 12) AS diff, ROUND(MEAN_DIFF_LOWER(revenue, arm = 'treatment', 0.95), 9) AS lo, ROUND(LIFT(revenue, arm = 'treatment'), 12) AS lift, ROUND(LIFT_UPPER(revenue, arm = 'treatment', 0.9), 9) AS lift_hi FROM o;
> DIFF | LO | LIFT | LIFT_HI
> 3.166666666667 | 0.537589261 | 0.287878787879 | 0.49233522

-- Integer and decimal values are analysed as doubles.
SELECT ROUND(TTEST_P(qty, arm = 'treatment'), 12) AS qty_p, ROUND(TTEST_P(amount, arm = 'treatment'), 12) AS amount_p FROM o;
> QTY_P | AMOUNT_P
> 0.010076943348 | 0.737292504907

-- Per group, and NULL where a sample has fewer than two values (SciPy: nan).
SELECT arm, TTEST_P(revenue, unit > 4) AS p FROM o GROUP BY arm ORDER BY arm;
> ARM | P
> control | NULL
> treatment | NULL
> NULL | NULL

SELECT TTEST_P(revenue, arm = 'treatment') AS p FROM o WHERE unit < 0;
> P
> NULL

SELECT TTEST_P(revenue, arm = 'treatment', 'bogus') FROM o;
> ERROR 22023 unknown t-test 'bogus'; use 'welch' (unequal variances, the default) or 'student'

SELECT MEAN_DIFF_LOWER(revenue, arm = 'treatment', 1.5) FROM o;
> ERROR 22023 confidence level 1.5 is not between 0 and 1 (exclusive); use e.g. 0.95

-- A value that is not numeric, a flag that is not BOOLEAN, or a method or
-- level of the wrong type is refused when the statement is prepared, with the
-- call's position, rather than cast row by row.
SELECT TTEST_P(arm, arm = 'treatment') FROM o;
> ERROR 42804 From line 1, column 8 to line 1, column 38: Cannot apply 'TTEST_P' to arguments of type TTEST_P(<VARCHAR>, <BOOLEAN>). Supported form(s): 'TTEST_P(<NUMERIC>, <BOOLEAN>)', 'TTEST_P(<NUMERIC>, <BOOLEAN>, <VARCHAR>)'

SELECT COHENS_D(revenue, arm) FROM o;
> ERROR 42804 Cannot apply 'COHENS_D' to arguments of type COHENS_D(<DOUBLE>, <VARCHAR>)

SELECT unit, LIFT(revenue, 'true') FROM o GROUP BY unit;
> ERROR 42804 From line 1, column 14 to line 1, column 34: Cannot apply 'LIFT'

SELECT MEAN_DIFF_UPPER(revenue, arm = 'treatment', '0.95') FROM o;
> ERROR 42804 Supported form(s): 'MEAN_DIFF_UPPER(<NUMERIC>, <BOOLEAN>, <NUMERIC>)'

SELECT TTEST_T(revenue, arm = 'treatment', 1) FROM o;
> ERROR 42804 Cannot apply 'TTEST_T'

SELECT SRM_P('fraud_model_v2.1', unit) FROM o;
> ERROR 42804 Supported form(s): 'SRM_P(<VARCHAR>, <VARCHAR>)'

-- ASSIGN_VARIANT: the seed's router. Expected values come from the seed's own
-- ABTestRouter.get_variant (see udf/src/test/resources/experiments): for
-- "fraud_model_v2.1" at a 50% split, user_166435527 -> treatment (bucket 80).
CREATE EXPERIMENT "fraud_model_v2.1" (control WEIGHT 50, treatment WEIGHT 50);

SELECT ASSIGN_VARIANT('fraud_model_v2.1', 'user_166435527') AS v;
> V
> treatment

CREATE TABLE users (user_id VARCHAR(20) PRIMARY KEY, n BIGINT);

INSERT INTO users VALUES ('user_166435527', 1), ('user_846448893', 2), ('u3', 3), ('u4', 4);
> 4 rows

-- (checked with the seed's get_variant; an integer unit hashes as its digits)
SELECT user_id, ASSIGN_VARIANT('fraud_model_v2.1', user_id) AS variant, ASSIGN_VARIANT('fraud_model_v2.1', n) AS by_number FROM users ORDER BY user_id;
> USER_ID | VARIANT | BY_NUMBER
> u3 | control | treatment
> u4 | control | control
> user_166435527 | treatment | treatment
> user_846448893 | treatment | treatment

SELECT ASSIGN_VARIANT('fraud_model_v2.1', user_id) AS variant, COUNT(*) AS n FROM users GROUP BY ASSIGN_VARIANT('fraud_model_v2.1', user_id) ORDER BY variant;
> VARIANT | N
> control | 2
> treatment | 2

-- Evaluated a batch at a time, as PREDICT is.
EXPLAIN PLAN FOR SELECT ASSIGN_VARIANT('fraud_model_v2.1', user_id) FROM users;
> (contains)
> SorrelBatchCall(calls=[[ASSIGN_VARIANT('fraud_model_v2.1', $0)]], batch=[1024]

SELECT ASSIGN_VARIANT('fraud_model_v2.1', CAST(NULL AS VARCHAR)) AS v;
> V
> NULL

SELECT ASSIGN_VARIANT('nosuch', user_id) FROM users;
> ERROR 42S02 experiment nosuch does not exist; experiments: fraud_model_v2.1

SELECT ASSIGN_VARIANT('fraud_model_v2.1', 1.5) FROM users;
> ERROR 42804 ASSIGN_VARIANT: a unit is a string or an integer, not DECIMAL; CAST it

SELECT ASSIGN_VARIANT(user_id, user_id) FROM users;
> ERROR 42804 ASSIGN_VARIANT: the first argument must be a string literal naming the experiment

ALTER EXPERIMENT "fraud_model_v2.1" STOP WINNER treatment;

-- Stopped, everyone gets the winner.
SELECT DISTINCT ASSIGN_VARIANT('fraud_model_v2.1', user_id) AS v FROM users;
> V
> treatment

-- SRM_P: chi-square of the units per variant against the weights, SciPy's
-- chisquare([18, 12], [15, 15]) = 0.273321678292295. NULL variants are left out.
CREATE TABLE exposures (unit INTEGER PRIMARY KEY, variant VARCHAR(20));

INSERT INTO exposures VALUES (1, 'control'),(2, 'control'),(3, 'control'),(4, 'control'),(5, 'control'),(6, 'control'),(7, 'control'),(8, 'control'),(9, 'control'),(10, 'control'),(11, 'control'),(12, 'control'),(13, 'control'),(14, 'control'),(15, 'control'),(16, 'control'),(17, 'control'),(18, 'control'),(19, 'treatment'),(20, 'treatment'),(21, 'treatment'),(22, 'treatment'),(23, 'treatment'),(24, 'treatment'),(25, 'treatment'),(26, 'treatment'),(27, 'treatment'),(28, 'treatment'),(29, 'treatment'),(30, 'treatment');
> 30 rows

INSERT INTO exposures VALUES (31, NULL);
> 1 row

SELECT ROUND(SRM_P('fraud_model_v2.1', variant), 12) AS srm FROM exposures;
> SRM
> 0.273321678292

-- Only control units: a mismatch (SciPy: 2.2e-05).
SELECT SRM_P('fraud_model_v2.1', variant) < 0.0001 AS mismatch FROM exposures WHERE unit <= 18;
> MISMATCH
> TRUE

INSERT INTO exposures VALUES (32, 'other');
> 1 row

SELECT SRM_P('fraud_model_v2.1', variant) FROM exposures;
> ERROR 22023 SRM_P: 'other' is not a variant of experiment fraud_model_v2.1; variants: control, treatment

SELECT SRM_P('nosuch', variant) FROM exposures;
> ERROR 42S02 experiment nosuch does not exist


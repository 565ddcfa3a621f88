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

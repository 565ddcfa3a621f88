-- The model registry and PREDICT, over the scikit-learn fixtures in ${resources}/models
-- (see its README). Expected scores are scikit-learn's own, from the reference CSV next
-- to each model: whole CSVs are loaded and every row is compared within 1e-5 (a NULL
-- counts as a difference), and single rows are shown rounded to four decimals (two for
-- the regressor), where no reference value lies within 1e-5 of a rounding boundary.

-- Registering a model makes version 1, with its file's SHA-256 and size.
CREATE MODEL iris FROM '${resources}/models/mlp_iris.onnx' COMMENT 'MLP on iris';

SELECT model_name, latest_version, version_count, aliases, comment, options, tags FROM sys.models;
> MODEL_NAME | LATEST_VERSION | VERSION_COUNT | ALIASES | COMMENT | OPTIONS | TAGS
> IRIS | 1 | 1 | NULL | MLP on iris | NULL | NULL

SELECT model_name, version, aliases, LOWER(sha256) AS sha256, size_bytes, inputs, outputs, source, comment FROM sys.model_versions;
> MODEL_NAME | VERSION | ALIASES | SHA256 | SIZE_BYTES | INPUTS | OUTPUTS | SOURCE | COMMENT
> IRIS | 1 | NULL | d0b0e85c76bf89614a62c77020bf51342b6bd543f7e590920e448a1002e58395 | 1095 | [float_input FLOAT[?, 4]] | [label INT64[?], probabilities FLOAT[?, 3]] | ${resources}/models/mlp_iris.onnx | MLP on iris

CREATE MODEL iris FROM '${resources}/models/mlp_iris.onnx';
> ERROR 42S01 model IRIS already exists

CREATE MODEL IF NOT EXISTS iris FROM '${resources}/models/mlp_iris.onnx';

CREATE MODEL broken FROM '${resources}/models/broken.onnx';
> ERROR 22023 not a valid ONNX model

CREATE MODEL missing FROM '${resources}/models/no_such_model.onnx';
> ERROR 58030 no_such_model.onnx' does not exist

SELECT model_name, version FROM sys.model_versions;
> MODEL_NAME | VERSION
> IRIS | 1

-- PREDICT_LABEL, PREDICT_PROBA and PREDICT_OUTPUT on literal rows of
-- mlp_iris.csv: data rows 1, 3, 6 and 12 (labels 0, 2, 1, 1).
SELECT PREDICT_LABEL('iris', 5.1, 3.3, 1.7, 0.5) AS setosa, PREDICT_LABEL('iris', 6.5, 3, 5.2, 2) AS virginica, PREDICT_LABEL('iris', 6.5, 2.8, 4.6, 1.5) AS versicolor;
> SETOSA | VIRGINICA | VERSICOLOR
> 0 | 2 | 1

SELECT ROUND(PREDICT_PROBA('iris', 0, 5.6, 3, 4.5, 1.5), 4) AS p0, ROUND(PREDICT_PROBA('iris', 1, 5.6, 3, 4.5, 1.5), 4) AS p1, ROUND(PREDICT_PROBA('iris', 2, 5.6, 3, 4.5, 1.5), 4) AS p2, ROUND(PREDICT_OUTPUT('iris', 'probabilities[2]', 5.6, 3, 4.5, 1.5), 4) AS p2_output, PREDICT_OUTPUT('iris', 'label', 5.6, 3, 4.5, 1.5) AS label_output;
> P0 | P1 | P2 | P2_OUTPUT | LABEL_OUTPUT
> 0.0 | 0.9989 | 0.0011 | 0.0011 | 1

-- A NULL argument gives NULL for that row.
SELECT PREDICT_LABEL('iris', CAST(NULL AS DOUBLE), 3.3, 1.7, 0.5) AS label;
> LABEL
> NULL

-- The whole reference CSV: every label equal, every probability within 1e-5.
CREATE TABLE iris_ref (f0 DOUBLE, f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, label BIGINT, p0 DOUBLE, p1 DOUBLE, p2 DOUBLE);

COPY iris_ref FROM '${resources}/models/mlp_iris.csv';
> 150 rows

SELECT COUNT(*) AS n, SUM(CASE WHEN PREDICT_LABEL('iris', f0, f1, f2, f3) = label THEN 1 ELSE 0 END) AS same_label, SUM(CASE WHEN ABS(PREDICT_PROBA('iris', 0, f0, f1, f2, f3) - p0) <= 1e-5 AND ABS(PREDICT_PROBA('iris', 1, f0, f1, f2, f3) - p1) <= 1e-5 AND ABS(PREDICT_PROBA('iris', 2, f0, f1, f2, f3) - p2) <= 1e-5 THEN 0 ELSE 1 END) AS off FROM iris_ref;
> N | SAME_LABEL | OFF
> 150 | 150 | 0

-- PREDICT in WHERE, GROUP BY and ORDER BY.
SELECT PREDICT_LABEL('iris', f0, f1, f2, f3) AS predicted, COUNT(*) AS n FROM iris_ref WHERE PREDICT_PROBA('iris', 0, f0, f1, f2, f3) < 0.5 GROUP BY PREDICT_LABEL('iris', f0, f1, f2, f3) ORDER BY predicted;
> PREDICTED | N
> 1 | 47
> 2 | 53

EXPLAIN PLAN FOR SELECT PREDICT_LABEL('iris', f0, f1, f2, f3) FROM iris_ref;
> (contains)
> SorrelBatchCall
> IRIS:1

-- Wrong calls fail at validation (42804) with the model's signature in the message.
SELECT PREDICT('iris', 5.1, 3.3, 1.7, 0.5);
> ERROR 42804 PREDICT('IRIS', ...) is ambiguous

SELECT PREDICT_LABEL('iris', 5.1, 3.3, 1.7);
> ERROR 42804 takes 4 model arguments, not 3. Signature (float_input FLOAT[?, 4]) -> (label INT64[?], probabilities FLOAT[?, 3])

SELECT PREDICT_LABEL('iris', 5.1, 3.3, 1.7, 0.5, 0.1);
> ERROR 42804 takes 4 model arguments, not 5

SELECT PREDICT_LABEL('iris', 'wide', 3.3, 1.7, 0.5);
> ERROR 42804 argument 1 must be numeric for input float_input

SELECT PREDICT_PROBA('iris', 3, 5.1, 3.3, 1.7, 0.5);
> ERROR 42804 class 3 is not one of the 3 classes

SELECT PREDICT_OUTPUT('iris', 'no_such_output', 5.1, 3.3, 1.7, 0.5);
> ERROR 42804 model has no output 'no_such_output'; outputs: [label, probabilities]

-- Unknown models, versions and aliases are 42S02, naming what exists.
SELECT PREDICT_LABEL('nosuch', 5.1, 3.3, 1.7, 0.5);
> ERROR 42S02 model nosuch does not exist; models: IRIS

SELECT PREDICT_LABEL('iris:2', 5.1, 3.3, 1.7, 0.5);
> ERROR 42S02 model iris has no version 2; versions: [1]

SELECT PREDICT_LABEL('iris@production', 5.1, 3.3, 1.7, 0.5);
> ERROR 42S02 model iris has no alias production

-- Several inputs, one argument each, a string among them. An unknown category
-- (kiosk, WEB: matching is case-sensitive) encodes as all zeros, as in scikit-learn.
-- With batch_size 7 the 206 reference rows below take 30 model calls; owner, not an
-- option, is kept as a tag.
CREATE MODEL tips FROM '${resources}/models/multi_input_tips.onnx' WITH (batch_size = 7, owner = 'ml-team');

SELECT ROUND(PREDICT('tips', 22.6, 64, 'web'), 4) AS web, ROUND(PREDICT('tips', 12.5, 30, 'kiosk'), 4) AS kiosk, ROUND(PREDICT('tips', 250, 18, 'WEB'), 4) AS upper_web, PREDICT_LABEL('tips', 22.6, 64, 'web') AS web_label;
> WEB | KIOSK | UPPER_WEB | WEB_LABEL
> 0.2402 | 0.5314 | 0.9995 | 0

SELECT PREDICT('tips', 1.0, 2.0);
> ERROR 42804 takes 3 model arguments, not 2

SELECT PREDICT('tips', 'x', 2.0, 'web');
> ERROR 42804 argument 1 must be numeric for input amount

CREATE TABLE tips_ref (amount DOUBLE, age DOUBLE, channel VARCHAR(10), label BIGINT, p0 DOUBLE, p1 DOUBLE);

COPY tips_ref FROM '${resources}/models/multi_input_tips.csv';
> 206 rows

SELECT COUNT(*) AS n, SUM(CASE WHEN PREDICT_LABEL('tips', amount, age, channel) = label THEN 1 ELSE 0 END) AS same_label, SUM(CASE WHEN ABS(PREDICT('tips', amount, age, channel) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off FROM tips_ref;
> N | SAME_LABEL | OFF
> 206 | 206 | 0

SELECT model_name, options, tags FROM sys.models WHERE model_name = 'TIPS';
> MODEL_NAME | OPTIONS | TAGS
> TIPS | {batch_size=7} | {owner=ml-team}

-- A regressor: PREDICT is its single output (the first three rows of gbr_diabetes.csv,
-- in insertion order, then all of them).
CREATE MODEL diabetes FROM '${resources}/models/gbr_diabetes.onnx';

CREATE TABLE diabetes_ref (f0 DOUBLE, f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, f4 DOUBLE, f5 DOUBLE, f6 DOUBLE, f7 DOUBLE, f8 DOUBLE, f9 DOUBLE, variable DOUBLE);

COPY diabetes_ref FROM '${resources}/models/gbr_diabetes.csv';
> 200 rows

SELECT ROUND(PREDICT('diabetes', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9), 2) AS progression FROM diabetes_ref FETCH FIRST 3 ROWS ONLY;
> PROGRESSION
> 232.33
> 159.48
> 89.71

SELECT COUNT(*) AS n, SUM(CASE WHEN ABS(PREDICT('diabetes', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9) - variable) <= 1e-5 * ABS(variable) THEN 0 ELSE 1 END) AS off FROM diabetes_ref;
> N | OFF
> 200 | 0

-- Versions and aliases: fraud:1 is the logistic regression, fraud:2 the random forest
-- (rows 1-200 of their CSVs are the same held-out rows; the rest differ).
CREATE TABLE bc_lr (f0 DOUBLE, f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, f4 DOUBLE, f5 DOUBLE, f6 DOUBLE, f7 DOUBLE, f8 DOUBLE, f9 DOUBLE, f10 DOUBLE, f11 DOUBLE, f12 DOUBLE, f13 DOUBLE, f14 DOUBLE, f15 DOUBLE, f16 DOUBLE, f17 DOUBLE, f18 DOUBLE, f19 DOUBLE, f20 DOUBLE, f21 DOUBLE, f22 DOUBLE, f23 DOUBLE, f24 DOUBLE, f25 DOUBLE, f26 DOUBLE, f27 DOUBLE, f28 DOUBLE, f29 DOUBLE, label BIGINT, p0 DOUBLE, p1 DOUBLE);

COPY bc_lr FROM '${resources}/models/logreg_breast_cancer.csv';
> 217 rows

CREATE TABLE bc_rf (f0 DOUBLE, f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, f4 DOUBLE, f5 DOUBLE, f6 DOUBLE, f7 DOUBLE, f8 DOUBLE, f9 DOUBLE, f10 DOUBLE, f11 DOUBLE, f12 DOUBLE, f13 DOUBLE, f14 DOUBLE, f15 DOUBLE, f16 DOUBLE, f17 DOUBLE, f18 DOUBLE, f19 DOUBLE, f20 DOUBLE, f21 DOUBLE, f22 DOUBLE, f23 DOUBLE, f24 DOUBLE, f25 DOUBLE, f26 DOUBLE, f27 DOUBLE, f28 DOUBLE, f29 DOUBLE, label BIGINT, p0 DOUBLE, p1 DOUBLE);

COPY bc_rf FROM '${resources}/models/forest_breast_cancer.csv';
> 219 rows

CREATE MODEL fraud FROM '${resources}/models/logreg_breast_cancer.onnx' COMMENT 'logistic regression';

ALTER MODEL fraud ADD VERSION FROM '${resources}/models/forest_breast_cancer.onnx' COMMENT 'random forest';

SELECT version, LOWER(sha256) AS sha256, size_bytes, comment FROM sys.model_versions WHERE model_name = 'FRAUD' ORDER BY version;
> VERSION | SHA256 | SIZE_BYTES | COMMENT
> 1 | 6bbef78145c14e5f1c882bb323353b7e942ec3f73aba78641bee8a39a31971cc | 1017 | logistic regression
> 2 | ff210e8da833ba5d64393b9b3c01ffd044d34e93012040b9c8acb5c1faa960ce | 54235 | random forest

-- The first three CSV rows (a table without a key returns its rows in insertion order).
SELECT ROUND(PREDICT('fraud:1', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29), 4) AS lr, ROUND(PREDICT('fraud:2', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29), 4) AS rf, PREDICT_LABEL('fraud:1', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) AS lr_label FROM bc_lr FETCH FIRST 3 ROWS ONLY;
> LR | RF | LR_LABEL
> 0.9284 | 0.96 | 1
> 0.9776 | 1.0 | 1
> 0.0 | 0.02 | 0

-- Without a production alias, the bare name is the latest version.
SELECT SUM(CASE WHEN ABS(PREDICT('fraud', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off_latest, SUM(CASE WHEN ABS(PREDICT('fraud:2', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off_v2, SUM(CASE WHEN PREDICT_LABEL('fraud', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) = label THEN 1 ELSE 0 END) AS same_label FROM bc_rf;
> OFF_LATEST | OFF_V2 | SAME_LABEL
> 0 | 0 | 219

SELECT SUM(CASE WHEN ABS(PREDICT('fraud:1', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off_v1, SUM(CASE WHEN PREDICT_LABEL('fraud:1', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) = label THEN 1 ELSE 0 END) AS same_label FROM bc_lr;
> OFF_V1 | SAME_LABEL
> 0 | 217

-- The production alias decides what the bare name means; aliases ignore case.
ALTER MODEL fraud SET ALIAS Production = 1;

ALTER MODEL fraud SET ALIAS staging = 2;

SELECT SUM(CASE WHEN ABS(PREDICT('fraud', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off_bare, SUM(CASE WHEN ABS(PREDICT('fraud@production', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off_production, SUM(CASE WHEN ABS(PREDICT('FRAUD@PRODUCTION', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off_upper FROM bc_lr;
> OFF_BARE | OFF_PRODUCTION | OFF_UPPER
> 0 | 0 | 0

SELECT SUM(CASE WHEN ABS(PREDICT('fraud@staging', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off_staging FROM bc_rf;
> OFF_STAGING
> 0

SELECT aliases FROM sys.models WHERE model_name = 'FRAUD';
> ALIASES
> {production=1, staging=2}

SELECT version, aliases FROM sys.model_versions WHERE model_name = 'FRAUD' ORDER BY version;
> VERSION | ALIASES
> 1 | production
> 2 | staging

ALTER MODEL fraud SET ALIAS production = 7;
> ERROR 42S02 model FRAUD has no version 7

ALTER MODEL nosuch SET ALIAS production = 1;
> ERROR 42S02 model NOSUCH does not exist

SELECT PREDICT('fraud@canary', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM bc_lr;
> ERROR 42S02 model fraud has no alias canary

-- Moving and dropping aliases.
ALTER MODEL fraud SET ALIAS production = 2;

SELECT SUM(CASE WHEN ABS(PREDICT('fraud', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off_bare FROM bc_rf;
> OFF_BARE
> 0

ALTER MODEL fraud DROP ALIAS PRODUCTION;

SELECT PREDICT('fraud@production', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM bc_lr;
> ERROR 42S02 model fraud has no alias production

-- A third version: a ZipMap model's PREDICT is the probability under key 1.
ALTER MODEL fraud ADD VERSION FROM '${resources}/models/logreg_zipmap_breast_cancer.onnx' COMMENT 'with a ZipMap';

SELECT SUM(CASE WHEN ABS(PREDICT('fraud', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) - p1) <= 1e-5 THEN 0 ELSE 1 END) AS off_latest, SUM(CASE WHEN PREDICT_LABEL('fraud:3', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) = label THEN 1 ELSE 0 END) AS same_label FROM bc_lr;
> OFF_LATEST | SAME_LABEL
> 0 | 217

-- Dropping a version drops its aliases.
DROP MODEL fraud VERSION 2;

SELECT model_name, latest_version, version_count, aliases FROM sys.models WHERE model_name = 'FRAUD';
> MODEL_NAME | LATEST_VERSION | VERSION_COUNT | ALIASES
> FRAUD | 3 | 2 | NULL

SELECT version, comment FROM sys.model_versions WHERE model_name = 'FRAUD' ORDER BY version;
> VERSION | COMMENT
> 1 | logistic regression
> 3 | with a ZipMap

SELECT PREDICT('fraud:2', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM bc_lr;
> ERROR 42S02 model fraud has no version 2; versions: [1, 3]

SELECT PREDICT('fraud@staging', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM bc_lr;
> ERROR 42S02 model fraud has no alias staging

DROP MODEL fraud VERSION 2;
> ERROR 42S02 model FRAUD has no version 2

-- Every alias change is kept in the history, the drop of an alias with its version too.
SELECT model_name, alias, from_version, to_version FROM sys.model_alias_history;
> (unordered)
> MODEL_NAME | ALIAS | FROM_VERSION | TO_VERSION
> FRAUD | production | NULL | 1
> FRAUD | staging | NULL | 2
> FRAUD | production | 1 | 2
> FRAUD | production | 2 | NULL
> FRAUD | staging | 2 | NULL

-- Dropping the model removes it, its versions and its name from PREDICT.
DROP MODEL fraud;

SELECT COUNT(*) AS n FROM sys.model_versions WHERE model_name = 'FRAUD';
> N
> 0

SELECT PREDICT('fraud', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM bc_lr;
> ERROR 42S02 model fraud does not exist; models: DIABETES, IRIS, TIPS

DROP MODEL fraud;
> ERROR 42S02 model FRAUD does not exist

DROP MODEL IF EXISTS fraud;

SELECT model_name, latest_version FROM sys.models ORDER BY model_name;
> MODEL_NAME | LATEST_VERSION
> DIABETES | 1
> IRIS | 1
> TIPS | 1

-- PREDICT in a view's definition: the view scores the rows it reads.
CREATE VIEW scored AS SELECT f0, f1, f2, f3, PREDICT_LABEL('iris', f0, f1, f2, f3) AS label FROM iris_ref;

SELECT COUNT(*) AS n, COUNT(label) AS labelled, SUM(CASE WHEN label = PREDICT_LABEL('iris', f0, f1, f2, f3) THEN 1 ELSE 0 END) AS same FROM scored;
> N | LABELLED | SAME
> 150 | 150 | 150

DROP VIEW scored;

-- PREDICT_VARIANT(experiment, unit, arg, ...): each row scored with the model of
-- its unit's variant, the variant ASSIGN_VARIANT gives. Models are the
-- scikit-learn fixtures in ${resources}/models: fraud:1 is the logistic
-- regression, fraud:2 the random forest, both over the 30 breast-cancer features.

CREATE MODEL fraud FROM '${resources}/models/logreg_breast_cancer.onnx';
ALTER MODEL fraud ADD VERSION FROM '${resources}/models/forest_breast_cancer.onnx';
ALTER MODEL fraud SET ALIAS challenger = 2;

CREATE TABLE bc_ref (f0 DOUBLE, f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, f4 DOUBLE, f5 DOUBLE, f6 DOUBLE, f7 DOUBLE, f8 DOUBLE, f9 DOUBLE, f10 DOUBLE, f11 DOUBLE, f12 DOUBLE, f13 DOUBLE, f14 DOUBLE, f15 DOUBLE, f16 DOUBLE, f17 DOUBLE, f18 DOUBLE, f19 DOUBLE, f20 DOUBLE, f21 DOUBLE, f22 DOUBLE, f23 DOUBLE, f24 DOUBLE, f25 DOUBLE, f26 DOUBLE, f27 DOUBLE, f28 DOUBLE, f29 DOUBLE, label BIGINT, p0 DOUBLE, p1 DOUBLE);

COPY bc_ref FROM '${resources}/models/logreg_breast_cancer.csv';
> 217 rows

-- Units are the row numbers of the reference rows.
CREATE TABLE tx (id BIGINT PRIMARY KEY, f0 DOUBLE, f1 DOUBLE, f2 DOUBLE, f3 DOUBLE, f4 DOUBLE, f5 DOUBLE, f6 DOUBLE, f7 DOUBLE, f8 DOUBLE, f9 DOUBLE, f10 DOUBLE, f11 DOUBLE, f12 DOUBLE, f13 DOUBLE, f14 DOUBLE, f15 DOUBLE, f16 DOUBLE, f17 DOUBLE, f18 DOUBLE, f19 DOUBLE, f20 DOUBLE, f21 DOUBLE, f22 DOUBLE, f23 DOUBLE, f24 DOUBLE, f25 DOUBLE, f26 DOUBLE, f27 DOUBLE, f28 DOUBLE, f29 DOUBLE);

INSERT INTO tx SELECT ROW_NUMBER() OVER (ORDER BY f0, f1, f2, f3), f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29 FROM bc_ref;
> 217 rows

CREATE EXPERIMENT fraud_test (control MODEL 'fraud:1' WEIGHT 70, challenger MODEL 'fraud@challenger' WEIGHT 30);

-- Every row equals PREDICT with its variant's model.
SELECT COUNT(*) AS n, SUM(CASE WHEN ASSIGN_VARIANT('fraud_test', id) = 'control' THEN 1 ELSE 0 END) AS control, SUM(CASE WHEN PREDICT_VARIANT('fraud_test', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) = CASE ASSIGN_VARIANT('fraud_test', id) WHEN 'control' THEN PREDICT('fraud:1', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) ELSE PREDICT('fraud:2', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) END THEN 0 ELSE 1 END) AS off FROM tx;
> N | CONTROL | OFF
> 217 | 155 | 0

-- Scored rows in a table, as a batch job writes them.
CREATE TABLE scores (id BIGINT PRIMARY KEY, variant VARCHAR(20), p DOUBLE);

INSERT INTO scores SELECT id, ASSIGN_VARIANT('fraud_test', id), PREDICT_VARIANT('fraud_test', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM tx;
> 217 rows

SELECT variant, COUNT(*) AS n, COUNT(p) AS scored FROM scores GROUP BY variant ORDER BY variant;
> VARIANT | N | SCORED
> challenger | 62 | 62
> control | 155 | 155

-- One row by its key, as a service scores it.
SELECT id, ASSIGN_VARIANT('fraud_test', id) AS variant, ROUND(PREDICT_VARIANT('fraud_test', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29), 4) AS p FROM tx WHERE id = 7;
> ID | VARIANT | P
> 7 | challenger | 0.98

-- A NULL unit or argument gives NULL.
SELECT PREDICT_VARIANT('fraud_test', CAST(NULL AS BIGINT), f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) AS p FROM tx WHERE id = 1;
> P
> NULL

SELECT PREDICT_VARIANT('fraud_test', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, CAST(NULL AS DOUBLE)) AS p FROM tx WHERE id = 1;
> P
> NULL

-- EXPLAIN names the experiment and each variant's model.
EXPLAIN PLAN FOR SELECT PREDICT_VARIANT('fraud_test', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM tx;
> (contains)
> SorrelBatchCall(calls=[[PREDICT_VARIANT('FRAUD_TEST', $0, [control: FRAUD:1.probabilities[1], challenger: FRAUD:2.probabilities[1]]

-- Stopped with a winner, everyone is scored with the winner's model.
ALTER EXPERIMENT fraud_test STOP WINNER challenger;

SELECT SUM(CASE WHEN PREDICT_VARIANT('fraud_test', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) = PREDICT('fraud:2', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) THEN 0 ELSE 1 END) AS off FROM tx;
> OFF
> 0

-- Stopped without a winner: the control's model.
CREATE EXPERIMENT fraud_stopped (control MODEL 'fraud:1' WEIGHT 50, treatment MODEL 'fraud:2' WEIGHT 50);

ALTER EXPERIMENT fraud_stopped START;

ALTER EXPERIMENT fraud_stopped STOP;

SELECT SUM(CASE WHEN PREDICT_VARIANT('fraud_stopped', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) = PREDICT('fraud:1', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) THEN 0 ELSE 1 END) AS off FROM tx;
> OFF
> 0

-- Bad calls: each error names what is wrong and where.
CREATE EXPERIMENT fraud_live (control MODEL 'fraud:1' WEIGHT 50, treatment MODEL 'fraud:2' WEIGHT 50);

SELECT PREDICT_VARIANT('nosuch', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM tx;
> ERROR 42S02 experiment nosuch does not exist; experiments: FRAUD_LIVE, FRAUD_STOPPED, FRAUD_TEST at line 1, column 24

SELECT PREDICT_VARIANT('fraud_live', id, f0, f1) FROM tx;
> ERROR 42804 PREDICT_VARIANT('FRAUD_LIVE', ...): variant control scores with model 'fraud:1': PREDICT('FRAUD', ...) takes 30 model arguments, not 2. Signature (float_input FLOAT[?, 30]) -> (label INT64[?], probabilities FLOAT[?, 2]) at line 1, column 8

SELECT PREDICT_VARIANT('fraud_live', id) FROM tx;
> ERROR 42804 takes 30 model arguments, not 0

SELECT PREDICT_VARIANT('fraud_live', CAST(id AS DOUBLE), f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM tx;
> ERROR 42804 PREDICT_VARIANT: a unit is a string or an integer, not DOUBLE; CAST it, e.g. CAST(unit AS VARCHAR), choosing the text your other systems hash at line 1, column 38

SELECT PREDICT_VARIANT('fraud_live', id, f0, f1, f2, 'x', f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM tx;
> ERROR 42804 argument 4 must be numeric for input float_input FLOAT[?, 30]

SELECT PREDICT_VARIANT('fraud_live', id, f0, f1, f2, TIMESTAMP '2024-01-01 00:00:00', f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM tx;
> ERROR 42804 PREDICT_VARIANT('FRAUD_LIVE', ...): argument 4 is TIMESTAMP(0); model arguments are numbers or strings at line 1, column 54

SELECT PREDICT_VARIANT(CAST(id AS VARCHAR), id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM tx;
> ERROR 42804 PREDICT_VARIANT: the first argument must be a string literal naming the experiment

SELECT PREDICT_VARIANT('fraud_live');
> ERROR 42000 Invalid number of arguments to function 'PREDICT_VARIANT'

-- A variant without a model has no score: refused, not NULL.
CREATE EXPERIMENT holdout_test (control MODEL 'fraud:1' WEIGHT 90, holdout WEIGHT 10);

SELECT PREDICT_VARIANT('holdout_test', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM tx;
> ERROR 42809 PREDICT_VARIANT('HOLDOUT_TEST', ...): variant holdout has no model to score with; give every variant a MODEL, or score with ASSIGN_VARIANT and PREDICT at line 1, column 8

-- Once stopped, everyone gets one variant: only its model is needed.
ALTER EXPERIMENT holdout_test STOP WINNER control;

SELECT SUM(CASE WHEN PREDICT_VARIANT('holdout_test', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) = PREDICT('fraud:1', f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) THEN 0 ELSE 1 END) AS off FROM tx;
> OFF
> 0

EXPLAIN PLAN FOR SELECT PREDICT_VARIANT('holdout_test', id, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29) FROM tx;
> (contains)
> PREDICT_VARIANT('HOLDOUT_TEST', $0, [control: FRAUD:1.probabilities[1]], $1,

-- Variant models must give a score: a three-class model has none.
CREATE MODEL iris FROM '${resources}/models/mlp_iris.onnx';

CREATE EXPERIMENT iris_test (a MODEL 'iris' WEIGHT 1, b MODEL 'iris' WEIGHT 1);

SELECT PREDICT_VARIANT('iris_test', 1, 5.1, 3.3, 1.7, 0.5);
> ERROR 42804 PREDICT_VARIANT('IRIS_TEST', ...): variant a scores with model 'iris': PREDICT('IRIS', ...) is ambiguous: output probabilities FLOAT[?, 3] has 3 classes

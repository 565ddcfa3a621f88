-- The results view EXPERIMENT_RESULTS(experiment, CURSOR(outcomes) [, level]):
-- one row per variant, the control first, each treatment against the control;
-- CUPED columns when the outcomes give a pre-period covariate. Reference values
-- against NumPy and SciPy are checked in ExperimentResultsTest.
CREATE EXPERIMENT "checkout_v2" (control WEIGHT 50, treatment WEIGHT 50);

CREATE TABLE checkout_outcomes (user_id VARCHAR(20) PRIMARY KEY, revenue DOUBLE, pre_revenue DOUBLE);

INSERT INTO checkout_outcomes VALUES ('u1', 12.0, 11.0), ('u2', 15.5, 13.0), ('u3', 9.0, 9.5), ('u4', 14.0, 12.5), ('u5', 11.5, 10.0), ('u6', 16.0, 14.5), ('u7', 10.0, 10.5), ('u8', 13.5, 12.0), ('u9', 17.0, 15.0), ('u10', 8.5, 8.0), ('u11', 12.5, 12.0), ('u12', 15.0, 13.5);
> 12 rows

SELECT ASSIGN_VARIANT('checkout_v2', user_id) AS variant, COUNT(*) AS n FROM checkout_outcomes GROUP BY ASSIGN_VARIANT('checkout_v2', user_id) ORDER BY variant;
> VARIANT | N
> control | 5
> treatment | 7

SELECT variant, is_control, n, ROUND(mean, 9) AS mean, ROUND(stddev, 9) AS sd, ROUND(mean_diff, 9) AS diff, ROUND(mean_diff_lower, 9) AS diff_lo, ROUND(mean_diff_upper, 9) AS diff_hi, ROUND(p_value, 9) AS p, significant, ROUND(srm_p, 9) AS srm_p FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT user_id, revenue FROM checkout_outcomes)));
> VARIANT | IS_CONTROL | N | MEAN | SD | DIFF | DIFF_LO | DIFF_HI | P | SIGNIFICANT | SRM_P
> control | TRUE | 5 | 13.8 | 2.514955268 | NULL | NULL | NULL | NULL | NULL | 0.563702862
> treatment | FALSE | 7 | 12.214285714 | 2.956026935 | -1.585714286 | -5.139483625 | 1.968055054 | 0.341804299 | FALSE | 0.563702862

-- The same figures as the two-sample aggregates give.
SELECT ROUND(MEAN_DIFF_LOWER(revenue, ASSIGN_VARIANT('checkout_v2', user_id) = 'treatment', 0.95), 9) AS diff_lo, ROUND(TTEST_P(revenue, ASSIGN_VARIANT('checkout_v2', user_id) = 'treatment'), 9) AS p FROM checkout_outcomes;
> DIFF_LO | P
> -5.139483625 | 0.341804299

SELECT variant, ROUND(lift, 9) AS lift, ROUND(lift_lower, 9) AS lift_lo, ROUND(lift_upper, 9) AS lift_hi, ROUND(cohens_d, 9) AS d, cuped_mean, cuped_theta FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT user_id, revenue FROM checkout_outcomes), 0.9));
> VARIANT | LIFT | LIFT_LO | LIFT_HI | D | CUPED_MEAN | CUPED_THETA
> control | NULL | NULL | NULL | NULL | NULL | NULL
> treatment | -0.114906832 | -0.312334781 | 0.082521116 | -0.633026083 | NULL | NULL

SELECT variant, ROUND(cuped_mean, 9) AS mean, ROUND(cuped_mean_diff, 9) AS diff, ROUND(cuped_mean_diff_lower, 9) AS lo, ROUND(cuped_mean_diff_upper, 9) AS hi, ROUND(cuped_lift, 9) AS lift, ROUND(cuped_p_value, 9) AS p, cuped_significant, ROUND(cuped_theta, 9) AS theta, ROUND(cuped_variance_reduction, 9) AS reduction FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT user_id, revenue, pre_revenue FROM checkout_outcomes)));
> VARIANT | MEAN | DIFF | LO | HI | LIFT | P | CUPED_SIGNIFICANT | THETA | REDUCTION
> control | 12.626025753 | NULL | NULL | NULL | NULL | NULL | NULL | 1.292448712 | 0.887867667
> treatment | 13.052838748 | 0.426812995 | -0.61312847 | 1.46675446 | 0.033804223 | 0.360440016 | FALSE | 1.292448712 | 0.962495739

-- It composes: a table function in FROM, filtered, joined and ordered.
SELECT r.variant, v.weight, r.n FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT user_id, revenue FROM checkout_outcomes WHERE user_id <> 'u1'))) AS r JOIN sys.experiment_variants v ON v.experiment_name = 'checkout_v2' AND v.variant_name = r.variant WHERE NOT r.is_control;
> VARIANT | WEIGHT | N
> treatment | 50.0 | 6

EXPLAIN PLAN FOR SELECT variant, p_value FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT user_id, revenue, pre_revenue FROM checkout_outcomes WHERE revenue > 0), 0.99));
> (contains)
> ExperimentResultsScan(experiment=[checkout_v2], covariate=[true], level=[0.99])

-- Mistakes.
SELECT * FROM TABLE(EXPERIMENT_RESULTS('nosuch', CURSOR(SELECT user_id, revenue FROM checkout_outcomes)));
> ERROR 42S02 experiment nosuch does not exist; experiments: checkout_v2 at line 1, column 40

SELECT * FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT user_id FROM checkout_outcomes)));
> ERROR 42804 EXPERIMENT_RESULTS: the outcomes query gives 1 column; it must give (unit, value) or (unit, value, covariate), one row per unit at line 1, column 55

SELECT * FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT revenue, pre_revenue FROM checkout_outcomes)));
> ERROR 42804 EXPERIMENT_RESULTS: the unit (column REVENUE) is a string or an integer, as for ASSIGN_VARIANT, not DOUBLE; CAST it, e.g. CAST(unit AS VARCHAR) at line 1, column 55

SELECT * FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT user_id, user_id FROM checkout_outcomes)));
> ERROR 42804 EXPERIMENT_RESULTS: the value (column USER_ID) must be numeric, not VARCHAR at line 1, column 55

SELECT * FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT user_id, revenue FROM checkout_outcomes), 1.5));
> ERROR 22023 EXPERIMENT_RESULTS: confidence level 1.5 is not between 0 and 1 (exclusive); use e.g. 0.95 at line 1, column 111

SELECT * FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT 'u1', revenue FROM checkout_outcomes)));
> ERROR 21000 EXPERIMENT_RESULTS: unit u1 appears on more than one row of the outcomes query; give one row per unit, e.g. SELECT unit, SUM(value) ... GROUP BY unit

SELECT * FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', 42));
> ERROR 42804 EXPERIMENT_RESULTS: the second argument is the outcomes query, written CURSOR(SELECT unit, value [, covariate] FROM ...) at line 1, column 55

SELECT EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT user_id, revenue FROM checkout_outcomes));
> ERROR 42000 syntax error at line 1, column 42: CURSOR expression encountered in illegal context

-- Outcomes joined to the units and aggregated per unit, as an analysis does
-- (units without orders count as 0).
CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id VARCHAR(20), revenue DOUBLE);

INSERT INTO orders VALUES (1, 'u1', 5.0), (2, 'u1', 7.0), (3, 'u2', 15.5), (4, 'u3', 9.0), (5, 'u4', 14.0), (6, 'u9', 17.0);
> 6 rows

SELECT variant, n, ROUND(mean, 9) AS mean FROM TABLE(EXPERIMENT_RESULTS('checkout_v2', CURSOR(SELECT c.user_id, SUM(COALESCE(o.revenue, 0)), MAX(c.pre_revenue) FROM checkout_outcomes c LEFT JOIN orders o ON o.user_id = c.user_id GROUP BY c.user_id), 0.95)) ORDER BY is_control DESC, variant;
> VARIANT | N | MEAN
> control | 5 | 3.1
> treatment | 7 | 7.428571429

-- Drift aggregates: the second argument says whether a row is in the
-- reference sample (TRUE) or the current one (FALSE); rows with a NULL value
-- or a NULL flag are left out. Expected values are SciPy 1.10's and NumPy's,
-- rounded to 12 places:
--   reference = [0.5, 1.5, 2.5, 3.5, 4.5], current = [2, 3, 4, 5, 6]
--   scipy.stats.ks_2samp -> (0.4, 0.873015873015873) (exact)
--   scipy.stats.wasserstein_distance -> 1.5
--   PSI on numpy.linspace(0.5, 4.5, 11), current clipped in, 1e-6 floor -> 17.227045697345716
--   scipy.spatial.distance.jensenshannon of the same proportions -> 0.7086557204111891
--   scipy.stats.chi2_contingency([[3, 2, 0], [0, 2, 3]], correction=False) -> (6.0, 0.049787068367864)
CREATE TABLE obs (id INTEGER PRIMARY KEY, feature VARCHAR(10), d INTEGER, v DOUBLE, qty INTEGER, country VARCHAR(2), label VARCHAR(10));

INSERT INTO obs VALUES (1, 'a', 1, 0.5, 1, 'DE', 'x'), (2, 'a', 1, 1.5, 2, 'FR', 'x'), (3, 'a', 1, 2.5, 3, 'DE', 'x'), (4, 'a', 1, 3.5, 4, 'DE', 'x'), (5, 'a', 1, 4.5, 5, 'FR', 'x'), (6, 'a', 2, 2.0, 6, 'FR', 'x'), (7, 'a', 2, 3.0, 7, 'US', 'x'), (8, 'a', 2, 4.0, 8, 'US', 'x'), (9, 'a', 2, 5.0, 9, 'US', 'x'), (10, 'a', 2, 6.0, 10, 'FR', 'x'), (11, 'a', 2, NULL, 11, NULL, 'x'), (12, 'a', NULL, 100.0, 12, 'US', 'x');
> 12 rows

SELECT ROUND(DRIFT_KS(v, d = 1), 12) AS p, DRIFT_KS_STATISTIC(v, d = 1) AS d, DRIFT_WASSERSTEIN(v, d = 1) AS w, ROUND(DRIFT_PSI(v, d = 1), 12) AS psi, ROUND(DRIFT_JS(v, d = 1), 12) AS js FROM obs;
> P | D | W | PSI | JS
> 0.873015873016 | 0.4 | 1.5 | 17.227045697346 | 0.708655720411

SELECT ROUND(DRIFT_CHI2(country, d = 1), 12) AS p, DRIFT_CHI2_STATISTIC(country, d = 1) AS chi2 FROM obs;
> P | CHI2
> 0.049787068368 | 6.0

-- Bins and binning: PSI on 4 equal-width bins 2.522295344655 (NumPy), on the
-- reference's deciles, and the seed's _calculate_psi (each sample on its own
-- range: these two samples have the same shape, so 0). The reference's
-- quartiles are here its equal-width edges, so the quantile PSI is the same.
SELECT ROUND(DRIFT_PSI(v, d = 1, 4), 12) AS w4, ROUND(DRIFT_PSI(v, d = 1, 'seed'), 12) AS seed, ROUND(DRIFT_PSI(v, d = 1, 4, 'quantile'), 12) AS q4, ROUND(DRIFT_JS(v, d = 1, 5, 'quantile'), 12) AS js_q5 FROM obs;
> W4 | SEED | Q4 | JS_Q5
> 2.522295344655 | 0.0 | 2.522295344655 | 0.436983123803

-- Integers are tested as doubles; any type is a category.
SELECT ROUND(DRIFT_KS(qty, d = 1), 12) AS p, ROUND(DRIFT_CHI2(qty, d = 1), 12) AS c, ROUND(DRIFT_CHI2(v > 3, d = 1), 12) AS b FROM obs;
> P | C | B
> 0.004329004329 | 0.357518002428 | 0.527089256866

-- Per group; NULL where a sample is empty (here every group but the first).
SELECT d, DRIFT_KS_STATISTIC(v, id < 8) AS ks FROM obs GROUP BY d ORDER BY d;
> D | KS
> 1 | NULL
> 2 | 1.0
> NULL | NULL

SELECT DRIFT_KS(v, d = 1) AS p FROM obs WHERE d = 1;
> P
> NULL

SELECT DRIFT_WASSERSTEIN(v, d = 1) AS w FROM obs WHERE id < 0;
> W
> NULL

SELECT DRIFT_KS(label, d = 1) FROM obs;
> ERROR 42804 From line 1, column 8 to line 1, column 29: Cannot apply 'DRIFT_KS' to arguments of type DRIFT_KS(<VARCHAR>, <BOOLEAN>). Supported form(s): 'DRIFT_KS(<NUMERIC>, <BOOLEAN>)'

SELECT DRIFT_PSI(v, 'yes') FROM obs;
> ERROR 42804 Cannot apply 'DRIFT_PSI'

SELECT DRIFT_PSI(v, d = 1, 0) FROM obs;
> ERROR 22023 number of bins 0 is not between 1 and 10000

SELECT DRIFT_PSI(v, d = 1, 'bogus') FROM obs;
> ERROR 22023 unknown binning 'bogus'; use 'equal_width' (the default), 'quantile' or 'seed'

SELECT DRIFT_PSI(v, d = 1, 'ten', 'quantile') FROM obs;
> ERROR 42804 Cannot apply 'DRIFT_PSI' to arguments of type DRIFT_PSI(<DOUBLE>, <BOOLEAN>, <CHAR(3)>, <CHAR(8)>)

-- Window functions.

CREATE TABLE sales (id INTEGER PRIMARY KEY, region VARCHAR(5), amount INTEGER);

INSERT INTO sales VALUES (1, 'N', 10), (2, 'N', 30), (3, 'N', 30), (4, 'S', 5), (5, 'S', 50), (6, 'W', 7);
> 6 rows

SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM sales ORDER BY id;
> ID | RN
> 1 | 1
> 2 | 2
> 3 | 3
> 4 | 4
> 5 | 5
> 6 | 6

SELECT id, region, ROW_NUMBER() OVER (PARTITION BY region ORDER BY amount DESC, id) AS rn FROM sales ORDER BY id;
> ID | REGION | RN
> 1 | N | 3
> 2 | N | 1
> 3 | N | 2
> 4 | S | 2
> 5 | S | 1
> 6 | W | 1

SELECT id, RANK() OVER (PARTITION BY region ORDER BY amount DESC) AS rk, DENSE_RANK() OVER (ORDER BY amount DESC) AS drk FROM sales ORDER BY id;
> ID | RK | DRK
> 1 | 3 | 3
> 2 | 1 | 2
> 3 | 1 | 2
> 4 | 2 | 5
> 5 | 1 | 1
> 6 | 1 | 4

SELECT id, SUM(amount) OVER (PARTITION BY region) AS region_total FROM sales ORDER BY id;
> ID | REGION_TOTAL
> 1 | 70
> 2 | 70
> 3 | 70
> 4 | 55
> 5 | 55
> 6 | 7

-- Running total (ROWS frame, so ties are not lumped together).
SELECT id, SUM(amount) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run_total FROM sales ORDER BY id;
> ID | RUN_TOTAL
> 1 | 10
> 2 | 40
> 3 | 70
> 4 | 75
> 5 | 125
> 6 | 132

-- Default RANGE frame: peers share the running total.
SELECT id, SUM(amount) OVER (ORDER BY amount) AS run_total FROM sales WHERE region = 'N' ORDER BY id;
> ID | RUN_TOTAL
> 1 | 10
> 2 | 70
> 3 | 70

SELECT id, LAG(amount) OVER (ORDER BY id) AS prv, LEAD(amount, 1, -1) OVER (ORDER BY id) AS nxt FROM sales ORDER BY id;
> ID | PRV | NXT
> 1 | NULL | 30
> 2 | 10 | 30
> 3 | 30 | 5
> 4 | 30 | 50
> 5 | 5 | 7
> 6 | 50 | -1

SELECT region, id, COUNT(*) OVER (PARTITION BY region) AS n, MAX(amount) OVER (PARTITION BY region) AS mx FROM sales WHERE amount > 6 ORDER BY region, id;
> REGION | ID | N | MX
> N | 1 | 3 | 30
> N | 2 | 3 | 30
> N | 3 | 3 | 30
> S | 5 | 1 | 50
> W | 6 | 1 | 7

-- Top row per group via a window in a subquery.
SELECT region, id FROM (SELECT region, id, ROW_NUMBER() OVER (PARTITION BY region ORDER BY amount DESC, id) AS rn FROM sales) WHERE rn = 1 ORDER BY region;
> REGION | ID
> N | 2
> S | 5
> W | 6

-- Queries: joins, aggregates, DISTINCT, ordering, LIMIT/OFFSET, CASE, string functions.

CREATE TABLE dept (id INTEGER PRIMARY KEY, name VARCHAR(20));

CREATE TABLE emp (id INTEGER PRIMARY KEY, name VARCHAR(20), dept_id INTEGER, salary DECIMAL(8,2), boss INTEGER);

INSERT INTO dept VALUES (1, 'Eng'), (2, 'Sales'), (3, 'Empty');
> 3 rows

INSERT INTO emp VALUES
  (1, 'Ann', 1, 5000, NULL),
  (2, 'Bob', 1, 4000, 1),
  (3, 'Cat', 2, 3000, 1),
  (4, 'Dan', 2, 3000, 3),
  (5, 'Eve', NULL, 1000, NULL),
  (6, 'Fay', 1, 4000, 2);
> 6 rows

-- Inner join.
SELECT e.name, d.name AS dept FROM emp e JOIN dept d ON e.dept_id = d.id ORDER BY e.id;
> NAME | DEPT
> Ann | Eng
> Bob | Eng
> Cat | Sales
> Dan | Sales
> Fay | Eng

-- Left join keeps unmatched left rows with NULLs.
SELECT d.name, e.name AS emp FROM dept d LEFT JOIN emp e ON e.dept_id = d.id ORDER BY d.id, e.id;
> NAME | EMP
> Eng | Ann
> Eng | Bob
> Eng | Fay
> Sales | Cat
> Sales | Dan
> Empty | NULL

-- Right and full joins.
SELECT e.name, d.name AS dept FROM dept d RIGHT JOIN emp e ON e.dept_id = d.id WHERE d.id IS NULL;
> NAME | DEPT
> Eve | NULL

SELECT COUNT(*) AS c FROM emp e FULL JOIN dept d ON e.dept_id = d.id;
> C
> 7

-- Self join.
SELECT e.name, b.name AS boss FROM emp e JOIN emp b ON e.boss = b.id ORDER BY e.name;
> NAME | BOSS
> Bob | Ann
> Cat | Ann
> Dan | Cat
> Fay | Bob

-- Cross join with a filter.
SELECT COUNT(*) AS c FROM emp, dept;
> C
> 18

-- Aggregates.
SELECT COUNT(*) AS n, COUNT(dept_id) AS with_dept, SUM(salary) AS total, MIN(salary) AS lo, MAX(salary) AS hi FROM emp;
> N | WITH_DEPT | TOTAL | LO | HI
> 6 | 5 | 20000.00 | 1000.00 | 5000.00

SELECT AVG(CAST(salary AS DOUBLE)) AS a FROM emp WHERE dept_id = 1;
> A
> 4333.333333333333

SELECT dept_id, COUNT(*) AS n, SUM(salary) AS total FROM emp GROUP BY dept_id ORDER BY dept_id NULLS FIRST;
> DEPT_ID | N | TOTAL
> NULL | 1 | 1000.00
> 1 | 3 | 13000.00
> 2 | 2 | 6000.00

SELECT dept_id, COUNT(*) AS n FROM emp GROUP BY dept_id HAVING COUNT(*) > 1 ORDER BY dept_id;
> DEPT_ID | N
> 1 | 3
> 2 | 2

SELECT d.name, COUNT(e.id) AS n FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.name ORDER BY n DESC, d.name;
> NAME | N
> Eng | 3
> Sales | 2
> Empty | 0

-- Aggregates over no rows.
SELECT COUNT(*) AS n, SUM(salary) AS s, MAX(name) AS m FROM emp WHERE id < 0;
> N | S | M
> 0 | NULL | NULL

SELECT dept_id, COUNT(*) AS n FROM emp WHERE id < 0 GROUP BY dept_id;
> DEPT_ID | N

-- COUNT(DISTINCT) and DISTINCT.
SELECT COUNT(DISTINCT salary) AS c FROM emp;
> C
> 4

SELECT DISTINCT salary FROM emp ORDER BY salary DESC;
> SALARY
> 5000.00
> 4000.00
> 3000.00
> 1000.00

SELECT DISTINCT dept_id FROM emp;
> (unordered)
> DEPT_ID
> 1
> 2
> NULL

-- ORDER BY with NULLS FIRST/LAST, DESC, multiple keys, by position, by alias.
SELECT name, boss FROM emp ORDER BY boss DESC NULLS LAST, name;
> NAME | BOSS
> Dan | 3
> Fay | 2
> Bob | 1
> Cat | 1
> Ann | NULL
> Eve | NULL

SELECT name, boss FROM emp ORDER BY boss ASC NULLS FIRST, name DESC;
> NAME | BOSS
> Eve | NULL
> Ann | NULL
> Cat | 1
> Bob | 1
> Fay | 2
> Dan | 3

SELECT name, salary * 2 AS double_pay FROM emp ORDER BY 2 DESC, 1 LIMIT 2;
> NAME | DOUBLE_PAY
> Ann | 10000.00
> Bob | 8000.00

-- LIMIT / OFFSET / FETCH.
SELECT id FROM emp ORDER BY id LIMIT 2;
> ID
> 1
> 2

SELECT id FROM emp ORDER BY id LIMIT 2 OFFSET 3;
> ID
> 4
> 5

SELECT id FROM emp ORDER BY id OFFSET 4 ROWS;
> ID
> 5
> 6

SELECT id FROM emp ORDER BY id DESC FETCH FIRST 3 ROWS ONLY;
> ID
> 6
> 5
> 4

SELECT id FROM emp ORDER BY id OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY;
> ID
> 2
> 3

SELECT id FROM emp ORDER BY id LIMIT 0;
> ID

SELECT id FROM emp ORDER BY id LIMIT 10 OFFSET 10;
> ID

-- CASE.
SELECT name,
  TRIM(TRAILING FROM CASE WHEN salary >= 4000 THEN 'high' WHEN salary >= 3000 THEN 'mid' ELSE 'low' END) AS band,
  CASE dept_id WHEN 1 THEN 'E' WHEN 2 THEN 'S' END AS code
FROM emp ORDER BY id;
> NAME | BAND | CODE
> Ann | high | E
> Bob | high | E
> Cat | mid | S
> Dan | mid | S
> Eve | low | NULL
> Fay | high | E

SELECT SUM(CASE WHEN dept_id = 1 THEN 1 ELSE 0 END) AS eng FROM emp;
> ENG
> 3

-- COALESCE / NULLIF.
SELECT name, COALESCE(dept_id, -1) AS d, NULLIF(dept_id, 1) AS n FROM emp WHERE id IN (1, 3, 5) ORDER BY id;
> NAME | D | N
> Ann | 1 | NULL
> Cat | 2 | 2
> Eve | -1 | NULL

-- String functions.
SELECT UPPER(name) AS u, LOWER(name) AS l, CHAR_LENGTH(name) AS len, SUBSTRING(name FROM 2 FOR 2) AS sub, name || '!' AS cat FROM emp WHERE id = 1;
> U | L | LEN | SUB | CAT
> ANN | ann | 3 | nn | Ann!

SELECT TRIM('  x  ') AS t, TRIM(LEADING 'a' FROM 'aabaa') AS lt, POSITION('b' IN 'abc') AS p, REPLACE('banana', 'an', 'AN') AS r;
> T | LT | P | R
> x | baa | 2 | bANANa

SELECT name FROM emp WHERE name LIKE '_a%' ORDER BY name;
> NAME
> Cat
> Dan
> Fay

SELECT name FROM emp WHERE name NOT LIKE '%a%' ORDER BY name;
> NAME
> Ann
> Bob
> Eve

-- Expressions without a table.
VALUES (1, 'a'), (2, 'b');
> EXPR$0 | EXPR$1
> 1 | a
> 2 | b

SELECT 1 + 2 * 3 AS x, ABS(-5) AS a, POWER(2, 10) AS p, FLOOR(2.7) AS f, CEIL(2.1) AS c, ROUND(2.345, 2) AS r;
> X | A | P | F | C | R
> 7 | 5 | 1024.0 | 2 | 3 | 2.350

-- BETWEEN and IN in WHERE.
SELECT id FROM emp WHERE salary BETWEEN 3000 AND 4000 ORDER BY id;
> ID
> 2
> 3
> 4
> 6

SELECT id FROM emp WHERE name IN ('Ann', 'Eve', 'Zed') ORDER BY id;
> ID
> 1
> 5

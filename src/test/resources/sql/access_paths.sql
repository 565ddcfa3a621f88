-- Primary-key access paths: EXPLAIN shows the access, and the results are right.

CREATE TABLE k (id BIGINT PRIMARY KEY, v VARCHAR(5));

INSERT INTO k VALUES (-2, 'm2'), (-1, 'm1'), (0, 'z'), (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e'), (10, 'j');
> 9 rows

-- Point lookup.
EXPLAIN PLAN FOR SELECT * FROM k WHERE id = 2;
> (contains)
> SorrelTableScan(
> access=[point lookup ID = 2]

SELECT * FROM k WHERE id = 2;
> ID | V
> 2 | b

SELECT * FROM k WHERE 2 = id;
> ID | V
> 2 | b

SELECT * FROM k WHERE id = -1;
> ID | V
> -1 | m1

SELECT * FROM k WHERE id = 7;
> ID | V

-- A point lookup combined with another predicate.
SELECT * FROM k WHERE id = 3 AND v = 'c';
> ID | V
> 3 | c

SELECT * FROM k WHERE id = 3 AND v = 'x';
> ID | V

-- Contradictory equalities find nothing.
SELECT * FROM k WHERE id = 3 AND id = 4;
> ID | V

-- Range scans, each bound type.
EXPLAIN PLAN FOR SELECT * FROM k WHERE id > 1 AND id <= 3;
> (contains)
> access=[key range 1 < ID <= 3]

SELECT id FROM k WHERE id > 1 AND id <= 3 ORDER BY id;
> ID
> 2
> 3

EXPLAIN PLAN FOR SELECT * FROM k WHERE id >= 1 AND id < 3;
> (contains)
> access=[key range 1 <= ID < 3]

SELECT id FROM k WHERE id >= 1 AND id < 3 ORDER BY id;
> ID
> 1
> 2

SELECT id FROM k WHERE id > 4 ORDER BY id;
> ID
> 5
> 10

SELECT id FROM k WHERE id >= 5 ORDER BY id;
> ID
> 5
> 10

SELECT id FROM k WHERE id < 0 ORDER BY id;
> ID
> -2
> -1

SELECT id FROM k WHERE id <= 0 ORDER BY id;
> ID
> -2
> -1
> 0

EXPLAIN PLAN FOR SELECT * FROM k WHERE id < 0;
> (contains)
> access=[key range ID < 0]

-- Reversed operands.
SELECT id FROM k WHERE 3 < id ORDER BY id;
> ID
> 4
> 5
> 10

-- Empty and inverted ranges.
SELECT id FROM k WHERE id > 3 AND id < 4;
> ID

SELECT id FROM k WHERE id > 5 AND id < 1;
> ID

SELECT id FROM k WHERE id >= 2 AND id <= 2;
> ID
> 2

-- BETWEEN.
SELECT id FROM k WHERE id BETWEEN 0 AND 2 ORDER BY id;
> ID
> 0
> 1
> 2

SELECT id FROM k WHERE id NOT BETWEEN -1 AND 4 ORDER BY id;
> ID
> -2
> 5
> 10

-- Ranges ordered descending.
SELECT id FROM k WHERE id >= 3 ORDER BY id DESC;
> ID
> 10
> 5
> 4
> 3

-- IN lists.
EXPLAIN PLAN FOR SELECT * FROM k WHERE id IN (1, 3);
> (contains)
> access=[point lookups ID = [1, 3]]

SELECT id, v FROM k WHERE id IN (3, 1, 99) ORDER BY id;
> ID | V
> 1 | a
> 3 | c

-- Duplicates in the IN list do not duplicate rows.
SELECT id FROM k WHERE id IN (2, 2, 2);
> ID
> 2

SELECT id FROM k WHERE id IN (1, 2, 3, 4, 5, 10, -1, -2, 0) ORDER BY id DESC LIMIT 3;
> ID
> 10
> 5
> 4

SELECT id FROM k WHERE id NOT IN (1, 2, 3) ORDER BY id;
> ID
> -2
> -1
> 0
> 4
> 5
> 10

-- OR of equalities.
SELECT id FROM k WHERE id = 1 OR id = 4 ORDER BY id;
> ID
> 1
> 4

-- NULL comparisons match nothing.
SELECT id FROM k WHERE id = NULL;
> ID

SELECT id FROM k WHERE id > NULL;
> ID

SELECT id FROM k WHERE id IN (NULL, 1);
> ID
> 1

SELECT id FROM k WHERE id = CAST(NULL AS BIGINT);
> ID

SELECT id FROM k WHERE id IS NULL;
> ID

SELECT COUNT(*) AS c FROM k WHERE id IS NOT NULL;
> C
> 9

-- Non-integral literals against a BIGINT key.
SELECT id FROM k WHERE id = 1.5;
> ID

SELECT id FROM k WHERE id = 2.0;
> ID
> 2

SELECT id FROM k WHERE id > 1.5 AND id < 3.5 ORDER BY id;
> ID
> 2
> 3

SELECT id FROM k WHERE id >= 2.5 ORDER BY id;
> ID
> 3
> 4
> 5
> 10

SELECT id FROM k WHERE id <= -1.5 ORDER BY id;
> ID
> -2

SELECT id FROM k WHERE id IN (1.5, 2, 2.5);
> ID
> 2

-- Literals beyond the BIGINT range (DECIMAL literals).
SELECT id FROM k WHERE id < 99999999999999999.5 ORDER BY id DESC LIMIT 1;
> ID
> 10

SELECT id FROM k WHERE id = 9999999999999999999;
> ID

SELECT id FROM k WHERE id > -9999999999999999999 ORDER BY id LIMIT 1;
> ID
> -2

-- Composite key (VARCHAR, INTEGER).
CREATE TABLE ck (g VARCHAR(5), n INTEGER, v INTEGER, PRIMARY KEY (g, n));

INSERT INTO ck VALUES ('a', 1, 11), ('a', 2, 12), ('a', 10, 110), ('b', 1, 21), ('b', 2, 22), ('ab', 1, 31), ('', 1, 41);
> 7 rows

EXPLAIN PLAN FOR SELECT * FROM ck WHERE g = 'a' AND n = 2;
> (contains)
> access=[point lookup (G, N) = ('a', 2)]

SELECT v FROM ck WHERE g = 'a' AND n = 2;
> V
> 12

SELECT v FROM ck WHERE n = 2 AND g = 'a';
> V
> 12

SELECT v FROM ck WHERE g = 'a' AND n = 3;
> V

-- Prefix of the composite key: all rows for one leading value, and only those.
SELECT n, v FROM ck WHERE g = 'a' ORDER BY n;
> N | V
> 1 | 11
> 2 | 12
> 10 | 110

SELECT n, v FROM ck WHERE g = '' ORDER BY n;
> N | V
> 1 | 41

-- Prefix with a range on the second column.
SELECT n FROM ck WHERE g = 'a' AND n >= 2 ORDER BY n;
> N
> 2
> 10

-- Range on the leading VARCHAR column.
SELECT g, n FROM ck WHERE g > 'a' ORDER BY g, n;
> G | N
> ab | 1
> b | 1
> b | 2

SELECT g, n FROM ck WHERE g >= 'a' AND g < 'b' ORDER BY g, n;
> G | N
> a | 1
> a | 2
> a | 10
> ab | 1

-- Only the second key column: a full scan, still correct.
SELECT g FROM ck WHERE n = 1 ORDER BY g;
> G
> ''
> a
> ab
> b

-- Key access also drives UPDATE and DELETE.
UPDATE k SET v = 'B' WHERE id = 2;
> 1 row

DELETE FROM k WHERE id IN (3, 4, 77);
> 2 rows

DELETE FROM k WHERE id > 5;
> 1 row

SELECT id, v FROM k ORDER BY id;
> ID | V
> -2 | m2
> -1 | m1
> 0 | z
> 1 | a
> 2 | B
> 5 | e

-- Integer key of another width, and negative ranges.
CREATE TABLE sk (id SMALLINT PRIMARY KEY);

INSERT INTO sk VALUES (-300), (-3), (0), (3), (300);
> 5 rows

SELECT id FROM sk WHERE id >= -3 AND id <= 3 ORDER BY id;
> ID
> -3
> 0
> 3

SELECT id FROM sk WHERE id = 40000;
> ID

SELECT id FROM sk WHERE id > -100000 ORDER BY id LIMIT 1;
> ID
> -300

-- MERGE and INSERT ... ON CONFLICT (upserts), and INSERT with a column list.

CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(3), n INTEGER NOT NULL DEFAULT 5);

-- A column list with a NULL among numeric literals of another type than the column's.
CREATE TABLE m (a INTEGER PRIMARY KEY, b DOUBLE, c VARCHAR(5), d DECIMAL(5, 2));

INSERT INTO m (a, b) VALUES (1, 1.0), (2, NULL);
> 2 rows

INSERT INTO m (a, b, d) VALUES (3, 1, 2), (4, NULL, 2.5), (5, 2.5, NULL);
> 3 rows

INSERT INTO m (a, c) VALUES (6, NULL), (7, 'x');
> 2 rows

SELECT * FROM m ORDER BY a;
> A | B | C | D
> 1 | 1.0 | NULL | NULL
> 2 | NULL | NULL | NULL
> 3 | 1.0 | NULL | 2.00
> 4 | NULL | NULL | 2.50
> 5 | 2.5 | NULL | NULL
> 6 | NULL | NULL | NULL
> 7 | NULL | x | NULL

-- Omitted columns take their default.
INSERT INTO t (id, v) VALUES (1, 'a'), (2, NULL);
> 2 rows

SELECT * FROM t ORDER BY id;
> ID | V | N
> 1 | a | 5
> 2 | NULL | 5

-- ON CONFLICT DO NOTHING: the conflicting row is skipped, the other inserted.
INSERT INTO t VALUES (2, 'x', 0), (3, 'c', 3) ON CONFLICT DO NOTHING;
> 1 row

-- A row proposed twice by one statement: the second is skipped.
INSERT INTO t (id, v) VALUES (4, 'd'), (4, 'e') ON CONFLICT (id) DO NOTHING;
> 1 row

SELECT * FROM t ORDER BY id;
> ID | V | N
> 1 | a | 5
> 2 | NULL | 5
> 3 | c | 3
> 4 | d | 5

-- DO UPDATE: EXCLUDED is the proposed row, a bare name the stored row; the count is
-- inserted plus updated rows.
INSERT INTO t (id, v) VALUES (1, 'A'), (5, 'e') ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v, n = n + 1;
> 2 rows

-- With an alias for the target, and a WHERE that skips the update.
INSERT INTO t AS x VALUES (3, 'C', 30), (4, 'D', 40) ON CONFLICT (id) DO UPDATE SET n = x.n + EXCLUDED.n WHERE x.v = 'c';
> 1 row

-- By the primary key's constraint name, as PostgreSQL names it.
INSERT INTO t VALUES (2, 'b', 2) ON CONFLICT ON CONSTRAINT t_pkey DO UPDATE SET v = EXCLUDED.v;
> 1 row

SELECT * FROM t ORDER BY id;
> ID | V | N
> 1 | A | 6
> 2 | b | 5
> 3 | c | 33
> 4 | d | 5
> 5 | e | 5

-- From a query, with a primary key that moves.
INSERT INTO t SELECT id, v, 0 FROM t WHERE id >= 4 ON CONFLICT (id) DO UPDATE SET id = t.id + 10;
> 2 rows

SELECT id, v FROM t WHERE id > 5 ORDER BY id;
> ID | V
> 14 | d
> 15 | e

-- A row that DO UPDATE would affect twice.
INSERT INTO t (id, v) VALUES (6, 'f'), (6, 'g') ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v;
> ERROR 21000 cannot affect row a second time

INSERT INTO t (id, v) VALUES (1, 'f'), (1, 'g') ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v;
> ERROR 21000 cannot affect row a second time

-- A failing row leaves nothing of the statement.
INSERT INTO t (id, v) VALUES (7, 'g'), (1, 'toolong') ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v;
> ERROR 22001

INSERT INTO t (id, v, n) VALUES (8, 'h', 1), (1, 'i', NULL) ON CONFLICT (id) DO UPDATE SET n = EXCLUDED.n;
> ERROR 23502

SELECT COUNT(*) AS c FROM t WHERE id IN (6, 7, 8) OR v IN ('f', 'g', 'i');
> C
> 0

-- Mistakes in the conflict target.
INSERT INTO t VALUES (1, 'a', 1) ON CONFLICT (v) DO NOTHING;
> ERROR 42P10 no unique constraint matching the ON CONFLICT specification

INSERT INTO t VALUES (1, 'a', 1) ON CONFLICT (nope) DO NOTHING;
> ERROR 42S22 column NOPE does not exist in table T at line 1, column 47

INSERT INTO t VALUES (1, 'a', 1) ON CONFLICT ON CONSTRAINT t_unique DO NOTHING;
> ERROR 42704 constraint T_UNIQUE for table T does not exist

INSERT INTO t VALUES (1, 'a', 1) ON CONFLICT DO UPDATE SET v = 'x';
> ERROR 42000 ON CONFLICT DO UPDATE needs a conflict target

INSERT INTO t VALUES (1, 'a', 1) ON CONFLICT (id) DO UPDATE SET nope = 1;
> ERROR 42S22 column NOPE does not exist in table T at line 1, column 65

INSERT INTO t VALUES (1, 'a', 1) ON CONFLICT (id) DO UPDATE SET v = nope;
> ERROR 42S22 line 1, column 69

INSERT INTO t VALUES (1, 'a') ON CONFLICT DO NOTHING;
> ERROR 42000 INSERT has fewer expressions than target columns at line 1, column 22

INSERT INTO t VALUES (1, 'a', 1) ON CONFLICT (id) DO UPDATE SET v = 'x', v = 'y';
> ERROR 42000 column V is assigned more than once

INSERT INTO nope VALUES (1) ON CONFLICT DO NOTHING;
> ERROR 42S02 table NOPE does not exist at line 1, column 13

INSERT INTO t VALUES (1, 'a', 1) ON CONFLICT (id) DO;
> ERROR 42000 syntax error

-- A table without a primary key has nothing to conflict on.
CREATE TABLE k (a INTEGER, b INTEGER);

INSERT INTO k VALUES (1, 1) ON CONFLICT DO NOTHING;
> ERROR 42P10 table K has none

-- A composite key, named in another order.
CREATE TABLE c (a INTEGER NOT NULL, b INTEGER NOT NULL, v DOUBLE, PRIMARY KEY (a, b));

INSERT INTO c VALUES (1, 1, 1.0), (1, 2, 2) ON CONFLICT (b, a) DO UPDATE SET v = c.v + EXCLUDED.v;
> 2 rows

INSERT INTO c VALUES (1, 1, 1.5), (1, 2, -2), (2, 1, 0) ON CONFLICT (b, a) DO UPDATE SET v = c.v + EXCLUDED.v WHERE EXCLUDED.v > 0;
> 2 rows

SELECT * FROM c ORDER BY a, b;
> A | B | V
> 1 | 1 | 2.5
> 1 | 2 | 2.0
> 2 | 1 | 0.0

-- MERGE: update matched rows, insert the others.
CREATE TABLE s (id INTEGER PRIMARY KEY, v VARCHAR(3), n INTEGER);

INSERT INTO s VALUES (1, 'm1', 100), (2, 'm2', 5), (20, 'n20', 20), (21, 'n21', NULL);
> 4 rows

MERGE INTO t USING s ON t.id = s.id
  WHEN MATCHED THEN UPDATE SET v = s.v
  WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v);
> 4 rows

SELECT * FROM t WHERE id IN (1, 2, 20, 21) ORDER BY id;
> ID | V | N
> 1 | m1 | 6
> 2 | m2 | 5
> 20 | n20 | 5
> 21 | n21 | 5

-- Several clauses with conditions: the first that applies wins; DELETE and DO NOTHING.
MERGE INTO t AS x USING (SELECT id, n FROM s) AS y ON x.id = y.id
  WHEN MATCHED AND y.n > 50 THEN DELETE
  WHEN MATCHED AND y.n IS NULL THEN DO NOTHING
  WHEN MATCHED THEN UPDATE SET n = y.n, v = 'u'
  WHEN NOT MATCHED THEN INSERT VALUES (y.id, 'new', 0);
> 3 rows

SELECT * FROM t WHERE id IN (1, 2, 20, 21) ORDER BY id;
> ID | V | N
> 2 | u | 5
> 20 | u | 20
> 21 | n21 | 5

-- Only inserts; the source may be a VALUES list.
MERGE INTO t USING (VALUES (1, 7), (2, 8)) AS src (id, n) ON t.id = src.id
  WHEN NOT MATCHED AND src.n > 0 THEN INSERT (id, n) VALUES (src.id, src.n);
> 1 row

SELECT * FROM t WHERE id IN (1, 2) ORDER BY id;
> ID | V | N
> 1 | NULL | 7
> 2 | u | 5

-- A target row matched by two source rows: cardinality violation, nothing written.
MERGE INTO t USING (VALUES (1), (1)) AS src (id) ON t.id = src.id
  WHEN MATCHED THEN UPDATE SET n = 0;
> ERROR 21000 more than one source row matches the same target row

-- An insert that collides with a stored key.
MERGE INTO t USING (VALUES (1)) AS src (id) ON t.id = src.id + 100
  WHEN NOT MATCHED THEN INSERT (id) VALUES (src.id);
> ERROR 23505 duplicate primary key (ID=1)

SELECT n FROM t WHERE id = 1;
> N
> 7

-- Mistakes.
MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN UPDATE SET v = 'x';
> ERROR 42000 WHEN NOT MATCHED can only INSERT or DO NOTHING

MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN INSERT VALUES (1, 'x', 1);
> ERROR 42000 WHEN MATCHED cannot INSERT

MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id);
> ERROR 42000 INSERT has fewer expressions than target columns

MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET nope = 1;
> ERROR 42S22 column NOPE does not exist in table T

MERGE INTO t USING s ON t.id = s.nope WHEN MATCHED THEN DELETE;
> ERROR 42S22 From line 1, column 34 to line 1, column 37

MERGE INTO nope USING s ON nope.id = s.id WHEN MATCHED THEN DELETE;
> ERROR 42S02 table NOPE does not exist at line 1, column 12

MERGE INTO t USING s ON t.id = s.id;
> ERROR 42000 syntax error

-- A table without a primary key.
INSERT INTO k VALUES (1, 1), (2, 2);
> 2 rows

MERGE INTO k USING (VALUES (1, 10), (3, 30)) AS src (a, b) ON k.a = src.a
  WHEN MATCHED THEN UPDATE SET b = src.b
  WHEN NOT MATCHED THEN INSERT VALUES (src.a, src.b);
> 2 rows

MERGE INTO k USING (VALUES (2)) AS src (a) ON k.a = src.a WHEN MATCHED THEN DELETE;
> 1 row

SELECT * FROM k ORDER BY a;
> A | B
> 1 | 10
> 3 | 30

-- The conflict target may be a unique constraint or a unique index, as in PostgreSQL.
CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(10) UNIQUE, name VARCHAR(5),
  visits INTEGER DEFAULT 0);

INSERT INTO users VALUES (1, 'a@x', 'Ann', 1), (2, 'b@x', 'Bob', 1);
> 2 rows

INSERT INTO users VALUES (3, 'a@x', 'Anna', 1), (4, 'c@x', 'Cy', 1)
  ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, visits = users.visits + 1;
> 2 rows

SELECT * FROM users ORDER BY id;
> ID | EMAIL | NAME | VISITS
> 1 | a@x | Anna | 2
> 2 | b@x | Bob | 1
> 4 | c@x | Cy | 1

-- DO NOTHING skips rows whose email is stored; a NULL conflicts with nothing.
INSERT INTO users (id, email, name) VALUES (5, 'b@x', 'B2'), (6, NULL, 'N1'), (7, NULL, 'N2')
  ON CONFLICT (email) DO NOTHING;
> 2 rows

-- Two proposed rows with one email: DO NOTHING keeps the first, DO UPDATE affects a row twice.
INSERT INTO users (id, email, name) VALUES (8, 'd@x', 'D1'), (9, 'd@x', 'D2')
  ON CONFLICT (email) DO NOTHING;
> 1 row

INSERT INTO users (id, email, name) VALUES (10, 'e@x', 'E1'), (11, 'e@x', 'E2')
  ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name;
> ERROR 21000 cannot affect row a second time

INSERT INTO users (id, email, name) VALUES (12, 'a@x', 'A3'), (13, 'a@x', 'A4')
  ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name;
> ERROR 21000 cannot affect row a second time

-- A conflict on another unique constraint than the target is a duplicate, as in PostgreSQL.
INSERT INTO users (id, email, name) VALUES (1, 'z@x', 'Z') ON CONFLICT (email) DO NOTHING;
> ERROR 23505 duplicate primary key (ID=1) in table USERS

-- By the constraint's name.
SELECT index_name FROM sys.indexes WHERE table_name = 'USERS' AND NOT is_primary_key;
> INDEX_NAME
> USERS_EMAIL_KEY

INSERT INTO users (id, email, name) VALUES (14, 'b@x', 'Bee')
  ON CONFLICT ON CONSTRAINT users_email_key DO UPDATE SET name = EXCLUDED.name;
> 1 row

-- Without a target, DO NOTHING skips a conflict on any unique constraint.
INSERT INTO users (id, email, name) VALUES (1, 'new@x', 'P'), (20, 'a@x', 'Q'), (21, 'f@x', 'F'),
  (22, 'f@x', 'G') ON CONFLICT DO NOTHING;
> 1 row

SELECT id, email, name, visits FROM users ORDER BY id;
> ID | EMAIL | NAME | VISITS
> 1 | a@x | Anna | 2
> 2 | b@x | Bee | 1
> 4 | c@x | Cy | 1
> 6 | NULL | N1 | 0
> 7 | NULL | N2 | 0
> 8 | d@x | D1 | 0
> 21 | f@x | F | 0

-- A unique index of two columns, named in another order.
CREATE TABLE pairs (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, n INTEGER);

CREATE UNIQUE INDEX pairs_ab ON pairs (a, b);

INSERT INTO pairs VALUES (1, 1, 1, 1), (2, 1, 2, 1);
> 2 rows

INSERT INTO pairs VALUES (3, 1, 2, 1), (4, 2, 1, 1) ON CONFLICT (b, a) DO UPDATE SET n = pairs.n + 1;
> 2 rows

INSERT INTO pairs VALUES (5, 1, 1, 1) ON CONFLICT ON CONSTRAINT pairs_ab DO NOTHING;
> 0 rows

SELECT * FROM pairs ORDER BY id;
> ID | A | B | N
> 1 | 1 | 1 | 1
> 2 | 1 | 2 | 2
> 4 | 2 | 1 | 1

-- A non-unique index, or a part of a unique one, is no conflict target.
CREATE INDEX pairs_n ON pairs (n);

INSERT INTO pairs VALUES (6, 3, 3, 1) ON CONFLICT (n) DO NOTHING;
> ERROR 42P10 the unique constraints of PAIRS are on (ID), (A, B)

INSERT INTO pairs VALUES (6, 3, 3, 1) ON CONFLICT (a) DO NOTHING;
> ERROR 42P10 there is no unique constraint matching the ON CONFLICT specification

INSERT INTO pairs VALUES (6, 3, 3, 1) ON CONFLICT ON CONSTRAINT pairs_n DO NOTHING;
> ERROR 42704 constraint PAIRS_N for table PAIRS does not exist; its unique constraints are PAIRS_pkey, PAIRS_AB

-- A table whose only unique constraint is not a primary key.
CREATE TABLE tags (tag VARCHAR(10) UNIQUE, uses INTEGER);

INSERT INTO tags VALUES ('x', 1), ('y', 1) ON CONFLICT (tag) DO UPDATE SET uses = tags.uses + EXCLUDED.uses;
> 2 rows

INSERT INTO tags VALUES ('x', 5), ('z', 1) ON CONFLICT (tag) DO UPDATE SET uses = tags.uses + EXCLUDED.uses;
> 2 rows

INSERT INTO tags VALUES ('y', 9) ON CONFLICT DO NOTHING;
> 0 rows

SELECT * FROM tags ORDER BY tag;
> TAG | USES
> x | 6
> y | 1
> z | 1

-- Inside a transaction the upsert sees the transaction's own rows, and a rollback undoes it.
BEGIN;

INSERT INTO tags VALUES ('w', 1);
> 1 row

INSERT INTO tags VALUES ('w', 2), ('x', 2) ON CONFLICT (tag) DO UPDATE SET uses = tags.uses + EXCLUDED.uses;
> 2 rows

SELECT * FROM tags WHERE tag IN ('w', 'x') ORDER BY tag;
> TAG | USES
> w | 3
> x | 8

ROLLBACK;

SELECT * FROM tags WHERE tag IN ('w', 'x') ORDER BY tag;
> TAG | USES
> x | 6

-- A failing row leaves nothing of the statement.
INSERT INTO tags VALUES ('x', 1), ('toolongtagname', 1) ON CONFLICT (tag) DO UPDATE SET uses = 0;
> ERROR 22001

SELECT uses FROM tags WHERE tag = 'x';
> USES
> 6

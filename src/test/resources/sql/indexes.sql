-- Secondary indexes and UNIQUE constraints: DDL, enforcement, access paths, errors.

CREATE TABLE predictions (id BIGINT PRIMARY KEY, user_id VARCHAR(20), score DOUBLE, ts TIMESTAMP);

INSERT INTO predictions VALUES
  (1, 'u1', 0.5, TIMESTAMP '2026-01-01 00:00:00'),
  (2, 'u2', 0.7, TIMESTAMP '2026-01-02 00:00:00'),
  (3, 'u1', 0.1, TIMESTAMP '2026-01-03 00:00:00'),
  (4, NULL, 0.9, NULL),
  (5, 'u3', 0.3, TIMESTAMP '2026-01-05 00:00:00');
> 5 rows

-- Created on a table with rows: the index is filled from them.
CREATE INDEX predictions_user ON predictions (user_id);

CREATE INDEX predictions_ts ON predictions (ts DESC);

SELECT table_name, index_name, column_names, is_unique, is_primary_key FROM sys.indexes WHERE table_name = 'PREDICTIONS' ORDER BY index_name;
> TABLE_NAME | INDEX_NAME | COLUMN_NAMES | IS_UNIQUE | IS_PRIMARY_KEY
> PREDICTIONS | PK_PREDICTIONS | ID | TRUE | TRUE
> PREDICTIONS | PREDICTIONS_TS | TS DESC | FALSE | FALSE
> PREDICTIONS | PREDICTIONS_USER | USER_ID | FALSE | FALSE

-- Predictions looked up by user: an index scan.
EXPLAIN PLAN FOR SELECT id, score FROM predictions WHERE user_id = 'u1';
> (contains)
> access=[index PREDICTIONS_USER: USER_ID = 'u1']

SELECT id, score FROM predictions WHERE user_id = 'u1' ORDER BY id;
> ID | SCORE
> 1 | 0.5
> 3 | 0.1

SELECT id FROM predictions WHERE user_id IN ('u2', 'u3', 'nobody') ORDER BY id;
> ID
> 2
> 5

EXPLAIN PLAN FOR SELECT id FROM predictions WHERE user_id IN ('u2', 'u3');
> (contains)
> access=[index PREDICTIONS_USER: USER_ID IN ('u2', 'u3')]

-- A monitoring window on a descending index: NULL timestamps are never in it.
EXPLAIN PLAN FOR SELECT id FROM predictions WHERE ts >= TIMESTAMP '2026-01-02 00:00:00';
> (contains)
> access=[index PREDICTIONS_TS: 2026-01-02 00:00:00 <= TS]

SELECT id FROM predictions WHERE ts >= TIMESTAMP '2026-01-02 00:00:00' ORDER BY id;
> ID
> 2
> 3
> 5

SELECT id FROM predictions WHERE ts > TIMESTAMP '2026-01-02 00:00:00' AND ts <= TIMESTAMP '2026-01-05 00:00:00' ORDER BY id;
> ID
> 3
> 5

SELECT id FROM predictions WHERE ts < TIMESTAMP '2026-01-02 00:00:00' ORDER BY id;
> ID
> 1

-- The primary key still wins where it applies.
EXPLAIN PLAN FOR SELECT * FROM predictions WHERE id = 3 AND user_id = 'u1';
> (contains)
> access=[point lookup ID = 3]

-- Writes keep the index: update, delete, insert.
UPDATE predictions SET user_id = 'u2' WHERE id = 3;
> 1 row

DELETE FROM predictions WHERE id = 1;
> 1 row

INSERT INTO predictions VALUES (6, 'u1', 0.2, TIMESTAMP '2026-01-06 00:00:00');
> 1 row

SELECT id FROM predictions WHERE user_id = 'u1' ORDER BY id;
> ID
> 6

SELECT id FROM predictions WHERE user_id = 'u2' ORDER BY id;
> ID
> 2
> 3

-- IF NOT EXISTS, duplicate names (tables and indexes share one namespace).
CREATE INDEX IF NOT EXISTS predictions_user ON predictions (score);

CREATE INDEX predictions_user ON predictions (score);
> ERROR 42S01 index PREDICTIONS_USER already exists

CREATE INDEX predictions ON predictions (score);
> ERROR 42S01 table PREDICTIONS already exists

CREATE TABLE predictions_user (a INTEGER);
> ERROR 42S01 index PREDICTIONS_USER already exists

-- Unknown table and column.
CREATE INDEX nope_a ON nope (a);
> ERROR 42S02 table NOPE does not exist

CREATE INDEX predictions_x ON predictions (user_id, x);
> ERROR 42S22 column X does not exist in table PREDICTIONS

CREATE OR REPLACE INDEX predictions_s ON predictions (score);
> ERROR 0A000

-- DROP INDEX: the queries that used it keep their answers.
DROP INDEX predictions_user;

SELECT id FROM predictions WHERE user_id = 'u2' ORDER BY id;
> ID
> 2
> 3

DROP INDEX predictions_user;
> ERROR 42S02 index PREDICTIONS_USER does not exist

DROP INDEX IF EXISTS predictions_user;

DROP INDEX predictions;
> ERROR 42S02 index PREDICTIONS does not exist; PREDICTIONS is a table

-- UNIQUE constraints: column and table level, named or not.
CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(50) UNIQUE, org INTEGER, handle VARCHAR(20), CONSTRAINT users_handle UNIQUE (org, handle));

SELECT index_name, column_names, is_unique FROM sys.indexes WHERE table_name = 'USERS' ORDER BY index_name;
> INDEX_NAME | COLUMN_NAMES | IS_UNIQUE
> PK_USERS | ID | TRUE
> USERS_EMAIL_KEY | EMAIL | TRUE
> USERS_HANDLE | ORG, HANDLE | TRUE

INSERT INTO users VALUES (1, 'a@x.org', 1, 'ann'), (2, 'b@x.org', 1, 'bob');
> 2 rows

INSERT INTO users VALUES (3, 'a@x.org', 2, 'amy');
> ERROR 23505 duplicate key (EMAIL)=('a@x.org') violates unique index USERS_EMAIL_KEY of table USERS

INSERT INTO users VALUES (3, 'c@x.org', 1, 'bob');
> ERROR 23505 duplicate key (ORG, HANDLE)=(1, 'bob') violates unique index USERS_HANDLE of table USERS

-- The failed statements left nothing behind.
SELECT COUNT(*) AS n FROM users;
> N
> 2

-- NULLs never conflict.
INSERT INTO users VALUES (3, NULL, NULL, 'bob'), (4, NULL, 1, NULL), (5, NULL, 1, NULL);
> 3 rows

-- A statement may move values between rows; it may not end with two rows sharing one.
UPDATE users SET email = CASE id WHEN 1 THEN 'b@x.org' WHEN 2 THEN 'a@x.org' END WHERE id IN (1, 2);
> 2 rows

SELECT id, email FROM users WHERE email = 'a@x.org';
> ID | EMAIL
> 2 | a@x.org

UPDATE users SET email = 'same@x.org' WHERE id IN (1, 2);
> ERROR 23505 violates unique index USERS_EMAIL_KEY

UPDATE users SET id = id + 10;
> 5 rows

SELECT id FROM users WHERE email = 'b@x.org';
> ID
> 11

EXPLAIN PLAN FOR SELECT id FROM users WHERE org = 1 AND handle = 'bob';
> (contains)
> access=[index USERS_HANDLE: ORG = 1 AND HANDLE = 'bob']

EXPLAIN PLAN FOR SELECT id FROM users WHERE org = 1 AND handle > 'a';
> (contains)
> access=[index USERS_HANDLE: ORG = 1 AND 'a' < HANDLE]

SELECT id FROM users WHERE org = 1 AND handle > 'a' ORDER BY id;
> ID
> 11
> 12

CREATE TABLE bad (a INTEGER, UNIQUE (b));
> ERROR 42S22 UNIQUE column B is not a column of BAD

-- A unique index over rows that share values is not created, and leaves nothing.
CREATE UNIQUE INDEX users_org ON users (org);
> ERROR 23505 cannot create unique index USERS_ORG: duplicate key (ORG)=(1)

SELECT COUNT(*) AS n FROM sys.indexes WHERE index_name = 'USERS_ORG';
> N
> 0

CREATE UNIQUE INDEX users_id_email ON users (id, email);

-- Keyless tables are indexed by their hidden row ids.
CREATE TABLE events (kind VARCHAR(10), n INTEGER);

CREATE INDEX events_kind ON events (kind);

INSERT INTO events VALUES ('a', 1), ('b', 2), ('a', 3), ('a', 3);
> 4 rows

DELETE FROM events WHERE kind = 'a' AND n = 3;
> 2 rows

UPDATE events SET kind = 'c' WHERE n = 2;
> 1 row

SELECT kind, n FROM events WHERE kind IN ('a', 'b', 'c') ORDER BY n;
> KIND | N
> a | 1
> c | 2

-- Dropping the table drops its indexes, and frees their names.
DROP TABLE events;

SELECT COUNT(*) AS n FROM sys.indexes WHERE table_name = 'EVENTS';
> N
> 0

CREATE TABLE events_kind (a INTEGER);

-- Feature views cannot have indexes.
CREATE ENTITY driver (driver_id BIGINT);

CREATE FEATURE VIEW driver_stats ENTITY driver (rate DOUBLE);

CREATE INDEX driver_stats_rate ON driver_stats (rate);
> ERROR 0A000 feature views cannot have indexes

CREATE INDEX online_rate ON online.driver_stats (rate);
> ERROR 0A000 the online values of a feature view cannot have indexes

-- DDL: CREATE/DROP TABLE and VIEW, IF [NOT] EXISTS, keys, defaults, SYS tables.

CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, age INTEGER);

SELECT table_name, table_type, primary_key, column_count FROM sys.tables;
> TABLE_NAME | TABLE_TYPE | PRIMARY_KEY | COLUMN_COUNT
> PEOPLE | TABLE | ID | 3

SELECT column_name, ordinal_position, data_type, is_nullable, column_default, key_position
FROM sys.columns WHERE table_name = 'PEOPLE' ORDER BY ordinal_position;
> COLUMN_NAME | ORDINAL_POSITION | DATA_TYPE | IS_NULLABLE | COLUMN_DEFAULT | KEY_POSITION
> ID | 1 | INTEGER | FALSE | NULL | 1
> NAME | 2 | VARCHAR(20) | FALSE | NULL | NULL
> AGE | 3 | INTEGER | TRUE | NULL | NULL

-- Creating it again fails; IF NOT EXISTS is a no-op that keeps the old definition.
CREATE TABLE people (x INTEGER);
> ERROR 42S01

CREATE TABLE IF NOT EXISTS people (x INTEGER);

SELECT column_name FROM sys.columns WHERE table_name = 'PEOPLE' ORDER BY ordinal_position;
> COLUMN_NAME
> ID
> NAME
> AGE

-- Identifiers: unquoted ones are upper-cased, quoted ones keep their case.
CREATE TABLE "MixedCase" ("Id" INTEGER PRIMARY KEY, "val" VARCHAR(5));

INSERT INTO "MixedCase" VALUES (1, 'a');
> 1 row

SELECT "Id", "val" FROM "MixedCase";
> Id | val
> 1 | a

SELECT * FROM mixedcase;
> ERROR 42S02

DROP TABLE "MixedCase";

-- Composite primary key declared as a table constraint.
CREATE TABLE scores (game VARCHAR(10), player INTEGER, points INTEGER NOT NULL, CONSTRAINT pk_scores PRIMARY KEY (game, player));

SELECT primary_key FROM sys.tables WHERE table_name = 'SCORES';
> PRIMARY_KEY
> GAME, PLAYER

SELECT column_name, is_nullable, key_position FROM sys.columns WHERE table_name = 'SCORES' ORDER BY ordinal_position;
> COLUMN_NAME | IS_NULLABLE | KEY_POSITION
> GAME | FALSE | 1
> PLAYER | FALSE | 2
> POINTS | FALSE | NULL

INSERT INTO scores VALUES ('chess', 1, 10), ('chess', 2, 20), ('go', 1, 30);
> 3 rows

-- Same game, same player: duplicate; same player in another game: fine.
INSERT INTO scores VALUES ('chess', 1, 99);
> ERROR 23505

INSERT INTO scores VALUES ('go', 2, 40);
> 1 row

SELECT game, player, points FROM scores ORDER BY game, player;
> GAME | PLAYER | POINTS
> chess | 1 | 10
> chess | 2 | 20
> go | 1 | 30
> go | 2 | 40

-- A key column is NOT NULL even without saying so.
INSERT INTO scores VALUES (NULL, 3, 1);
> ERROR 23502

-- A table without a primary key.
CREATE TABLE log (msg VARCHAR(100));

SELECT primary_key, column_count FROM sys.tables WHERE table_name = 'LOG';
> PRIMARY_KEY | COLUMN_COUNT
> NULL | 1

-- Two primary keys are an invalid definition.
CREATE TABLE twokeys (a INTEGER PRIMARY KEY, b INTEGER, PRIMARY KEY (b));
> ERROR 42P16

-- A primary key naming a missing column.
CREATE TABLE badkey (a INTEGER, PRIMARY KEY (nope));
> ERROR 42S22

-- Defaults.
CREATE TABLE settings (
  id INTEGER PRIMARY KEY,
  label VARCHAR(20) DEFAULT 'none',
  qty INTEGER DEFAULT 7,
  price DECIMAL(6,2) DEFAULT 1.5,
  enabled BOOLEAN DEFAULT TRUE,
  created TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  born DATE DEFAULT CURRENT_DATE,
  note VARCHAR(10));

INSERT INTO settings (id) VALUES (1);
> 1 row

INSERT INTO settings (id, label, qty, note) VALUES (2, 'x', NULL, 'n');
> 1 row

SELECT id, label, qty, price, enabled, created IS NOT NULL AS has_created, born IS NOT NULL AS has_born, note FROM settings ORDER BY id;
> ID | LABEL | QTY | PRICE | ENABLED | HAS_CREATED | HAS_BORN | NOTE
> 1 | none | 7 | 1.50 | TRUE | TRUE | TRUE | NULL
> 2 | x | NULL | 1.50 | TRUE | TRUE | TRUE | n

-- The default timestamp is "now": within a day of CURRENT_TIMESTAMP.
SELECT COUNT(*) AS recent FROM settings WHERE created > CURRENT_TIMESTAMP - INTERVAL '1' DAY AND created <= CURRENT_TIMESTAMP + INTERVAL '1' MINUTE;
> RECENT
> 2

SELECT column_name, column_default FROM sys.columns WHERE table_name = 'SETTINGS' AND column_default IS NOT NULL ORDER BY ordinal_position;
> COLUMN_NAME | COLUMN_DEFAULT
> LABEL | 'none'
> QTY | 7
> PRICE | 1.5
> ENABLED | TRUE
> CREATED | CURRENT_TIMESTAMP
> BORN | CURRENT_DATE

-- DEFAULT in an UPDATE is not required, but an omitted column in INSERT ... SELECT gets its default too.
INSERT INTO settings (id, note) SELECT 3, 'sel' FROM (VALUES 1);
> 1 row

SELECT id, label, qty FROM settings WHERE id = 3;
> ID | LABEL | QTY
> 3 | none | 7

-- Views.
INSERT INTO people VALUES (1, 'Ann', 30), (2, 'Bob', NULL), (3, 'Cid', 17);
> 3 rows

CREATE VIEW adults AS SELECT id, name FROM people WHERE age >= 18;

SELECT * FROM adults;
> ID | NAME
> 1 | Ann

CREATE VIEW adults AS SELECT id FROM people;
> ERROR 42S01

-- A view cannot share a table's name.
CREATE VIEW people AS SELECT 1 AS x FROM (VALUES 1);
> ERROR 42S01

CREATE TABLE adults (x INTEGER);
> ERROR 42S01

CREATE OR REPLACE VIEW adults (person_id, person_name) AS SELECT id, name FROM people WHERE age >= 18 OR age IS NULL;

SELECT * FROM adults ORDER BY person_id;
> PERSON_ID | PERSON_NAME
> 1 | Ann
> 2 | Bob

-- A view sees later changes of its table.
INSERT INTO people VALUES (4, 'Dee', 40);
> 1 row

SELECT person_name FROM adults ORDER BY person_id;
> PERSON_NAME
> Ann
> Bob
> Dee

SELECT table_name, table_type FROM sys.tables ORDER BY table_name;
> TABLE_NAME | TABLE_TYPE
> ADULTS | VIEW
> LOG | TABLE
> PEOPLE | TABLE
> SCORES | TABLE
> SETTINGS | TABLE

SELECT view_name, created IS NOT NULL AS has_created FROM sys.views;
> VIEW_NAME | HAS_CREATED
> ADULTS | TRUE

-- A view over a table created after another view was used.
CREATE TABLE later (id INTEGER PRIMARY KEY, note VARCHAR(10));

INSERT INTO later VALUES (1, 'new');
> 1 row

CREATE VIEW later_notes AS SELECT note FROM later;

SELECT * FROM later_notes;
> NOTE
> new

DROP VIEW later_notes;

DROP TABLE later;

-- A view over a missing table fails at CREATE.
CREATE VIEW broken AS SELECT * FROM nowhere;
> ERROR 42S02

CREATE VIEW broken AS SELECT nope FROM people;
> ERROR 42S22

-- Views are read-only.
INSERT INTO adults VALUES (9, 'Zed');
> ERROR 0A000

DROP VIEW adults;

SELECT * FROM adults;
> ERROR 42S02

DROP VIEW adults;
> ERROR 42S02

DROP VIEW IF EXISTS adults;

-- DROP TABLE on a view, and DROP VIEW on a table, find nothing.
CREATE VIEW v1 AS SELECT id FROM people;

DROP TABLE v1;
> ERROR 42S02

DROP VIEW people;
> ERROR 42S02

DROP VIEW v1;

-- DROP TABLE.
DROP TABLE log;

SELECT * FROM log;
> ERROR 42S02

DROP TABLE log;
> ERROR 42S02

DROP TABLE IF EXISTS log;

-- A dropped table can be created again, empty, with a new definition.
CREATE TABLE log (id BIGINT PRIMARY KEY, msg VARCHAR(5));

SELECT COUNT(*) AS n FROM log;
> N
> 0

SELECT column_name, data_type FROM sys.columns WHERE table_name = 'LOG' ORDER BY ordinal_position;
> COLUMN_NAME | DATA_TYPE
> ID | BIGINT
> MSG | VARCHAR(5)

-- Schema-qualified names: PUBLIC is the user schema.
CREATE TABLE public.qualified (a INTEGER);

INSERT INTO public.qualified VALUES (5);
> 1 row

SELECT a FROM qualified;
> A
> 5

CREATE TABLE nosuchschema.t (a INTEGER);
> ERROR 42S02

-- Unsupported: CREATE TABLE AS.
CREATE TABLE copy AS SELECT * FROM people;
> ERROR 0A000

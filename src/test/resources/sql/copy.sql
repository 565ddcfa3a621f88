-- COPY: loading tables from CSV, Parquet and Arrow files and exporting tables and
-- queries to them. Input files are in data/ (${resources}/sql/data); exports go to this
-- script's own temporary directory ${tmp}. A load is one transaction: whatever fails,
-- the table keeps what it had.

CREATE TABLE tx (id BIGINT PRIMARY KEY, user_id VARCHAR(20) NOT NULL, amount DECIMAL(10, 2), ok BOOLEAN, dt DATE, ts TIMESTAMP);

-- data/tx.csv: CRLF and LF line ends, a header in mixed case, quoted fields with a comma,
-- doubled quotes and a line break, empty fields (NULL), "" (the empty string) and both
-- timestamp forms.
COPY tx FROM '${resources}/sql/data/tx.csv';
> 4 rows

SELECT id, REPLACE(user_id, U&'\000A', '\n') AS user_id, amount, ok, dt, ts FROM tx ORDER BY id;
> ID | USER_ID | AMOUNT | OK | DT | TS
> 1 | alice | 12.50 | TRUE | 2026-11-01 | 2026-11-01 09:15:00
> 2 | bob, "jr" | 250.00 | FALSE | 2026-11-02 | 2026-11-02 10:02:00.25
> 3 | two\nlines | NULL | NULL | NULL | NULL
> 4 | '' | 0.50 | TRUE | 2026-11-03 | 2026-11-03 00:00:00

-- Errors name the file, the line and the column; the table is unchanged after each.
COPY tx FROM '${resources}/sql/data/tx_bad_amount.csv';
> ERROR 22018 ${resources}/sql/data/tx_bad_amount.csv line 3, column AMOUNT: cannot read 'x1' as DECIMAL(10, 2)

COPY tx FROM '${resources}/sql/data/tx_duplicate_key.csv';
> ERROR 23505 ${resources}/sql/data/tx_duplicate_key.csv line 3: duplicate primary key (ID=1) in table TX

COPY tx FROM '${resources}/sql/data/tx_duplicate_in_file.csv';
> ERROR 23505 ${resources}/sql/data/tx_duplicate_in_file.csv line 4: duplicate primary key (ID=6) in table TX

-- A file name given as string literals continued across whitespace is one name.
COPY tx FROM '${resources}/sql/data/' 'tx_duplicate_key.csv';
> ERROR 23505 ${resources}/sql/data/tx_duplicate_key.csv line 3: duplicate primary key (ID=1) in table TX

COPY tx FROM '${resources}/sql/data/tx_unknown_column.csv';
> ERROR 42S22 ${resources}/sql/data/tx_unknown_column.csv has column 'nope', which table TX does not have

COPY tx FROM '${resources}/sql/data/tx_without_user.csv';
> ERROR 23502 column USER_ID of table TX is NOT NULL but ${resources}/sql/data/tx_without_user.csv has no such column

COPY tx FROM '${resources}/sql/data/tx_extra_field.csv';
> ERROR 22000 ${resources}/sql/data/tx_extra_field.csv line 3 has 3 fields, not 2

COPY tx FROM '${resources}/sql/data/tx_open_quote.csv';
> ERROR 22000 ${resources}/sql/data/tx_open_quote.csv near line 3: quoted field starting on line 3 is not closed

COPY tx FROM '${resources}/sql/data/missing.csv';
> ERROR 58030 file '${resources}/sql/data/missing.csv' does not exist

COPY tx FROM '${resources}/sql/data/tx.xlsx';
> ERROR 0A000 '${resources}/sql/data/tx.xlsx' is none of these

COPY nowhere FROM '${resources}/sql/data/tx.csv';
> ERROR 42S02 table NOWHERE does not exist

SELECT COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi FROM tx;
> N | LO | HI
> 4 | 1 | 4

-- Other delimiters: a header-less file with ';', and a .tsv file (tab by default).
COPY tx FROM '${resources}/sql/data/tx_headerless.txt' WITH (header = false, delimiter = ';');
> 2 rows

COPY tx FROM '${resources}/sql/data/tx.tsv';
> 1 row

SELECT id, user_id, amount, ok, dt, ts FROM tx WHERE id > 4 ORDER BY id;
> ID | USER_ID | AMOUNT | OK | DT | TS
> 7 | g | 1.25 | NULL | NULL | NULL
> 8 | h | NULL | FALSE | 2026-12-24 | NULL
> 9 | tab | 9.99 | NULL | NULL | NULL

DELETE FROM tx WHERE id > 4;
> 3 rows

-- CSV export: the text written, read back as plain strings of a header-less load.
COPY tx TO '${tmp}/tx.csv';
> 4 rows

CREATE TABLE lines (c1 VARCHAR, c2 VARCHAR, c3 VARCHAR, c4 VARCHAR, c5 VARCHAR, c6 VARCHAR);

COPY lines FROM '${tmp}/tx.csv' WITH (header = false);
> 5 rows

SELECT c1, REPLACE(c2, U&'\000A', '\n') AS c2, c3, c4, c5, c6 FROM lines;
> C1 | C2 | C3 | C4 | C5 | C6
> ID | USER_ID | AMOUNT | OK | DT | TS
> 1 | alice | 12.50 | true | 2026-11-01 | 2026-11-01 09:15:00.000
> 2 | bob, "jr" | 250.00 | false | 2026-11-02 | 2026-11-02 10:02:00.250
> 3 | two\nlines | NULL | NULL | NULL | NULL
> 4 | '' | 0.50 | true | 2026-11-03 | 2026-11-03 00:00:00.000

-- Round trips: a table exported to each format loads back identically.
CREATE TABLE tx_csv (id BIGINT PRIMARY KEY, user_id VARCHAR(20) NOT NULL, amount DECIMAL(10, 2), ok BOOLEAN, dt DATE, ts TIMESTAMP);

COPY tx_csv FROM '${tmp}/tx.csv';
> 4 rows

SELECT COUNT(*) AS differences FROM ((SELECT * FROM tx EXCEPT SELECT * FROM tx_csv) UNION ALL (SELECT * FROM tx_csv EXCEPT SELECT * FROM tx));
> DIFFERENCES
> 0

COPY tx TO '${tmp}/tx.parquet';
> 4 rows

CREATE TABLE tx_parquet (id BIGINT PRIMARY KEY, user_id VARCHAR(20) NOT NULL, amount DECIMAL(10, 2), ok BOOLEAN, dt DATE, ts TIMESTAMP);

COPY tx_parquet FROM '${tmp}/tx.parquet';
> 4 rows

SELECT COUNT(*) AS differences FROM ((SELECT * FROM tx EXCEPT SELECT * FROM tx_parquet) UNION ALL (SELECT * FROM tx_parquet EXCEPT SELECT * FROM tx));
> DIFFERENCES
> 0

COPY tx TO '${tmp}/tx.arrow';
> 4 rows

CREATE TABLE tx_arrow (id BIGINT PRIMARY KEY, user_id VARCHAR(20) NOT NULL, amount DECIMAL(10, 2), ok BOOLEAN, dt DATE, ts TIMESTAMP);

COPY tx_arrow FROM '${tmp}/tx.arrow';
> 4 rows

SELECT COUNT(*) AS differences FROM ((SELECT * FROM tx EXCEPT SELECT * FROM tx_arrow) UNION ALL (SELECT * FROM tx_arrow EXCEPT SELECT * FROM tx));
> DIFFERENCES
> 0

-- A query exported to each format; columns are matched by name when loading.
COPY (SELECT id, amount * 2 AS twice, user_id FROM tx WHERE amount > 1 ORDER BY id) TO '${tmp}/twice.parquet';
> 2 rows

COPY (SELECT id, amount * 2 AS twice, user_id FROM tx WHERE amount > 1 ORDER BY id) TO '${tmp}/twice.feather';
> 2 rows

COPY (SELECT id, amount * 2 AS twice, user_id FROM tx WHERE amount > 1 ORDER BY id) TO '${tmp}/twice.tsv';
> 2 rows

CREATE TABLE twice (user_id VARCHAR(20), twice DECIMAL(12, 2), id BIGINT PRIMARY KEY);

COPY twice FROM '${tmp}/twice.parquet';
> 2 rows

SELECT id, twice, user_id FROM twice ORDER BY id;
> ID | TWICE | USER_ID
> 1 | 25.00 | alice
> 2 | 500.00 | bob, "jr"

DELETE FROM twice;
> 2 rows

COPY twice FROM '${tmp}/twice.feather';
> 2 rows

SELECT id, twice, user_id FROM twice ORDER BY id;
> ID | TWICE | USER_ID
> 1 | 25.00 | alice
> 2 | 500.00 | bob, "jr"

DELETE FROM twice;
> 2 rows

COPY twice FROM '${tmp}/twice.tsv';
> 2 rows

SELECT id, twice, user_id FROM twice ORDER BY id;
> ID | TWICE | USER_ID
> 1 | 25.00 | alice
> 2 | 500.00 | bob, "jr"

-- Parquet and Arrow loads fail like CSV loads: nothing is written.
CREATE TABLE strict (id BIGINT PRIMARY KEY, twice DECIMAL(12, 2), user_id VARCHAR(20), must INTEGER NOT NULL);

COPY strict FROM '${tmp}/twice.parquet';
> ERROR 23502 column MUST of table STRICT is NOT NULL but ${tmp}/twice.parquet has no such column

COPY strict FROM '${tmp}/twice.feather';
> ERROR 23502 column MUST of table STRICT is NOT NULL but ${tmp}/twice.feather has no such column

CREATE TABLE narrow (id BIGINT PRIMARY KEY, twice DECIMAL(3, 1), user_id VARCHAR(20));

COPY narrow FROM '${tmp}/twice.parquet';
> ERROR 22003 ${tmp}/twice.parquet row 2: value 500.00 is out of range for column TWICE DECIMAL(3, 1)

CREATE TABLE typed (id BIGINT PRIMARY KEY, twice DECIMAL(12, 2), user_id BOOLEAN);

COPY typed FROM '${tmp}/twice.parquet';
> ERROR 22018 ${tmp}/twice.parquet row 1, column USER_ID: cannot read 'alice' as BOOLEAN

CREATE TABLE flags (id BIGINT PRIMARY KEY, twice BOOLEAN, user_id VARCHAR(20));

COPY flags FROM '${tmp}/twice.parquet';
> ERROR 42804 ${tmp}/twice.parquet column 'TWICE' is Parquet

SELECT (SELECT COUNT(*) FROM strict) AS strict_rows, (SELECT COUNT(*) FROM narrow) AS narrow_rows, (SELECT COUNT(*) FROM typed) AS typed_rows, (SELECT COUNT(*) FROM flags) AS flag_rows;
> STRICT_ROWS | NARROW_ROWS | TYPED_ROWS | FLAG_ROWS
> 0 | 0 | 0 | 0

-- A failed export leaves no file behind, also when it fails after writing rows: loading
-- the file afterwards finds nothing. The query's own error keeps its SQLState.
COPY (SELECT nope FROM tx) TO '${tmp}/never.csv';
> ERROR 42S22 Column 'NOPE' not found

COPY (SELECT id, 100 / (4 - id) AS share FROM tx ORDER BY id) TO '${tmp}/never.csv';
> ERROR 22012 division by zero

COPY (SELECT id, 100 / (4 - id) AS share FROM tx ORDER BY id) TO '${tmp}/never.parquet';
> ERROR 22012 division by zero

COPY tx_csv FROM '${tmp}/never.csv';
> ERROR 58030 file '${tmp}/never.csv' does not exist

COPY tx_csv FROM '${tmp}/never.parquet';
> ERROR 58030 file '${tmp}/never.parquet' does not exist

-- An export replaces an existing file.
COPY (SELECT id, user_id FROM tx WHERE id = 4) TO '${tmp}/tx.csv';
> 1 row

DELETE FROM tx_csv;
> 4 rows

COPY tx_csv FROM '${tmp}/tx.csv';
> 1 row

SELECT id, user_id FROM tx_csv;
> ID | USER_ID
> 4 | ''

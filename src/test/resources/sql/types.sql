-- Every column type round-trips. Rendering rules are in README.md.

CREATE TABLE nums (
  id INTEGER PRIMARY KEY,
  ti TINYINT, si SMALLINT, i INTEGER, bi BIGINT,
  r REAL, d DOUBLE, f FLOAT,
  dc DECIMAL(10,3), dc0 DECIMAL(5,0));

INSERT INTO nums VALUES
  (1, 127, 32767, 2147483647, 9223372036854775807, 1.5, 2.25, 0.1, 1234567.891, 99999),
  (2, -128, -32768, -2147483648, -9223372036854775808, -1.5, -2.25, -0.1, -1234567.891, -99999),
  (3, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
> 4 rows

SELECT * FROM nums ORDER BY id;
> ID | TI | SI | I | BI | R | D | F | DC | DC0
> 1 | 127 | 32767 | 2147483647 | 9223372036854775807 | 1.5 | 2.25 | 0.1 | 1234567.891 | 99999
> 2 | -128 | -32768 | -2147483648 | -9223372036854775808 | -1.5 | -2.25 | -0.1 | -1234567.891 | -99999
> 3 | 0 | 0 | 0 | 0 | 0.0 | 0.0 | 0.0 | 0.000 | 0
> 4 | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL

-- DECIMAL keeps its declared scale: values are padded.
INSERT INTO nums (id, dc) VALUES (5, 1), (6, 2.5), (7, -0.001);
> 3 rows

SELECT id, dc FROM nums WHERE id >= 5 ORDER BY id;
> ID | DC
> 5 | 1.000
> 6 | 2.500
> 7 | -0.001

-- Extra fractional digits are cut to the scale (Sorrel, like Calcite's CAST, truncates;
-- rounding vs truncation is implementation-defined in SQL).
INSERT INTO nums (id, dc) VALUES (8, 1.23456), (9, -1.23456);
> 2 rows

SELECT dc FROM nums WHERE id IN (8, 9) ORDER BY id;
> DC
> 1.234
> -1.234

SELECT CAST(1.23456 AS DECIMAL(10,3)) AS c;
> C
> 1.234

-- Arithmetic types.
SELECT i + 1 AS a, bi - 1 AS b, dc * 2 AS c FROM nums WHERE id = 3;
> A | B | C
> 1 | -1 | 0.000

SELECT 7 / 2 AS int_div, MOD(7, 3) AS m, 7.0 / 2 AS dq;
> INT_DIV | M | DQ
> 3 | 1 | 3.500000000000

-- Exact decimal arithmetic.
SELECT CAST(0.1 AS DECIMAL(5,2)) + CAST(0.2 AS DECIMAL(5,2)) AS s;
> S
> 0.30

-- Booleans.
CREATE TABLE flags (id INTEGER PRIMARY KEY, b BOOLEAN);

INSERT INTO flags VALUES (1, TRUE), (2, FALSE), (3, NULL);
> 3 rows

SELECT id, b, NOT b AS nb FROM flags ORDER BY id;
> ID | B | NB
> 1 | TRUE | FALSE
> 2 | FALSE | TRUE
> 3 | NULL | NULL

SELECT id FROM flags WHERE b;
> ID
> 1

SELECT id FROM flags WHERE b IS NOT TRUE ORDER BY id;
> ID
> 2
> 3

-- Strings: unicode, empty string vs NULL, quotes.
CREATE TABLE strs (id INTEGER PRIMARY KEY, s VARCHAR(20), c CHAR(5));

INSERT INTO strs VALUES
  (1, 'héllo wörld', 'ab'),
  (3, '', ''),
  (4, NULL, NULL),
  (5, 'it''s', 'q');
> 4 rows

-- Characters outside Latin-1, in their own statements.
INSERT INTO strs VALUES (2, '日本語テキスト', 'xyz');
> 1 row

INSERT INTO strs VALUES (6, '😀 emoji', 'e');
> 1 row

SELECT id, s FROM strs ORDER BY id;
> ID | S
> 1 | héllo wörld
> 2 | 日本語テキスト
> 3 | ''
> 4 | NULL
> 5 | it's
> 6 | 😀 emoji

SELECT id FROM strs WHERE s = '日本語テキスト';
> ID
> 2

SELECT UPPER(s) AS u FROM strs WHERE id = 1;
> U
> HÉLLO WÖRLD

-- Known limitation (README, "Types"): string functions count UTF-16 code
-- units, so the emoji in row 6 counts as 2 and the length is 8, not 7.
SELECT id, CHAR_LENGTH(s) AS len, s IS NULL AS is_null, s = '' AS is_empty FROM strs ORDER BY id;
> ID | LEN | IS_NULL | IS_EMPTY
> 1 | 11 | FALSE | FALSE
> 2 | 7 | FALSE | FALSE
> 3 | 0 | FALSE | TRUE
> 4 | NULL | TRUE | NULL
> 5 | 4 | FALSE | FALSE
> 6 | 8 | FALSE | FALSE

SELECT COUNT(*) AS empties FROM strs WHERE s = '';
> EMPTIES
> 1

SELECT COUNT(s) AS non_null, COUNT(*) AS total FROM strs;
> NON_NULL | TOTAL
> 5 | 6

-- A VARCHAR(n) holds exactly n characters, counted as characters, not bytes.
INSERT INTO strs (id, s) VALUES (7, '12345678901234567890');
> 1 row

INSERT INTO strs (id, s) VALUES (8, 'ééééééééééééééééééé');
> 1 row

SELECT id, CHAR_LENGTH(s) AS len FROM strs WHERE id IN (7, 8) ORDER BY id;
> ID | LEN
> 7 | 20
> 8 | 19

-- CHAR(n) values compare equal to the unpadded literal.
SELECT id FROM strs WHERE c = 'ab';
> ID
> 1

-- Binary.
CREATE TABLE bins (id INTEGER PRIMARY KEY, b VARBINARY(4), bb BINARY(2));

INSERT INTO bins VALUES (1, X'CAFE', X'0102'), (2, X'', X'FF00'), (3, NULL, NULL), (4, X'00FF10AB', X'0000');
> 4 rows

SELECT * FROM bins ORDER BY id;
> ID | B | BB
> 1 | X'CAFE' | X'0102'
> 2 | X'' | X'FF00'
> 3 | NULL | NULL
> 4 | X'00FF10AB' | X'0000'

SELECT id FROM bins WHERE b = X'CAFE';
> ID
> 1

-- Dates and times.
CREATE TABLE times (id INTEGER PRIMARY KEY, d DATE, t TIME, ts TIMESTAMP);

INSERT INTO times VALUES
  (1, DATE '2024-02-29', TIME '23:59:59', TIMESTAMP '2024-02-29 23:59:59'),
  (2, DATE '1970-01-01', TIME '00:00:00', TIMESTAMP '1970-01-01 00:00:00'),
  (3, DATE '1969-12-31', TIME '12:00:01', TIMESTAMP '1969-12-31 23:59:59.5'),
  (4, DATE '2038-01-19', TIME '03:14:07', TIMESTAMP '2038-01-19 03:14:07.123'),
  (5, DATE '1900-03-01', TIME '01:02:03', TIMESTAMP '1900-03-01 01:02:03'),
  (6, NULL, NULL, NULL);
> 6 rows

SELECT * FROM times ORDER BY id;
> ID | D | T | TS
> 1 | 2024-02-29 | 23:59:59 | 2024-02-29 23:59:59
> 2 | 1970-01-01 | 00:00:00 | 1970-01-01 00:00:00
> 3 | 1969-12-31 | 12:00:01 | 1969-12-31 23:59:59.5
> 4 | 2038-01-19 | 03:14:07 | 2038-01-19 03:14:07.123
> 5 | 1900-03-01 | 01:02:03 | 1900-03-01 01:02:03
> 6 | NULL | NULL | NULL

SELECT id FROM times WHERE d = DATE '2024-02-29';
> ID
> 1

SELECT id FROM times WHERE ts < TIMESTAMP '1970-01-01 00:00:00' ORDER BY id;
> ID
> 3
> 5

SELECT id, EXTRACT(YEAR FROM d) AS y, EXTRACT(MONTH FROM d) AS m, EXTRACT(DAY FROM d) AS dd FROM times WHERE id = 1;
> ID | Y | M | DD
> 1 | 2024 | 2 | 29

SELECT d + INTERVAL '1' DAY AS next_day FROM times WHERE id = 1;
> NEXT_DAY
> 2024-03-01

SELECT CAST(ts AS DATE) AS d_only FROM times WHERE id = 4;
> D_ONLY
> 2038-01-19

-- Casts between types.
SELECT CAST('42' AS INTEGER) AS i, CAST(42 AS VARCHAR(5)) AS s, CAST('2024-05-06' AS DATE) AS d, CAST(1.99 AS INTEGER) AS trunc, CAST(TRUE AS VARCHAR(5)) AS b;
> I | S | D | TRUNC | B
> 42 | 42 | 2024-05-06 | 1 | TRUE

-- Integer literals into a wider column, and integer into DECIMAL and DOUBLE.
CREATE TABLE widen (id BIGINT PRIMARY KEY, d DOUBLE, m DECIMAL(8,2));

INSERT INTO widen VALUES (1, 3, 4), (5000000000, 1e3, 12.345);
> 2 rows

SELECT * FROM widen ORDER BY id;
> ID | D | M
> 1 | 3.0 | 4.00
> 5000000000 | 1000.0 | 12.34

-- Values survive UPDATE unchanged in the other columns.
UPDATE times SET t = TIME '10:00:00' WHERE id = 4;
> 1 row

SELECT * FROM times WHERE id = 4;
> ID | D | T | TS
> 4 | 2038-01-19 | 10:00:00 | 2038-01-19 03:14:07.123

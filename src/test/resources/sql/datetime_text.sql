-- Text compared with or cast to a DATE, TIME or TIMESTAMP that is no such value is 22007
-- (invalid datetime format), with the literal's position; '2026-02-30' once failed with XX000
-- ("Value of DAY field is out of range"). A TIME must have an hour below 24 and minutes and
-- seconds below 60, as in PostgreSQL ('25:00:00' was read as a day and an hour).

CREATE TABLE e (id INTEGER PRIMARY KEY, dt DATE, tm TIME, ts TIMESTAMP, s VARCHAR(20));

INSERT INTO e VALUES (1, DATE '2026-01-01', TIME '10:00:00', TIMESTAMP '2026-01-01 10:00:00', '2026-02-30');
> 1 row

SELECT id FROM e WHERE dt = '2026-02-30';
> ERROR 22007 invalid date value: '2026-02-30' at line 1, column 29

SELECT id FROM e WHERE dt < '2026-13-01';
> ERROR 22007 invalid date value

SELECT CAST('2026-02-30' AS DATE);
> ERROR 22007 at line 1, column 13

SELECT id FROM e WHERE ts = '2026-02-30 10:00:00';
> ERROR 22007 invalid timestamp value

SELECT id FROM e WHERE ts = '2026-01-01 25:00:00';
> ERROR 22007 invalid timestamp value

SELECT id FROM e WHERE ts = 'abc';
> ERROR 22007 invalid timestamp value: 'abc'

SELECT id FROM e WHERE tm = '25:00:00';
> ERROR 22007 invalid time value: '25:00:00' at line 1, column 29

SELECT id FROM e WHERE tm = '10:61:00';
> ERROR 22007 invalid time value

SELECT id FROM e WHERE tm = 'abc';
> ERROR 22007 invalid time value

INSERT INTO e (id, dt) VALUES (2, '2026-02-30');
> ERROR 22007 invalid date value: '2026-02-30' at line 1, column 35

-- Text that is not a literal is checked when it is cast.
SELECT CAST(s AS DATE) FROM e;
> ERROR 22007 Value of DAY field is out of range

-- The forms Calcite reads stay valid.
SELECT id FROM e WHERE dt = '2026-1-1' AND tm = '10:00' AND ts = '2026-01-01 10:00:00.000';
> ID
> 1

SELECT id FROM e WHERE tm = ' 10:00:00 ' AND dt = ' 2026-01-01 ' AND ts >= '2026-01-01';
> ID
> 1

SELECT COUNT(*) AS n FROM e;
> N
> 1

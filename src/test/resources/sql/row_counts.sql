-- LIMIT (FETCH) and OFFSET take whole numbers from 0 to 2147483647; a literal outside that
-- range is refused with its position (2201W for LIMIT, 2201X for OFFSET), not as an internal
-- error. (Parameters: RowCountParametersTest.)

CREATE TABLE emp (id INTEGER PRIMARY KEY);

INSERT INTO emp VALUES (1), (2), (3);
> 3 rows

SELECT id FROM emp ORDER BY id LIMIT 2147483647 OFFSET 1;
> ID
> 2
> 3

SELECT id FROM emp ORDER BY id LIMIT 9223372036854775807;
> ERROR 2201W LIMIT must be a whole number from 0 to 2147483647, not 9223372036854775807 at line 1, column 38

SELECT id FROM emp ORDER BY id LIMIT 10 OFFSET 99999999999999999999999999999999999999.99;
> ERROR 2201X OFFSET must be a whole number from 0 to 2147483647, not 99999999999999999999999999999999999999.99 at line 1, column 48

SELECT * FROM (SELECT id FROM emp ORDER BY id LIMIT 2.5) AS t;
> ERROR 2201W LIMIT must be a whole number from 0 to 2147483647, not 2.5 at line 1, column 53

SELECT id FROM emp ORDER BY id OFFSET 2147483648 ROWS;
> ERROR 2201X OFFSET must be a whole number from 0 to 2147483647, not 2147483648 at line 1, column 39

-- Comments on tables, views, feature views and their columns: COMMENT ON (PostgreSQL's form)
-- and COMMENT '...' in CREATE TABLE (MySQL's), shown by the SYS tables.

CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10, 2), note VARCHAR(40));

COMMENT ON TABLE orders IS 'one row per order';

COMMENT ON COLUMN orders.total IS 'in euros, tax included';

COMMENT ON COLUMN public.orders.note IS 'free text';

SELECT table_name, comment FROM sys.tables WHERE table_name = 'ORDERS';
> TABLE_NAME | COMMENT
> ORDERS | one row per order

SELECT column_name, comment FROM sys.columns WHERE table_name = 'ORDERS' ORDER BY ordinal_position;
> COLUMN_NAME | COMMENT
> ID | NULL
> TOTAL | in euros, tax included
> NOTE | free text

-- A new comment replaces the old; NULL or the empty string removes it, as in PostgreSQL.
COMMENT ON TABLE orders IS 'orders, one row each';

COMMENT ON COLUMN orders.note IS NULL;

COMMENT ON COLUMN orders.total IS '';

SELECT t.comment AS table_comment, COUNT(c.comment) AS column_comments FROM sys.tables t
  JOIN sys.columns c ON c.table_name = t.table_name WHERE t.table_name = 'ORDERS'
  GROUP BY t.comment;
> TABLE_COMMENT | COLUMN_COMMENTS
> orders, one row each | 0

-- Quotes are doubled as in any string literal.
COMMENT ON COLUMN orders.id IS 'the order''s number';

SELECT comment FROM sys.columns WHERE table_name = 'ORDERS' AND column_name = 'ID';
> COMMENT
> the order's number

-- Views, with COMMENT ON VIEW; their columns too.
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;

COMMENT ON VIEW big_orders IS 'orders over 100';

COMMENT ON COLUMN big_orders.total IS 'from orders.total';

SELECT table_name, table_type, comment FROM sys.tables WHERE table_name = 'BIG_ORDERS';
> TABLE_NAME | TABLE_TYPE | COMMENT
> BIG_ORDERS | VIEW | orders over 100

-- Feature views, and their features.
CREATE ENTITY customer (customer_id BIGINT);

CREATE FEATURE VIEW spend ENTITY customer (total_30d DOUBLE, orders_30d BIGINT);

COMMENT ON FEATURE VIEW spend IS 'spend per customer';

COMMENT ON COLUMN spend.total_30d IS 'sum of order totals over 30 days';

COMMENT ON COLUMN spend.customer_id IS 'the customer';

SELECT table_name, table_type, comment FROM sys.tables WHERE table_name = 'SPEND';
> TABLE_NAME | TABLE_TYPE | COMMENT
> SPEND | FEATURE VIEW | spend per customer

SELECT view_name, comment FROM sys.feature_views;
> VIEW_NAME | COMMENT
> SPEND | spend per customer

SELECT feature_name, comment FROM sys.features ORDER BY ordinal_position;
> FEATURE_NAME | COMMENT
> TOTAL_30D | sum of order totals over 30 days
> ORDERS_30D | NULL

-- COMMENT ON TABLE also takes a feature view (its history is a table), and sets the same comment.
COMMENT ON TABLE spend IS 'spend per customer, daily';

SELECT comment FROM sys.feature_views;
> COMMENT
> spend per customer, daily

-- MySQL's form in CREATE TABLE: after a column, and after the column list.
CREATE TABLE events (id BIGINT PRIMARY KEY COMMENT 'event id',
  kind VARCHAR(10) NOT NULL DEFAULT 'click' COMMENT 'click or view',
  seen TIMESTAMP) COMMENT = 'raw events';

CREATE TABLE events2 (id INT PRIMARY KEY) COMMENT 'no equals sign';

SELECT table_name, comment FROM sys.tables WHERE table_name LIKE 'EVENTS%' ORDER BY table_name;
> TABLE_NAME | COMMENT
> EVENTS | raw events
> EVENTS2 | no equals sign

SELECT column_name, column_default, comment FROM sys.columns WHERE table_name = 'EVENTS'
  ORDER BY ordinal_position;
> COLUMN_NAME | COLUMN_DEFAULT | COMMENT
> ID | NULL | event id
> KIND | 'click' | click or view
> SEEN | NULL | NULL

-- Dropping an object drops its comments: a new object of the same name starts without.
DROP TABLE events2;

CREATE TABLE events2 (id INT PRIMARY KEY);

SELECT comment FROM sys.tables WHERE table_name = 'EVENTS2';
> COMMENT
> NULL

DROP VIEW big_orders;

CREATE VIEW big_orders AS SELECT id, total FROM orders;

SELECT comment FROM sys.tables WHERE table_name = 'BIG_ORDERS';
> COMMENT
> NULL

-- Mistakes.
COMMENT ON TABLE nowhere IS 'x';
> ERROR 42S02 table NOWHERE does not exist at line 1, column 18

COMMENT ON COLUMN orders.nothing IS 'x';
> ERROR 42S22 column NOTHING does not exist in ORDERS

COMMENT ON COLUMN big_orders.note IS 'x';
> ERROR 42S22 column NOTE does not exist in view BIG_ORDERS at line 1, column 30

COMMENT ON COLUMN orders IS 'x';
> ERROR 42000 COMMENT ON COLUMN names the column as table.column

COMMENT ON TABLE big_orders IS 'x';
> ERROR 42809 BIG_ORDERS is a view; comment on it with COMMENT ON VIEW

COMMENT ON VIEW orders IS 'x';
> ERROR 42809 ORDERS is a table; comment on it with COMMENT ON TABLE

COMMENT ON FEATURE VIEW orders IS 'x';
> ERROR 42809 ORDERS is a table; comment on it with COMMENT ON TABLE

COMMENT ON TABLE online.spend IS 'x';
> ERROR 42809 comment on the feature view

COMMENT ON TABLE sys.tables IS 'x';
> ERROR 42809 is a system table

COMMENT ON TABLE orders IS 42;
> ERROR 42000 Encountered "42" at line 1, column 28

COMMENT ON TABLE orders 'x';
> ERROR 42000 syntax error at line 1, column 25

CREATE FEATURE VIEW daily ENTITY customer (n BIGINT COMMENT 'count');
> ERROR 0A000 with COMMENT ON COLUMN DAILY.<feature>

-- A comment is DDL: inside a transaction block it is refused, as other DDL is.
BEGIN;

COMMENT ON TABLE orders IS 'inside';
> ERROR 25001 COMMENT ON cannot run inside a transaction block

ROLLBACK;

SELECT comment FROM sys.tables WHERE table_name = 'ORDERS';
> COMMENT
> orders, one row each

-- Adjacent literals are one text, as in the standard ('a' 'b' is 'ab'); they failed with
-- XX000 in every statement that takes a text (found by the fuzz suite's long run).
COMMENT ON TABLE orders IS 'orders, ' 'one row each';

SELECT comment FROM sys.tables WHERE table_name = 'ORDERS';
> COMMENT
> orders, one row each

CREATE MODEL chained FROM 'no/such/' 'model.onnx';
> ERROR 58030 no/such/model.onnx

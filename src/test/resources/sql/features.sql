-- Entities and feature views: definitions, writes, the online table and
-- point-in-time joins. Times are explicit so results do not depend on the clock.

CREATE ENTITY driver (driver_id BIGINT) COMMENT 'a driver';

CREATE ENTITY driver (id INT);
> ERROR 42S01 entity DRIVER already exists

CREATE ENTITY IF NOT EXISTS driver (id INT);

CREATE ENTITY store_item (store_id INT, item VARCHAR(20));

CREATE ENTITY bad (event_timestamp TIMESTAMP);
> ERROR 42P16 clashes with the time column

SELECT entity_name, key_columns, comment FROM sys.entities ORDER BY entity_name;
> ENTITY_NAME | KEY_COLUMNS | COMMENT
> DRIVER | DRIVER_ID BIGINT | a driver
> STORE_ITEM | STORE_ID INTEGER, ITEM VARCHAR(20) | NULL

CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE, trips BIGINT) TTL INTERVAL '1' HOUR COMMENT 'hourly stats' WITH (owner = 'ml-team', domain = 'pricing');

CREATE FEATURE VIEW nope ENTITY nobody (x DOUBLE);
> ERROR 42S02 entity NOBODY does not exist

CREATE FEATURE VIEW stats ENTITY driver (x DOUBLE);
> ERROR 42S01 already exists

CREATE FEATURE VIEW monthly ENTITY driver (x DOUBLE) TTL INTERVAL '1' MONTH;
> ERROR 42P16 day-time interval

CREATE FEATURE VIEW dup ENTITY driver (driver_id DOUBLE);
> ERROR 42P16 duplicate column name DRIVER_ID

CREATE FEATURE VIEW nofeatures ENTITY driver;
> ERROR 42000 needs its features

SELECT view_name, entity_name, key_columns, features, ttl_seconds, comment, owner, tags, row_count FROM sys.feature_views;
> VIEW_NAME | ENTITY_NAME | KEY_COLUMNS | FEATURES | TTL_SECONDS | COMMENT | OWNER | TAGS | ROW_COUNT
> STATS | DRIVER | DRIVER_ID BIGINT | CONV_RATE DOUBLE, TRIPS BIGINT | 3600 | hourly stats | ml-team | {domain=pricing} | 0

SELECT view_name, feature_name, ordinal_position, data_type FROM sys.features ORDER BY ordinal_position;
> VIEW_NAME | FEATURE_NAME | ORDINAL_POSITION | DATA_TYPE
> STATS | CONV_RATE | 1 | DOUBLE
> STATS | TRIPS | 2 | BIGINT

SELECT table_name, table_type, primary_key FROM sys.tables;
> TABLE_NAME | TABLE_TYPE | PRIMARY_KEY
> STATS | FEATURE VIEW | DRIVER_ID, EVENT_TIMESTAMP, CREATED_TIMESTAMP

-- Writes: history rows; the online row is the newest by event time, then write time.
INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate, trips) VALUES
  (1, TIMESTAMP '2026-01-01 10:00:00', TIMESTAMP '2026-01-01 10:00:00', 0.1, 10),
  (1, TIMESTAMP '2026-01-01 11:00:00', TIMESTAMP '2026-01-01 11:00:00', 0.2, 20),
  (1, TIMESTAMP '2026-01-01 11:00:00', TIMESTAMP '2026-01-01 12:00:00', 0.3, 30),
  (2, TIMESTAMP '2026-01-01 09:00:00', TIMESTAMP '2026-01-01 09:00:00', 0.9, 90);
> 4 rows

-- An older event written later does not replace the online row.
INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate, trips) VALUES
  (1, TIMESTAMP '2026-01-01 08:00:00', TIMESTAMP '2026-01-02 00:00:00', 0.05, 5);
> 1 row

-- The same (key, event time, write time) again replaces the row: reloading is idempotent.
INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate, trips) VALUES
  (2, TIMESTAMP '2026-01-01 09:00:00', TIMESTAMP '2026-01-01 09:00:00', 0.8, 80);
> 1 row

SELECT driver_id, event_timestamp, created_timestamp, conv_rate, trips FROM stats ORDER BY driver_id, event_timestamp, created_timestamp;
> DRIVER_ID | EVENT_TIMESTAMP | CREATED_TIMESTAMP | CONV_RATE | TRIPS
> 1 | 2026-01-01 08:00:00 | 2026-01-02 00:00:00 | 0.05 | 5
> 1 | 2026-01-01 10:00:00 | 2026-01-01 10:00:00 | 0.1 | 10
> 1 | 2026-01-01 11:00:00 | 2026-01-01 11:00:00 | 0.2 | 20
> 1 | 2026-01-01 11:00:00 | 2026-01-01 12:00:00 | 0.3 | 30
> 2 | 2026-01-01 09:00:00 | 2026-01-01 09:00:00 | 0.8 | 80

SELECT view_name, row_count, entity_count, newest_event FROM sys.feature_views;
> VIEW_NAME | ROW_COUNT | ENTITY_COUNT | NEWEST_EVENT
> STATS | 5 | 2 | 2026-01-01 11:00:00

-- A missing write time is stamped with the time of the write.
INSERT INTO stats (driver_id, event_timestamp, conv_rate) VALUES (3, TIMESTAMP '2026-01-01 09:00:00', 0.7);
> 1 row

SELECT COUNT(*) AS stamped FROM stats WHERE driver_id = 3 AND created_timestamp > TIMESTAMP '2026-01-02 00:00:00';
> STAMPED
> 1

-- Bad rows.
INSERT INTO stats (event_timestamp, conv_rate) VALUES (TIMESTAMP '2026-01-01 09:00:00', 0.7);
> ERROR 23502 Column 'DRIVER_ID' has no default value

INSERT INTO stats (driver_id, conv_rate) VALUES (4, 0.7);
> ERROR 23502 Column 'EVENT_TIMESTAMP' has no default value

INSERT INTO stats (driver_id, event_timestamp, conv_rate) VALUES (4, TIMESTAMP '2026-01-01 09:00:00', 'fast');
> ERROR 22018

INSERT INTO no_such_view (driver_id) VALUES (1);
> ERROR 42S02

-- Online serving: TTL is checked at read time against the clock, and these
-- values are months old, so with a TTL every feature reads NULL.
SELECT driver_id, conv_rate, trips FROM online.stats WHERE driver_id = 1;
> DRIVER_ID | CONV_RATE | TRIPS
> 1 | NULL | NULL

SELECT COUNT(*) AS expired FROM online.stats WHERE event_timestamp IS NULL;
> EXPIRED
> 3

ALTER FEATURE VIEW stats DROP TTL;

SELECT driver_id, event_timestamp, created_timestamp, conv_rate, trips FROM online.stats WHERE driver_id < 3 ORDER BY driver_id;
> DRIVER_ID | EVENT_TIMESTAMP | CREATED_TIMESTAMP | CONV_RATE | TRIPS
> 1 | 2026-01-01 11:00:00 | 2026-01-01 12:00:00 | 0.3 | 30
> 2 | 2026-01-01 09:00:00 | 2026-01-01 09:00:00 | 0.8 | 80

SELECT driver_id, event_timestamp, conv_rate, trips FROM online.stats WHERE driver_id = 3;
> DRIVER_ID | EVENT_TIMESTAMP | CONV_RATE | TRIPS
> 3 | 2026-01-01 09:00:00 | 0.7 | NULL

SELECT driver_id, conv_rate FROM online.stats WHERE driver_id IN (2, 3, 99) ORDER BY driver_id;
> DRIVER_ID | CONV_RATE
> 2 | 0.8
> 3 | 0.7

-- A request table joined to the online table: one key lookup per request.
CREATE TABLE requests (rid INT PRIMARY KEY, did INT);

INSERT INTO requests VALUES (1, 2), (2, 99), (3, NULL), (4, 3);
> 4 rows

SELECT r.rid, f.conv_rate FROM requests r LEFT JOIN online.stats f ON f.driver_id = r.did ORDER BY r.rid;
> RID | CONV_RATE
> 1 | 0.8
> 2 | NULL
> 3 | NULL
> 4 | 0.7

SELECT r.rid, f.conv_rate FROM requests r JOIN online.stats f ON r.did = f.driver_id ORDER BY r.rid;
> RID | CONV_RATE
> 1 | 0.8
> 4 | 0.7

EXPLAIN PLAN FOR SELECT r.rid, f.conv_rate FROM requests r LEFT JOIN online.stats f ON f.driver_id = r.did;
> (contains)
> SorrelLookupJoin(type=[left], access=[key lookup online.STATS by ($2), columns [DRIVER_ID, EVENT_TIMESTAMP, CREATED_TIMESTAMP, CONV_RATE, TRIPS]])

DROP TABLE requests;

EXPLAIN PLAN FOR SELECT conv_rate, trips FROM online.stats WHERE driver_id = ?;
> (contains)
> access=[point lookup DRIVER_ID = ?0]

INSERT INTO online.stats (driver_id, event_timestamp) VALUES (5, TIMESTAMP '2026-01-01 09:00:00');
> ERROR 0A000 online.STATS is read-only

-- Deleting the newest row brings back the one before it.
DELETE FROM stats WHERE driver_id = 1 AND created_timestamp = TIMESTAMP '2026-01-01 12:00:00';
> 1 row

SELECT conv_rate FROM online.stats WHERE driver_id = 1;
> CONV_RATE
> 0.2

UPDATE stats SET conv_rate = 0.25 WHERE driver_id = 1 AND event_timestamp = TIMESTAMP '2026-01-01 11:00:00';
> 1 row

SELECT conv_rate FROM online.stats WHERE driver_id = 1;
> CONV_RATE
> 0.25

DELETE FROM stats WHERE driver_id = 3;
> 1 row

SELECT driver_id FROM online.stats ORDER BY driver_id;
> DRIVER_ID
> 1
> 2

-- A value dated in the future is not served before its time: the online
-- table reads as the point-in-time value as of now, by key, IN list, scan and
-- lookup join alike; an entity with only future values has NULL values.
INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate) VALUES
  (1, TIMESTAMP '2100-01-01 00:00:00', TIMESTAMP '2026-01-01 13:00:00', 0.99),
  (7, TIMESTAMP '2100-01-01 00:00:00', TIMESTAMP '2026-01-01 13:00:00', 0.77);
> 2 rows

SELECT driver_id, event_timestamp, conv_rate FROM online.stats WHERE driver_id = 1;
> DRIVER_ID | EVENT_TIMESTAMP | CONV_RATE
> 1 | 2026-01-01 11:00:00 | 0.25

SELECT driver_id, event_timestamp, conv_rate FROM online.stats WHERE driver_id IN (1, 7) ORDER BY driver_id;
> DRIVER_ID | EVENT_TIMESTAMP | CONV_RATE
> 1 | 2026-01-01 11:00:00 | 0.25
> 7 | NULL | NULL

SELECT conv_rate FROM online.stats ORDER BY driver_id;
> CONV_RATE
> 0.25
> 0.8
> NULL

SELECT r.did, f.conv_rate FROM (VALUES (1), (7)) AS r (did) JOIN online.stats f ON f.driver_id = r.did ORDER BY r.did;
> DID | CONV_RATE
> 1 | 0.25
> 7 | NULL

DELETE FROM stats WHERE event_timestamp = TIMESTAMP '2100-01-01 00:00:00';
> 2 rows

ALTER FEATURE VIEW stats SET TTL INTERVAL '1' HOUR;

-- Point-in-time joins.
CREATE TABLE orders (id INT PRIMARY KEY, driver_id INT, ts TIMESTAMP);

INSERT INTO orders VALUES
  (1, 1, TIMESTAMP '2026-01-01 10:30:00'),
  (2, 1, TIMESTAMP '2026-01-01 11:00:00'),
  (3, 1, TIMESTAMP '2026-01-01 07:59:59'),
  (4, 2, TIMESTAMP '2026-01-01 10:00:00'),
  (5, 2, TIMESTAMP '2026-01-01 10:00:00.001'),
  (6, NULL, TIMESTAMP '2026-01-01 10:00:00'),
  (7, 1, NULL),
  (8, 1, TIMESTAMP '2026-01-01 11:00:00'),
  (9, 42, TIMESTAMP '2026-01-01 11:00:00');
> 9 rows

-- Newest event at or before the order, within the TTL (boundary included);
-- a stale or missing match gives NULLs; no order is dropped or repeated.
SELECT o.id, f.conv_rate, f.event_timestamp FROM orders o LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id ORDER BY o.id;
> ID | CONV_RATE | EVENT_TIMESTAMP
> 1 | 0.1 | 2026-01-01 10:00:00
> 2 | 0.25 | 2026-01-01 11:00:00
> 3 | NULL | NULL
> 4 | 0.8 | 2026-01-01 09:00:00
> 5 | NULL | NULL
> 6 | NULL | NULL
> 7 | NULL | NULL
> 8 | 0.25 | 2026-01-01 11:00:00
> 9 | NULL | NULL

-- The same, written the other way round; inner join drops the unmatched.
SELECT o.id, f.conv_rate FROM orders o ASOF JOIN stats f MATCH_CONDITION (f.event_timestamp <= o.ts) ON f.driver_id = o.driver_id ORDER BY o.id;
> ID | CONV_RATE
> 1 | 0.1
> 2 | 0.25
> 4 | 0.8
> 8 | 0.25

-- Strictly before.
SELECT o.id, f.conv_rate FROM orders o LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts > f.event_timestamp) ON o.driver_id = f.driver_id WHERE o.id IN (2, 4) ORDER BY o.id;
> ID | CONV_RATE
> 2 | 0.1
> 4 | 0.8

-- Ties on event time go to the newest write; KNOWN_AT leaves out what was
-- written after the order's time.
INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate) VALUES
  (1, TIMESTAMP '2026-01-01 11:00:00', TIMESTAMP '2026-01-01 11:30:00', 0.4);
> 1 row

SELECT o.id, f.conv_rate FROM orders o LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id WHERE o.id = 2;
> ID | CONV_RATE
> 2 | 0.4

SELECT o.id, f.conv_rate FROM orders o LEFT ASOF JOIN stats /*+ KNOWN_AT */ f MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id WHERE o.id IN (1, 2) ORDER BY o.id;
> ID | CONV_RATE
> 1 | 0.1
> 2 | 0.25

-- Any left input: VALUES and subqueries.
SELECT t.k, f.conv_rate FROM (VALUES (1, TIMESTAMP '2026-01-01 10:59:59'), (2, TIMESTAMP '2026-01-01 09:30:00')) AS t(k, ts) LEFT ASOF JOIN stats f MATCH_CONDITION (t.ts >= f.event_timestamp) ON t.k = f.driver_id ORDER BY t.k;
> K | CONV_RATE
> 1 | 0.1
> 2 | 0.8

SELECT q.id, f.trips FROM (SELECT id, driver_id, ts FROM orders WHERE id < 3) q LEFT ASOF JOIN stats f MATCH_CONDITION (q.ts >= f.event_timestamp) ON q.driver_id = f.driver_id ORDER BY q.id;
> ID | TRIPS
> 1 | 10
> 2 | NULL

-- The same left rows joined on two different columns are two joins, not one.
CREATE TABLE pairs (id INT PRIMARY KEY, buyer BIGINT, seller BIGINT, ts TIMESTAMP);

INSERT INTO pairs VALUES (1, 1, 2, TIMESTAMP '2026-01-01 10:59:59');
> 1 row

SELECT b.id, b.conv_rate AS buyer_rate, s.conv_rate AS seller_rate FROM (SELECT p.id, f.conv_rate FROM pairs p LEFT ASOF JOIN stats f MATCH_CONDITION (p.ts >= f.event_timestamp) ON p.buyer = f.driver_id) b JOIN (SELECT p.id, f.conv_rate FROM pairs p LEFT ASOF JOIN stats f MATCH_CONDITION (p.ts >= f.event_timestamp) ON p.seller = f.driver_id) s ON b.id = s.id;
> ID | BUYER_RATE | SELLER_RATE
> 1 | 0.1 | NULL

SELECT p.id, f.conv_rate FROM pairs p LEFT ASOF JOIN stats f MATCH_CONDITION (p.ts >= f.event_timestamp) ON p.seller = f.driver_id;
> ID | CONV_RATE
> 1 | NULL

-- Several feature views in one query.
CREATE FEATURE VIEW ratings ENTITY driver (rating REAL);

INSERT INTO ratings (driver_id, event_timestamp, rating) VALUES (1, TIMESTAMP '2025-12-01 00:00:00', 4.5), (2, TIMESTAMP '2026-01-01 09:59:00', 3.0);
> 2 rows

SELECT o.id, s.conv_rate, r.rating FROM orders o LEFT ASOF JOIN stats s MATCH_CONDITION (o.ts >= s.event_timestamp) ON o.driver_id = s.driver_id LEFT ASOF JOIN ratings r MATCH_CONDITION (o.ts >= r.event_timestamp) ON o.driver_id = r.driver_id WHERE o.id IN (1, 4, 9) ORDER BY o.id;
> ID | CONV_RATE | RATING
> 1 | 0.1 | 4.5
> 4 | 0.8 | 3.0
> 9 | NULL | NULL

EXPLAIN PLAN FOR SELECT o.id, f.conv_rate FROM orders o LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id;
> (contains)
> SorrelAsofJoin(type=[left], access=[match STATS by (DRIVER_ID = $2) EVENT_TIMESTAMP <= $1, ttl 3600000 ms, columns [DRIVER_ID, EVENT_TIMESTAMP, CREATED_TIMESTAMP, CONV_RATE, TRIPS]])

-- What a point-in-time join cannot do is an error, never a wrong answer.
SELECT o.id FROM orders o LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts <= f.event_timestamp) ON o.driver_id = f.driver_id;
> ERROR 0A000 MATCH_CONDITION must look back in time

SELECT o.id FROM orders o LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts >= f.created_timestamp) ON o.driver_id = f.driver_id;
> ERROR 0A000 does not fit its key

SELECT o.id FROM orders o LEFT ASOF JOIN (SELECT * FROM stats WHERE trips > 0) f MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id;
> ERROR 0A000 must be a feature view or table by name

SELECT o.id FROM orders o LEFT ASOF JOIN stats /*+ NO_SUCH_HINT */ f MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id;
> ERROR 42000 unknown hint NO_SUCH_HINT

SELECT o.id FROM orders o LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id AND o.id = f.driver_id;
> ERROR 0A000 compares key column DRIVER_ID twice

SELECT o.id FROM orders o LEFT ASOF JOIN stats f MATCH_CONDITION (CAST(o.ts AS DATE) >= CAST(f.event_timestamp AS DATE)) ON o.driver_id = f.driver_id;
> ERROR 42804 cast the left side to the key's type

SELECT conv_rate FROM stats /*+ KNOWN_AT */ WHERE driver_id = 1;
> ERROR 42000 KNOWN_AT hint applies to the feature view on the right of an ASOF JOIN

-- A plain table keyed by (key, time) works too, without TTL.
CREATE TABLE prices (sym VARCHAR, ts TIMESTAMP, price DOUBLE, PRIMARY KEY (sym, ts));

INSERT INTO prices VALUES ('A', TIMESTAMP '2026-01-01 10:00:00', 1.0), ('A', TIMESTAMP '2026-01-01 12:00:00', 2.0);
> 2 rows

SELECT t.ts, p.price FROM (VALUES ('A', TIMESTAMP '2026-01-01 11:00:00'), ('A', TIMESTAMP '2026-01-02 00:00:00'), ('B', TIMESTAMP '2026-01-02 00:00:00')) AS t(sym, ts) LEFT ASOF JOIN prices p MATCH_CONDITION (t.ts >= p.ts) ON t.sym = p.sym ORDER BY t.sym, t.ts;
> TS | PRICE
> 2026-01-01 11:00:00 | 1.0
> 2026-01-02 00:00:00 | 2.0
> 2026-01-02 00:00:00 | NULL

SELECT t.ts FROM (VALUES (CAST(1 AS BIGINT), TIMESTAMP '2026-01-01 11:00:00')) AS t(sym, ts) LEFT ASOF JOIN prices p MATCH_CONDITION (t.ts >= p.ts) ON t.sym = p.sym;
> ERROR 42804 ASOF JOIN compares a key column of type VARCHAR

-- Adding a feature: older rows read NULL in it.
ALTER FEATURE VIEW stats ADD COLUMN acc_rate DOUBLE;

INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate, acc_rate) VALUES (2, TIMESTAMP '2026-01-01 09:30:00', TIMESTAMP '2026-01-01 09:30:00', 0.6, 0.99);
> 1 row

SELECT driver_id, conv_rate, acc_rate FROM stats WHERE driver_id = 2 ORDER BY event_timestamp;
> DRIVER_ID | CONV_RATE | ACC_RATE
> 2 | 0.8 | NULL
> 2 | 0.6 | 0.99

ALTER FEATURE VIEW stats ADD COLUMN acc_rate DOUBLE;
> ERROR 42S01 already has a column ACC_RATE

ALTER FEATURE VIEW stats ADD COLUMN strict_rate DOUBLE NOT NULL;
> ERROR 0A000 cannot be NOT NULL

CREATE FEATURE VIEW defaulted ENTITY driver (x DOUBLE DEFAULT 1.0);
> ERROR 0A000 cannot have a default

ALTER FEATURE VIEW stats SET COMMENT 'rates per hour';

SELECT comment, features FROM sys.feature_views WHERE view_name = 'STATS';
> COMMENT | FEATURES
> rates per hour | CONV_RATE DOUBLE, TRIPS BIGINT, ACC_RATE DOUBLE

-- Derived views: filled by REFRESH from a query, with lineage.
CREATE TABLE trips (driver_id BIGINT, ts TIMESTAMP, km DOUBLE);

INSERT INTO trips VALUES (1, TIMESTAMP '2026-01-01 10:00:00', 5.0), (1, TIMESTAMP '2026-01-01 10:00:00', 7.0), (2, TIMESTAMP '2026-01-01 11:00:00', 3.0);
> 3 rows

CREATE FEATURE VIEW trip_km ENTITY driver TTL INTERVAL '7' DAY AS SELECT driver_id, ts AS event_timestamp, SUM(km) AS total_km, COUNT(*) AS trip_count FROM trips GROUP BY driver_id, ts;

CREATE FEATURE VIEW bad_derived ENTITY driver AS SELECT km FROM trips;
> ERROR 42S22 must return column(s) DRIVER_ID, EVENT_TIMESTAMP

SELECT view_name, features, query IS NOT NULL AS derived, sources, row_count FROM sys.feature_views WHERE view_name = 'TRIP_KM';
> VIEW_NAME | FEATURES | DERIVED | SOURCES | ROW_COUNT
> TRIP_KM | TOTAL_KM DOUBLE, TRIP_COUNT BIGINT | TRUE | TRIPS | 0

REFRESH FEATURE VIEW trip_km;
> 2 rows

SELECT driver_id, event_timestamp, total_km, trip_count FROM trip_km ORDER BY driver_id;
> DRIVER_ID | EVENT_TIMESTAMP | TOTAL_KM | TRIP_COUNT
> 1 | 2026-01-01 10:00:00 | 12.0 | 2
> 2 | 2026-01-01 11:00:00 | 3.0 | 1

INSERT INTO trips VALUES (1, TIMESTAMP '2026-01-01 12:00:00', 1.0), (2, TIMESTAMP '2026-01-01 08:00:00', 9.0);
> 2 rows

-- Incremental: only rows with an event time after the last one loaded.
REFRESH FEATURE VIEW trip_km INCREMENTAL;
> 1 row

SELECT driver_id, event_timestamp, total_km FROM trip_km ORDER BY driver_id, event_timestamp;
> DRIVER_ID | EVENT_TIMESTAMP | TOTAL_KM
> 1 | 2026-01-01 10:00:00 | 12.0
> 1 | 2026-01-01 12:00:00 | 1.0
> 2 | 2026-01-01 11:00:00 | 3.0

SELECT watermark, row_count FROM sys.feature_views WHERE view_name = 'TRIP_KM';
> WATERMARK | ROW_COUNT
> 2026-01-01 12:00:00 | 3

-- A full refresh replaces everything, late rows included.
REFRESH FEATURE VIEW trip_km;
> 4 rows

SELECT driver_id, event_timestamp, total_km FROM trip_km ORDER BY driver_id, event_timestamp;
> DRIVER_ID | EVENT_TIMESTAMP | TOTAL_KM
> 1 | 2026-01-01 10:00:00 | 12.0
> 1 | 2026-01-01 12:00:00 | 1.0
> 2 | 2026-01-01 08:00:00 | 9.0
> 2 | 2026-01-01 11:00:00 | 3.0

SELECT driver_id, total_km FROM online.trip_km ORDER BY driver_id;
> DRIVER_ID | TOTAL_KM
> 1 | NULL
> 2 | NULL

REFRESH FEATURE VIEW stats;
> ERROR 42809 is not defined by a query

CREATE FEATURE VIEW hinted ENTITY driver AS SELECT o.driver_id, o.ts AS event_timestamp, f.conv_rate FROM orders o LEFT ASOF JOIN stats /*+ KNOWN_AT */ f MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id;
> ERROR 0A000 hints such as KNOWN_AT are not supported

-- A derived view's own write times are kept.
CREATE FEATURE VIEW trip_written ENTITY driver AS SELECT driver_id, ts AS event_timestamp, ts AS created_timestamp, km FROM trips;

-- Two trips share driver, event time and write time: the later write replaces the earlier.
REFRESH FEATURE VIEW trip_written;
> 5 rows

SELECT COUNT(*) AS kept FROM trip_written WHERE created_timestamp = event_timestamp;
> KEPT
> 4

DROP FEATURE VIEW trip_written;

ALTER FEATURE VIEW trip_km ADD COLUMN x DOUBLE;
> ERROR 0A000 takes its columns from its query

-- Compaction. An in-memory database has no history segments (joins seek
-- RocksDB), so only the data version, raised by every write, shows.
ALTER FEATURE VIEW stats COMPACT;

ALTER FEATURE VIEW nosuch COMPACT;
> ERROR 42S02 feature view NOSUCH does not exist

SELECT data_version > 0 AS written, segment_version, segment_bytes FROM sys.feature_views WHERE view_name = 'STATS';
> WRITTEN | SEGMENT_VERSION | SEGMENT_BYTES
> TRUE | NULL | NULL

-- Dropping.
DROP TABLE stats;
> ERROR 42809 is a feature view

DROP ENTITY driver;
> ERROR 2BP01 used by feature view(s) RATINGS, STATS, TRIP_KM

DROP FEATURE VIEW stats;

DROP FEATURE VIEW stats;
> ERROR 42S02 feature view STATS does not exist

DROP FEATURE VIEW IF EXISTS stats;

SELECT conv_rate FROM online.stats;
> ERROR 42S02

DROP FEATURE VIEW ratings;

DROP FEATURE VIEW trip_km;

DROP ENTITY driver;

DROP ENTITY IF EXISTS driver;

SELECT entity_name FROM sys.entities;
> ENTITY_NAME
> STORE_ITEM

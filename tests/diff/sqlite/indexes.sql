-- indexes: plain, unique, multi-column, partial, expression; query plans;
-- a few thousand rows so that the indexes matter
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO t (a, b, c) SELECT (i * 7919) % 1000, 'name' || (i % 97), i / 8.0 FROM n;
SELECT count(*), count(DISTINCT a), count(DISTINCT b), sum(a), min(c), max(c) FROM t;

EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = 5;
CREATE INDEX t_a ON t(a);
EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = 5;
SELECT id, a, b FROM t WHERE a = 5 ORDER BY id;
SELECT count(*) FROM t WHERE a BETWEEN 100 AND 199;
CREATE INDEX t_b_a ON t(b, a);
EXPLAIN QUERY PLAN SELECT id FROM t WHERE b = 'name3' AND a > 900;
SELECT id, a FROM t WHERE b = 'name3' AND a > 900 ORDER BY a, id;
CREATE INDEX t_big ON t(c) WHERE c > 600;
EXPLAIN QUERY PLAN SELECT id FROM t WHERE c > 620;
SELECT count(*), min(id), max(id) FROM t WHERE c > 620;
CREATE INDEX t_lower ON t(lower(b));
EXPLAIN QUERY PLAN SELECT count(*) FROM t WHERE lower(b) = 'name10';
SELECT count(*) FROM t WHERE lower(b) = 'name10';
EXPLAIN QUERY PLAN SELECT a, count(*) FROM t GROUP BY a ORDER BY a LIMIT 3;
SELECT a, count(*) FROM t GROUP BY a ORDER BY a LIMIT 3;
SELECT b FROM t INDEXED BY t_b_a WHERE b > 'name95' GROUP BY b ORDER BY b;

-- unique constraints
CREATE UNIQUE INDEX t_u ON t(b, a, c);
INSERT INTO t (a, b, c) VALUES (1, 'x', 1.0);
INSERT OR IGNORE INTO t (a, b, c) VALUES (1, 'x', 1.0);
SELECT changes(), count(*) FROM t;
CREATE TABLE u (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;
INSERT INTO u VALUES ('b', 2), ('a', 1), ('c', 3);
INSERT INTO u VALUES ('a', 10) ON CONFLICT(k) DO UPDATE SET v = v + excluded.v;
REPLACE INTO u VALUES ('c', 30);
SELECT * FROM u;

-- schema inspection
SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' ORDER BY name;
PRAGMA index_list(t);
PRAGMA index_info(t_b_a);
PRAGMA index_xinfo(t_lower);

-- statistics change nothing in the results
ANALYZE;
SELECT tbl, idx FROM sqlite_stat1 ORDER BY tbl, idx;
SELECT id, a FROM t WHERE a = 999 AND b = 'name70';
DROP INDEX t_a;
REINDEX;
PRAGMA integrity_check;
SELECT count(*) FROM t WHERE a = 5;

-- updates and deletes through indexes
UPDATE t SET a = a + 1000 WHERE a < 10;
DELETE FROM t WHERE b = 'name1';
SELECT count(*), sum(a), count(*) FILTER (WHERE a >= 1000) FROM t;
PRAGMA integrity_check;

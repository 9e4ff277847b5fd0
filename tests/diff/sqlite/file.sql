-- args: /tmp/file.db ".read {script}" ".open /tmp/file.db" "SELECT 'reopened', count(*), sum(v), max(k) FROM kv;" "PRAGMA integrity_check;" ".tables"
-- A database in a file on the ramfs: written, closed, reopened with .open
-- (here and again by the commands after this script), checked, dumped.
PRAGMA page_size = 4096;
PRAGMA journal_mode;
CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER, blob BLOB);
CREATE INDEX kv_v ON kv(v);
BEGIN;
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 20000)
INSERT INTO kv SELECT printf('key%06d', n), n * 3 % 1009, zeroblob(n % 300) FROM i;
COMMIT;
SELECT count(*), sum(v), sum(length(blob)) FROM kv;
PRAGMA page_count;
.open /tmp/file.db
SELECT count(*), sum(v) FROM kv;
SELECT k, v FROM kv WHERE v = 7 ORDER BY k LIMIT 5;
-- a rolled back change must not reach the file
BEGIN;
DELETE FROM kv WHERE v < 500;
SELECT count(*) FROM kv;
ROLLBACK;
.open /tmp/file.db
SELECT count(*) FROM kv;
-- a committed delete frees pages; VACUUM gives them back to the file system
DELETE FROM kv WHERE v >= 100;
SELECT count(*) FROM kv;
SELECT freelist_count > 0 FROM pragma_freelist_count;
VACUUM;
PRAGMA freelist_count;
PRAGMA page_count;
PRAGMA integrity_check;
-- a second database attached from another file
ATTACH '/tmp/other.db' AS other;
CREATE TABLE other.t (x);
INSERT INTO other.t SELECT DISTINCT v FROM kv WHERE v < 10 ORDER BY v;
SELECT count(*), sum(x) FROM other.t;
DETACH other;
.open /tmp/other.db
SELECT count(*), sum(x) FROM t;
.dump
.open /tmp/file.db
CREATE TABLE small (a, b);
INSERT INTO small VALUES (1, 'one'), (2, x'0102'), (3, NULL), (4, 4.5);
.dump small
.schema
SELECT name FROM pragma_database_list;

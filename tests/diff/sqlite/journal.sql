-- args: /tmp/journal.db ".read {script}"
-- Journal modes on a file database: DELETE (the default; the journal file
-- is created and removed), TRUNCATE, PERSIST, MEMORY, OFF, and WAL with
-- exclusive locking (no shared memory mapping needed).
CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT);
PRAGMA journal_mode = DELETE;
INSERT INTO t (s) VALUES ('delete');
BEGIN; INSERT INTO t (s) VALUES ('rolled back'); ROLLBACK;
PRAGMA journal_mode = TRUNCATE;
INSERT INTO t (s) VALUES ('truncate');
BEGIN; UPDATE t SET s = 'x'; ROLLBACK;
PRAGMA journal_mode = PERSIST;
INSERT INTO t (s) VALUES ('persist');
BEGIN; DELETE FROM t; ROLLBACK;
PRAGMA journal_mode = MEMORY;
INSERT INTO t (s) VALUES ('memory');
BEGIN; DELETE FROM t; ROLLBACK;
PRAGMA journal_mode = OFF;
INSERT INTO t (s) VALUES ('off');
PRAGMA journal_mode = DELETE;
SELECT * FROM t ORDER BY id;
PRAGMA locking_mode = EXCLUSIVE;
PRAGMA journal_mode = WAL;
INSERT INTO t (s) VALUES ('wal');
BEGIN; INSERT INTO t (s) VALUES ('wal rolled back'); ROLLBACK;
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 2000)
INSERT INTO t (s) SELECT printf('row %d', n) FROM i;
PRAGMA wal_checkpoint(TRUNCATE);
SELECT count(*), min(id), max(id) FROM t;
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = FULL;
INSERT INTO t (s) VALUES ('synchronous full');
.open /tmp/journal.db
SELECT count(*) FROM t;
SELECT * FROM t WHERE id <= 6 ORDER BY id;
PRAGMA integrity_check;

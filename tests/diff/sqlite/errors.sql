-- Errors: the shell reports them on stderr and goes on; the exit status
-- is 1 when any statement of the script failed.
CREATE TABLE t (a INTEGER NOT NULL, b TEXT UNIQUE);
INSERT INTO t VALUES (1, 'x');
SELECT 'before the errors';
SELEC 1;
SELECT * FROM missing_table;
INSERT INTO t VALUES (NULL, 'y');
INSERT INTO t VALUES (2, 'x');
SELECT nosuchfunction(1);
SELECT 1 +;
CREATE TABLE t (c);
SELECT abs(-9223372036854775808);
SELECT json('{bad json');
.nosuchcommand
.read /t/does-not-exist.sql
SELECT count(*), group_concat(b) FROM t;
SELECT 'after the errors';

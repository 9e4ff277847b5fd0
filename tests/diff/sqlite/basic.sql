-- basic: tables, types, NULLs, expressions, string and date functions,
-- output modes of the shell
CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, qty INTEGER DEFAULT 0, note BLOB);
INSERT INTO item (name, price, qty) VALUES ('apple', 0.5, 100), ('banana', 0.25, 150), ('cherry', 3.0, 20);
INSERT INTO item (name, price, qty, note) VALUES ('durian', 12.75, 2, x'DEADBEEF'), ('elderberry', NULL, 7, 'fresh');
INSERT INTO item (name) VALUES ('fig');
SELECT * FROM item ORDER BY id;
SELECT id, name, typeof(price), typeof(qty), typeof(note), quote(note) FROM item ORDER BY id;
SELECT name, price * qty AS total FROM item WHERE price IS NOT NULL ORDER BY total DESC;
SELECT count(*), count(price), count(note), sum(qty), total(price), max(name), min(price) FROM item;
SELECT name FROM item WHERE name LIKE '%rr%' OR name GLOB 'f*' ORDER BY name;
SELECT name, CASE WHEN price IS NULL THEN 'unknown' WHEN price < 1 THEN 'cheap' ELSE 'dear' END FROM item ORDER BY name;
SELECT coalesce(price, -1), ifnull(note, 'none'), nullif(qty, 0), iif(qty > 10, 'many', 'few') FROM item ORDER BY id;
UPDATE item SET price = price * 2 WHERE name IN ('apple', 'banana');
DELETE FROM item WHERE name = 'fig';
SELECT changes(), total_changes(), last_insert_rowid();
SELECT id, name, price FROM item ORDER BY price IS NULL, price;

-- arithmetic and type affinity
SELECT 1 + 2, 7 / 2, 7 / 2.0, 7 % 3, -7 % 3, 2 * 3.5, 1e308 * 10, 9223372036854775807 + 1;
SELECT '10' + 5, '3.5' * 2, 'abc' + 1, 10 / 0, 10.0 / 0, abs(-5), abs(-5.5), round(2.567, 2), round(-2.5);
SELECT CAST('42abc' AS INTEGER), CAST(3.99 AS INTEGER), CAST(42 AS TEXT) || '!', CAST('1e3' AS REAL), CAST(x'41' AS TEXT);
SELECT 0.1 + 0.2, 1.0 / 3, 100.0, 1e20, 1.5e-7, 123456789.125, -0.0, 2.0 / 3 * 3;
SELECT 1 = 1.0, 'a' < 'b', 'B' < 'a', 'a' = 'A', 'a' = 'A' COLLATE NOCASE, NULL = NULL, NULL IS NULL, 5 BETWEEN 1 AND 10;
SELECT random() IS NOT NULL, typeof(randomblob(4)), length(randomblob(16)), length(zeroblob(5));

-- strings
SELECT upper('hello'), lower('WORLD'), length('héllo'), length(x'00ff'), substr('abcdef', 2, 3), substr('abcdef', -2);
SELECT trim('  pad  '), ltrim('xxhixx', 'x'), rtrim('xxhixx', 'x'), replace('a-b-c', '-', '+'), instr('hello', 'll');
SELECT printf('%5d|%-5d|%05.1f|%s|%q|%x|%e', 42, 42, 3.14159, 'str', 'it''s', 255, 12345.678);
SELECT printf('%.3f %10.4f %g %,d %c', 2.0 / 3, -1.5, 1e-5, 1234567, 'xyz'), format('%d%%', 50);
SELECT hex('Kast'), char(75, 97, 115, 116), unicode('é'), quote('a''b'), quote(NULL), quote(1.5);
SELECT 'con' || 'cat' || NULL, 'con' || 'cat', 'a' || ifnull(NULL, '') || 'b';
SELECT group_concat(name, ', ') FROM (SELECT name FROM item ORDER BY name);
SELECT likely(1), unlikely(0), typeof(sqlite_version()), sqlite_version() = '3.40.1';

-- dates and times of fixed values only
SELECT date('2024-02-28', '+1 day'), date('2023-02-28', '+1 day'), datetime('2000-01-01 12:00:00', '+90 minutes');
SELECT strftime('%Y-%m-%d %H:%M:%S %j %w %s', '2021-06-15 08:09:10'), julianday('2000-01-01'), unixepoch('2020-01-01');
SELECT date(0, 'unixepoch'), datetime(1700000000, 'unixepoch'), date('2024-01-31', '+1 month'), date('2024-03-15', 'start of month', '-1 day');
SELECT time('12:34:56', '+3600 seconds'), date('2024-06-15', 'weekday 0'), strftime('%W', '2024-12-31');

-- shell output modes
.headers on
.mode column
SELECT id, name, price FROM item ORDER BY id;
.mode box
SELECT name, qty FROM item WHERE qty > 5 ORDER BY name;
.mode csv
SELECT name, price, 'with, comma', 'with "quote"' FROM item ORDER BY id LIMIT 2;
.mode json
SELECT id, name, price, note FROM item ORDER BY id LIMIT 3;
.mode line
SELECT name, qty FROM item WHERE id = 1;
.mode insert item
SELECT * FROM item WHERE id <= 2;
.mode markdown
SELECT name, price FROM item ORDER BY id LIMIT 2;
.mode list
.separator " ; "
SELECT id, name FROM item ORDER BY id;
.separator |
.headers off
.nullvalue NULL
SELECT price FROM item WHERE price IS NULL;
.print done with basic

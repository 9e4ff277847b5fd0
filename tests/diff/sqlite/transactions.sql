-- transactions: commit, rollback, savepoints, constraints, conflict
-- resolution, foreign keys, triggers
PRAGMA foreign_keys = ON;
CREATE TABLE account (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL CHECK (balance >= 0));
CREATE TABLE ledger (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                     delta INTEGER, note TEXT);
CREATE TRIGGER account_log AFTER UPDATE OF balance ON account
BEGIN
  INSERT INTO ledger (account_id, delta, note) VALUES (new.id, new.balance - old.balance, 'update');
END;
INSERT INTO account VALUES (1, 'alice', 100), (2, 'bob', 50), (3, 'carol', 0);

-- a committed transfer
BEGIN;
UPDATE account SET balance = balance - 30 WHERE id = 1;
UPDATE account SET balance = balance + 30 WHERE id = 2;
COMMIT;
SELECT * FROM account ORDER BY id;

-- a rolled back transfer
BEGIN TRANSACTION;
UPDATE account SET balance = balance - 70 WHERE id = 1;
UPDATE account SET balance = balance + 70 WHERE id = 3;
SELECT 'inside', sum(balance), (SELECT balance FROM account WHERE id = 1) FROM account;
ROLLBACK;
SELECT 'after rollback', id, balance FROM account ORDER BY id;
SELECT count(*) FROM ledger;

-- savepoints
SAVEPOINT outer_sp;
INSERT INTO account VALUES (4, 'dave', 10);
SAVEPOINT inner_sp;
INSERT INTO account VALUES (5, 'erin', 20);
UPDATE account SET balance = 999 WHERE id = 4;
ROLLBACK TO inner_sp;
SELECT id, owner, balance FROM account WHERE id >= 4 ORDER BY id;
INSERT INTO account VALUES (6, 'frank', 60);
RELEASE inner_sp;
RELEASE outer_sp;
SELECT id, owner, balance FROM account ORDER BY id;

-- CHECK constraint: the failing statement is undone, the transaction goes on
BEGIN;
UPDATE account SET balance = balance + 1 WHERE id = 1;
UPDATE OR ABORT account SET balance = balance - 1000 WHERE id = 2;
COMMIT;
SELECT id, balance FROM account WHERE id IN (1, 2) ORDER BY id;
-- OR ROLLBACK undoes the whole transaction
BEGIN;
UPDATE account SET balance = balance + 5 WHERE id = 1;
UPDATE OR ROLLBACK account SET balance = -1 WHERE id = 2;
SELECT 'autocommit again', balance FROM account WHERE id = 1;
COMMIT;

-- conflict resolution
INSERT OR IGNORE INTO account VALUES (1, 'duplicate', 1);
INSERT OR REPLACE INTO account VALUES (3, 'carol2', 33);
UPDATE OR IGNORE account SET id = 1 WHERE id = 2;
SELECT id, owner, balance FROM account ORDER BY id;

-- foreign keys with cascade
INSERT INTO ledger (account_id, delta, note) VALUES (6, 0, 'manual');
SELECT account_id, count(*) FROM ledger GROUP BY account_id ORDER BY account_id;
DELETE FROM account WHERE id = 6;
SELECT count(*) FROM ledger WHERE account_id = 6;
INSERT OR IGNORE INTO ledger (account_id, delta) VALUES (42, 1);
SELECT count(*) FROM ledger WHERE account_id = 42;
PRAGMA foreign_key_check;

-- deferred transaction isolation of a temporary table
BEGIN IMMEDIATE;
CREATE TEMP TABLE scratch AS SELECT * FROM account;
DELETE FROM account;
SELECT count(*) FROM account;
ROLLBACK;
SELECT count(*) FROM account;
SELECT count(*) FROM sqlite_temp_schema WHERE name = 'scratch';

-- many small transactions, then one big one rolled back
CREATE TABLE n (x INTEGER);
BEGIN; INSERT INTO n VALUES (1); COMMIT;
BEGIN; INSERT INTO n VALUES (2); COMMIT;
BEGIN; INSERT INTO n VALUES (3); ROLLBACK;
BEGIN;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 10000) INSERT INTO n SELECT i FROM c;
SELECT count(*), sum(x) FROM n;
ROLLBACK;
SELECT count(*), sum(x) FROM n;
SELECT * FROM ledger ORDER BY id;

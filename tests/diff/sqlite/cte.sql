-- common table expressions, recursive ones: counting, series, trees,
-- graphs, the Mandelbrot set and a sudoku solver from SQLite's manual
WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < 10)
SELECT group_concat(x, ' ') FROM cnt;
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 90)
SELECT n, a FROM fib WHERE n IN (1, 2, 10, 50, 90);
WITH RECURSIVE fact(n, f) AS (SELECT 0, 1 UNION ALL SELECT n + 1, f * (n + 1) FROM fact WHERE n < 20)
SELECT n, f FROM fact WHERE n % 5 = 0;
WITH sq AS (SELECT 3 AS a), cube AS (SELECT a * a * a AS c FROM sq) SELECT a, c FROM sq, cube;
WITH RECURSIVE collatz(n, steps) AS (SELECT 27, 0 UNION ALL
  SELECT CASE WHEN n % 2 = 0 THEN n / 2 ELSE 3 * n + 1 END, steps + 1 FROM collatz WHERE n <> 1)
SELECT max(steps), max(n) FROM collatz;

-- org chart
CREATE TABLE org (name TEXT PRIMARY KEY, boss TEXT);
INSERT INTO org VALUES ('Alice', NULL), ('Bob', 'Alice'), ('Cindy', 'Alice'), ('Dave', 'Bob'),
  ('Emma', 'Bob'), ('Fred', 'Cindy'), ('Gail', 'Emma'), ('Hank', 'Gail');
WITH RECURSIVE under_alice(name, level, path) AS (
  VALUES ('Alice', 0, 'Alice')
  UNION ALL
  SELECT org.name, under_alice.level + 1, under_alice.path || '/' || org.name
  FROM org JOIN under_alice ON org.boss = under_alice.name
  ORDER BY 2 DESC
)
SELECT substr('..........', 1, level * 2) || name, path FROM under_alice;
WITH RECURSIVE chain(name, boss, depth) AS (
  SELECT name, boss, 0 FROM org WHERE name = 'Hank'
  UNION ALL SELECT o.name, o.boss, depth + 1 FROM org o JOIN chain c ON o.name = c.boss)
SELECT group_concat(name, ' <- ') FROM chain;

-- shortest paths in a small graph
CREATE TABLE edge (a TEXT, b TEXT, w INTEGER);
INSERT INTO edge VALUES ('A','B',4), ('A','C',2), ('C','B',1), ('B','D',5), ('C','D',8), ('D','E',3), ('C','E',10);
WITH RECURSIVE path(node, cost, route) AS (
  SELECT 'A', 0, 'A'
  UNION
  SELECT e.b, p.cost + e.w, p.route || '>' || e.b FROM path p JOIN edge e ON e.a = p.node WHERE p.cost + e.w < 30)
SELECT node, min(cost), route FROM path GROUP BY node ORDER BY node;

-- materialized and not
WITH t(x) AS MATERIALIZED (SELECT 5) SELECT x * 2 FROM t;
WITH t(x) AS NOT MATERIALIZED (SELECT 6) SELECT x * 2 FROM t;

-- dates in a series
WITH RECURSIVE d(day) AS (SELECT date('2024-02-25') UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < '2024-03-03')
SELECT day, strftime('%w', day) FROM d;

-- Mandelbrot (floating point)
WITH RECURSIVE
  xaxis(x) AS (VALUES(-2.0) UNION ALL SELECT x + 0.05 FROM xaxis WHERE x < 1.2),
  yaxis(y) AS (VALUES(-1.0) UNION ALL SELECT y + 0.1 FROM yaxis WHERE y < 1.0),
  m(iter, cx, cy, x, y) AS (
    SELECT 0, x, y, 0.0, 0.0 FROM xaxis, yaxis
    UNION ALL
    SELECT iter + 1, cx, cy, x * x - y * y + cx, 2.0 * x * y + cy FROM m
     WHERE (x * x + y * y) < 4.0 AND iter < 28
  ),
  m2(iter, cx, cy) AS (SELECT max(iter), cx, cy FROM m GROUP BY cx, cy),
  a(t) AS (
    SELECT group_concat(substr(' .+*#', 1 + min(iter / 7, 4), 1), '')
    FROM m2 GROUP BY cy
  )
SELECT group_concat(rtrim(t), x'0a') FROM a;

-- sudoku
WITH RECURSIVE
  input(sud) AS (VALUES('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79')),
  digits(z, lp) AS (VALUES('1', 1) UNION ALL SELECT CAST(lp + 1 AS TEXT), lp + 1 FROM digits WHERE lp < 9),
  x(s, ind) AS (
    SELECT sud, instr(sud, '.') FROM input
    UNION ALL
    SELECT substr(s, 1, ind - 1) || z || substr(s, ind + 1), instr(substr(s, 1, ind - 1) || z || substr(s, ind + 1), '.')
     FROM x, digits AS z
    WHERE ind > 0
      AND NOT EXISTS (
            SELECT 1 FROM digits AS lp
             WHERE z.z = substr(s, ((ind - 1) / 9) * 9 + lp, 1)
                OR z.z = substr(s, ((ind - 1) % 9) + (lp - 1) * 9 + 1, 1)
                OR z.z = substr(s, (((ind - 1) / 3) % 3) * 3 + ((ind - 1) / 27) * 27 + lp
                        + ((lp - 1) / 3) * 6, 1))
  )
SELECT s FROM x WHERE ind = 0;

-- aggregates, GROUP BY / HAVING, window functions, math and JSON functions
CREATE TABLE sale (id INTEGER PRIMARY KEY, region TEXT, product TEXT, month INTEGER, amount REAL, units INTEGER);
WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 239)
INSERT INTO sale (region, product, month, amount, units)
SELECT CASE n % 4 WHEN 0 THEN 'north' WHEN 1 THEN 'south' WHEN 2 THEN 'east' ELSE 'west' END,
       CASE (n / 4) % 3 WHEN 0 THEN 'widget' WHEN 1 THEN 'gadget' ELSE 'gizmo' END,
       1 + n % 12, round((n * 37 % 101) * 1.25 + 10, 2), 1 + n * 13 % 17
FROM i;
.headers on
SELECT count(*), sum(amount), avg(amount), min(amount), max(amount), sum(units), total(units) FROM sale;
SELECT region, count(*) AS n, round(sum(amount), 2) AS total, round(avg(units), 3) AS avg_units
  FROM sale GROUP BY region ORDER BY total DESC;
SELECT product, month, sum(units) AS u FROM sale GROUP BY product, month HAVING u > 60 ORDER BY product, month;
SELECT region, group_concat(DISTINCT product) FROM (SELECT * FROM sale ORDER BY product) GROUP BY region ORDER BY region;
SELECT count(DISTINCT region), count(DISTINCT product), count(DISTINCT month) FROM sale;
SELECT month, max(amount) AS best, region FROM sale GROUP BY month ORDER BY month LIMIT 4;
SELECT region, sum(amount) FILTER (WHERE product = 'widget') AS widgets, sum(units) FILTER (WHERE month <= 6) AS h1
  FROM sale GROUP BY region ORDER BY region;
SELECT sum(x), avg(x), count(x), count(*), total(x), min(x), max(x), group_concat(x) FROM (SELECT NULL AS x WHERE 0);
SELECT avg(x), sum(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 4);
SELECT sum(9223372036854775807), total(1e308) + total(1e308);

-- window functions
SELECT region, month, amount,
       row_number() OVER (PARTITION BY region ORDER BY amount DESC, id) AS rn,
       rank() OVER (PARTITION BY region ORDER BY amount DESC) AS rk,
       dense_rank() OVER (ORDER BY amount DESC) AS drk
  FROM sale WHERE month = 3 ORDER BY region, rn;
SELECT month, round(sum(amount), 2) AS m,
       round(sum(sum(amount)) OVER (ORDER BY month), 2) AS running,
       round(avg(sum(amount)) OVER (ORDER BY month ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), 2) AS smooth
  FROM sale GROUP BY month ORDER BY month;
SELECT id, units, lag(units) OVER w AS prev, lead(units, 2, -1) OVER w AS next2,
       first_value(units) OVER w AS first, last_value(units) OVER w AS last_so_far,
       nth_value(units, 2) OVER w AS second, ntile(3) OVER w AS third,
       round(percent_rank() OVER w, 3) AS pr, round(cume_dist() OVER w, 3) AS cd
  FROM sale WHERE region = 'north' AND product = 'gizmo' WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT product, group_concat(month, ',') OVER (PARTITION BY product ORDER BY month GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) AS g
  FROM (SELECT DISTINCT product, month FROM sale WHERE month <= 3) ORDER BY product, month;

-- math functions
.headers off
SELECT sqrt(2), pow(2, 10), power(2, 0.5), exp(1), ln(10), log(100), log2(1024), log(2, 8), mod(10, 3), pi();
SELECT ceil(1.2), floor(-1.2), trunc(-2.7), sign(-3), round(sin(1), 10), round(cos(1), 10), round(atan2(1, 1), 10), degrees(pi()), radians(180);
SELECT abs(-9223372036854775807), max(1, 2.5, '3'), min(1, 2.5, '0'), 17 & 5, 17 | 5, ~17, 1 << 62, -8 >> 1;

-- JSON
SELECT json('{"b":2,"a":[1,2,{"c":null}]}'), json_array(1, 'two', 3.5, NULL), json_object('k', 1, 'l', json('[1]'));
SELECT json_extract('{"a":{"b":[10,20,30]}}', '$.a.b[1]'), '{"x":5}' -> '$.x', '{"x":"s"}' ->> '$.x', json_type('[1]'), json_valid('{bad');
SELECT json_group_array(region) FROM (SELECT DISTINCT region FROM sale ORDER BY region);
SELECT json_group_object(product, n) FROM (SELECT product, count(*) AS n FROM sale GROUP BY product ORDER BY product);
SELECT key, value, type FROM json_each('{"a":1,"b":[2,3],"c":"x"}');
SELECT fullkey, atom FROM json_tree('[1,[2,{"k":3}]]') WHERE atom IS NOT NULL;
SELECT json_set('{"a":1}', '$.b', 2), json_remove('[1,2,3]', '$[1]'), json_insert('{}', '$.z', json_array()), json_patch('{"a":1,"b":2}', '{"b":null,"c":3}');

-- joins, subqueries, set operations, views
CREATE TABLE dept (id INTEGER PRIMARY KEY, name TEXT UNIQUE, floor INTEGER);
CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT, dept_id INTEGER REFERENCES dept(id), boss_id INTEGER, salary INTEGER);
CREATE TABLE project (id INTEGER PRIMARY KEY, title TEXT, dept_id INTEGER);
CREATE TABLE assignment (emp_id INTEGER, project_id INTEGER, hours INTEGER, PRIMARY KEY (emp_id, project_id));
INSERT INTO dept VALUES (1, 'engineering', 3), (2, 'sales', 1), (3, 'research', 4), (4, 'empty', 2);
INSERT INTO emp VALUES
  (1, 'Ada', 1, NULL, 9000), (2, 'Brian', 1, 1, 7000), (3, 'Cleo', 2, 1, 6500),
  (4, 'Dmitri', 2, 3, 5000), (5, 'Erin', 3, 1, 8000), (6, 'Farid', NULL, 5, 4000),
  (7, 'Grace', 1, 2, 7000), (8, 'Hiro', 3, 5, 6000);
INSERT INTO project VALUES (1, 'compiler', 1), (2, 'kernel', 1), (3, 'campaign', 2), (4, 'paper', 3), (5, 'orphan', NULL);
INSERT INTO assignment VALUES (1, 1, 10), (1, 2, 20), (2, 2, 35), (7, 1, 15), (3, 3, 40), (4, 3, 12), (5, 4, 30), (8, 4, 25), (8, 1, 5);

.headers on
SELECT e.name, d.name AS dept FROM emp e JOIN dept d ON e.dept_id = d.id ORDER BY e.id;
SELECT e.name, d.name AS dept FROM emp e LEFT JOIN dept d ON e.dept_id = d.id ORDER BY e.id;
SELECT d.name, count(e.id) AS n FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id ORDER BY d.id;
SELECT e.name, b.name AS boss FROM emp e LEFT JOIN emp b ON e.boss_id = b.id ORDER BY e.name;
SELECT e.name, p.title, a.hours FROM emp e JOIN assignment a ON a.emp_id = e.id JOIN project p ON p.id = a.project_id ORDER BY p.title, a.hours DESC;
SELECT d.name, p.title FROM dept d CROSS JOIN project p WHERE p.dept_id = d.id ORDER BY 1, 2;
SELECT count(*) FROM dept, project;
SELECT name FROM dept NATURAL JOIN (SELECT id, floor FROM dept WHERE floor > 2) ORDER BY name;
SELECT e.name FROM emp e JOIN dept d USING (id) ORDER BY 1;
SELECT p.title, d.name FROM project p FULL OUTER JOIN dept d ON p.dept_id = d.id ORDER BY p.title NULLS LAST, d.name;
SELECT d.name, p.title FROM project p RIGHT JOIN dept d ON p.dept_id = d.id ORDER BY d.name, p.title;

-- subqueries
SELECT name, salary FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY salary DESC, name;
SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM assignment a WHERE a.emp_id = e.id AND a.hours >= 30) ORDER BY name;
SELECT name FROM emp WHERE id NOT IN (SELECT emp_id FROM assignment) ORDER BY name;
SELECT name, (SELECT count(*) FROM assignment a WHERE a.emp_id = e.id) AS projects FROM emp e ORDER BY projects DESC, name;
SELECT d.name, top.name, top.salary FROM dept d JOIN emp top ON top.dept_id = d.id
 WHERE top.salary = (SELECT max(salary) FROM emp WHERE dept_id = d.id) ORDER BY d.name, top.name;
SELECT * FROM (SELECT dept_id, sum(salary) AS s FROM emp GROUP BY dept_id) WHERE s > 10000 ORDER BY s;

-- set operations
SELECT emp_id FROM assignment WHERE project_id = 1 UNION SELECT emp_id FROM assignment WHERE project_id = 2 ORDER BY 1;
SELECT emp_id FROM assignment WHERE project_id = 1 UNION ALL SELECT emp_id FROM assignment WHERE project_id = 2 ORDER BY 1;
SELECT emp_id FROM assignment WHERE project_id = 1 INTERSECT SELECT emp_id FROM assignment WHERE project_id = 2;
SELECT id FROM emp EXCEPT SELECT emp_id FROM assignment ORDER BY 1;

-- views
CREATE VIEW workload AS
  SELECT e.name, sum(a.hours) AS hours, count(*) AS projects
  FROM emp e JOIN assignment a ON a.emp_id = e.id GROUP BY e.id;
SELECT * FROM workload ORDER BY hours DESC, name;
SELECT name FROM workload WHERE projects > 1 ORDER BY name;
.headers off
SELECT group_concat(name, ',') FROM (SELECT name FROM workload ORDER BY name);
DROP VIEW workload;
SELECT name FROM sqlite_schema WHERE type = 'view';

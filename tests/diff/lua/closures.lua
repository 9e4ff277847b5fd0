-- closures, upvalues, varargs, recursion, tail calls

local function counter(start, step)
  local n = start
  return function() n = n + step; return n end,
         function() return n end
end
local inc, get = counter(10, 5)
inc(); inc()
print(get(), inc(), get())
local inc2 = counter(0, 1)
print(inc2(), inc2(), get())

-- closures in a loop capture a fresh variable each iteration
local fs = {}
for i = 1, 5 do fs[i] = function() return i * i end end
for i = 1, 5 do io.write(fs[i](), " ") end
print()
local gs = {}
local j = 0
while j < 3 do j = j + 1; local jj = j; gs[j] = function() return jj, j end end
print(gs[1](), gs[2](), gs[3]())

-- shared upvalues
local function pair()
  local v = 0
  return function(x) v = x end, function() return v end
end
local set, read = pair()
set(42)
print(read())

-- varargs
local function va(...)
  local n = select("#", ...)
  local t = {...}
  return n, #t, ...
end
print(va())
print(va(1, nil, 3))
print((va(1, 2, 3)))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...) or 0) end
  return s
end
print(sum(1, 2, 3, nil, 5), sum())

-- recursion and memoization
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local memo = {}
local function mfib(n)
  if n < 2 then return n end
  if memo[n] then return memo[n] end
  local r = mfib(n - 1) + mfib(n - 2)
  memo[n] = r
  return r
end
print(mfib(90))
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(2, 3), ack(3, 3))

-- deep tail calls do not grow the stack
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(1000000, 0))

-- deep non-tail recursion (C stack and Lua stack growth)
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
local ok, err = pcall(function() local function inf(n) return 1 + inf(n + 1) end return inf(1) end)
print(ok, (tostring(err):gsub("^.-:%d+: ", "")))

-- higher-order functions
local function map(f, t) local r = {} for i, v in ipairs(t) do r[i] = f(v) end return r end
local function filter(p, t) local r = {} for _, v in ipairs(t) do if p(v) then r[#r + 1] = v end end return r end
local function reduce(f, acc, t) for _, v in ipairs(t) do acc = f(acc, v) end return acc end
local nums = {}
for i = 1, 20 do nums[i] = i end
local evens = filter(function(x) return x % 2 == 0 end, nums)
print(table.concat(map(function(x) return x * x end, evens), " "))
print(reduce(function(a, b) return a + b end, 0, nums), reduce(math.max, -math.huge, nums))
local function compose(...)
  local fns = {...}
  return function(x) for i = #fns, 1, -1 do x = fns[i](x) end return x end
end
print(compose(function(x) return x + 1 end, function(x) return x * 2 end)(5))
local function curry(f) return function(a) return function(b) return f(a, b) end end end
print(curry(math.max)(3)(7), curry(string.rep)("ab")(3))

-- string.dump round trip of a closure without upvalues
local f = load(string.dump(function(a, b) return a * b + 1 end))
print(f(6, 7))
-- load with an environment
local env = {x = 5}
local chunk = load("y = x * 2; return y", "chunk", "t", env)
print(chunk(), env.y, y)
print(load("return ...", "=va")(1, 2, 3))
print(load("syntax error here"))

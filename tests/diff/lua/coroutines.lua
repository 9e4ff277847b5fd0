-- coroutines: generators, wrap, status, passing values, errors, close

local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
    return "done"
  end)
end
local g = gen(3)
print(g(), g(), g(), g())
print(pcall(g))

-- values in and out of resume/yield
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return d + e, "end"
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co))
print(coroutine.resume(co))

-- producer / consumer
local function producer()
  return coroutine.create(function()
    for _, item in ipairs({"alpha", "beta", "gamma"}) do coroutine.yield(item) end
  end)
end
local function filter(prod)
  return coroutine.create(function()
    local n = 0
    while true do
      local ok, item = coroutine.resume(prod)
      if not item then break end
      n = n + 1
      coroutine.yield(n .. ":" .. item:upper())
    end
  end)
end
local f = filter(producer())
while true do
  local ok, v = coroutine.resume(f)
  if not v then break end
  print(v)
end

-- permutations generator
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a)
  else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local count = 0
for p in coroutine.wrap(function() permgen({1, 2, 3, 4}) end) do
  count = count + 1
  if count <= 4 then print(table.concat(p, " ")) end
end
print("permutations", count)

-- errors inside coroutines
local bad = coroutine.create(function() coroutine.yield(1); error("boom") end)
print(coroutine.resume(bad))
local ok, err = coroutine.resume(bad)
print(ok, (err:gsub("^.-:%d+: ", "")))
print(coroutine.status(bad), coroutine.resume(bad))
local tbl_err = coroutine.create(function() error({code = 7}) end)
local ok2, e2 = coroutine.resume(tbl_err)
print(ok2, type(e2), e2.code)

-- yield across pcall
local co2 = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("inside pcall")
    if x == "fail" then error("failed after yield", 0) end
    return x
  end)
  coroutine.yield(tostring(ok) .. " " .. tostring(v))
  return "finished"
end)
print(coroutine.resume(co2))
print(coroutine.resume(co2, "fail"))
print(coroutine.resume(co2))

-- running, isyieldable, close, wrap errors
print(coroutine.isyieldable(), select(2, coroutine.running()))
local inner = coroutine.create(function()
  local _, ismain = coroutine.running()
  coroutine.yield(coroutine.isyieldable(), ismain)
end)
print(coroutine.resume(inner))
local closable = coroutine.create(function()
  local res <close> = setmetatable({}, {__close = function() print("closed resource") end})
  coroutine.yield("holding")
end)
print(coroutine.resume(closable))
print(coroutine.close(closable), coroutine.status(closable))
print(pcall(coroutine.wrap(function() error("wrapped", 0) end)))
print(coroutine.resume(coroutine.running()))

-- many coroutines alive at once
local cos = {}
for i = 1, 1000 do
  cos[i] = coroutine.create(function(x) local y = coroutine.yield(x * 2); return x + y end)
end
local s1, s2 = 0, 0
for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i); s1 = s1 + v end
for i = 1, 1000 do local _, v = coroutine.resume(cos[i], 1); s2 = s2 + v end
print(s1, s2)

-- deep recursion inside a coroutine
local deep = coroutine.wrap(function()
  local function r(n) if n == 0 then coroutine.yield("bottom") return 0 end return 1 + r(n - 1) end
  return r(5000)
end)
print(deep(), deep())

-- metatables and metamethods, inheritance, __close, __gc

local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
Vec.__add = function(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
Vec.__sub = function(a, b) return Vec.new(a.x - b.x, a.y - b.y) end
Vec.__mul = function(a, b)
  if type(a) == "number" then return Vec.new(a * b.x, a * b.y) end
  if type(b) == "number" then return Vec.new(a.x * b, a.y * b) end
  return a.x * b.x + a.y * b.y
end
Vec.__unm = function(a) return Vec.new(-a.x, -a.y) end
Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Vec.__lt = function(a, b) return a:len2() < b:len2() end
Vec.__le = function(a, b) return a:len2() <= b:len2() end
Vec.__len = function(a) return 2 end
Vec.__tostring = function(a) return "(" .. a.x .. ", " .. a.y .. ")" end
Vec.__concat = function(a, b) return tostring(a) .. tostring(b) end
Vec.__call = function(self, k) return self[k] end
Vec.__idiv = function(a, n) return Vec.new(a.x // n, a.y // n) end
Vec.__mod = function(a, n) return Vec.new(a.x % n, a.y % n) end
function Vec:len2() return self.x * self.x + self.y * self.y end

local a, b = Vec.new(1, 2), Vec.new(3, 4)
print(tostring(a + b), tostring(a - b), tostring(2 * a), tostring(a * 3), a * b, tostring(-a))
print(a == Vec.new(1, 2), a ~= b, a < b, a <= b, a > b, #a, a .. b, a("y"))
print(tostring(Vec.new(7, 9) // 2), tostring(Vec.new(7, -9) % 4), rawequal(a, Vec.new(1, 2)))

-- inheritance
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound) return setmetatable({name = name, sound = sound}, Animal) end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name) local d = Animal.new(name, "woof"); return setmetatable(d, Dog) end
function Dog:kind() return "dog" end
function Dog:fetch() return self.name .. " fetches" end
local d = Dog.new("Rex")
print(d:speak(), d:kind(), d:fetch(), Animal.new("Cat", "meow"):kind())
print(getmetatable(d) == Dog, rawget(d, "speak"), rawget(Dog, "kind") ~= nil)

-- __index / __newindex functions, proxies, read-only tables
local log = {}
local store = {}
local proxy = setmetatable({}, {
  __index = function(t, k) log[#log + 1] = "get " .. tostring(k); return store[k] end,
  __newindex = function(t, k, v) log[#log + 1] = "set " .. tostring(k); store[k] = v end,
})
proxy.a = 1; proxy.b = proxy.a; local _ = proxy.c
print(table.concat(log, ", "), store.a, store.b, rawget(proxy, "a"))
local function readonly(t)
  return setmetatable({}, {__index = t, __newindex = function() error("read-only table", 2) end,
                           __len = function() return #t end})
end
local ro = readonly({1, 2, 3})
print(ro[2], #ro, pcall(function() ro[1] = 5 end))

-- default values
local defaults = setmetatable({}, {__index = function() return 0 end})
defaults.x = defaults.x + 5
print(defaults.x, defaults.y)

-- __metatable protection
local prot = setmetatable({}, {__metatable = "locked"})
print(getmetatable(prot), pcall(setmetatable, prot, {}))

-- string metatable
print(("abc"):upper(), #getmetatable("").__index.format("%5s", "x"))

-- __close: order and errors
do
  local function res(name)
    return setmetatable({}, {__close = function(_, err) print("close", name, err) end})
  end
  local r1 <close> = res("first")
  local r2 <close> = res("second")
  print("in block")
end
print(pcall(function()
  local r <close> = setmetatable({}, {__close = function(_, err) print("closing on error:", err) end})
  error("oops", 0)
end))
local c <const> = 10
print(c)

-- __gc runs on collection; order of finalizers: reverse order of marking
local finalized = {}
do
  for i = 1, 3 do
    setmetatable({}, {__gc = function() finalized[#finalized + 1] = i end})
  end
end
collectgarbage()
collectgarbage()
table.sort(finalized)
print("finalized", table.concat(finalized, ","))

-- weak tables
local weak = setmetatable({}, {__mode = "k"})
local key = {}
weak[key] = "value"
weak[{}] = "garbage"
collectgarbage()
local n = 0
for _ in pairs(weak) do n = n + 1 end
print("weak entries", n, weak[key])

-- __pairs is gone in 5.4? (still honored by pairs)
local pt = setmetatable({}, {__pairs = function(t)
  local i = 0
  return function() i = i + 1; if i <= 3 then return i, i * 10 end end, t, nil
end})
for k, v in pairs(pt) do io.write(k, "=", v, " ") end
print()

-- arithmetic metamethod errors
print(pcall(function() return {} + 1 end))
print(pcall(function() return #nil end))
print(select(2, pcall(function() local t = setmetatable({}, {__index = function(t, k) return k * 2 end}) return t[21] end)))

-- tables: arrays, dictionaries (printed in sorted order: pairs() order
-- depends on the per-run string hash seed), sort, concat, move, unpack

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) == type(b) then return a < b end
    return type(a) < type(b)
  end)
  return keys
end

local function dump(t, indent)
  indent = indent or ""
  for _, k in ipairs(sorted_keys(t)) do
    local v = t[k]
    if type(v) == "table" then
      print(indent .. tostring(k) .. ":")
      dump(v, indent .. "  ")
    else
      print(indent .. tostring(k) .. " = " .. tostring(v))
    end
  end
end

-- arrays
local a = {}
for i = 1, 10 do a[#a + 1] = i * i end
print(#a, table.concat(a, " "))
table.insert(a, 1, 0)
table.insert(a, 5, -1)
print(#a, table.concat(a, ","))
print(table.remove(a), table.remove(a, 1), table.remove(a, 4), #a)
print(table.concat(a, ",", 2, 5), table.concat({}, "x"), table.concat({1, 2.5, "s"}))
print(table.unpack({1, 2, 3}), table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 3))
print(select("#", table.unpack({}, 1, 3)), select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
local packed = table.pack(1, nil, 3, nil)
print(packed.n, packed[1], packed[2], packed[3])
print(table.concat(table.move({1, 2, 3, 4, 5}, 2, 4, 1), ","))
print(table.concat(table.move({1, 2, 3}, 1, 3, 3, {9, 9}), ","))

-- sorting
local names = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "grape"}
table.sort(names)
print(table.concat(names, " "))
table.sort(names, function(x, y) return #x < #y or (#x == #y and x < y) end)
print(table.concat(names, " "))
local nums = {}
local seed = 12345
for i = 1, 200 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  nums[i] = seed % 1000
end
table.sort(nums)
local ok = true
for i = 2, #nums do if nums[i - 1] > nums[i] then ok = false end end
print("sorted", ok, nums[1], nums[100], nums[200])
table.sort(nums, function(x, y) return x > y end)
print("desc", nums[1], nums[200])
print(pcall(table.sort, {3, 1, "x"}))

-- records, nested tables
local db = {
  users = {
    {name = "ada", age = 36, langs = {"ada", "c"}},
    {name = "bob", age = 25, langs = {"lua"}},
    {name = "cy", age = 41, langs = {}},
  },
  version = 3,
  [1] = "one", [2.5] = "two and a half", [true] = "yes",
}
dump(db)
table.sort(db.users, function(x, y) return x.age > y.age end)
for i, u in ipairs(db.users) do print(i, u.name, u.age, #u.langs) end

-- counting words with a dictionary
local text = [[the quick brown fox jumps over the lazy dog the fox]]
local count = {}
for w in text:gmatch("%a+") do count[w] = (count[w] or 0) + 1 end
local ws = sorted_keys(count)
for _, w in ipairs(ws) do io.write(w, "=", count[w], " ") end
print()

-- length with holes at the end, next, rawlen
local t = {10, 20, 30, nil}
print(#t, rawlen(t), next({}), type(next({5})))
t[#t + 1] = 40
print(#t, t[4])
for i, v in ipairs({1, 2, nil, 4}) do io.write(i, ":", v, " ") end
print()

-- integer and float keys are normalized
local k = {}
k[1] = "int"; k[1.0] = "float overwrote int"; k[2^53] = "big"
print(k[1], k[2^53], #sorted_keys(k))

-- large table
local big = {}
for i = 1, 100000 do big[i] = i % 7 end
local sum = 0
for i = 1, #big do sum = sum + big[i] end
print(#big, sum)
local m = {}
for i = 1, 5000 do m["k" .. i] = i end
local msum, mcnt = 0, 0
for _, v in pairs(m) do msum = msum + v; mcnt = mcnt + 1 end
print(mcnt, msum)
for i = 1, 5000, 2 do m["k" .. i] = nil end
mcnt = 0
for _ in pairs(m) do mcnt = mcnt + 1 end
print(mcnt)

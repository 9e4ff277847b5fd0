-- SPDX-License-Identifier: BSD-3-Clause
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local t = {}
for i = 1, 20 do t[#t + 1] = fib(i) end
print(table.concat(t, " "))
print(#arg, arg[1], arg[2])
local words = {}
for w in ("the quick brown fox jumps"):gmatch("%a+") do words[#words + 1] = w:upper() end
table.sort(words)
print(table.concat(words, ","))
print(string.format("%.3f %d %s", math.pi, 7 // 2, tostring(nil)))
os.exit(3)

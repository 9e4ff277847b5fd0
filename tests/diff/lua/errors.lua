-- errors: pcall, error values and levels, xpcall with a handler, assert,
-- tracebacks, and finally an uncaught error (message on stderr, status 1)

print(pcall(error, "plain", 0))
print(select("#", pcall(error, {code = 42})), select(2, pcall(error, {code = 42})).code)
print(tostring(select(2, pcall(error, setmetatable({}, {__tostring = function() return "custom" end})))))
print(pcall(error))
print(pcall(error, nil))

local function lvl1() error("at level 1", 1) end
local function lvl2() error("at level 2", 2) end
local function caller() lvl2() end
print(pcall(lvl1))
print(pcall(caller))

print(pcall(function() local x = nil; return x.field end))
print(pcall(function() local t = {} ; return t.a.b end))
print(pcall(function() return 1 + {} end))
print(pcall(function() return ("x"):bad() end))
print(pcall(function() undefined_function() end))
print(pcall(function() return #5 end))
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} .. "" end))
print(pcall(string.rep, "x", -1))
print(pcall(setmetatable, 1, {}))
print(pcall(assert, false))
print(pcall(assert, nil, "assertion message"))
print(pcall(assert, 1 == 1, "not shown"))
print(pcall(tonumber, "10", 99))

-- xpcall with a message handler, and a traceback
print(xpcall(function() error("handled") end, function(m) return "handler got: " .. m end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
local function deep3() error("deep error") end
local function deep2() deep3() end
local function deep1() deep2() end
local ok, tb = xpcall(deep1, debug.traceback)
print(ok)
print(tb)

-- error objects keep their identity
local E = {}
local ok2, e = pcall(function() error(E) end)
print(ok2, e == E)

-- errors in metamethods and in __tostring
print(pcall(function() return setmetatable({}, {__add = function() error("in __add") end}) + 1 end))
print(pcall(tostring, setmetatable({}, {__tostring = function() return 1 end})))

-- nested pcall, error in handler
print(pcall(pcall, error, "nested"))
print(xpcall(error, function() error("handler fails") end, "x"))

-- string to number coercion errors
print(pcall(function() return "abc" + 1 end))

-- debug info
local info = debug.getinfo(1, "Sl")
print(info.short_src, info.currentline, info.what)
local function named() return debug.getinfo(1, "n").name end
print(named())

io.stdout:flush()
-- uncaught: "lua: /t/errors.lua:N: final error" and a traceback on stderr, status 1
error("final error")

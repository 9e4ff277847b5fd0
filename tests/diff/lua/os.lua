-- os: time with fixed dates, date formatting of fixed times (UTC), getenv,
-- remove, rename, tmpname, clock (type only), exit status

-- os.time of a table is local time; TZ is unset here and on the host run,
-- so local time is UTC
local t0 = os.time({year = 2020, month = 2, day = 29, hour = 12, min = 30, sec = 15})
print(t0, math.type(t0))
print(os.time({year = 1970, month = 1, day = 1, hour = 0}))
print(os.time({year = 2000, month = 1, day = 1, hour = 0, min = 0, sec = 0, isdst = false}))
print(os.time({year = 2021, month = 13, day = 1, hour = 0}))   -- normalized
print(os.time({year = 2021, month = 3, day = 0, hour = 0}))    -- day 0 = last of February
print(os.time({year = 2038, month = 1, day = 19, hour = 3, min = 14, sec = 8}))
print(os.time({year = 2100, month = 12, day = 31, hour = 23, min = 59, sec = 59}))
print(pcall(os.time, {year = 2020}))

-- os.date with fixed times
local t = 1700000000
print(os.date("!%Y-%m-%d", t))
print(os.date("!%Y-%m-%d %H:%M:%S", t))
print(os.date("!%a %A %b %B %d %j %U %w %y %Z %p %I", t))
print(os.date("!%c", 0))
print(os.date("!%x %X %D %T %F %R %e %n%t%%", 86400 * 365))
print(os.date("!%G-W%V-%u %g %h %C", 1609459200))
print(os.date("%Y-%m-%d %H:%M", t0))
local d = os.date("!*t", t0)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
local d2 = os.date("*t", 951782400)
print(d2.year, d2.month, d2.day, d2.wday, d2.yday)
print(os.time(os.date("*t", t)) == t, os.difftime(t, t0), math.type(os.difftime(t, t0)))
print(pcall(os.date, "%Ez", 0))
print(pcall(os.date, "%Q", 0))
for _, y in ipairs({1999, 2000, 2004, 2024, 2100}) do
  local ts = os.time({year = y, month = 12, day = 31, hour = 12})
  io.write(y, ":", os.date("!%j", ts), " ")
end
print()

-- os.getenv: the environment is PATH, HOME and TERM
print(os.getenv("HOME"), os.getenv("PATH"), os.getenv("TERM"), os.getenv("NO_SUCH_VARIABLE"))

-- os.clock: only its type (the value depends on the machine)
local c = os.clock()
print(type(c), math.type(c), c >= 0)
-- os.time() now: a plausible integer, not printed
local now = os.time()
print(math.type(now), now > 1600000000)

-- os.tmpname, os.remove, os.rename
local name = os.tmpname()
print(type(name), name:match("^/tmp/lua_") ~= nil)
local f = assert(io.open(name, "w"))
f:write("temporary file contents\n")
f:close()
local target = "/tmp/os_renamed.txt"
print(os.rename(name, target))
print(io.open(name) == nil)
f = assert(io.open(target))
print(f:read("l"))
f:close()
print(os.rename("/tmp/os_missing", "/tmp/os_other"))
print(os.remove(target))
print(os.remove(target))
-- rename over an existing file replaces it
assert(io.open("/tmp/os_a", "w")):write("A"):close()
assert(io.open("/tmp/os_b", "w")):write("B"):close()
print(os.rename("/tmp/os_a", "/tmp/os_b"))
f = assert(io.open("/tmp/os_b"))
print(f:read("a"), io.open("/tmp/os_a"))
f:close()
print(os.remove("/tmp/os_b"))
print(os.remove("/tmp/no_such_dir/x"))


-- the exit status reaches the host
io.stdout:flush()
os.exit(7)

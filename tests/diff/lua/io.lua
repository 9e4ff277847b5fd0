-- io: files under /tmp, read formats, lines, seek, append, binary data,
-- error messages

local path = "/tmp/io_test.txt"
local f = assert(io.open(path, "w"))
print(io.type(f), io.type(io.stdout), io.type(42))
f:write("line one\n", "line two\n", 3, " ", 4.5, "\n")
f:write("12 0x1F -7.25e1 nan? 99\n")
f:write("last line without newline")
print(f:seek("cur"), f:seek("end"), f:seek("set", 5))
f:close()
print(io.type(f), pcall(f.write, f, "x"))

-- read formats
f = assert(io.open(path, "r"))
print(f:read("l"))
print(f:read("L"))
print(f:read(4), f:read(0), f:read("l"))
print(f:read("n", "n", "n"))
print(f:read("n"))
print(f:read("l"), f:read("l"))
print(f:read("a"))
print(f:read("a"), f:read("l"), f:read(0), f:read("n"))
f:close()

-- io.lines, file:lines with formats
local n = 0
for line in io.lines(path) do n = n + 1; io.write("[", line, "]") end
print(" count", n)
for a, b in io.lines(path, 4, "l") do io.write(a, "|", tostring(b), ";") end
print()
for c in io.lines(path, 1) do if c == "\n" then io.write("\\n") end end
print()
print(pcall(io.lines, "/tmp/does_not_exist"))

-- seek around
f = assert(io.open(path, "r+"))
print(f:seek("end"), f:seek("set"), f:read(4))
print(f:seek("cur", 1), f:read(3))
f:seek("set", 0)
f:write("LINE")
f:seek("set", 0)
print(f:read("l"))
print(f:seek("cur", -4), f:read("l"))
print(f:seek("end", -4), f:read("a"))
f:close()

-- append mode
f = assert(io.open(path, "a"))
f:write("\nappended\n")
f:close()
f = assert(io.open(path))
local all = f:read("a")
f:close()
print(#all, select(2, all:gsub("\n", "")), all:sub(-9))

-- binary data, every byte value
local bin = {}
for i = 0, 255 do bin[#bin + 1] = string.char(i) end
bin = table.concat(bin):rep(64)
f = assert(io.open("/tmp/io_bin.dat", "wb"))
f:write(bin)
f:close()
f = assert(io.open("/tmp/io_bin.dat", "rb"))
local back = f:read("a")
print(#back, back == bin, f:seek("end"), f:seek("set", 1000), f:read(3):byte(1, -1))
f:close()

-- a larger file written line by line, read back with io.lines
f = assert(io.open("/tmp/io_big.txt", "w"))
for i = 1, 20000 do f:write(string.format("%05d %s\n", i, ("x"):rep(i % 50))) end
f:close()
local count, total = 0, 0
for l in io.lines("/tmp/io_big.txt") do count = count + 1; total = total + #l end
print(count, total)
f = assert(io.open("/tmp/io_big.txt"))
print(f:seek("end"))
f:close()

-- io.output / io.input redirection
local out = io.output()
io.output("/tmp/io_redirect.txt")
io.write("redirected ", 1, "\n")
io.output():close()
io.output(out)
io.input("/tmp/io_redirect.txt")
print(io.read("l"))
io.input():close()
io.input(io.stdin)

-- setvbuf, flush, write returns the file
f = assert(io.open("/tmp/io_vbuf.txt", "w"))
print(f:setvbuf("full", 1024), f:setvbuf("line"), f:setvbuf("no"))
print(f:write("a"):write("b") == f, f:flush() == f)
f:close()

-- errors
print(io.open("/tmp/no/such/dir/file", "w"))
print(io.open("/tmp/does_not_exist"))
print(pcall(io.open, path, "rz"))
f = assert(io.open(path))
print((f:write("x")))
f:close()
print(tostring(f))

-- tmpfile
local t = io.tmpfile()
t:write("temporary")
t:seek("set")
print(t:read("a"))
t:close()

-- cleanup
for _, p in ipairs({path, "/tmp/io_bin.dat", "/tmp/io_big.txt", "/tmp/io_redirect.txt", "/tmp/io_vbuf.txt"}) do
  assert(os.remove(p))
end
print(io.open(path))

-- strings: formatting (integers, floats), patterns, gsub, pack, utf8
local function p(...) print(...) end

-- string.format
p(string.format("[%d] [%5d] [%-5d] [%05d] [%+d] [%x] [%X] [%o] [%#x]", 42, 42, 42, 42, 42, 255, 255, 8, 255))
p(string.format("[%s] [%10s] [%-10s] [%.3s] [%q]", "abc", "abc", "abc", "abcdef", 'a "quoted"\n\0 string'))
p(string.format("[%c%c%c] [%%] [%i]", 76, 117, 97, -7))
p(string.format("%f %.2f %10.3f %-10.1f| %e %.3E %g %G", 3.14159, 2.005, -1.5, 0.25, 12345.6789, 0.000123, 1e20, 1e-10))
p(string.format("%g %g %g %g %g %g", 0.1, 100000, 1000000, 1e15, 2^53, -0.0))
p(string.format("%.14g %.17g %.0f %.1f %.20f", 0.1, 0.1, 2.5, 0.05, 1/3))
p(string.format("%a %a %A", 1.0, 0.5, 255.5))
p(string.format("%5.1f|%-8.3e|%+.2g", 9.96, 123.456, 0.000012345))
p(string.format("%q", 1/0), string.format("%q", -1/0), string.format("%q", 2^63), string.format("%q", math.mininteger))
p(string.format("%s %s %s", 1, 1.0, -0.0), 1e100, 123456789012, 2^63, 1e15, 1e16, 0.1 + 0.2)
p(tostring(1/0), tostring(-1/0), 3 / 2, 7 // 2, 7.0 // 2, 2^10, 10 / 2)
p(string.format("%-20s|", "left"), string.format("%20s|", "right"))
p(pcall(string.format, "%d", 1.5))

-- basic operations
local s = "Hello, Kast World"
p(#s, s:upper(), s:lower(), s:len(), s:reverse())
p(s:sub(1, 5), s:sub(-5), s:sub(8, -7), s:sub(100), s:sub(0), ("x"):rep(5), ("ab"):rep(3, "-"))
p(s:byte(1), s:byte(-1), s:byte(1, 5))
p(string.char(75, 97, 115, 116), ("%d items"):format(3))
p(("  trim me  "):match("^%s*(.-)%s*$") .. "|")

-- find and match
p(s:find("Kast"), s:find("o", 6), s:find("l+"), s:find(".", 1, true), s:find("xyz"))
p(s:match("(%a+), (%a+)"), s:match("()Kast()"))
p(("key = value"):match("^(%w+)%s*=%s*(%w+)$"))
p(("2024-03-15"):match("(%d+)-(%d+)-(%d+)"))
p(("THE (quick) fox"):find("%((%a+)%)"))
p(("f(a(b)c)d"):match("%b()"), ("THE (quick) fox"):match("%f[%a]%a+", 5))
p(("hello world from lua"):match(".-(o.-o)"))
p(string.find("a+b", "+", 1, true), string.find("a.b", "%."), string.match("  x", "^%s*()"))

-- gmatch
local words = {}
for w in ("one two  three\tfour"):gmatch("%S+") do words[#words + 1] = w end
p(#words, table.concat(words, ","))
for k, v in ("a=1, b=22, ccc=333"):gmatch("(%w+)=(%w+)") do io.write(k, "->", v, ";") end
print()
for pos, d in ("x1y22z333"):gmatch("()(%d+)") do io.write(pos, ":", d, " ") end
print()

-- gsub
p(("hello world"):gsub("o", "0"))
p(("hello world"):gsub("o", "0", 1))
p(("hello world"):gsub("(%w+)", "<%1>"))
p(("hello world"):gsub("%w+", "%0 %0"))
p(("abc"):gsub("", "-"))
p(("$name is $age"):gsub("%$(%w+)", {name = "Ada", age = 36}))
p(("1 2 3 4"):gsub("%d", function(d) return tonumber(d) * 10 end))
p(("keep drop keep"):gsub("%a+", function(w) if w == "drop" then return false end return w:upper() end))
p(("a,b,,c"):gsub(",", ";"))
p(("x = 1 + 2"):gsub("%s", ""))
p(("path/to/file.txt"):gsub("[/.]", {["/"] = "\\", ["."] = "_"}))
p(pcall(string.gsub, "abc", "(", "x"))
p(pcall(string.rep))

-- pack / unpack
local packed = string.pack("<i4 >i2 z s1 d", 100000, -2, "zs", "len", 1.5)
p(#packed, (packed:gsub(".", function(c) return string.format("%02x", c:byte()) end)))
p(string.unpack("<i4 >i2 z s1 d", packed))
p(string.packsize("i4 i8 d"), string.unpack("B", "\255"), string.unpack("b", "\255"))

-- utf8
local u = "héllo wörld ✓"
p(#u, utf8.len(u), utf8.char(72, 233, 0x2713), utf8.codepoint(u, 1, 3))
for _, c in utf8.codes("aé✓") do io.write(c, " ") end
print()
p(utf8.offset(u, 3), utf8.len("\xff"), utf8.charpattern)

-- comparison and conversion
p("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "10" < "9")
p(tonumber("0x1F"), tonumber("  12  "), tonumber("1e3"), tonumber("z", 36), tonumber("777", 8), tonumber("abc"), tonumber("0x"), tonumber("1.5e-3"))
p(tostring(12) .. "", 10 .. 20, "3" + 4, "3" * "4", "10" / 2, math.type("3" + 4), math.type("3.0" + 4))

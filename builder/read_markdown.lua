-- Run as `pandoc lua read_markdown.lua PANDOC FILE...`: reads each Markdown FILE in turn as
-- `pandoc -f markdown -t json FILE` reads it, writes its JSON to FILE.json and then prints the
-- file's number (from 0) on a line of its own, "N failed" when pandoc could not read it.
-- The options are those of pandoc's command line, which differ from the library's defaults:
-- 72 columns (the widths of wide tables depend on them) and the abbreviations of pandoc's data file.

local binary = arg[1]
local abbreviations = {}
for line in pandoc.pipe(binary, { "--print-default-data-file", "abbreviations" }, ""):gmatch("[^\n]+") do
  abbreviations[line] = true
end
local options = pandoc.ReaderOptions({ columns = 72, abbreviations = abbreviations })

for number = 2, #arg do
  local name = arg[number]
  local input = assert(io.open(name, "rb"))
  local text = input:read("a")
  input:close()
  local read, document = pcall(pandoc.read, text, "markdown", options)
  if read then
    local output = assert(io.open(name .. ".json", "wb"))
    output:write(pandoc.write(document, "json"), "\n")
    output:close()
  end
  io.stdout:write(number - 2, read and "\n" or " failed\n")
  io.stdout:flush()
end

-- (e) every connection retitles the same bug at once: each command reads the stream, decides
-- and appends with the version it read, so the losers of each race get 409 (counted).
-- (Comments would not race: allocating a comment id locks a counter row for the whole
-- command, which queues concurrent comment commands instead.)
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local n = 0

function request()
  n = n + 1
  local body = string.format('{"title":"Race %d/%d"}', thread_index or 0, n)
  return wrk.format("PUT", "/api/bugs/" .. ids_from, json_headers, body)
end

function response(status, headers, body)
  count_status(status, body)
end

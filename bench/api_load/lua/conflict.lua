-- (e) every connection comments on the same bug at once: optimistic concurrency refuses the
-- losers of each race with 409 (counted), the winners append.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local n = 0

function request()
  n = n + 1
  local body = string.format('{"text":"Race %d/%d"}', thread_index or 0, n)
  return wrk.format("POST", "/api/bugs/" .. ids_from .. "/comments", json_headers, body)
end

function response(status, headers, body)
  count_status(status, body)
end

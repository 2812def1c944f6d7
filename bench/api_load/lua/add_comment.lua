-- (c) add a comment, walking this thread's own bugs: a bug comes round again only after
-- hundreds of requests, so no two in-flight commands touch one stream (no 409 by design).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local next_id, first, last, n = nil, nil, nil, 0

function init(args)
  first, last = my_slice()
  next_id = first
end

function request()
  local id = next_id
  next_id = next_id + 1
  if next_id > last then next_id = first end
  n = n + 1
  local body = string.format('{"text":"Load comment %d from thread %d"}', n, thread_index or 0)
  return wrk.format("POST", string.format("/api/bugs/%d/comments", id), json_headers, body)
end

function response(status, headers, body)
  count_status(status, body)
end

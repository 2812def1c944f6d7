-- (b) one bug (detail: bug, assignee, comments), walking this thread's ids.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local next_id, first, last
local path_format = os.getenv("BENCH_PATH_FORMAT") or "/api/bugs/%d"

function init(args)
  first, last = my_slice()
  next_id = first
end

function request()
  local id = next_id
  next_id = next_id + 1
  if next_id > last then next_id = first end
  return wrk.format("GET", string.format(path_format, id), auth_headers)
end

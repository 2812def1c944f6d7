-- Calibration: the bare app, one row by id (walking ids) or the 1,000 rows of a project.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local next_id, first, last
local mode = os.getenv("BENCH_BARE") or "one"

function init(args)
  first, last = my_slice()
  next_id = first
end

function request()
  if mode == "many" then
    return wrk.format("GET", "/many/" .. project)
  end
  local id = next_id
  next_id = next_id + 1
  if next_id > last then next_id = first end
  return wrk.format("GET", "/one/" .. id)
end

-- (a) the board of the 1,000-bug project, every card (limit 1000 per column).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

function init(args)
  wrk.method = "GET"
  wrk.headers["Authorization"] = auth_headers["Authorization"]
  wrk.path = os.getenv("BENCH_PATH") or ("/api/projects/" .. project .. "/board?limit=1000")
end

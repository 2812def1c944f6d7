-- Shared by every scenario: per-thread setup, status counting, and a JSON summary line.
-- Environment: BENCH_TOKEN (bearer token), BENCH_IDS_FROM/BENCH_IDS_TO (id range to walk),
-- BENCH_PROJECT (project id), BENCH_ASSIGNEE (user id).

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

token = os.getenv("BENCH_TOKEN")
ids_from = tonumber(os.getenv("BENCH_IDS_FROM") or "1")
ids_to = tonumber(os.getenv("BENCH_IDS_TO") or "1")
project = os.getenv("BENCH_PROJECT") or "1"
assignee = os.getenv("BENCH_ASSIGNEE") or "1"
statuses = {}

auth_headers = { ["Authorization"] = "Bearer " .. (token or "") }
json_headers = {
  ["Authorization"] = "Bearer " .. (token or ""),
  ["Content-Type"] = "application/json",
}

debug = os.getenv("BENCH_DEBUG")

function count_status(status, body)
  if debug and status >= 300 and body then io.stderr:write(tostring(status) .. " " .. body .. "\n") end
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

-- This thread's own slice of [ids_from, ids_to]: threads never touch each other's ids.
function my_slice()
  local index = thread_index or 0
  local threads_n = tonumber(os.getenv("BENCH_THREADS") or "2")
  local span = ids_to - ids_from + 1
  local size = math.floor(span / threads_n)
  local first = ids_from + index * size
  return first, first + size - 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    if counts then
      for key, value in pairs(counts) do
        merged[key] = (merged[key] or 0) + value
      end
    end
  end
  local parts = {}
  for key, value in pairs(merged) do
    table.insert(parts, string.format('"%s":%d', key, value))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ",")))
end

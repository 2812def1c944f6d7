-- (d) the write mix: each bug is reported, assigned, moved to in_progress, given its note,
-- resolved, commented on and closed (closed bugs refuse comments): 7 commands per bug, each
-- a full event-sourced command.
-- A bug's next step is issued only after the response to its previous step arrived (the
-- response body says where the bug is), so the steps of one bug never race; different bugs
-- are in flight at once. When no bug is ready, a new one is reported.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local queue, head, tail, n = {}, 1, 0, 0

local function push(id, step)
  tail = tail + 1
  queue[tail] = { id = id, step = step }
end

function request()
  n = n + 1
  if head > tail then
    local body = string.format(
      '{"project_id":%s,"title":"Mix bug %d/%d","description":"Created by the write mix","priority":"high"}',
      project, thread_index or 0, n)
    return wrk.format("POST", "/api/bugs", json_headers, body)
  end
  local item = queue[head]
  queue[head] = nil
  head = head + 1
  local id, step = item.id, item.step
  if step == "assign" then
    return wrk.format("PUT", "/api/bugs/" .. id, json_headers, '{"assignee_id":' .. assignee .. '}')
  elseif step == "start" then
    return wrk.format("POST", "/api/bugs/" .. id .. "/transition", json_headers, '{"status":"in_progress"}')
  elseif step == "note" then
    return wrk.format("PUT", "/api/bugs/" .. id, json_headers, '{"resolution_note":"Fixed under load"}')
  elseif step == "resolve" then
    return wrk.format("POST", "/api/bugs/" .. id .. "/transition", json_headers, '{"status":"resolved"}')
  elseif step == "close" then
    return wrk.format("POST", "/api/bugs/" .. id .. "/transition", json_headers, '{"status":"closed"}')
  else
    return wrk.format("POST", "/api/bugs/" .. id .. "/comments", json_headers, '{"text":"Closed, thanks"}')
  end
end

function response(status, headers, body)
  count_status(status, body)
  if status >= 300 or body == nil then return end
  local commented = string.match(body, '"bug_id":(%d+)')
  if commented then push(commented, "close") return end -- the comment: close the bug next
  local id = string.match(body, '"data":{"id":(%d+)')
  local state = string.match(body, '"status":"([%a_]+)"')
  if id == nil or state == nil then return end
  if state == "open" then
    if string.find(body, '"assignee_id":null', 1, true) then push(id, "assign") else push(id, "start") end
  elseif state == "in_progress" then
    if string.find(body, '"resolution_note":null', 1, true) then push(id, "note") else push(id, "resolve") end
  elseif state == "resolved" then
    push(id, "comment")
  end -- closed: this bug is done
end

-- wrk script of bench/serve.sh: GET requests that cycle through a file of queries, one a line,
-- percent-encoded into a URL template.
--
--   BENCH_QUERIES=keywords.txt BENCH_URL='/api/search?limit=10&facets=10&q={q}' \
--     [BENCH_HEADER='X-TYPESENSE-API-KEY: key'] wrk -t1 -c8 -d10s --latency -s search.lua http://127.0.0.1:PORT
--
-- Each wrk thread starts at another point of the list, so threads do not send the same query at the
-- same moment. done() prints one line `BENCH {json}` with the figures serve.sh keeps.

local queries = {}
local template = os.getenv("BENCH_URL")
local header = os.getenv("BENCH_HEADER")
local counter = 0
local threads = {}

local function encode(text)
  -- RFC 3986 unreserved characters stay; every other byte (all of UTF-8 Arabic) becomes %XX.
  return (text:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("BENCH_QUERIES")
  for line in io.lines(path) do
    if line ~= "" then
      -- The URL is built once per query, not per request: wrk's Lua runs in the load generator's
      -- own thread and must stay cheap beside the server.
      local url = template:gsub("{q}", function() return encode(line) end)
      table.insert(queries, url)
    end
  end
  if #queries == 0 then
    error("no queries in " .. path)
  end
  if header and header ~= "" then
    local name, value = header:match("^([^:]+):%s*(.*)$")
    wrk.headers[name] = value
  end
  -- Threads spread over the list.
  index = (id * 7919) % #queries
end

function request()
  index = index % #queries + 1
  return wrk.format("GET", queries[index])
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,' ..
    '"mean_ms":%.3f,"max_ms":%.3f,"errors_connect":%d,"errors_read":%d,"errors_write":%d,' ..
    '"errors_status":%d,"errors_timeout":%d,"bytes_per_response":%.0f}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, summary.bytes / math.max(summary.requests, 1)))
end

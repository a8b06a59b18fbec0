-- wrk script for POST /api/events (bench/server_bench.sh runs it).
-- Every request is a batch of BATCH events with ids unique across the whole run:
--   e_<run>_<thread>_<request>_<k>
-- Each thread counts the batches it generated and the answers that said every event was stored;
-- done() prints them so the driver can compare with what SQLite holds afterwards.
-- Settings come from the environment: WRK_RUN (id prefix, [A-Za-z0-9]), WRK_BATCH (events per
-- request), WRK_SHOPS (comma-separated shop slugs).

local run = os.getenv("WRK_RUN") or "r0"
local batch = tonumber(os.getenv("WRK_BATCH") or "20")
local shops = {}
for s in string.gmatch(os.getenv("WRK_SHOPS") or "carol", "[^,]+") do shops[#shops + 1] = s end
local types = {"visit", "product_view", "add_to_cart", "visit", "product_view", "share"}
local channels = {"qr", "share", "link", "direct"}

local threads = {}
local next_tid = 0

function setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
  threads[#threads + 1] = thread
end

function init(args)
  sent = 0       -- batches generated (written to a connection)
  answered = 0   -- 200 answers with "stored":BATCH
  other = 0      -- any other answer
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  local parts = {}
  local now = os.time() * 1000
  for k = 1, batch do
    local shop = shops[(sent + k) % #shops + 1]
    parts[k] = string.format(
      '{"id":"e_%s_%d_%d_%d","type":"%s","shop":"%s","product":"","visitor":"v_%s_%d_%d","channel":"%s","campaign":"bench","hop":%d,"at":%d}',
      run, tid, sent, k, types[(sent + k) % #types + 1], shop, run, tid, (sent * 7 + k) % 5000,
      channels[(sent + k) % #channels + 1], k % 4, now)
  end
  return wrk.format(nil, nil, nil, '{"events":[' .. table.concat(parts, ",") .. ']}')
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"stored": ' .. batch .. ',', 1, true) then
    answered = answered + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local s, a, o = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    a = a + t:get("answered")
    o = o + t:get("other")
  end
  local e = summary.errors
  io.write(string.format("WRK_RESULT requests=%d duration_us=%d sent_batches=%d answered_batches=%d other_answers=%d " ..
                         "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d " ..
                         "p50_us=%d p90_us=%d p99_us=%d max_us=%d batch=%d\n",
                         summary.requests, summary.duration, s, a, o, e.connect, e.read, e.write, e.status, e.timeout,
                         latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, batch))
end

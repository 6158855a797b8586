-- wrk script for bench/http_bench.py: one request kind per run, chosen by environment variables.
--
--   BENCH_METHOD   GET (default), POST or DELETE
--   BENCH_PATH     request path (DELETE: the prefix, the job id is appended)
--   BENCH_BODY     file whose content is the POST body
--   BENCH_USER, BENCH_TOKEN   X-SLURM-USER-NAME / X-SLURM-USER-TOKEN (omitted when empty)
--   BENCH_ID_FIRST, BENCH_ID_LAST   DELETE: the job ids to cancel, each once, in order
--   BENCH_MAX_REQUESTS   GET/POST: stop after sending this many (0: no limit)
--   BENCH_STOP_PATH      the harmless GET a stopped thread's connections send last
--
-- done() prints one line "BENCH_RESULT {json}" with the counts, error counts, p50/p99/max
-- latency (microseconds) and, for DELETE, the ids used and the elapsed time until the ids ran
-- out (wrk's own duration is the full -d even when the thread stopped early).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]

local function now_us()
  local ts = ffi.new("bench_timespec")
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local stop_path = os.getenv("BENCH_STOP_PATH") or path
local headers = {}
local user, token = os.getenv("BENCH_USER") or "", os.getenv("BENCH_TOKEN") or ""
if user ~= "" then headers["X-SLURM-USER-NAME"] = user end
if token ~= "" then headers["X-SLURM-USER-TOKEN"] = token end

local fixed -- the one pre-formatted request of GET/POST runs
-- Globals read back by done() through thread:get().
next_id = tonumber(os.getenv("BENCH_ID_FIRST") or "1")
last_id = tonumber(os.getenv("BENCH_ID_LAST") or "0")
started_us = 0
stopped_us = 0
sent = 0
local max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "0")

-- Stops this wrk thread (its remaining connections send one last harmless request that is
-- never answered within the run) and notes when, so that the rate covers the time used.
local function stop()
  if stopped_us == 0 then
    stopped_us = now_us()
    wrk.thread:stop()
  end
  return wrk.format("GET", stop_path, headers)
end

function init(args)
  started_us = now_us()
  if method == "DELETE" then return end
  local body = nil
  local file = os.getenv("BENCH_BODY")
  if file and file ~= "" then
    local f = assert(io.open(file, "rb"))
    body = f:read("*a")
    f:close()
    headers["Content-Type"] = "application/json"
  end
  fixed = wrk.format(method, path, headers, body)
end

function request()
  if fixed then
    if max_requests > 0 and sent >= max_requests then return stop() end
    sent = sent + 1
    return fixed
  end
  -- Every id was cancelled once: stop here (a second DELETE of a job would be an error).
  if next_id > last_id then return stop() end
  local id = next_id
  next_id = next_id + 1
  return wrk.format("DELETE", path .. id, headers)
end

function done(summary, latency, requests)
  local t = threads[1]
  local e = summary.errors
  local elapsed = summary.duration
  local started, stopped = t:get("started_us"), t:get("stopped_us")
  if stopped and stopped > 0 then elapsed = stopped - started end
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "elapsed_us": %d, "bytes": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, ' ..
    '"timeouts": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, "next_id": %d}\n',
    summary.requests, summary.duration, elapsed, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(99), latency.max,
    t:get("next_id")))
end

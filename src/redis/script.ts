// The shared budget's one atomic step, run inside Redis on the Redis server's clock (TIME), so
// processes on machines with different clocks agree. It is src/budget/gcra.ts's trySlot on one
// hash key: `tat` is the theoretical arrival time of the next request, in ms of the server's
// clock (a TAT up to 2 intervals behind "now" catches up, one further behind restarts at now:
// CATCH_UP_INTERVALS). A pause (ARGV[3] > 0) moves `tat` to at least the end of the pause, which
// holds every process sharing the key and releases them afterwards one interval apart.
//
// KEYS[1] budget hash; ARGV[1] interval ms; ARGV[2] horizon ms; ARGV[3] pause ms (0: take a slot).
// Returns { reserved (1/0), wait ms }. The key expires a minute after its last slot: an idle
// budget leaves nothing behind.

/** The Lua source. */
export const BUDGET_SCRIPT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat')) or 0
if tat < now - 2 * interval then tat = now end
local pause = tonumber(ARGV[3])
if pause > 0 then
  if now + pause > tat then tat = now + pause end
  redis.call('HSET', KEYS[1], 'tat', tat, 'paused', now + pause)
  redis.call('PEXPIRE', KEYS[1], math.ceil(tat - now) + 60000)
  return {0, tat - now}
end
local wait = tat - now
if wait < 0 then wait = 0 end
local horizon = tonumber(ARGV[2])
if wait > horizon then return {0, wait - horizon} end
tat = tat + interval
redis.call('HSET', KEYS[1], 'tat', tat)
redis.call('PEXPIRE', KEYS[1], math.ceil(tat - now) + 60000)
return {1, wait}`;

/** SHA-1 of {@link BUDGET_SCRIPT} for EVALSHA (test/redis checks it against the source). */
export const BUDGET_SCRIPT_SHA = "d1fe268a74ae40b90890b1d9b12695b75f644654";

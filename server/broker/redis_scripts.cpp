#include "server/broker/redis_scripts.hpp"

namespace ibasho::redis_scripts {

// What a message costs Redis is mostly Lua's price per redis.call (about as much as the command
// itself), so this script calls as little as it can: the seq is read once and written once per
// batch (SET ... EX refreshes its TTL for free), the ids of recent messages live in one sorted
// set per room (member = dedupe id, score = seq: one ZADD NX tests and records a lone id, one
// ZMSCORE and one ZADD serve a batch), and the length cap lets the list run `slack` entries
// long before one LTRIM cuts it back, because removing a run from a packed list node costs
// what removing one entry does. Reads cap at the
// length themselves, so nobody sees the slack. Age trimming reads only the oldest entry, and
// ids leave the set exactly when their entries leave the history.
const char* const publish_batch = R"lua(
local maxlen = tonumber(ARGV[1])
local age = tonumber(ARGV[2])
local slack = tonumber(ARGV[5])
local legacy = ARGV[6]
local keep = maxlen > 0 and age > 0
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
-- The ids already sequenced: one ZADD NX when the batch has one, else one ZMSCORE for all.
local ids, known = {}, {}
for b = 7, #ARGV, 5 do
  if ARGV[b + 1] ~= '' then ids[#ids + 1] = ARGV[b + 1] end
end
if #ids > 1 then
  local scores = redis.call('ZMSCORE', KEYS[3], unpack(ids))
  for i, id in ipairs(ids) do
    if scores[i] then known[id] = tonumber(scores[i]) end
  end
end
local out, entries, added = {}, {}, {}
local last_ts = 0
for b = 7, #ARGV, 5 do
  local id = ARGV[b + 1]
  local prev = nil
  if id ~= '' then
    if #ids == 1 then
      if redis.call('ZADD', KEYS[3], 'NX', seq + 1, id) == 0 then
        prev = tonumber(redis.call('ZSCORE', KEYS[3], id))
      end
    else
      prev = known[id]
    end
    if not prev and legacy ~= '' then
      -- A rolling upgrade: an older node recorded its ids as one key each.
      local old = redis.call('GET', legacy .. id)
      if old then prev = tonumber(old) end
    end
  end
  if prev then
    out[#out + 1] = -prev
    if #ids == 1 then redis.call('ZADD', KEYS[3], 'XX', prev, id) end
  else
    seq = seq + 1
    out[#out + 1] = seq
    if id ~= '' then
      known[id] = seq  -- a repeat later in this batch
      added[#added + 1] = seq
      added[#added + 1] = id
    end
    last_ts = math.max(last_ts, tonumber(ARGV[b]))
    entries[#entries + 1] = seq .. '|' .. ARGV[b] .. '|' .. ARGV[b + 2] .. '\31' .. ARGV[b + 3] ..
      '\31' .. ARGV[b + 4]
  end
end
if #ids > 1 and #added > 0 then redis.call('ZADD', KEYS[3], unpack(added)) end
if #entries == 0 then return out end
redis.call('SET', KEYS[1], seq, 'EX', 172800)
local trimmed, first = false, seq + 1
if keep then
  local len = redis.call('RPUSH', KEYS[2], unpack(entries))
  if len > maxlen + slack then
    redis.call('LTRIM', KEYS[2], -maxlen, -1)
    len = maxlen
    trimmed = true
  end
  local cutoff = last_ts - age
  while len > 0 do
    local e = redis.call('LINDEX', KEYS[2], 0)
    local p1 = string.find(e, '|', 1, true)
    local p2 = string.find(e, '|', p1 + 1, true)
    if tonumber(string.sub(e, p1 + 1, p2 - 1)) >= cutoff then
      first = tonumber(string.sub(e, 1, p1 - 1))
      break
    end
    redis.call('LPOP', KEYS[2])
    len = len - 1
    trimmed = true
  end
  redis.call('PEXPIRE', KEYS[2], age)
elseif #ids > 0 and seq % 64 < #entries then
  -- No history to follow: keep the ids of the last 1024 events (and the window's TTL).
  first = seq - 1023
  trimmed = true
end
if #ids > 0 then
  if trimmed then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. first) end
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
end
for _, e in ipairs(entries) do redis.call('PUBLISH', ARGV[3], e) end
return out
)lua";

const char* const history = R"lua(
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local since = tonumber(ARGV[1])
local cutoff = tonumber(ARGV[2]) - tonumber(ARGV[3])
local maxlen = tonumber(ARGV[4])
local items = redis.call('LRANGE', KEYS[2], maxlen > 0 and -maxlen or 0, -1)
local out = {last, last + 1}
local found = false
for _, item in ipairs(items) do
  local p1 = string.find(item, '|', 1, true)
  local p2 = string.find(item, '|', p1 + 1, true)
  local seq = tonumber(string.sub(item, 1, p1 - 1))
  local ts = tonumber(string.sub(item, p1 + 1, p2 - 1))
  if ts >= cutoff then
    if not found then out[2] = seq; found = true end
    if seq > since then table.insert(out, item) end
  end
end
return out
)lua";

// Finds the history entry of one seq: history holds consecutive seqs oldest first, so the
// entry is normally at seq - first; a scan covers a list with holes (limits changed).
// Sets `found` (0-based index) and `item`; replace and entry run it first.
const char* const find_entry = R"lua(
local function seq_of(item)
  local p1 = string.find(item, '|', 1, true)
  return tonumber(string.sub(item, 1, p1 - 1))
end
local want = tonumber(ARGV[1])
local found, item = nil, nil
local first = redis.call('LINDEX', KEYS[1], 0)
if first then
  local guess = redis.call('LINDEX', KEYS[1], want - seq_of(first))
  if guess and seq_of(guess) == want and want >= seq_of(first) then
    found, item = want - seq_of(first), guess
  else
    local items = redis.call('LRANGE', KEYS[1], 0, -1)
    for i, it in ipairs(items) do
      if seq_of(it) == want then found, item = i - 1, it; break end
    end
  end
end
)lua";

// The entry keeps its seq and ts; LSET leaves the list's expiry as it is.
const char* const replace_tail = R"lua(
if not found then return 0 end
local p1 = string.find(item, '|', 1, true)
local p2 = string.find(item, '|', p1 + 1, true)
local entry = string.sub(item, 1, p2) .. ARGV[2] .. '\31' .. ARGV[3] .. '\31' .. ARGV[4]
redis.call('LSET', KEYS[1], found, entry)
return 1
)lua";

const char* const entry_tail = R"lua(
if not found then return false end
return item
)lua";

}  // namespace ibasho::redis_scripts

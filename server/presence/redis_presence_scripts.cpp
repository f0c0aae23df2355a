#include "server/presence/redis_presence_scripts.hpp"

namespace ibasho::presence_scripts {

// Removes expired members of one room (KEYS[1] zset, KEYS[2] hash); returns how many.
namespace {
// Shared by the scripts that read a room: they drop expired members first.
constexpr const char* reap_fn = R"lua(
-- A member's value is <listening 0/1><badge: '' | 's' | 'o'><'w' once written or stamped>|<nickname>.
local function nick_of(v)
  local bar = string.find(v, '|', 1, true)
  return bar and string.sub(v, bar + 1) or ''
end
local function reap(z, h, now)
  local expired = redis.call('ZRANGEBYSCORE', z, '-inf', now)
  for _, m in ipairs(expired) do
    redis.call('HDEL', h, m)
    redis.call('HDEL', h .. ':by', m)
  end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', z, '-inf', now) end
  return #expired
end
)lua";
}  // namespace

// KEYS: z, h, rooms. ARGV: member, listening (0/1) followed by the badge letter if any, capacity,
// now, expiry ms, room, channel, holder, clash ('r' refuse / 't' take an alternative), nick,
// alternatives... (h .. ':by' maps member -> the connection holding the seat) Returns {0,''}
// full, {1,nick} joined, {2,nick} already present, {3,'',free...} nick held by another member
// (up to 3 of the alternatives nobody holds; nothing is written).
const std::string join_lua = std::string(reap_fn) + R"lua(
local CH = 7
local now = tonumber(ARGV[4])
local reaped = reap(KEYS[1], KEYS[2], now)
local exp = now + tonumber(ARGV[5])
local existing = redis.call('HGET', KEYS[2], ARGV[1])
local result
if existing then
  local nick = nick_of(existing)
  -- A resume keeps the seat's "has written" mark (issue 13: names only after writing).
  local status = ARGV[2]
  local bar = string.find(existing, '|', 1, true) or 1
  if string.find(string.sub(existing, 1, bar), 'w', 1, true) and not string.find(status, 'w', 1, true) then
    status = status .. 'w'
  end
  redis.call('HSET', KEYS[2], ARGV[1], status .. '|' .. nick)
  redis.call('ZADD', KEYS[1], exp, ARGV[1])
  redis.call('HSET', KEYS[2] .. ':by', ARGV[1], ARGV[8])
  result = {2, nick}
else
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
    if reaped > 0 then redis.call('PUBLISH', ARGV[CH], ARGV[6]) end
    return {0, ''}
  end
  local taken = {}
  for _, v in ipairs(redis.call('HVALS', KEYS[2])) do taken[nick_of(v)] = true end
  local nick = ARGV[10]
  if taken[nick] then
    local free = {}
    for i = 11, #ARGV do
      if not taken[ARGV[i]] then table.insert(free, ARGV[i]) end
    end
    if ARGV[9] == 't' and #free > 0 then
      nick = free[1]
    else
      if reaped > 0 then redis.call('PUBLISH', ARGV[CH], ARGV[6]) end
      local out = {3, ''}
      for i = 1, math.min(#free, 3) do table.insert(out, free[i]) end
      return out
    end
  end
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '|' .. nick)
  redis.call('ZADD', KEYS[1], exp, ARGV[1])
  redis.call('HSET', KEYS[2] .. ':by', ARGV[1], ARGV[8])
  result = {1, nick}
end
local ttl = tonumber(ARGV[5]) * 4
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('PEXPIRE', KEYS[2] .. ':by', ttl)
redis.call('SADD', KEYS[3], ARGV[6])
redis.call('PEXPIRE', KEYS[3], 86400000)
redis.call('PUBLISH', ARGV[CH], ARGV[6])
return result
)lua";

// KEYS: z, h. ARGV: member, room, channel, holder ('' = whoever holds the seat).
const char* const leave_lua = R"lua(
local CH = 3
if ARGV[4] ~= '' then
  local current = redis.call('HGET', KEYS[2] .. ':by', ARGV[1])
  if current and current ~= ARGV[4] then return 0 end
end
redis.call('HDEL', KEYS[2] .. ':by', ARGV[1])
local removed = redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
if removed > 0 then redis.call('PUBLISH', ARGV[CH], ARGV[2]) end
return removed
)lua";

// KEYS: z, h. ARGV: member, listening (0/1), room, channel.
const char* const status_lua = R"lua(
local CH = 4
local v = redis.call('HGET', KEYS[2], ARGV[1])
if not v then return 0 end
if string.sub(v, 1, 1) == ARGV[2] then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. string.sub(v, 2))
redis.call('PUBLISH', ARGV[CH], ARGV[3])
return 1
)lua";

// KEYS: z, h. ARGV: member, room, channel. Adds the 'w' mark before the nickname's bar; returns
// 1 (and announces the change) only the first time.
const char* const spoke_lua = R"lua(
local CH = 3
local v = redis.call('HGET', KEYS[2], ARGV[1])
if not v then return 0 end
local bar = string.find(v, '|', 1, true)
if not bar then return 0 end
if string.find(string.sub(v, 1, bar), 'w', 1, true) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], string.sub(v, 1, bar - 1) .. 'w' .. string.sub(v, bar))
redis.call('PUBLISH', ARGV[CH], ARGV[2])
return 1
)lua";

// KEYS: z, h. ARGV: now, room, channel. Returns {member, value, member, value, ...}.
const std::string members_lua = std::string(reap_fn) + R"lua(
local CH = 3
if reap(KEYS[1], KEYS[2], tonumber(ARGV[1])) > 0 then
  redis.call('PUBLISH', ARGV[CH], ARGV[2])
end
return redis.call('HGETALL', KEYS[2])
)lua";

// KEYS: z1, h1, z2, h2, ... ARGV: now, channel, room1, room2, ...
// Returns {count1, listening1, staff1, count2, listening2, staff2, ...}.
const std::string counts_lua = std::string(reap_fn) + R"lua(
local CH = 2
local now = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS, 2 do
  if reap(KEYS[i], KEYS[i + 1], now) > 0 then
    redis.call('PUBLISH', ARGV[CH], ARGV[(i + 1) / 2 + 2])
  end
  local vals = redis.call('HVALS', KEYS[i + 1])
  local listening = 0
  local staff = 0
  for _, v in ipairs(vals) do
    if string.sub(v, 1, 1) == '1' then listening = listening + 1 end
    local b = string.sub(v, 2, 2)
    if b == 's' or b == 'o' then staff = staff + 1 end
  end
  table.insert(out, #vals)
  table.insert(out, listening)
  table.insert(out, staff)
end
return out
)lua";

// KEYS: rooms set. ARGV: now, channel, key prefix. Sweeps every room that has had members;
// announces changes.
const std::string reap_lua = std::string(reap_fn) + R"lua(
local CH = 2
local now = tonumber(ARGV[1])
local rooms = redis.call('SMEMBERS', KEYS[1])
local changed = 0
for _, room in ipairs(rooms) do
  local z = ARGV[3] .. '{' .. room .. '}:pz'
  local h = ARGV[3] .. '{' .. room .. '}:pm'
  if reap(z, h, now) > 0 then
    redis.call('PUBLISH', ARGV[CH], room)
    changed = changed + 1
  end
  if redis.call('EXISTS', z) == 0 then redis.call('SREM', KEYS[1], room) end
end
return changed
)lua";

}  // namespace ibasho::presence_scripts

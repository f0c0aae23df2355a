#include "server/store/redis_store.hpp"

#include <algorithm>
#include <charconv>

#include "server/log.hpp"
#include "server/store/durable_keys.hpp"

namespace ibasho {

namespace {

// Expiry is Redis's own clock (TIME), the same clock that expires the record keys, so an
// index never outlives its records by more than one read or write of that index.
constexpr const char* now_lua = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
)lua";

// KEYS: record. Returns {} or {version, owner, body, pttl}.
constexpr const char* get_lua = R"lua(
local r = redis.call('HMGET', KEYS[1], 'v', 'o', 'b')
if not r[1] then return {} end
return {r[1], r[2] or '', r[3] or '', redis.call('PTTL', KEYS[1])}
)lua";

// KEYS: index. ARGV: record key base (up to the id). Returns {id, version, owner, body, pttl}*.
// Drops ids that expired, and ids whose record is gone, from the index it reads.
constexpr const char* list_body_lua = R"lua(
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local key = ARGV[1] .. id
  local r = redis.call('HMGET', key, 'v', 'o', 'b')
  if r[1] then
    table.insert(out, id)
    table.insert(out, r[1])
    table.insert(out, r[2] or '')
    table.insert(out, r[3] or '')
    table.insert(out, redis.call('PTTL', key))
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
)lua";

// KEYS: record, kind index, owner index. ARGV: expected ('any' or a version), owner, body,
// ttl ms (0 = none), owner index base (up to the owner), id, channel, kind.
// Returns {0 ok | 1 not_found | 2 conflict, version}. The old owner's index is named in the
// script: every Store key carries the same hash tag, so it is in the same Cluster slot.
constexpr const char* put_body_lua = R"lua(
local cur = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if ARGV[1] ~= 'any' then
  local want = tonumber(ARGV[1])
  if want ~= cur then
    if want ~= 0 and cur == 0 then return {1, 0} end
    return {2, cur}
  end
end
local old_owner = redis.call('HGET', KEYS[1], 'o')
local v = cur + 1
redis.call('HSET', KEYS[1], 'v', v, 'o', ARGV[2], 'b', ARGV[3])
local ttl = tonumber(ARGV[4])
local score = '+inf'
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  score = string.format('%d', now + ttl)
else
  redis.call('PERSIST', KEYS[1])
end
if old_owner and old_owner ~= ARGV[2] then redis.call('ZREM', ARGV[5] .. old_owner, ARGV[6]) end
redis.call('ZADD', KEYS[2], score, ARGV[6])
redis.call('ZADD', KEYS[3], score, ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
redis.call('PUBLISH', ARGV[7], ARGV[8] .. '\n' .. ARGV[6] .. '\n' .. v)
return {0, v}
)lua";

// KEYS: record, kind index. ARGV: expected ('any' or a version), owner index base, id,
// channel, kind. Returns {0 ok | 1 not_found | 2 conflict}.
constexpr const char* remove_lua = R"lua(
local r = redis.call('HMGET', KEYS[1], 'v', 'o')
if not r[1] then return 1 end
if ARGV[1] ~= 'any' and tonumber(ARGV[1]) ~= tonumber(r[1]) then return 2 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('ZREM', ARGV[2] .. (r[2] or ''), ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5] .. '\n' .. ARGV[3] .. '\n0')
return 0
)lua";

std::optional<std::uint64_t> to_u64(std::string_view s) {
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

// A reply's version, owner, body and PTTL (from `at`) as a record; false if malformed.
bool read_record(const redisReply* r, std::size_t at, StoreRecord& out) {
    const auto v = to_u64(redis::as_string(redis::array_at(r, at)));
    if (!v)
        return false;
    out.version = *v;
    out.owner = std::string(redis::as_string(redis::array_at(r, at + 1)));
    out.body = std::string(redis::as_string(redis::array_at(r, at + 2)));
    const long long pttl = redis::as_integer(redis::array_at(r, at + 3), -1);
    out.ttl = std::chrono::milliseconds(pttl > 0 ? pttl : 0);
    return true;
}

std::string expected_arg(std::uint64_t expected) {
    return expected == Store::any_version ? "any" : std::to_string(expected);
}

StoreResult from_code(long long code) {
    switch (code) {
        case 0:
            return StoreResult::ok;
        case 1:
            return StoreResult::not_found;
        case 2:
            return StoreResult::conflict;
        default:
            return StoreResult::unavailable;
    }
}

void log_failure(const char* what, const redisReply* r) {
    // Only Redis's own error text: never a key, an id or a body.
    if (r != nullptr)
        log::error(what, {{"reply", redis::as_string(r)}});
}

}  // namespace

RedisStore::RedisStore(redis::Node& node)
    : node_(node),
      get_script_(get_lua),
      list_script_(std::string(now_lua) + list_body_lua),
      put_script_(std::string(now_lua) + put_body_lua),
      remove_script_(remove_lua) {
    node_.route(
        channel(), [this](std::string_view, std::string_view payload) { on_message(payload); },
        [this](const std::string&) { on_subscribed(); });
    node_.post([this] { node_.subscriber().subscribe(channel()); });
}

std::string RedisStore::record_key(const std::string& kind, const std::string& id) const {
    return node_.prefix() + std::string(durable_keys::store_record) + kind + ":" + id;
}
std::string RedisStore::kind_index(const std::string& kind) const {
    return node_.prefix() + std::string(durable_keys::store_kind_index) + kind;
}
std::string RedisStore::owner_index(const std::string& kind, const std::string& owner) const {
    return node_.prefix() + std::string(durable_keys::store_owner_index) + kind + ":" + owner;
}
std::string RedisStore::channel() const {
    return node_.prefix() + "store";
}

void RedisStore::get(const std::string& kind, const std::string& id, GetDone done) {
    if (!valid_kind(kind) || !valid_id(id)) {
        if (done)
            done(StoreResult::invalid, {});
        return;
    }
    node_.post([this, kind, id, done = std::move(done)]() mutable {
        get_script_.run(node_.commands(), {record_key(kind, id)}, {},
                        [kind, id, done = std::move(done)](const redisReply* r) {
                            if (!done)
                                return;
                            if (redis::is_error(r)) {
                                log_failure("store_get_failed", r);
                                done(StoreResult::unavailable, {});
                                return;
                            }
                            if (redis::array_size(r) == 0) {
                                done(StoreResult::not_found, {});
                                return;
                            }
                            StoreRecord out{kind, id, {}, 0, {}, {}};
                            if (!read_record(r, 0, out)) {
                                done(StoreResult::unavailable, {});
                                return;
                            }
                            done(StoreResult::ok, std::move(out));
                        });
    });
}

void RedisStore::list(const std::string& kind, const std::optional<std::string>& owner,
                      ListDone done) {
    if (!valid_kind(kind) || (owner && !valid_owner(*owner))) {
        if (done)
            done(StoreResult::invalid, {});
        return;
    }
    node_.post([this, kind, owner, done = std::move(done)]() mutable {
        const std::string index = owner ? owner_index(kind, *owner) : kind_index(kind);
        const std::string base = record_key(kind, "");
        list_script_.run(
            node_.commands(), {index}, {base}, [kind, done = std::move(done)](const redisReply* r) {
                if (!done)
                    return;
                if (redis::is_error(r)) {
                    log_failure("store_list_failed", r);
                    done(StoreResult::unavailable, {});
                    return;
                }
                std::vector<StoreRecord> out;
                const std::size_t n = redis::array_size(r);
                for (std::size_t i = 0; i + 5 <= n; i += 5) {
                    StoreRecord rec{
                        kind, std::string(redis::as_string(redis::array_at(r, i))), {}, 0, {}, {}};
                    if (read_record(r, i + 1, rec))
                        out.push_back(std::move(rec));
                }
                // The index orders by expiry first; the contract is "sorted by id".
                std::sort(out.begin(), out.end(),
                          [](const StoreRecord& a, const StoreRecord& b) { return a.id < b.id; });
                done(StoreResult::ok, std::move(out));
            });
    });
}

void RedisStore::put(StoreRecord record, std::uint64_t expected, PutDone done) {
    if (!valid_record(record)) {
        if (done)
            done(StoreResult::invalid, 0);
        return;
    }
    node_.post([this, record = std::move(record), expected, done = std::move(done)]() mutable {
        const std::string keys[3] = {record_key(record.kind, record.id), kind_index(record.kind),
                                     owner_index(record.kind, record.owner)};
        const std::string want = expected_arg(expected);
        const std::string ttl = std::to_string(record.ttl.count());
        const std::string owner_base = owner_index(record.kind, "");
        const std::string chan = channel();
        put_script_.run(
            node_.commands(), {keys[0], keys[1], keys[2]},
            {want, record.owner, record.body, ttl, owner_base, record.id, chan, record.kind},
            [done = std::move(done)](const redisReply* r) {
                if (!done)
                    return;
                if (redis::is_error(r) || redis::array_size(r) != 2) {
                    log_failure("store_put_failed", r);
                    done(StoreResult::unavailable, 0);
                    return;
                }
                done(from_code(redis::as_integer(redis::array_at(r, 0), -1)),
                     static_cast<std::uint64_t>(redis::as_integer(redis::array_at(r, 1))));
            });
    });
}

void RedisStore::remove(const std::string& kind, const std::string& id, std::uint64_t expected,
                        RemoveDone done) {
    if (!valid_kind(kind) || !valid_id(id)) {
        if (done)
            done(StoreResult::invalid);
        return;
    }
    node_.post([this, kind, id, expected, done = std::move(done)]() mutable {
        const std::string keys[2] = {record_key(kind, id), kind_index(kind)};
        const std::string want = expected_arg(expected);
        const std::string owner_base = owner_index(kind, "");
        const std::string chan = channel();
        remove_script_.run(node_.commands(), {keys[0], keys[1]}, {want, owner_base, id, chan, kind},
                           [done = std::move(done)](const redisReply* r) {
                               if (!done)
                                   return;
                               if (redis::is_error(r)) {
                                   log_failure("store_remove_failed", r);
                                   done(StoreResult::unavailable);
                                   return;
                               }
                               done(from_code(redis::as_integer(r, -1)));
                           });
    });
}

void RedisStore::watch(WatchFn fn) {
    if (!fn)
        return;
    node_.post([this, fn = std::move(fn)]() mutable { watchers_.push_back(std::move(fn)); });
}

void RedisStore::on_message(std::string_view payload) {
    const auto a = payload.find('\n');
    const auto b = a == std::string_view::npos ? a : payload.find('\n', a + 1);
    if (b == std::string_view::npos)
        return;
    const auto version = to_u64(payload.substr(b + 1));
    if (!version)
        return;
    tell(StoreChange{std::string(payload.substr(0, a)),
                     std::string(payload.substr(a + 1, b - a - 1)), *version});
}

void RedisStore::on_subscribed() {
    // After the first confirmation, a new one means the subscriber reconnected: anything
    // published while it was down never reached us.
    if (++subscriptions_ > 1)
        tell(StoreChange{{}, {}, 0, true});
}

void RedisStore::tell(const StoreChange& change) {
    for (const auto& fn : watchers_)
        fn(change);
}

}  // namespace ibasho

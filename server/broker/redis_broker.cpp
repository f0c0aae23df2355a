#include "server/broker/redis_broker.hpp"

#include <charconv>

#include "protocol/room_event.hpp"
#include "server/log.hpp"

namespace ibasho {

namespace {

// KEYS: seq, history, dedupe. ARGV: head, tail, ts, max length, max age (ms), channel,
// dedupe? ("1"/"0"), dedupe window (s), middle. Returns {1, seq} or {0, seq of the original}.
// History entries and published payloads are "seq|ts|head<0x1f>middle<0x1f>tail": the script
// never writes event JSON itself; every node joins the parts with protocol::assemble_event().
constexpr const char* publish_lua = R"lua(
local ts = tonumber(ARGV[3])
local maxlen = tonumber(ARGV[4])
local age = tonumber(ARGV[5])
if ARGV[7] == '1' then
  local prev = redis.call('GET', KEYS[3])
  if prev then return {0, tonumber(prev)} end
end
local seq = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], 172800)
local entry = seq .. '|' .. ARGV[3] .. '|' .. ARGV[1] .. '\31' .. ARGV[9] .. '\31' .. ARGV[2]
if maxlen > 0 and age > 0 then
  redis.call('RPUSH', KEYS[2], entry)
  redis.call('LTRIM', KEYS[2], -maxlen, -1)
  local cutoff = ts - age
  for _ = 1, maxlen do
    local first = redis.call('LINDEX', KEYS[2], 0)
    if not first then break end
    local p1 = string.find(first, '|', 1, true)
    local p2 = string.find(first, '|', p1 + 1, true)
    if tonumber(string.sub(first, p1 + 1, p2 - 1)) >= cutoff then break end
    redis.call('LPOP', KEYS[2])
  end
  redis.call('PEXPIRE', KEYS[2], age)
end
if ARGV[7] == '1' then redis.call('SET', KEYS[3], seq, 'EX', tonumber(ARGV[8])) end
redis.call('PUBLISH', ARGV[6], entry)
return {1, seq}
)lua";

// KEYS: seq, history. ARGV: since, now (ms), max age (ms).
// Returns {last seq, first seq still kept, entries after since...}.
constexpr const char* history_lua = R"lua(
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local since = tonumber(ARGV[1])
local cutoff = tonumber(ARGV[2]) - tonumber(ARGV[3])
local items = redis.call('LRANGE', KEYS[2], 0, -1)
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
// KEYS: history. ARGV: seq. Sets `found` (1-based index) and `item`.
constexpr const char* find_entry_lua = R"lua(
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

// KEYS: history. ARGV: seq, head, middle, tail. Returns 1 when replaced, 0 when not kept.
// The entry keeps its seq and ts; LSET leaves the list's expiry as it is.
constexpr const char* replace_tail_lua = R"lua(
if not found then return 0 end
local p1 = string.find(item, '|', 1, true)
local p2 = string.find(item, '|', p1 + 1, true)
local entry = string.sub(item, 1, p2) .. ARGV[2] .. '\31' .. ARGV[3] .. '\31' .. ARGV[4]
redis.call('LSET', KEYS[1], found, entry)
return 1
)lua";

// KEYS: history. ARGV: seq. Returns the stored entry, or nil.
constexpr const char* entry_tail_lua = R"lua(
if not found then return false end
return item
)lua";

}  // namespace

bool parse_entry(std::string_view entry, RoomEvent& out) {
    const auto p1 = entry.find('|');
    if (p1 == std::string_view::npos)
        return false;
    const auto p2 = entry.find('|', p1 + 1);
    if (p2 == std::string_view::npos)
        return false;
    const auto p3 = entry.find(protocol::event_parts_separator, p2 + 1);
    if (p3 == std::string_view::npos)
        return false;
    const auto p4 = entry.find(protocol::event_parts_separator, p3 + 1);
    if (p4 == std::string_view::npos)
        return false;
    auto [a, ea] = std::from_chars(entry.data(), entry.data() + p1, out.seq);
    auto [b, eb] = std::from_chars(entry.data() + p1 + 1, entry.data() + p2, out.ts);
    if (ea != std::errc{} || eb != std::errc{} || a != entry.data() + p1 ||
        b != entry.data() + p2) {
        return false;
    }
    out.frame = make_frame(protocol::assemble_event(entry.substr(p2 + 1, p3 - p2 - 1), out.seq,
                                                    entry.substr(p3 + 1, p4 - p3 - 1), out.ts,
                                                    entry.substr(p4 + 1)));
    return true;
}

std::string RedisBroker::channel_of(const std::string& room) const {
    return node_.prefix() + "r:" + room;
}
std::string RedisBroker::seq_key(const std::string& room) const {
    return node_.prefix() + "{" + room + "}:seq";
}
std::string RedisBroker::history_key(const std::string& room) const {
    return node_.prefix() + "{" + room + "}:h";
}
std::string RedisBroker::dedupe_key(const std::string& room, const std::string& id) const {
    return node_.prefix() + "{" + room + "}:d:" + id;
}

RedisBroker::RedisBroker(redis::Node& node, const Clock& clock)
    : node_(node),
      clock_(clock),
      publish_script_(publish_lua),
      history_script_(history_lua),
      replace_script_(std::string(find_entry_lua) + replace_tail_lua),
      entry_script_(std::string(find_entry_lua) + entry_tail_lua) {
    node_.route(
        node_.prefix() + "r:",
        [this](std::string_view channel, std::string_view payload) {
            on_message(channel, payload);
        },
        [this](const std::string& channel) { on_subscribed(channel); });
}

void RedisBroker::set_sink(Sink sink) {
    sink_ = std::move(sink);
}

void RedisBroker::publish(EventDraft draft, HistoryLimits limits, PublishDone done) {
    const std::int64_t ts = clock_.unix_ms();
    node_.post([this, draft = std::move(draft), limits, done = std::move(done), ts]() mutable {
        const std::string room = draft.room;
        const bool dedupe = !draft.dedupe_key.empty();
        const std::string keys[3] = {seq_key(room), history_key(room),
                                     dedupe ? dedupe_key(room, draft.dedupe_key) : seq_key(room)};
        const std::string ts_s = std::to_string(ts);
        const std::string len_s = std::to_string(limits.length);
        const std::string age_s = std::to_string(
            std::chrono::duration_cast<std::chrono::milliseconds>(limits.age).count());
        const std::string channel = channel_of(room);
        const std::string window =
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(dedupe_window).count());
        publish_script_.run(
            node_.commands(), {keys[0], keys[1], keys[2]},
            {draft.head, draft.tail, ts_s, len_s, age_s, channel, dedupe ? "1" : "0", window,
             draft.middle},
            [done = std::move(done)](const redisReply* r) {
                if (!done)
                    return;
                if (redis::is_error(r) || redis::array_size(r) != 2) {
                    if (r != nullptr) {
                        log::error("redis_publish_failed", {{"reply", redis::as_string(r)}});
                    }
                    done(Fault::unavailable, 0);
                    return;
                }
                const bool fresh = redis::as_integer(redis::array_at(r, 0)) == 1;
                const auto seq =
                    static_cast<std::uint64_t>(redis::as_integer(redis::array_at(r, 1)));
                done(fresh ? Fault::none : Fault::duplicate, seq);
            });
    });
}

void RedisBroker::history(const std::string& room, std::uint64_t since, std::uint32_t max_events,
                          HistoryLimits limits, HistoryDone done) {
    node_.post([this, room, since, max_events, limits, done = std::move(done)]() mutable {
        auto it = feeds_.find(room);
        // Read history only once this node hears the room live: an event published between
        // the read and the subscription would otherwise reach nobody here.
        if (it != feeds_.end() && !node_.subscriber().subscribed(channel_of(room))) {
            it->second.waiting.push_back(
                [this, room, since, max_events, limits, done = std::move(done)]() mutable {
                    read_history(room, since, max_events, limits, std::move(done));
                });
            return;
        }
        read_history(room, since, max_events, limits, std::move(done));
    });
}

void RedisBroker::read_history(const std::string& room, std::uint64_t since,
                               std::uint32_t max_events, HistoryLimits limits, HistoryDone done) {
    const std::string since_s = std::to_string(since);
    const std::string now_s = std::to_string(clock_.unix_ms());
    const std::string age_s =
        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(limits.age).count());
    history_script_.run(
        node_.commands(), {seq_key(room), history_key(room)}, {since_s, now_s, age_s},
        [since, max_events, done = std::move(done)](const redisReply* r) {
            if (redis::is_error(r) || redis::array_size(r) < 2) {
                done(Fault::unavailable, {});
                return;
            }
            HistorySlice slice;
            slice.last_seq = static_cast<std::uint64_t>(redis::as_integer(redis::array_at(r, 0)));
            const auto first_kept =
                static_cast<std::uint64_t>(redis::as_integer(redis::array_at(r, 1)));
            if (since > 0 && since + 1 < first_kept && since < slice.last_seq) {
                slice.gap = std::make_pair(since + 1, first_kept - 1);
            }
            for (std::size_t i = 2; i < redis::array_size(r); ++i) {
                RoomEvent ev;
                if (parse_entry(redis::as_string(redis::array_at(r, i)), ev)) {
                    slice.events.push_back(std::move(ev));
                }
            }
            if (since == 0 && slice.events.size() > max_events) {
                slice.events.erase(slice.events.begin(),
                                   slice.events.end() - static_cast<std::ptrdiff_t>(max_events));
            }
            done(Fault::none, std::move(slice));
        });
}

void RedisBroker::replace(const std::string& room, std::uint64_t seq, EventDraft parts,
                          ReplaceDone done) {
    node_.post([this, room, seq, parts = std::move(parts), done = std::move(done)]() mutable {
        replace_script_.run(node_.commands(), {history_key(room)},
                            {std::to_string(seq), parts.head, parts.middle, parts.tail},
                            [done = std::move(done)](const redisReply* r) {
                                if (!done)
                                    return;
                                if (r == nullptr || redis::is_error(r)) {
                                    done(Fault::unavailable, false);
                                    return;
                                }
                                done(Fault::none, redis::as_integer(r) == 1);
                            });
    });
}

void RedisBroker::entry(const std::string& room, std::uint64_t seq, EntryDone done) {
    node_.post([this, room, seq, done = std::move(done)]() mutable {
        entry_script_.run(node_.commands(), {history_key(room)}, {std::to_string(seq)},
                          [done = std::move(done)](const redisReply* r) {
                              if (r == nullptr || redis::is_error(r)) {
                                  done(Fault::unavailable, std::nullopt);
                                  return;
                              }
                              RoomEvent ev;
                              if (redis::is_nil(r) || !parse_entry(redis::as_string(r), ev)) {
                                  done(Fault::none, std::nullopt);
                                  return;
                              }
                              done(Fault::none, std::move(ev));
                          });
    });
}

void RedisBroker::subscribe(const std::string& room) {
    node_.post([this, room] {
        if (feeds_[room].refs++ == 0) {
            node_.subscriber().subscribe(channel_of(room));
        }
    });
}

void RedisBroker::unsubscribe(const std::string& room) {
    node_.post([this, room] {
        auto it = feeds_.find(room);
        if (it == feeds_.end() || --it->second.refs > 0) {
            return;
        }
        // Readers still waiting get their history anyway; they will find no live feed.
        for (auto& w : it->second.waiting)
            w();
        feeds_.erase(it);
        node_.subscriber().unsubscribe(channel_of(room));
    });
}

void RedisBroker::wipe(const std::string& room) {
    node_.post([this, room] {
        const std::string key = history_key(room);
        node_.commands().command({"DEL", key}, nullptr);
    });
}

void RedisBroker::on_subscribed(const std::string& channel) {
    const std::string room = channel.substr(node_.prefix().size() + 2);
    auto it = feeds_.find(room);
    if (it == feeds_.end()) {
        return;
    }
    auto waiting = std::move(it->second.waiting);
    it->second.waiting.clear();
    for (auto& w : waiting)
        w();
    // After a reconnect, events published while we were away are in history: fetch them.
    if (it->second.last_seq != 0) {
        catch_up(room);
    }
}

void RedisBroker::on_message(std::string_view channel, std::string_view payload) {
    const std::string room(channel.substr(node_.prefix().size() + 2));
    auto it = feeds_.find(room);
    if (it == feeds_.end()) {
        return;
    }
    RoomEvent ev;
    if (!parse_entry(payload, ev)) {
        return;
    }
    RoomFeed& feed = it->second;
    if (feed.catching_up) {
        feed.held.push_back(std::move(ev));
        return;
    }
    if (feed.last_seq != 0 && ev.seq > feed.last_seq + 1) {
        feed.held.push_back(std::move(ev));
        catch_up(room);
        return;
    }
    deliver(room, std::move(ev));
}

void RedisBroker::deliver(const std::string& room, RoomEvent ev) {
    auto it = feeds_.find(room);
    if (it == feeds_.end() || ev.seq <= it->second.last_seq) {
        return;  // already delivered: each event reaches the sink once
    }
    it->second.last_seq = ev.seq;
    if (sink_) {
        sink_(room, ev);
    }
}

void RedisBroker::catch_up(const std::string& room) {
    auto it = feeds_.find(room);
    if (it == feeds_.end() || it->second.catching_up) {
        return;
    }
    it->second.catching_up = true;
    const std::uint64_t since = it->second.last_seq;
    // The widest limits: the catch-up wants whatever is still stored.
    read_history(room, since, 100000, HistoryLimits{100000, std::chrono::hours(24)},
                 [this, room](Fault f, HistorySlice slice) {
                     auto feed = feeds_.find(room);
                     if (feed == feeds_.end()) {
                         return;
                     }
                     feed->second.catching_up = false;
                     if (f != Fault::none) {
                         return;  // Redis is down again; the next SUBSCRIBE retries
                     }
                     for (auto& ev : slice.events) {
                         deliver(room, std::move(ev));
                     }
                     auto held = std::move(feed->second.held);
                     feed->second.held.clear();
                     for (auto& ev : held) {
                         deliver(room, std::move(ev));
                     }
                 });
}

}  // namespace ibasho

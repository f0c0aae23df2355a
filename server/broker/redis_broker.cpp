#include "server/broker/redis_broker.hpp"

#include <charconv>

#include "protocol/room_event.hpp"
#include "server/broker/redis_scripts.hpp"
#include "server/log.hpp"

namespace ibasho {

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
std::string RedisBroker::ids_key(const std::string& room) const {
    return node_.prefix() + "{" + room + "}:d";
}
std::string RedisBroker::legacy_dedupe_key(const std::string& room, const std::string& id) const {
    return node_.prefix() + "{" + room + "}:d:" + id;
}

RedisBroker::RedisBroker(redis::Node& node, const Clock& clock,
                         std::chrono::milliseconds legacy_dedupe_for)
    : node_(node),
      clock_(clock),
      legacy_dedupe_until_(clock.now() + legacy_dedupe_for),
      publish_script_(redis_scripts::publish_batch),
      history_script_(redis_scripts::history),
      replace_script_(std::string(redis_scripts::find_entry) + redis_scripts::replace_tail),
      entry_script_(std::string(redis_scripts::find_entry) + redis_scripts::entry_tail) {
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
    node_.post([this, p = Pending{std::move(draft), ts, std::move(done)}, limits]() mutable {
        enqueue(std::move(p), limits);
    });
}

void RedisBroker::enqueue(Pending p, HistoryLimits limits) {
    const std::string room = p.draft.room;
    Outbox& box = outboxes_[room];
    box.queued.push_back(std::move(p));
    box.limits = limits;
    if (box.in_flight > 0 || box.flush_posted) {
        return;
    }
    // Let the publishes already posted in this loop turn join before the call leaves.
    box.flush_posted = true;
    node_.post([this, room] {
        auto it = outboxes_.find(room);
        if (it == outboxes_.end()) {
            return;
        }
        it->second.flush_posted = false;
        if (it->second.in_flight > 0) {
            return;  // the reply sends what waits
        }
        if (it->second.queued.empty()) {
            outboxes_.erase(it);  // flush_now() sent it already
            return;
        }
        send_batch(room);
    });
}

void RedisBroker::flush_now(const std::string& room) {
    // Looked up again each turn: a reply that comes at once (link down) may erase the outbox.
    for (auto it = outboxes_.find(room); it != outboxes_.end() && !it->second.queued.empty();
         it = outboxes_.find(room)) {
        send_batch(room);
    }
}

void RedisBroker::send_batch(const std::string& room) {
    auto it = outboxes_.find(room);
    if (it == outboxes_.end() || it->second.queued.empty()) {
        return;
    }
    Outbox& box = it->second;
    const std::size_t n = std::min(box.queued.size(), max_batch);
    auto batch = std::make_shared<std::vector<Pending>>(
        std::make_move_iterator(box.queued.begin()),
        std::make_move_iterator(box.queued.begin() + static_cast<std::ptrdiff_t>(n)));
    box.queued.erase(box.queued.begin(), box.queued.begin() + static_cast<std::ptrdiff_t>(n));
    ++box.in_flight;

    const HistoryLimits limits = box.limits;
    const auto age_ms = std::chrono::duration_cast<std::chrono::milliseconds>(limits.age).count();
    const bool keep = limits.length > 0 && age_ms > 0;
    const std::string len_s = std::to_string(limits.length);
    const std::string age_s = std::to_string(age_ms);
    const std::string channel = channel_of(room);
    // The ids live as long as the history does, or the dedupe window in a room without one.
    const std::string ids_ttl_s = std::to_string(
        keep ? age_ms
             : std::chrono::duration_cast<std::chrono::milliseconds>(dedupe_window).count());
    const std::string slack_s = std::to_string(std::min<std::uint32_t>(limits.length / 8, 32));
    const std::string legacy =
        clock_.now() < legacy_dedupe_until_ ? legacy_dedupe_key(room, "") : std::string();
    std::vector<std::string> ts_s;
    ts_s.reserve(n);
    std::vector<std::string_view> args = {len_s, age_s, channel, ids_ttl_s, slack_s, legacy};
    args.reserve(args.size() + 5 * n);
    for (const Pending& p : *batch) {
        ts_s.push_back(std::to_string(p.ts));
        args.insert(args.end(),
                    {ts_s.back(), p.draft.dedupe_key, p.draft.head, p.draft.middle, p.draft.tail});
    }
    const std::string keys[3] = {seq_key(room), history_key(room), ids_key(room)};
    publish_script_.run(
        node_.commands(), {keys[0], keys[1], keys[2]}, args,
        [this, room, batch](const redisReply* r) {
            const bool ok = !redis::is_error(r) && redis::array_size(r) == batch->size();
            if (!ok && r != nullptr) {
                log::error("redis_publish_failed", {{"reply", redis::as_string(r)}});
            }
            for (std::size_t i = 0; i < batch->size(); ++i) {
                auto& done = (*batch)[i].done;
                if (!done) {
                    continue;
                }
                if (!ok) {
                    done(Fault::unavailable, 0);
                    continue;
                }
                const long long v = redis::as_integer(redis::array_at(r, i));
                done(v > 0 ? Fault::none : Fault::duplicate,
                     static_cast<std::uint64_t>(v > 0 ? v : -v));
            }
            auto after = outboxes_.find(room);
            if (after == outboxes_.end() || --after->second.in_flight > 0) {
                return;
            }
            if (after->second.queued.empty()) {
                if (!after->second.flush_posted) {
                    outboxes_.erase(after);
                }
                return;
            }
            send_batch(room);
        });
}

void RedisBroker::history(const std::string& room, std::uint64_t since, std::uint32_t max_events,
                          HistoryLimits limits, HistoryDone done) {
    node_.post([this, room, since, max_events, limits, done = std::move(done)]() mutable {
        flush_now(room);
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
    // The list may run a little past its length (publish trims in runs): cap it here.
    const std::string len_s = std::to_string(limits.length);
    history_script_.run(
        node_.commands(), {seq_key(room), history_key(room)}, {since_s, now_s, age_s, len_s},
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
        flush_now(room);
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
        flush_now(room);
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
        flush_now(room);
        // The ids go with the text they stood for; the seq stays (seqs never go back).
        const std::string h = history_key(room);
        const std::string d = ids_key(room);
        node_.commands().command({"DEL", h, d}, nullptr);
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

#include "server/events/event_book.hpp"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>

#include "server/events/event_json.hpp"
#include "server/events/recurrence.hpp"
#include "server/log.hpp"
#include "server/store/store.hpp"

namespace ibasho::events {

const Event* EventSet::find(std::string_view id) const {
    const auto it = std::lower_bound(events.begin(), events.end(), id,
                                     [](const Event& e, std::string_view k) { return e.id < k; });
    return it != events.end() && it->id == id ? &*it : nullptr;
}

// Shared with the Store's callbacks, which may answer after the book is gone (Redis).
struct EventBook::State {
    explicit State(Store& s) : store(s) {}

    Store& store;
    mutable std::mutex mutex;
    std::shared_ptr<const EventSet> current = std::make_shared<const EventSet>();
    std::vector<std::function<void()>> listeners;
    std::uint64_t generation = 0;
    bool reading = false;
    bool again = false;
    bool alive = true;

    static void read(const std::shared_ptr<State>& self) {
        {
            std::lock_guard lock(self->mutex);
            if (!self->alive) {
                return;
            }
            if (self->reading) {
                self->again = true;  // the running read may predate the change: one more after
                return;
            }
            self->reading = true;
            self->again = false;
        }
        // No lock held here: the memory Store answers before list() returns. Organisations
        // first, then events, so one reading holds both.
        self->store.list("org", std::nullopt, [self](StoreResult r, std::vector<StoreRecord> orgs) {
            if (r != StoreResult::ok) {
                self->answer(self, r, {}, {});
                return;
            }
            self->store.list(
                std::string(event_kind), std::nullopt,
                [self, orgs = std::move(orgs)](StoreResult r2, std::vector<StoreRecord> records) {
                    self->answer(self, r2, orgs, std::move(records));
                });
        });
    }

    void answer(const std::shared_ptr<State>& self, StoreResult r,
                const std::vector<StoreRecord>& orgs, std::vector<StoreRecord> records) {
        std::shared_ptr<EventSet> fresh;
        if (r == StoreResult::ok) {
            fresh = std::make_shared<EventSet>();
            for (const StoreRecord& rec : orgs) {
                const auto body = nlohmann::json::parse(rec.body, nullptr, false);
                if (body.is_object() && body.contains("name") && body["name"].is_object()) {
                    const auto& name = body["name"];
                    protocol::LocalizedText t;
                    t.ja = name.contains("ja") && name["ja"].is_string()
                               ? name["ja"].get<std::string>()
                               : "";
                    t.en = name.contains("en") && name["en"].is_string()
                               ? name["en"].get<std::string>()
                               : "";
                    fresh->org_names.emplace(rec.id, std::move(t));
                }
            }
            fresh->events.reserve(records.size());
            for (const StoreRecord& rec : records) {
                if (auto e = event_from_record(rec)) {
                    fresh->events.push_back(std::move(*e));
                } else {
                    // Written around the API: leave it out rather than guess. The id is not
                    // personal; it lets an operator find the record.
                    log::warn("event_record_invalid", {{"id", rec.id}});
                }
            }
            std::sort(fresh->events.begin(), fresh->events.end(),
                      [](const Event& a, const Event& b) { return a.id < b.id; });
        }
        std::vector<std::function<void()>> tell;
        bool more = false;
        {
            std::lock_guard lock(mutex);
            reading = false;
            more = again && alive;
            if (fresh && alive) {
                current = std::move(fresh);
                ++generation;
                tell = listeners;
            }
        }
        for (const auto& fn : tell) {
            fn();
        }
        if (more) {
            read(self);
        }
    }
};

EventBook::EventBook(Store& store) : state_(std::make_shared<State>(store)) {}

EventBook::~EventBook() {
    std::lock_guard lock(state_->mutex);
    state_->alive = false;
}

void EventBook::start() {
    std::weak_ptr<State> weak = state_;
    state_->store.watch([weak](const StoreChange& change) {
        if (!change.resync && change.kind != event_kind && change.kind != "org") {
            return;
        }
        if (auto self = weak.lock()) {
            State::read(self);
        }
    });
    reload();
}

void EventBook::reload() {
    State::read(state_);
}

std::shared_ptr<const EventSet> EventBook::snapshot() const {
    std::lock_guard lock(state_->mutex);
    return state_->current;
}

void EventBook::on_update(std::function<void()> fn) {
    std::lock_guard lock(state_->mutex);
    state_->listeners.push_back(std::move(fn));
}

std::uint64_t EventBook::generation() const {
    std::lock_guard lock(state_->mutex);
    return state_->generation;
}

std::vector<RoomWindow> event_windows(const Event& e, std::int64_t from_ms, std::int64_t to_ms) {
    std::vector<RoomWindow> out;
    if (!e.online()) {
        return out;
    }
    const std::int64_t lead = e.open_before_min * 60'000LL;
    // occurrences() takes end > from and start < to: widen by one ms on each side for the
    // closed range, and by the lead so a window opening before `to_ms` is seen.
    for (const Occurrence& o : occurrences(e, from_ms - 1, to_ms + lead + 1)) {
        const std::int64_t opens = o.start_ms - lead;
        if (o.cancelled || opens > to_ms || o.end_ms < from_ms) {
            continue;
        }
        for (const Track& t : e.rooms) {
            RoomWindow w;
            w.room = t.room;
            w.event_id = e.id;
            w.side = t.side;
            if (e.paired()) {
                w.pair_room = (&t == &e.rooms[0] ? e.rooms[1] : e.rooms[0]).room;
            }
            w.opens_ms = opens;
            w.starts_ms = o.start_ms;
            w.ends_ms = o.end_ms;
            w.capacity = e.capacity;
            w.supporters = t.supporters;
            out.push_back(std::move(w));
        }
    }
    return out;
}

std::vector<RoomWindow> EventBook::windows_between(std::int64_t from_ms, std::int64_t to_ms) const {
    const auto set = snapshot();
    std::vector<RoomWindow> out;
    for (const Event& e : set->events) {
        auto w = event_windows(e, from_ms, to_ms);
        out.insert(out.end(), std::make_move_iterator(w.begin()), std::make_move_iterator(w.end()));
    }
    std::sort(out.begin(), out.end(), [](const RoomWindow& a, const RoomWindow& b) {
        return a.opens_ms != b.opens_ms ? a.opens_ms < b.opens_ms : a.room < b.room;
    });
    return out;
}

}  // namespace ibasho::events

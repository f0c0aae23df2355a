#include "server/events/event_cleanup.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>

#include "protocol/encode_reports.hpp"
#include "server/broker/broker.hpp"
#include "server/chat/private_word.hpp"
#include "server/chat/report_store.hpp"
#include "server/chat/staff_notify.hpp"
#include "server/control/control.hpp"
#include "server/log.hpp"
#include "server/store/store.hpp"

namespace ibasho::events {

namespace {

// Runs `done` once every part has finished.
struct Countdown {
    Countdown(int parts, std::function<void()> then) : left(parts), done(std::move(then)) {}
    void part_done() {
        if (left.fetch_sub(1) == 1 && done) {
            done();
        }
    }
    std::atomic<int> left;
    std::function<void()> done;
};

void end_private_word(Control& control, const chat::AskRecord& rec) {
    ControlCommand c;
    c.target = ControlTarget::of_session(rec.address);
    c.action = chat::private_ended_action;
    c.args = nlohmann::json{{"thread", rec.id},
                            {"by", "room_closed"},
                            {"address", rec.address},
                            {"staff", rec.staff}}
                 .dump();
    control.send(std::move(c), nullptr);
    if (!rec.open) {
        chat::send_staff_frame(control, rec.room, protocol::encode(protocol::AskTaken{rec.id}),
                               chat::StaffAudience::room_staff_and_organisers);
    }
}

void remove_closed_reports(Store& store, const std::string& room, std::function<void()> done) {
    store.list(chat::report_kind, room,
               [&store, done = std::move(done)](StoreResult r, std::vector<StoreRecord> recs) {
                   if (r == StoreResult::ok) {
                       for (const StoreRecord& rec : recs) {
                           const auto body = nlohmann::json::parse(rec.body, nullptr, false);
                           const bool open = body.is_object() && body.value("state", "") == "open";
                           if (!open) {
                               store.remove(chat::report_kind, rec.id, rec.version, nullptr);
                           }
                       }
                   }
                   done();
               });
}

void end_private_words(Store& store, Control& control, const std::string& room,
                       std::function<void()> done) {
    chat::ReportStore(store).asks_of(room, [&store, &control, done = std::move(done)](
                                               StoreResult r, std::vector<chat::AskRecord> asks) {
        if (r == StoreResult::ok) {
            for (const chat::AskRecord& rec : asks) {
                // Whoever removes it tells both sides; a node that finds it gone already
                // says nothing, so each side hears it once however many nodes clean up.
                chat::ReportStore(store).remove_ask(rec.id, [&control, rec](StoreResult rm) {
                    if (rm == StoreResult::ok) {
                        end_private_word(control, rec);
                    }
                });
            }
        }
        done();
    });
}

void write_marker(Store& store, const RoomWindow& window, std::function<void()> done) {
    StoreRecord rec;
    rec.kind = schedule_cleaned_kind;
    rec.id = window.room;
    rec.body = nlohmann::json{{"event", window.event_id}, {"starts_ms", window.starts_ms}}.dump();
    rec.ttl = schedule_cleaned_ttl;
    store.put(std::move(rec), Store::any_version,
              [done = std::move(done)](StoreResult, std::uint64_t) { done(); });
}

}  // namespace

void clean_up_occurrence(CleanupDeps deps, const RoomWindow& window, std::function<void()> done) {
    deps.broker.wipe(window.room);
    log::info("scheduled_room_cleaned", {{"room", window.room}, {"event", window.event_id}});
    auto count = std::make_shared<Countdown>(2, [deps, window, done = std::move(done)] {
        write_marker(deps.store, window, [done] {
            if (done) {
                done();
            }
        });
    });
    remove_closed_reports(deps.store, window.room, [count] { count->part_done(); });
    end_private_words(deps.store, deps.control, window.room, [count] { count->part_done(); });
}

void clean_up_if_missed(CleanupDeps deps, const RoomWindow& window,
                        std::function<void(CatchUp)> done) {
    deps.store.get(schedule_cleaned_kind, window.room,
                   [deps, window, done = std::move(done)](StoreResult r, StoreRecord rec) {
                       auto tell = [&done](CatchUp outcome) {
                           if (done) {
                               done(outcome);
                           }
                       };
                       if (r != StoreResult::ok && r != StoreResult::not_found) {
                           tell(CatchUp::unavailable);  // the next tick asks again
                           return;
                       }
                       if (r == StoreResult::ok) {
                           // Windows of one room never overlap, so a marker of this
                           // occurrence or a later one means this one was cleaned.
                           const auto body = nlohmann::json::parse(rec.body, nullptr, false);
                           if (body.is_object() &&
                               body.value("starts_ms", std::int64_t{0}) >= window.starts_ms) {
                               tell(CatchUp::already);
                               return;
                           }
                       }
                       clean_up_occurrence(deps, window, [done] {
                           if (done) {
                               done(CatchUp::cleaned);
                           }
                       });
                   });
}

}  // namespace ibasho::events

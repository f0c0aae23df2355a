#include "server/chat/report_handlers.hpp"

#include <nlohmann/json.hpp>

#include "moderation/policy.hpp"
#include "protocol/encode.hpp"
#include "protocol/encode_reports.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/report_store.hpp"
#include "server/chat/room_records.hpp"
#include "server/chat/staff_notify.hpp"
#include "server/staff/audit_log.hpp"

namespace ibasho::chat {
namespace {

using protocol::ErrorCode;

// What a history entry says about the message it holds: its author and text, when it has
// text (a stamp has none; a tombstone has none of its own).
struct Reported {
    bool tombstone = false;
    std::string member;
    std::string nick;
    std::optional<std::string> text;
};

Reported read_event(std::string_view bytes) {
    Reported out;
    const auto j = nlohmann::json::parse(bytes, nullptr, false);
    if (!j.is_object()) {
        return out;
    }
    const auto str = [&j](const char* key) {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    out.tombstone = str("type") == "hidden";
    if (str("type") != "message") {
        return out;
    }
    out.member = str("from");
    out.nick = str("nick");
    if (j.contains("text") && j["text"].is_string()) {
        out.text = j["text"].get<std::string>();
    }
    return out;
}

StaffAudience audience_for(std::string_view reason) {
    return reason == "operator" ? StaffAudience::organisers
                                : StaffAudience::room_staff_and_organisers;
}

void store_report(ClientSession& s, SessionReports& mine, const protocol::Report& m,
                  const Reported& what) {
    const std::pair<std::string, std::uint64_t> key{m.room, m.seq};
    if (!what.text) {
        mine.reported.erase(key);
        s.send_error(ErrorCode::no_such_message, m.id);
        return;
    }
    protocol::ReportView view;
    view.id = new_report_id();
    view.room = m.room;
    view.seq = m.seq;
    view.reason = std::string(protocol::to_string(m.reason));
    view.text = *what.text;
    view.member = what.member;
    view.nick = what.nick;
    view.created_ms = s.service().clock.unix_ms();
    view.note = m.note;
    ReportStore(s.service().store)
        .add_report(view, s.guarded([&s, &mine, m, view, key](StoreResult r) {
            if (r != StoreResult::ok) {
                mine.reported.erase(key);
                s.send_error(ErrorCode::service_degraded, m.id);
                return;
            }
            s.send(protocol::encode(protocol::Done{m.id, "report"}));
            send_report_push(s.service().control, view.room, view.id, audience_for(view.reason));
        }));
}

}  // namespace

void handle_report(ClientSession& s, SessionReports& mine, const protocol::Report& m) {
    if (s.memberships().find(m.room) == nullptr) {
        s.send_error(ErrorCode::not_in_room, m.id);
        return;
    }
    auto rooms = s.service().catalog.snapshot();
    const RoomConfig* room = rooms->find(m.room);
    if (room == nullptr) {
        s.send_error(ErrorCode::no_such_room, m.id);
        return;
    }
    moderation::Request ask;
    ask.role = s.role();
    ask.assigned_to_room = s.is_staff_of(m.room);
    ask.action = moderation::Action::report;
    ask.room.state = room->state;
    ask.now_ms = s.service().clock.unix_ms();
    if (const auto d = moderation::decide(ask); !d.allowed()) {
        s.send_error(d.code, m.id);
        return;
    }
    const std::pair<std::string, std::uint64_t> key{m.room, m.seq};
    if (mine.reported.contains(key)) {
        // Reported already (a double tap, a retry): once is enough, and the answer is the same.
        s.send(protocol::encode(protocol::Done{m.id, "report"}));
        return;
    }
    if (m.seq == 0) {
        s.send_error(ErrorCode::no_such_message, m.id);
        return;
    }
    mine.reported.insert(key);
    // Everything after seq - 1 that is still kept; the entry wanted is the first of it.
    s.service().broker.history(
        m.room, m.seq - 1, room->history_length,
        HistoryLimits{room->history_length, room->history_age},
        s.guarded([&s, &mine, m, key](Fault f, HistorySlice slice) {
            if (f != Fault::none) {
                mine.reported.erase(key);
                s.send_error(ErrorCode::service_degraded, m.id);
                return;
            }
            const RoomEvent* found = nullptr;
            for (const auto& ev : slice.events) {
                if (ev.seq == m.seq) {
                    found = &ev;
                    break;
                }
            }
            if (found == nullptr || !found->frame) {
                mine.reported.erase(key);
                s.send_error(ErrorCode::no_such_message, m.id);
                return;
            }
            const Reported what = read_event(*found->frame);
            if (!what.tombstone) {
                store_report(s, mine, m, what);
                return;
            }
            // Hidden by staff: the original is kept for a while (kind `hidden`, for unhide);
            // while it is, the message can still be reported with its text.
            s.service().store.get("hidden", m.room + "~" + std::to_string(m.seq),
                                  s.guarded([&s, &mine, m](StoreResult r, StoreRecord rec) {
                                      store_report(
                                          s, mine, m,
                                          r == StoreResult::ok ? read_event(rec.body) : Reported{});
                                  }));
        }));
}

void resolve_report(ResolveDeps deps, const staff::StaffIdentity& actor, const std::string& id,
                    bool dismissed, const std::string& reason,
                    std::function<void(ResolveOutcome)> done) {
    ReportStore(deps.store)
        .get_report(id, [deps, actor, id, dismissed, reason, done = std::move(done)](
                            StoreResult r, std::optional<ReportRecord> rec) {
            if (r == StoreResult::not_found || (r == StoreResult::ok && !rec)) {
                done(ResolveOutcome::no_such_report);
                return;
            }
            if (r != StoreResult::ok) {
                done(ResolveOutcome::unavailable);
                return;
            }
            const std::string org = room_org(deps.catalog, rec->view.room);
            if (!actor.org.empty() && org != actor.org) {
                // Another organisation's report: it does not exist for this caller.
                done(ResolveOutcome::no_such_report);
                return;
            }
            moderation::Request ask;
            ask.role = actor.role;
            ask.assigned_to_room = actor.may_moderate(rec->view.room, org);
            ask.action = moderation::Action::resolve_report;
            ask.organisers_only = rec->view.reason == "operator";
            ask.now_ms = deps.clock.unix_ms();
            if (!moderation::decide(ask).allowed()) {
                done(ResolveOutcome::forbidden);
                return;
            }
            ReportStore(deps.store)
                .remove_report(
                    id, rec->version,
                    [deps, actor, view = rec->view, dismissed, reason, done](StoreResult removed) {
                        if (removed == StoreResult::not_found || removed == StoreResult::conflict) {
                            done(ResolveOutcome::no_such_report);  // closed meanwhile
                            return;
                        }
                        if (removed != StoreResult::ok) {
                            done(ResolveOutcome::unavailable);
                            return;
                        }
                        staff::record_audit(
                            deps.store, deps.clock,
                            {actor.name, dismissed ? "dismiss_report" : "resolve_report", view.room,
                             view.member, reason, audit_org(deps.catalog, view.room)});
                        send_staff_frame(deps.control, view.room,
                                         protocol::encode(protocol::ReportClosed{view.id}),
                                         audience_for(view.reason), actor.id);
                        done(ResolveOutcome::done);
                    });
        });
}

void handle_resolve_report(ClientSession& s, const protocol::ResolveReport& m) {
    if (!s.staff()) {
        s.send_error(ErrorCode::forbidden, m.id);
        return;
    }
    resolve_report({s.service().store, s.service().clock, s.service().control, s.service().catalog},
                   *s.staff(), m.report, m.dismissed, m.reason,
                   s.guarded([&s, m](ResolveOutcome outcome) {
                       switch (outcome) {
                           case ResolveOutcome::done:
                               s.send(protocol::encode(protocol::Done{m.id, "resolve_report"}));
                               break;
                           case ResolveOutcome::no_such_report:
                               s.send_error(ErrorCode::no_such_report, m.id);
                               break;
                           case ResolveOutcome::forbidden:
                               s.send_error(ErrorCode::forbidden, m.id);
                               break;
                           case ResolveOutcome::unavailable:
                               s.send_error(ErrorCode::service_degraded, m.id);
                               break;
                       }
                   }));
}

void send_staff_queue(ClientSession& s, const std::string& room) {
    if (!s.is_staff_of(room)) {
        return;
    }
    const bool organiser =
        s.role() == moderation::Role::organiser || s.role() == moderation::Role::operator_;
    auto& store = s.service().store;
    ReportStore(store).reports_of(
        room,
        s.guarded([&s, &store, room, organiser](StoreResult r, std::vector<ReportRecord> reports) {
            if (r != StoreResult::ok || s.memberships().find(room) == nullptr) {
                return;  // the queue is also on GET /api/reports; a live one comes with pushes
            }
            auto queue = std::make_shared<protocol::StaffQueue>();
            queue->room = room;
            for (auto& rep : reports) {
                if (organiser || rep.view.reason != "operator") {
                    queue->reports.push_back(std::move(rep.view));
                }
            }
            ReportStore(store).asks_of(
                room, s.guarded([&s, queue](StoreResult ar, std::vector<AskRecord> asks) {
                    if (ar == StoreResult::ok) {
                        for (const auto& a : asks) {
                            if (!a.open) {
                                queue->asks.push_back(a.view());
                            }
                        }
                    }
                    s.send(protocol::encode(*queue));
                }));
        }));
}

}  // namespace ibasho::chat

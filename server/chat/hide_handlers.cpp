#include "server/chat/hide_handlers.hpp"

#include "server/chat/staff_act.hpp"

#include <nlohmann/json.hpp>

#include "protocol/encode.hpp"
#include "protocol/room_event.hpp"
#include "server/chat/chat_service.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/room_controls.hpp"
#include "server/chat/room_records.hpp"
#include "server/log.hpp"
#include "server/staff/audit_log.hpp"

namespace ibasho::chat {

using nlohmann::json;
using protocol::ErrorCode;

namespace {

std::string hidden_id(const std::string& room, std::uint64_t seq) {
    return room + "~" + std::to_string(seq);
}

EventDraft draft_of(const std::string& room, protocol::EventParts parts) {
    EventDraft d;
    d.room = room;
    d.head = std::move(parts.head);
    d.middle = std::move(parts.middle);
    d.tail = std::move(parts.tail);
    return d;
}

HistoryLimits limits_for(ChatService& service, const std::string& room) {
    const auto rooms = service.catalog.snapshot();
    const RoomConfig* rc = rooms->find(room);
    return rc ? HistoryLimits{rc->history_length, rc->history_age} : HistoryLimits{};
}

Reply error_reply(Reply reply, ErrorCode code, std::string ref, std::string message = {}) {
    reply(
        [code, ref, message](ClientSession& s) { s.send_error(code, ref, std::nullopt, message); });
    return reply;
}

// Tells the room (a new seq, so live members, resumes and late joiners all converge), audits
// and answers the actor.
void announce(ChatService& service, const std::string& room, protocol::EventParts parts,
              staff::AuditEntry audit, std::string ref, Reply reply) {
    audit.org = audit_org(service.catalog, room);
    service.broker.publish(draft_of(room, std::move(parts)), limits_for(service, room),
                           [&service, audit, ref, reply](Fault f, std::uint64_t) {
                               if (f == Fault::unavailable) {
                                   // The history already shows the change; live members see it on
                                   // their next join.
                                   log::warn("hide_event_unpublished", {{"room", audit.room}});
                               }
                               staff::record_audit(service.store, service.clock, audit);
                               reply([ref, action = audit.action](ClientSession& s) {
                                   s.send(protocol::encode(protocol::Done{ref, action}));
                               });
                           });
}

}  // namespace

void handle_hide(ClientSession& session, protocol::Hide& m) {
    auto act = begin_staff_act(session, m.room, moderation::Action::hide, m.id);
    if (!act) {
        return;
    }
    ChatService& service = act->service;
    const std::string name = std::move(act->name);
    Reply reply = std::move(act->reply);
    service.broker.entry(
        m.room, m.seq, [&service, m, name, reply](Fault f, std::optional<RoomEvent> ev) {
            if (f != Fault::none) {
                error_reply(reply, ErrorCode::service_degraded, m.id);
                return;
            }
            if (!ev) {
                error_reply(reply, ErrorCode::no_such_message, m.id,
                            "That message is no longer in the room's history.");
                return;
            }
            const json original = json::parse(*ev->frame, nullptr, false);
            const std::string type = original.is_object() ? original.value("type", "") : "";
            if (type == "hidden") {
                error_reply(reply, ErrorCode::no_such_message, m.id,
                            "That message is already hidden.");
                return;
            }
            if (type != "message") {
                error_reply(reply, ErrorCode::no_such_message, m.id,
                            "Only messages can be hidden.");
                return;
            }
            const std::string author = original.value("from", "");
            StoreRecord rec;
            rec.kind = hidden_kind;
            rec.id = hidden_id(m.room, m.seq);
            rec.owner = m.room;
            rec.ttl = unhide_window;
            rec.body = json{{"hidden_ms", service.clock.unix_ms()},
                            {"reason", m.reason},
                            {"event", *ev->frame}}
                           .dump(-1, ' ', false, json::error_handler_t::replace);
            // The record doubles as the lock: two staff hiding at once, one of them wins.
            service.store.put(
                std::move(rec), 0,
                [&service, m, name, reply, author](StoreResult r, std::uint64_t) {
                    if (r == StoreResult::conflict) {
                        error_reply(reply, ErrorCode::no_such_message, m.id,
                                    "That message is already hidden.");
                        return;
                    }
                    if (r != StoreResult::ok) {
                        error_reply(reply, ErrorCode::service_degraded, m.id);
                        return;
                    }
                    service.broker.replace(
                        m.room, m.seq, draft_of(m.room, protocol::hidden_parts(m.room, m.reason)),
                        [&service, m, name, reply, author](Fault rf, bool replaced) {
                            if (rf != Fault::none || !replaced) {
                                service.store.remove(hidden_kind, hidden_id(m.room, m.seq),
                                                     Store::any_version, nullptr);
                                error_reply(reply,
                                            rf != Fault::none ? ErrorCode::service_degraded
                                                              : ErrorCode::no_such_message,
                                            m.id);
                                return;
                            }
                            announce(service, m.room, protocol::hide_parts(m.room, m.seq, m.reason),
                                     {name, "hide", m.room, author, m.reason}, m.id, reply);
                        });
                });
        });
}

void handle_unhide(ClientSession& session, protocol::Unhide& m) {
    auto act = begin_staff_act(session, m.room, moderation::Action::hide, m.id);
    if (!act) {
        return;
    }
    ChatService& service = act->service;
    const std::string name = std::move(act->name);
    Reply reply = std::move(act->reply);
    service.store.get(
        hidden_kind, hidden_id(m.room, m.seq),
        [&service, m, name, reply](StoreResult r, StoreRecord rec) {
            if (r == StoreResult::not_found) {
                // Expired, or never hidden: the history entry tells which.
                service.broker.entry(
                    m.room, m.seq, [m, reply](Fault f, std::optional<RoomEvent> ev) {
                        const json j = ev ? json::parse(*ev->frame, nullptr, false)
                                          : json(json::value_t::discarded);
                        if (f == Fault::none && j.is_object() && j.value("type", "") == "hidden") {
                            error_reply(reply, ErrorCode::too_late, m.id);
                        } else {
                            error_reply(reply, ErrorCode::no_such_message, m.id,
                                        "That message is not hidden.");
                        }
                    });
                return;
            }
            if (r != StoreResult::ok) {
                error_reply(reply, ErrorCode::service_degraded, m.id);
                return;
            }
            const json body = json::parse(rec.body, nullptr, false);
            const std::int64_t hidden_ms = body.is_object() ? body.value("hidden_ms", 0LL) : 0;
            const std::string bytes = body.is_object() ? body.value("event", "") : "";
            const json original = json::parse(bytes, nullptr, false);
            // Judged by the node's clock too, not only the record's expiry, so the ten minutes
            // are the same on every Store (and testable with a manual clock).
            const auto window = std::chrono::milliseconds(unhide_window).count();
            if (service.clock.unix_ms() - hidden_ms >= window) {
                error_reply(reply, ErrorCode::too_late, m.id);
                return;
            }
            const auto parts = original.is_object()
                                   ? protocol::split_event(bytes, m.seq, original.value("ts", 0LL))
                                   : std::nullopt;
            if (!parts) {
                error_reply(reply, ErrorCode::internal_error, m.id);
                return;
            }
            const std::string author = original.value("from", "");
            service.store.remove(
                hidden_kind, rec.id, rec.version,
                [&service, m, name, reply, parts = *parts, bytes, author](StoreResult rr) {
                    if (rr == StoreResult::not_found || rr == StoreResult::conflict) {
                        error_reply(reply, ErrorCode::no_such_message, m.id,
                                    "That message is not hidden.");
                        return;
                    }
                    if (rr != StoreResult::ok) {
                        error_reply(reply, ErrorCode::service_degraded, m.id);
                        return;
                    }
                    service.broker.replace(
                        m.room, m.seq, draft_of(m.room, parts),
                        [&service, m, name, reply, bytes, author](Fault f, bool replaced) {
                            if (f != Fault::none || !replaced) {
                                error_reply(reply,
                                            f != Fault::none ? ErrorCode::service_degraded
                                                             : ErrorCode::no_such_message,
                                            m.id,
                                            f != Fault::none ? std::string()
                                                             : "That message is no longer in "
                                                               "the room's history.");
                                return;
                            }
                            announce(service, m.room, protocol::unhide_parts(m.room, m.seq, bytes),
                                     {name, "unhide", m.room, author, {}}, m.id, reply);
                        });
                });
        });
}

}  // namespace ibasho::chat

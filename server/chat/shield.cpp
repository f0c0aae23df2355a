#include "server/chat/shield.hpp"

#include "server/chat/room_records.hpp"
#include "server/chat/staff_act.hpp"

#include <nlohmann/json.hpp>

#include "moderation/nickname.hpp"
#include "protocol/encode.hpp"
#include "protocol/encode_room_controls.hpp"
#include "server/chat/chat_service.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/room_controls.hpp"
#include "server/control/control.hpp"
#include "server/control/control_args.hpp"
#include "server/log.hpp"
#include "server/random_token.hpp"
#include "server/staff/audit_log.hpp"

namespace ibasho::chat {

using nlohmann::json;
using protocol::ErrorCode;

namespace {

// Long enough for any shift; a joiner nobody admitted within the hour has long gone.
constexpr std::chrono::hours held_ttl{1};

std::string held_id(const std::string& room, const std::string& member) {
    return room + "~" + member;
}

void tell_room(Control& control, const char* action, const std::string& room, json args) {
    ControlCommand c;
    c.target = ControlTarget::of_room(room);
    c.action = action;
    c.args = args.dump();
    control.send(std::move(c), nullptr);
}

// Lets one held joiner in: the record is taken (compare-and-set, so two staff admitting at
// once let the joiner in once), the joiner's node completes the join, the staff drop the entry.
// `done(false)`: nobody was waiting under that record.
void admit_record(ChatService& service, const std::string& room, const StoreRecord& rec,
                  std::function<void(bool)> done) {
    const json body = json::parse(rec.body, nullptr, false);
    if (!body.is_object()) {
        service.store.remove(held_kind, rec.id, rec.version, nullptr);
        if (done)
            done(false);
        return;
    }
    service.store.remove(
        held_kind, rec.id, rec.version,
        [&service, room, body, done = std::move(done)](StoreResult r) {
            if (r != StoreResult::ok) {
                if (done)
                    done(false);
                return;
            }
            const std::string member = json_string(body, "member");
            ControlCommand c;
            c.target = ControlTarget::of_session(json_string(body, "address"));
            c.action = shield_admit_action;
            c.args = json{{"room", room},
                          {"member", member},
                          {"nick", json_string(body, "nick")},
                          {"affirm", body.value("affirm", false)},
                          {"listening", body.value("listening", false)}}
                         .dump(-1, ' ', false, json::error_handler_t::replace);
            service.control.send(std::move(c), nullptr);
            tell_room(service.control, shield_gone_action, room, {{"member", member}});
            if (done)
                done(true);
        });
}

}  // namespace

void hold_joiner(ClientSession& session, const RoomConfig& room, const protocol::Join& join) {
    if (session.held().contains(room.id)) {
        session.send(protocol::encode(protocol::Held{room.id}));
        return;
    }
    auto nick = moderation::normalize_nickname(join.nick);
    if (!nick.ok()) {
        session.send_error(ErrorCode::bad_nick, {}, std::nullopt,
                           "That nickname cannot be used (" +
                               std::string(moderation::to_string(nick.problem)) + ").");
        return;
    }
    const std::string member = new_member_id();
    session.held()[room.id] = member;
    StoreRecord rec;
    rec.kind = held_kind;
    rec.id = held_id(room.id, member);
    rec.owner = room.id;
    rec.ttl = held_ttl;
    rec.body = json{{"member", member},
                    {"nick", nick.nick},
                    {"address", session.address()},
                    {"affirm", join.affirm},
                    {"listening", join.listening}}
                   .dump(-1, ' ', false, json::error_handler_t::replace);
    ChatService& service = session.service();
    service.store.put(std::move(rec), 0,
                      session.guarded([&session, room = room.id, member, nick = nick.nick](
                                          StoreResult r, std::uint64_t) {
                          if (r != StoreResult::ok) {
                              session.held().erase(room);
                              session.send_error(ErrorCode::service_degraded);
                              return;
                          }
                          session.send(protocol::encode(protocol::Held{room}));
                          tell_room(session.service().control, shield_waiting_action, room,
                                    {{"member", member}, {"nick", nick}});
                      }));
}

void handle_admit(ClientSession& session, protocol::Admit& m) {
    auto act = begin_staff_act(session, m.room, moderation::Action::room_control, m.id);
    if (!act) {
        return;
    }
    ChatService& service = act->service;
    const std::string name = std::move(act->name);
    Reply reply = std::move(act->reply);
    service.store.get(
        held_kind, held_id(m.room, m.member),
        [&service, m, name, reply](StoreResult r, StoreRecord rec) mutable {
            if (r == StoreResult::not_found) {
                reply([id = m.id](ClientSession& s) {
                    s.send_error(ErrorCode::no_such_member, id, std::nullopt,
                                 "Nobody is waiting under that id (let in already, or gone).");
                });
                return;
            }
            if (r != StoreResult::ok) {
                reply([id = m.id](ClientSession& s) {
                    s.send_error(ErrorCode::service_degraded, id);
                });
                return;
            }
            admit_record(service, m.room, rec, [&service, m, name, reply](bool ok) mutable {
                if (!ok) {
                    reply([id = m.id](ClientSession& s) {
                        s.send_error(ErrorCode::no_such_member, id);
                    });
                    return;
                }
                staff::record_audit(
                    service.store, service.clock,
                    {name, "admit", m.room, m.member, {}, audit_org(service.catalog, m.room)});
                reply([id = m.id](ClientSession& s) {
                    s.send(protocol::encode(protocol::Done{id, "admit"}));
                });
            });
        });
}

void admit_all(ChatService& service, const std::string& room) {
    service.store.list(held_kind, room,
                       [&service, room](StoreResult r, std::vector<StoreRecord> records) {
                           if (r != StoreResult::ok) {
                               log::warn("shield_admit_all_failed", {{"room", room}});
                               return;
                           }
                           for (const StoreRecord& rec : records) {
                               admit_record(service, room, rec, nullptr);
                           }
                       });
}

void send_waiting_list(ClientSession& session, const std::string& room) {
    session.service().store.list(
        held_kind, room,
        session.guarded([&session, room](StoreResult r, std::vector<StoreRecord> records) {
            if (r != StoreResult::ok) {
                return;
            }
            for (const StoreRecord& rec : records) {
                const json body = json::parse(rec.body, nullptr, false);
                if (body.is_object()) {
                    session.send(protocol::encode(protocol::Waiting{
                        room, json_string(body, "member"), json_string(body, "nick")}));
                }
            }
        }));
}

void forget_holds(ClientSession& session) {
    ChatService& service = session.service();
    for (const auto& [room, member] : session.held()) {
        service.store.remove(held_kind, held_id(room, member), Store::any_version, nullptr);
        tell_room(service.control, shield_gone_action, room, {{"member", member}});
    }
    session.held().clear();
}

void register_shield_control(ChatService& service) {
    LocalSessions& local = service.local;
    service.control.on(shield_waiting_action, [&local](const ControlCommand& c) {
        if (c.target.kind != TargetKind::room) {
            return;
        }
        const json args = control_args(c);
        const std::string frame = protocol::encode(protocol::Waiting{
            c.target.room, json_string(args, "member"), json_string(args, "nick")});
        local.for_staff_in_room(c.target.room, [frame](ClientSession& s) { s.send(frame); });
    });
    service.control.on(shield_gone_action, [&local](const ControlCommand& c) {
        if (c.target.kind != TargetKind::room) {
            return;
        }
        const std::string frame = protocol::encode(
            protocol::WaitingGone{c.target.room, json_string(control_args(c), "member")});
        local.for_staff_in_room(c.target.room, [frame](ClientSession& s) { s.send(frame); });
    });
    service.control.on(shield_admit_action, [&local](const ControlCommand& c) {
        if (c.target.kind != TargetKind::session || c.target.session.empty()) {
            return;
        }
        const json args = control_args(c);
        const std::string room = json_string(args, "room");
        const std::string member = json_string(args, "member");
        protocol::Join join;
        join.room = room;
        join.nick = json_string(args, "nick");
        const auto flag = [&](const char* key) {
            const auto it = args.find(key);
            return it != args.end() && it->is_boolean() && it->get<bool>();
        };
        join.affirm = flag("affirm");
        join.listening = flag("listening");
        local.for_address(c.target.session, [room, member, join](ClientSession& s) {
            auto it = s.held().find(room);
            if (it == s.held().end() || it->second != member) {
                return;  // this phone no longer waits for that seat
            }
            s.held().erase(it);
            s.join_admitted(join, member);
        });
    });
}

}  // namespace ibasho::chat

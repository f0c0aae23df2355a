#include "server/chat/room_controls.hpp"

#include "server/chat/room_records.hpp"
#include "server/chat/staff_act.hpp"

#include <memory>

#include "protocol/encode.hpp"
#include "server/chat/chat_service.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/room_live.hpp"
#include "server/chat/shield.hpp"
#include "server/control/control.hpp"
#include "server/log.hpp"
#include "server/staff/audit_log.hpp"

namespace ibasho::chat {

using protocol::ErrorCode;

namespace {

// Applies a room's live settings on this node (any thread): the catalogue first, so that
// the policy layer sees them on the next message, then the members here are told.
void apply_here(ChatService& service, const std::string& room, const RoomLive& live) {
    const auto before = service.catalog.snapshot();
    const RoomConfig* was = before->find(room);
    if (was == nullptr) {
        return;
    }
    const std::string old_frame = protocol::encode(room_state_of(*was));
    if (!service.catalog.set_live(room, live)) {
        return;
    }
    const auto after = service.catalog.snapshot();
    const RoomConfig* now = after->find(room);
    std::string frame = protocol::encode(room_state_of(*now));
    if (frame != old_frame) {
        log::info("room_live", {{"room", room}, {"state", to_string(live.state)}});
        service.hub.deliver_presence(room, make_frame(std::move(frame)));
    }
    // Closing empties the room on every node; leaving twice does nothing.
    if (live.state == RoomState::closed) {
        service.hub.close_room(room);
    }
}

void send_live(Control& control, const std::string& room, const RoomLive& live) {
    ControlCommand c;
    c.target = ControlTarget::of_room(room);
    c.action = room_live_action;
    c.args = to_json(live);
    control.send(std::move(c), nullptr);
}

using LiveDone = std::function<void(StoreResult, RoomLive)>;

// Read-modify-write of the room's live record with compare-and-set, so two staff members
// changing different settings at once both take effect.
void update_live(ChatService& service, std::string room, protocol::RoomControl control,
                 LiveDone done, int tries = 4) {
    service.store.get(room_live_kind, room,
                      [&service, room, control, done = std::move(done), tries](
                          StoreResult r, StoreRecord rec) mutable {
                          if (r != StoreResult::ok && r != StoreResult::not_found) {
                              done(StoreResult::unavailable, {});
                              return;
                          }
                          std::optional<RoomLive> base;
                          if (r == StoreResult::ok) {
                              base = room_live_from_json(rec.body);
                          }
                          if (!base) {
                              const auto rooms = service.catalog.snapshot();
                              const RoomConfig* rc = rooms->find(room);
                              if (rc == nullptr) {
                                  done(StoreResult::not_found, {});
                                  return;
                              }
                              base = live_of(*rc);
                          }
                          const RoomLive next = with_control(*base, control);
                          StoreRecord out;
                          out.kind = room_live_kind;
                          out.id = room;
                          out.owner = room;
                          out.body = to_json(next);
                          const std::uint64_t expected = r == StoreResult::ok ? rec.version : 0;
                          service.store.put(std::move(out), expected,
                                            [&service, room, control, next, done = std::move(done),
                                             tries](StoreResult pr, std::uint64_t) mutable {
                                                if (pr == StoreResult::conflict && tries > 1) {
                                                    update_live(service, room, control,
                                                                std::move(done), tries - 1);
                                                    return;
                                                }
                                                if (pr == StoreResult::ok) {
                                                    send_live(service.control, room, next);
                                                }
                                                done(pr, next);
                                            });
                      });
}

}  // namespace

protocol::RoomStateFrame room_state_of(const RoomConfig& room) {
    protocol::RoomStateFrame f;
    f.room = room.id;
    f.state = std::string(to_string(room.state));
    f.slow_mode_s = static_cast<std::uint32_t>(room.slow_mode.count());
    f.shield = room.shield;
    f.supporter_present = room.supporter_present;
    if (!room.pin.empty()) {
        f.pin = room.pin;
    }
    return f;
}

void register_room_controls(ChatService& service) {
    service.control.on(room_live_action, [&service](const ControlCommand& c) {
        if (c.target.kind != TargetKind::room) {
            return;
        }
        if (const auto live = room_live_from_json(c.args)) {
            apply_here(service, c.target.room, *live);
        }
    });
    register_shield_control(service);
}

void load_live_settings(ChatService& service) {
    service.store.list(room_live_kind, std::nullopt,
                       [&service](StoreResult r, std::vector<StoreRecord> records) {
                           if (r != StoreResult::ok) {
                               log::warn("room_live_load_failed", {{"result", to_string(r)}});
                               return;
                           }
                           for (const StoreRecord& rec : records) {
                               if (const auto live = room_live_from_json(rec.body)) {
                                   apply_here(service, rec.id, *live);
                               }
                           }
                       });
}

void handle_room_control(ClientSession& session, protocol::RoomControl& m) {
    auto act = begin_staff_act(session, m.room, moderation::Action::room_control, m.id);
    if (!act) {
        return;
    }
    ChatService& service = act->service;
    const std::string name = std::move(act->name);
    Reply reply = std::move(act->reply);
    update_live(service, m.room, m, [&service, m, name, reply](StoreResult r, RoomLive) mutable {
        if (r == StoreResult::not_found) {
            reply([id = m.id](ClientSession& s) { s.send_error(ErrorCode::no_such_room, id); });
            return;
        }
        if (r != StoreResult::ok) {
            reply([id = m.id](ClientSession& s) { s.send_error(ErrorCode::service_degraded, id); });
            return;
        }
        if (m.control == protocol::RoomControlKind::shield_off) {
            admit_all(service, m.room);
        }
        staff::record_audit(service.store, service.clock,
                            {name,
                             std::string(protocol::to_string(m.control)),
                             m.room,
                             {},
                             m.reason,
                             audit_org(service.catalog, m.room)});
        reply([id = m.id](ClientSession& s) {
            s.send(protocol::encode(protocol::Done{id, "room_control"}));
        });
    });
}

void after_joined(ClientSession& session, const std::string& room) {
    const auto rooms = session.service().catalog.snapshot();
    const RoomConfig* rc = rooms->find(room);
    if (rc == nullptr) {
        return;
    }
    session.send(protocol::encode(room_state_of(*rc)));
    if (rc->shield && session.is_staff_of(room)) {
        send_waiting_list(session, room);
    }
}

}  // namespace ibasho::chat

#include "server/chat/sanction_handlers.hpp"

#include <memory>

#include "moderation/sanction_ladder.hpp"
#include "protocol/encode.hpp"
#include "protocol/encode_staff_notices.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/reminder_templates.hpp"
#include "server/chat/room_records.hpp"
#include "server/chat/sanction_control.hpp"
#include "server/chat/standing_store.hpp"
#include "server/log.hpp"
#include "server/staff/audit_log.hpp"

namespace ibasho::chat {
namespace {

using moderation::Action;
using protocol::ErrorCode;

moderation::Role role_of_badge(const std::string& badge) {
    if (badge == "organiser") {
        return moderation::Role::organiser;
    }
    return badge == "supporter" ? moderation::Role::supporter : moderation::Role::participant;
}

// The policy request for `action` in `room` by this session, before the target is known.
moderation::Request ask_of(ClientSession& s, Action action, const std::string& room) {
    moderation::Request r;
    r.role = s.role();
    r.assigned_to_room = s.is_staff_of(room);
    r.action = action;
    r.now_ms = s.service().clock.unix_ms();
    return r;
}

bool room_known(ClientSession& s, const std::string& room, const std::string& ref) {
    if (s.service().catalog.snapshot()->find(room) == nullptr) {
        s.send_error(ErrorCode::no_such_room, ref);
        return false;
    }
    return true;
}

// Refused by the policy (code sent) or allowed.
bool allowed(ClientSession& s, const moderation::Request& r, const std::string& ref) {
    const auto d = moderation::decide(r);
    if (!d.allowed()) {
        s.send_error(d.code, ref);
        return false;
    }
    return true;
}

void audit(ClientSession& s, std::string action, const std::string& room, const std::string& member,
           const std::string& reason) {
    staff::record_audit(s.service().store, s.service().clock,
                        {s.staff() ? s.staff()->name : std::string(), std::move(action), room,
                         member, reason, audit_org(s.service().catalog, room)},
                        [](bool ok) {
                            if (!ok) {
                                log::warn("audit_write_failed");
                            }
                        });
}

void done(ClientSession& s, const std::string& ref, std::string action) {
    s.send(protocol::encode(protocol::Done{ref, std::move(action)}));
}

// Finds the target among the room's members (every node) and asks the policy with who it is;
// `then(nick)` runs on the session's shard when the action may go ahead.
void with_target(ClientSession& s, Action action, const std::string& room,
                 const std::string& member, const std::string& ref,
                 std::function<void(std::string nick)> then) {
    moderation::Request ask = ask_of(s, action, room);
    // Not staff here: refused before anything is looked up, and nothing is learnt.
    if (!allowed(s, ask, ref)) {
        return;
    }
    s.service().presence.members(
        room, s.guarded([&s, ask, room, member, ref, then = std::move(then)](
                            Fault f, std::vector<Member> list) mutable {
            if (f != Fault::none) {
                s.send_error(ErrorCode::service_degraded, ref);
                return;
            }
            auto it = std::find_if(list.begin(), list.end(),
                                   [&](const Member& m) { return m.member == member; });
            if (it == list.end()) {
                s.send_error(ErrorCode::no_such_member, ref);
                return;
            }
            ask.target_role = role_of_badge(it->badge);
            const Membership* own = s.memberships().find(room);
            ask.target_self = own != nullptr && own->seat.member == member;
            if (!allowed(s, ask, ref)) {
                return;
            }
            then(it->nick);
        }));
}

std::string_view kind_name(protocol::SanctionKind k) {
    switch (k) {
        case protocol::SanctionKind::mute:
            return "mute";
        case protocol::SanctionKind::remove:
            return "remove";
        case protocol::SanctionKind::ban:
            return "ban";
    }
    return "mute";
}

Action action_of(protocol::SanctionKind k) {
    switch (k) {
        case protocol::SanctionKind::mute:
            return Action::mute;
        case protocol::SanctionKind::remove:
            return Action::remove;
        case protocol::SanctionKind::ban:
            return Action::ban;
    }
    return Action::mute;
}

// Writes the step into the standing, then carries the order to the member, audits, answers.
void carry_out(ClientSession& s, Action action, const std::string& room, const std::string& member,
               const std::string& ref, SanctionOrder order,
               std::function<void(StandingRecord&)> also) {
    ChatService& service = s.service();
    const std::int64_t now = service.clock.unix_ms();
    update_standing(
        service.store, service.clock, room, member,
        [action, order, now, also = std::move(also)](StandingRecord& rec) {
            record_step(rec, action, order.reason, now);
            if (also) {
                also(rec);
            }
        },
        s.guarded([&s, action, room, member, ref, order](bool ok, StandingRecord) {
            if (!ok) {
                s.send_error(ErrorCode::service_degraded, ref);
                return;
            }
            send_sanction(s.service().control, room, member, order);
            audit(s, std::string(moderation::to_string(action)), room, member, order.reason);
            done(s, ref, std::string(moderation::to_string(action)));
        }));
}

}  // namespace

void handle_remind(ClientSession& s, protocol::Remind& m) {
    if (!room_known(s, m.room, m.id)) {
        return;
    }
    with_target(s, Action::remind, m.room, m.member, m.id, [&s, m](std::string) {
        const std::string reason = m.template_id.empty() ? "own_words" : m.template_id;
        if (m.text) {
            SanctionOrder o{"remind", 0, reason, *m.text, {}};
            carry_out(s, Action::remind, m.room, m.member, m.id, std::move(o), nullptr);
            return;
        }
        find_reminder(s.service().store, m.template_id,
                      s.guarded([&s, m, reason](std::optional<protocol::LocalizedText> text) {
                          if (!text) {
                              s.send_error(ErrorCode::bad_reason, m.id, std::nullopt,
                                           "There is no reminder with that id.");
                              return;
                          }
                          SanctionOrder o{"remind", 0, reason, text->ja, text->en};
                          carry_out(s, Action::remind, m.room, m.member, m.id, std::move(o),
                                    nullptr);
                      }));
    });
}

void handle_sanction(ClientSession& s, protocol::Sanction& m) {
    if (!room_known(s, m.room, m.id)) {
        return;
    }
    const Action action = action_of(m.kind);
    with_target(s, action, m.room, m.member, m.id, [&s, m, action](std::string nick) {
        const std::int64_t until =
            s.service().clock.unix_ms() + static_cast<std::int64_t>(m.minutes) * 60'000;
        SanctionOrder o{std::string(kind_name(m.kind)), until, m.reason, {}, {}};
        carry_out(s, action, m.room, m.member, m.id, std::move(o),
                  [kind = m.kind, until, nick, reason = m.reason](StandingRecord& rec) {
                      switch (kind) {
                          case protocol::SanctionKind::mute:
                              rec.muted_until_ms = until;
                              rec.review = PendingReview{"mute", nick, reason, until};
                              break;
                          case protocol::SanctionKind::remove:
                              rec.removed_until_ms = until;
                              break;
                          case protocol::SanctionKind::ban:
                              rec.banned_until_ms = until;
                              break;
                      }
                  });
    });
}

void handle_standing(ClientSession& s, protocol::StandingQuery& m) {
    if (!room_known(s, m.room, m.id) || !allowed(s, ask_of(s, Action::standing, m.room), m.id)) {
        return;
    }
    load_standing(
        s.service().store, m.room, m.member, s.guarded([&s, m](bool ok, StandingRecord rec) {
            if (!ok) {
                s.send_error(ErrorCode::service_degraded, m.id);
                return;
            }
            protocol::StandingAnswer a;
            a.room = m.room;
            a.member = m.member;
            a.standing = standing_info(rec);
            a.suggest = std::string(moderation::to_string(
                moderation::suggest_next(ladder_summary(rec), s.service().clock.unix_ms())));
            a.ref = m.id;
            s.send(protocol::encode(a));
        }));
}

void handle_standing_note(ClientSession& s, protocol::StandingNote& m) {
    if (!room_known(s, m.room, m.id) ||
        !allowed(s, ask_of(s, Action::standing_note, m.room), m.id)) {
        return;
    }
    ChatService& service = s.service();
    update_standing(
        service.store, service.clock, m.room, m.member,
        [text = m.text](StandingRecord& rec) { rec.note = text; },
        s.guarded([&s, m](bool ok, StandingRecord) {
            if (!ok) {
                s.send_error(ErrorCode::service_degraded, m.id);
                return;
            }
            audit(s, "standing_note", m.room, m.member, {});
            done(s, m.id, "standing_note");
        }));
}

}  // namespace ibasho::chat

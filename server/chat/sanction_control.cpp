#include "server/chat/sanction_control.hpp"

#include "server/presence/presence.hpp"
#include "server/staff/staff_accounts.hpp"

#include <nlohmann/json.hpp>

#include "protocol/encode_staff_notices.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/local_sessions.hpp"
#include "server/chat/standing_store.hpp"
#include "server/clock.hpp"
#include "server/control/control.hpp"
#include "server/control/control_args.hpp"
#include "server/log.hpp"
#include "server/periodic.hpp"

namespace ibasho::chat {
namespace {

using nlohmann::json;

}  // namespace

void apply_sanction(ClientSession& session, const std::string& room, const SanctionOrder& o) {
    Membership* seat = session.memberships().find(room);
    if (seat == nullptr) {
        return;  // left meanwhile: the standing in the Store still holds on the next join
    }
    ChatService& service = session.service();
    protocol::Notice notice;
    notice.room = room;
    if (o.kind == "remind") {
        notice.kind = "reminder";
        notice.text = o.text;
        if (!o.text_en.empty()) {
            notice.text_en = o.text_en;
        }
        seat->standing.warned = true;
        session.send(protocol::encode(notice));
        return;
    }
    if (o.until_ms <= service.clock.unix_ms()) {
        return;  // already over (a command that waited too long)
    }
    notice.until = o.until_ms;
    if (o.kind == "mute") {
        notice.kind = "muted";
        seat->standing.muted_until_ms = std::max(seat->standing.muted_until_ms, o.until_ms);
        remember_seat(service.store, room, session.address(), seat->seat.member);
        session.send(protocol::encode(notice));
    } else if (o.kind == "remove") {
        notice.kind = "removed";
        remember_seat(service.store, room, session.address(), seat->seat.member);
        session.send(protocol::encode(notice));
        session.memberships().leave(room, LeaveReason::removed);
    } else if (o.kind == "ban") {
        notice.kind = "banned";
        put_ban(service.store, service.clock, session.address(),
                std::string(session.connection().address_hash()), o.until_ms, o.reason,
                address_key_expires_ms(service));
        session.send(protocol::encode(notice));
        session.memberships().leave_all(LeaveReason::banned);
    }
}

void register_sanction_control(Control& control, LocalSessions& local) {
    control.on(sanction_action, [&local](const ControlCommand& c) {
        if (c.target.kind != TargetKind::member || c.target.room.empty()) {
            return;
        }
        const json args = control_args(c);
        SanctionOrder o;
        o.kind = json_string(args, "kind");
        o.until_ms = json_int(args, "until_ms");
        o.reason = json_string(args, "reason");
        o.text = json_string(args, "text");
        o.text_en = json_string(args, "text_en");
        local.for_member(
            c.target.room, c.target.member,
            [room = c.target.room, o](ClientSession& s) { apply_sanction(s, room, o); });
    });
    control.on(review_action, [&local](const ControlCommand& c) {
        if (c.target.kind != TargetKind::room || c.target.room.empty()) {
            return;
        }
        const json args = control_args(c);
        protocol::Review r{c.target.room, json_string(args, "member"), json_string(args, "nick"),
                           json_string(args, "action"), json_string(args, "reason")};
        const std::string frame = protocol::encode(r);
        local.for_staff_in_room(c.target.room, [frame](ClientSession& s) { s.send(frame); });
    });
    control.on(std::string(staff::staff_revoked_action), [&local](const ControlCommand& c) {
        const std::string staff = json_string(control_args(c), "staff");
        if (staff.empty()) {
            return;
        }
        local.for_staff_id(staff, [](ClientSession& s) { s.drop_staff_role("revoked"); });
    });
}

void send_sanction(Control& control, const std::string& room, const std::string& member,
                   const SanctionOrder& o) {
    ControlCommand c;
    c.target = ControlTarget::of_member(room, member);
    c.action = sanction_action;
    json args{{"kind", o.kind}, {"until_ms", o.until_ms}, {"reason", o.reason}};
    if (!o.text.empty()) {
        args["text"] = o.text;
    }
    if (!o.text_en.empty()) {
        args["text_en"] = o.text_en;
    }
    c.args = args.dump();
    control.send(std::move(c), nullptr);
}

void sweep_mute_reviews(Store& store, Control& control, Presence& presence, const Clock& clock) {
    store.list(
        standing_kind, std::nullopt,
        [&store, &control, &presence, &clock](StoreResult r, std::vector<StoreRecord> records) {
            if (r != StoreResult::ok) {
                return;
            }
            const std::int64_t now = clock.unix_ms();
            for (StoreRecord& rec : records) {
                StandingRecord s = parse_standing(rec.body);
                if (!s.review || s.review->due_ms > now) {
                    continue;
                }
                const auto tilde = rec.id.find('~');
                if (tilde == std::string::npos) {
                    continue;
                }
                const std::string room = rec.id.substr(0, tilde);
                // A review nobody is there to read would be forgotten: it waits in the standing
                // until a staff member is in the room (any node), and goes out then.
                presence.counts(
                    {room}, [&store, &control, room, rec = std::move(rec), s = std::move(s)](
                                Fault f, std::vector<RoomCounts> counts) mutable {
                        if (f != Fault::none || counts.empty() || counts[0].staff == 0) {
                            return;
                        }
                        const PendingReview due = *s.review;
                        s.review.reset();
                        const std::string member = rec.id.substr(rec.id.find('~') + 1);
                        const std::uint64_t version = rec.version;
                        rec.body = standing_body(s);  // ttl as read: the expiry stays
                        store.put(std::move(rec), version,
                                  [&control, room, member, due](StoreResult pr, std::uint64_t) {
                                      if (pr != StoreResult::ok) {
                                          return;  // another node took it, or try again later
                                      }
                                      ControlCommand c;
                                      c.target = ControlTarget::of_room(room);
                                      c.action = review_action;
                                      c.args = json{{"member", member},
                                                    {"nick", due.nick},
                                                    {"action", due.action},
                                                    {"reason", due.reason}}
                                                   .dump();
                                      control.send(std::move(c), nullptr);
                                  });
                    });
            }
        });
}

struct ReviewSweeper::Impl {
    Impl(boost::asio::io_context& io, std::chrono::milliseconds every, std::function<void()> tick)
        : loop(io, every, std::move(tick)) {}
    Periodic loop;
};

ReviewSweeper::ReviewSweeper(boost::asio::io_context& io, Store& store, Control& control,
                             Presence& presence, const Clock& clock,
                             std::chrono::milliseconds every)
    : impl_(std::make_shared<Impl>(io, every, [&store, &control, &presence, &clock] {
          sweep_mute_reviews(store, control, presence, clock);
      })) {}

ReviewSweeper::~ReviewSweeper() {
    stop();
}

void ReviewSweeper::stop() {
    impl_->loop.stop();
}

}  // namespace ibasho::chat

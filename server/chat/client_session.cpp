#include "server/chat/client_session.hpp"

#include "moderation/contact_shield.hpp"
#include "moderation/nickname.hpp"
#include "protocol/close_codes.hpp"
#include "protocol/codec.hpp"
#include "protocol/encode.hpp"
#include "protocol/encode_staff_notices.hpp"
#include "server/chat/control_handlers.hpp"
#include "server/chat/crisis_alerts.hpp"
#include "server/chat/earlier_handler.hpp"
#include "server/chat/end_session.hpp"
#include "server/chat/event_frame.hpp"
#include "server/chat/hide_handlers.hpp"
#include "server/chat/peek_handler.hpp"
#include "server/chat/presence_notifier.hpp"
#include "server/chat/private_word.hpp"
#include "server/chat/report_handlers.hpp"
#include "server/chat/room_controls.hpp"
#include "server/chat/room_list_reply.hpp"
#include "server/chat/room_records.hpp"
#include "server/chat/sanction_handlers.hpp"
#include "server/chat/say_safety.hpp"
#include "server/chat/say_screen.hpp"
#include "server/chat/shield.hpp"
#include "server/events/scheduled_join.hpp"
#include "server/metrics.hpp"
#include "server/random_token.hpp"
#include "server/shards.hpp"

namespace ibasho::chat {

using protocol::ErrorCode;

namespace {

std::uint32_t retry_ms(std::chrono::milliseconds wait) {
    return static_cast<std::uint32_t>(std::max<std::int64_t>(1, wait.count()));
}

HistoryLimits limits_of(const RoomConfig& room) {
    return HistoryLimits{room.history_length, room.history_age};
}

}  // namespace

ClientSession::ClientSession(ChatService& service, Connection& connection)
    : service_(service),
      connection_(connection),
      shard_(connection.shard()),
      memberships_(service, connection, *this, new_member_id(), this),
      frame_budget_(connection_frames_per_second, connection_frames_burst),
      reports_(std::make_unique<SessionReports>()) {}

ClientSession::~ClientSession() {
    service_.local.remove(this);
}

void ClientSession::send(std::string bytes) {
    connection_.send(make_frame(std::move(bytes)));
}

void ClientSession::send_error(ErrorCode code, const std::string& ref,
                               std::optional<std::uint32_t> retry_after_ms, std::string message) {
    metrics().count_error(static_cast<int>(code));
    protocol::ErrorFrame f;
    f.error = protocol::make_error(code, ref);
    if (!message.empty()) {
        f.error.message = std::move(message);
    }
    f.retry_after_ms = retry_after_ms;
    send(protocol::encode(f));
}

void ClientSession::send_nickname_taken(const std::string& room,
                                        std::vector<std::string> suggestions) {
    metrics().count_error(static_cast<int>(ErrorCode::nickname_taken));
    protocol::ErrorFrame f;
    f.error = protocol::make_error(ErrorCode::nickname_taken);
    f.room = room;
    f.suggestions = std::move(suggestions);
    send(protocol::encode(f));
}

bool ClientSession::on_control_frame() {
    return spend_frame();
}

bool ClientSession::spend_frame() {
    // The address's budget is shared by every connection from it, on every node.
    if (frame_budget_.try_take(service_.clock.now()).count() > 0 ||
        (service_.address_limits &&
         !service_.address_limits->take_frame(connection_.address_hash()))) {
        connection_.close(static_cast<std::uint16_t>(protocol::CloseCode::flood),
                          "too many messages");
        return false;
    }
    return true;
}

void ClientSession::on_text(std::string_view text) {
    if (!spend_frame()) {
        return;
    }
    auto decoded = protocol::decode(text);
    if (!decoded.ok()) {
        metrics().count_error(static_cast<int>(decoded.error.code));
        send(protocol::encode(protocol::ErrorFrame{decoded.error, std::nullopt}));
        return;
    }
    std::visit(
        [this](auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (!std::is_same_v<T, protocol::Hello>) {
                if (!memberships_.has_record()) {
                    std::string ref;
                    if constexpr (requires { m.id; }) {
                        ref = m.id;
                    }
                    send_error(ErrorCode::hello_first, ref);
                    return;
                }
            }
            // Every staff action names a reason from the organisation's list; one check here
            // keeps each handler from having to remember it.
            if constexpr (requires { m.reason.empty(); }) {
                // The list is the room's organisation's (a report's is its staff member's).
                std::string org;
                if constexpr (requires { m.room; }) {
                    org = room_org(service_.catalog, m.room);
                }
                if (org.empty()) {
                    org = staff_ && !staff_->org.empty() ? staff_->org : std::string("main");
                }
                if (!m.reason.empty() && !service_.reasons.listed(org, m.reason)) {
                    send_error(ErrorCode::bad_reason, m.id, std::nullopt,
                               "This reason is not on the list (GET /api/reasons).");
                    return;
                }
            }
            handle(m);
        },
        *decoded.message);
}

void ClientSession::handle(protocol::Hello& m) {
    if (memberships_.has_record() || hello_pending_) {
        send_error(ErrorCode::already_hello);
        return;
    }
    hello_pending_ = true;
    if (!m.staff) {
        start_session(std::move(m.resume));
        return;
    }
    // A staff token raises the role; a bad one is said plainly and the session goes on as a
    // participant, so a supporter whose sign-in ran out can still read along.
    service_.staff.authenticate(
        *m.staff,
        guarded([this, resume = std::move(m.resume)](
                    staff::AuthResult result, std::optional<staff::StaffIdentity> who) mutable {
            if (result == staff::AuthResult::ok && who) {
                role_ = who->role;
                staff_ = std::move(who);
            } else {
                metrics().count_error(static_cast<int>(ErrorCode::staff_token_invalid));
                std::string why;
                switch (result) {
                    case staff::AuthResult::expired:
                        why =
                            "Your staff sign-in has expired; please sign in again. You are here "
                            "as a participant.";
                        break;
                    case staff::AuthResult::must_change:
                        why =
                            "Please change your one-time password first. You are here as a "
                            "participant.";
                        break;
                    case staff::AuthResult::unavailable:
                        why =
                            "Your staff sign-in could not be checked just now. You are here as "
                            "a participant; please try again soon.";
                        break;
                    default:
                        break;
                }
                send_error(ErrorCode::staff_token_invalid, {}, std::nullopt, std::move(why));
            }
            start_session(std::move(resume));
        }));
}

void ClientSession::start_session(std::optional<std::string> resume) {
    auto welcome = [this](std::optional<SessionRecord> rec, bool resumed) {
        hello_pending_ = false;
        memberships_.set_record(std::move(*rec));
        const std::string& token = memberships_.record().token;
        service_.active.claim(token,
                              ActiveSessions::Holder{&shard_, alive_, [this] { supersede(); }, this,
                                                     memberships_.holder()});
        address_ = session_address(token);
        service_.local.add(this, shard_, alive_, address_);
        if (staff_) {
            service_.local.set_staff(this, staff_->id, staff_->role);
        }
        if (resumed) {
            // The old connection may sit on another node: retire it there too (4004).
            send_session_resumed(service_.control, token, memberships_.holder());
        }
        protocol::Welcome w;
        w.session = token;
        w.resumed = resumed;
        w.idle_ttl_s = static_cast<std::uint32_t>(service_.config.session_ttl.count());
        w.role = std::string(moderation::to_string(role_));
        if (staff_) {
            w.staff_name = staff_->name;
            if (staff_->role == moderation::Role::supporter) {
                w.staff_rooms = staff_->rooms;
            } else {
                for (const auto& room : service_.catalog.snapshot()->rooms) {
                    w.staff_rooms.push_back(room.id);
                }
            }
        }
        send(protocol::encode(w));
        if (resumed || staff_) {
            restore_private_threads(*this, *reports_);
        }
    };
    auto fresh = [this, welcome] {
        service_.sessions.create(
            guarded([this, welcome](Fault f, std::optional<SessionRecord> rec) {
                if (f != Fault::none || !rec) {
                    hello_pending_ = false;
                    send_error(ErrorCode::service_degraded);
                    return;
                }
                welcome(std::move(rec), false);
            }));
    };
    if (!resume) {
        fresh();
        return;
    }
    service_.sessions.resume(
        *resume, guarded([this, welcome, fresh](Fault f, std::optional<SessionRecord> rec) {
            if (f != Fault::none) {
                hello_pending_ = false;
                send_error(ErrorCode::service_degraded);
                return;
            }
            if (!rec) {
                fresh();  // expired or unknown: a new session; the client sees resumed=false
                return;
            }
            welcome(std::move(rec), true);
        }));
}

void ClientSession::handle(protocol::ListRooms& m) {
    handle_list_rooms(*this, room_lists_, m);
}

bool ClientSession::is_staff_of(std::string_view room) const {
    if (!staff_) {
        return false;
    }
    const auto rooms = service_.catalog.snapshot();
    const RoomConfig* config = rooms->find(room);
    return config != nullptr &&
           (staff_->may_moderate(room, config->org) || config->event_supporter(staff_->id));
}

moderation::Request ClientSession::policy_request(moderation::Action action,
                                                  const RoomConfig& room) const {
    moderation::Request r;
    r.role = role_;
    r.assigned_to_room =
        staff_ && (staff_->may_moderate(room.id, room.org) || room.event_supporter(staff_->id));
    r.action = action;
    r.room.state = room.effective_state();
    r.room.limited = room.limited();
    r.room.shield = room.shield;
    r.room.supporter_required = room.supporter_present;
    r.now_ms = service_.clock.unix_ms();
    return r;
}

void ClientSession::handle(protocol::Hide& m) {
    handle_hide(*this, m);
}
void ClientSession::handle(protocol::Unhide& m) {
    handle_unhide(*this, m);
}
void ClientSession::handle(protocol::RoomControl& m) {
    handle_room_control(*this, m);
}
void ClientSession::handle(protocol::Admit& m) {
    handle_admit(*this, m);
}

void ClientSession::join_admitted(protocol::Join m, std::string member) {
    join(m, std::move(member));
}

void ClientSession::handle(protocol::Join& m) {
    join(m, {});
}

void ClientSession::join(protocol::Join& m, std::string admitted_member) {
    auto rooms = service_.catalog.snapshot();
    const RoomConfig* room = rooms->find(m.room);
    if (room == nullptr) {
        send_error(ErrorCode::no_such_room);
        return;
    }
    if (memberships_.find(m.room) != nullptr || joining_.contains(m.room)) {
        send_error(ErrorCode::already_in_room);
        return;
    }
    if (!events::admit_scheduled_join(*this, *room)) {
        return;
    }
    joining_[m.room] = true;
    load_join_facts(
        *this, m.room, memberships_.record().find(m.room),
        [this, m, admitted_member = std::move(admitted_member)](JoinFacts facts) mutable {
            join_with(std::move(m), std::move(facts), std::move(admitted_member));
        });
}

void ClientSession::join_with(protocol::Join m, JoinFacts facts, std::string admitted_member) {
    joining_.erase(m.room);
    auto rooms = service_.catalog.snapshot();
    const RoomConfig* room = rooms->find(m.room);
    if (room == nullptr) {
        send_error(ErrorCode::no_such_room);
        return;
    }
    if (memberships_.find(m.room) != nullptr) {
        send_error(ErrorCode::already_in_room);
        return;
    }
    const Seat* previous = memberships_.record().find(m.room);
    moderation::Request ask = policy_request(moderation::Action::join, *room);
    ask.standing = facts.standing;
    ask.resuming = previous != nullptr;
    ask.affirmed = m.affirm || (previous && previous->affirmed);
    ask.admitted = !admitted_member.empty();
    ask.rooms_held = memberships_.size() + joining_.size();
    ask.max_rooms = service_.config.max_rooms_per_session;
    if (const auto d = moderation::decide(ask); d.code == ErrorCode::held && !d.allowed()) {
        hold_joiner(*this, *room, m);
        return;
    }
    if (const auto d = moderation::decide(ask); !d.allowed()) {
        send_error(
            d.code, {},
            d.retry_after.count() > 0 ? std::optional(retry_ms(d.retry_after)) : std::nullopt);
        return;
    }
    Member want;
    if (previous) {
        want.member = previous->member;
        want.nick = previous->nick;
        want.spoke = previous->spoke;  // a resume is the same visit
    } else if (facts.as_staff) {
        want.member = new_member_id();
    } else {
        auto nick = moderation::normalize_nickname(m.nick);
        if (!nick.ok()) {
            send_error(ErrorCode::bad_nick, {}, std::nullopt,
                       "That nickname cannot be used (" +
                           std::string(moderation::to_string(nick.problem)) + ").");
            return;
        }
        want.member = !admitted_member.empty() ? std::move(admitted_member)
                                               : facts.member.value_or(new_member_id());
        want.nick = std::move(nick.nick);
    }
    if (facts.as_staff) {
        want.nick = facts.nick;  // staff sit under their display name, whatever was sent
        want.badge = facts.badge;
    }
    want.listening = m.listening;
    want.holder = memberships_.holder();
    const bool resumed = previous != nullptr;
    // A person choosing a name is told it is taken and chooses again; a seat coming back (its
    // name taken while it was away) or staff under their display name cannot be asked, so they
    // take the first free alternative.
    const NickClash clash =
        resumed || facts.as_staff ? NickClash::take_alternative : NickClash::refuse;
    joining_[m.room] = true;
    service_.presence.join(m.room, want, room->effective_capacity(), clash,
                           guarded([this, rooms, room, m, resumed, facts = std::move(facts)](
                                       Fault f, JoinResult result) mutable {
                               joining_.erase(m.room);
                               if (f != Fault::none) {
                                   send_error(ErrorCode::service_degraded);
                                   return;
                               }
                               if (result.outcome == JoinOutcome::full) {
                                   send_error(ErrorCode::room_full);
                                   return;
                               }
                               if (result.outcome == JoinOutcome::nick_taken) {
                                   send_nickname_taken(m.room, std::move(result.free_nicks));
                                   return;
                               }
                               finish_join(*room, m, result.member, resumed, std::move(facts));
                           }));
}

void ClientSession::finish_join(const RoomConfig& room, protocol::Join join, Member member,
                                bool resumed, JoinFacts facts) {
    Seat seat;
    seat.room = room.id;
    seat.member = member.member;
    seat.nick = member.nick;
    seat.listening = member.listening;
    seat.spoke = member.spoke;
    const Seat* previous = memberships_.record().find(room.id);
    seat.affirmed = join.affirm || (previous && previous->affirmed);
    memberships_.enter(room, std::move(seat), facts.as_staff).standing = facts.standing;

    const std::uint64_t since = join.since.value_or(0);
    service_.broker.history(
        room.id, since, fresh_join_history, limits_of(room),
        guarded([this, room_id = room.id, member, resumed, since,
                 supporter_present = room.supporter_present](Fault f, HistorySlice slice) {
            if (memberships_.find(room_id) == nullptr) {
                return;  // left while history was being read
            }
            if (f != Fault::none) {
                memberships_.leave(room_id, LeaveReason::join_failed);
                send_error(ErrorCode::service_degraded);
                return;
            }
            protocol::Joined j;
            j.room = room_id;
            j.member = member.member;
            j.nick = member.nick;
            j.seq = slice.last_seq;
            j.listening = member.listening;
            j.resumed = resumed;
            j.badge = member.badge;
            j.supporter_present = supporter_present;
            if (const RoomConfig* rc = service_.catalog.snapshot()->find(room_id);
                rc != nullptr && rc->scheduled) {
                j.event = events::shown_event(rc->schedule);
            }
            if (since > slice.last_seq) {
                // The room's sequence restarted (history wiped): the client's `since` means
                // nothing now, so it gets the recent history as on a fresh join.
                slice.gap.reset();
            }
            auto rest = [this, room_id, j, slice = std::move(slice)](std::uint32_t staff) mutable {
                if (memberships_.find(room_id) == nullptr) {
                    return;
                }
                j.staff = staff;
                send(protocol::encode(j));
                if (auto rooms = service_.catalog.snapshot();
                    const RoomConfig* rc = rooms->find(room_id)) {
                    events::after_scheduled_join(*this, *rc);
                }
                send_staff_queue(*this, room_id);
                after_joined(*this, room_id);
                send_history(room_id, std::move(slice));
                service_.presence.members(
                    room_id, guarded([this, room_id](Fault pf, std::vector<Member> list) {
                        if (pf != Fault::none || memberships_.find(room_id) == nullptr) {
                            return;
                        }
                        auto rooms = service_.catalog.snapshot();
                        send(protocol::encode(presence_view(room_id, list, rooms->find(room_id))));
                    }));
            };
            if (!supporter_present) {
                rest(0);
                return;
            }
            // Whether someone is there to look after the room decides if the member may write.
            service_.presence.counts({room_id},
                                     guarded([rest](Fault, std::vector<RoomCounts> counts) mutable {
                                         rest(counts.empty() ? 0 : counts[0].staff);
                                     }));
        }));
}

void ClientSession::send_history(const std::string& room, HistorySlice slice) {
    Membership* found = memberships_.find(room);
    if (found == nullptr) {
        return;
    }
    Membership& rs = *found;
    if (slice.gap) {
        send(protocol::encode(protocol::Gap{room, slice.gap->first, slice.gap->second}));
    }
    std::uint64_t last = 0;
    for (auto& ev : slice.events) {
        connection_.send_reply(ev.frame);  // asked for by the join
        last = ev.seq;
    }
    rs.last_seq = std::max(last, slice.last_seq);
    rs.syncing = false;
    for (auto& ev : rs.pending) {
        if (ev.seq > rs.last_seq) {
            rs.last_seq = ev.seq;
            connection_.send(ev.frame);
        }
    }
    rs.pending.clear();
    rs.pending.shrink_to_fit();
}

void ClientSession::handle(protocol::Leave& m) {
    if (memberships_.find(m.room) == nullptr) {
        send_error(ErrorCode::not_in_room);
        return;
    }
    memberships_.leave(m.room, LeaveReason::left);
}

ClientSession::Writable ClientSession::writable(std::shared_ptr<const RoomSet> rooms,
                                                const std::string& room, const std::string& ref,
                                                moderation::Action action, bool staff_present) {
    Membership* member = memberships_.find(room);
    if (member == nullptr) {
        send_error(ErrorCode::not_in_room, ref);
        return {};
    }
    const RoomConfig* rc = rooms->find(room);
    if (rc == nullptr) {
        send_error(ErrorCode::no_such_room, ref);
        return {};
    }
    const auto now = service_.clock.now();
    const bool is_message = action == moderation::Action::say;
    moderation::Request ask = policy_request(action, *rc);
    ask.standing = member->standing;
    ask.room.staff_present = staff_present;
    if (rc->rate_per_second > 0) {
        ask.rate_wait = member->rate.wait(now);
    }
    if (is_message) {
        member->slow.set_interval(rc->slow_mode);
        ask.slow_wait = member->slow.wait(now);
    }
    const moderation::Decision d = moderation::decide(ask);
    if (!d.allowed()) {
        // A chat flood calms down with a short mute instead of a disconnect (issue 12).
        if ((d.code == ErrorCode::rate_limited || d.code == ErrorCode::slow_mode) &&
            member->flood.refused(now)) {
            mute_for_flood(*this, room);
            return {};
        }
        send_error(
            d.code, ref,
            d.retry_after.count() > 0 ? std::optional(retry_ms(d.retry_after)) : std::nullopt);
        return {};
    }
    if (rc->rate_per_second > 0) {
        member->rate.take(now);
    }
    if (is_message) {
        member->slow.record(now);
    }
    return {member, rc, std::move(rooms)};
}

void ClientSession::publish_then(EventDraft draft, const RoomConfig& room, const std::string& ref,
                                 std::function<void(std::optional<std::uint64_t>)> after) {
    service_.broker.publish(
        std::move(draft), limits_of(room),
        guarded([this, room = room.id, ref, after = std::move(after)](Fault f, std::uint64_t seq) {
            if (f == Fault::none) {
                metrics().published.add();
                memberships_.spoke(room);
            } else if (f == Fault::unavailable) {
                send_error(ErrorCode::service_degraded, ref);
            }
            after(f == Fault::none ? std::optional(seq) : std::nullopt);
        }));
}

void ClientSession::publish(EventDraft draft, const RoomConfig& room, const std::string& ref) {
    // Success needs no reply: the sender receives its own message through the room like
    // everyone else. A duplicate was delivered once already, so it is dropped quietly.
    service_.broker.publish(std::move(draft), limits_of(room),
                            guarded([this, room = room.id, ref](Fault f, std::uint64_t) {
                                if (f == Fault::none) {
                                    metrics().published.add();
                                    memberships_.spoke(room);
                                } else if (f == Fault::unavailable) {
                                    send_error(ErrorCode::service_degraded, ref);
                                }
                            }));
}

bool ClientSession::staff_count_needed(const RoomSet& rooms, const std::string& room) {
    const RoomConfig* rc = rooms.find(room);
    // Only a supporter-present room asks, and only for a participant seated there: anything
    // else is answered by writable() without the count.
    return rc != nullptr && rc->supporter_present && !is_staff_of(room) &&
           memberships_.find(room) != nullptr;
}

void ClientSession::count_staff(const std::string& room, std::function<void(bool)> fn) {
    service_.presence.counts({room}, guarded([fn](Fault f, std::vector<RoomCounts> counts) {
                                 fn(f == Fault::none && !counts.empty() && counts[0].staff > 0);
                             }));
}

void ClientSession::handle(protocol::Say& m) {
    if (m.re) {
        if (const Membership* seat = memberships_.find(m.room); seat != nullptr) {
            if (const auto d = moderation::decide_reply_target(m.re, seat->last_seq, seat->syncing);
                !d.allowed()) {
                send_error(d.code, m.id, std::nullopt,
                           "This reply quotes a message the room has not reached.");
                return;
            }
        }
    }
    // The hot path: one catalogue snapshot, no copy of the message, unless the room needs to
    // know whether a supporter is in it (then the count comes first, across nodes).
    auto rooms = service_.catalog.snapshot();
    if (!staff_count_needed(*rooms, m.room)) {
        say_now(m, std::move(rooms), false);
        return;
    }
    count_staff(m.room,
                [this, m](bool present) { say_now(m, service_.catalog.snapshot(), present); });
}

void ClientSession::say_now(const protocol::Say& m, std::shared_ptr<const RoomSet> rooms,
                            bool staff_present) {
    const Writable w =
        writable(std::move(rooms), m.room, m.id, moderation::Action::say, staff_present);
    Membership* member = w.member;
    if (member == nullptr) {
        return;
    }
    if (member->seat.listening) {
        // Writing is talking: the member's status follows what they do.
        member->seat.listening = false;
        service_.presence.set_listening(m.room, member->seat.member, false, nullptr);
        memberships_.save();
    }
    // The safety filters (issue 12): masked contacts are the common case and cost a notice;
    // anything flagged (crisis words, blocked words) goes through say_safety.
    const SayScreen screen = screen_say(service_, *w.room, m.text, member->staff);
    const std::string badge = member->staff ? badge_of(role_) : std::string();
    EventDraft draft = message_draft(m.room, member->seat.member, member->seat.nick, screen.text,
                                     m.id, badge, screen.masked, m.re);
    if (screen.masked) {
        tell_masked(*this, m.room, m.id);
    }
    if (!screen.flagged()) {
        publish(std::move(draft), *w.room, m.id);
        return;
    }
    say_flagged(*this, m.room, m.id, std::move(draft), screen, w.rooms,
                w.room->supporter_present ? std::optional(staff_present) : std::nullopt);
}

void ClientSession::handle(protocol::Stamp& m) {
    if (const Membership* seat = memberships_.find(m.room); seat != nullptr) {
        if (const auto d = moderation::decide_stamp_target(m.on, seat->last_seq, seat->syncing);
            !d.allowed()) {
            send_error(d.code, m.id, std::nullopt,
                       "This stamp answers a message the room has not reached.");
            return;
        }
    }
    auto rooms = service_.catalog.snapshot();
    if (!staff_count_needed(*rooms, m.room)) {
        stamp_now(m, std::move(rooms), false);
        return;
    }
    count_staff(m.room,
                [this, m](bool present) { stamp_now(m, service_.catalog.snapshot(), present); });
}

void ClientSession::stamp_now(const protocol::Stamp& m, std::shared_ptr<const RoomSet> rooms,
                              bool staff_present) {
    const Writable w =
        writable(std::move(rooms), m.room, m.id, moderation::Action::stamp, staff_present);
    if (w.member == nullptr) {
        return;
    }
    const std::string badge = w.member->staff ? badge_of(role_) : std::string();
    publish(
        stamp_draft(m.room, w.member->seat.member, w.member->seat.nick, m.stamp, m.id, m.on, badge),
        *w.room, m.id);
}

void ClientSession::handle(protocol::Remind& m) {
    handle_remind(*this, m);
}

void ClientSession::handle(protocol::End& m) {
    handle_end(*this, m);
}

void ClientSession::handle(protocol::Earlier& m) {
    handle_earlier(*this, m);
}

void ClientSession::handle(protocol::Peek& m) {
    handle_peek(*this, m);
}
void ClientSession::handle(protocol::AckAlert& m) {
    handle_ack_alert(*this, m);
}

void ClientSession::handle(protocol::ReachOut& m) {
    handle_reach_out(*this, m);
}

void ClientSession::handle(protocol::Sanction& m) {
    handle_sanction(*this, m);
}

void ClientSession::handle(protocol::StandingQuery& m) {
    handle_standing(*this, m);
}

void ClientSession::handle(protocol::StandingNote& m) {
    handle_standing_note(*this, m);
}

void ClientSession::drop_staff_role(std::string_view reason) {
    if (!staff_) {
        return;
    }
    staff_.reset();
    role_ = moderation::Role::participant;
    service_.local.set_staff(this, {}, role_);
    send(protocol::encode(protocol::RoleChange{"participant", std::string(reason)}));
    for (const std::string& room : memberships_.rooms()) {
        if (Membership* m = memberships_.find(room); m != nullptr && m->staff) {
            memberships_.leave(room, LeaveReason::left);
        }
    }
}

void ClientSession::handle(protocol::SetStatus& m) {
    Membership* member = memberships_.find(m.room);
    if (member == nullptr) {
        send_error(ErrorCode::not_in_room);
        return;
    }
    member->seat.listening = m.listening;
    service_.presence.set_listening(m.room, member->seat.member, m.listening, nullptr);
    memberships_.save();
}

void ClientSession::handle(protocol::Report& m) {
    handle_report(*this, *reports_, m);
}

void ClientSession::handle(protocol::ResolveReport& m) {
    handle_resolve_report(*this, m);
}

void ClientSession::handle(protocol::Ask& m) {
    handle_ask(*this, *reports_, m);
}

void ClientSession::handle(protocol::AcceptAsk& m) {
    handle_accept_ask(*this, m);
}

void ClientSession::handle(protocol::PrivateSay& m) {
    handle_private_say(*this, *reports_, m);
}

void ClientSession::handle(protocol::PrivateEnd& m) {
    handle_private_end(*this, *reports_, m);
}

void ClientSession::deliver(const std::string& room, const RoomEvent& event) {
    Membership* m = memberships_.find(room);
    if (m == nullptr) {
        return;
    }
    if (m->syncing) {
        m->pending.push_back(event);
        return;
    }
    if (event.seq <= m->last_seq) {
        return;  // already sent as history
    }
    m->last_seq = event.seq;
    connection_.send(event.frame);
}

void ClientSession::deliver_presence(const std::string& room, const SharedFrame& frame) {
    Membership* m = memberships_.find(room);
    if (m == nullptr || m->syncing) {
        return;  // a syncing member gets its own snapshot when the join completes
    }
    connection_.send(frame);
}

void ClientSession::room_closed(const std::string& room) {
    memberships_.leave(room, LeaveReason::room_closed);
}

void ClientSession::supersede() {
    superseded_ = true;
    service_.local.remove(this);
    memberships_.leave_all(LeaveReason::superseded);
    connection_.close(static_cast<std::uint16_t>(protocol::CloseCode::session_replaced),
                      "session resumed on another connection");
}

void ClientSession::on_closed() {
    *alive_ = false;
    service_.local.remove(this);
    forget_holds(*this);
    if (superseded_) {
        return;  // the newer connection owns the seats, the presence and the record now
    }
    memberships_.leave_all(LeaveReason::closed);
    if (memberships_.has_record()) {
        memberships_.save();
        service_.active.release(memberships_.record().token, this);
    }
}

}  // namespace ibasho::chat

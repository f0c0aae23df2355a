#include "server/chat/private_word.hpp"

#include "server/chat/room_records.hpp"

#include "server/staff/staff_account.hpp"

#include <memory>
#include <nlohmann/json.hpp>

#include "moderation/contact_shield.hpp"
#include "moderation/policy.hpp"
#include "protocol/encode_reports.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/local_sessions.hpp"
#include "server/chat/report_handlers.hpp"
#include "server/chat/report_store.hpp"
#include "server/chat/staff_notify.hpp"
#include "server/control/control.hpp"
#include "server/control/control_args.hpp"
#include "server/staff/audit_log.hpp"
#include "server/staff/staff_auth.hpp"

namespace ibasho::chat {
namespace {

using protocol::ErrorCode;

// Two sides writing at the same moment race on the thread's record; a lost race re-reads
// and writes again, a few times at most.
constexpr int append_attempts = 4;

bool member_side(const ClientSession& s, const AskRecord& rec) {
    return !s.address().empty() && s.address() == rec.address;
}

bool staff_side(const ClientSession& s, const AskRecord& rec) {
    return rec.open && s.staff() && !rec.staff.empty() && s.staff()->id == rec.staff;
}

protocol::PrivateOpen open_frame(const AskRecord& rec, bool with_lines) {
    protocol::PrivateOpen o{rec.id, rec.room, rec.staff_name, rec.member, rec.nick, std::nullopt};
    if (with_lines) {
        o.lines = rec.lines;
    }
    return o;
}

// On this node: `frame` to the thread's two sides, the participant by session address and
// the staff member on every phone they use.
void deliver_to_sides(LocalSessions& local, const std::string& address, const std::string& staff_id,
                      std::string frame) {
    auto bytes = std::make_shared<const std::string>(std::move(frame));
    auto send = [bytes](ClientSession& s) { s.send(*bytes); };
    if (!address.empty()) {
        local.for_address(address, send);
    }
    if (!staff_id.empty()) {
        local.for_staff_id(staff_id, send);
    }
}

// The text stays in the Store: the command names the thread and the line, and every node
// reads them from there (Control carries 8 KiB, a line may be longer once escaped).
void send_private_push(Control& control, const AskRecord& rec, std::string_view what,
                       std::uint64_t n = 0) {
    ControlCommand c;
    c.target = ControlTarget::of_session(rec.address);
    c.action = private_push_action;
    c.args = nlohmann::json{{"thread", rec.id}, {"what", what}, {"n", n}}.dump();
    control.send(std::move(c), nullptr);
}

void send_private_ended(Control& control, const AskRecord& rec, std::string_view by) {
    ControlCommand c;
    c.target = ControlTarget::of_session(rec.address);
    c.action = private_ended_action;
    c.args =
        nlohmann::json{
            {"thread", rec.id}, {"by", by}, {"address", rec.address}, {"staff", rec.staff}}
            .dump();
    control.send(std::move(c), nullptr);
}

void create_ask(ClientSession& s, SessionReports& mine, const protocol::Ask& m) {
    const Membership* seat = s.memberships().find(m.room);
    if (seat == nullptr) {
        s.send_error(ErrorCode::not_in_room, m.id);
        return;
    }
    AskRecord rec;
    rec.id = new_ask_id();
    rec.room = m.room;
    rec.member = seat->seat.member;
    rec.nick = seat->seat.nick;
    rec.address = s.address();
    rec.created_ms = s.service().clock.unix_ms();
    mine.asks[m.room] = rec.id;
    // Whether anyone could answer: an active supporter of the room, or any organiser.
    s.service().store.list(
        "staff", std::nullopt,
        s.guarded([&s, &mine, m, rec, org = room_org(s.service().catalog, m.room)](
                      StoreResult r, std::vector<StoreRecord> staff) {
            bool has_staff = false;
            // A scheduled room's open event names its own supporters (server/events/).
            const auto rooms = s.service().catalog.snapshot();
            const RoomConfig* room = rooms->find(m.room);
            for (const auto& st : staff) {
                const auto account = staff::parse_account(st.body, st.id, st.version);
                has_staff = has_staff || (account && account->active &&
                                          (staff::identity_of(*account).may_moderate(m.room, org) ||
                                           (room != nullptr && room->event_supporter(st.id))));
            }
            moderation::Request ask;
            ask.role = s.role();
            ask.action = moderation::Action::ask;
            ask.room_has_staff = has_staff;
            ask.now_ms = s.service().clock.unix_ms();
            const auto d = moderation::decide(ask);
            if (r != StoreResult::ok || !d.allowed()) {
                mine.asks.erase(m.room);
                s.send_error(r != StoreResult::ok ? ErrorCode::service_degraded : d.code, m.id);
                return;
            }
            ReportStore(s.service().store)
                .put_ask(rec, 0, s.guarded([&s, &mine, m, rec](StoreResult put, std::uint64_t) {
                    if (put != StoreResult::ok) {
                        mine.asks.erase(m.room);
                        s.send_error(ErrorCode::service_degraded, m.id);
                        return;
                    }
                    s.send(protocol::encode(protocol::AskWaiting{rec.room, rec.id}));
                    send_staff_frame(s.service().control, rec.room,
                                     protocol::encode(protocol::AskPush{rec.view()}),
                                     StaffAudience::room_staff_and_organisers);
                }));
        }));
}

// Reads the ask / thread `id` and runs `fn` with it (always engaged) on the session's shard;
// answers `no_such_ask` or `service_degraded` (with `ref`) itself.
void with_ask(ClientSession& s, const std::string& id, const std::string& ref,
              std::function<void(std::optional<AskRecord>)> fn) {
    ReportStore(s.service().store)
        .get_ask(id, s.guarded([&s, ref, fn = std::move(fn)](StoreResult r,
                                                             std::optional<AskRecord> rec) mutable {
            if (r == StoreResult::not_found || (r == StoreResult::ok && !rec)) {
                s.send_error(ErrorCode::no_such_ask, ref);
                return;
            }
            if (r != StoreResult::ok) {
                s.send_error(ErrorCode::service_degraded, ref);
                return;
            }
            fn(std::move(rec));
        }));
}

// Adds one line to the thread and tells both sides; re-reads on a lost compare-and-set.
void append_line(ClientSession& s, protocol::PrivateMessage line, int attempts_left) {
    with_ask(
        s, line.thread, line.id, [&s, line, attempts_left](std::optional<AskRecord> rec) mutable {
            line.n = rec->n + 1;
            rec->n = line.n;
            rec->lines.push_back(line);
            if (rec->lines.size() > thread_lines_kept) {
                rec->lines.erase(rec->lines.begin(),
                                 rec->lines.end() - static_cast<std::ptrdiff_t>(thread_lines_kept));
            }
            ReportStore(s.service().store)
                .put_ask(*rec, rec->version,
                         s.guarded(
                             [&s, line, attempts_left, rec = *rec](StoreResult put, std::uint64_t) {
                                 if (put == StoreResult::conflict && attempts_left > 1) {
                                     append_line(s, line, attempts_left - 1);
                                     return;
                                 }
                                 if (put == StoreResult::not_found) {
                                     s.send_error(ErrorCode::no_such_ask, line.id);
                                     return;
                                 }
                                 if (put != StoreResult::ok) {
                                     s.send_error(ErrorCode::service_degraded, line.id);
                                     return;
                                 }
                                 send_private_push(s.service().control, rec, "line", line.n);
                             }));
        });
}

}  // namespace

void handle_ask(ClientSession& s, SessionReports& mine, const protocol::Ask& m) {
    if (s.memberships().find(m.room) == nullptr) {
        s.send_error(ErrorCode::not_in_room, m.id);
        return;
    }
    const auto known = mine.asks.find(m.room);
    if (known == mine.asks.end()) {
        create_ask(s, mine, m);
        return;
    }
    // One ask per session per room: asking again answers the same one while it lives.
    ReportStore(s.service().store)
        .get_ask(known->second,
                 s.guarded([&s, &mine, m](StoreResult r, std::optional<AskRecord> rec) {
                     if (r == StoreResult::ok && rec && member_side(s, *rec)) {
                         s.send(protocol::encode(protocol::AskWaiting{rec->room, rec->id}));
                         return;
                     }
                     if (r != StoreResult::ok && r != StoreResult::not_found) {
                         s.send_error(ErrorCode::service_degraded, m.id);
                         return;
                     }
                     mine.asks.erase(m.room);
                     create_ask(s, mine, m);
                 }));
}

void handle_accept_ask(ClientSession& s, const protocol::AcceptAsk& m) {
    if (!s.staff()) {
        s.send_error(ErrorCode::forbidden, m.id);
        return;
    }
    with_ask(s, m.ask, m.id, [&s, m](std::optional<AskRecord> rec) {
        moderation::Request ask;
        ask.role = s.role();
        ask.assigned_to_room = s.is_staff_of(rec->room);
        ask.action = moderation::Action::accept_ask;
        ask.now_ms = s.service().clock.unix_ms();
        if (const auto d = moderation::decide(ask); !d.allowed()) {
            s.send_error(d.code, m.id);
            return;
        }
        if (rec->open) {
            s.send_error(ErrorCode::no_such_ask, m.id);  // another supporter has it
            return;
        }
        AskRecord taken = *rec;
        taken.open = true;
        taken.staff = s.staff()->id;
        taken.staff_name = s.staff()->name;
        // Compare-and-set from the version read as waiting: of two supporters accepting
        // at once, exactly one write succeeds.
        ReportStore(s.service().store)
            .put_ask(taken, rec->version, s.guarded([&s, m, taken](StoreResult put, std::uint64_t) {
                if (put == StoreResult::conflict || put == StoreResult::not_found) {
                    s.send_error(ErrorCode::no_such_ask, m.id);
                    return;
                }
                if (put != StoreResult::ok) {
                    s.send_error(ErrorCode::service_degraded, m.id);
                    return;
                }
                auto& svc = s.service();
                staff::record_audit(
                    svc.store, svc.clock,
                    {s.staff()->name, "accept_ask", taken.room, taken.member, "", s.staff()->org});
                send_private_push(svc.control, taken, "open");
                send_staff_frame(svc.control, taken.room,
                                 protocol::encode(protocol::AskTaken{taken.id}),
                                 StaffAudience::room_staff_and_organisers, taken.staff);
            }));
    });
}

void open_private_word(ClientSession& s, const PrivateWordWith& with,
                       std::function<void(bool ok)> done) {
    if (!s.staff()) {
        done(false);
        return;
    }
    AskRecord rec;
    rec.id = new_ask_id();
    rec.room = with.room;
    rec.member = with.member;
    rec.nick = with.nick;
    rec.address = with.address;
    rec.created_ms = s.service().clock.unix_ms();
    rec.open = true;
    rec.staff = s.staff()->id;
    rec.staff_name = s.staff()->name;
    ReportStore(s.service().store)
        .put_ask(rec, 0,
                 s.guarded([&s, rec, done = std::move(done)](StoreResult put, std::uint64_t) {
                     if (put != StoreResult::ok) {
                         done(false);
                         return;
                     }
                     send_private_push(s.service().control, rec, "open");
                     done(true);
                 }));
}

void handle_private_say(ClientSession& s, SessionReports& mine, const protocol::PrivateSay& m) {
    with_ask(s, m.thread, m.id, [&s, &mine, m](std::optional<AskRecord> rec) {
        const bool as_member = rec->open && member_side(s, *rec);
        const bool as_staff = staff_side(s, *rec);
        const auto now = s.service().clock.now();
        // The participant's lines count against the room's rate limit while they sit in
        // it (like room messages), against the session's own otherwise.
        moderation::RateLimiter* limiter = nullptr;
        if (as_member) {
            Membership* seat = s.memberships().find(rec->room);
            auto rooms = s.service().catalog.snapshot();
            const RoomConfig* room = rooms->find(rec->room);
            if (seat != nullptr && room != nullptr) {
                limiter = room->rate_per_second > 0 ? &seat->rate : nullptr;
            } else {
                limiter = &mine.private_rate;
            }
        }
        moderation::Request ask;
        ask.role = s.role();
        ask.action = moderation::Action::private_say;
        ask.party = as_member || as_staff;
        ask.rate_wait = limiter ? limiter->wait(now) : std::chrono::milliseconds{0};
        ask.now_ms = s.service().clock.unix_ms();
        if (const auto d = moderation::decide(ask); !d.allowed()) {
            s.send_error(d.code, m.id,
                         d.retry_after.count() > 0
                             ? std::optional(static_cast<std::uint32_t>(d.retry_after.count()))
                             : std::nullopt);
            return;
        }
        if (limiter != nullptr) {
            limiter->take(now);
        }
        protocol::PrivateMessage line;
        line.thread = rec->id;
        line.from = as_staff ? "staff" : "member";
        line.nick = as_staff ? s.staff()->name : rec->nick;
        // DESIGN.md rule 5 holds in private too: a participant's contact details are
        // masked; a supporter may give the help directory's links.
        line.text = as_staff ? m.text
                             : moderation::shield_contacts(
                                   m.text, &s.service().help.current()->participants)
                                   .text;
        line.ts = s.service().clock.unix_ms();
        line.id = m.id;
        append_line(s, std::move(line), append_attempts);
    });
}

void handle_private_end(ClientSession& s, SessionReports& mine, const protocol::PrivateEnd& m) {
    with_ask(s, m.thread, m.id, [&s, &mine, m](std::optional<AskRecord> rec) {
        const bool as_member = member_side(s, *rec);
        const bool as_staff = staff_side(s, *rec);
        moderation::Request ask;
        ask.role = s.role();
        ask.action = moderation::Action::private_end;
        ask.party = as_member || as_staff;
        ask.now_ms = s.service().clock.unix_ms();
        if (const auto d = moderation::decide(ask); !d.allowed()) {
            s.send_error(d.code, m.id);
            return;
        }
        if (as_member) {
            if (auto it = mine.asks.find(rec->room);
                it != mine.asks.end() && it->second == rec->id) {
                mine.asks.erase(it);
            }
        }
        ReportStore(s.service().store)
            .remove_ask(rec->id, s.guarded([&s, m, rec = *rec, as_staff](StoreResult removed) {
                if (removed == StoreResult::not_found) {
                    s.send_error(ErrorCode::no_such_ask, m.id);  // the other side was first
                    return;
                }
                if (removed != StoreResult::ok) {
                    s.send_error(ErrorCode::service_degraded, m.id);
                    return;
                }
                auto& svc = s.service();
                send_private_ended(svc.control, rec, as_staff ? "staff" : "member");
                if (!rec.open) {
                    // Withdrawn before anyone accepted: it leaves the staff's queues.
                    send_staff_frame(svc.control, rec.room,
                                     protocol::encode(protocol::AskTaken{rec.id}),
                                     StaffAudience::room_staff_and_organisers);
                }
                if (as_staff) {
                    staff::record_audit(
                        svc.store, svc.clock,
                        {s.staff()->name, "private_end", rec.room, rec.member, "", s.staff()->org});
                }
            }));
    });
}

void restore_private_threads(ClientSession& s, SessionReports& mine) {
    ReportStore(s.service().store)
        .asks_of("", s.guarded([&s, &mine](StoreResult r, std::vector<AskRecord> asks) {
            if (r != StoreResult::ok) {
                return;
            }
            for (const auto& rec : asks) {
                if (member_side(s, rec)) {
                    if (rec.open) {
                        s.send(protocol::encode(open_frame(rec, true)));
                    } else {
                        mine.asks[rec.room] = rec.id;
                        s.send(protocol::encode(protocol::AskWaiting{rec.room, rec.id}));
                    }
                } else if (staff_side(s, rec)) {
                    s.send(protocol::encode(open_frame(rec, true)));
                }
            }
        }));
}

void register_private_word_control(Control& control, LocalSessions& local, Store& store) {
    control.on(private_push_action, [&local, &store](const ControlCommand& c) {
        const auto args = control_args(c);
        const std::string thread = json_string(args, "thread");
        const std::string what = json_string(args, "what");
        const auto n_it = args.find("n");
        const std::uint64_t n =
            n_it != args.end() && n_it->is_number_unsigned() ? n_it->get<std::uint64_t>() : 0;
        if (thread.empty() || !valid_id(thread)) {
            return;
        }
        ReportStore(store).get_ask(
            thread, [&local, what, n](StoreResult r, std::optional<AskRecord> rec) {
                if (r != StoreResult::ok || !rec || !rec->open) {
                    return;  // ended meanwhile: private_ended follows
                }
                if (what == "open") {
                    deliver_to_sides(local, rec->address, rec->staff,
                                     protocol::encode(open_frame(*rec, false)));
                    return;
                }
                for (const auto& line : rec->lines) {
                    if (line.n == n) {
                        deliver_to_sides(local, rec->address, rec->staff, protocol::encode(line));
                        return;
                    }
                }
            });
    });
    control.on(private_ended_action, [&local](const ControlCommand& c) {
        const auto args = control_args(c);
        const std::string thread = json_string(args, "thread");
        const std::string by = json_string(args, "by");
        // "room_closed": the scheduled room's event ended (server/events/event_cleanup.*).
        if (thread.empty() || (by != "staff" && by != "member" && by != "room_closed")) {
            return;
        }
        deliver_to_sides(local, json_string(args, "address"), json_string(args, "staff"),
                         protocol::encode(protocol::PrivateEnded{thread, by}));
    });
}

}  // namespace ibasho::chat

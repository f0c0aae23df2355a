#include "server/chat/say_safety.hpp"

#include "protocol/encode_safety.hpp"
#include "protocol/encode_staff_notices.hpp"
#include "server/chat/client_session.hpp"
#include "server/chat/crisis_alerts.hpp"
#include "server/metrics.hpp"
#include "server/store/help_lines.hpp"

namespace ibasho::chat {
namespace {

void send_notice(ClientSession& s, const std::string& room, const char* kind,
                 const std::string& ref) {
    protocol::Notice n;
    n.room = room;
    n.kind = kind;
    n.ref = ref;
    s.send(protocol::encode(n));
}

void send_help_card(ClientSession& s, const std::string& room, const std::string& ref,
                    bool on_duty) {
    protocol::HelpCard card;
    card.room = room;
    card.ref = ref;
    card.on_duty = on_duty;
    card.lines_json = s.service().help.current()->card_lines_json;
    s.send(protocol::encode(card));
}

// Whether a staff member is in the room now, across nodes; with Redis away, this node's own
// staff are all we can know of (the card then says honestly who is here).
void on_duty_now(ClientSession& s, const std::string& room, std::function<void(bool)> fn) {
    s.service().presence.counts(
        {room}, s.guarded([&s, room, fn = std::move(fn)](Fault f, std::vector<RoomCounts> c) {
            if (f == Fault::none && !c.empty()) {
                fn(c[0].staff > 0);
                return;
            }
            fn(s.service().local.staff_seated(room));
        }));
}

}  // namespace

void tell_masked(ClientSession& writer, const std::string& room, const std::string& ref) {
    metrics().contact_masked.add();
    send_notice(writer, room, "contact_masked", ref);
}

void say_flagged(ClientSession& s, const std::string& room, const std::string& ref,
                 EventDraft draft, const SayScreen& screen, std::shared_ptr<const RoomSet> rooms,
                 std::optional<bool> on_duty) {
    if (screen.crisis) {
        metrics().crisis_detected.add();
    }
    if (screen.blocked_hide || screen.blocked_alert) {
        metrics().blocked_words.add();
    }
    auto go = [&s, room, ref, draft = std::move(draft), screen, rooms](bool duty) mutable {
        if (screen.crisis) {
            send_help_card(s, room, ref, duty);
        }
        if (screen.blocked_hide) {
            // Never delivered, so no seq; a crisis line is still alerted (rule 6).
            send_notice(s, room, "not_shown", ref);
            if (screen.crisis) {
                raise_alert(s, "crisis", room, std::nullopt, duty);
            }
            return;
        }
        const RoomConfig* rc = rooms->find(room);
        if (rc == nullptr) {
            return;
        }
        const char* kind = screen.crisis ? "crisis" : "word";
        s.publish_then(std::move(draft), *rc, ref,
                       [&s, room, kind, duty](std::optional<std::uint64_t> seq) {
                           raise_alert(s, kind, room, seq, duty);
                       });
    };
    if (on_duty) {
        go(*on_duty);
        return;
    }
    on_duty_now(s, room, std::move(go));
}

void mute_for_flood(ClientSession& s, const std::string& room) {
    Membership* seat = s.memberships().find(room);
    if (seat == nullptr) {
        return;
    }
    const std::int64_t until =
        s.service().clock.unix_ms() +
        std::chrono::duration_cast<std::chrono::milliseconds>(moderation::FloodWatch::mute_for)
            .count();
    seat->standing.muted_until_ms = std::max(seat->standing.muted_until_ms, until);
    metrics().auto_mutes.add();
    protocol::Notice n;
    n.room = room;
    n.kind = "muted";
    n.until = until;
    n.reason = "flood";
    s.send(protocol::encode(n));
}

}  // namespace ibasho::chat

#include "server/chat/staff_seat.hpp"

#include "server/chat/client_session.hpp"
#include "server/chat/standing_store.hpp"

namespace ibasho::chat {

std::string badge_of(moderation::Role role) {
    switch (role) {
        case moderation::Role::supporter:
        case moderation::Role::organiser:
            return std::string(moderation::to_string(role));
        default:
            return {};
    }
}

void load_join_facts(ClientSession& session, const std::string& room, const Seat* previous,
                     std::function<void(JoinFacts)> done) {
    if (session.is_staff_of(room)) {
        JoinFacts f;
        f.as_staff = true;
        f.badge = badge_of(session.role());
        f.nick = session.staff()->name;
        done(std::move(f));
        return;
    }
    ChatService& service = session.service();
    const std::string address = session.address();
    const std::string hash(session.connection().address_hash());
    std::optional<std::string> known;
    if (previous != nullptr) {
        known = previous->member;
    }
    auto with_member = [&service, &session, room, address, hash, done](
                           std::optional<std::string> member, bool reused) {
        if (!member) {
            done(JoinFacts{});
            return;
        }
        load_standing(service.store, room, *member,
                      session.guarded([&service, address, hash, member, reused, done](
                                          bool, StandingRecord s) {
                          JoinFacts f;
                          f.standing = policy_standing(s);
                          if (reused) {
                              f.member = member;
                          }
                          // Banned while away: the ban now binds this session and address too.
                          if (s.banned_until_ms > service.clock.unix_ms()) {
                              put_ban(service.store, service.clock, address, hash,
                                      s.banned_until_ms, "banned", address_key_expires_ms(service));
                          }
                          done(std::move(f));
                      }));
    };
    find_ban(service.store, service.clock, address, hash,
             session.guarded([&service, &session, room, address, known, with_member,
                              done](std::int64_t banned_until) {
                 if (banned_until > 0) {
                     JoinFacts f;
                     f.standing.banned_until_ms = banned_until;
                     done(std::move(f));
                     return;
                 }
                 if (known) {
                     with_member(known, false);
                     return;
                 }
                 find_seat(service.store, room, address,
                           session.guarded([with_member](std::optional<std::string> member) {
                               with_member(std::move(member), true);
                           }));
             }));
}

}  // namespace ibasho::chat

// The chat side of one WebSocket: decodes each client message, applies the room's rules and
// limits, talks to the seams, and receives the room events the hub delivers to it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "moderation/policy.hpp"
#include "moderation/rate_limiter.hpp"
#include "protocol/messages.hpp"
#include "protocol/server_messages.hpp"
#include "server/chat/chat_service.hpp"
#include "server/chat/membership.hpp"
#include "server/chat/room_list_reply.hpp"
#include "server/chat/staff_seat.hpp"
#include "server/connection.hpp"
#include "server/random_token.hpp"
#include "server/shards.hpp"
#include "server/staff/staff_identity.hpp"

namespace ibasho::chat {

struct SessionReports;

class ClientSession final : public ConnectionHandler, public RoomListener {
  public:
    ClientSession(ChatService& service, Connection& connection);
    ~ClientSession() override;

    void on_text(std::string_view text) override;
    bool on_control_frame() override;
    void on_closed() override;

    void deliver(const std::string& room, const RoomEvent& event) override;
    void deliver_presence(const std::string& room, const SharedFrame& frame) override;
    void room_closed(const std::string& room) override;

    // --- What feature handlers (server/chat/*_handlers.*) may use of a session. All of it
    // on the session's own shard thread (LocalSessions and guarded() get you there).
    ChatService& service() { return service_; }
    Memberships& memberships() { return memberships_; }
    Connection& connection() { return connection_; }
    const std::optional<staff::StaffIdentity>& staff() const { return staff_; }
    moderation::Role role() const { return role_; }
    // Staff of `room`: an organiser of the room's organisation, a supporter of it assigned to
    // the room, or, while one of its events is open, a supporter that event names (never for a
    // room the catalogue does not hold).
    bool is_staff_of(std::string_view room) const;
    // The session's address in control commands (session_address of its token); empty before
    // hello has been answered.
    const std::string& address() const { return address_; }
    void send(std::string bytes);
    // Previews (`peek`) this connection may still ask for: a few at once, then one each 2 s.
    moderation::RateLimiter& peek_budget() { return peek_budget_; }
    // Joins `join.room` as `member`, past the room's shield (staff admitted this joiner).
    void join_admitted(protocol::Join join, std::string member);
    // Rooms whose shield holds this session at the door: room -> the member id it will get.
    std::unordered_map<std::string, std::string>& held() { return held_; }
    // Paired events this session joined a room of: occurrence -> room (server/events/).
    std::unordered_map<std::string, std::string>& paired_rooms() { return paired_rooms_; }
    void send_error(protocol::ErrorCode code, const std::string& ref = {},
                    std::optional<std::uint32_t> retry_after_ms = std::nullopt,
                    std::string message = {});
    // A join refused because another member holds the nickname, with names free in the room.
    void send_nickname_taken(const std::string& room, std::vector<std::string> suggestions);
    // Wraps a seam callback: whatever thread calls it, `fn` runs on this session's shard and
    // only if the session is still open (a Redis reply may outlive the connection).
    // The staff sign-in no longer holds (revoked, deactivated, signed out everywhere): the
    // session goes on as a participant, told {"type":"role",...}, and leaves every room where
    // it sat as staff.
    void drop_staff_role(std::string_view reason);
    // Publishes a room event like a say does, then runs `after` with its seq (nullopt when it
    // was not delivered: a duplicate, or the Broker unavailable, which the writer is told).
    void publish_then(EventDraft draft, const RoomConfig& room, const std::string& ref,
                      std::function<void(std::optional<std::uint64_t>)> after);
    template <class F>
    auto guarded(F fn) {
        return [alive = std::weak_ptr<bool>(alive_), shard = &shard_,
                fn = std::move(fn)](auto... args) mutable {
            auto run = [alive, fn, args...]() mutable {
                if (auto a = alive.lock(); a && *a) {
                    fn(std::move(args)...);
                }
            };
            if (shard->on_this_thread()) {
                run();
            } else {
                shard->post(std::move(run));
            }
        };
    }

  private:
    void handle(protocol::Hello& m);
    void handle(protocol::ListRooms& m);
    void handle(protocol::Join& m);
    void handle(protocol::Leave& m);
    void handle(protocol::Say& m);
    void handle(protocol::Stamp& m);
    void handle(protocol::SetStatus& m);
    // Reports and the private word (report_handlers.*, private_word.*).
    void handle(protocol::Report& m);
    void handle(protocol::ResolveReport& m);
    void handle(protocol::Ask& m);
    void handle(protocol::AcceptAsk& m);
    void handle(protocol::PrivateSay& m);
    void handle(protocol::PrivateEnd& m);
    void handle(protocol::Hide& m);
    void handle(protocol::Unhide& m);
    void handle(protocol::RoomControl& m);
    void handle(protocol::Admit& m);
    void join(protocol::Join& m, std::string admitted_member);
    // Member sanctions and standing: server/chat/sanction_handlers.*
    void handle(protocol::Remind& m);
    void handle(protocol::Sanction& m);
    void handle(protocol::StandingQuery& m);
    void handle(protocol::StandingNote& m);
    // Answering alerts: server/chat/crisis_alerts.*
    void handle(protocol::AckAlert& m);
    void handle(protocol::ReachOut& m);
    // Quick exit: server/chat/end_session.*
    void handle(protocol::End& m);
    // Older history on request: server/chat/earlier_handler.*
    void handle(protocol::Earlier& m);
    // A read-only look into a room before joining: server/chat/peek_handler.*
    void handle(protocol::Peek& m);
    // Messages whose feature has no handler on this build yet: refused, nothing changes.
    template <class M>
    void handle(M& m) {
        std::string ref;
        if constexpr (requires { m.id; }) {
            ref = m.id;
        }
        send_error(protocol::ErrorCode::forbidden, ref);
    }
    // Takes one frame from the connection's budget; past it, closes with 4002 (false).
    bool spend_frame();
    // hello with a staff token: the role is settled before the session is answered.
    void start_session(std::optional<std::string> resume);

    // The join once the facts about who joins are in (staff seat, ban, standing).
    void join_with(protocol::Join join, JoinFacts facts, std::string admitted_member);
    void finish_join(const RoomConfig& room, protocol::Join join, Member member, bool resumed,
                     JoinFacts facts);
    void send_history(const std::string& room, HistorySlice slice);
    // Where a message or stamp may go: the membership and the room, with the snapshot that
    // keeps the room's config alive. `member` is null when an error was already sent.
    struct Writable {
        Membership* member = nullptr;
        const RoomConfig* room = nullptr;
        std::shared_ptr<const RoomSet> rooms;
    };
    // Asks the policy layer whether this member may write here now; spends the rate-limit
    // token (and, for messages, the slow-mode turn) only when the answer is yes.
    // `staff_present`: a staff member is in the room (asked only where one must be).
    Writable writable(std::shared_ptr<const RoomSet> rooms, const std::string& room,
                      const std::string& ref, moderation::Action action, bool staff_present);
    // Whether a write in `room` must first learn if a staff member is in it (a
    // supporter-present room, a participant seated there), and that count, across nodes.
    bool staff_count_needed(const RoomSet& rooms, const std::string& room);
    void count_staff(const std::string& room, std::function<void(bool)> fn);
    void say_now(const protocol::Say& m, std::shared_ptr<const RoomSet> rooms, bool staff_present);
    void stamp_now(const protocol::Stamp& m, std::shared_ptr<const RoomSet> rooms,
                   bool staff_present);
    moderation::Request policy_request(moderation::Action action, const RoomConfig& room) const;
    void publish(EventDraft draft, const RoomConfig& room, const std::string& ref);
    // Another connection resumed this session: leave quietly, without touching presence.
    void supersede();

    ChatService& service_;
    Connection& connection_;
    Shard& shard_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    bool hello_pending_ = false;
    bool superseded_ = false;
    moderation::Role role_ = moderation::Role::participant;
    // Set when hello carried a valid staff token; the session moderates the rooms it names.
    std::optional<staff::StaffIdentity> staff_;
    std::string address_;
    // The seats this session holds; the connection's mark in Presence is random, never shown.
    Memberships memberships_;
    std::unordered_map<std::string, bool> joining_;      // room -> join in progress
    std::unordered_map<std::string, std::string> held_;  // the shield: room -> member id
    std::unordered_map<std::string, std::string> paired_rooms_;
    moderation::RateLimiter frame_budget_;
    RoomListReplies room_lists_;
    moderation::RateLimiter peek_budget_{0.5, 5};
    std::unique_ptr<SessionReports> reports_;  // what this session reported and asked
};

}  // namespace ibasho::chat

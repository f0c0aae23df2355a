// The chat side of one WebSocket: decodes each client message, applies the room's rules and
// limits, talks to the seams, and receives the room events the hub delivers to it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "moderation/rate_limiter.hpp"
#include "moderation/slow_mode.hpp"
#include "protocol/messages.hpp"
#include "protocol/server_messages.hpp"
#include "server/chat/chat_service.hpp"
#include "server/connection.hpp"
#include "server/random_token.hpp"
#include "server/shards.hpp"

namespace ibasho::chat {

class ClientSession final : public ConnectionHandler, public RoomListener {
  public:
    ClientSession(ChatService& service, Connection& connection);
    ~ClientSession() override;

    void on_text(std::string_view text) override;
    void on_closed() override;

    void deliver(const std::string& room, const RoomEvent& event) override;
    void deliver_presence(const std::string& room, const SharedFrame& frame) override;

  private:
    struct RoomSeat {
        Seat seat;
        std::uint64_t last_seq = 0;  // newest seq this client has been sent
        bool syncing = true;         // history not yet sent: live events wait in `pending`
        std::vector<RoomEvent> pending;
        moderation::RateLimiter rate;
        moderation::SlowMode slow;
        RoomSeat(Seat s, double per_second, double burst, std::chrono::seconds slow_interval)
            : seat(std::move(s)), rate(per_second, burst), slow(slow_interval) {}
    };

    void handle(protocol::Hello& m);
    void handle(protocol::ListRooms& m);
    void handle(protocol::Join& m);
    void handle(protocol::Leave& m);
    void handle(protocol::Say& m);
    void handle(protocol::Stamp& m);
    void handle(protocol::SetStatus& m);

    void finish_join(const RoomConfig& room, protocol::Join join, Member member, bool resumed);
    void send_history(const std::string& room, HistorySlice slice);
    // Where a message or stamp may go: the seat and the room, with the snapshot that keeps the
    // room's config alive. `seat` is null when an error was already sent.
    struct Writable {
        RoomSeat* seat = nullptr;
        const RoomConfig* room = nullptr;
        std::shared_ptr<const RoomSet> rooms;
    };
    // Checks seat, room state, rate limit and slow mode before a message or stamp.
    Writable writable_seat(const std::string& room, const std::string& ref, bool slow_mode);
    void publish(EventDraft draft, const RoomConfig& room, const std::string& ref);
    void save_session();
    // Another connection resumed this session: leave quietly, without touching presence.
    void supersede();
    void send(std::string bytes);
    void send_error(protocol::ErrorCode code, const std::string& ref = {},
                    std::optional<std::uint32_t> retry_after_ms = std::nullopt,
                    std::string message = {});
    // Wraps a seam callback: whatever thread calls it, `fn` runs on this session's shard and
    // only if the session is still open (a Redis reply may outlive the connection).
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

    ChatService& service_;
    Connection& connection_;
    Shard& shard_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    std::optional<SessionRecord> record_;
    bool hello_pending_ = false;
    bool superseded_ = false;
    // This connection's mark on the seats it holds in Presence (random, never shown).
    std::string holder_ = new_member_id();
    std::unordered_map<std::string, std::unique_ptr<RoomSeat>> seats_;
    std::unordered_map<std::string, bool> joining_;  // room -> join in progress
    moderation::RateLimiter frame_budget_;
};

}  // namespace ibasho::chat

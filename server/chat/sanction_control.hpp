// How a sanction reaches its member on whatever node they are connected to, how the staff of
// a room hear that a mute has run out, and how a revoked staff sign-in is undone everywhere:
// Control commands, their handlers, and the sweep that finds mutes due for review.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace ibasho {
class Presence;
class Clock;
class Control;
class Store;
}  // namespace ibasho

namespace ibasho::chat {

class ClientSession;
class LocalSessions;

inline constexpr const char* sanction_action = "sanction";
inline constexpr const char* review_action = "review";

// What the member's node does to the member (args of a `sanction` command).
struct SanctionOrder {
    std::string kind;  // "remind", "mute", "remove", "ban"
    std::int64_t until_ms = 0;
    std::string reason;
    std::string text;     // remind: Japanese or the staff member's own words
    std::string text_en;  // remind from a template: English
};

// Registers `sanction`, `review` and `staff_revoked` (start-up, before commands flow).
// `staff_revoked` is sent by staff::send_staff_revoked (server/staff/staff_accounts.hpp).
void register_sanction_control(Control& control, LocalSessions& local);

// Carries `order` to the member (room, member) on every node; the node holding them applies it.
void send_sanction(Control& control, const std::string& room, const std::string& member,
                   const SanctionOrder& order);

// Applies `order` to `session` (on its shard): the notice, then the effect (mute: writes
// refused until then; remove: out of the room; ban: this session and its address hash out of
// every room, recorded in the Store).
void apply_sanction(ClientSession& session, const std::string& room, const SanctionOrder& order);

// Finds standings whose mute has run out with a review pending, clears the review
// (compare-and-set, so of several nodes sweeping at once exactly one wins) and sends `review`
// to the room's staff on every node. The member need not be connected. A review waits (is
// not cleared) while no staff member is in the room, so it is never sent to nobody.
void sweep_mute_reviews(Store& store, Control& control, Presence& presence, const Clock& clock);

// Runs sweep_mute_reviews every `every` on `io` until stopped or destroyed.
class ReviewSweeper {
  public:
    ReviewSweeper(boost::asio::io_context& io, Store& store, Control& control, Presence& presence,
                  const Clock& clock, std::chrono::milliseconds every = std::chrono::seconds(1));
    ~ReviewSweeper();
    ReviewSweeper(const ReviewSweeper&) = delete;
    ReviewSweeper& operator=(const ReviewSweeper&) = delete;
    void stop();

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace ibasho::chat

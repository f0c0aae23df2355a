// Anonymous sessions: a random token the client keeps (sessionStorage), and the rooms it sits
// in (member id, nickname, status, affirmation) so a reconnect resumes exactly where it was.
// Records expire after an idle TTL. The seam has a memory version here; Redis comes next.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/broker/broker.hpp"
#include "server/clock.hpp"

namespace ibasho::chat {

struct Seat {
    std::string room;
    std::string member;
    std::string nick;
    bool listening = false;
    bool affirmed = false;
    bool spoke = false;  // wrote or stamped in this visit: others see the nickname (issue 13)
};

struct SessionRecord {
    std::string token;
    std::vector<Seat> seats;
    const Seat* find(const std::string& room) const;
};

class SessionRegistry {
  public:
    using Done = std::function<void(Fault, std::optional<SessionRecord>)>;
    virtual ~SessionRegistry() = default;
    // A new record with a fresh token.
    virtual void create(Done done) = 0;
    // The record for `token` if it has not expired; refreshes its TTL.
    virtual void resume(const std::string& token, Done done) = 0;
    // Stores the record and refreshes its TTL.
    virtual void save(const SessionRecord& record) = 0;
    // Forgets the record for good (quick exit): `resume` with the token finds nothing after.
    // `done` (may be null) learns whether the record is gone; commands keep their order, so a
    // save sent before this cannot bring it back.
    virtual void remove(const std::string& token, std::function<void(Fault)> done) = 0;
};

class MemorySessionRegistry final : public SessionRegistry {
  public:
    MemorySessionRegistry(const Clock& clock, std::chrono::seconds ttl);
    void create(Done done) override;
    void resume(const std::string& token, Done done) override;
    void save(const SessionRecord& record) override;
    void remove(const std::string& token, std::function<void(Fault)> done) override;
    std::size_t size();

  private:
    void sweep(std::chrono::steady_clock::time_point now);

    const Clock& clock_;
    std::chrono::seconds ttl_;
    std::mutex mutex_;
    struct Entry {
        SessionRecord record;
        std::chrono::steady_clock::time_point expires;
    };
    std::unordered_map<std::string, Entry> sessions_;
    std::chrono::steady_clock::time_point next_sweep_{};
};

}  // namespace ibasho::chat

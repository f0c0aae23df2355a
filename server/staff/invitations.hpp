// One-time invitations for new supporters: a 128-bit code (base64url) handed out once by an
// organiser, stored only as its SHA-256 (kind `invite`, 72 h); taking it removes the record at
// its version, so two accepts of one code cannot both succeed.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "server/clock.hpp"
#include "server/store/store.hpp"

namespace ibasho::staff {

inline constexpr std::chrono::milliseconds invite_ttl = std::chrono::hours(72);

struct Invite {
    std::string role = "supporter";
    std::string org = "main";  // the organisation the new account joins
    std::vector<std::string> rooms;
    std::string by;  // the inviting staff id
    std::int64_t created_ms = 0;
    std::chrono::milliseconds ttl_left{0};  // set by take()
};

// 22 base64url characters.
bool looks_like_invite_code(std::string_view code);

class Invitations {
  public:
    using CreateDone = std::function<void(StoreResult, std::string code, std::int64_t expires_ms)>;
    // ok with the invite (now used up); not_found for an unknown, expired or already used code.
    using TakeDone = std::function<void(StoreResult, Invite)>;
    using Done = std::function<void(StoreResult)>;

    Invitations(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    void create(Invite invite, CreateDone done);
    void take(const std::string& code, TakeDone done);
    // Puts a taken invite back (the account could not be made, e.g. the name was taken), for
    // the time it had left.
    void give_back(const std::string& code, const Invite& invite, Done done);

  private:
    Store& store_;
    const Clock& clock_;
};

}  // namespace ibasho::staff

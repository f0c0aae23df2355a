#include "server/staff/staff_auth.hpp"

#include <nlohmann/json.hpp>

#include "server/clock.hpp"
#include "server/staff/token_hash.hpp"
#include "server/store/store.hpp"

namespace ibasho::staff {
namespace {

using json = nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

std::optional<moderation::Role> role_from(std::string_view name) {
    if (name == "supporter")
        return moderation::Role::supporter;
    if (name == "organiser")
        return moderation::Role::organiser;
    return std::nullopt;
}

}  // namespace

std::string_view to_string(AuthResult result) noexcept {
    switch (result) {
        case AuthResult::ok:
            return "ok";
        case AuthResult::invalid:
            return "invalid";
        case AuthResult::expired:
            return "expired";
        case AuthResult::inactive:
            return "inactive";
        case AuthResult::must_change:
            return "must_change";
        case AuthResult::unavailable:
            return "unavailable";
    }
    return "invalid";
}

std::optional<StaffIdentity> parse_staff_record(const std::string& id, const std::string& body,
                                                bool* active, bool* must_change) {
    const json j = json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("role") ||
        !j["role"].is_string()) {
        return std::nullopt;
    }
    const auto role = role_from(j["role"].get<std::string>());
    if (!role) {
        return std::nullopt;
    }
    StaffIdentity who;
    who.id = id;
    who.name = j["name"].get<std::string>();
    who.role = *role;
    if (j.contains("org") && j["org"].is_string()) {
        who.org = j["org"].get<std::string>();
    }
    if (j.contains("rooms") && j["rooms"].is_array()) {
        for (const auto& r : j["rooms"]) {
            if (r.is_string()) {
                who.rooms.push_back(r.get<std::string>());
            }
        }
    }
    if (active != nullptr) {
        *active = j.value("active", true) == true;
    }
    if (must_change != nullptr) {
        *must_change = j.value("must_change", false) == true;
    }
    return who;
}

void StaffAuth::authenticate(const std::string& token, Done done) const {
    lookup(token, false, std::move(done));
}

void StaffAuth::authenticate_for_password_change(const std::string& token, Done done) const {
    lookup(token, true, std::move(done));
}

void StaffAuth::lookup(const std::string& token, bool allow_must_change, Done done) const {
    Store& store = store_;
    const Clock& clock = clock_;
    store.get("staff_token", sha256_hex(token),
              [&store, &clock, allow_must_change, done = std::move(done)](StoreResult r,
                                                                          StoreRecord rec) {
                  if (r == StoreResult::unavailable) {
                      done(AuthResult::unavailable, std::nullopt);
                      return;
                  }
                  if (r != StoreResult::ok) {
                      done(AuthResult::invalid, std::nullopt);
                      return;
                  }
                  const json t = json::parse(rec.body, nullptr, false);
                  if (!t.is_object() || !t.contains("staff") || !t["staff"].is_string()) {
                      done(AuthResult::invalid, std::nullopt);
                      return;
                  }
                  const std::int64_t now = clock.unix_ms();
                  const std::int64_t created = t.value("created_ms", std::int64_t{0});
                  const std::int64_t absolute_end =
                      created + duration_cast<milliseconds>(token_absolute).count();
                  if (now >= absolute_end) {
                      store.remove(rec.kind, rec.id, Store::any_version, nullptr);
                      done(AuthResult::expired, std::nullopt);
                      return;
                  }
                  // Push the idle expiry forward, never past the absolute end. A conflict means
                  // another request refreshed it at the same moment: either write is right.
                  const std::int64_t seen = t.value("seen_ms", created);
                  if (now - seen >= 60'000) {
                      json fresh = t;
                      fresh["seen_ms"] = now;
                      StoreRecord next = rec;
                      next.body = fresh.dump();
                      next.ttl = milliseconds(std::min<std::int64_t>(
                          duration_cast<milliseconds>(token_idle).count(), absolute_end - now));
                      store.put(std::move(next), rec.version, nullptr);
                  }
                  const std::string staff_id = t["staff"].get<std::string>();
                  store.get("staff", staff_id,
                            [staff_id, allow_must_change, done](StoreResult sr, StoreRecord srec) {
                                if (sr == StoreResult::unavailable) {
                                    done(AuthResult::unavailable, std::nullopt);
                                    return;
                                }
                                if (sr != StoreResult::ok) {
                                    done(AuthResult::invalid, std::nullopt);
                                    return;
                                }
                                bool active = true;
                                bool must_change = false;
                                auto who =
                                    parse_staff_record(staff_id, srec.body, &active, &must_change);
                                if (!who) {
                                    done(AuthResult::invalid, std::nullopt);
                                } else if (!active) {
                                    done(AuthResult::inactive, std::nullopt);
                                } else if (must_change && !allow_must_change) {
                                    done(AuthResult::must_change, std::move(who));
                                } else {
                                    done(AuthResult::ok, std::move(who));
                                }
                            });
              });
}

}  // namespace ibasho::staff

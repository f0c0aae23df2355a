#include "server/staff/audit_log.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

#include "server/clock.hpp"
#include "server/random_token.hpp"
#include "server/store/store.hpp"

namespace ibasho::staff {

std::string audit_minute(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min);
    return out;
}

void record_audit(Store& store, const Clock& clock, const AuditEntry& entry,
                  std::function<void(bool)> done) {
    const std::int64_t now = clock.unix_ms();
    // Ids sort by time (13 digits of ms) and stay unique with a random tail; the ms are in
    // the id only for ordering, the body keeps the minute.
    char stamp[16];
    std::snprintf(stamp, sizeof stamp, "%013lld", static_cast<long long>(now));
    StoreRecord rec;
    rec.kind = "audit";
    rec.id = std::string(stamp) + "-" + random_base64url(6);
    rec.owner = entry.org;
    rec.ttl = std::chrono::duration_cast<std::chrono::milliseconds>(audit_retention);
    rec.body = nlohmann::json{{"at", audit_minute(now)}, {"staff", entry.staff_name},
                              {"action", entry.action},  {"room", entry.room},
                              {"member", entry.member},  {"reason", entry.reason}}
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    store.put(std::move(rec), 0, [done = std::move(done)](StoreResult r, std::uint64_t) {
        if (done) {
            done(r == StoreResult::ok);
        }
    });
}

}  // namespace ibasho::staff

#include "server/redis/callback_guard.hpp"

#include "server/log.hpp"
#include "server/metrics.hpp"

namespace ibasho::redis {

void note_callback_error(std::string_view where) noexcept {
    metrics().redis_callback_errors.add();
    try {
        log::error("redis_callback_error", {{"where", where}});
    } catch (...) {
        // Logging failed too (out of memory): the counter above still tells.
    }
}

}  // namespace ibasho::redis

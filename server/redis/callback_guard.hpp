// The one boundary between hiredis (C, which cannot be unwound through) and our callbacks: a
// callback that throws is counted in ibasho_redis_callback_errors_total and logged by place only.
#pragma once

#include <string_view>
#include <utility>

namespace ibasho::redis {

// Counts and logs one exception caught at `where` (a fixed name such as "reply"; never the
// exception's text, which may carry a payload). Never throws.
void note_callback_error(std::string_view where) noexcept;

// Runs `fn`; an exception it throws stops here. Returns false when it threw.
template <class Fn>
bool guarded_call(std::string_view where, Fn&& fn) noexcept {
    try {
        std::forward<Fn>(fn)();
        return true;
    } catch (...) {
        note_callback_error(where);
        return false;
    }
}

}  // namespace ibasho::redis

// Error codes sent in `error` frames: stable snake_case names and calm default sentences.
// Clients switch on the name, so a name never changes once released; add new codes instead.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ibasho::protocol {

enum class ErrorCode {
    // Frame-level problems the decoder reports.
    bad_json,
    not_object,
    unknown_type,
    missing_field,
    wrong_type,
    too_deep,
    unsupported_version,
    bad_room_id,
    bad_nick,
    bad_id,
    empty_text,
    text_too_long,
    bad_text_encoding,
    bad_stamp,
    bad_since,
    bad_token,
    // Runtime codes the server uses (the decoder never returns these).
    hello_first,
    already_hello,
    session_expired,
    no_such_room,
    not_in_room,
    already_in_room,
    room_full,
    room_locked,
    room_paused,
    room_closed,
    affirmation_required,
    rate_limited,
    slow_mode,
    duplicate,
    muted,
    removed,
    forbidden,
    service_degraded,
    // Staff, moderation, reports and the private word (issue 11). The decoder's own:
    bad_staff_token,
    bad_reason,
    bad_duration,
    bad_control,
    bad_member,
    bad_ref,
    // ... and the server's:
    staff_token_invalid,
    no_supporter,
    banned,
    too_late,
    no_such_member,
    no_such_message,
    no_such_report,
    no_such_ask,
    held,
    no_such_alert,
    too_many_rooms,
    // Scheduled and paired events (issue 14).
    wrong_room,
    // Issue 13: a nickname someone else holds in the room (the frame carries suggestions).
    nickname_taken,
    internal_error,
};

// Keep in step with the last enumerator so loops over every code stay complete. An int, like
// the enum's underlying type, so `for (int i = 0; i < error_code_count; ++i)` compiles clean.
inline constexpr int error_code_count = static_cast<int>(ErrorCode::internal_error) + 1;

// The stable wire name, e.g. "text_too_long".
std::string_view to_string(ErrorCode code) noexcept;

// A short, calm English sentence for people; clients may show their own translation instead.
std::string_view default_message(ErrorCode code) noexcept;

// The inverse of to_string, for clients and tests that read error frames.
std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept;

struct Error {
    ErrorCode code;
    std::string message;
    std::string ref;  // the client message id this error answers, when known
};

// An Error carrying the default sentence for its code.
Error make_error(ErrorCode code, std::string ref = {});

}  // namespace ibasho::protocol

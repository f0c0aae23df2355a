#include "protocol/error_codes.hpp"

#include <array>
#include <utility>

namespace ibasho::protocol {
namespace {

struct Entry {
    std::string_view name;
    std::string_view message;
};

// Indexed by the enum's value; the static_assert below catches a code added without a row.
constexpr std::array<Entry, static_cast<std::size_t>(error_code_count)> entries{{
    {"bad_json", "The message could not be read as JSON."},
    {"not_object", "The message must be a JSON object."},
    {"unknown_type", "This message type is not known."},
    {"missing_field", "A required field is missing."},
    {"wrong_type", "A field has the wrong type."},
    {"too_deep", "The message is nested too deeply."},
    {"unsupported_version", "This protocol version is not supported."},
    {"bad_room_id", "The room id is not valid."},
    {"bad_nick", "The nickname is not valid."},
    {"bad_id", "The message id is not valid."},
    {"empty_text", "The message is empty."},
    {"text_too_long", "The message is too long."},
    {"bad_text_encoding", "The message contains characters that cannot be sent."},
    {"bad_stamp", "This stamp is not known."},
    {"bad_since", "The resume position is not valid."},
    {"bad_token", "The session token is not valid."},
    {"hello_first", "Please say hello before anything else."},
    {"already_hello", "Hello was already received on this connection."},
    {"session_expired", "The earlier session has ended; a new one has started."},
    {"no_such_room", "This room does not exist."},
    {"not_in_room", "You are not in this room."},
    {"already_in_room", "You are already in this room."},
    {"room_full", "This room is full right now."},
    {"room_locked", "This room is not taking new people right now."},
    {"room_paused", "This room is paused for a moment."},
    {"room_closed", "This room is closed."},
    {"affirmation_required", "This room asks you to confirm that it is for you."},
    {"rate_limited", "That was a little fast. Please wait a moment."},
    {"slow_mode", "This room is in slow mode. Please wait a moment."},
    {"duplicate", "This message was already received."},
    {"muted", "You can read along; writing is paused for you for a while."},
    {"removed", "You cannot come back to this room for a while."},
    {"forbidden", "This is not something you can do here."},
    {"service_degraded", "The service is busy right now. Please try again soon."},
    {"bad_staff_token", "The staff token is not valid."},
    {"bad_reason", "This reason is not on the list."},
    {"bad_duration", "This length of time is not allowed."},
    {"bad_control", "This room control is not known."},
    {"bad_member", "The member id is not valid."},
    {"bad_ref", "The report, request or conversation id is not valid."},
    {"staff_token_invalid",
     "Your staff sign-in has ended or is not valid; you are here as a participant."},
    {"no_supporter", "No supporter is here right now, so this is a time for reading."},
    {"banned", "You cannot take part for a while."},
    {"too_late", "This can no longer be undone."},
    {"no_such_member", "This person is not in the room any more."},
    {"no_such_message", "This message is no longer in the room's history."},
    {"no_such_report", "This report is no longer open."},
    {"no_such_ask", "This request is no longer waiting."},
    {"held", "Please wait a moment: a supporter will let you in shortly."},
    {"no_such_alert", "This alert has been answered or is no longer open."},
    {"too_many_rooms", "You are in as many rooms as one visit allows; leave one to join another."},
    {"wrong_room",
     "This meeting has two rooms and you are already in the other one; please stay there."},
    {"nickname_taken", "Someone in this room is using this nickname right now."},
    {"internal_error", "Something went wrong on our side."},
}};

static_assert(entries.back().name == "internal_error");

}  // namespace

std::string_view to_string(ErrorCode code) noexcept {
    const auto index = static_cast<std::size_t>(code);
    return index < entries.size() ? entries[index].name : std::string_view{"internal_error"};
}

std::string_view default_message(ErrorCode code) noexcept {
    const auto index = static_cast<std::size_t>(code);
    return index < entries.size() ? entries[index].message : entries.back().message;
}

std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept {
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].name == name) {
            return static_cast<ErrorCode>(i);
        }
    }
    return std::nullopt;
}

Error make_error(ErrorCode code, std::string ref) {
    return Error{code, std::string(default_message(code)), std::move(ref)};
}

}  // namespace ibasho::protocol

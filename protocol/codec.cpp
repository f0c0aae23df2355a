#include "protocol/codec.hpp"

#include <string>
#include <utility>

#include "protocol/frame_fields.hpp"
#include "protocol/limits.hpp"
#include "protocol/validate.hpp"

namespace ibasho::protocol {
namespace {

using detail::FieldKey;
using detail::FieldValue;
using detail::FrameFields;
using detail::ValueKind;

std::string quoted_name(FieldKey key) {
    return "Field \"" + std::string(detail::field_name(key)) + "\"";
}

// Carries the fields and the first error; each take_* returns false once an error is set so
// the per-type decoders read as a straight list of requirements.
class FieldReader {
  public:
    explicit FieldReader(FrameFields& fields) : fields_(fields) {
        const FieldValue& id = fields_[FieldKey::id];
        // Echo the id only when it is well formed: never reflect arbitrary bytes back.
        if (id.kind == ValueKind::string && is_message_id(id.string)) {
            ref_ = id.string;
        }
    }

    bool fail(ErrorCode code, std::string message) {
        error_ = Error{code, std::move(message), ref_};
        return false;
    }

    bool string(FieldKey key, std::string& out) {
        FieldValue& value = fields_[key];
        if (!present(value)) {
            return missing(key);
        }
        if (value.kind != ValueKind::string) {
            return fail(ErrorCode::wrong_type, quoted_name(key) + " must be a string.");
        }
        out = std::move(value.string);
        return true;
    }

    bool optional_string(FieldKey key, std::optional<std::string>& out) {
        if (!present(fields_[key])) {
            return true;
        }
        return string(key, out.emplace());
    }

    bool boolean(FieldKey key, bool& out, bool required) {
        const FieldValue& value = fields_[key];
        if (!present(value)) {
            return required ? missing(key) : true;
        }
        if (value.kind != ValueKind::boolean) {
            return fail(ErrorCode::wrong_type, quoted_name(key) + " must be true or false.");
        }
        out = value.boolean;
        return true;
    }

    // A room sequence number. Strings, booleans and containers are the wrong type; numbers
    // that are negative or not integers get `bad_value`, so a client can tell "I sent the
    // wrong kind of thing" from "I computed the wrong number".
    bool sequence(FieldKey key, std::optional<std::uint64_t>& out, ErrorCode bad_value) {
        const FieldValue& value = fields_[key];
        if (!present(value)) {
            return true;
        }
        switch (value.kind) {
            case ValueKind::unsigned_integer:
                out = value.unsigned_integer;
                return true;
            case ValueKind::negative_integer:
                // nlohmann reads "-0" as a signed zero; it is still zero.
                if (value.negative_integer == 0) {
                    out = 0;
                    return true;
                }
                return fail(bad_value, quoted_name(key) + " must be a non-negative integer.");
            case ValueKind::floating:
                return fail(bad_value, quoted_name(key) + " must be a non-negative integer.");
            default:
                return fail(ErrorCode::wrong_type,
                            quoted_name(key) + " must be a non-negative integer.");
        }
    }

    bool version(int& out) {
        const FieldValue& value = fields_[FieldKey::v];
        if (!present(value)) {
            return true;
        }
        switch (value.kind) {
            case ValueKind::unsigned_integer:
                if (value.unsigned_integer == static_cast<std::uint64_t>(protocol::version)) {
                    out = protocol::version;
                    return true;
                }
                [[fallthrough]];
            case ValueKind::negative_integer:
            case ValueKind::floating:
                return fail(ErrorCode::unsupported_version,
                            "Field \"v\" must be 1; this server speaks protocol version 1.");
            default:
                return fail(ErrorCode::wrong_type, "Field \"v\" must be an integer.");
        }
    }

    bool room(std::string& out) {
        if (!string(FieldKey::room, out)) {
            return false;
        }
        if (!is_room_id(out)) {
            return fail(ErrorCode::bad_room_id,
                        "Field \"room\" must be 1-48 characters of a-z, 0-9 and '-', starting "
                        "with a letter or digit.");
        }
        return true;
    }

    // A number that must be there: a seq or a length of time.
    bool unsigned_number(FieldKey key, std::uint64_t& out, ErrorCode bad_value) {
        std::optional<std::uint64_t> value;
        if (!sequence(key, value, bad_value)) {
            return false;
        }
        if (!value) {
            return missing(key);
        }
        out = *value;
        return true;
    }

    // A length of time in [low, high] units; `fallback` when absent (0 = required).
    bool duration(FieldKey key, std::uint32_t low, std::uint32_t high, std::uint32_t fallback,
                  std::uint32_t& out) {
        std::optional<std::uint64_t> value;
        if (!sequence(key, value, ErrorCode::bad_duration)) {
            return false;
        }
        if (!value) {
            if (fallback == 0) {
                return missing(key);
            }
            out = fallback;
            return true;
        }
        if (*value < low || *value > high) {
            return fail(ErrorCode::bad_duration, quoted_name(key) + " must be from " +
                                                     std::to_string(low) + " to " +
                                                     std::to_string(high) + ".");
        }
        out = static_cast<std::uint32_t>(*value);
        return true;
    }

    bool reason(std::string& out, bool required) {
        if (!present(fields_[FieldKey::reason]) && !required) {
            return true;
        }
        if (!string(FieldKey::reason, out)) {
            return false;
        }
        if (!is_reason_code(out)) {
            return fail(ErrorCode::bad_reason,
                        "Field \"reason\" must be 1-32 characters of a-z, 0-9 and '_'.");
        }
        return true;
    }

    bool member(std::string& out) {
        if (!string(FieldKey::member, out)) {
            return false;
        }
        if (!is_message_id(out)) {
            return fail(ErrorCode::bad_member,
                        "Field \"member\" must be a member id from the room.");
        }
        return true;
    }

    // The id of a report, a request for a word or a private conversation.
    bool reference(FieldKey key, std::string& out) {
        if (!string(key, out)) {
            return false;
        }
        if (!is_message_id(out)) {
            return fail(ErrorCode::bad_ref,
                        quoted_name(key) + " must be an id the server gave (A-Z, a-z, 0-9, _ -).");
        }
        return true;
    }

    // Free text with its own length limit; `allow_empty` for a note that may be cleared.
    bool text(FieldKey key, std::size_t max_chars, std::string& out, bool allow_empty = false) {
        if (!string(key, out)) {
            return false;
        }
        switch (check_text(out, max_chars)) {
            case TextProblem::none:
                return true;
            case TextProblem::bad_encoding:
                return fail(ErrorCode::bad_text_encoding,
                            quoted_name(key) + " contains control characters that cannot be sent.");
            case TextProblem::empty:
                return allow_empty ? true
                                   : fail(ErrorCode::empty_text,
                                          quoted_name(key) + " is empty or only whitespace.");
            case TextProblem::too_long:
                return fail(ErrorCode::text_too_long, quoted_name(key) + " is longer than " +
                                                          std::to_string(max_chars) +
                                                          " characters.");
        }
        return true;
    }

    bool optional_text(FieldKey key, std::size_t max_chars, std::optional<std::string>& out) {
        if (!present(fields_[key])) {
            return true;
        }
        return text(key, max_chars, out.emplace());
    }

    bool has(FieldKey key) const { return present(fields_[key]); }

    bool message_id(std::string& out) {
        if (!string(FieldKey::id, out)) {
            return false;
        }
        if (!is_message_id(out)) {
            return fail(ErrorCode::bad_id,
                        "Field \"id\" must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'.");
        }
        return true;
    }

    Error take_error() { return std::move(error_); }

  private:
    // An explicit null reads as "not given", which is what most JSON writers mean by it.
    static bool present(const FieldValue& value) noexcept {
        return value.kind != ValueKind::absent && value.kind != ValueKind::null;
    }

    bool missing(FieldKey key) {
        return fail(ErrorCode::missing_field, quoted_name(key) + " is missing.");
    }

    FrameFields& fields_;
    std::string ref_;
    Error error_{ErrorCode::internal_error, {}, {}};
};

bool read(FieldReader& in, Hello& out) {
    if (!in.version(out.v) || !in.optional_string(FieldKey::resume, out.resume)) {
        return false;
    }
    if (out.resume && !is_session_token(*out.resume)) {
        return in.fail(ErrorCode::bad_token,
                       "Field \"resume\" must be a 22-character base64url session token.");
    }
    if (!in.optional_string(FieldKey::staff, out.staff)) {
        return false;
    }
    if (out.staff && !is_staff_token(*out.staff)) {
        return in.fail(ErrorCode::bad_staff_token,
                       "Field \"staff\" must be a 43-character base64url staff token.");
    }
    return true;
}

bool read(FieldReader& in, ListRooms& out) {
    if (!in.optional_string(FieldKey::after, out.after)) {
        return false;
    }
    if (out.after && !is_room_id(*out.after)) {
        return in.fail(ErrorCode::bad_room_id,
                       "Field \"after\" must be a room id (the \"next\" of a room_list).");
    }
    return true;
}

bool read(FieldReader& in, Join& out) {
    if (!in.room(out.room) || !in.string(FieldKey::nick, out.nick)) {
        return false;
    }
    if (out.nick.empty() || out.nick.size() > max_nick_bytes) {
        return in.fail(ErrorCode::bad_nick,
                       "Field \"nick\" must be 1 to " + std::to_string(max_nick_bytes) + " bytes.");
    }
    return in.sequence(FieldKey::since, out.since, ErrorCode::bad_since) &&
           in.boolean(FieldKey::affirm, out.affirm, false) &&
           in.boolean(FieldKey::listening, out.listening, false);
}

bool read(FieldReader& in, Leave& out) {
    return in.room(out.room);
}

bool read(FieldReader& in, Say& out) {
    if (!in.room(out.room) || !in.message_id(out.id) || !in.string(FieldKey::text, out.text)) {
        return false;
    }
    switch (check_text(out.text)) {
        case TextProblem::none:
            break;
        case TextProblem::bad_encoding:
            return in.fail(ErrorCode::bad_text_encoding,
                           "Field \"text\" contains control characters that cannot be sent.");
        case TextProblem::empty:
            return in.fail(ErrorCode::empty_text, "Field \"text\" is empty or only whitespace.");
        case TextProblem::too_long:
            return in.fail(
                ErrorCode::text_too_long,
                "Field \"text\" is longer than " + std::to_string(max_text_chars) + " characters.");
    }
    // Issue 13: a quoted reply's target, after the frozen fields.
    return in.sequence(FieldKey::re, out.re, ErrorCode::wrong_type);
}

bool read(FieldReader& in, Stamp& out) {
    if (!in.room(out.room) || !in.message_id(out.id) || !in.string(FieldKey::stamp, out.stamp)) {
        return false;
    }
    if (!is_stamp(out.stamp)) {
        return in.fail(ErrorCode::bad_stamp,
                       "Field \"stamp\" must be one of: like, wakaru, thanks, hug.");
    }
    return in.sequence(FieldKey::on, out.on, ErrorCode::wrong_type);
}

bool read(FieldReader& in, SetStatus& out) {
    return in.room(out.room) && in.boolean(FieldKey::listening, out.listening, true);
}

bool read(FieldReader& in, Hide& out) {
    return in.room(out.room) && in.message_id(out.id) &&
           in.unsigned_number(FieldKey::seq, out.seq, ErrorCode::bad_since) &&
           in.reason(out.reason, true) &&
           in.optional_text(FieldKey::note, max_note_chars, out.note);
}

bool read(FieldReader& in, Unhide& out) {
    return in.room(out.room) && in.message_id(out.id) &&
           in.unsigned_number(FieldKey::seq, out.seq, ErrorCode::bad_since);
}

bool read(FieldReader& in, Remind& out) {
    if (!in.room(out.room) || !in.message_id(out.id) || !in.member(out.member) ||
        !in.optional_text(FieldKey::text, max_note_chars, out.text)) {
        return false;
    }
    if (!in.has(FieldKey::template_) && out.text) {
        return true;  // the supporter's own words
    }
    if (!in.string(FieldKey::template_, out.template_id)) {
        return false;
    }
    if (!is_reason_code(out.template_id)) {
        return in.fail(ErrorCode::bad_reason,
                       "Field \"template\" must be a reminder template id (a-z, 0-9, '_').");
    }
    return true;
}

bool read_sanction(FieldReader& in, Sanction& out) {
    if (!in.room(out.room) || !in.message_id(out.id) || !in.member(out.member) ||
        !in.reason(out.reason, true) ||
        !in.optional_text(FieldKey::note, max_note_chars, out.note)) {
        return false;
    }
    switch (out.kind) {
        case SanctionKind::mute:
            return in.duration(FieldKey::minutes, 1, max_sanction_minutes, 0, out.minutes);
        case SanctionKind::remove:
            return in.duration(FieldKey::minutes, 1, max_sanction_minutes, default_remove_minutes,
                               out.minutes);
        case SanctionKind::ban: {
            std::uint32_t hours = 0;
            if (!in.duration(FieldKey::hours, 1, max_ban_hours, 0, hours)) {
                return false;
            }
            out.minutes = hours * 60;
            return true;
        }
    }
    return true;
}

std::optional<RoomControlKind> room_control_from(std::string_view name) {
    for (int i = 0; i <= static_cast<int>(RoomControlKind::supporter_present_off); ++i) {
        if (to_string(static_cast<RoomControlKind>(i)) == name) {
            return static_cast<RoomControlKind>(i);
        }
    }
    return std::nullopt;
}

bool read(FieldReader& in, RoomControl& out) {
    std::string control;
    if (!in.room(out.room) || !in.message_id(out.id) || !in.string(FieldKey::control, control) ||
        !in.reason(out.reason, false)) {
        return false;
    }
    const auto kind = room_control_from(control);
    if (!kind) {
        return in.fail(ErrorCode::bad_control,
                       "Field \"control\" must be one of: slow_mode, lock, unlock, pause, "
                       "resume, close, open, pin, unpin, shield_on, shield_off, "
                       "supporter_present_on, supporter_present_off.");
    }
    out.control = *kind;
    if (out.control == RoomControlKind::slow_mode) {
        std::optional<std::uint64_t> seconds;
        if (!in.sequence(FieldKey::seconds, seconds, ErrorCode::bad_duration)) {
            return false;
        }
        if (!seconds) {
            return in.fail(ErrorCode::missing_field, "Field \"seconds\" is missing.");
        }
        if (*seconds > max_slow_mode_s) {
            return in.fail(ErrorCode::bad_duration, "Field \"seconds\" must be from 0 to " +
                                                        std::to_string(max_slow_mode_s) + ".");
        }
        out.seconds = static_cast<std::uint32_t>(*seconds);
    }
    if (out.control == RoomControlKind::pin) {
        return in.text(FieldKey::text, max_pin_chars, out.text.emplace());
    }
    return true;
}

bool read(FieldReader& in, Admit& out) {
    return in.room(out.room) && in.message_id(out.id) && in.member(out.member);
}

bool read(FieldReader& in, StandingQuery& out) {
    return in.room(out.room) && in.message_id(out.id) && in.member(out.member);
}

bool read(FieldReader& in, StandingNote& out) {
    return in.room(out.room) && in.message_id(out.id) && in.member(out.member) &&
           in.text(FieldKey::text, max_note_chars, out.text, true);
}

bool read(FieldReader& in, Report& out) {
    std::string reason;
    if (!in.room(out.room) || !in.message_id(out.id) ||
        !in.unsigned_number(FieldKey::seq, out.seq, ErrorCode::bad_since) ||
        !in.string(FieldKey::reason, reason) ||
        !in.optional_text(FieldKey::note, max_note_chars, out.note)) {
        return false;
    }
    for (int i = 0; i <= static_cast<int>(ReportReason::other); ++i) {
        if (to_string(static_cast<ReportReason>(i)) == reason) {
            out.reason = static_cast<ReportReason>(i);
            return true;
        }
    }
    return in.fail(ErrorCode::bad_reason,
                   "Field \"reason\" must be one of: hurtful, spam, contact, worried, operator, "
                   "other.");
}

bool read(FieldReader& in, ResolveReport& out) {
    std::string outcome;
    if (!in.reference(FieldKey::report, out.report) || !in.message_id(out.id) ||
        !in.string(FieldKey::outcome, outcome) || !in.reason(out.reason, false)) {
        return false;
    }
    if (outcome != "resolved" && outcome != "dismissed") {
        return in.fail(ErrorCode::wrong_type,
                       "Field \"outcome\" must be \"resolved\" or \"dismissed\".");
    }
    out.dismissed = outcome == "dismissed";
    return true;
}

bool read(FieldReader& in, Ask& out) {
    return in.room(out.room) && in.message_id(out.id);
}

bool read(FieldReader& in, AcceptAsk& out) {
    return in.reference(FieldKey::ask, out.ask) && in.message_id(out.id);
}

bool read(FieldReader& in, PrivateSay& out) {
    return in.reference(FieldKey::thread, out.thread) && in.message_id(out.id) &&
           in.text(FieldKey::text, max_text_chars, out.text);
}

bool read(FieldReader& in, PrivateEnd& out) {
    return in.reference(FieldKey::thread, out.thread) && in.message_id(out.id);
}

bool read(FieldReader& in, AckAlert& out) {
    return in.reference(FieldKey::alert, out.alert) && in.message_id(out.id);
}

bool read(FieldReader& in, ReachOut& out) {
    return in.reference(FieldKey::alert, out.alert) && in.message_id(out.id);
}

bool read(FieldReader& in, End& out) {
    return in.message_id(out.id);
}

bool read(FieldReader& in, Earlier& out) {
    // `before` 0 would ask for nothing; a plain wrong_type says so like any other bad seq.
    if (!in.room(out.room) || !in.message_id(out.id) ||
        !in.unsigned_number(FieldKey::before, out.before, ErrorCode::wrong_type)) {
        return false;
    }
    if (out.before == 0) {
        return in.fail(ErrorCode::wrong_type,
                       "Field \"before\" must be a seq of 1 or more (the oldest one you hold).");
    }
    return true;
}

bool read(FieldReader& in, Peek& out) {
    return in.room(out.room) && in.message_id(out.id);
}

template <typename T>
DecodeResult decode_as(FieldReader& in) {
    T message;
    if (!read(in, message)) {
        return DecodeResult{std::nullopt, in.take_error()};
    }
    return DecodeResult{ClientMessage{std::move(message)}, Error{}};
}

DecodeResult decode_sanction(SanctionKind kind, FieldReader& in) {
    Sanction message;
    message.kind = kind;
    if (!read_sanction(in, message)) {
        return DecodeResult{std::nullopt, in.take_error()};
    }
    return DecodeResult{ClientMessage{std::move(message)}, Error{}};
}

// The staff, report and private-word messages: looked up after the core ones, so the chat's
// hot path compares no more names than before.
DecodeResult decode_beyond_core(std::string_view type, FieldReader& in) {
    if (type == "report")
        return decode_as<Report>(in);
    if (type == "hide")
        return decode_as<Hide>(in);
    if (type == "unhide")
        return decode_as<Unhide>(in);
    if (type == "remind")
        return decode_as<Remind>(in);
    if (type == "mute")
        return decode_sanction(SanctionKind::mute, in);
    if (type == "remove")
        return decode_sanction(SanctionKind::remove, in);
    if (type == "ban")
        return decode_sanction(SanctionKind::ban, in);
    if (type == "room_control")
        return decode_as<RoomControl>(in);
    if (type == "admit")
        return decode_as<Admit>(in);
    if (type == "standing")
        return decode_as<StandingQuery>(in);
    if (type == "standing_note")
        return decode_as<StandingNote>(in);
    if (type == "resolve_report")
        return decode_as<ResolveReport>(in);
    if (type == "ask")
        return decode_as<Ask>(in);
    if (type == "accept_ask")
        return decode_as<AcceptAsk>(in);
    if (type == "private_say")
        return decode_as<PrivateSay>(in);
    if (type == "private_end")
        return decode_as<PrivateEnd>(in);
    if (type == "ack_alert")
        return decode_as<AckAlert>(in);
    if (type == "reach_out")
        return decode_as<ReachOut>(in);
    if (type == "end")
        return decode_as<End>(in);
    if (type == "earlier")
        return decode_as<Earlier>(in);
    if (type == "peek")
        return decode_as<Peek>(in);
    in.fail(ErrorCode::unknown_type,
            "Field \"type\" must be one of: hello, rooms, join, leave, say, stamp, status, "
            "report, ask, private_say, private_end, end, earlier, peek, or a staff message "
            "(docs/protocol.md).");
    return DecodeResult{std::nullopt, in.take_error()};
}

DecodeResult decode_fields(FrameFields& fields) {
    FieldReader in(fields);
    std::string type;
    if (!in.string(FieldKey::type, type)) {
        return DecodeResult{std::nullopt, in.take_error()};
    }
    if (type == "say") {
        return decode_as<Say>(in);
    }
    if (type == "stamp") {
        return decode_as<Stamp>(in);
    }
    if (type == "status") {
        return decode_as<SetStatus>(in);
    }
    if (type == "join") {
        return decode_as<Join>(in);
    }
    if (type == "leave") {
        return decode_as<Leave>(in);
    }
    if (type == "hello") {
        return decode_as<Hello>(in);
    }
    if (type == "rooms") {
        return decode_as<ListRooms>(in);
    }
    return decode_beyond_core(type, in);
}

}  // namespace

DecodeResult decode(std::string_view frame) noexcept {
    try {
        FrameFields fields;
        if (std::optional<Error> error = detail::read_frame_fields(frame, fields)) {
            return DecodeResult{std::nullopt, std::move(*error)};
        }
        return decode_fields(fields);
    } catch (...) {
        // Only allocation can fail here. Answer with no allocation at all and let the caller
        // send the default sentence for the code.
        return DecodeResult{std::nullopt, Error{ErrorCode::internal_error, {}, {}}};
    }
}

}  // namespace ibasho::protocol

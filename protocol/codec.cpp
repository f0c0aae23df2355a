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
    return true;
}

bool read(FieldReader&, ListRooms&) {
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
            return true;
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
    return true;
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

template <typename T>
DecodeResult decode_as(FieldReader& in) {
    T message;
    if (!read(in, message)) {
        return DecodeResult{std::nullopt, in.take_error()};
    }
    return DecodeResult{ClientMessage{std::move(message)}, Error{}};
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
    in.fail(ErrorCode::unknown_type,
            "Field \"type\" must be one of: hello, rooms, join, leave, say, stamp, status.");
    return DecodeResult{std::nullopt, in.take_error()};
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

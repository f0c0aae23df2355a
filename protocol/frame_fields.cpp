#include "protocol/frame_fields.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "protocol/limits.hpp"

namespace ibasho::protocol::detail {
namespace {

constexpr std::array<std::string_view, field_key_count> names{
    "type",   "v",        "resume",  "room",  "nick",    "since",   "affirm",  "listening",
    "text",   "id",       "stamp",   "on",    "staff",   "seq",     "reason",  "note",
    "member", "template", "minutes", "hours", "control", "seconds", "outcome", "report",
    "ask",    "thread",   "alert",   "after", "re",      "before",
};

std::optional<FieldKey> find_key(std::string_view name) noexcept {
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) {
            return static_cast<FieldKey>(i);
        }
    }
    return std::nullopt;
}

// nlohmann's SAX interface lets us stop at the first bracket past the depth cap, so a frame of
// 16 KiB of '[' is refused after reading five bytes, and nothing deep is ever built.
class FieldCollector {
  public:
    using json = nlohmann::json;

    explicit FieldCollector(FrameFields& fields) : fields_(fields) {}

    bool null() {
        scalar().kind = ValueKind::null;
        return true;
    }

    bool boolean(bool value) {
        FieldValue& slot = scalar();
        slot.kind = ValueKind::boolean;
        slot.boolean = value;
        return true;
    }

    bool number_integer(json::number_integer_t value) {
        FieldValue& slot = scalar();
        slot.kind = ValueKind::negative_integer;
        slot.negative_integer = value;
        return true;
    }

    bool number_unsigned(json::number_unsigned_t value) {
        FieldValue& slot = scalar();
        slot.kind = ValueKind::unsigned_integer;
        slot.unsigned_integer = value;
        return true;
    }

    bool number_float(json::number_float_t, const json::string_t&) {
        scalar().kind = ValueKind::floating;
        return true;
    }

    bool string(json::string_t& value) {
        FieldValue& slot = scalar();
        slot.kind = ValueKind::string;
        if (&slot != &discard_) {
            slot.string = std::move(value);
        }
        return true;
    }

    bool binary(json::binary_t&) {
        // Only binary formats (CBOR, ...) produce this; plain JSON never does.
        return fail(ErrorCode::bad_json, "The message could not be read as JSON.");
    }

    bool start_object(std::size_t) { return open(ValueKind::object); }

    bool start_array(std::size_t) { return open(ValueKind::array); }

    bool end_object() { return close(); }

    bool end_array() { return close(); }

    bool key(json::string_t& name) {
        if (depth_ != 1) {
            return true;
        }
        current_ = find_key(name);
        if (current_ && fields_[*current_].kind != ValueKind::absent) {
            return fail(ErrorCode::bad_json,
                        "Field \"" + std::string(field_name(*current_)) +
                            "\" appears more than once; send each field once.");
        }
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const json::exception& ex) {
        const std::string_view what = ex.what();
        std::string message;
        if (what.find("UTF-8") != std::string_view::npos) {
            message = "The message is not valid UTF-8";
        } else if (what.find("control character") != std::string_view::npos) {
            message = "The message has a raw control character inside a string; escape it";
        } else {
            message = "The message is not valid JSON";
        }
        message += " (near byte " + std::to_string(position) + ").";
        return fail(ErrorCode::bad_json, std::move(message));
    }

    std::optional<Error> finish() {
        if (error_) {
            return std::move(error_);
        }
        if (!top_is_object_) {
            return Error{ErrorCode::not_object,
                         "The message must be a JSON object, such as {\"type\":\"hello\"}.",
                         {}};
        }
        return std::nullopt;
    }

  private:
    // The slot a value at the current position belongs to; values we do not keep land in a
    // scratch slot so the callbacks stay branch-light.
    FieldValue& scalar() noexcept {
        if (depth_ == 1 && current_) {
            return fields_[*current_];
        }
        discard_.kind = ValueKind::absent;
        return discard_;
    }

    bool open(ValueKind kind) {
        if (depth_ == 0) {
            top_is_object_ = kind == ValueKind::object;
        } else {
            scalar().kind = kind;
        }
        if (++depth_ > max_json_depth) {
            return fail(ErrorCode::too_deep, "The message is nested deeper than " +
                                                 std::to_string(max_json_depth) + " levels.");
        }
        return true;
    }

    bool close() noexcept {
        --depth_;
        return true;
    }

    bool fail(ErrorCode code, std::string message) {
        error_ = Error{code, std::move(message), {}};
        return false;
    }

    FrameFields& fields_;
    FieldValue discard_;
    std::optional<FieldKey> current_;
    std::optional<Error> error_;
    int depth_ = 0;
    bool top_is_object_ = false;
};

}  // namespace

std::string_view field_name(FieldKey key) noexcept {
    return names[static_cast<std::size_t>(key)];
}

std::optional<Error> read_frame_fields(std::string_view frame, FrameFields& fields) {
    // nlohmann's lexer takes a NUL byte for the end of input, which would let bytes after it
    // through unread. A raw NUL is never valid JSON (inside strings it must be escaped).
    if (const auto nul = frame.find('\0'); nul != std::string_view::npos) {
        return Error{ErrorCode::bad_json,
                     "The message has a NUL byte (near byte " + std::to_string(nul + 1) + ").",
                     {}};
    }
    FieldCollector collector(fields);
    const bool parsed = nlohmann::json::sax_parse(frame.begin(), frame.end(), &collector,
                                                  nlohmann::json::input_format_t::json, true);
    std::optional<Error> error = collector.finish();
    if (!parsed && !error) {
        // The parser only stops early through one of our callbacks, which always record why.
        error = Error{ErrorCode::bad_json, "The message could not be read as JSON.", {}};
    }
    return error;
}

}  // namespace ibasho::protocol::detail

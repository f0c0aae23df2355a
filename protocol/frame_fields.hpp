// Streaming read of a frame's top-level fields: a depth cap, no DOM, one slot per known key.
// Internal to the decoder (namespace detail); codec.cpp turns the slots into messages.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/error_codes.hpp"

namespace ibasho::protocol::detail {

// Every field name any client message uses. Other keys are skipped without being stored,
// which keeps memory bounded and lets newer clients add fields older servers ignore.
enum class FieldKey : std::uint8_t {
    type,
    v,
    resume,
    room,
    nick,
    since,
    affirm,
    listening,
    text,
    id,
    stamp,
    on,
    // Staff, moderation, reports and the private word. Appended after the core keys so the
    // lookup of a `say` frame's keys (type, room, text, id) costs what it did.
    staff,
    seq,
    reason,
    note,
    member,
    template_,  // wire name "template"
    minutes,
    hours,
    control,
    seconds,
    outcome,
    report,
    ask,
    thread,
    alert,
    after,
    // Issue 13: a quoted reply's target (`say`) and the end of an `earlier` read.
    re,
    before,
};
inline constexpr std::size_t field_key_count = static_cast<std::size_t>(FieldKey::before) + 1;

std::string_view field_name(FieldKey key) noexcept;

enum class ValueKind : std::uint8_t {
    absent,
    null,
    boolean,
    negative_integer,
    unsigned_integer,
    floating,
    string,
    object,
    array,
};

struct FieldValue {
    ValueKind kind = ValueKind::absent;
    bool boolean = false;
    std::int64_t negative_integer = 0;
    std::uint64_t unsigned_integer = 0;
    std::string string;  // only for ValueKind::string; nested values are never kept
};

struct FrameFields {
    std::array<FieldValue, field_key_count> values;

    FieldValue& operator[](FieldKey key) noexcept { return values[static_cast<std::size_t>(key)]; }
};

// Parses `frame` as strict JSON (RFC 8259, UTF-8) and fills `fields` with the top-level
// members whose names are FieldKeys. Returns bad_json (syntax, UTF-8, or a known key given
// twice), too_deep (as soon as nesting passes max_json_depth) or not_object. May throw only
// std::bad_alloc.
std::optional<Error> read_frame_fields(std::string_view frame, FrameFields& fields);

}  // namespace ibasho::protocol::detail
